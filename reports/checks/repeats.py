"""The same indicator stated twice with different values (body vs appendix: 79,08 % vs 79,2 %), and a
money figure a thousand times its other statement (triệu/tỷ đồng). Figures are named by the inventory
and by the report's own table row labels; comparison figures (cùng kỳ, kế hoạch, a district's) are not
statements of the indicator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from reports.catalogue import Name, best_match, inventory, label_of, make_name
from reports.checks.base import (
    Context,
    clause_before,
    naming_text,
    row_quote,
    same_at_precision,
    table_where,
    where,
)
from reports.checks.totals import breakdowns
from reports.figures import Figure, figures_of, money_factor
from reports.findings import CERTAIN, REVIEW, Finding
from reports.text import Sentence, Table

_COMPARISON = re.compile(r"\b(?:cùng kỳ|năm trước|kỳ trước|kế hoạch|mục tiêu|chỉ tiêu giao|so với|tăng|giảm|từ|lên"
                         r"|xuống|còn|năm 20\d\d|quý [IV]+|bình quân|trung bình)\b", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:huyện|thị xã|thành phố|xã|phường|thị trấn)\s+[A-ZĐÀ-Ỹ]")
_VALUE_HEADER = re.compile(r"kỳ báo cáo|thực hiện|kết quả|số liệu|6 tháng|quý|năm 20\d\d|tính đến", re.IGNORECASE)
_NOT_VALUE_HEADER = re.compile(r"kế hoạch|mục tiêu|cùng kỳ|kỳ trước|năm trước|tăng|so sánh|so với|ghi chú|tình trạng",
                               re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Statement:
    key: str
    label: str
    figure: Figure
    score: float
    quote: str
    location: dict


def table_figures(table: Table) -> Iterator[tuple[int, list[str], str, str, Figure]]:
    """``(row number, row, label, unit, figure)`` for the one exact figure of each labelled row of a
    table of indicators; a table of districts or units, or one without a value column, gives none."""
    if not table.rows:
        return
    header = table.rows[0]
    value_col = next((i for i, h in enumerate(header) if _VALUE_HEADER.search(h) and not _NOT_VALUE_HEADER.search(h)),
                     None)
    first_label = label_of(header)
    if value_col is None or (first_label and re.search(r"huyện|địa phương|đơn vị(?! tính)", first_label[0].lower())):
        return
    for r, row in enumerate(table.rows[1:], start=1):
        found = label_of(row)
        if found is None or value_col >= len(row):
            continue
        label, unit = found
        figs = figures_of(row[value_col] + (f" {unit}" if unit else ""))
        if len(figs) != 1 or not figs[0].exact:
            continue
        fig = figs[0]
        if unit and not fig.unit:
            fig = Figure(fig.text, fig.value, fig.decimals, fig.start, fig.end, unit.lower(), "")
        yield r, row, label, unit, fig


def _table_statements(ctx: Context) -> tuple[list[Statement], list[Name]]:
    statements: list[Statement] = []
    labels: list[Name] = []
    names = inventory()
    for table in ctx.tables:
        for r, row, label, unit, fig in table_figures(table):
            match = best_match(names, label, fig.unit, threshold=0.8, mutual=True)
            key = match[0].key if match else f"table:{label.lower()}"
            labels.append(make_name(key, label, unit))  # a sentence naming the row joins the row's indicator
            statements.append(Statement(key, label, fig, 1.0, row_quote(row), table_where(table, r)))
    return statements, labels


def named_figures(ctx: Context) -> Iterator[tuple[Sentence, Figure, str]]:
    """``(sentence, figure, naming text)`` for each exact figure a sentence states of an indicator: not in
    a sentence about places, not a ratio ("lần"), not the far side of a comparison."""
    for n, sentence in enumerate(ctx.sentences):
        text = sentence.text
        if _PLACE.search(text):
            continue
        parts = {p.start for b in breakdowns(text, ctx.figures[n]) for p in b.parts}
        for fig in ctx.figures[n]:
            if not fig.exact or fig.unit == "lần":
                continue
            clause = clause_before(text, fig.start, ctx.figures[n])
            named = naming_text(text, fig.start, fig.end, ctx.figures[n], fig.start in parts)
            if _COMPARISON.search(clause) or len(clause.split()) > 20:
                continue
            yield sentence, fig, named


def statements_of(ctx: Context) -> list[Statement]:
    statements, labels = _table_statements(ctx)
    inventory_names = inventory()
    for sentence, fig, named in named_figures(ctx):
        text = sentence.text
        if re.match(r"\s*(?:so với|cùng kỳ|kế hoạch)", text[fig.end:fig.end + 30].split(",")[0][len(fig.unit) + 1:]):
            continue
        # the report's own row labels name a figure more precisely than the inventory
        match = best_match(labels, named, fig.unit)
        if match is None:
            match = best_match(inventory_names, named, fig.unit)
            if match is not None and match[0].alias:  # a synonym is too general to make a finding certain
                match = (match[0], min(match[1], 0.99))
        if match is None:
            continue
        statements.append(Statement(match[0].key, match[0].text, fig, match[1], text, where(sentence)))
    return statements


def _in(figure: Figure, unit: str) -> Decimal:
    a, b = money_factor(figure.unit), money_factor(unit)
    return figure.value * a / b if a is not None and b is not None else figure.value


def check(ctx: Context) -> Iterator[Finding]:
    by_key: dict[str, list[Statement]] = {}
    for s in statements_of(ctx):
        by_key.setdefault(s.key, []).append(s)
    for group in by_key.values():
        # the appendix table is the reference a body sentence is read against
        group.sort(key=lambda s: "table" not in s.location)
        reported: set[str] = set()
        for i, first in enumerate(group):
            for other in group[i + 1:]:
                if other.figure.text in reported or _agree(first, other):
                    continue
                reported.add(other.figure.text)
                yield _finding(first, other)
            if reported:
                break


def _finding(first: Statement, other: Statement) -> Finding:
    a, b = first.figure, other.figure
    av, bv = _in(a, b.unit), b.value
    quotes = [first.quote] if first.quote == other.quote else [first.quote, other.quote]
    figs = [a.shown, b.shown]
    loc = {"first": first.location, "second": other.location}
    confident = first.score == 1.0 and other.score == 1.0
    if money_factor(a.unit) is not None and av and bv and (
            Decimal(500) <= abs(av / bv) <= Decimal(2000) or Decimal(500) <= abs(bv / av) <= Decimal(2000)):
        return Finding("unit_magnitude", CERTAIN if confident else REVIEW,
                       f"«{first.label}» nêu {figs[0]} và {figs[1]}: chênh khoảng 1.000 lần, có thể nhầm "
                       "triệu đồng với tỷ đồng.", quotes, figs, loc)
    return Finding("same_indicator", CERTAIN if confident else REVIEW,
                   f"«{first.label}» được nêu với hai giá trị khác nhau: {figs[0]} và {figs[1]}.",
                   quotes, figs, loc)


def _same_quantity(a: Figure, b: Figure) -> bool:
    if money_factor(a.unit) is not None or money_factor(b.unit) is not None:
        return money_factor(a.unit) is not None and money_factor(b.unit) is not None
    if (a.unit == "%") != (b.unit == "%"):
        return False  # a share and a count of one name are two indicators
    # the noun after a count tells two quantities of one sentence apart ("2.330 tổ … với 11.412 thành viên")
    return not a.unit or not b.unit or a.unit.split()[0] == b.unit.split()[0]


def _agree(a: Statement, b: Statement) -> bool:
    if not _same_quantity(a.figure, b.figure):
        return True
    if "table" in a.location and a.location.get("table") == b.location.get("table"):
        return True  # two rows of one table are two indicators, however alike their names
    av = _in(a.figure, b.figure.unit)
    if money_factor(a.figure.unit) is not None and money_factor(b.figure.unit) is not None:
        return same_at_precision(av, a.figure.decimals + 3, b.figure.value, b.figure.decimals) or av == b.figure.value
    return same_at_precision(a.figure.value, a.figure.decimals, b.figure.value, b.figure.decimals)
