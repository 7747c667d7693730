"""A form definition in memory: ``Form`` with its ``Column``s, ``Indicator``s and ``Rule``s.

Frozen dataclasses built by ``forms.definitions`` from YAML or XLSForm-style xlsx; every package
reads forms through these and never through the raw files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from forms.periods import ROMAN

INDICATOR_TYPES = ("integer", "decimal", "percent", "text", "boolean", "choice", "date")
AGGREGATES = ("sum", "ratio", "min", "max", "mean", "count_true", "none")
SEVERITIES = ("error", "warning")
MISSING_MODES = ("skip", "zero", "error")
TARGET_OPERATORS = (">=", "<=", "==", "=", ">", "<")
# what an inventory indicator measures (indicators.csv ``kind``): stocks are "as of" the period's end,
# counts and amounts are flows within the period
INDICATOR_KINDS = ("count", "stock", "share", "rate", "amount", "length", "date", "rank", "text", "choice")
FLOW_KINDS = ("count", "amount")


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    title: str
    type: str | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """A target with its operator: "đạt tối thiểu 80 %" is ``Target(">=", 80)``.

    ``level`` targets ("≥ bậc 2") compare the position of a choice in the indicator's choices.
    """

    operator: str
    value: Decimal
    text: str
    level: bool = False

    def met_by(self, result: Decimal) -> bool:
        op = self.operator
        if op == ">=":
            return result >= self.value
        if op == ">":
            return result > self.value
        if op == "<=":
            return result <= self.value
        if op == "<":
            return result < self.value
        return result == self.value

    @property
    def label_vi(self) -> str:
        words = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "=": "="}
        return f"{words[self.operator]} {self.text}"


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    unit: str = ""
    type: str = "integer"
    code: str | None = None
    kind: str | None = None
    choices: tuple[str, ...] = ()
    min: Decimal | None = None
    max: Decimal | None = None
    decimals: int | None = None
    required: bool = False
    parent: str | None = None
    section: str | None = None
    columns: tuple[str, ...] | None = None
    computed: str | None = None
    cumulative: bool = False
    aggregate: str = "sum"
    numerator: str | None = None
    denominator: str | None = None
    breakdown: str | None = None
    complete: bool = False
    target: Target | None = None
    note: str = ""
    # the row can be judged against a province's plan (``target: true``, or a fixed target above)
    plan_target: bool = False

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "decimal", "percent")

    @property
    def is_flow(self) -> bool:
        """A count or amount within the period that adds up over time: a quarter is part of its half."""
        return self.kind in FLOW_KINDS and self.aggregate == "sum" and not self.cumulative


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    expr: str
    severity: str = "error"
    message: str = ""
    missing: str = "skip"
    columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: str
    period: str
    levels: tuple[str, ...]
    columns: tuple[Column, ...]
    indicators: tuple[Indicator, ...]
    rules: tuple[Rule, ...] = ()
    deadline_days: int = 15
    description: str = ""
    periods: tuple[str, ...] = ()  # every period type the form accepts, the default (``period``) first
    source: str = field(default="", compare=False)
    definition: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def indicator_map(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def column_map(self) -> dict[str, Column]:
        return {c.id: c for c in self.columns}

    @cached_property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicator_map[indicator_id]

    @cached_property
    def code_map(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators if i.code}

    def find_indicator(self, name: str) -> Indicator | None:
        """An indicator by its id or its inventory code ("bts" or "vt.tram_bts")."""
        return self.indicator_map.get(name) or self.code_map.get(name)

    @property
    def period_kinds(self) -> tuple[str, ...]:
        return self.periods or (self.period,)

    def accepts(self, kind: str) -> bool:
        return kind in self.period_kinds

    def columns_of(self, indicator: Indicator) -> tuple[str, ...]:
        """The value columns a row uses (its ``columns`` subset, else all)."""
        return indicator.columns if indicator.columns is not None else self.column_ids

    def cell_type(self, indicator: Indicator, column_id: str) -> tuple[str, tuple[str, ...]]:
        """The type and choices of one cell: a column-level type overrides the row's."""
        column = self.column_map.get(column_id)
        if column is not None and column.type:
            return column.type, column.choices
        return indicator.type, indicator.choices

    def uses_cell(self, indicator_id: str, column_id: str) -> bool:
        ind = self.indicator_map.get(indicator_id)
        return ind is not None and column_id in self.columns_of(ind)

    @cached_property
    def cell_types(self) -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
        """The type and choices of every cell the form uses, keyed ``(indicator, column)``."""
        return {(ind.id, column): self.cell_type(ind, column)
                for ind in self.indicators for column in self.columns_of(ind)}

    @cached_property
    def cell_specs(self) -> dict[tuple[str, str], tuple[str, tuple[str, ...], str]]:
        """``cell_types`` with the row's đơn vị tính, which may follow a typed number ("295,5 km")."""
        return {key: (*spec, self.indicator_map[key[0]].unit) for key, spec in self.cell_types.items()}

    @cached_property
    def children_of(self) -> dict[str, tuple[Indicator, ...]]:
        out: dict[str, list[Indicator]] = {}
        for ind in self.indicators:
            if ind.parent:
                out.setdefault(ind.parent, []).append(ind)
        return {k: tuple(v) for k, v in out.items()}

    def depth(self, indicator: Indicator) -> int:
        depth, parent = 0, indicator.parent
        while parent:
            depth += 1
            parent = self.indicator_map[parent].parent
        return depth

    @cached_property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """(roman number, title) of each section in order of first appearance."""
        seen: list[str] = []
        for ind in self.indicators:
            if ind.section and ind.section not in seen:
                seen.append(ind.section)
        return tuple((_roman(i + 1), title) for i, title in enumerate(seen))

    @cached_property
    def row_numbers(self) -> dict[str, str]:
        """STT of each indicator as printed: 1, 2, 2.1, 2.2 … restarting in each section."""
        numbers: dict[str, str] = {}
        top_counter = 0
        sub_counters: dict[str, int] = {}
        current_section: str | None = None
        for ind in self.indicators:
            if ind.section != current_section:
                current_section = ind.section
                top_counter = 0
            if ind.parent and ind.parent in numbers:
                sub_counters[ind.parent] = sub_counters.get(ind.parent, 0) + 1
                numbers[ind.id] = f"{numbers[ind.parent]}.{sub_counters[ind.parent]}"
            else:
                top_counter += 1
                numbers[ind.id] = str(top_counter)
        return numbers

    @cached_property
    def checksum(self) -> str:
        """SHA-256 of the definition's canonical JSON: two files with the same content agree."""
        text = json.dumps(self.definition, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"


def _roman(n: int) -> str:
    if n <= len(ROMAN):
        return ROMAN[n - 1]
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out
