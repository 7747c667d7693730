"""Reporting periods (kỳ báo cáo): codes like ``2024Q2`` and their Vietnamese names like "Quý II/2024"."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from forms.errors import BieumauError
from forms.messages import Msg, say

PeriodKind = Literal["month", "quarter", "half", "nine_months", "year", "plan"]
PERIOD_KINDS: tuple[str, ...] = ("month", "quarter", "half", "nine_months", "year", "plan")

ROMAN = ("I", "II", "III", "IV")
_ROMAN_VALUE = {r: i + 1 for i, r in enumerate(ROMAN)}
KIND_NAMES_VI = {
    "month": "tháng",
    "quarter": "quý",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "year": "năm",
    "plan": "giai đoạn",
}


class PeriodError(BieumauError):
    code = "period"


@dataclass(frozen=True, slots=True, order=False)
class Period:
    """One reporting period. ``index`` is the month (1–12), quarter (1–4) or half (1–2);
    for a plan period it is the number of years it spans."""

    kind: PeriodKind
    year: int
    index: int = 1

    # --- codes -------------------------------------------------------------------------------
    @property
    def code(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "half":
            return f"{self.year}S{self.index}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        if self.kind == "month":
            return f"{self.year}{self.index:02d}"
        if self.kind == "nine_months":
            return f"{self.year}Q1-Q3"
        return f"{self.year}-{self.year + self.index - 1}"

    @property
    def name_vi(self) -> str:
        """The Vietnamese name used in the UI and on paper."""
        if self.kind == "year":
            return f"Năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "quarter":
            return f"Quý {ROMAN[self.index - 1]}/{self.year}"
        if self.kind == "month":
            return f"Tháng {self.index}/{self.year}"
        if self.kind == "nine_months":
            return f"9 tháng đầu năm {self.year}"
        return f"Giai đoạn {self.year}–{self.year + self.index - 1}"

    @property
    def name_en(self) -> str:
        if self.kind == "year":
            return f"Year {self.year}"
        if self.kind == "half":
            return f"{'First' if self.index == 1 else 'Second'} half of {self.year}"
        if self.kind == "quarter":
            return f"Q{self.index}/{self.year}"
        if self.kind == "month":
            return f"{calendar.month_name[self.index]} {self.year}"
        if self.kind == "nine_months":
            return f"First nine months of {self.year}"
        return f"Plan {self.year}–{self.year + self.index - 1}"

    def __str__(self) -> str:
        return self.code

    # --- dates -------------------------------------------------------------------------------
    @property
    def start(self) -> date:
        if self.kind == "half":
            return date(self.year, 1 if self.index == 1 else 7, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.index - 2, 1)
        if self.kind == "month":
            return date(self.year, self.index, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind == "half":
            return date(self.year, 6, 30) if self.index == 1 else date(self.year, 12, 31)
        if self.kind == "quarter":
            month = 3 * self.index
            return date(self.year, month, calendar.monthrange(self.year, month)[1])
        if self.kind == "month":
            return date(self.year, self.index, calendar.monthrange(self.year, self.index)[1])
        if self.kind == "nine_months":
            return date(self.year, 9, 30)
        if self.kind == "plan":
            return date(self.year + self.index - 1, 12, 31)
        return date(self.year, 12, 31)

    def sort_key(self) -> tuple[date, date]:
        return (self.start, self.end)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Period) -> bool:
        return self.sort_key() <= other.sort_key()

    # --- neighbours --------------------------------------------------------------------------
    def prev(self) -> Period:
        """The previous period of the same kind: 2024Q1 → 2023Q4, 2024 → 2023."""
        if self.kind in ("year", "nine_months"):
            return Period(self.kind, self.year - 1, self.index)
        if self.kind == "plan":
            return Period("plan", self.year - self.index, self.index)
        per_year = {"half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.index == 1:
            return Period(self.kind, self.year - 1, per_year)
        return Period(self.kind, self.year, self.index - 1)

    def next(self) -> Period:
        if self.kind in ("year", "nine_months"):
            return Period(self.kind, self.year + 1, self.index)
        if self.kind == "plan":
            return Period("plan", self.year + self.index, self.index)
        per_year = {"half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.index == per_year:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.index + 1)

    def prev_year(self) -> Period:
        """The same period one year earlier: 2024S1 → 2023S1."""
        return Period(self.kind, self.year - 1, self.index)

    def in_year(self, kind: str) -> Period:
        """The period of ``kind`` in the same year that holds this period's last day: for 2024Q2,
        half → 2024S1, year → 2024, nine_months → 2024Q1-Q3; for 2024, quarter → 2024Q4."""
        month = self.end.month if self.kind != "plan" else 12
        year = self.year if self.kind != "plan" else self.end.year
        if kind == "half":
            return Period("half", year, 1 if month <= 6 else 2)
        if kind == "quarter":
            return Period("quarter", year, (month - 1) // 3 + 1)
        if kind == "month":
            return Period("month", year, month)
        if kind in ("year", "nine_months"):
            return Period(kind, year)  # type: ignore[arg-type]
        raise PeriodError(Msg("period.no_kind", kind=kind))

    def contains(self, other: Period) -> bool:
        """``other`` lies within this period (and is not this period)."""
        return other != self and self.start <= other.start and other.end <= self.end

    def same_year_earlier(self) -> list[Period]:
        """Earlier periods of the same kind in the same year, oldest first (for year-to-date checks)."""
        if self.kind in ("year", "nine_months", "plan"):
            return []
        return [Period(self.kind, self.year, i) for i in range(1, self.index)]

    def deadline(self, days_after_end: int) -> date:
        from datetime import timedelta

        return self.end + timedelta(days=days_after_end)


def _fold(text: str) -> str:
    """Lower-case, no diacritics, single spaces: "Quý II/2024" → "quy ii/2024"."""
    text = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text)


_CODE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})S([12])$", re.I), "half"),
    (re.compile(r"^(\d{4})Q([1-4])$", re.I), "quarter"),
    (re.compile(r"^(\d{4})(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})Q1-Q3$", re.I), "nine_months"),
    (re.compile(r"^(\d{4})-(\d{4})$"), "plan"),
]

_NAME_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^nam (\d{4})$"), "year"),
    (re.compile(r"^6 thang dau nam (\d{4})$"), "half1"),
    (re.compile(r"^6 thang cuoi nam (\d{4})$"), "half2"),
    (re.compile(r"^9 thang (?:dau )?nam (\d{4})$"), "nine_months"),
    (re.compile(r"^quy (i|ii|iii|iv|[1-4]) ?(?:/|nam) ?(\d{4})$"), "quarter"),
    (re.compile(r"^(?:thang|t) ?(\d{1,2}) ?(?:/|nam) ?(\d{4})$"), "month"),
    (re.compile(r"^(?:giai doan )?(\d{4}) ?[-–] ?(\d{4})$"), "plan"),
]


def parse_period(text: str) -> Period:
    """Read a period code (``2024Q2``) or its Vietnamese name ("Quý II/2024")."""
    raw = unicodedata.normalize("NFC", str(text)).strip()
    for pattern, kind in _CODE_PATTERNS:
        m = pattern.match(raw)
        if m:
            year = int(m.group(1))
            if kind == "year":
                return Period("year", year)
            if kind == "nine_months":
                return Period("nine_months", year)
            if kind == "plan":
                last = int(m.group(2))
                if last < year:
                    break
                return Period("plan", year, last - year + 1)
            return Period(kind, year, int(m.group(2)))  # type: ignore[arg-type]
    folded = _fold(raw)
    for pattern, kind in _NAME_PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        if kind == "year":
            return Period("year", int(m.group(1)))
        if kind in ("half1", "half2"):
            return Period("half", int(m.group(1)), 1 if kind == "half1" else 2)
        if kind == "nine_months":
            return Period("nine_months", int(m.group(1)))
        if kind == "quarter":
            q = m.group(1)
            index = int(q) if q.isdigit() else _ROMAN_VALUE[q.upper()]
            return Period("quarter", int(m.group(2)), index)
        if kind == "month":
            month = int(m.group(1))
            if 1 <= month <= 12:
                return Period("month", int(m.group(2)), month)
        if kind == "plan":
            first, last = int(m.group(1)), int(m.group(2))
            if last >= first:
                return Period("plan", first, last - first + 1)
    raise PeriodError(Msg("period.unreadable", raw=raw))


def periods_of_year(kind: str, year: int) -> list[Period]:
    """All periods of ``kind`` in ``year``, oldest first (for pickers)."""
    count = {"month": 12, "quarter": 4, "half": 2}.get(kind, 1)
    if kind == "plan":
        return [Period("plan", year, 5)]
    return [Period(kind, year, i) for i in range(1, count + 1)]  # type: ignore[arg-type]


def form_period(form: object, text: str | Period) -> Period:
    """The one period check of every door (commands, imports, windows): ``text`` read as a period of
    a type the form accepts; another type is refused, not stored under a code no one reads."""
    period = text if isinstance(text, Period) else parse_period(text)
    if period.kind not in getattr(form, "period_kinds", ()):
        raise PeriodError(Msg("period.not_accepted", written=text if isinstance(text, str) else period.code,
                              name=_PeriodName("", period=period), form=getattr(form, "id", ""),
                              accepted=_KindNames("", kinds=tuple(getattr(form, "period_kinds", ())))))
    return period


class _PeriodName(Msg):
    """A period's name in the reader's language ("Quý II/2024", "Q2 2024")."""

    __slots__ = ()

    def text(self, lang: str = "vi") -> str:
        period = self.params["period"]
        return period.name_vi if lang == "vi" else period.name_en


class _KindNames(Msg):
    """The period types a form accepts, "quý hoặc năm", in the reader's language."""

    __slots__ = ()

    def text(self, lang: str = "vi") -> str:
        names = [say(f"period.kind.{k}", lang) if k in KIND_NAMES_VI else k for k in self.params["kinds"]]
        if len(names) <= 1:
            return "".join(names)
        return say("period.either", lang, first=", ".join(names[:-1]), last=names[-1])


def period_refusal(form: object, written: str, period: Period) -> str:
    """Why ``form`` does not take ``period``: the sentence names every period type it accepts."""
    names = [KIND_NAMES_VI.get(k, k) for k in getattr(form, "period_kinds", ())]
    accepted = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} hoặc {names[-1]}"
    return f"kỳ «{written}» ({period.name_vi}) không phải kỳ {accepted} của biểu mẫu {getattr(form, 'id', '')}."


YEAR_KINDS = ("month", "quarter", "half", "nine_months", "year")


def periods_within(period: Period, kinds: tuple[str, ...]) -> list[Period]:
    """The periods of ``kinds`` lying inside ``period`` (its quarters and halves for a year), longest first."""
    inside = [p for kind in kinds if kind in YEAR_KINDS for p in periods_of_year(kind, period.year)
              if period.contains(p)]
    return sorted(inside, key=lambda p: (p.start - p.end, p.start))


def ending_earlier(period: Period, kinds: tuple[str, ...], *, same_year: bool, same_end: bool = False) -> list[Period]:
    """Periods of ``kinds`` ending before ``period`` ends (or on the same day with ``same_end``), the
    latest first: within the same year, or reaching back to the same day a year earlier."""
    years = (period.year,) if same_year else (period.year - 1, period.year)
    found = []
    for kind in kinds:
        if kind not in YEAR_KINDS:
            continue
        for year in years:
            for p in periods_of_year(kind, year):
                if p == period or p.end > period.end or (p.end == period.end and not same_end):
                    continue
                if not same_year and p.end < _year_before(period.end):
                    continue
                found.append(p)
    return sorted(found, key=lambda p: (p.end, p.kind == period.kind, p.start), reverse=True)


def _year_before(day: date) -> date:
    """The same day a year earlier; 29 February falls back to the 28th."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)
