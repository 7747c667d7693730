"""The figures a narrative report states, read from the database through storage's public functions:
per form and indicator the current value, the previous period, the same period last year, the growth,
the target and its status, and the consolidation's breakdown by district."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from forms.model import Form, Indicator, Target
from forms.numbers import parse_value
from forms.periods import Period, parse_period
from storage.database import Database

MISSING = "[chưa có số liệu]"


@dataclass(slots=True)
class IndicatorFigures:
    form_id: str
    indicator: Indicator
    current: Decimal | None
    previous: Decimal | None
    last_year: Decimal | None
    decimals: int
    raw: str = ""
    target: Target | None = None
    met: bool | None = None
    by_district: list[tuple[str, Decimal | None]] = field(default_factory=list)

    @property
    def growth(self) -> Decimal | None:
        """Percent change against the same period last year, at one decimal."""
        if self.current is None or self.last_year in (None, 0):
            return None
        return ((self.current - self.last_year) / self.last_year * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(slots=True)
class FormFigures:
    form: Form
    period: Period
    rows: list[IndicatorFigures]


@dataclass(slots=True)
class ReportFigures:
    unit_code: str
    unit_name: str
    province_name: str
    period: Period
    forms: list[FormFigures]
    districts: list[str]
    level: str = "so"  # the unit's level: a sở reports its province's districts, a district its communes

    def targets(self) -> list[IndicatorFigures]:
        return [r for f in self.forms for r in f.rows if r.target is not None]

    def targets_met(self) -> tuple[int, int]:
        """(met, judged): indicators without a result are not counted as judged."""
        judged = [r for r in self.targets() if r.met is not None]
        return sum(1 for r in judged if r.met), len(judged)


def form_period(form: Form, period: Period) -> Period | None:
    """The period of ``form`` a report on ``period`` draws from: the same, or the last finer one inside it
    (a 6-month report reads a quarterly form's Q2), or the year for a yearly form (targets)."""
    end = period.end
    if form.period == period.kind:
        return period
    if form.period == "year":
        return parse_period(str(period.year))
    order = {"month": 0, "quarter": 1, "half": 2, "nine_months": 3, "year": 4}
    if order.get(form.period, 9) > order.get(period.kind, 9):
        return None
    code = {"month": f"{end.year}{end.month:02d}", "quarter": f"{end.year}Q{(end.month - 1) // 3 + 1}",
            "half": f"{end.year}S{1 if end.month <= 6 else 2}"}.get(form.period)
    return parse_period(code) if code else None


def _number(form: Form, ind: Indicator, raw: str | None) -> tuple[Decimal | None, int]:
    if raw is None:
        return None, 0
    parsed = parse_value(raw, "decimal")
    if parsed.kind != "number":
        digits = [c for c in raw if c.isdigit()]
        if ind.target is not None and ind.target.level and digits:
            return Decimal(digits[0]), 0  # "bậc 3"
        return None, 0
    return parsed.number, parsed.decimals or 0


def gather(db: Database, unit: str, period_text: str) -> ReportFigures:
    from forms.errors import BieumauError
    from storage.forms import latest_stored_forms
    from storage.units import load_unit_tree
    from storage.values import read_period_values, read_values

    period = parse_period(period_text)
    tree = load_unit_tree(db)
    if unit not in tree:
        raise BieumauError(f"Không có đơn vị mã «{unit}» trong cơ sở dữ liệu.", "unknown_unit")
    me = tree[unit]
    province = tree.get(me.parent) if me.parent else None
    parent_code = me.parent if me.level == "so" else me.code
    below = "xa" if me.level == "huyen" else "huyen"
    districts = [u for u in tree.reporting_children(parent_code, period.start, period.end)
                 if u.level == below] if parent_code else []
    forms = sorted(latest_stored_forms(db).values(), key=lambda f: f.id)
    gathered: list[FormFigures] = []
    for form in forms:
        if me.level not in form.levels:
            continue
        fp = form_period(form, period)
        if fp is None:
            continue
        now = read_values(db, form.id, unit, fp.code)
        if not now:
            continue
        before = read_values(db, form.id, unit, fp.prev().code)
        year_ago = read_values(db, form.id, unit, fp.prev_year().code)
        by_unit = read_period_values(db, form.id, fp.code, [d.code for d in districts]) if districts else {}
        rows: list[IndicatorFigures] = []
        for ind in form.indicators:
            column = form.columns_of(ind)[0]
            if ind.type in ("text", "choice", "boolean") and ind.target is None:
                continue
            cell = now.get((ind.id, column))
            current, decimals = _number(form, ind, cell.raw if cell else None)
            prev = before.get((ind.id, column))
            ago = year_ago.get((ind.id, column))
            row = IndicatorFigures(
                form.id, ind, current, _number(form, ind, prev.raw if prev else None)[0],
                _number(form, ind, ago.raw if ago else None)[0],
                decimals if ind.decimals is None else ind.decimals, cell.raw if cell else "")
            if ind.target is not None:
                row.target = ind.target
                row.met = ind.target.met_by(current) if current is not None else None
            if ind.aggregate in ("sum", "ratio") and by_unit:
                row.by_district = [(d.name, _number(form, ind, by_unit.get(d.code, {}).get((ind.id, column)))[0])
                                   for d in districts]
            rows.append(row)
        gathered.append(FormFigures(form, fp, rows))
    return ReportFigures(unit, me.name, province.name if province else me.name, period, gathered,
                         [d.name for d in districts], me.level)
