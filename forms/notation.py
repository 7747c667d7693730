"""Qualified figures as reports write them: "trên 85 %", "hơn 17.000", "khoảng 557", "≥ 2", "20–25 %",
"42/209", "hạng 10/63", "295,5 km", "2.750." — and dates ("23/5/2023", "Quý IV/2022").

A ``Figure`` keeps the text as typed and what it says as an interval (lo, hi, each open or closed),
so a rule holds or fails only when it does over the whole interval. A figure is never turned into a
bare different number: "trên 85 %" is (85; +∞), not 85.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from forms.periods import ROMAN

Qualifier = str  # exact | above | at_least | below | at_most | about | range | fraction | rank | date

# "khoảng 557" has no stated error; ±5 % is the band within which a rule treats it as "about"
ABOUT_BAND = Decimal("0.05")

_PREFIXES: tuple[tuple[str, Qualifier], ...] = (
    ("lớn hơn", "above"), ("nhiều hơn", "above"), ("cao hơn", "above"), ("trên", "above"),
    ("hơn", "above"), ("vượt", "above"), (">=", "at_least"), ("≥", "at_least"), (">", "above"),
    ("ít nhất", "at_least"), ("tối thiểu", "at_least"), ("không dưới", "at_least"),
    ("không ít hơn", "at_least"), ("nhỏ hơn", "below"), ("chưa đến", "below"),
    ("chưa tới", "below"), ("dưới", "below"), ("<=", "at_most"), ("≤", "at_most"), ("<", "below"),
    ("tối đa", "at_most"), ("không quá", "at_most"), ("không vượt quá", "at_most"),
    ("khoảng", "about"), ("xấp xỉ", "about"), ("gần", "about"), ("chừng", "about"),
    ("ước tính", "about"), ("ước", "about"), ("~", "about"), ("≈", "about"),
)
_RANK_WORDS = ("xếp thứ", "xếp hạng", "đứng thứ", "hạng", "thứ")
_DASHES = re.compile(r"\s*[-–—]\s*|\s+(?:đến|tới)\s+")
_FRACTION = re.compile(r"^(.+?)\s*/\s*(.+)$")
_RANK_FIELD = re.compile(r"^\s*([\d.]+)\s+[^\W\d_][^\d]*$")
_NUMBER_HEAD = re.compile(r"^[+-]?[\d.,\s\u00a0\u202f]*\d")

QUALIFIER_WORDS = {
    "above": "trên", "at_least": "ít nhất", "below": "dưới", "at_most": "tối đa", "about": "khoảng",
    "range": "khoảng từ … đến", "fraction": "phân số", "rank": "thứ hạng", "date": "ngày",
}


@dataclass(frozen=True, slots=True)
class Figure:
    """What a qualified text says: ``lo``/``hi`` (``None`` = unbounded), each open or closed.

    ``of`` is the whole of a fraction ("42/209": 42 of 209) or the field of a rank ("10/63": 10th
    of 63); ``decimals`` the digits written. Dates are day numbers (``date.toordinal``).
    """

    text: str
    qualifier: Qualifier
    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False
    of: Decimal | None = None
    decimals: int = 0

    @property
    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi and not self.lo_open and not self.hi_open

    @property
    def point(self) -> Decimal | None:
        return self.lo if self.is_point else None

    def describe(self) -> str:
        """The interval in Vietnamese notation: "(85; +∞)", "[20; 25]"."""
        from forms.numbers import format_number

        if self.qualifier == "date":
            lo, hi = (_day(self.lo), _day(self.hi))
            return lo if lo == hi else f"{lo} – {hi}"
        left = "(" if self.lo_open or self.lo is None else "["
        right = ")" if self.hi_open or self.hi is None else "]"
        lo = "−∞" if self.lo is None else format_number(self.lo)
        hi = "+∞" if self.hi is None else format_number(self.hi)
        return f"{left}{lo}; {hi}{right}"


def _day(ordinal: Decimal | None) -> str:
    if ordinal is None:
        return "?"
    day = date.fromordinal(int(ordinal))
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _number(text: str, cell_type: str, unit: str) -> tuple[Decimal, int] | None:
    """A plain Vietnamese number, with an optional unit after it that matches ``unit``."""
    from forms.numbers import _read_decimal, normalize_text

    body = strip_sentence_end(normalize_text(text))
    body = strip_unit(body, cell_type, unit)
    if body is None:
        return None
    if body.startswith("+"):
        body = body[1:]
    return _read_decimal(body)


def strip_sentence_end(text: str) -> str:
    """ "2.750." → "2.750": a dot after a whole figure ends the sentence (never "1.24")."""
    if text.endswith(".") and len(text) > 1 and (text[-2].isdigit() or text[-2] == "%"):
        return text[:-1].rstrip()
    return text


def strip_unit(text: str, cell_type: str, unit: str) -> str | None:
    """``text`` without a trailing unit that matches the indicator's (or "%" in a percent cell);
    ``None`` when a different unit is written."""
    head = _NUMBER_HEAD.match(text)
    if head is None:
        return None
    tail = text[head.end():].strip()
    if not tail:
        return text
    number = text[:head.end()].strip()
    accepted = {unit.strip().casefold()} if unit.strip() else set()
    if cell_type == "percent":
        accepted.add("%")
    return number if tail.casefold() in accepted else None


def read_figure(text: str, cell_type: str, unit: str = "") -> Figure | None:
    """The figure ``text`` states in a numeric cell, or ``None`` when it states none.

    An exact figure ("295,5 km" where the unit is km, "2.750.") comes back with qualifier ``exact``.
    """
    from forms.numbers import normalize_text

    raw = normalize_text(text)
    body = strip_sentence_end(raw)
    low = body.casefold()
    for word in _RANK_WORDS:
        if low.startswith(word + " ") or (word == "thứ" and low.startswith("thứ")):
            rest = body[len(word):].strip()
            rank = _fraction(raw, rest, "rank", cell_type, unit)
            if rank is not None:
                return rank
            found = _number(rest, cell_type, unit)
            if found is not None and found[1] == 0:
                return Figure(raw, "rank", found[0], found[0])
            return None
    for word, qualifier in _PREFIXES:
        if low.startswith(word) and (not word[0].isalpha() or low[len(word):len(word) + 1] in (" ", "")):
            found = _number(body[len(word):].strip(), cell_type, unit)
            return None if found is None else _bounded(raw, qualifier, *found)
    parts = _DASHES.split(body.removeprefix("từ ").strip())
    if len(parts) == 2 and all(p.strip() for p in parts) and not body.startswith("-"):
        lo_text, hi_text = parts
        hi = _number(hi_text, cell_type, unit)
        lo = _number(lo_text, cell_type, unit) if hi is not None else None
        if lo is None and hi is not None:  # "20–25 %": the unit is written once, after the second
            lo = _number(lo_text, "decimal", "")
        if lo is not None and hi is not None and lo[0] <= hi[0]:
            return Figure(raw, "range", lo[0], hi[0], decimals=max(lo[1], hi[1]))
        return None
    kind = "rank" if "hạng" in unit.casefold() else "fraction"
    fraction = _fraction(raw, body, kind, cell_type, unit)
    if fraction is not None:
        return fraction
    found = _number(body, cell_type, unit)
    if found is None:
        return None
    return Figure(raw, "exact", found[0], found[0], decimals=found[1])


def _fraction(raw: str, body: str, kind: str, cell_type: str, unit: str) -> Figure | None:
    match = _FRACTION.match(body)
    if match is None:
        return None
    top = _number(match.group(1), "decimal", "")
    whole = _number(match.group(2), cell_type if cell_type != "percent" else "decimal", unit)
    if whole is None and kind == "rank":  # "10/63 tỉnh, thành phố": the field may be named
        field_match = _RANK_FIELD.match(match.group(2))
        whole = _number(field_match.group(1), "integer", "") if field_match else None
    if top is None or whole is None or whole[0] <= 0 or top[0] < 0:
        return None
    if kind == "rank" and (top[1] or whole[1] or top[0] < 1 or top[0] > whole[0]):
        return None
    value = top[0]
    if kind == "fraction" and cell_type == "percent":  # "42/209" in a share: the share it states
        value = top[0] * 100 / whole[0]
    return Figure(raw, kind, value, value, of=whole[0], decimals=top[1])


def _bounded(raw: str, qualifier: Qualifier, value: Decimal, decimals: int) -> Figure:
    if qualifier == "above":
        return Figure(raw, qualifier, value, None, lo_open=True, decimals=decimals)
    if qualifier == "at_least":
        return Figure(raw, qualifier, value, None, decimals=decimals)
    if qualifier == "below":
        return Figure(raw, qualifier, None, value, hi_open=True, decimals=decimals)
    if qualifier == "at_most":
        return Figure(raw, qualifier, None, value, decimals=decimals)
    band = abs(value) * ABOUT_BAND
    return Figure(raw, "about", value - band, value + band, decimals=decimals)


def problem_of(figure: Figure) -> str:
    """Why a qualified figure is flagged, in Vietnamese: it is kept, but it is not one number."""
    from forms.numbers import format_number

    what = {
        "above": "một cận dưới", "at_least": "một cận dưới", "below": "một cận trên", "at_most": "một cận trên",
        "about": "một số ước chừng", "range": "một khoảng", "fraction": "một phân số", "rank": "một thứ hạng",
    }.get(figure.qualifier, "một khoảng")
    if figure.of is not None:
        shown = f"{format_number(figure.lo)} trên tổng {format_number(figure.of)}" if figure.qualifier == "fraction" \
            else f"hạng {format_number(figure.lo)} trong {format_number(figure.of)}"
    else:
        shown = f"khoảng giá trị {figure.describe()}"
    return f"«{figure.text}» là {what}, không phải một số; được lưu kèm {shown}"


# --- dates ----------------------------------------------------------------------------------------

_DAY = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_DAY_WORDS = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$")
_MONTH = re.compile(r"^tháng\s+(\d{1,2})\s*[/.-]\s*(\d{4})$|^tháng\s+(\d{1,2})\s+năm\s+(\d{4})$")
_QUARTER = re.compile(r"^quý\s+([ivx]+|\d)\s*[/.-]\s*(\d{4})$|^quý\s+([ivx]+|\d)\s+năm\s+(\d{4})$")
_YEAR = re.compile(r"^năm\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def read_date(text: str) -> Figure | None:
    """A date or a period standing for its days: "23/5/2023", "ngày 05/10/2024", "Quý IV/2022",
    "Tháng 4/2023", "2023-05-23"; ``None`` when ``text`` is none of them or not a real day."""
    from forms.numbers import normalize_text

    raw = normalize_text(text)
    low = _SPACE.sub(" ", strip_sentence_end(raw).casefold())
    try:
        for pattern in (_DAY, _DAY_WORDS):
            match = pattern.match(low)
            if match:
                day, month, year = (int(g) for g in match.groups())
                return _days(raw, date(year, month, day), date(year, month, day))
        match = _ISO.match(low)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return _days(raw, date(year, month, day), date(year, month, day))
        match = _MONTH.match(low)
        if match:
            month, year = (int(g) for g in match.groups() if g is not None)
            return _days(raw, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        match = _QUARTER.match(low)
        if match:
            which, year_text = (g for g in match.groups() if g is not None)
            quarter = int(which) if which.isdigit() else (ROMAN.index(which.upper()) + 1
                                                          if which.upper() in ROMAN else 0)
            if not 1 <= quarter <= 4:
                return None
            year = int(year_text)
            last = quarter * 3
            return _days(raw, date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1]))
        match = _YEAR.match(low)
        if match:
            year = int(match.group(1))
            return _days(raw, date(year, 1, 1), date(year, 12, 31))
    except ValueError:  # 31/2/2024: not a day
        return None
    if any(c.isalpha() for c in low):  # "6 tháng đầu năm 2024", "9 tháng đầu năm 2024": a period's days
        from forms.periods import PeriodError, parse_period

        try:
            period = parse_period(strip_sentence_end(raw))
        except (PeriodError, ValueError):
            return None
        return _days(raw, period.start, period.end)
    return None


_SPACE = re.compile(r"\s+")


def _days(raw: str, first: date, last: date) -> Figure:
    return Figure(raw, "date", Decimal(first.toordinal()), Decimal(last.toordinal()))


def as_dates(figure: Figure) -> tuple[date, date]:
    assert figure.lo is not None and figure.hi is not None
    return date.fromordinal(int(figure.lo)), date.fromordinal(int(figure.hi))


# --- comparing over intervals ---------------------------------------------------------------------

def bounds(value: Figure | Decimal) -> tuple[Decimal | None, bool, Decimal | None, bool]:
    if isinstance(value, Figure):
        return value.lo, value.lo_open, value.hi, value.hi_open
    return value, False, value, False


def compare(left: Figure | Decimal, op: str, right: Figure | Decimal) -> bool | None:
    """``left op right`` over the two intervals: ``True``/``False`` when certain, else ``None``."""
    if isinstance(right, Figure) and right.qualifier == "date" and op in ("<", "<=", ">", ">="):
        # a period on the right is a deadline or a start: "≤ Quý IV/2022" is by its last day,
        # "< Quý IV/2022" before its first, "≥" from its first, ">" after its last
        day = right.hi if op in ("<=", ">") else right.lo
        right = Figure(right.text, "date", day, day)
    return _over(left, op, right)


def _over(left: Figure | Decimal, op: str, right: Figure | Decimal) -> bool | None:
    if op in ("==", "!="):
        same = _over(left, "<=", right) is True and _over(left, ">=", right) is True
        apart = _over(left, "<", right) is True or _over(left, ">", right) is True
        equal = True if same else False if apart else None
        return equal if op == "==" or equal is None else not equal
    if op in (">", ">="):
        flipped = _over(right, "<" if op == ">" else "<=", left)
        return flipped
    a_lo, a_lo_open, a_hi, a_hi_open = bounds(left)
    b_lo, b_lo_open, b_hi, b_hi_open = bounds(right)
    strict = op == "<"
    # certainly true: every a is below every b
    if a_hi is not None and b_lo is not None:
        if a_hi < b_lo or (a_hi == b_lo and (not strict or a_hi_open or b_lo_open)):
            return True
    # certainly false: every a is at or above (above, for <=) every b
    if a_lo is not None and b_hi is not None:
        if a_lo > b_hi or (a_lo == b_hi and (strict or a_lo_open or b_hi_open)):
            return False
    return None
