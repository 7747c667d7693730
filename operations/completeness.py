"""Completeness of a period: which units submitted which forms, with the error and warning counts of a full
validation, the deadline and who is late — the dashboard's table and ``bieumau review status``. The
submission time is the one stored with the status (``submitted_at``), never read back from the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from forms.units import LEVELS
from operations.changes import OpChanges
from operations.clock import local
from operations.review import Progress, report_counts
from storage import status as status_codes

if TYPE_CHECKING:
    from forms.model import Form
    from forms.periods import Period
    from forms.units import Unit
    from operations.context import AppContext
    from storage.status import SubmissionStatus

SUBMITTED = (status_codes.SUBMITTED, status_codes.APPROVED)  # what counts as "đã nộp" on the dashboard
NOT_STARTED = status_codes.NOT_STARTED


@dataclass(frozen=True)
class Entry:
    """One unit's form for the period."""

    unit: str
    form_id: str
    status: str
    deadline: date
    errors: int = 0
    warnings: int = 0
    last_change: datetime | None = None
    submitted_at: datetime | None = None
    changed_by: str | None = None
    reason: str | None = None
    submitted_file: str | None = None

    @property
    def submitted(self) -> bool:
        return self.status in SUBMITTED

    def late(self, today: date) -> bool:
        """Submitted after the deadline, or still not submitted once it has passed."""
        if self.submitted:
            # stored in UTC; the deadline is a day on the Vietnamese calendar
            return self.submitted_at is not None and local(self.submitted_at).date() > self.deadline
        return today > self.deadline


@dataclass
class Completeness:
    period: Period
    forms: list[Form]
    units: list[Unit]
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    def applies(self, unit: Unit, form: Form) -> bool:
        return unit.level in form.levels

    def submitted_by_level(self, form: Form) -> dict[str, tuple[int, int]]:
        """Level → (submitted, expected) for one form."""
        out: dict[str, tuple[int, int]] = {}
        for unit in self.units:
            if not self.applies(unit, form):
                continue
            done, total = out.get(unit.level, (0, 0))
            entry = self.entries.get((unit.code, form.id))
            out[unit.level] = (done + (1 if entry and entry.submitted else 0), total + 1)
        return dict(sorted(out.items(), key=lambda kv: LEVELS.index(kv[0])))

    def unit_total(self, unit: Unit) -> tuple[int, int]:
        """(forms submitted, forms owed) of one unit."""
        forms = [f for f in self.forms if self.applies(unit, f)]
        done = sum(1 for f in forms if (e := self.entries.get((unit.code, f.id))) and e.submitted)
        return done, len(forms)

    def total(self) -> tuple[int, int]:
        """(forms submitted, forms owed) of every unit: "x/y biểu đã nộp"."""
        pairs = [self.unit_total(u) for u in self.units]
        return sum(d for d, _ in pairs), sum(t for _, t in pairs)

    def complete_by_level(self) -> dict[str, tuple[int, int]]:
        """Level → (units that submitted every form they owe, units that owe something)."""
        out: dict[str, tuple[int, int]] = {}
        for unit in self.units:
            done, total = self.unit_total(unit)
            if not total:
                continue
            a, b = out.get(unit.level, (0, 0))
            out[unit.level] = (a + (done == total), b + 1)
        return dict(sorted(out.items(), key=lambda kv: LEVELS.index(kv[0])))

    def late(self) -> list[Entry]:
        """Entries submitted late or overdue, in the table's order."""
        return [e for u in self.units for f in self.forms
                if (e := self.entries.get((u.code, f.id))) is not None and e.late(self.today)]

    def missing(self) -> list[Entry]:
        """Entries owed and not submitted, in the table's order."""
        return [e for u in self.units for f in self.forms
                if (e := self.entries.get((u.code, f.id))) is not None and not e.submitted]

    def concerned_by(self, changes: OpChanges) -> list[tuple[str, str]]:
        """The (unit, form) cells of this table whose status or values ``changes`` touched."""
        return [(k.unit, k.form_id) for k in changes.statuses | changes.values
                if k.period == self.period.code and (k.unit, k.form_id) in self.entries]


def forms_of_kind(ctx: AppContext, kind: str) -> list[Form]:
    """The catalogue's forms reported per ``kind`` of period (quarter, year …), by id."""
    return sorted((f for f in ctx.catalogue.values() if f.period == kind), key=lambda f: f.id)


def units_in_scope(ctx: AppContext, scope: str, period: Period, forms: Iterable[Form]) -> list[Unit]:
    """``scope`` and everything below it that existed during the period and owes one of the forms."""
    levels = {level for f in forms for level in f.levels}
    candidates = [ctx.units[scope], *ctx.units.descendants(scope)]
    return [u for u in candidates if u.level in levels and u.active_during(period.start, period.end)]


def submitted_time(status: SubmissionStatus) -> datetime | None:
    """When the form was submitted, as stored with the status (revision 0003 filled it in for forms
    submitted before)."""
    return status.submitted_at if status.status in SUBMITTED else None


def load_entries(ctx: AppContext, period: Period, cells: Sequence[tuple[Form, Unit]],
                 progress: Progress | None = None) -> dict[tuple[str, str], Entry]:
    """The entry of each (form, unit): its stored status and a full validation of a started form."""
    from storage.status import list_statuses
    from storage.value_source import DatabaseValueSource
    from validators.engine import Engine

    form_ids = sorted({form.id for form, _unit in cells})
    stored = {(s.unit, s.form_id): s for s in list_statuses(ctx.db, period.code, form_ids)}
    source = DatabaseValueSource(ctx.db)
    engines: dict[str, tuple[Engine, object]] = {}
    out: dict[tuple[str, str], Entry] = {}
    for done, (form, unit) in enumerate(cells):
        if progress is not None:
            progress.check()
            progress.progress(done, len(cells), f"{form.id} — {unit.name}")
        status = stored.get((unit.code, form.id))
        deadline = period.deadline(form.deadline_days)
        if status is None:
            out[(unit.code, form.id)] = Entry(unit.code, form.id, NOT_STARTED, deadline)
            continue
        if form.id not in engines:
            engine = Engine(form, ctx.units)
            engines[form.id] = (engine, engine.world(source))
        engine, world = engines[form.id]
        errors, warnings = report_counts(engine.validate(unit.code, period.code, source, world))
        submitted_at = submitted_time(status)
        out[(unit.code, form.id)] = Entry(
            unit.code, form.id, status.status, deadline, errors, warnings, status.last_value_change,
            submitted_at, status.user, status.reason, status.submitted_file if submitted_at else None,
        )
    if progress is not None:
        progress.progress(len(cells), len(cells), "")
    return out


def load_completeness(ctx: AppContext, period: Period, forms: list[Form], units: list[Unit],
                      progress: Progress | None = None) -> Completeness:
    """Every unit × form it owes for ``period``: statuses from storage, counts from a full validation."""
    result = Completeness(period, forms, units)
    cells = [(f, u) for f in forms for u in units if result.applies(u, f)]
    result.entries.update(load_entries(ctx, period, cells, progress))
    return result


def completeness_of(ctx: AppContext, period: Period, scope: str | None = None, forms: list[Form] | None = None,
                    progress: Progress | None = None) -> Completeness:
    """The completeness of ``forms`` (default: every form of ``period``'s kind) for ``scope`` (default: the
    first root unit) and the units below it."""
    forms = forms_of_kind(ctx, period.kind) if forms is None else forms
    if scope is None:
        root = next(iter(ctx.units.roots()), None)
        scope = root.code if root is not None else ""
    units = units_in_scope(ctx, scope, period, forms) if scope else []
    return load_completeness(ctx, period, forms, units, progress)


def refreshed_entry(ctx: AppContext, entry: Entry, period: Period) -> Entry:
    """``entry`` with its status read again (after an approval elsewhere); the check counts stay."""
    from storage.status import get_status

    status = get_status(ctx.db, entry.form_id, entry.unit, period.code)
    submitted_at = submitted_time(status)
    return replace(entry, status=status.status, submitted_at=submitted_at,
                   submitted_file=status.submitted_file if submitted_at else None, changed_by=status.user,
                   reason=status.reason, last_change=status.last_value_change)


def latest_finished(periods: list[Period]) -> int:
    """Index of the first period (newest first) already over."""
    today = date.today()
    return next((i for i, p in enumerate(periods) if p.end < today), 0)


def latest_with_data(ctx: AppContext, periods: list[Period], form_ids: list[str]) -> int:
    """Index of the newest period already begun in which a unit has started one of the forms; without
    any, the latest finished period (never a future one, where every cell would be late)."""
    from storage.status import list_statuses

    today = date.today()
    for i, period in enumerate(periods):
        if period.start <= today and form_ids and list_statuses(ctx.db, period.code, form_ids):
            return i
    return latest_finished(periods)
