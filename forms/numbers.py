"""Vietnamese numbers: reading what clerks type ("1.242", "295,5", "97,45%") and writing it back.

Values are ``Decimal`` and keep the number of decimals as written, because ``~=`` compares at that
precision. A text that cannot be read as the cell's type is kept as typed with a problem, never
turned into 0 or blank.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from forms.limits import LIMIT_MARK, SURELY_WITHIN_LENGTH, number_problem, shown

if TYPE_CHECKING:
    from forms.notation import Figure

CellType = Literal["integer", "decimal", "percent", "text", "boolean", "choice", "date"]
NUMERIC_TYPES = frozenset({"integer", "decimal", "percent"})

Kind = Literal["blank", "number", "boolean", "text", "choice", "date", "error"]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"^-?\d+$")
_DOT_GROUPS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")
_SPACE_GROUPS = re.compile(r"^-?\d{1,3}(?: \d{3})+$")
_DOT_GROUPS_COMMA_DEC = re.compile(r"^-?\d{1,3}(?:\.\d{3})+,\d+$")
_SPACE_GROUPS_COMMA_DEC = re.compile(r"^-?\d{1,3}(?: \d{3})+,\d+$")
_COMMA_DEC = re.compile(r"^-?\d+,\d+$")
_DOT_DEC = re.compile(r"^-?\d+\.(?:\d{1,2}|\d{4,})$")
_ENGLISH = re.compile(r"^-?\d{1,3}(?:,\d{3})+\.\d+$")

_TRUE = {"có", "co", "c", "x", "yes", "y", "true", "đúng", "1"}
_FALSE = {"không", "khong", "k", "no", "n", "false", "sai", "0"}


@dataclass(frozen=True, slots=True)
class Parsed:
    """The reading of one typed text for one cell type.

    ``value`` is a ``Decimal`` for numbers, ``bool`` for booleans, the canonical choice for
    choices, the text for text cells, ``None`` for blanks and errors. ``decimals`` is the number
    of digits written after the decimal separator (numbers only). ``problem`` is a Vietnamese
    sentence when the text cannot be read as the type.
    """

    raw: str
    kind: Kind
    value: Decimal | bool | str | None = None
    decimals: int | None = None
    problem: str | None = None
    # a qualified figure ("trên 85 %", "20–25 %", "42/209") or a date, as an interval (forms.notation)
    figure: Figure | None = None

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"

    @property
    def is_error(self) -> bool:
        return self.kind == "error"

    @property
    def number(self) -> Decimal | None:
        return self.value if self.kind == "number" else None  # type: ignore[return-value]


def normalize_text(raw: str) -> str:
    """NFC and trimmed: text typed on macOS arrives decomposed."""
    return unicodedata.normalize("NFC", raw).strip()


def _read_decimal(text: str) -> tuple[Decimal, int] | None:
    """Read a decimal in Vietnamese notation first; ``None`` when it is not a number."""
    t = _SPACES.sub(" ", text)
    if _PLAIN.match(t):
        return Decimal(t), 0
    if _COMMA_DEC.match(t):  # "295,5", the commonest decimal; it has no '.' or ' ' the grouped forms need
        whole, frac = t.split(",")
        return Decimal(f"{whole}.{frac}"), len(frac)
    if _DOT_GROUPS.match(t):
        return Decimal(t.replace(".", "")), 0
    if _SPACE_GROUPS.match(t):
        return Decimal(t.replace(" ", "")), 0
    if _DOT_GROUPS_COMMA_DEC.match(t) or _SPACE_GROUPS_COMMA_DEC.match(t):
        whole, frac = t.replace(".", "").replace(" ", "").split(",")
        return Decimal(f"{whole}.{frac}"), len(frac)
    if _DOT_DEC.match(t):
        return Decimal(t), len(t.split(".")[1])
    if _ENGLISH.match(t):
        whole, frac = t.replace(",", "").split(".")
        return Decimal(f"{whole}.{frac}"), len(frac)
    return None


def common_number(raw: str, cell_type: str) -> tuple[Decimal, int] | None:
    """``(value, decimals)`` of the commonest numbers typed without spaces ("884", "1.242",
    "295,5") in a numeric cell, exactly as ``parse_value`` reads them but without its normalising
    and pattern chain; ``None`` for anything else, which needs ``parse_value``."""
    if len(raw) > SURELY_WITHIN_LENGTH or not raw.isascii():
        return None  # a long figure goes the full way, past the limits check
    if raw.isdigit():
        return Decimal(raw), 0
    if _DOT_GROUPS.fullmatch(raw):
        return Decimal(raw.replace(".", "")), 0
    if cell_type != "integer" and _COMMA_DEC.fullmatch(raw):
        whole, frac = raw.split(",")
        return Decimal(f"{whole}.{frac}"), len(frac)
    return None


def parse_value(raw: str | None, cell_type: str, choices: tuple[str, ...] = (), unit: str = "") -> Parsed:
    """Read ``raw`` as typed into a cell of ``cell_type``; ``unit`` (the indicator's đơn vị tính) may
    follow a number ("295,5 km")."""
    if raw is None:
        return Parsed("", "blank")
    if type(raw) is str and cell_type in NUMERIC_TYPES:
        found = common_number(raw, cell_type)
        if found is not None:
            return Parsed(raw, "number", found[0], found[1])
    text = normalize_text(str(raw))
    if not text:
        return Parsed(text, "blank")
    if cell_type == "text":
        return Parsed(text, "text", text)
    if text[0] in "=+@" and not _PLAIN.match(text[1:].strip()):
        return Parsed(text, "error", problem=f"«{text}» là công thức; chỉ nhập giá trị, không nhập công thức")
    if cell_type in NUMERIC_TYPES:
        parsed = _parse_number(text, cell_type)
        return _notation(parsed, cell_type, unit) if parsed.kind == "error" else parsed
    if cell_type == "date":
        return _parse_date(text)
    if cell_type == "boolean":
        low = text.lower()
        if low in _TRUE:
            return Parsed(text, "boolean", True)
        if low in _FALSE:
            return Parsed(text, "boolean", False)
        return Parsed(text, "error", problem=f"«{text}» không phải là Có/Không")
    if cell_type == "choice":
        low = text.casefold()
        for choice in choices:
            if normalize_text(choice).casefold() == low:
                return Parsed(text, "choice", choice)
        listed = "; ".join(choices)
        return Parsed(text, "error", problem=f"«{text}» không thuộc danh sách lựa chọn ({listed})")
    raise ValueError(f"unknown cell type {cell_type!r}")


def _parse_number(text: str, cell_type: str) -> Parsed:
    body = text
    if cell_type == "percent":
        body = body.rstrip()
        if body.endswith("%"):
            body = body[:-1].rstrip()
    if body.startswith("+"):
        body = body[1:]
    try:
        read = _read_decimal(body)
    except InvalidOperation:  # pragma: no cover - the patterns only admit digits
        read = None
    if read is None:
        what = {"integer": "số nguyên", "decimal": "số", "percent": "tỷ lệ phần trăm"}[cell_type]
        return Parsed(text, "error", problem=f"«{text}» không đọc được thành {what}")
    value, decimals = read
    if cell_type == "integer" and decimals:
        return Parsed(
            text, "error", problem=f"«{text}» có phần thập phân; chỉ tiêu này là số đếm (số nguyên)"
        )
    beyond = number_problem(value)  # the one point a figure is accepted: forms/limits.py decides
    if beyond is not None:
        return Parsed(text, "error", problem=f"«{shown(text)}» {LIMIT_MARK}{beyond}")
    return Parsed(text, "number", value, decimals)


def _notation(parsed: Parsed, cell_type: str, unit: str) -> Parsed:
    """A number the plain patterns refuse, read again as reports write figures (forms.notation):
    an exact one ("295,5 km" in a km row, "2.750.") as the number; a bound, range, fraction or rank
    kept with the interval it states and still flagged, since it is not one number."""
    from forms.notation import problem_of, read_figure

    if LIMIT_MARK in (parsed.problem or ""):
        return parsed  # past the limits: no second reading may turn it into a number
    figure = read_figure(parsed.raw, cell_type, unit)
    if figure is None:
        return parsed
    if figure.qualifier != "exact":
        return Parsed(parsed.raw, "error", problem=problem_of(figure), figure=figure)
    if cell_type == "integer" and figure.decimals:
        return Parsed(parsed.raw, "error", problem=f"«{parsed.raw}» có phần thập phân; chỉ tiêu này là số đếm (số nguyên)")
    beyond = number_problem(figure.lo) if figure.lo is not None else None
    if beyond is not None:
        return Parsed(parsed.raw, "error", problem=f"«{shown(parsed.raw)}» {LIMIT_MARK}{beyond}")
    return Parsed(parsed.raw, "number", figure.lo, figure.decimals)


def _parse_date(text: str) -> Parsed:
    from forms.notation import read_date

    figure = read_date(text)
    if figure is None:
        return Parsed(text, "error", problem=f"«{text}» không đọc được thành ngày (ví dụ: 23/5/2023, Quý IV/2022)")
    return Parsed(text, "date", figure, figure=figure)


def format_number(value: Decimal | int | float | None, decimals: int | None = None,
                  locale: str = "vi_VN") -> str:
    """Write a number the Vietnamese way: 1242 → "1.242", 97.45 → "97,45".

    ``decimals`` fixes the digits after the separator (the written precision); ``None`` shows
    the digits the value has. Rounding is half-up, as people round.
    """
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if decimals is None:
        decimals = written_decimals(number)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    decimal_sign, group_sign = _symbols(locale)
    text = f"{number:,.{decimals}f}"  # Python's own: ',' groups, '.' decimals
    return text.replace(",", "\0").replace(".", decimal_sign).replace("\0", group_sign)


# Vietnamese is the app's own notation (parse_value reads it with no locale data either); loading Babel's
# CLDR data for it cost tens of milliseconds before the first window showed a figure.
_VIETNAMESE = (",", ".")


@lru_cache(maxsize=8)
def _symbols(locale: str) -> tuple[str, str]:
    """(decimal sign, group sign) of a locale: Vietnamese as written, others from Babel's CLDR data, looked up once."""
    if locale in ("vi_VN", "vi"):
        return _VIETNAMESE
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale), get_group_symbol(locale)


def written_decimals(value: Decimal) -> int:
    """Digits after the decimal point as the ``Decimal`` carries them ("0.10" → 2)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
