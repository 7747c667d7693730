"""Consolidation (tổng hợp): a parent unit's figures made from its children's by each indicator's
``aggregate``, and the cross-level check of the parent's own figures against them.

``aggregate_rows`` is pure arithmetic on rows; ``consolidate`` reads the rows in one SQL query per
form, so the app, the command line and a provincial PostgreSQL server consolidate the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, NamedTuple

from forms.errors import BieumauError
from forms.limits import number_problem
from forms.model import Form, Indicator
from forms.numbers import NUMERIC_TYPES, format_number, parse_value, written_decimals
from forms.periods import Period, form_period, parse_period
from forms.units import Unit, UnitTree

if TYPE_CHECKING:
    from forms.values import ValueSource
    from storage.database import Database
    from storage.values import WriteSummary
    from validators.violations import Violation

from forms.values import CellKey

HUNDRED = Decimal(100)
TOP_CONTRIBUTORS = 3
YES, NO = "Có", "Không"
DEPARTMENT = "so"  # a Sở reports province-wide figures; the districts report their own


class ConsolidationError(BieumauError):
    code = "consolidation"


class ChildRow(NamedTuple):
    """One stored value of a child unit: the raw text as typed and, for numbers, its parsed value."""

    unit: str
    indicator: str
    column: str
    raw: str
    number: Decimal | None = None


@dataclass(frozen=True)
class Aggregated:
    """What ``aggregate_rows`` makes of rows: figures by cell, who contributed, what could not be read."""

    values: Mapping[CellKey, Decimal | None]
    decimals: Mapping[CellKey, int]
    contributors: Mapping[CellKey, tuple[tuple[str, Decimal], ...]]
    true_counts: Mapping[CellKey, tuple[int, int]]  # count_true cells: (said Có, answered)
    unreadable: tuple[ChildRow, ...] = ()
    units: tuple[str, ...] = ()  # units that had at least one value, in first-seen order


@dataclass(frozen=True)
class Consolidation:
    """The consolidated figures of ``parent`` for one form and period.

    ``values`` holds every cell the form aggregates (``None`` when no child gave a figure);
    ``raws`` the texts to store as the parent's own, in Vietnamese notation ("1.242", "26,67");
    ``child_values`` the figure each reporting child contributed, as text; ``stands_for`` names the
    units whose figures were used for a child without its own (predecessors of a merged unit, or
    the child's own children when consolidated recursively). ``missing`` children are listed,
    never counted as 0.
    """

    form: Form
    parent: str
    period: str
    values: Mapping[CellKey, Decimal | None]
    raws: Mapping[CellKey, str]
    decimals: Mapping[CellKey, int]
    contributors: Mapping[CellKey, tuple[tuple[str, Decimal], ...]]
    true_counts: Mapping[CellKey, tuple[int, int]]
    children: tuple[str, ...]
    reported: tuple[str, ...]
    missing: tuple[str, ...]
    child_values: Mapping[str, Mapping[CellKey, str]]
    own: Mapping[CellKey, str] = field(default_factory=dict)
    stands_for: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    missing_below: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unreadable: tuple[ChildRow, ...] = ()
    recursive: bool = False
    # departments (level ``so``) report province-wide figures: never added to the territory's, they
    # are compared with it, and stand alone only where no territorial child gave a figure
    departments: tuple[str, ...] = ()
    department_values: Mapping[str, Mapping[CellKey, str]] = field(default_factory=dict)

    @property
    def period_name(self) -> str:
        return parse_period(self.period).name_vi

    def summary_vi(self, units: UnitTree | None = None) -> str:
        """"Đã tổng hợp 8/10 đơn vị; thiếu số liệu: …" for the command line and the status bar."""
        text = f"Đã tổng hợp {len(self.reported)}/{len(self.children)} đơn vị cấp dưới"
        if self.missing:
            names = ", ".join(_name(units, code) for code in self.missing)
            text += f"; thiếu số liệu: {names}"
        if self.department_values:
            names = ", ".join(_name(units, code) for code in self.department_values)
            text += (f"; số của {names} (toàn tỉnh) không cộng vào tổng các địa bàn mà dùng để đối chiếu, "
                     "và chỉ dùng cho chỉ tiêu các địa bàn không báo cáo")
        return text + "."


@dataclass(frozen=True)
class Difference:
    """The parent's own stored figure disagrees with the consolidation of its children."""

    indicator: str
    column: str
    own: Decimal
    consolidated: Decimal
    own_raw: str
    unit: str = ""  # a department whose province-wide figure disagrees with its territory's sum

    def message_vi(self, form: Form) -> str:
        title = form.indicator_map[self.indicator].title if self.indicator in form.indicator_map else self.indicator
        column = form.column_map[self.column].title if self.column in form.column_map else self.column
        places = written_decimals(self.own)
        if self.unit:
            return (f"{title} ({column}): {self.unit} báo cáo {format_number(self.own, places)} cho toàn địa bàn, "
                    f"tổng hợp từ các địa bàn là {format_number(self.consolidated)}")
        return (f"{title} ({column}): số của đơn vị là {format_number(self.own, places)}, "
                f"tổng hợp từ đơn vị cấp dưới là {format_number(self.consolidated)}")


@dataclass(frozen=True)
class ConsolidatedViolation:
    """A rule broken by the consolidated figures, with the children contributing most to its cells."""

    violation: Violation
    message: str
    top: tuple[tuple[str, str, Decimal], ...]  # (indicator, unit, value), largest first per cell


@dataclass(frozen=True)
class CrossLevelReport:
    differences: tuple[Difference, ...] = ()
    violations: tuple[ConsolidatedViolation, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(v.violation.is_error for v in self.violations)


# --- pure arithmetic ------------------------------------------------------------------------------

def _reading(form: Form, ind: Indicator, column: str, row: ChildRow) -> tuple[str, Decimal | bool | None, int]:
    """(kind, value, decimals) of one stored row; kind "number", "boolean", "other" or "error"."""
    cell_type, choices = form.cell_type(ind, column)
    if cell_type in NUMERIC_TYPES and row.number is not None:
        number = row.number if isinstance(row.number, Decimal) else Decimal(str(row.number))
        if number_problem(number) is not None:  # stored before forms/limits.py: never summed, never rounded
            return "error", None, 0
        return "number", number, written_decimals(number)
    parsed = parse_value(row.raw, cell_type, choices, ind.unit)
    if parsed.kind == "number":
        return "number", parsed.value, parsed.decimals or 0  # type: ignore[return-value]
    if parsed.kind == "boolean":
        return "boolean", parsed.value, 0  # type: ignore[return-value]
    if parsed.kind == "error":
        return "error", None, 0
    return "other", None, 0


def _places(ind: Indicator, default: int) -> int:
    return ind.decimals if ind.decimals is not None else default


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def aggregate_rows(form: Form, rows: Iterable[ChildRow | Sequence[object]]) -> Aggregated:
    """Consolidate rows ``(unit, indicator, column, raw[, number])`` by each indicator's aggregate.

    Counts sum; ``ratio`` is Σnumerator / Σdenominator (×100 for a percent) recomputed from the
    consolidated numerator and denominator cells, never a sum or mean of shares; ``min``/``max``/
    ``mean`` over the children that gave a figure; ``count_true`` counts children that said Có;
    ``none`` and computed rows stay blank. A text that is not a number of its cell's type is
    reported in ``unreadable`` and never counted as 0.
    """
    numbers: dict[CellKey, list[tuple[str, Decimal, int]]] = {}
    booleans: dict[CellKey, list[tuple[str, bool]]] = {}
    unreadable: list[ChildRow] = []
    seen_units: dict[str, None] = {}
    indicators = form.indicator_map
    for item in rows:
        row = item if isinstance(item, ChildRow) else ChildRow(*item)  # type: ignore[arg-type]
        ind = indicators.get(row.indicator)
        if ind is None or not form.uses_cell(row.indicator, row.column) or not row.raw.strip():
            continue
        seen_units.setdefault(row.unit, None)
        if ind.computed or ind.aggregate == "none":
            continue
        kind, value, places = _reading(form, ind, row.column, row)
        key = (row.indicator, row.column)
        if kind == "number":
            numbers.setdefault(key, []).append((row.unit, value, places))  # type: ignore[arg-type]
        elif kind == "boolean":
            booleans.setdefault(key, []).append((row.unit, bool(value)))
        elif kind == "error":
            unreadable.append(row)

    values: dict[CellKey, Decimal | None] = {}
    decimals: dict[CellKey, int] = {}
    contributors: dict[CellKey, tuple[tuple[str, Decimal], ...]] = {}
    true_counts: dict[CellKey, tuple[int, int]] = {}
    ratios: list[tuple[Indicator, str]] = []
    for ind in form.indicators:
        for column in form.columns_of(ind):
            key = (ind.id, column)
            if ind.computed or ind.aggregate == "none":
                values[key] = None
                continue
            found = numbers.get(key, [])
            # for a ratio: each child's stated share, shown beside a broken rule, never summed
            contributors[key] = tuple((unit, number) for unit, number, _ in found)
            if ind.aggregate == "ratio":
                ratios.append((ind, column))
                continue
            if ind.aggregate == "count_true":
                said = booleans.get(key, [])
                yes = sum(1 for _, flag in said if flag)
                yes += sum(1 for _, number, _ in found if number != 0)
                answered = len(said) + len(found)
                true_counts[key] = (yes, answered)
                values[key] = Decimal(yes) if answered else None
                decimals[key] = 0
                continue
            if not found:
                values[key] = None
                continue
            figures = [number for _, number, _ in found]
            written = max(places for _, _, places in found)
            if ind.aggregate == "sum":
                values[key], decimals[key] = sum(figures, Decimal(0)), written
            elif ind.aggregate == "min":
                values[key], decimals[key] = min(figures), written
            elif ind.aggregate == "max":
                values[key], decimals[key] = max(figures), written
            elif ind.aggregate == "mean":
                places = _places(ind, 0 if ind.type == "integer" else max(2, written))
                values[key] = _quantize(sum(figures, Decimal(0)) / len(figures), places)
                decimals[key] = places
            else:  # pragma: no cover - the loader admits only the aggregates above
                raise ConsolidationError(f"Cách tổng hợp «{ind.aggregate}» của chỉ tiêu «{ind.id}» không được hỗ trợ.")
    # Ratios last: they read the consolidated numerator and denominator, possibly other ratios.
    pending = ratios
    while pending:
        waiting = {(ind.id, column) for ind, column in pending}
        later = [(ind, c) for ind, c in pending if {(ind.numerator, c), (ind.denominator, c)} & waiting]
        for ind, column in pending:
            if (ind, column) not in later:
                values[(ind.id, column)], decimals[(ind.id, column)] = _ratio(
                    ind, values.get((ind.numerator or "", column)), values.get((ind.denominator or "", column))
                )
        if len(later) == len(pending):  # ratios of each other in a cycle: blank rather than loop
            for ind, column in later:
                values[(ind.id, column)] = None
            break
        pending = later
    return Aggregated(values, decimals, contributors, true_counts, tuple(unreadable), tuple(seen_units))


def _ratio(ind: Indicator, numerator: Decimal | None, denominator: Decimal | None) -> tuple[Decimal | None, int]:
    places = _places(ind, 2)
    if numerator is None or denominator is None or denominator == 0:
        return None, places
    try:
        share = numerator / denominator
    except (InvalidOperation, ZeroDivisionError):  # pragma: no cover - guarded above
        return None, places
    if ind.type == "percent":
        share *= HUNDRED
    return _quantize(share, places), places


def raw_text(form: Form, key: CellKey, value: Decimal | None, places: int) -> str | None:
    """The text a clerk would type for a consolidated figure, or ``None`` when the cell cannot hold it
    (a count of "Có" answers does not fit a Có/Không cell)."""
    if value is None:
        return None
    ind = form.indicator_map[key[0]]
    cell_type, _ = form.cell_type(ind, key[1])
    if cell_type not in NUMERIC_TYPES:
        return None
    if cell_type == "integer" and value != value.to_integral_value():
        return None
    return format_number(value, places)


# --- who counts ------------------------------------------------------------------------------------

def _period(form: Form, period_code: str) -> Period:
    return form_period(form, period_code)


def _name(units: UnitTree | None, code: str) -> str:
    unit = units.get(code) if units is not None else None
    return f"{unit.name} ({code})" if unit is not None and unit.name != code else code


def _predecessors(units: UnitTree, child: Unit, period: Period) -> list[Unit]:
    """Old units whose data entered during ``period`` stands for ``child`` (merged into it)."""
    return [u for u in units.predecessors(child.code) if u.active_during(period.start, period.end)] or \
        units.predecessors(child.code)


def units_to_read(units: UnitTree, parent: str, period: Period, *, recursive: bool = False) -> list[str]:
    """Every unit whose stored values a consolidation of ``parent`` may read: the parent, its
    reporting children, their predecessors and, when recursive, the same below."""
    codes: dict[str, None] = {parent: None}
    frontier = [parent]
    while frontier:
        code = frontier.pop()
        for child in units.reporting_children(code, period.start, period.end):
            codes.setdefault(child.code, None)
            for old in units.predecessors(child.code):
                codes.setdefault(old.code, None)
            if recursive:
                frontier.append(child.code)
    return list(codes)


def consolidate_rows(
    form: Form,
    parent: str,
    period_code: str,
    units: UnitTree,
    rows: Iterable[ChildRow | Sequence[object]],
    *,
    recursive: bool = False,
) -> Consolidation:
    """The pure half of ``consolidate``: ``rows`` are every stored value of the units
    ``units_to_read`` names (other units' rows are ignored).

    A child counts when it is in force on the period's last day. A child without figures of its
    own stands for what was entered under its predecessors (communes merged into it) for the
    same period; failing that, with ``recursive`` a child that is itself a parent is consolidated
    from its own children. Anyone else is listed as missing.
    """
    period = _period(form, period_code)
    units[parent]  # an unknown parent raises UnitError with its Vietnamese sentence
    by_unit: dict[str, list[ChildRow]] = {}
    for item in rows:
        row = item if isinstance(item, ChildRow) else ChildRow(*item)  # type: ignore[arg-type]
        if row.raw.strip():
            by_unit.setdefault(row.unit, []).append(row)
    return _consolidate(form, parent, period, units, by_unit, recursive)


def _consolidate(
    form: Form, parent: str, period: Period, units: UnitTree, by_unit: dict[str, list[ChildRow]], recursive: bool
) -> Consolidation:
    children = units.reporting_children(parent, period.start, period.end)
    departments = [c for c in children if c.level == DEPARTMENT]
    if len(departments) < len(children):
        children = [c for c in children if c.level != DEPARTMENT]  # the territory makes the total
    else:
        departments = []  # a parent of departments only consolidates them
    used: list[ChildRow] = []
    child_values: dict[str, dict[CellKey, str]] = {}
    stands_for: dict[str, tuple[str, ...]] = {}
    missing_below: dict[str, tuple[str, ...]] = {}
    unreadable: list[ChildRow] = []
    reported: list[str] = []
    missing: list[str] = []
    for child in children:
        own = by_unit.get(child.code)
        if own:
            rows = own
        else:
            rows = []
            old = [u for u in _predecessors(units, child, period) if by_unit.get(u.code)]
            if old:
                merged = aggregate_rows(form, [r for u in old for r in by_unit[u.code]])
                rows = _as_rows(form, child.code, merged)
                unreadable.extend(merged.unreadable)
                stands_for[child.code] = tuple(u.code for u in old)
            elif recursive and units.reporting_children(child.code, period.start, period.end):
                below = _consolidate(form, child.code, period, units, by_unit, recursive)
                if below.reported:
                    rows = _as_rows(form, child.code, below)
                    stands_for[child.code] = below.reported
                    unreadable.extend(below.unreadable)
                    if below.missing:
                        missing_below[child.code] = below.missing
                    for code, deeper in below.missing_below.items():
                        missing_below[code] = deeper
        # a unit whose communes reported counts as reported even when no row of the form aggregates
        if rows or child.code in stands_for:
            reported.append(child.code)
            used.extend(rows)
            child_values[child.code] = {(r.indicator, r.column): r.raw for r in rows}
        else:
            missing.append(child.code)
    result = aggregate_rows(form, used)
    department_values = {d.code: {(r.indicator, r.column): r.raw for r in by_unit[d.code]}
                         for d in departments if by_unit.get(d.code)}
    if department_values:
        result = _fill_from_departments(form, result, [r for d in department_values for r in by_unit[d]])
    raws: dict[CellKey, str] = {}
    for key, value in result.values.items():
        text = raw_text(form, key, value, result.decimals.get(key, 0))
        if text is not None:
            raws[key] = text
    return Consolidation(
        form=form,
        parent=parent,
        period=period.code,
        values=dict(result.values),
        raws=raws,
        decimals=dict(result.decimals),
        contributors=dict(result.contributors),
        true_counts=dict(result.true_counts),
        children=tuple(c.code for c in children),
        reported=tuple(reported),
        missing=tuple(missing),
        child_values=child_values,
        own={(r.indicator, r.column): r.raw for r in by_unit.get(parent, ())},
        stands_for=stands_for,
        missing_below=missing_below,
        unreadable=tuple(unreadable) + result.unreadable,
        recursive=recursive,
        departments=tuple(d.code for d in departments),
        department_values=department_values,
    )


def _fill_from_departments(form: Form, territory: Aggregated, rows: list[ChildRow]) -> Aggregated:
    """The territory's figures, and a department's where no territorial child gave one (a figure
    only the Sở reports, such as the province's BTS stations); the two are never added."""
    theirs = aggregate_rows(form, rows)
    values, decimals = dict(territory.values), dict(territory.decimals)
    contributors, true_counts = dict(territory.contributors), dict(territory.true_counts)
    for key, value in theirs.values.items():
        if values.get(key) is not None or value is None:
            continue
        values[key] = value
        if key in theirs.decimals:
            decimals[key] = theirs.decimals[key]
        if key in theirs.contributors:
            contributors[key] = theirs.contributors[key]
        if key in theirs.true_counts:
            true_counts[key] = theirs.true_counts[key]
    return Aggregated(values, decimals, contributors, true_counts, territory.unreadable + theirs.unreadable,
                      territory.units + theirs.units)


def _as_rows(form: Form, unit: str, made: Aggregated | Consolidation) -> list[ChildRow]:
    """A consolidated figure set as the rows of one unit, so it can be consolidated again above.

    A count of "Có" answers goes up as "Có" when any child said Có: one level up counts units.
    """
    rows: list[ChildRow] = []
    for key, value in made.values.items():
        if value is None:
            continue
        if key in made.true_counts:
            yes, _ = made.true_counts[key]
            rows.append(ChildRow(unit, key[0], key[1], YES if yes else NO))
            continue
        text = format_number(value, made.decimals.get(key, written_decimals(value)))
        rows.append(ChildRow(unit, key[0], key[1], text, value))
    return rows


# --- the database ----------------------------------------------------------------------------------

def read_rows(db: Database, form: Form, period_code: str, unit_codes: Iterable[str]) -> list[ChildRow]:
    """Every non-blank stored value of ``unit_codes`` for one form and period, in ONE query."""
    from storage.values import stored_rows

    return [ChildRow(*row) for row in stored_rows(db, form.id, period_code, unit_codes)]


def consolidate(
    db: Database, form: Form, parent_unit: str, period_code: str, units: UnitTree, *, recursive: bool = False
) -> Consolidation:
    """Consolidate ``parent_unit``'s children for one form and period from the database."""
    period = _period(form, period_code)
    units[parent_unit]  # an unknown parent is refused before any query
    rows = read_rows(db, form, period.code, units_to_read(units, parent_unit, period, recursive=recursive))
    return consolidate_rows(form, parent_unit, period.code, units, rows, recursive=recursive)


def store_consolidation(db: Database, consolidation: Consolidation, *, user: str) -> WriteSummary:
    """Store the consolidated figures as the parent's own, in one transaction with audit rows.

    Only cells with a figure are written: what the parent typed in rows that do not consolidate
    (aggregate ``none``) stays, and the audit log keeps every figure replaced.
    """
    from storage.values import write_values

    return write_values(db, consolidation.form, consolidation.parent, consolidation.period,
                        dict(consolidation.raws), user=user, source="consolidate")


# --- checks across levels -------------------------------------------------------------------------

def differences(consolidation: Consolidation) -> list[Difference]:
    """The parent's own figures that disagree with the consolidation, compared at the precision the
    parent wrote (its "26,7" agrees with 26,67)."""
    form = consolidation.form
    found: list[Difference] = []
    for ind in form.indicators:
        for column in form.columns_of(ind):
            key = (ind.id, column)
            raw = consolidation.own.get(key)
            theirs = consolidation.values.get(key)
            if raw is None or theirs is None or key in consolidation.true_counts:
                continue
            cell_type, choices = form.cell_type(ind, column)
            parsed = parse_value(raw, cell_type, choices, ind.unit)
            if parsed.kind != "number":
                continue
            mine: Decimal = parsed.value  # type: ignore[assignment]
            places = parsed.decimals or 0
            if _quantize(theirs, places) != _quantize(mine, places):
                found.append(Difference(ind.id, column, mine, theirs, raw))
    found.extend(_department_differences(consolidation))
    return found


def _department_differences(consolidation: Consolidation) -> list[Difference]:
    """A department's province-wide figure against the sum of the territory, where both exist."""
    form = consolidation.form
    found: list[Difference] = []
    for unit, cells in consolidation.department_values.items():
        for key, raw in cells.items():
            ind = form.indicator_map.get(key[0])
            theirs = consolidation.values.get(key)  # a department's own figure where the territory gave none
            if ind is None or theirs is None or key in consolidation.true_counts or ind.aggregate != "sum":
                continue
            parsed = parse_value(raw, *form.cell_type(ind, key[1]))
            if parsed.kind != "number":
                continue
            mine: Decimal = parsed.value  # type: ignore[assignment]
            places = parsed.decimals or 0
            if _quantize(theirs, places) != _quantize(mine, places):
                found.append(Difference(ind.id, key[1], mine, theirs, raw, unit))
    return found


def check_against_children(
    consolidation: Consolidation, units: UnitTree | None = None, source: ValueSource | None = None
) -> CrossLevelReport:
    """The parent's own figures against its children's consolidation (both figures listed), and the
    form's rules run on the consolidated figures: each violation lists the children contributing
    most to its cells (top 3 by value). ``source`` (e.g. the database) supplies other periods."""
    from forms.values import OverlayValues
    from validators.engine import Engine
    from validators.messages import render

    form = consolidation.form
    # the consolidated sheets over ``source``, which still answers for other periods so ``prev`` and
    # cumulative checks see the parent's earlier figures
    sheets = {(form.id, consolidation.parent, consolidation.period): consolidation.raws}
    for child, cells in consolidation.child_values.items():
        sheets[(form.id, child, consolidation.period)] = cells
    report = Engine(form, units).validate(consolidation.parent, consolidation.period, OverlayValues(source, sheets))
    broken: list[ConsolidatedViolation] = []
    for violation in report.violations:
        top: list[tuple[str, str, Decimal]] = []
        for indicator, column in violation.cells:
            ranked = sorted(consolidation.contributors.get((indicator, column), ()), key=lambda c: (-c[1], c[0]))
            top.extend((indicator, unit, value) for unit, value in ranked[:TOP_CONTRIBUTORS])
        broken.append(ConsolidatedViolation(violation, render(violation, form), tuple(top)))
    return CrossLevelReport(tuple(differences(consolidation)), tuple(broken))
