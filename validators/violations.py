"""Violations and parse problems as data (rule, cells, both figures); words come from ``messages``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from forms.values import CellKey

KINDS = (
    "rule", "sum", "part", "range", "ratio", "min", "max", "required", "type", "cumulative",
    "magnitude", "computed", "target", "missing", "not_evaluable", "stock", "within", "not_checked",
    "qualified", "plausibility", "target_summary",
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed check on one unit, period and column.

    ``rule`` is the form's rule id or a generated id such as ``sum:bts``; ``left``/``right`` are the
    two compared figures where there are two; ``params`` carries what the message needs beyond them.
    """

    rule: str
    kind: str
    severity: str
    unit: str
    period: str
    column: str | None
    cells: tuple[CellKey, ...]
    left: Decimal | None = None
    right: Decimal | None = None
    params: tuple[tuple[str, Any], ...] = ()
    text: str = ""

    def param(self, name: str, default: Any = None) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return default

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """A typed text that cannot be read as its cell's type; kept as typed, never turned into 0."""

    unit: str
    period: str
    indicator: str
    column: str
    value: str
    problem: str


@dataclass(frozen=True)
class Report:
    """The result of validating one unit's form for one period."""

    violations: list[Violation] = field(default_factory=list)
    parse_errors: list[ParseProblem] = field(default_factory=list)
    # checks that could not run because an input holds text: "chưa kiểm tra được", never a pass
    not_checked: list[Violation] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.parse_errors) or any(v.is_error for v in self.violations)


def parse_problem(violation: Violation) -> ParseProblem:
    """The ``ParseProblem`` a ``type`` violation stands for."""
    indicator, column = violation.cells[0]
    return ParseProblem(
        violation.unit, violation.period, indicator, column,
        str(violation.param("value", "")), str(violation.param("problem", "")),
    )


class Tally(NamedTuple):
    """How many errors and warnings a check found; a value that cannot be read is an error."""

    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


def tally(violations: Iterable[Violation], parse_errors: Iterable[ParseProblem] = ()) -> Tally:
    """The one count of errors and warnings: every severity but ``error`` counts as a warning."""
    errors = warnings = 0
    for violation in violations:
        if violation.is_error:
            errors += 1
        else:
            warnings += 1
    return Tally(errors + sum(1 for _ in parse_errors), warnings)
