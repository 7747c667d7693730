"""A stock (kind ``stock``: counted "as of" the period's end) never falls without a word: against the
latest earlier period of any type the form accepts that has a figure, a fall is a warning that asks
for a justification."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from forms.periods import Period, ending_earlier
from forms.values import CellKey
from validators.cells import Cells, Value
from validators.checks import Check, figure_now, texts_in, unchecked, violation
from validators.evaluation import summed
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if ind.kind != "stock" or ind.computed:
            continue
        for column in form.columns_of(ind):
            if program.numeric(ind, column):
                yield Check(f"stock:{ind.id}@{column}", frozenset({(ind.id, column)}),
                            _run(ind.id, column, form.period_kinds))


def figure_in(cells: Cells, period: Period, key: CellKey) -> tuple[Value, list[tuple[CellKey, str]]]:
    """The value of ``key`` standing for this unit in another ``period``, and the texts it holds."""
    assert cells.world is not None
    sheets = cells.world.earlier(cells.unit, period)
    texts = [t for s in sheets for t in texts_in(s, [key])]
    value = sheets[0].value_at(key) if len(sheets) == 1 else summed([s.value_at(key) for s in sheets])
    return value, texts


def _run(indicator: str, column: str, kinds: tuple[str, ...]):
    key = (indicator, column)
    rule = f"stock:{indicator}"

    def run(cells: Cells) -> list[Violation]:
        now = figure_now(cells, key, rule, column)
        if not isinstance(now, Decimal):
            return now
        for period in ending_earlier(cells.period, kinds, same_year=False):
            before, texts = figure_in(cells, period, key)
            if texts:
                return unchecked(cells, rule, column, texts, period.code)
            if not isinstance(before, Decimal):
                continue  # the latest earlier period with a figure is the one to compare with
            if now < before:
                return [violation(cells, rule, "stock", "warning", column, [key], now, before,
                                  (("period", period.code),))]
            return []
        return []
    return run
