"""Each figure against the stored value of the indicator it names (with --db, --unit, --period).

Figures are named by the forms' indicator titles and the inventory's synonyms; a figure that matches
several indicators equally (the same title in two forms) agrees when it agrees with any of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from reports.catalogue import Name, coverage, inventory_names_for, make_name
from reports.checks.base import (
    Context,
    row_quote,
    same_at_precision,
    table_where,
    where,
)
from reports.checks.repeats import named_figures, table_figures
from reports.figures import Figure, money_factor
from reports.figures_db import ReportFigures
from reports.findings import CERTAIN, REVIEW, Finding, vn


@dataclass(frozen=True, slots=True)
class StoredFigure:
    name: Name
    value: Decimal
    decimals: int
    unit: str
    where: str  # "VT-01, Quý II/2024"


def stored_figures(figures: ReportFigures) -> list[StoredFigure]:
    out = []
    for ff in figures.forms:
        for r in ff.rows:
            if r.current is None or (r.target is not None and r.target.level):
                continue
            ind = r.indicator
            where = f"{ff.form.id}, {ff.period.name_vi}"
            names = [make_name(f"{ff.form.id}:{ind.id}", ind.title, ind.unit), *inventory_names_for(ind.title, ind.unit)]
            out += [StoredFigure(n, r.current, r.decimals, ind.unit.lower(), where) for n in names]
    return out


def _fits(fig: Figure, stored: StoredFigure) -> bool:
    if money_factor(fig.unit) is not None or money_factor(stored.unit) is not None:
        return money_factor(fig.unit) is not None and money_factor(stored.unit) is not None
    if (fig.unit == "%") != (stored.unit == "%"):
        return False
    # a counted figure names what it counts: "6.150 tin, bài" is not a count of "cơ quan"
    stated, kept = _unit_words(fig.unit), _unit_words(stored.unit)
    return not stated or not kept or bool(stated & kept)


def _unit_words(unit: str) -> set[str]:
    return {w for w in re.split(r"[\s,;/()]+", (unit or "").lower()) if w and w != "%"}


def _in(fig: Figure, unit: str) -> Decimal:
    a, b = money_factor(fig.unit), money_factor(unit)
    return fig.value * a / b if a is not None and b is not None else fig.value


def _compare(fig: Figure, clause: str, stored: list[StoredFigure], quote: str, loc: dict,
             threshold: float) -> Finding | None:
    scored = [(coverage(s.name, clause), s) for s in stored if _fits(fig, s)]
    scored = [(c, s) for c, s in scored if c >= threshold]
    if not scored:
        return None
    best = max(c for c, _ in scored)
    top = [s for c, s in scored if c == best]
    top_len = max(len(s.name.words) for s in top)
    top = [s for s in top if len(s.name.words) == top_len]
    for s in top:
        value = _in(fig, s.unit)
        extra = 3 if money_factor(fig.unit) and money_factor(s.unit) and fig.unit != s.unit else 0
        if same_at_precision(value, fig.decimals + extra, s.value, s.decimals):
            return None
    s = top[0]
    value = _in(fig, s.unit)
    shown = fig.shown
    stored_text = f"{vn(s.value, s.decimals)} {s.unit}".strip()
    confident = best == 1.0 and not s.name.alias  # a synonym is too general to make a finding certain
    if money_factor(s.unit) is not None and s.value and value and (
            Decimal(500) <= abs(value / s.value) <= Decimal(2000) or Decimal(500) <= abs(s.value / value) <= 2000):
        return Finding("unit_magnitude", CERTAIN if confident else REVIEW,
                       f"«{s.name.text}» nêu {shown} nhưng cơ sở dữ liệu ({s.where}) ghi {stored_text}: chênh khoảng "
                       "1.000 lần, có thể nhầm triệu đồng với tỷ đồng.", [quote], [shown, stored_text], loc)
    return Finding("database", CERTAIN if confident else REVIEW,
                   f"«{s.name.text}» nêu {shown} nhưng cơ sở dữ liệu ({s.where}) ghi {stored_text}.",
                   [quote], [shown, stored_text], loc)


def check(ctx: Context, figures: ReportFigures) -> Iterator[Finding]:
    stored = stored_figures(figures)
    if not stored:
        return
    for sentence, fig, named in named_figures(ctx):
        found = _compare(fig, named, stored, sentence.text, where(sentence), 0.8)
        if found:
            yield found
    for table in ctx.tables:
        for r, row, label, _unit, fig in table_figures(table):
            found = _compare(fig, label, stored, row_quote(row), table_where(table, r), 1.0)
            if found:
                yield found
