"""Typed text that cannot be read as its cell's type ("ba nghìn" in a count): a parse problem."""

from __future__ import annotations

from collections.abc import Iterator

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
        if cells.value_at(key) is not UNREADABLE:  # the reading of an unparsable typed text
            return []
        parsed = cells.parsed_at(key)
        return [violation(cells, f"type:{indicator}", "type", "error", column, [key],
                          params=(("value", parsed.raw), ("problem", parsed.problem or "")))]
    return run
