"""A stated share must match its own numerator / denominator at the precision it was written with:
"83 %" for 312.000 / 411.230 is really 76 %; "32,17 %" for 1.109 / 3.453 is really 32,12 %."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from validators.cells import Cells, NotEvaluable
from validators.checks import Check, texts_in, unchecked, violation
from validators.evaluation import quantize
from validators.program import Program
from validators.violations import Violation

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if ind.aggregate != "ratio" or not ind.numerator or not ind.denominator or ind.computed:
            continue
        for column in form.columns_of(ind):
            if not (form.uses_cell(ind.numerator, column) and form.uses_cell(ind.denominator, column)):
                continue
            reads = program.expand([(ind.id, column), (ind.numerator, column), (ind.denominator, column)])
            scale = HUNDRED if ind.type == "percent" else Decimal(1)
            yield Check(f"ratio:{ind.id}@{column}", reads,
                        _run(ind.id, ind.numerator, ind.denominator, column, scale))


def _run(share: str, numerator: str, denominator: str, column: str, scale: Decimal):
    share_key, top_key, bottom_key = (share, column), (numerator, column), (denominator, column)

    def run(cells: Cells) -> list[Violation]:
        stated = cells.value_at(share_key)
        top = cells.value_at(top_key)
        bottom = cells.value_at(bottom_key)
        if not (isinstance(stated, Decimal) and isinstance(top, Decimal) and isinstance(bottom, Decimal)):
            return unchecked(cells, f"ratio:{share}", column, texts_in(cells, (share_key, top_key, bottom_key)))
        keys = [share_key, top_key, bottom_key]
        params = (("numerator", top), ("denominator", bottom), ("percent", scale == HUNDRED))
        if bottom == ZERO:
            return [violation(cells, f"ratio:{share}", "not_evaluable", "warning", column, keys,
                              params=(*params, ("reason", "chia cho 0")))]
        places = cells.reading_at(share_key)[1]
        try:
            actual = quantize(top / bottom * scale, places)  # type: ignore[operator]
            if quantize(stated, places) == actual:  # type: ignore[arg-type]
                return []
        except NotEvaluable as exc:
            return [violation(cells, f"ratio:{share}", "not_evaluable", "warning", column, keys,
                              params=(*params, ("reason", exc.reason)))]
        return [violation(cells, f"ratio:{share}", "ratio", "error", column, keys, stated, actual, params)]  # type: ignore[arg-type]
    return run
