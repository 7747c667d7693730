"""A stated count and the list that follows it: "05 doanh nghiệp: Viettel, VNPT, MobiFone và FPT",
"3 huyện (Sơn Động, Lục Ngạn, Yên Thế)", "gồm 4 đơn vị: …"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from reports.checks.base import Context, where
from reports.checks.totals import _matching_paren
from reports.findings import CERTAIN, REVIEW, Finding

_OPEN = re.compile(r"(?:\s*[^\W\d][^\s:(;.,]*,?){0,6}?\s*(?:(?:là|gồm|bao gồm|gồm có)\s*:?\s*|:\s*|\()")
_PLACES = re.compile(r"\s+(?:huyện|xã|tỉnh|thành phố|thị xã|phường|thị trấn|doanh nghiệp|sở|đơn vị)\s+(?=[A-ZĐÀ-Ỹ])")
_SPLIT = re.compile(r"\s*(?:;|,|\bvà\b|\bcùng\b)\s*")
_OPEN_ENDED = re.compile(r"…|\.\.\.|\bv\.v\b|\bkhác\b|\bnhư\b|\bđiển hình\b|\btiêu biểu\b|\bmột số\b")
_LOWER_PREFIX = re.compile(r"^(?:huyện|thị xã|thành phố|xã|phường|thị trấn|sở|ban|ủy ban|ubnd|trung tâm|cổng|"
                           r"hệ thống|nền tảng|tổ|báo|đài|tạp chí|công ty|tập đoàn|bưu điện|cục|vụ)\b")


def _items(segment: str) -> list[str] | None:
    items = [i.strip(" .") for i in _SPLIT.split(segment) if i.strip(" .")]
    if not items or any(re.search(r"\d", i) or len(i.split()) > 7 for i in items):
        return None
    if not all(i[0].isupper() or _LOWER_PREFIX.match(i.lower()) for i in items):
        return None
    return items


def _names_run(text: str) -> str:
    """The list of names at the start of ``text``: up to punctuation or two lower-case words in a row
    ("Tân Sơn, Cấm Sơn và Hộ Đáp của huyện …")."""
    text = re.split(r"[.;:(]", text, maxsplit=1)[0]
    words = list(re.finditer(r"\S+", text))
    for a, b in pairwise(words):
        if a.group(0).islower() and b.group(0).islower() and a.group(0) != "và":
            return text[:a.start()]
    return text


def _noun(text: str, start: int, end: int) -> str:
    return re.sub(r"\s*(?:là|gồm|bao gồm|gồm có)?\s*[:(]?\s*$", "", text[start:end]).strip()


def check(ctx: Context) -> Iterator[Finding]:
    for n, sentence in enumerate(ctx.sentences):
        text = sentence.text
        for fig in ctx.figures[n]:
            if not fig.exact or fig.decimals or fig.is_percent or fig.value < 2 or fig.value > 60 or not fig.unit:
                continue
            if fig.unit in ("lần", "km", "tỷ đồng", "triệu đồng") or re.search(r"\b(?:tăng|giảm)\s+$", text[:fig.start]):
                continue
            opener = _OPEN.match(text, fig.end)
            direct = None if opener else _PLACES.match(text, fig.end)
            if direct:  # "3 huyện Sơn Động, Lục Ngạn và Yên Thế": names right after the place noun
                segment = _names_run(text[direct.end():])
                items = _items(segment)
                if items is None or len(items) < 2 or len(items) == fig.value or _OPEN_ENDED.search(segment):
                    continue
                yield Finding(
                    "list_count", REVIEW,
                    f"Câu nêu {fig.text} {direct.group(0).strip()} nhưng liệt kê {len(items)} mục: {', '.join(items)}.",
                    [text], [fig.text, str(len(items))], where(sentence))
                continue
            if not opener:
                continue
            if opener.group(0).rstrip().endswith("("):
                close = _matching_paren(text, opener.end() - 1)
                segment, clean_end = text[opener.end():close], close < len(text)
            else:
                stop = re.search(r"\.\s|\.$|;\s*(?=[^\W\d]*\s*\d)", text[opener.end():])
                segment = text[opener.end():opener.end() + stop.start()] if stop else text[opener.end():]
                clean_end = True
            if _OPEN_ENDED.search(segment):
                continue
            items = _items(segment)
            if items is None or len(items) < 2 or len(items) == fig.value:
                continue
            yield Finding(
                "list_count", CERTAIN if clean_end else REVIEW,
                f"Câu nêu {fig.text} {_noun(text, fig.end, opener.end())} nhưng liệt kê {len(items)} mục: {', '.join(items)}.",
                [text], [fig.text, str(len(items))], where(sentence))
