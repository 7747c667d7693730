"""The figures a chart of one indicator shows, as plain data: across the units below a parent for one
period (bars), or across the periods of one unit (a line). Drawing, and the words around the figures in the
interface's language, are the window's (``desktop/charts.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from forms.periods import Period, parse_period

if TYPE_CHECKING:
    from forms.model import Form, Indicator, Target
    from operations.context import AppContext

BAR = "bar"
LINE = "line"


class Progress(Protocol):
    """What a long read reports to, between items (a window's background task)."""

    def check(self) -> None: ...  # raises when the user cancelled

    def progress(self, done: int, total: int, label: str = "") -> None: ...


@dataclass(frozen=True)
class ChartSeries:
    """One chart's figures: a (label, value) point per unit or period — None where nothing was entered,
    never 0 — with the unit codes or period codes the points stand for."""

    kind: str
    form_id: str
    indicator: str
    column: str
    title: str  # the indicator's title
    unit: str  # its đơn vị tính
    place: str  # the parent unit (bars) or the unit (line)
    place_name: str
    period: str  # the period (bars) or the last period (line)
    points: tuple[tuple[str, Decimal | None], ...]
    keys: tuple[str, ...]
    target: Target | None = None
    decimals: int | None = None

    def value(self, key: str) -> Decimal | None:
        return self.points[self.keys.index(key)][1]


def chartable(form: Form) -> list[Indicator]:
    """The indicators a chart can show: entered numbers (computed ones follow from them)."""
    return [i for i in form.indicators if i.is_numeric and not i.computed]


def _value(ctx: AppContext, form: Form, unit: str, period: str, key: tuple[str, str]) -> Decimal | None:
    from storage.values import read_values

    stored = read_values(ctx.db, form.id, unit, period).get(key)
    return stored.number if stored is not None else None


def across_units(ctx: AppContext, form: Form, indicator: Indicator, column: str, parent: str, period: Period,
                 progress: Progress | None = None) -> ChartSeries:
    """The indicator for every unit below ``parent`` that reports ``form`` in ``period``."""
    units = [u for u in ctx.units.reporting_children(parent, period.start, period.end) if u.level in form.levels]
    points = []
    for i, unit in enumerate(units):
        if progress is not None:
            progress.check()
            progress.progress(i, len(units), unit.name)
        points.append((unit.name, _value(ctx, form, unit.code, period.code, (indicator.id, column))))
    return ChartSeries(BAR, form.id, indicator.id, column, indicator.title, indicator.unit, parent,
                       ctx.units[parent].name, period.code, tuple(points), tuple(u.code for u in units),
                       indicator.target, indicator.decimals)


def across_periods(ctx: AppContext, form: Form, indicator: Indicator, column: str, unit: str, last: Period,
                   count: int = 8, progress: Progress | None = None) -> ChartSeries:
    """The indicator of ``unit`` over the ``count`` periods up to ``last``, leading empty ones left out."""
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].prev())
    periods.reverse()
    points = []
    for i, period in enumerate(periods):
        if progress is not None:
            progress.check()
            progress.progress(i, len(periods), period.name_vi)
        points.append((period.name_vi, _value(ctx, form, unit, period.code, (indicator.id, column))))
    # leading periods with nothing entered only squash the chart
    while len(points) > 2 and points[0][1] is None:
        points.pop(0)
        periods.pop(0)
    return ChartSeries(LINE, form.id, indicator.id, column, indicator.title, indicator.unit, unit,
                       ctx.units[unit].name, last.code, tuple(points), tuple(p.code for p in periods),
                       indicator.target, indicator.decimals)


def latest_period_with_values(ctx: AppContext, form_id: str) -> Period | None:
    """The most recent period anyone entered values of ``form_id`` for (a chart's sensible start)."""
    from storage.values import periods_with_values

    periods = [parse_period(code) for code in periods_with_values(ctx.db, form_id)]
    kind = ctx.catalogue[form_id].period if form_id in ctx.catalogue else None
    periods = [p for p in periods if p.kind == kind]
    return max(periods, key=Period.sort_key) if periods else None
