"""Computed cells are derived, never typed: ``computed_value`` derives one; typing into one is flagged."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from validators.cells import Cells
from validators.checks import Check, violation
from validators.program import Program
from validators.violations import Violation


def computed_value(cells: Cells, indicator: str, column: str) -> Decimal | None:
    """The derived number of a computed cell, ``None`` when its inputs are blank or not numbers."""
    value = cells.value(indicator, column)
    return value if isinstance(value, Decimal) else None


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if not ind.computed:
            continue
        for column in form.columns_of(ind):
            yield Check(f"computed:{ind.id}@{column}", frozenset({(ind.id, column)}), _run(ind.id, column))


def _run(indicator: str, column: str):
    def run(cells: Cells) -> list[Violation]:
        typed = cells.raw.get((indicator, column), "")
        if not typed.strip():
            return []
        return [violation(cells, f"computed:{indicator}", "computed", "error", column,
                          [(indicator, column)], params=(("value", typed.strip()),))]
    return run
