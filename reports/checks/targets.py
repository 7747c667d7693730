"""Targets: a table row's status (Đạt / Không đạt) against its target and result, a sentence's verdict
against the target it states, and "17/28 chỉ tiêu đạt" against the statuses counted in the tables."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from forms.model import Target
from reports.checks.base import Context, row_quote, table_where, where
from reports.figures import figures_of, fractions_of
from reports.findings import CERTAIN, REVIEW, Finding
from reports.text import Table

_OPERATORS = (
    (r"tối thiểu|ít nhất|≥|>=|từ|không dưới|trở lên", ">="),
    (r"tối đa|không quá|≤|<=|không vượt quá", "<="),
    (r"trên|hơn|>", ">"),
    (r"dưới|<", "<"),
    (r"bằng|=", "=="),
)
MET_WORDS = ("đạt", "vượt", "hoàn thành", "đạt và vượt", "vượt chỉ tiêu")
NOT_MET_WORDS = ("không đạt", "chưa đạt", "không hoàn thành", "chưa hoàn thành")


def parse_target(text: str) -> tuple[Target, bool] | None:
    """(target, operator written?) of "tối thiểu 80 %", "≥ 90", "trên 70", "≤ 3 km", "≥ bậc 2", "100 %"."""
    lowered = unicodedata.normalize("NFC", text).lower().strip()
    plain = lowered.replace("bậc", "   ")
    numbers = figures_of(plain)
    if len(numbers) != 1:
        return None
    value = numbers[0].value
    head = plain[:numbers[0].start]
    for words, op in _OPERATORS:
        if re.search(rf"(?:^|\s)(?:{words})(?:\s|$)|(?:{words})\s*$", head.strip()):
            return Target(op, value, text), True
    return Target(">=", value, text), False


def status_of(text: str) -> bool | None:
    t = unicodedata.normalize("NFC", text).lower().strip(" .")
    if t in NOT_MET_WORDS or t.startswith(NOT_MET_WORDS):
        return False
    if t in MET_WORDS or t.startswith(("đạt", "vượt", "hoàn thành")):
        return True
    return None


@dataclass(frozen=True, slots=True)
class StatusRow:
    table: Table
    row: int
    target: Target | None
    explicit: bool
    result: Decimal | None
    met: bool | None  # None: "Đang thực hiện", "Chưa có số liệu"


def _header(table: Table) -> tuple[int, int | None, int | None, int] | None:
    """(header row, target column, result column, status column) of a table of targets; a table with
    only a status column still counts its statuses for "x/y chỉ tiêu đạt"."""
    for r, row in enumerate(table.rows[:3]):
        low = [c.lower() for c in row]
        status = next((i for i, c in enumerate(low) if re.search(r"tình trạng|đánh giá|kết quả thực hiện chỉ tiêu", c)), None)
        target = next((i for i, c in enumerate(low) if re.search(r"mục tiêu|chỉ tiêu kế hoạch|kế hoạch|chỉ tiêu giao", c)
                       and i != status), None)
        result = next((i for i, c in enumerate(low) if re.search(r"kết quả|thực hiện|ước", c) and i not in (status, target)), None)
        if status is not None:
            return r, target, result, status
    return None


def status_rows(tables: list[Table]) -> list[StatusRow]:
    out: list[StatusRow] = []
    for table in tables:
        header = _header(table)
        if header is None:
            continue
        h, t_col, r_col, s_col = header
        for r in range(h + 1, len(table.rows)):
            row = table.rows[r]
            if len(row) <= s_col or not row[s_col].strip():
                continue
            parsed = parse_target(row[t_col]) if t_col is not None and t_col < len(row) else None
            result_figs = figures_of(row[r_col].lower().replace("bậc", " ")) if r_col is not None and r_col < len(
                row) else []
            result = result_figs[0].value if len(result_figs) == 1 and result_figs[0].exact else None
            out.append(StatusRow(table, r, parsed[0] if parsed else None, bool(parsed and parsed[1]), result,
                                 status_of(row[s_col])))
    return out


def check(ctx: Context) -> Iterator[Finding]:
    rows = status_rows(ctx.tables)
    for s in rows:
        if s.target is None or s.result is None or s.met is None:
            continue
        expected = s.target.met_by(s.result)
        if expected == s.met:
            continue
        said, should = ("Đạt", "Không đạt") if s.met else ("Không đạt", "Đạt")
        row = s.table.rows[s.row]
        yield Finding(
            "target_status", CERTAIN if s.explicit else REVIEW,
            f"Chỉ tiêu ghi «{said}» nhưng kết quả {_num(row, s)} so với mục tiêu «{s.target.text}» là «{should}».",
            [row_quote(row)], [s.target.text, str(s.result)], table_where(s.table, s.row))
    yield from _counts(ctx, rows)
    yield from _sentence_targets(ctx)


def _num(row: list[str], s: StatusRow) -> str:
    from reports.findings import vn

    return vn(s.result) if s.result is not None else "?"


_COUNT = re.compile(r"chỉ\s+tiêu")


@dataclass(frozen=True, slots=True)
class _Count:
    numerator: int
    denominator: int
    text: str
    start: int
    end: int


def _counts(ctx: Context, rows: list[StatusRow]) -> Iterator[Finding]:
    judged = [s for s in rows if s.met is not None]
    if not judged:
        return
    per_table: dict[int, tuple[int, int]] = {}
    for s in judged:
        met, total = per_table.get(s.table.index, (0, 0))
        per_table[s.table.index] = (met + (1 if s.met else 0), total + 1)
    union = (sum(m for m, _ in per_table.values()), sum(t for _, t in per_table.values()))
    allowed = {union, *per_table.values()}
    for sentence in ctx.sentences:
        text = sentence.text
        # "17 trên 28 chỉ tiêu đạt", "trong 28 chỉ tiêu, có 17 chỉ tiêu đạt": the same count in words
        worded = [_Count(int(m.group(1)), int(m.group(2)), m.group(0), m.start(), m.end()) for m in
                  re.finditer(r"(?<![\d.,])(\d{1,3})\s+trên\s+(?:tổng\s+số\s+)?(\d{1,3})(?=\s+chỉ\s+tiêu)", text)]
        worded += [_Count(int(m.group(2)), int(m.group(1)), f"{m.group(2)}/{m.group(1)}", m.start(2), m.end(2))
                   for m in re.finditer(r"(?:trong|trên)\s+(?:tổng\s+số\s+)?(\d{1,3})\s+chỉ\s+tiêu[^.;]{0,40}?"
                                        r"(?<![\d.,/])(\d{1,3})\s+chỉ\s+tiêu\s+(?=đạt|hoàn thành|vượt)", text,
                                        re.IGNORECASE)]
        for fr in [*fractions_of(text), *worded]:
            after = text[fr.end:fr.end + 40]
            before = text[max(0, fr.start - 20):fr.start]
            if not (_COUNT.match(after.strip()) and re.search(r"đạt|hoàn thành|vượt", (after + before).lower())):
                continue
            if re.search(r"không đạt|chưa đạt|chưa hoàn thành", after[:30]):
                continue
            if re.search(r"phấn đấu|dự kiến|kế hoạch|mục tiêu|cố gắng", text[max(0, fr.start - 40):fr.start].lower()):
                continue  # an aim, not a result
            stated = (int(fr.numerator), int(fr.denominator))
            if stated in allowed:
                continue
            met, total = union
            yield Finding(
                "targets_count", CERTAIN,
                f"Câu nêu {fr.text} chỉ tiêu đạt nhưng bảng chỉ tiêu ghi {met}/{total} chỉ tiêu «Đạt».",
                [text], [fr.text, f"{met}/{total}"], where(sentence))


_SENTENCE_TARGET = re.compile(r"\b(?:mục tiêu|chỉ tiêu|kế hoạch)(?:\s+(?:đề ra|giao|năm|của tỉnh))?(?:\s+là)?\s*\(?\s*"
                              r"(?P<op>tối thiểu|ít nhất|tối đa|không quá|trên|dưới|≥|≤|>=|<=|>|<)?\s*$")


def _sentence_targets(ctx: Context) -> Iterator[Finding]:
    for n, sentence in enumerate(ctx.sentences):
        text, figures = sentence.text, ctx.figures[n]
        low = text.lower()
        if fractions_of(text) and "chỉ tiêu" in low:
            continue
        negative = re.search(r"\b(?:chưa|không)\s+(?:đạt|hoàn thành)\b", low)
        positive = re.search(r"\b(?:vượt|đạt|hoàn thành)\s+(?:và vượt\s+)?(?:mục tiêu|chỉ tiêu|kế hoạch)\b", low)
        if not negative and not positive:
            continue
        target = next((f for f in figures if _SENTENCE_TARGET.search(text[:f.start].lower())), None)
        if target is None:
            continue
        results = [f for f in figures if f is not target and f.unit == target.unit and f.end <= target.start
                   and f.exact and re.search(r"\bđạt\s+(?:khoảng\s+)?$", text[:f.start].lower())]
        if len(results) != 1:
            continue
        result = results[0]
        op_text = _SENTENCE_TARGET.search(text[:target.start].lower()).group("op")
        parsed = parse_target(f"{op_text or ''} {target.text}")
        if parsed is None:
            continue
        expected = parsed[0].met_by(result.value)
        said_met = negative is None
        if expected == said_met:
            continue
        yield Finding(
            "target_status", CERTAIN if op_text else REVIEW,
            f"Câu nêu {'đạt' if said_met else 'chưa đạt'} mục tiêu {target.text}{' ' + target.unit if target.unit else ''} "
            f"nhưng kết quả nêu là {result.text}{' ' + result.unit if result.unit else ''}.",
            [text], [result.text, target.text], where(sentence))
