"""Rule engine speed: (a) one edit re-checked incrementally vs a full re-check of a 120 × 6 form;
(b) full validation of a synthetic province (220 communes × 10 forms) in check evaluations per second."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from typing import Any

from forms.definitions import build_form
from forms.model import Form
from forms.units import Unit, UnitTree
from forms.values import InMemoryValues
from validators.engine import Engine
from validators.expressions import syntax_problem

COLUMNS = ("th", "kh", "c3", "c4", "c5", "c6")


def synthetic_form(form_id: str, blocks: int, columns: tuple[str, ...]) -> Form:
    """``blocks`` groups of six rows: a total, three parts, a share of the first part, a cumulative figure."""
    indicators: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    for b in range(blocks):
        t = f"t{b}"
        indicators += [
            {"id": t, "title": f"Tổng {b}", "type": "integer", "min": 0, "complete": True},
            *({"id": f"{t}_p{k}", "title": f"Phần {b}.{k}", "type": "integer", "min": 0, "parent": t}
              for k in range(1, 4)),
            {"id": f"r{b}", "title": f"Tỷ lệ {b}", "type": "percent", "decimals": 2, "min": 0, "max": 100,
             "aggregate": "ratio", "numerator": f"{t}_p1", "denominator": t},
            {"id": f"m{b}", "title": f"Lũy kế {b}", "type": "decimal", "cumulative": True, "min": 0},
        ]
        rules += [
            {"id": f"p1_le_{b}", "expr": f"{t}_p1 <= {t}", "severity": "error"},
            {"id": f"tang_{b}", "expr": f"{t} >= prev({t}) - 100", "severity": "warning"},
        ]
    data = {"id": form_id, "version": 1, "title": f"Biểu {form_id}", "period": "quarter", "levels": ["xa"],
            "columns": [{"id": c, "title": c} for c in columns], "indicators": indicators, "rules": rules}
    return build_form(data, f"{form_id}.yaml", syntax_problem)


def fill(source: InMemoryValues, form: Form, unit: str, period: str, rng: random.Random) -> None:
    cells: dict[tuple[str, str], str] = {}
    for ind in form.indicators:
        if ind.parent or ind.aggregate == "ratio":
            continue
        for column in form.columns_of(ind):
            if ind.id.startswith("t"):
                parts = [rng.randint(0, 900) for _ in range(3)]
                total = sum(parts) + (1 if rng.random() < 0.02 else 0)  # a few wrong totals, as in life
                cells[(ind.id, column)] = f"{total:,}".replace(",", ".")
                for k, part in enumerate(parts, start=1):
                    cells[(f"{ind.id}_p{k}", column)] = f"{part:,}".replace(",", ".")
                share = f"{part_share(parts[0], total)}".replace(".", ",")
                cells[(f"r{ind.id[1:]}", column)] = share
            else:
                cells[(ind.id, column)] = f"{rng.randint(100, 5000)},{rng.randint(0, 9)}"
    source.update(form.id, unit, period, cells)


def part_share(part: int, total: int) -> str:
    return "0" if total == 0 else f"{part / total * 100:.2f}"


def _ms(seconds: float) -> float:
    return seconds * 1000


def incremental(edits: int = 400, fulls: int = 25) -> dict[str, float]:
    rng = random.Random(4)
    form = synthetic_form("BENCH-120", 20, COLUMNS)
    source = InMemoryValues()
    fill(source, form, "X1", "2024Q1", rng)
    fill(source, form, "X1", "2024Q2", rng)
    engine = Engine(form)
    session = engine.session("X1", "2024Q2", source)
    cells = [(i.id, c) for i in form.indicators for c in form.columns_of(i)]
    times = []
    for _ in range(edits):
        indicator, column = rng.choice(cells)
        raw = str(rng.randint(0, 3000))
        started = time.perf_counter()
        session.set_raw(indicator, column, raw)
        times.append(time.perf_counter() - started)
    full = []
    for _ in range(fulls):
        started = time.perf_counter()
        engine.validate("X1", "2024Q2", source)
        full.append(time.perf_counter() - started)
    q = statistics.quantiles(times, n=20)
    return {"cells": len(cells), "checks": engine.evaluations, "edit_p50": _ms(statistics.median(times)),
            "edit_p95": _ms(q[18]), "full_p50": _ms(statistics.median(full))}


def province(communes: int = 220, forms: int = 10) -> dict[str, float]:
    rng = random.Random(7)
    tree = UnitTree([Unit("T", "Tỉnh", "tinh"), *(Unit(f"X{i:03d}", f"Xã {i}", "xa", "T", date(2020, 1, 1))
                                                 for i in range(communes))])
    catalogue = [synthetic_form(f"F{k:02d}", 5 + k % 4, ("th", "kh")) for k in range(forms)]
    source = InMemoryValues()
    for form in catalogue:
        for unit in tree.children("T"):
            fill(source, form, unit.code, "2024Q1", rng)
            fill(source, form, unit.code, "2024Q2", rng)
    evaluations = violations = 0
    started = time.perf_counter()
    for form in catalogue:
        engine = Engine(form, tree)
        world = engine.world(source)
        for unit in tree.children("T"):
            report = engine.validate(unit.code, "2024Q2", source, world)
            evaluations += engine.evaluations
            violations += len(report.violations)
    elapsed = time.perf_counter() - started
    return {"sheets": communes * forms, "evaluations": evaluations, "violations": violations,
            "seconds": elapsed, "per_second": evaluations / elapsed}


def main() -> None:
    a = incremental()
    print(f"(a) biểu {a['cells']:.0f} ô, {a['checks']:.0f} phép kiểm tra")
    print(f"    {'':28}{'p50 ms':>10}{'p95 ms':>10}")
    print(f"    {'kiểm tra lại sau 1 lần sửa':28}{a['edit_p50']:>10.3f}{a['edit_p95']:>10.3f}")
    print(f"    {'kiểm tra lại toàn biểu':28}{a['full_p50']:>10.3f}")
    print(f"    tỷ lệ toàn biểu / một lần sửa (p50): {a['full_p50'] / a['edit_p50']:.0f}×")
    b = province()
    print(f"(b) tỉnh giả lập: {b['sheets']:.0f} bộ số liệu (220 xã × 10 biểu), {b['evaluations']:.0f} phép kiểm tra, "
          f"{b['violations']:.0f} vi phạm")
    print(f"    {b['seconds']:.2f} s — {b['per_second']:,.0f} phép kiểm tra/giây")


if __name__ == "__main__":
    main()
