"""Target achievement: Đạt / Không đạt / Chưa có số liệu from an indicator's target and its result,
and the summary a report states ("17/28 chỉ tiêu đạt"). A missed target is a warning to explain."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from forms.messages import say
from forms.model import Form, Indicator
from validators.cells import Cells
from validators.checks import Check, violation
from validators.program import Program
from validators.violations import Violation

MET, NOT_MET, NO_DATA = "Đạt", "Không đạt", "Chưa có số liệu"
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class TargetStatus:
    indicator: str
    column: str
    status: str  # MET | NOT_MET | NO_DATA
    result: Decimal | None


def result_column(form: Form, indicator: Indicator) -> str:
    """Targets are judged on the leftmost column the row uses: the result (Thực hiện / Kết quả)."""
    return form.columns_of(indicator)[0]


def result_of(cells: Cells, indicator: Indicator, column: str) -> Decimal | None:
    value = cells.value(indicator.id, column)
    assert indicator.target is not None
    if indicator.target.level:
        if isinstance(value, str):
            digits = _DIGITS.findall(value)  # "Bậc 2" → 2
            return Decimal(digits[0]) if digits else None
        return value if isinstance(value, Decimal) else None
    return value if isinstance(value, Decimal) else None


def status(cells: Cells, indicator: Indicator) -> TargetStatus:
    column = result_column(cells.form, indicator)
    result = result_of(cells, indicator, column)
    if result is None or indicator.target is None:
        return TargetStatus(indicator.id, column, NO_DATA, result)
    return TargetStatus(indicator.id, column, MET if indicator.target.met_by(result) else NOT_MET, result)


def statuses(cells: Cells) -> list[TargetStatus]:
    return [status(cells, ind) for ind in cells.form.indicators if ind.target is not None]


def summary(found: list[TargetStatus], lang: str = "vi") -> str:
    """"17/28 chỉ tiêu đạt" — counted over every indicator that has a target."""
    met = sum(1 for s in found if s.status == MET)
    return say("summary.targets_met", lang, met=met, total=len(found))


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for ind in form.indicators:
        if ind.target is None or not form.columns_of(ind):
            continue
        column = result_column(form, ind)
        yield Check(f"target:{ind.id}@{column}", program.expand([(ind.id, column)]), _run(ind))


def _run(indicator: Indicator):
    def run(cells: Cells) -> list[Violation]:
        found = status(cells, indicator)
        if found.status != NOT_MET:
            return []
        target = indicator.target
        assert target is not None
        return [violation(cells, f"target:{indicator.id}", "target", "warning", found.column,
                          [(indicator.id, found.column)], found.result, target.value,
                          (("operator", target.operator), ("target", target.label_vi),
                           ("level", target.level), ("shown", str(cells.value(indicator.id, found.column)))))]
    return run
