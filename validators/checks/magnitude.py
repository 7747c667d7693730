"""Magnitude swings: a figure more than 10× or less than 1/10 of the same unit's previous period is a
warning; from 500× on it is a unit or digit-group slip, which ``plausibility`` reports and names."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from validators.cells import Cells
from validators.checks import Check, violation
from validators.checks.plausibility import BAND
from validators.evaluation import summed
from validators.program import Program
from validators.violations import Violation

ZERO, ONE = Decimal(0), Decimal(1)  # Decimal against Decimal compares faster than against int
FACTOR = Decimal(10)
# Below this both ways, a 10× swing is ordinary (1 incident last quarter, 12 this one).
SMALL = Decimal(10)


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if ind.type not in ("integer", "decimal") or ind.computed:
            continue
        for column in form.columns_of(ind):
            if program.numeric(ind, column):
                yield Check(f"magnitude:{ind.id}@{column}", frozenset({(ind.id, column)}),
                            _run(ind.id, column, ind.cumulative))


def _run(indicator: str, column: str, cumulative: bool):
    key = (indicator, column)

    def run(cells: Cells) -> list[Violation]:
        now = cells.value_at(key)
        if not isinstance(now, Decimal) or now == ZERO or cells.world is None:
            return []
        # year-to-date figures restart each year: compare with the same period a year earlier
        sheets = cells.year_before if cumulative else cells.previous
        before = sheets[0].value_at(key) if len(sheets) == 1 else summed([s.value_at(key) for s in sheets])
        if not isinstance(before, Decimal) or before == ZERO:
            return []
        if abs(now) < SMALL and abs(before) < SMALL:
            return []
        ratio = abs(now / before)
        if ratio <= FACTOR and ratio * FACTOR >= ONE:
            return []
        if ratio >= BAND or ratio * BAND <= ONE:
            return []  # a slip of a unit or digit group: the plausibility check names it
        period = cells.period.prev_year() if cumulative else cells.period.prev()
        return [violation(cells, f"magnitude:{indicator}", "magnitude", "warning", column,
                          [key], now, before, (("period", period.code),))]
    return run
