"""Year-to-date (``cumulative``) figures never decrease within a year; a new year starts again from 0."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from validators.cells import Cells
from validators.checks import Check, violation
from validators.evaluation import summed
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if not ind.cumulative:
            continue
        for column in form.columns_of(ind):
            if program.numeric(ind, column):
                yield Check(f"cumulative:{ind.id}@{column}", program.expand([(ind.id, column)]),
                            _run(ind.id, column))


def _run(indicator: str, column: str):
    key = (indicator, column)

    def run(cells: Cells) -> list[Violation]:
        now = cells.value_at(key)
        if not isinstance(now, Decimal) or cells.world is None:
            return []
        for period, sheets in cells.earlier_in_year:
            before = sheets[0].value_at(key) if len(sheets) == 1 else summed([s.value_at(key) for s in sheets])
            if not isinstance(before, Decimal):
                continue  # the latest earlier period that has a figure is the one to compare with
            if now < before:
                return [violation(cells, f"cumulative:{indicator}", "cumulative", "error", column,
                                  [(indicator, column)], now, before, (("period", period.code),))]
            return []
        return []
    return run
