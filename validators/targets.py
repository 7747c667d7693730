"""Judging results against a province's plan (``forms.plans``), without Qt and without a database.

``judge(target, value, previous)`` gives the status of one result: Đạt, Không đạt, Chưa có số liệu, or
Chưa kiểm tra được when the result is an interval ("trên 85 %") the target cuts through.
``judge_plan`` judges every sheet of a validation run against the plan rows of its unit and year and
reports misses and stated counts ("17/28 chỉ tiêu đạt") that disagree as violations whose rule ids start
with ``target``, apart from the arithmetic checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from forms.messages import say
from forms.model import Form, Indicator
from forms.notation import Figure, compare
from forms.periods import Period, parse_period
from forms.plans import Plan, PlanRow, PlanTarget, describe
from validators.cells import Cells, World
from validators.checks.targets import result_column
from validators.violations import Violation

MET, NOT_MET, NO_DATA, UNCERTAIN = "Đạt", "Không đạt", "Chưa có số liệu", "Chưa kiểm tra được"
STATUSES = (MET, NOT_MET, NO_DATA, UNCERTAIN)
# the KQCT summary rows: targets assigned and targets met (indicators.csv codes)
ASSIGNED_CODE, MET_CODE = "kqct.chi_tieu.giao", "kqct.chi_tieu.dat"

Result = Decimal | Figure | None


def result_value(value: object, level: bool = False) -> Result:
    """What a target is judged on: a number, an interval, or ``None`` (blank, unreadable, text).
    A level result ("Bậc 3") gives its number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | Figure):
        return value
    if level and isinstance(value, str):
        digits = "".join(c for c in value if c.isdigit())
        return Decimal(digits) if digits else None
    return None


def judge(target: PlanTarget, value: Result, previous: Result = None) -> str:
    """The status of ``value`` against ``target``; ``previous`` (last year's result) is read only by
    "giảm 10 %" / "tăng 10 %"."""
    if value is None:
        return NO_DATA
    if target.relative:
        if previous is None:
            return NO_DATA
        step = target.value / 100 if target.percent else None
        sign = -1 if target.operator == "reduce" else 1
        threshold = _shifted(previous, sign, step, target.value)
        holds = compare(value, "<=" if sign < 0 else ">=", threshold)
    elif target.operator == "rank":  # a place no worse than N: 10th of 63 is within "top 15"
        holds = compare(value, "<=", target.value)
    else:
        holds = compare(value, target.operator, target.value)
    if holds is None:
        return UNCERTAIN
    return MET if holds else NOT_MET


def _shifted(previous: Decimal | Figure, sign: int, share: Decimal | None, amount: Decimal) -> Decimal | Figure:
    def move(x: Decimal) -> Decimal:
        return x * (1 + sign * share) if share is not None else x + sign * amount

    if isinstance(previous, Decimal):
        return move(previous)
    lo = move(previous.lo) if previous.lo is not None else None
    hi = move(previous.hi) if previous.hi is not None else None
    return Figure(previous.text, "range", lo, hi, previous.lo_open, previous.hi_open)


@dataclass(frozen=True, slots=True)
class Judged:
    """One plan row judged on one sheet."""

    unit: str
    period: str
    indicator: str
    column: str
    target: PlanTarget
    result: Result
    previous: Result
    status: str
    shown: str  # the result as typed


def indicator_lookup(form: Form) -> dict[str, Indicator]:
    """Indicators by id and by code (a plan may name either)."""
    found: dict[str, Indicator] = {}
    for ind in form.indicators:
        found[ind.id] = ind
        code = getattr(ind, "code", None)
        if code:
            found[code] = ind
    return found


def _code(ind: Indicator) -> str:
    return getattr(ind, "code", None) or ind.id


def judge_sheet(cells: Cells, rows: Iterable[PlanRow]) -> list[Judged]:
    """The plan rows naming indicators of this form, judged on one unit's sheet."""
    lookup = indicator_lookup(cells.form)
    out: list[Judged] = []
    for row in rows:
        ind = lookup.get(row.indicator)
        if ind is None or not cells.form.columns_of(ind):
            continue
        column = result_column(cells.form, ind)
        key = (ind.id, column)
        value = result_value(cells.value_at(key), row.target.level)
        previous: Result = None
        if row.target.relative and cells.world is not None:
            before = cells.year_before
            if len(before) == 1:
                previous = result_value(before[0].value_at(key))
            else:
                numbers = [before_cells.value_at(key) for before_cells in before]
                if numbers and all(isinstance(n, Decimal) for n in numbers):
                    previous = sum(numbers, Decimal(0))  # type: ignore[arg-type]
        out.append(Judged(cells.unit, cells.period_code, ind.id, column, row.target, value, previous,
                          judge(row.target, value, previous), cells.raw.get(key, "")))
    return out


def summary(judged: Iterable[Judged], lang: str = "vi") -> str:
    """"17/28 chỉ tiêu đạt" over every judged plan row."""
    found = list(judged)
    met = sum(1 for j in found if j.status == MET)
    return say("summary.targets_met", lang, met=met, total=len(found))


def plan_violations(cells: Cells, plan: Plan) -> tuple[list[Judged], list[Violation]]:
    """Judge one sheet against ``plan``: misses and uncertain results as warnings (rule
    ``target:<indicator>``), a stated count that disagrees with the statuses as an error
    (rule ``target:summary``)."""
    rows = plan.for_unit(cells.unit, cells.period.year)
    judged = judge_sheet(cells, rows)
    found: list[Violation] = []
    for j in judged:
        if j.status not in (NOT_MET, UNCERTAIN):
            continue
        left = j.result if isinstance(j.result, Decimal) else None
        found.append(Violation(
            f"target:{j.indicator}", "plan_target", "warning", j.unit, j.period, j.column,
            ((j.indicator, j.column),), left, j.target.value,
            (("status", j.status), ("target", j.target.text), ("target_words", describe(j.target)),
             ("shown", j.shown), ("year", cells.period.year),
             ("previous", j.previous if isinstance(j.previous, Decimal) else None)),
        ))
    found.extend(_stated_counts(cells, rows, judged))
    return judged, found


def _stated_counts(cells: Cells, rows: list[PlanRow], judged: list[Judged]) -> list[Violation]:
    """The counts a report states against the ones judged: only when every plan row of the unit and
    year is on this form (a plan spread over several forms is counted where it is all visible)."""
    if not rows or len(judged) != len(rows):
        return []
    lookup = indicator_lookup(cells.form)
    met = sum(1 for j in judged if j.status == MET)
    open_ = sum(1 for j in judged if j.status in (NO_DATA, UNCERTAIN))
    out: list[Violation] = []
    for code, low, high in ((MET_CODE, met, met + open_), (ASSIGNED_CODE, len(rows), len(rows))):
        # by its code, or by an id spelling the code with "_" (ids cannot hold dots)
        ind = lookup.get(code) or lookup.get(code.replace(".", "_"))
        if ind is None or not cells.form.columns_of(ind):
            continue
        key = (ind.id, result_column(cells.form, ind))
        stated = cells.value_at(key)
        if isinstance(stated, Figure) and stated.of is not None and code == MET_CODE:
            # "17/28" states both counts at once; the whole must be the number of targets
            whole_ok = stated.of == len(rows)
            stated_met = stated.point
        else:
            whole_ok = True
            stated_met = stated if isinstance(stated, Decimal) else None
        if stated_met is None:
            continue
        if low <= stated_met <= high and whole_ok:
            continue
        out.append(Violation(
            "target:summary", "target_summary", "error", cells.unit, cells.period_code, key[1], (key,),
            stated_met, Decimal(met if code == MET_CODE else len(rows)),
            (("which", "met" if code == MET_CODE else "assigned"), ("judged", summary(judged)), ("met", met), ("judged_total", len(judged)),
             ("open", open_), ("shown", cells.raw.get(key, "")), ("total", len(rows))),
        ))
    return out


def judged_sheets(sheets: Iterable[tuple[str, str]]) -> list[tuple[str, Period]]:
    """The sheets a yearly plan is judged on: per unit and year, the year's own sheet, else the
    latest period of that year the values hold (Quý IV, 9 tháng …), in the order given."""
    periods = [(unit, parse_period(code)) for unit, code in sheets]
    best: dict[tuple[str, int], Period] = {}
    for unit, period in periods:
        if period.kind == "plan":
            continue
        key = (unit, period.year)
        held = best.get(key)
        if held is None or (held.kind != "year" and (period.kind == "year" or period.end > held.end or (
                period.end == held.end and period.start < held.start))):
            best[key] = period
    return [(unit, period) for unit, period in periods if best.get((unit, period.year)) == period]


def judge_run(form: Form, plan: Plan, world: World, sheets: Iterable[tuple[str, str]]
              ) -> tuple[list[Judged], list[Violation]]:
    """A validation run's sheets judged against the plan, each unit's year once (``judged_sheets``)."""
    all_judged: list[Judged] = []
    all_found: list[Violation] = []
    for unit, period in judged_sheets(sheets):
        judged, found = plan_violations(world.sheet(unit, period), plan)
        all_judged.extend(judged)
        all_found.extend(found)
    return all_judged, all_found
