"""The generated checks and the form's own rules, one module per kind, walked from ``REGISTRY``.

Each module has ``checks(program) -> Iterable[Check]``: a ``Check`` is one unit of work (one check on
one column) with the cells it reads, so an edit re-runs only the checks that read the edited cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms.values import CellKey
from validators.cells import UNREADABLE, Cells
from validators.program import Program
from validators.violations import Violation

NUMERIC = ("integer", "decimal", "percent")


@dataclass(frozen=True, eq=False)
class Check:
    key: str  # unique within a form: "sum:bts@th"
    reads: frozenset[CellKey]
    run: Callable[[Cells], list[Violation]]


def violation(cells: Cells, rule: str, kind: str, severity: str, column: str | None,
              cell_keys: Iterable[CellKey], left: Decimal | None = None, right: Decimal | None = None,
              params: Iterable[tuple[str, Any]] = (), text: str = "") -> Violation:
    return Violation(rule, kind, severity, cells.unit, cells.period_code, column, tuple(cell_keys),
                     left, right, tuple(params), text)


def texts_in(cells: Cells, keys: Iterable[CellKey]) -> list[tuple[CellKey, str]]:
    """The cells among ``keys`` that hold text where a number is read ("đang thống kê"), as typed."""
    out: list[tuple[CellKey, str]] = []
    for key in keys:
        value = cells.value_at(key)
        if value is UNREADABLE or (type(value) is str and cells.form.cell_types.get(key, ("",))[0] in NUMERIC):
            out.append((key, cells.raw.get(key, "") if value is UNREADABLE else str(value)))
    return out


def unchecked(cells: Cells, rule: str, column: str | None, texts: list[tuple[CellKey, str]],
              period: str | None = None) -> list[Violation]:
    """A check whose inputs hold text is not passed silently: it is reported as "chưa kiểm tra
    được" with the texts that stopped it. Blank inputs stay skipped (``missing: skip``)."""
    if not texts:
        return []
    keys = tuple(dict.fromkeys(k for k, _ in texts))
    return [Violation(rule, "not_checked", "info", cells.unit, cells.period_code, column, keys, None, None,
                      (("texts", tuple((k[0], t) for k, t in texts)), ("period", period)), "")]


def figure_now(cells: Cells, key: CellKey, rule: str, column: str) -> Decimal | list[Violation]:
    """This sheet's figure of ``key`` for a check across periods, or what the check reports instead:
    nothing without other periods to compare with, «chưa kiểm tra được» when the cell holds text."""
    if cells.world is None:
        return []
    now = cells.value_at(key)
    if not isinstance(now, Decimal):
        return unchecked(cells, rule, column, texts_in(cells, [key]))
    return now


def _registry() -> tuple[Callable[[Program], Iterable[Check]], ...]:
    from validators.checks import (
        bounds,
        computed,
        cumulative,
        flows,
        magnitude,
        parts,
        plausibility,
        rates,
        ratios,
        required,
        rules,
        stocks,
        targets,
        types,
    )

    # order = order of the report: the cell's own problems first, then relations, then the form's rules
    return (
        types.checks,
        required.checks,
        bounds.checks,
        computed.checks,
        parts.checks,
        rates.checks,
        ratios.checks,
        cumulative.checks,
        flows.checks,
        stocks.checks,
        magnitude.checks,
        plausibility.checks,
        targets.checks,
        rules.checks,
    )


def all_checks(program: Program) -> list[Check]:
    out: list[Check] = []
    for make in _registry():
        out.extend(make(program))
    return out
