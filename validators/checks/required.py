"""Indicators marked ``required`` must not be left blank."""

from __future__ import annotations

from collections.abc import Iterator

from validators.cells import BLANK, Cells
from validators.checks import Check, violation
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if not ind.required or ind.computed:
            continue
        for column in form.columns_of(ind):
            yield Check(f"required:{ind.id}@{column}", frozenset({(ind.id, column)}), _run(ind.id, column))


def _run(indicator: str, column: str):
    key = (indicator, column)

    def run(cells: Cells) -> list[Violation]:
        if cells.value_at(key) is not BLANK:
            return []
        return [violation(cells, f"required:{indicator}", "required", "error", column, [(indicator, column)])]
    return run
