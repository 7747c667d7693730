"""Flows (counts and amounts within the period, summed upward, not year-to-date) add up over time: a
quarter never exceeds its half, nor a half its year. Checked on the longer period against every
period of a type the form accepts that lies inside it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from forms.model import Form, Indicator
from forms.periods import periods_within
from validators.cells import Cells
from validators.checks import Check, figure_now, unchecked, violation
from validators.checks.stocks import figure_in
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    if len(form.period_kinds) < 2:
        return
    for ind in form.indicators:
        if not ind.is_flow or ind.computed or _part_of_stock(form, ind):
            continue
        for column in form.columns_of(ind):
            if program.numeric(ind, column):
                yield Check(f"within:{ind.id}@{column}", frozenset({(ind.id, column)}),
                            _run(ind.id, column, form.period_kinds))


def _part_of_stock(form: Form, ind: Indicator) -> bool:
    """A part of a stock is counted as of the period's end too ("Trạm 2G" of the BTS total), whatever
    kind the inventory gives it: it does not add up over time."""
    parent = ind.parent
    while parent and parent in form.indicator_map:
        if form.indicator_map[parent].kind == "stock":
            return True
        parent = form.indicator_map[parent].parent
    return False


def _run(indicator: str, column: str, kinds: tuple[str, ...]):
    key = (indicator, column)
    rule = f"within:{indicator}"

    def run(cells: Cells) -> list[Violation]:
        now = figure_now(cells, key, rule, column)
        if not isinstance(now, Decimal):
            return now
        worst: tuple[Decimal, str] | None = None
        for period in periods_within(cells.period, kinds):
            part, texts = figure_in(cells, period, key)
            if texts:
                return unchecked(cells, rule, column, texts, period.code)
            if isinstance(part, Decimal) and part > now and (worst is None or part > worst[0]):
                worst = (part, period.code)
        if worst is None:
            return []
        return [violation(cells, rule, "within", "error", column, [key], now, worst[0], (("period", worst[1]),))]
    return run
