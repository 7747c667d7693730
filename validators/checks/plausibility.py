"""Plausibility: a figure about 1.000×, 1.000.000× or 1.000.000.000× (or as many times smaller) than the
same indicator elsewhere is a unit or digit-group slip, named in the warning — "302.441 tỷ đồng"
where last year said 300,5 was typed in the wrong unit or with a group of three digits too many.

Compared, in order, with: the previous period, the same period a year earlier when the previous one is blank, the same unit's other
period types of the same year (forms that accept several), and the unit's peers (the other units under
the same parent, per head or per commune when the sheet states its population or commune count). The
band is wide (≥ 500× or ≤ 1/500) so that growth, even tenfold, never raises it; the 10× ``magnitude``
check handles the narrower swings against the previous period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from statistics import median

from forms.model import Form
from forms.periods import Period, parse_period
from validators.cells import Cells
from validators.checks import Check, violation
from validators.evaluation import summed
from validators.program import Program
from validators.violations import Violation

ZERO = Decimal(0)
BAND = Decimal(500)
# below this both ways a huge ratio is ordinary (1 incident against 600)
SMALL = Decimal(10)
MIN_PEERS = 3
# what a unit's figure is divided by before comparing with its peers, the first the sheets state
SIZE_CODES = ("chung.dan_so", "dan_so", "chung.so_xa", "so_xa")
SLIPS = {3: "thousand", 6: "million", 9: "billion"}


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    several = len(tuple(getattr(form, "periods", ()) or ())) > 1
    size_key = _size_key(form)
    for ind in form.indicators:
        if ind.type not in ("integer", "decimal") or ind.computed:
            continue
        for column in form.columns_of(ind):
            if program.numeric(ind, column):
                yield Check(f"plausibility:{ind.id}@{column}", frozenset({(ind.id, column)}),
                            _run(ind.id, column, ind.cumulative, several, size_key))


def slip(ratio: Decimal) -> tuple[str, int] | None:
    """The slip a ratio points to: ("thousand", 3) for about 1.000× or 1/1.000; ``None`` inside the band."""
    if ZERO < ratio < 1:
        found = slip(1 / ratio)
        return (found[0], -found[1]) if found else None
    if ratio < BAND:
        return None
    digits = round(ratio.log10())
    return SLIPS.get(abs(digits), "digits"), digits


def out_of_band(now: Decimal, before: Decimal) -> Decimal | None:
    """``now / before`` when it is a slip-sized ratio, else ``None``."""
    if before == ZERO or now == ZERO:
        return None
    a, b = abs(now), abs(before)
    if a < SMALL and b < SMALL:
        return None
    if a * BAND <= b or a >= b * BAND:  # multiplied, not divided: most figures are in band
        return a / b
    return None


def _other_kinds(cells: Cells) -> list[Period]:
    """This year's periods of the form's other accepted types (only forms that accept several)."""
    kinds = tuple(getattr(cells.form, "periods", ()) or ())
    if len(kinds) < 2:
        return []
    year = cells.period.year
    codes = {"year": [f"{year}"], "half": [f"{year}S1", f"{year}S2"],
             "quarter": [f"{year}Q{i}" for i in range(1, 5)], "nine_months": [f"{year}Q1-Q3"],
             "month": [f"{year}{m:02d}" for m in range(1, 13)]}
    return [parse_period(code) for kind in kinds if kind != cells.period.kind for code in codes.get(kind, [])]


def _size_key(form: Form) -> tuple[str, str] | None:
    """The cell holding a unit's size (population, communes) on this form, if it has one."""
    by_code = {getattr(ind, "code", None) or ind.id: ind for ind in form.indicators}
    for code in SIZE_CODES:
        ind = by_code.get(code)
        if ind is not None and form.columns_of(ind):
            return ind.id, form.columns_of(ind)[0]
    return None


def _size(cells: Cells, key: tuple[str, str] | None) -> Decimal | None:
    value = cells.value_at(key) if key is not None else None
    return value if isinstance(value, Decimal) and value > ZERO else None


Typical = tuple[Decimal | None, int, Decimal | None, int]  # median and count, raw and per size


def _typical(cells: Cells, parent: str, level: str, key: tuple[str, str],
             size_key: tuple[str, str] | None) -> Typical:
    """The median figure of the units under ``parent`` at ``level``, raw and per size; the unit
    itself is included, as a median shrugs off one slip and is then computed once per run."""
    world = cells.world
    assert world is not None and world.units is not None
    raw: list[Decimal] = []
    per_size: list[Decimal] = []
    for peer in world.units.reporting_children(parent, cells.period.start, cells.period.end):
        if peer.level != level:
            continue
        sheet = world.sheet(peer.code, cells.period)
        value = sheet.value_at(key)
        if not isinstance(value, Decimal) or value == ZERO:
            continue
        size = _size(sheet, size_key)
        if size is not None:
            per_size.append(value / size)
        else:
            raw.append(value)
    return (Decimal(median(raw)) if raw else None, len(raw),
            Decimal(median(per_size)) if per_size else None, len(per_size))


def _run(indicator: str, column: str, cumulative: bool, several: bool,
         size_key: tuple[str, str] | None) -> Callable[[Cells], list[Violation]]:
    key = (indicator, column)

    def figure_of(sheets: tuple[Cells, ...]) -> Decimal | None:
        value = sheets[0].value_at(key) if len(sheets) == 1 else summed([s.value_at(key) for s in sheets])
        return value if type(value) is Decimal else None

    def found(cells: Cells, now: Decimal, before: Decimal, ratio: Decimal, against: str,
              params: tuple[tuple[str, object], ...] = ()) -> list[Violation]:
        name, digits = slip(ratio) or ("digits", 0)
        return [violation(cells, f"plausibility:{indicator}", "plausibility", "warning", column, [key],
                          now, before, (("against", against), ("slip", name), ("digits", digits), *params))]

    def run(cells: Cells) -> list[Violation]:
        now = cells.value_at(key)
        if type(now) is not Decimal or now == ZERO or cells.world is None:
            return []
        # the latest earlier figure: the previous period, else the same period a year earlier
        # (year-to-date figures restart each year, so theirs is always a year earlier)
        before = None if cumulative else figure_of(cells.previous)
        against = "previous"
        if before is None:
            before, against = figure_of(cells.year_before), "year"
        if before is not None:
            ratio = out_of_band(now, before)
            if ratio is not None:
                period = cells.period.prev() if against == "previous" else cells.period.prev_year()
                return found(cells, now, before, ratio, against, (("period", period.code),))
        if several:
            for period in _other_kinds(cells):
                other = cells.world.sheet(cells.unit, period).value_at(key)
                if type(other) is Decimal:
                    # a flow over a year is ~4 quarters, a stock the same: a slip whatever the kind is
                    length = Decimal((cells.period.end - cells.period.start).days + 1) / Decimal(
                        (period.end - period.start).days + 1)
                    ratio = out_of_band(now, other)
                    if ratio is not None and out_of_band(now, other * length) is None:
                        ratio = None
                    if ratio is not None:
                        return found(cells, now, other, ratio, "kind", (("period", period.code),))
        if cells.world.units is None:
            return []
        return _peers(cells, now)

    def _peers(cells: Cells, now: Decimal) -> list[Violation]:
        world = cells.world
        assert world is not None and world.units is not None
        unit = world.units.get(cells.unit)
        if unit is None or not unit.parent:
            return []
        size = _size(cells, size_key)
        memo_key = (unit.parent, unit.level, cells.period, key)
        typical_of = world.memo.get(memo_key)
        if typical_of is None:  # read once per run and cell, not once per unit
            typical_of = world.memo[memo_key] = _typical(cells, unit.parent, unit.level, key, size_key)
        raw_median, raw_count, sized_median, sized_count = typical_of  # type: ignore[misc]
        typical, count = (sized_median, sized_count) if size is not None else (raw_median, raw_count)
        if typical is None or count <= MIN_PEERS:  # the unit and at least MIN_PEERS others
            return []
        mine = now / size if size is not None else now
        if size is None:
            ratio = out_of_band(mine, typical)
        else:  # per head the figures are small: the SMALL floor does not apply
            ratio = abs(mine / typical) if typical else None
            if ratio is not None and not (ratio >= BAND or ratio * BAND <= 1):
                ratio = None
        if ratio is None:
            return []
        return found(cells, now, typical if size is None else typical * size, ratio, "peers",
                     (("peers", count - 1), ("per_size", size is not None)))
    return run
