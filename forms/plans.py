"""A province's plan as data: yearly targets per unit and indicator, as the plan writes them.

``TARGETS.csv`` (FORMS.md §5) has the header ``unit,year,indicator,target``; ``target`` is the text of
the plan — "≥ 90%", "100%", "tối đa 3 km", "giảm 10%", "top 15", "1.400" — read into a ``PlanTarget``
(an operator and a figure). The same rows may come from an Excel sheet (``workbooks.plan_sheet``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from forms.errors import BieumauError
from forms.messages import Msg
from forms.notation import strip_sentence_end
from forms.numbers import _read_decimal, format_number, normalize_text
from forms.text_files import read_user_text

PLAN_HEADER = ("unit", "year", "indicator", "target")

# operator words first, longest first where one starts another
_OPERATORS: tuple[tuple[str, str], ...] = (
    ("≥", ">="), (">=", ">="), ("≤", "<="), ("<=", "<="), (">", ">"), ("<", "<"), ("=", "=="),
    ("đạt tối thiểu", ">="), ("tối thiểu", ">="), ("ít nhất", ">="), ("không dưới", ">="),
    ("từ", ">="), ("đạt trên", ">"), ("trên", ">"), ("hơn", ">"), ("vượt", ">"),
    ("đạt tối đa", "<="), ("tối đa", "<="), ("không quá", "<="), ("không vượt quá", "<="),
    ("dưới", "<"), ("giảm ít nhất", "reduce"), ("giảm", "reduce"), ("tăng ít nhất", "increase"),
    ("tăng", "increase"), ("trong top", "rank"), ("trong tốp", "rank"), ("top", "rank"),
    ("tốp", "rank"), ("nhóm", "rank"), ("đạt", ">="),
)
_LEVEL = re.compile(r"^(?:bậc|cấp độ|cấp|mức)\s*(\d+)$", re.IGNORECASE)
_NUMBER_HEAD = re.compile(r"^[+-]?\d[\d.,\s\u00a0\u202f]*?(?=\s*(?:%|[^\W\d_]|$))")

SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


class PlanError(BieumauError):
    code = "plan"


@dataclass(frozen=True, slots=True)
class PlanTarget:
    """One target: ``operator`` is ``>= > <= < ==`` against ``value``, ``reduce``/``increase`` by
    ``value`` per cent of the previous year's result, or ``rank`` (a place no worse than ``value``).
    ``level`` targets ("≥ bậc 2") compare the number in the result's level ("Bậc 3")."""

    text: str
    operator: str
    value: Decimal
    percent: bool = False
    level: bool = False

    @property
    def relative(self) -> bool:
        return self.operator in ("reduce", "increase")

    @property
    def label(self) -> str:
        """The target as the plan wrote it."""
        return self.text


def parse_target(text: str) -> PlanTarget:
    """Read a plan's target text; a ``PlanError`` in Vietnamese when it states none.

    A bare figure ("100%", "1.400") is a figure to reach: at least that much.
    """
    written = normalize_text(str(text))
    body = strip_sentence_end(written)
    low = body.casefold()
    operator = ">="
    for word, op in _OPERATORS:
        if low.startswith(word) and (not word[-1].isalpha() or low[len(word):len(word) + 1] in (" ", "")
                                     or low[len(word):len(word) + 1].isdigit()):
            operator, body = op, body[len(word):].strip()
            break
    level = _LEVEL.match(body)
    if level is not None:
        return PlanTarget(written, operator, Decimal(level.group(1)), level=True)
    head = _NUMBER_HEAD.match(body)
    number = head.group(0).strip() if head else ""
    rest = body[head.end():].strip() if head else ""
    # after the figure: "%" and words ("km", "trở lên", "so với năm 2023"); the row holds the unit
    percent = rest.startswith("%")
    if number.startswith("+"):
        number = number[1:]
    found = _read_decimal(number) if number and (not rest or rest[0] == "%" or rest[0].isalpha()) else None
    if found is None or (operator == "rank" and (found[1] or found[0] < 1)):
        raise PlanError(Msg("plans.unreadable_target", written=written))
    return PlanTarget(written, operator, found[0], percent=percent)


def describe(target: PlanTarget) -> str:
    """The target in plain words, Vietnamese notation: "≥ 90 %", "giảm 10 % so với năm trước"."""
    shown = format_number(target.value) + (" %" if target.percent else "")
    if target.level:
        return f"{SYMBOLS.get(target.operator, target.operator)} bậc {shown}"
    if target.operator == "reduce":
        return f"giảm {shown} so với năm trước"
    if target.operator == "increase":
        return f"tăng {shown} so với năm trước"
    if target.operator == "rank":
        return f"trong nhóm {shown} đứng đầu"
    return f"{SYMBOLS[target.operator]} {shown}"


@dataclass(frozen=True, slots=True)
class PlanRow:
    unit: str
    year: int
    indicator: str  # an indicator id or code, as the plan names it
    target: PlanTarget


@dataclass(frozen=True)
class Plan:
    rows: tuple[PlanRow, ...]
    source: str = ""

    def for_unit(self, unit: str, year: int) -> list[PlanRow]:
        return [r for r in self.rows if r.unit == unit and r.year == year]

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.rows})


def plan_from_rows(rows: Iterable[Sequence[str]], name: str) -> Plan:
    """A plan from a header row and data rows of texts (CSV or a sheet); refuses with file and line."""
    lines = iter(rows)
    header = next(lines, None)
    if header is None or tuple(normalize_text(str(h)).lower() for h in header[:4]) != PLAN_HEADER or any(
        str(h).strip() for h in header[4:]
    ):
        raise PlanError(Msg("plans.wrong_header", name=name, header=",".join(PLAN_HEADER)), "format")
    found: dict[tuple[str, int, str], PlanRow] = {}
    for line, row in enumerate(lines, start=2):
        cells = [normalize_text(str(c)) if c is not None else "" for c in row]
        if not any(cells):
            continue
        where = Msg("plans.line", name=name, line=line)
        if len(cells) < 4 or any(cells[4:]):
            raise PlanError(Msg("plans.columns", where=where, count=len(cells)), "format")
        unit, year_text, indicator, target_text = cells[:4]
        if not unit or not indicator or not target_text:
            raise PlanError(Msg("plans.missing", where=where), "format")
        year_text = year_text.removesuffix(".0")  # a year typed in an Excel number cell
        if not (year_text.isdigit() and len(year_text) == 4):
            raise PlanError(Msg("plans.year", where=where, year=year_text), "format")
        try:
            target = parse_target(target_text)
        except PlanError as exc:
            raise PlanError(Msg("plans.at", where=where, reason=exc.as_msg()), "format") from None
        key = (unit, int(year_text), indicator)
        if key in found and found[key].target.text != target.text:
            raise PlanError(Msg("plans.duplicate", where=where, indicator=indicator, unit=unit, year=year_text,
                                first=found[key].target.text, second=target.text), "duplicate")
        found[key] = PlanRow(unit, int(year_text), indicator, target)
    return Plan(tuple(found.values()), name)


def read_plan_csv(path: str | Path) -> Plan:
    """``TARGETS.csv``: UTF-8, header ``unit,year,indicator,target``."""
    text = read_user_text(path, "tệp kế hoạch", PlanError)
    return plan_from_rows(csv.reader(io.StringIO(text)), Path(path).name)
