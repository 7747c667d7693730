"""Growth between two stated figures: "đạt 1.250 tỷ đồng, tăng 15 % so với cùng kỳ (1.020 tỷ đồng)",
"tăng 120 trạm (từ 3.655 lên 3.775)", "tăng 2,5 lần so với năm 2023 (48 …)". A money figure a thousand
times its comparison is a unit slip (triệu/tỷ đồng)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from reports.checks.base import Context, agrees, where
from reports.figures import Figure, money_factor
from reports.findings import CERTAIN, POSSIBLE, REVIEW, Finding, vn

_CHANGE = re.compile(r"\b(tăng|giảm)\s+(?:thêm\s+|khoảng\s+|gần\s+|hơn\s+|trên\s+)?$")
_FROM_TO = re.compile(r"\btừ\s+$")
_TO = re.compile(r"^\s*(?:[^\W\d]+\s+){0,3}?(?:lên|xuống|đến|còn)\s+$")


_MEASURES = frozenset({"%", "km", "lần"})


def _in_units(figure: Figure, unit: str) -> Decimal | None:
    """The figure's value in ``unit``: money converts; measures (%, km, lần) must agree; the nouns
    that follow counts ("trạm", "hồ sơ") are too loose to tell two quantities apart."""
    a, b = money_factor(figure.unit), money_factor(unit)
    if a is not None and b is not None:
        return figure.value * a / b
    if a is not None or b is not None:
        return None
    if (figure.unit in _MEASURES or unit in _MEASURES) and figure.unit != unit:
        return None
    return figure.value


def _pair(text: str, figures: list[Figure], change: Figure, verb_start: int) -> tuple[Figure, Figure] | None:
    """(previous, current) stated with a change, or None when the sentence does not state both."""
    others = [f for f in figures if f is not change and not f.is_percent and f.unit != "lần"]
    for a, b in pairwise(others):
        if _FROM_TO.search(text[:a.start]) and _TO.match(text[a.end:b.start]):
            return a, b
    before = [f for f in others if f.end <= change.start]
    after = re.search(r"\bso\s+với\b", text[change.end:])
    if not before or not after:
        return None
    current = before[-1]
    if re.search(r"[;]|\btăng\b|\bgiảm\b", text[current.end:verb_start]):
        return None
    from reports.checks.totals import breakdowns

    for b in breakdowns(text, figures):
        if current in b.parts:  # "1.529 doanh nghiệp, gồm: …, tăng 8,3 %": the change is the total's
            current = b.total
    # "(đạt 1.020 tỷ đồng)" names the compared figure; a later "đạt" starts another statement
    rest = re.sub(r"\(\s*(?:đạt|là)\s", lambda m: " " * len(m.group(0)), text[change.end + after.end():])
    clause_end = re.search(r";|\b(?:tăng|giảm|đạt|trong đó)\b", rest)
    limit = change.end + after.end() + (clause_end.start() if clause_end else len(text))
    candidates = [f for f in others if change.end + after.end() <= f.start < limit]
    if len(candidates) != 1:
        return None
    previous = candidates[0]
    if _in_units(previous, current.unit or previous.unit) is None:
        return None
    return previous, current


def check(ctx: Context) -> Iterator[Finding]:
    for n, sentence in enumerate(ctx.sentences):
        text, figures = sentence.text, ctx.figures[n]
        for change in figures:
            verb = _CHANGE.search(text[:change.start])
            if not verb:
                continue
            pair = _pair(text, figures, change, verb.start())
            if pair is None:
                continue
            previous, current = pair
            cur = current.value
            prev = _in_units(previous, current.unit or previous.unit)
            if prev is None or prev == 0:
                continue
            down = verb.group(1) == "giảm"
            exact = change.exact and previous.exact and current.exact
            quotes, loc = [text], where(sentence)
            figs = [change.text + (" " + change.unit if change.unit else ""), previous.text, current.text]
            factor = money_factor(current.unit) or money_factor(previous.unit)
            if factor is not None and prev > 0 and Decimal(500) <= cur / prev <= Decimal(2000):
                yield Finding("unit_magnitude", CERTAIN if exact else REVIEW,
                              f"{current.text} {current.unit} gấp khoảng {vn(cur / prev, 0)} lần {previous.text} "
                              f"{previous.unit or current.unit} nêu để so sánh: có thể nhầm triệu đồng với tỷ đồng.",
                              quotes, [current.text, previous.text], loc)
                continue
            if change.is_percent:
                rel = (cur - prev) / prev * 100 * (-1 if down else 1)
                ok = agrees(change.value, change.decimals, rel)
                if not ok and current.is_percent:
                    ok = agrees(change.value, change.decimals, (cur - prev) * (-1 if down else 1))
                if ok:
                    continue
                confidence = (CERTAIN if not current.is_percent else REVIEW) if exact else POSSIBLE
                said = f"{verb.group(1)} {change.text} %"
                computed = f"({current.text} − {previous.text}) / {previous.text} = {vn(rel, max(change.decimals, 1))} %"
            elif change.unit == "lần":
                ratio = cur / prev if not down else prev / cur if cur else Decimal(0)
                if agrees(change.value, change.decimals, ratio) or agrees(change.value, change.decimals, ratio - 1):
                    continue
                confidence = REVIEW if exact else POSSIBLE
                said = f"{verb.group(1)} {change.text} lần"
                computed = f"{current.text} / {previous.text} = {vn(ratio, max(change.decimals, 1))} lần"
            else:
                if _in_units(change, current.unit or previous.unit) is None:
                    continue
                diff = (cur - prev) * (-1 if down else 1)
                step = _in_units(change, current.unit or previous.unit)
                if step == diff or (step is not None and agrees(step, change.decimals, diff)):
                    continue
                confidence = CERTAIN if exact else POSSIBLE
                said = f"{verb.group(1)} {change.text} {change.unit}".strip()
                computed = f"{current.text} − {previous.text} = {vn(cur - prev)}"
            yield Finding("growth" if change.is_percent or change.unit == "lần" else "difference", confidence,
                          f"Câu nêu «{said}» nhưng theo hai số liệu đã nêu: {computed}.", quotes, figs, loc)
