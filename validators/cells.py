"""The parsed cells of one unit's form for one period, and the ``World`` of other periods and units.

A sheet is read whole on its first read and keeps each cell's reading until the cell is edited;
computed indicators are derived on read. ``World`` reads other periods (``prev``) and child units
(``children``) through a ``ValueSource`` and keeps each sheet it read.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from forms.messages import say
from forms.model import Form
from forms.notation import Figure
from forms.numbers import NUMERIC_TYPES, Parsed, common_number, parse_value
from forms.periods import Period
from forms.units import UnitTree
from forms.values import CellKey, ValueSource

if TYPE_CHECKING:
    from validators.evaluation import Evaluator
    from validators.expressions import Expr



class Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BLANK = Sentinel("BLANK")
UNREADABLE = Sentinel("UNREADABLE")  # typed but not readable as the cell's type: never 0, never blank
BLANK_READING = (BLANK, 0)
UNREADABLE_READING = (UNREADABLE, 0)

# a Figure is a qualified figure ("trên 85 %") or a date, read as an interval by comparisons
Value = Decimal | bool | str | Sentinel | Figure

CellSpec = tuple[str, tuple[str, ...], str]  # a cell's type, choices and the row's đơn vị tính
# a typed text parsed (None: a common number, parse it again when asked), and what a rule reads from it
Reading = tuple[Parsed | None, tuple[Value, int]]


def read_text(raw: str | None, spec: CellSpec) -> Reading:
    """``raw`` parsed as a cell of type ``spec``, and what a rule reads from it."""
    if type(raw) is str and spec[0] in NUMERIC_TYPES:
        number = common_number(raw, spec[0])
        if number is not None:  # a rule needs only the number; building a Parsed costs as much again
            return None, number
    parsed = parse_value(raw, *spec)
    if parsed.kind == "blank":
        return parsed, BLANK_READING
    if parsed.kind == "error":
        # a bound or range is still flagged (types check) but rules may read its interval
        return parsed, ((parsed.figure, 0) if parsed.figure is not None else UNREADABLE_READING)
    return parsed, (parsed.value, parsed.decimals or 0)  # type: ignore[return-value]


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
        # what rules read from each typed cell, parsed once per sheet; computed cells live in _derived
        self._readings: dict[CellKey, tuple[Value, int]] = {}
        self._derived: dict[CellKey, tuple[Value, int]] = {}
        self._busy: set[CellKey] = set()
        self._whole_read = False

    @property
    def period_code(self) -> str:
        return self.period.code

    @cached_property
    def previous(self) -> tuple[Cells, ...]:
        """The sheets standing for this unit in the previous period (``prev``); needs a world."""
        assert self.world is not None
        return self.world.earlier(self.unit, self.period.prev())

    @cached_property
    def year_before(self) -> tuple[Cells, ...]:
        """The sheets standing for this unit in the same period a year earlier (``prev_year``)."""
        assert self.world is not None
        return self.world.earlier(self.unit, self.period.prev_year())

    @cached_property
    def earlier_in_year(self) -> tuple[tuple[Period, tuple[Cells, ...]], ...]:
        """This year's earlier periods of the same kind, latest first, with the sheets standing for
        this unit in each (year-to-date checks)."""
        assert self.world is not None
        return tuple((p, self.world.earlier(self.unit, p)) for p in reversed(self.period.same_year_earlier()))

    def set_raw(self, indicator: str, column: str, raw: str | None) -> None:
        key = (indicator, column)
        if raw is None or not raw.strip():
            self.raw.pop(key, None)
        else:
            self.raw[key] = raw
        self._parsed.pop(key, None)
        self._readings.pop(key, None)
        if self._derived:
            self._derived.clear()

    def parsed(self, indicator: str, column: str) -> Parsed:
        return self.parsed_at((indicator, column))

    def parsed_at(self, key: CellKey) -> Parsed:
        found = self._parsed.get(key)
        if found is None:
            spec = self.form.cell_specs.get(key)
            if spec is None:
                indicator = self.form.indicator_map[key[0]]
                spec = (*self.form.cell_type(indicator, key[1]), indicator.unit)
            found = self._text(key, spec)[0]
            if found is None:  # a common number, read without building its Parsed
                found = parse_value(self.raw.get(key), *spec)
            self._parsed[key] = found
        return found

    def _text(self, key: CellKey, spec: CellSpec) -> Reading:
        world = self.world
        raw = self.raw.get(key)
        return world.text(raw, spec) if world is not None else read_text(raw, spec)

    def value(self, indicator: str, column: str) -> Value:
        """The value a rule reads: typed and parsed, or derived for a computed indicator."""
        return self.value_at((indicator, column))

    def decimals(self, indicator: str, column: str) -> int:
        return self.reading_at((indicator, column))[1]

    def reading(self, indicator: str, column: str) -> tuple[Value, int]:
        return self.reading_at((indicator, column))

    def value_at(self, key: CellKey) -> Value:
        found = self._readings.get(key)
        return found[0] if found is not None else self.reading_at(key)[0]

    def reading_at(self, key: CellKey) -> tuple[Value, int]:
        found = self._readings.get(key)
        if found is not None:
            return found
        spec = self.form.cell_specs.get(key)
        if spec is None:  # an unknown indicator or a column its row does not use
            found = BLANK_READING
        elif self.form.indicator_map[key[0]].computed:
            # not kept here: derived from other cells, cached in _derived until the next edit
            return self._computed(key) if self.world is not None else self._text(key, spec)[1]
        elif self.world is None:
            found = read_text(self.raw.get(key), spec)[1]
        elif not self._whole_read:
            self.read_all()  # the first read of a sheet reads it whole, in one pass
            return self._readings[key]
        else:
            found = self.world.text(self.raw.get(key), spec)[1]
        self._readings[key] = found
        return found

    def read_all(self) -> None:
        """Read every typed cell now, in one pass: a validation reads nearly all of a sheet it
        touches, and one loop is much cheaper than a call chain per cell."""
        world = self.world
        if world is None:
            return
        self._whole_read = True
        readings, raw, texts = self._readings, self.raw, world._texts
        for key, spec in world.typed_cells:
            text = raw.get(key)
            if text is None:  # what read_text gives for no text, without asking it
                readings[key] = BLANK_READING
                continue
            found = texts.get((text, spec))
            if found is None:
                found = texts[(text, spec)] = read_text(text, spec)
            readings[key] = found[1]

    def _computed(self, key: CellKey) -> tuple[Value, int]:
        found = self._derived.get(key)
        if found is not None:
            return found
        if key in self._busy:  # the loader refuses cycles; this only guards a hand-built form
            return UNREADABLE_READING
        self._busy.add(key)
        try:
            found = derive(self, *key)
        finally:
            self._busy.discard(key)
        self._derived[key] = found
        return found


def derive(cells: Cells, indicator: str, column: str) -> tuple[Value, int]:
    """The value of a computed cell: blanks count as 0 unless every input is blank."""
    from validators.evaluation import Env, Missing, Skip

    assert cells.world is not None
    ind = cells.form.indicator_map[indicator]
    inputs, evaluate = cells.world.formula(indicator, column)
    if inputs and all(cells.value_at(key) is BLANK for key in inputs):
        return BLANK, 0
    try:
        result = evaluate(Env(cells))
    except (Skip, Missing):
        return UNREADABLE, 0
    except (NotEvaluable, ArithmeticError):
        return BLANK, 0
    if not isinstance(result, Decimal) or isinstance(result, bool):
        return result, 0
    places = ind.decimals if ind.decimals is not None else (0 if ind.type == "integer" else 2)
    try:
        return result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places
    except ArithmeticError:  # a figure too large to hold at this precision: no value, as for 0/0
        return BLANK, 0


class World:
    """Everything a validation may read beyond one sheet: other periods and units, via a source.

    It lives for one validation run (or one editing session) and keeps what it read: each sheet,
    which sheets stand for a unit in an earlier period, and each distinct typed text's reading.
    """

    def __init__(self, form: Form, computed: Mapping[str, Expr], units: UnitTree | None,
                 source: ValueSource | None) -> None:
        self.form = form
        self.computed = computed
        self.units = units
        self.source = source
        self._sheets: dict[tuple[str, str], Cells] = {}
        self._earlier: dict[tuple[str, Period], tuple[Cells, ...]] = {}
        # parse_value is pure, and a province repeats the same texts ("0", "12", "100%") everywhere
        self._texts: dict[tuple[str | None, CellSpec], Reading] = {}
        self._formulas: dict[CellKey, tuple[tuple[CellKey, ...], Evaluator]] = {}
        # what a check computes once per run from many sheets (a unit's peers), keyed by the check
        self.memo: dict[object, object] = {}
        # the cells a clerk types (computed ones are derived), as a sheet read whole walks them
        self.typed_cells = tuple((key, spec) for key, spec in form.cell_specs.items()
                                 if not form.indicator_map[key[0]].computed)

    def text(self, raw: str | None, spec: CellSpec) -> Reading:
        """``read_text``, once per distinct text and cell type in this world."""
        key = (raw, spec)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = read_text(raw, spec)
        return found

    def formula(self, indicator: str, column: str) -> tuple[tuple[CellKey, ...], Evaluator]:
        """A computed cell's inputs on its own sheet and its expression, compiled once per world."""
        key = (indicator, column)
        found = self._formulas.get(key)
        if found is None:
            from validators.evaluation import compile_expr
            from validators.expressions import names

            expr = self.computed[indicator]
            inputs = tuple((name, col or column) for name, col in names(expr, local_only=True))
            found = self._formulas[key] = (inputs, compile_expr(expr, column, "zero"))
        return found

    def sheet(self, unit: str, period: Period) -> Cells:
        key = (unit, period.code)
        found = self._sheets.get(key)
        if found is None:
            raw = self.source.raw_values(self.form.id, unit, period.code) if self.source else {}
            found = Cells(self.form, unit, period, raw, self)
            self._sheets[key] = found
        return found

    def earlier(self, unit: str, period: Period) -> tuple[Cells, ...]:
        """The sheets standing for ``unit`` in an earlier ``period``: its predecessors' when the unit
        was created by a merge after that period ended."""
        key = (unit, period)
        found = self._earlier.get(key)
        if found is None:
            found = self._earlier[key] = tuple(self._standing_for(unit, period))
        return found

    def _standing_for(self, unit: str, period: Period) -> list[Cells]:
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
            raise NotEvaluable(say("violation.reason.no_units"))
        if unit not in self.units:
            raise NotEvaluable(f"đơn vị «{unit}» không có trong danh mục đơn vị")
        kids = self.units.reporting_children(unit, period.start, period.end)
        return [self.sheet(u.code, period) for u in kids]
