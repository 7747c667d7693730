"""An overall rate lies between its components' rates: 97,45 % cannot come from 99,7 / 98,7 / 98,9 %."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from validators.cells import Cells
from validators.checks import Check, violation
from validators.program import Program
from validators.violations import Violation


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for parent in form.indicators:
        if parent.type != "percent":
            continue
        kids_all = [k for k in form.children_of.get(parent.id, ()) if k.type == "percent"]
        if len(kids_all) < 2:
            continue
        for column in form.columns_of(parent):
            kids = tuple(k.id for k in kids_all if form.uses_cell(k.id, column))
            if len(kids) < 2:
                continue
            reads = program.expand([(parent.id, column), *((k, column) for k in kids)])
            yield Check(f"range:{parent.id}@{column}", reads, _run(parent.id, kids, column))


def _run(parent: str, kids: tuple[str, ...], column: str):
    overall_key = (parent, column)
    keys = tuple((k, column) for k in kids)

    def run(cells: Cells) -> list[Violation]:
        overall = cells.value_at(overall_key)
        if not isinstance(overall, Decimal):
            return []
        rates = []
        for key in keys:
            value = cells.value_at(key)
            if not isinstance(value, Decimal):
                return []
            rates.append(value)
        low, high = min(rates), max(rates)
        if low <= overall <= high:
            return []
        return [violation(
            cells, f"range:{parent}", "range", "error", column, [(parent, column), *((k, column) for k in kids)],
            overall, low if overall < low else high,
            (("low", low), ("high", high), ("parts", tuple(zip(kids, rates)))),
        )]
    return run
