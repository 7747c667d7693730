"""The figures of a sentence: each number as written, its value, its written precision, its unit and
whether it is qualified ("trên", "gần", "khoảng", "hơn") — a qualified figure is never compared as exact.

Numbers are read by ``forms.numbers`` (Vietnamese notation); "2G", "4G", years after "năm", dates and
document numbers are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from forms.numbers import parse_value

# Longest first: "1.242,5", "1.242", "97,45", "82.5" (one or two digits after a single dot), "884".
_NUMBER = re.compile(
    r"(?<![\w.,/])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d{1,2}(?![\d.])|\d+)(?![\w])(?!,\d)(?!\.\d)"
)
_QUALIFIERS = ("trên", "gần", "khoảng", "hơn", "xấp xỉ", "ước", "ước tính", "ước đạt", "dưới", "hàng", "chưa đến",
               "tối thiểu", "tối đa", "ít nhất", "không quá", "≥", "≤", ">", "<")
_UNITS = (
    "tỷ đồng", "triệu đồng", "nghìn đồng", "ngàn đồng", "đồng", "%", "km", "lần", "điểm phục vụ",
)
_DATE_WORDS = re.compile(
    r"(?:(?<![\w])(?:ngày|tháng|năm|quý|giai đoạn|khoản|Điều|điều|mục|Mục|phụ lục|Phụ lục|kỳ|STT|Số|Kế hoạch số"
    r"|kế hoạch số|[Qq]uyết định số|[Nn]ghị quyết số|[Cc]hỉ thị số|[Tt]hông tư số|[Nn]ghị định số|[Cc]ông văn số"
    r"|[Vv]ăn bản số|[Bb]áo cáo số|[Tt]hông báo số|[Kk]ết luận số))\s*$")
# "cấp độ 2", "bậc 3", "đợt 1": a small number after these words labels a thing, it counts nothing
# ("cấp 6.842 chứng thư" is a count: only one or two digits are labels)
_LABEL_WORDS = re.compile(r"(?<![\w])(?:cấp độ|cấp|bậc|mức độ|mức|loại|nhóm|hạng|biểu|mẫu|Biểu|Mẫu|lần thứ|đợt|khóa"
                          r"|tầng|khu|lô|tổ)\s*$")
_NOT_UNITS = frozenset("lên xuống so và là trong của với tăng giảm đến từ trên hơn gần khoảng còn thì nhưng được đạt "
                       "chiếm bằng cho tại ở theo".split())
_TIME_WORDS = frozenset({"tháng", "năm", "quý", "ngày", "giờ", "tuần", "phút"})
_WORD = re.compile(r"[^\W\d_][^\s,.;:()]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    value: Decimal
    decimals: int
    start: int
    end: int
    unit: str  # "%", "tỷ đồng", "triệu đồng", "km", "lần", or the noun that follows ("trạm", "xã"), or ""
    qualifier: str  # "" when exact

    @property
    def exact(self) -> bool:
        return not self.qualifier

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def shown(self) -> str:
        """The figure as quoted in a message: with its unit when the unit is a measure."""
        if self.unit == "%":
            return f"{self.text} %"
        if self.unit in _UNITS:
            return f"{self.text} {self.unit}"
        return self.text


def money_factor(unit: str) -> Decimal | None:
    """Đồng per unit for money units; None for other units."""
    return {"tỷ đồng": Decimal(10) ** 9, "triệu đồng": Decimal(10) ** 6, "nghìn đồng": Decimal(1000),
            "ngàn đồng": Decimal(1000), "đồng": Decimal(1)}.get(unit)


def read_number(text: str) -> tuple[Decimal, int] | None:
    parsed = parse_value(text, "decimal")
    if parsed.kind != "number" or parsed.number is None:
        return None
    return parsed.number, parsed.decimals or 0


def _unit_after(text: str, end: int) -> str:
    rest = text[end:end + 40]
    stripped = rest.lstrip()
    for unit in _UNITS:
        if stripped.lower().startswith(unit) and (len(stripped) == len(unit) or not stripped[len(unit)].isalnum()
                                                  or unit == "%"):
            return unit
    word = _WORD.match(stripped)
    if word and rest[:1].isspace() and word.group(0).lower() not in _NOT_UNITS:
        return word.group(0).lower()
    return ""


def _qualifier_before(text: str, start: int) -> str:
    before = text[max(0, start - 24):start].rstrip().lower()
    for q in sorted(_QUALIFIERS, key=len, reverse=True):
        if before.endswith(q) and (len(before) == len(q) or not before[-len(q) - 1].isalnum()):
            return q
    return ""


def _bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of the writer's notes "[…]": never statements of the report."""
    return [(m.start(), m.end()) for m in re.finditer(r"\[[^\]]*\]", text)]


def figures_of(text: str) -> list[Figure]:
    out: list[Figure] = []
    notes = _bracketed(text)
    for match in _NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in notes):
            continue
        token = match.group(0)
        before = text[:match.start()]
        if _DATE_WORDS.search(before) and "%" not in text[match.end():match.end() + 2]:
            continue
        if len(token) <= 2 and _LABEL_WORDS.search(before):
            continue
        if re.search(r"\d[/-]$", before) or (text[match.end():match.end() + 1] == "-" and re.match(
                r"-\d", text[match.end():match.end() + 2]) and len(token) == 4):
            continue  # "10/6/2024", "2021-2025"
        if re.match(r"\s*/\s*\d", text[match.end():match.end() + 4]):
            continue  # the numerator of a fraction "1.109/3.453"
        if re.match(r"[/-]\d{1,2}[/-]\d{2,4}", text[match.end():match.end() + 8]):
            continue  # a date "10/6/2024"
        if len(token) == 4 and token.startswith(("19", "20")) and re.search(r"(?:năm|–|-)\s*$", before):
            continue
        unit = _unit_after(text, match.end())
        if unit in _TIME_WORDS:
            continue  # "6 tháng đầu năm", "15 ngày": a period, not a quantity
        read = read_number(token)
        if read is None:
            continue
        out.append(Figure(token, read[0], read[1], match.start(), match.end(), unit,
                          _qualifier_before(text, match.start())))
    return out


_FRACTION = re.compile(
    r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\w/]|[.,]\d)"
)


@dataclass(frozen=True, slots=True)
class Fraction:
    numerator: Decimal
    denominator: Decimal
    text: str
    start: int
    end: int


def fractions_of(text: str) -> list[Fraction]:
    """"1.109/3.453", "17/28" — never a date "10/6/2024"."""
    out = []
    notes = _bracketed(text)
    for match in _FRACTION.finditer(text):
        if any(a <= match.start() < b for a, b in notes):
            continue
        if text[match.end():match.end() + 1] == "/" or text[match.end():match.end() + 2] == "-Q":
            continue  # "10/6/2024", "13/2023/NĐ-CP": a date or a document number
        if re.search(r"(?:ngày|tháng|quý|năm|số|Số|hiệu|thứ|hạng)\s*$", text[:match.start()]):
            continue
        a, b = read_number(match.group(1)), read_number(match.group(2))
        if a is None or b is None or b[0] == 0:
            continue
        if 1990 <= b[0] <= 2100 and a[0] <= 12 and "." not in match.group(2):
            continue  # "4/2024": a month
        out.append(Fraction(a[0], b[0], match.group(0), match.start(), match.end()))
    return out
