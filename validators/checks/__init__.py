"""The generated checks and the form's own rules, one module per kind, walked from ``REGISTRY``.

Each module has ``checks(program) -> Iterable[Check]``: a ``Check`` is one unit of work (one check on
one column) with the cells it reads, so an edit re-runs only the checks that read the edited cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from validators.cells import Cells
from validators.program import Program
from validators.violations import CellKey, Violation


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


def _registry() -> tuple[Callable[[Program], Iterable[Check]], ...]:
    from validators.checks import (
        bounds,
        computed,
        cumulative,
        magnitude,
        parts,
        plausibility,
        rates,
        ratios,
        required,
        rules,
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
