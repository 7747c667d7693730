"""Typed text that cannot be read as its cell's type ("ba nghìn" in a count): a parse problem.

A qualified figure ("trên 85 %", "20–25 %", "42/209") states an interval, not one number: it is kept
with that interval for the rules and flagged as a warning that needs an explanation."""

from __future__ import annotations

from collections.abc import Iterator

from forms.notation import Figure
from validators.cells import UNREADABLE, Cells
from validators.checks import Check, violation
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if ind.computed:
            continue  # a typed value there is the ``computed`` check's business
        for column in form.columns_of(ind):
            yield Check(f"type:{ind.id}@{column}", frozenset({(ind.id, column)}), _run(ind.id, column))


def _run(indicator: str, column: str):
    key = (indicator, column)

    def run(cells: Cells) -> list[Violation]:
        value = cells.value_at(key)
        if type(value) is Figure and value.qualifier != "date":
            parsed = cells.parsed_at(key)
            return [violation(cells, f"qualified:{indicator}", "qualified", "warning", column, [key],
                              params=(("value", parsed.raw), ("problem", parsed.problem or "")))]
        if value is not UNREADABLE:  # the reading of an unparsable typed text
            return []
        parsed = cells.parsed_at(key)
        return [violation(cells, f"type:{indicator}", "type", "error", column, [key],
                          params=(("value", parsed.raw), ("problem", parsed.problem or "")))]
    return run
