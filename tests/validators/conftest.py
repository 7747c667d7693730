"""Builders for the rule engine tests: small YAML forms written to ``tmp_path`` and values in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from forms.definitions import load_form
from forms.model import Form
from forms.units import UnitTree
from forms.values import InMemoryValues
from validators.engine import Engine, Report
from validators.expressions import syntax_problem

COLUMNS = [{"id": "th", "title": "Thực hiện"}, {"id": "kh", "title": "Kế hoạch"}]


def form_data(indicators: Iterable[dict[str, Any]], rules: Iterable[dict[str, Any]] = (),
              columns: list[dict[str, Any]] | None = None, period: str = "quarter",
              form_id: str = "T-01", periods: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": form_id, "version": 1, "title": "Biểu kiểm tra", "levels": ["so", "xa"],
        "columns": columns or COLUMNS,
        "indicators": [{"title": i["id"], **i} for i in indicators],
    }
    if periods:
        data["periods"] = periods
    else:
        data["period"] = period
    rules = list(rules)
    if rules:
        data["rules"] = rules
    return data


@pytest.fixture
def make_form(tmp_path: Path) -> Callable[..., Form]:
    """Write a YAML form to tmp_path and load it the way the app does (with the real syntax checker)."""
    counter = [0]

    def make(indicators: Iterable[dict[str, Any]], rules: Iterable[dict[str, Any]] = (), **kw: Any) -> Form:
        counter[0] += 1
        path = tmp_path / f"form{counter[0]}.yaml"
        path.write_text(yaml.safe_dump(form_data(indicators, rules, **kw), allow_unicode=True), encoding="utf-8")
        return load_form(path, syntax_problem)

    return make


def values_of(form: Form, sheets: Mapping[tuple[str, str], Mapping[str | tuple[str, str], str]]) -> InMemoryValues:
    """``{(unit, period): {"bts": "3.775", ("bts", "kh"): "4.000"}}`` — a bare id means column ``th``."""
    source = InMemoryValues()
    for (unit, period), cells in sheets.items():
        for key, raw in cells.items():
            indicator, column = (key, "th") if isinstance(key, str) else key
            source.set(form.id, unit, period, indicator, column, raw)
    return source


def check(form: Form, cells: Mapping[str | tuple[str, str], str], period: str = "2024Q2",
          earlier: Mapping[str, Mapping[str | tuple[str, str], str]] | None = None,
          units: UnitTree | None = None, unit: str = "U1") -> Report:
    """Validate one sheet of ``unit``; ``earlier`` holds other periods of the same unit."""
    sheets = {(unit, period): cells}
    for code, other in (earlier or {}).items():
        sheets[(unit, code)] = other
    return Engine(form, units).validate(unit, period, values_of(form, sheets))


def rules_hit(report: Report) -> list[str]:
    return [v.rule for v in report.violations]
