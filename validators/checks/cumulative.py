"""Year-to-date (``cumulative``) figures never decrease within a year, whatever the period types: the
latest earlier (or same-ending) period of any type the form accepts is the one compared; a new year
starts again from 0."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from forms.periods import ending_earlier
from validators.cells import Cells
from validators.checks import Check, figure_now, unchecked, violation
from validators.checks.stocks import figure_in
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
                            _run(ind.id, column, form.period_kinds))


def _run(indicator: str, column: str, kinds: tuple[str, ...]):
    key = (indicator, column)
    rule = f"cumulative:{indicator}"

    def run(cells: Cells) -> list[Violation]:
        now = figure_now(cells, key, rule, column)
        if not isinstance(now, Decimal):
            return now
        for period in ending_earlier(cells.period, kinds, same_year=True, same_end=True):
            before, texts = figure_in(cells, period, key)
            if texts:
                return unchecked(cells, rule, column, texts, period.code)
            if not isinstance(before, Decimal):
                continue  # the latest earlier period that has a figure is the one to compare with
            if now < before:
                return [violation(cells, f"cumulative:{indicator}", "cumulative", "error", column,
                                  [(indicator, column)], now, before, (("period", period.code),))]
            return []
        return []
    return run
