"""What every check shares: the report's sentences and tables, comparing at the precision written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from reports.figures import Figure, figures_of
from reports.text import ReportText, Sentence, Table


@dataclass(slots=True)
class Context:
    report: ReportText
    sentences: list[Sentence] = field(default_factory=list)
    figures: dict[int, list[Figure]] = field(default_factory=dict)  # by position in ``sentences``

    @classmethod
    def of(cls, report: ReportText) -> Context:
        sentences = report.sentences()
        return cls(report, sentences, {n: figures_of(s.text) for n, s in enumerate(sentences)})

    @property
    def tables(self) -> list[Table]:
        return self.report.tables


def where(sentence: Sentence) -> dict[str, Any]:
    return {"paragraph": sentence.paragraph, "sentence": sentence.index, "start": sentence.start,
            "end": sentence.start + len(sentence.text)}


def table_where(table: Table, row: int) -> dict[str, Any]:
    return {"table": table.index, "row": row}


def row_quote(row: list[str]) -> str:
    return " | ".join(c for c in row if c)


def agrees(stated: Decimal, decimals: int, computed: Decimal) -> bool:
    """The stated figure matches the computed one at the precision written — rounded as people round,
    or cut off, both of which writers do."""
    step = Decimal(1).scaleb(-decimals)
    return stated in (computed.quantize(step, rounding=ROUND_HALF_UP), computed.quantize(step, rounding=ROUND_DOWN))


def same_at_precision(a: Decimal, a_dec: int, b: Decimal, b_dec: int) -> bool:
    """Two statements of one quantity agree when the finer one rounds to the coarser one."""
    if a_dec > b_dec:
        return agrees(b, b_dec, a)
    if b_dec > a_dec:
        return agrees(a, a_dec, b)
    return a == b


_STOP = frozenset(
    "các của và có được đã trên địa bàn tỉnh toàn là với cho trong đó số tổng theo tại này đến nay đạt "
    "đang hiện bằng từ về lũy kế năm kỳ báo cáo".split()
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


def clause_before(text: str, start: int, figures: list[Figure]) -> str:
    """The words naming a figure: from the previous figure, ';', ':' or sentence start up to it."""
    begin = 0
    for fig in figures:
        if fig.end <= start:
            begin = max(begin, fig.end)
    hard = max((i + 1 for i in range(begin, start) if text[i] in ";•"), default=begin)
    begin = hard  # never name a figure by the words of the clause before a ';'
    cuts = sorted(i + 1 for i in range(begin, start) if text[i] in ":()")
    # "Tổng số trạm BTS: 3.775" names the figure before the ':' — skip separators with no words after them
    for cut in reversed(cuts):
        if len(re.findall(r"[^\W\d]{2,}", text[cut:start])) >= 2:
            return text[cut:start]
    return text[begin:start]


def naming_text(text: str, figure_start: int, figure_end: int, figures: list[Figure], part: bool = False) -> str:
    """The words around a figure that name it: the clause before it and the few words after it up to the
    next figure or punctuation ("thành lập 2.330 tổ công nghệ số cộng đồng"). A part of a listed
    breakdown is named by its own item only, never by the total's words before the list."""
    before = clause_before(text, figure_start, figures)
    if part:
        before = re.split(r"[,;:(]|\b(?:gồm|trong đó|và)\b", before)[-1]
    elif "," in before and not re.search(r"[^\W\d]", before.rsplit(",", 1)[1]):
        before = ""  # "…, 5.606 chứng thư cho cá nhân": the words after the comma name the figure
    nxt = min([f.start for f in figures if f.start >= figure_end] + [len(text)])
    after = re.split(r"[,;:.()]|\b(?:tăng|giảm|so với|trong đó|gồm|chiếm|đạt|với)\b", text[figure_end:nxt], maxsplit=1,
                     flags=re.IGNORECASE)[0]
    return before + " " + " ".join(after.split()[:8])
