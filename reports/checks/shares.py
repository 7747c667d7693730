"""A share and its own numerator and denominator: "đạt 32,17 % (1.109/3.453)", "312.000/411.230 (83%)",
"117 trên tổng số 190 phản ánh (61,6 %)", "1.109 của 3.453 trường hợp", and "chiếm X %" of a total
listed in the same sentence. Compared at the precision written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from reports.checks.base import Context, agrees, where
from reports.checks.totals import breakdowns
from reports.figures import Figure, fractions_of
from reports.findings import CERTAIN, POSSIBLE, REVIEW, Finding, vn
from reports.text import Sentence

_OF = re.compile(r"^\s*(?:[^\W\d]+\s+){0,4}?(?:trên|của|trong|/)\s+(?:tổng\s+số\s+|số\s+|tổng\s+|trong\s+số\s+)?$")
_NEAR = 70


@dataclass(frozen=True, slots=True)
class Ratio:
    numerator: Decimal
    denominator: Decimal
    text: str
    start: int
    end: int


def _ratios(text: str, figures: list[Figure]) -> list[Ratio]:
    out = [Ratio(f.numerator, f.denominator, f.text, f.start, f.end) for f in fractions_of(text)]
    plain = [f for f in figures if not f.is_percent and f.exact]
    for a, b in pairwise(plain):
        between = text[a.end:b.start]
        if _OF.match(between) and a.value <= b.value and b.value != 0:
            out.append(Ratio(a.value, b.value, text[a.start:b.end], a.start, b.end))
    return out


def _percent_for(text: str, ratio: Ratio, percents: list[Figure], ratios: list[Ratio]) -> Figure | None:
    """The percentage stated beside the ratio: the nearest one, with no other ratio in between."""
    best: tuple[int, Figure] | None = None
    for p in percents:
        if p.end <= ratio.start:
            gap_start, gap_end = p.end, ratio.start
        elif p.start >= ratio.end:
            gap_start, gap_end = ratio.end, p.start
        else:
            continue
        distance = gap_end - gap_start
        if distance > _NEAR or any(gap_start <= r.start < gap_end for r in ratios if r is not ratio):
            continue
        gap = text[gap_start:gap_end]
        if re.search(r"\b(?:tăng|giảm|so với|mục tiêu|kế hoạch|chỉ tiêu)\b|;", gap):
            continue
        if best is None or distance < best[0]:
            best = (distance, p)
    return best[1] if best else None


def check(ctx: Context) -> Iterator[Finding]:
    for n, sentence in enumerate(ctx.sentences):
        text, figures = sentence.text, ctx.figures[n]
        percents = [f for f in figures if f.is_percent]
        ratios = _ratios(text, figures)
        used: set[int] = set()
        for ratio in ratios:
            percent = _percent_for(text, ratio, percents, ratios)
            if percent is None or percent.start in used:
                continue
            used.add(percent.start)
            actual = ratio.numerator / ratio.denominator * 100
            if agrees(percent.value, percent.decimals, actual):
                continue
            yield Finding(
                "share", CERTAIN if percent.exact else POSSIBLE,
                f"Tỷ lệ nêu là {percent.text} % nhưng {ratio.text} = {vn(actual, max(percent.decimals, 2))} %.",
                [text], [percent.text + " %", ratio.text], where(sentence))
        yield from _shares_of_total(ctx, n, used)
        yield from _single_part_shares(ctx, n, used)


def _shares_of_total(ctx: Context, n: int, used: set[int]) -> Iterator[Finding]:
    sentence = ctx.sentences[n]
    text, figures = sentence.text, ctx.figures[n]
    for b in breakdowns(text, figures):
        for k, part in enumerate(b.parts):
            following = text[part.end:b.parts[k + 1].start] if k + 1 < len(b.parts) else text[part.end:]
            match = re.match(r"[^;,]{0,30}?\bchiếm\s+(?:tỷ lệ\s+)?", following)
            if not match:
                continue
            share = next((f for f in figures if f.is_percent and f.start == part.end + match.end()), None)
            if share is None or share.start in used or b.total.value == 0:
                continue
            used.add(share.start)
            yield from _share_of_total(sentence, part, b.total, share)


def _single_part_shares(ctx: Context, n: int, used: set[int]) -> Iterator[Finding]:
    """"412.380 hồ sơ, trong đó 318.560 hồ sơ trực tuyến, chiếm 77,25 %": one part and its share."""
    sentence = ctx.sentences[n]
    text, figures = sentence.text, ctx.figures[n]
    for m in re.finditer(r"\bchiếm\s+(?:tỷ lệ\s+)?", text):
        share = next((f for f in figures if f.is_percent and f.start == m.end()), None)
        if share is None or share.start in used:
            continue
        before = [f for f in figures if f.end <= m.start() and not f.is_percent]
        if not before or not before[-1].exact or len(text[before[-1].end:m.start()]) > 40 or ";" in text[
                before[-1].end:m.start()]:
            continue
        part = before[-1]
        marker = None
        for mk in re.finditer(r"\b(?:trong đó(?: có)?|bao gồm|gồm)\b", text[:part.start]):
            marker = mk
        if marker is None:
            continue
        totals = [f for f in figures if f.end <= marker.start() and not f.is_percent]
        if not totals or len(text[totals[-1].end:marker.start()].split()) > 10 or not totals[-1].exact:
            continue
        if any(marker.end() <= f.start < part.start for f in figures):
            continue  # several parts: the breakdown check reads them
        total = totals[-1]
        if total.value == 0 or part.value > total.value:
            continue
        used.add(share.start)
        yield from _share_of_total(sentence, part, total, share)


def _share_of_total(sentence: Sentence, part: Figure, total: Figure, share: Figure) -> Iterator[Finding]:
    """A part's stated share of its total that its figures do not give."""
    actual = part.value / total.value * 100
    if agrees(share.value, share.decimals, actual):
        return
    yield Finding(
        "share_of_total", REVIEW if share.exact else POSSIBLE,
        f"{part.text} chiếm {share.text} % của {total.text} nêu trong câu, nhưng {part.text}/{total.text} = "
        f"{vn(actual, max(share.decimals, 2))} %.",
        [sentence.text], [share.text + " %", part.text, total.text], where(sentence))
