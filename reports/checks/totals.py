"""A total and the parts listed with it: "3.775 trạm BTS (884 2G; 1.242 3G; 1.647 4G; 02 5G)",
"188 Cổng thành phần (sở, ngành: 47, xã 144)", "…, trong đó Viettel 884, VNPT 1.242 …", "gồm: …"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from reports.checks.base import Context, where
from reports.figures import Figure, money_factor
from reports.findings import CERTAIN, POSSIBLE, REVIEW, Finding, vn

_MARKER = re.compile(r"\(|(?:,\s*)?\b(?:trong đó(?: có)?|bao gồm(?: có)?|gồm(?: có)?)\b\s*:?|:")
# Words that end a list of parts: what follows is another statement about the total.
_END = re.compile(r"\b(?:tăng|giảm|so với|đạt|chiếm|bằng|tương đương|tương ứng|vượt|đứng|xếp|trong đó)\b")
_BAD_PART_UNITS = frozenset({"%", "lần", "km"})


@dataclass(frozen=True, slots=True)
class Breakdown:
    total: Figure
    parts: list[Figure]
    marker: str
    start: int
    end: int


def _matching_paren(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _list_end(text: str, start: int) -> int:
    """Where a list after "trong đó" / "gồm" / ":" ends: a word starting another statement, outside
    any parenthesis, or the end of the sentence."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return i
        elif depth == 0:
            if ch == "." and (i + 1 == len(text) or text[i + 1].isspace()):
                return i
            if (i == start or not text[i - 1].isalnum()) and _END.match(text, i):
                return i
        i += 1
    return len(text)


def _compatible(total: Figure, part: Figure) -> bool:
    if part.unit in _BAD_PART_UNITS or (part.unit != total.unit and money_factor(part.unit) is not None):
        return part.unit == total.unit
    if money_factor(total.unit) is not None or total.unit == "km":
        return part.unit in ("", total.unit)
    return True


def breakdowns(text: str, figures: list[Figure]) -> Iterator[Breakdown]:
    for marker in _MARKER.finditer(text):
        word = marker.group(0).strip(" ,:") or ":"
        before = [f for f in figures if f.end <= marker.start()]
        if not before:
            continue
        total = before[-1]
        gap = text[total.end:marker.start()]
        words = len(gap.split())
        if total.is_percent or words > (3 if word == ":" else 10) or re.search(r"[;)]|\b(?:và|tăng|giảm|đạt)\b", gap):
            continue
        if word == "(":
            end = _matching_paren(text, marker.start())
            segment_start, segment_end = marker.end(), end
        else:
            segment_start = marker.end()
            segment_end = _list_end(text, segment_start)
        inner = text[segment_start:segment_end]
        if re.match(r"\s*(?:tăng|giảm|so với|đạt|chiếm|bằng|tương đương|từ|năm|kế hoạch|mục tiêu|cùng kỳ)\b", inner):
            continue
        parts = [f for f in figures if segment_start <= f.start and f.end <= segment_end]
        # figures in a nested parenthesis ("1.647 4G (chiếm 43,6 %)") belong to that part, not to the list
        nested = [(m.start() + segment_start, _matching_paren(text, m.start() + segment_start))
                  for m in re.finditer(r"\(", inner)]
        parts = [f for f in parts if not any(a < f.start < b for a, b in nested)]
        if len(parts) < 2 or not all(_compatible(total, p) for p in parts):
            continue
        if any(p.value > total.value for p in parts) and word == ":":
            continue
        yield Breakdown(total, parts, word, marker.start(), segment_end)


def check(ctx: Context) -> Iterator[Finding]:
    for n, sentence in enumerate(ctx.sentences):
        for b in breakdowns(sentence.text, ctx.figures[n]):
            total = sum((p.value for p in b.parts), Decimal(0))
            if total == b.total.value:
                continue
            qualified = not b.total.exact or any(not p.exact for p in b.parts)
            segment = sentence.text[b.start:b.end]
            if re.search(r"…|\.\.|\bv\.v\b|\bnhư\b|\bđiển hình\b|\btiêu biểu\b", segment):
                continue  # an open list names examples, not every part
            near = b.total.value and abs(total - b.total.value) <= abs(b.total.value) * Decimal("0.05")
            if qualified:
                confidence = POSSIBLE
            elif total > b.total.value or near or (b.marker not in ("trong đó", "(") and len(b.parts) >= 3):
                # parts exceeding their whole, or a near miss (a typo), cannot be a partial listing
                confidence = CERTAIN
            else:
                confidence = REVIEW  # "trong đó" may list only the notable parts
            listed = " + ".join(p.text for p in b.parts)
            yield Finding(
                "total_parts", confidence,
                f"Tổng nêu là {b.total.text} nhưng các thành phần liệt kê cộng lại bằng {vn(total)} "
                f"({listed} = {vn(total)}; {'thừa' if total > b.total.value else 'thiếu'} {vn(abs(total - b.total.value))}).",
                [sentence.text], [b.total.text, *[p.text for p in b.parts]], where(sentence))
