"""``min`` / ``max`` of an indicator: a count below 0, a rate above 100."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from validators.cells import Cells
from validators.checks import Check, violation
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if ind.min is None and ind.max is None:
            continue
        for column in form.columns_of(ind):
            if not program.numeric(ind, column):
                continue
            reads = program.expand([(ind.id, column)])
            yield Check(f"bounds:{ind.id}@{column}", reads, _run(ind.id, column, ind.min, ind.max))


def _run(indicator: str, column: str, low: Decimal | None, high: Decimal | None):
    key = (indicator, column)

    def run(cells: Cells) -> list[Violation]:
        value = cells.value_at(key)
        if not isinstance(value, Decimal):
            return []
        if low is not None and value < low:
            return [violation(cells, f"min:{indicator}", "min", "error", column, [(indicator, column)],
                              value, low)]
        if high is not None and value > high:
            return [violation(cells, f"max:{indicator}", "max", "error", column, [(indicator, column)],
                              value, high)]
        return []
    return run
