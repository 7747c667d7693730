"""The parsed cells of one unit's form for one period, and the ``World`` of other periods and units.

Cells parse lazily and cache; computed indicators are derived on read. ``World`` reads other periods
(``prev``) and child units (``children``) through a ``ValueSource`` and keeps each sheet it read.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from forms.model import Form
from forms.numbers import Parsed, parse_value
from forms.periods import Period
from forms.units import UnitTree
from forms.values import ValueSource

if TYPE_CHECKING:
    from validators.expressions import Expr

CellKey = tuple[str, str]


class Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BLANK = Sentinel("BLANK")
UNREADABLE = Sentinel("UNREADABLE")  # typed but not readable as the cell's type: never 0, never blank

Value = Decimal | bool | str | Sentinel


class NotEvaluable(Exception):
    """A rule that cannot be computed on these values (division by 0, no unit list for ``children``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Cells:
    """One unit's values for one period, parsed by each cell's type."""

    def __init__(self, form: Form, unit: str, period: Period, raw: Mapping[CellKey, str],
                 world: World | None = None) -> None:
        self.form = form
        self.unit = unit
        self.period = period
        self.raw: dict[CellKey, str] = dict(raw)
        self.world = world
        self._parsed: dict[CellKey, Parsed] = {}
        self._derived: dict[CellKey, tuple[Value, int]] = {}
        self._busy: set[CellKey] = set()

    @property
    def period_code(self) -> str:
        return self.period.code

    def set_raw(self, indicator: str, column: str, raw: str | None) -> None:
        key = (indicator, column)
        if raw is None or not raw.strip():
            self.raw.pop(key, None)
        else:
            self.raw[key] = raw
        self._parsed.pop(key, None)
        if self._derived:
            self._derived.clear()

    def parsed(self, indicator: str, column: str) -> Parsed:
        key = (indicator, column)
        found = self._parsed.get(key)
        if found is None:
            ind = self.form.indicator_map[indicator]
            cell_type, choices = self.form.cell_type(ind, column)
            found = parse_value(self.raw.get(key), cell_type, choices)
            self._parsed[key] = found
        return found

    def value(self, indicator: str, column: str) -> Value:
        """The value a rule reads: typed and parsed, or derived for a computed indicator."""
        return self.reading(indicator, column)[0]

    def decimals(self, indicator: str, column: str) -> int:
        return self.reading(indicator, column)[1]

    def reading(self, indicator: str, column: str) -> tuple[Value, int]:
        ind = self.form.indicator_map.get(indicator)
        if ind is None or not self.form.uses_cell(indicator, column):
            return BLANK, 0
        if ind.computed and self.world is not None:
            return self._computed(indicator, column)
        p = self.parsed(indicator, column)
        if p.kind == "blank":
            return BLANK, 0
        if p.kind == "error":
            return UNREADABLE, 0
        return p.value, p.decimals or 0  # type: ignore[return-value]

    def _computed(self, indicator: str, column: str) -> tuple[Value, int]:
        key = (indicator, column)
        found = self._derived.get(key)
        if found is not None:
            return found
        if key in self._busy:  # the loader refuses cycles; this only guards a hand-built form
            return UNREADABLE, 0
        self._busy.add(key)
        try:
            found = derive(self, indicator, column)
        finally:
            self._busy.discard(key)
        self._derived[key] = found
        return found


def derive(cells: Cells, indicator: str, column: str) -> tuple[Value, int]:
    """The value of a computed cell: blanks count as 0 unless every input is blank."""
    from validators.evaluation import Env, Missing, Skip, evaluate
    from validators.expressions import names

    assert cells.world is not None
    ind = cells.form.indicator_map[indicator]
    expr = cells.world.computed[indicator]
    inputs = [(name, col or column) for name, col in names(expr, local_only=True)]
    if inputs and all(cells.value(n, c) is BLANK for n, c in inputs):
        return BLANK, 0
    try:
        result = evaluate(expr, Env(cells, column, "zero"))
    except (Skip, Missing):
        return UNREADABLE, 0
    except NotEvaluable:
        return BLANK, 0
    if not isinstance(result, Decimal) or isinstance(result, bool):
        return result, 0
    places = ind.decimals if ind.decimals is not None else (0 if ind.type == "integer" else 2)
    return result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places


class World:
    """Everything a validation may read beyond one sheet: other periods and units, via a source."""

    def __init__(self, form: Form, computed: Mapping[str, Expr], units: UnitTree | None,
                 source: ValueSource | None) -> None:
        self.form = form
        self.computed = computed
        self.units = units
        self.source = source
        self._sheets: dict[tuple[str, str], Cells] = {}

    def sheet(self, unit: str, period: Period) -> Cells:
        key = (unit, period.code)
        found = self._sheets.get(key)
        if found is None:
            raw = self.source.raw_values(self.form.id, unit, period.code) if self.source else {}
            found = Cells(self.form, unit, period, raw, self)
            self._sheets[key] = found
        return found

    def adopt(self, cells: Cells) -> None:
        """Make ``cells`` the sheet read for its unit and period (the one being edited)."""
        cells.world = self
        self._sheets[(cells.unit, cells.period.code)] = cells

    def earlier(self, unit: str, period: Period) -> list[Cells]:
        """The sheets standing for ``unit`` in an earlier ``period``: its predecessors' when the unit
        was created by a merge after that period ended."""
        if self.units is not None:
            current = self.units.get(unit)
            if current is not None and current.valid_from is not None and period.end < current.valid_from:
                before = self.units.predecessors(unit)
                if before:
                    active = [u for u in before if u.active_on(period.end)] or before
                    return [self.sheet(u.code, period) for u in active]
        return [self.sheet(unit, period)]

    def children(self, unit: str, period: Period) -> list[Cells]:
        if self.units is None:
            raise NotEvaluable("cần danh mục đơn vị (--units) để tính children()")
        if unit not in self.units:
            raise NotEvaluable(f"đơn vị «{unit}» không có trong danh mục đơn vị")
        kids = self.units.reporting_children(unit, period.start, period.end)
        return [self.sheet(u.code, period) for u in kids]

