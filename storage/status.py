"""Submission status of one unit's form for one period: chưa nhập → đang nhập → đã kiểm tra → đã nộp → đã duyệt."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forms.errors import BieumauError
from forms.messages import Msg
from forms.periods import parse_period
from storage.audit import audit_row, record
from storage.database import Database, LockedError, Session
from storage.inputs import check_integer
from storage.schema import in_chunks, submission_status, utcnow

# The stored codes; code outside this module names them through these constants, never as literals.
NOT_STARTED = "chua_nhap"
IN_PROGRESS = "dang_nhap"
CHECKED = "da_kiem_tra"
SUBMITTED = "da_nop"
APPROVED = "da_duyet"
STATUSES = (NOT_STARTED, IN_PROGRESS, CHECKED, SUBMITTED, APPROVED)
STATUS_NAMES_VI = {
    NOT_STARTED: "Chưa nhập",
    IN_PROGRESS: "Đang nhập",
    CHECKED: "Đã kiểm tra",
    SUBMITTED: "Đã nộp",
    APPROVED: "Đã duyệt",
}
LOCKED = APPROVED


@dataclass(frozen=True)
class SubmissionStatus:
    form_id: str
    unit: str
    period: str
    status: str
    user: str | None
    changed_at: datetime | None
    reason: str | None = None
    error_count: int = 0
    warning_count: int = 0
    last_value_change: datetime | None = None
    submitted_at: datetime | None = None
    submitted_file: str | None = None

    @property
    def name_vi(self) -> str:
        return STATUS_NAMES_VI[self.status]

    @property
    def locked(self) -> bool:
        return self.status == LOCKED


def _from_row(row: sa.Row) -> SubmissionStatus:
    return SubmissionStatus(
        row.form_id, row.unit, row.period, row.status, row.user_name, row.changed_at, row.reason,
        row.error_count, row.warning_count, row.last_value_change, row.submitted_at, row.submitted_file,
    )


# Built once: constructing a statement costs more than SQLite takes to run it in a single edit.
_KEY = (
    submission_status.c.form_id == sa.bindparam("key_form_id"),
    submission_status.c.unit == sa.bindparam("key_unit"),
    submission_status.c.period == sa.bindparam("key_period"),
)
_SELECT = sa.select(submission_status).where(*_KEY)
_SELECT_LOCKED = _SELECT.with_for_update()
_INSERT = submission_status.insert()
_UPDATE = submission_status.update().where(*_KEY)
# On PostgreSQL statuses change only through these functions, which check the ladder (see migration 0003).
_NOTE_ON_SERVER = sa.text("SELECT bieumau_note_value_change(:form, :unit, :period, :at, :source)")
_SET_ON_SERVER = sa.text(
    "SELECT bieumau_set_status(:form, :unit, :period, :status, :reason, :errors, :warnings, :source, "
    "CAST(:allowed AS text[]))"
)

_RECORD_ON_SERVER = sa.text(
    "SELECT bieumau_record_submission(:form, :unit, :period, :at, :file, :errors, :warnings, :source)"
)


def status_in(session: Session, form_id: str, unit: str, period: str, *, lock: bool = False) -> SubmissionStatus:
    key = {"key_form_id": form_id, "key_unit": unit, "key_period": period}
    row = session.connection().execute(_SELECT_LOCKED if lock else _SELECT, key).first()
    if row is None:
        return SubmissionStatus(form_id, unit, period, NOT_STARTED, None, None)
    return _from_row(row)


def statuses_in(
    session: Session, form_id: str, keys: Iterable[tuple[str, str]], *, lock: bool = False
) -> dict[tuple[str, str], SubmissionStatus]:
    """``status_in`` of many (unit, period) pairs, read with one query per chunk of units."""
    wanted = list(dict.fromkeys(keys))
    periods = sorted({period for _unit, period in wanted})
    found: dict[tuple[str, str], SubmissionStatus] = {}
    for codes in in_chunks(sorted({unit for unit, _period in wanted})):
        query = sa.select(submission_status).where(
            submission_status.c.form_id == form_id,
            submission_status.c.unit.in_(codes),
            submission_status.c.period.in_(periods),
        )
        for row in session.execute(query.with_for_update() if lock else query):
            found[(row.unit, row.period)] = _from_row(row)
    return {
        key: found.get(key) or SubmissionStatus(form_id, key[0], key[1], NOT_STARTED, None, None) for key in wanted
    }


def refuse_if_locked(status: SubmissionStatus) -> None:
    if status.locked:
        raise LockedError(Msg("status.locked", form=status.form_id, unit=status.unit,
                              period=parse_period(status.period).name_vi))


def _values(status: SubmissionStatus) -> dict[str, object]:
    return {
        "status": status.status, "user_name": status.user, "changed_at": status.changed_at, "reason": status.reason,
        "error_count": status.error_count, "warning_count": status.warning_count,
        "last_value_change": status.last_value_change, "submitted_at": status.submitted_at,
        "submitted_file": status.submitted_file,
    }


def _store(session: Session, old: SubmissionStatus, new: SubmissionStatus) -> None:
    _store_many(session, [(old, new)])


def _store_many(session: Session, changes: list[tuple[SubmissionStatus, SubmissionStatus]]) -> None:
    """Insert the statuses that had no row yet, update the others: one executemany each."""
    inserts = [
        {"form_id": new.form_id, "unit": new.unit, "period": new.period, **_values(new)}
        for old, new in changes if old.changed_at is None
    ]
    updates = [
        {"key_form_id": new.form_id, "key_unit": new.unit, "key_period": new.period, **_values(new)}
        for old, new in changes if old.changed_at is not None
    ]
    conn = session.connection()
    if inserts:
        conn.execute(_INSERT, inserts)
    if updates:
        conn.execute(_UPDATE, updates)


def note_value_change(
    session: Session, status: SubmissionStatus, *, user: str, at: datetime, source: str
) -> None:
    """Called inside a value write: a form nobody had started becomes "đang nhập"."""
    note_value_changes(session, [status], user=user, at=at, source=source)


def note_value_changes(
    session: Session, statuses: list[SubmissionStatus], *, user: str, at: datetime, source: str
) -> None:
    """``note_value_change`` for every (unit, period) an import changed, in one statement per kind of change."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":  # the server keeps statuses itself (revision 0003)
        if statuses:
            conn.execute(_NOTE_ON_SERVER, [
                {"form": s.form_id, "unit": s.unit, "period": s.period, "at": at, "source": source} for s in statuses
            ])
        return
    changes: list[tuple[SubmissionStatus, SubmissionStatus]] = []
    audits: list[dict[str, Any]] = []
    for status in statuses:
        if status.status == NOT_STARTED:
            new = SubmissionStatus(status.form_id, status.unit, status.period, IN_PROGRESS, user, at, None, 0, 0, at)
            audits.append(audit_row(status.form_id, status.unit, status.period, "", "", "status",
                                    status.status, new.status, user, at, source))
        else:
            new = replace(status, last_value_change=at)
        changes.append((status, new))
    record(session, audits)
    _store_many(session, changes)


def get_status(db: Database, form_id: str, unit: str, period: str) -> SubmissionStatus:
    period = parse_period(period).code
    with db.session(write=False) as session:
        return status_in(session, form_id, unit, period)


def set_status(
    db: Database, form_id: str, unit: str, period: str, status: str, *, user: str,
    reason: str | None = None, error_count: int = 0, warning_count: int = 0, source: str = "api",
    allowed_from: Collection[str] | None = None,
) -> SubmissionStatus:
    """Change the status; leaving "đã duyệt" (unlocking) needs a reason. Every change is audited.

    This is the bare write. Approving, returning and unlocking on a reviewer's behalf go through
    ``storage.review``, which first checks that the reviewer is above the unit. ``allowed_from`` is the
    status the caller saw and judged; it is checked again under the row lock, so a form approved or
    returned by someone else in between is refused rather than moved on."""
    if status not in STATUSES:
        raise BieumauError(f"Trạng thái «{status}» không hợp lệ ({', '.join(STATUSES)}).", "status")
    period = parse_period(period).code
    reason = (reason or "").strip() or None
    check_integer(error_count, "số lỗi")  # PostgreSQL gets them through a function, past the column's guard
    check_integer(warning_count, "số cảnh báo")
    now = utcnow()
    with db.session() as session:
        from storage.scopes import check_scope
        from storage.units import unit_exists

        if not unit_exists(session, unit):
            raise BieumauError(Msg("unit.unknown_code", unit=unit), "unknown_unit")
        check_scope(session, db, {unit})
        old = status_in(session, form_id, unit, period, lock=True)
        if allowed_from is not None and old.status not in allowed_from:
            raise BieumauError(Msg("status.changed", form=form_id, unit=unit,
                                   status=STATUS_NAMES_VI[old.status]), "status_changed")
        if old.status == LOCKED and status != LOCKED and not reason:
            raise BieumauError(Msg("status.reason_required"), "reason_required")
        if not db.is_sqlite:
            session.execute(_SET_ON_SERVER, {
                "form": form_id, "unit": unit, "period": period, "status": status, "reason": reason,
                "errors": error_count, "warnings": warning_count, "source": source,
                "allowed": list(allowed_from) if allowed_from is not None else None,
            })
            return status_in(session, form_id, unit, period)
        # a form reaching "đã nộp" without a recorded submission (set by hand or a script) was submitted now
        submitted_at = old.submitted_at or (now if status == SUBMITTED else None)
        new = SubmissionStatus(
            form_id, unit, period, status, user, now, reason, error_count, warning_count, old.last_value_change,
            submitted_at, old.submitted_file,
        )
        _store(session, old, new)
        if old.status != status or reason:
            text = status if not reason else f"{status}: {reason}"
            record(session, [audit_row(form_id, unit, period, "", "", "status", old.status, text, user, now, source)])
    return new


def record_submission(
    db: Database, form_id: str, unit: str, period: str, *, user: str, file: str, at: datetime | None = None,
    error_count: int = 0, warning_count: int = 0, source: str = "export",
) -> SubmissionStatus:
    """The unit has submitted ``file`` (its exported submission, or that file imported upstream): the
    status becomes "đã nộp" with the time and the file name. An approved form stays approved and keeps
    its submission: re-exporting a locked sheet is a copy, not a new submission."""
    period = parse_period(period).code
    now = utcnow()
    at = at or now
    with db.session() as session:
        from storage.scopes import check_scope
        from storage.units import unit_exists

        if not unit_exists(session, unit):
            raise BieumauError(Msg("unit.unknown_code", unit=unit), "unknown_unit")
        check_scope(session, db, {unit})
        old = status_in(session, form_id, unit, period, lock=True)
        if old.locked:
            return old
        if not db.is_sqlite:
            session.execute(_RECORD_ON_SERVER, {
                "form": form_id, "unit": unit, "period": period, "at": at, "file": file,
                "errors": error_count, "warnings": warning_count, "source": source,
            })
            return status_in(session, form_id, unit, period)
        new = SubmissionStatus(form_id, unit, period, SUBMITTED, user, now, None, error_count, warning_count,
                               old.last_value_change, at, file)
        _store(session, old, new)
        record(session, [audit_row(form_id, unit, period, "", "", "status", old.status, f"{SUBMITTED}: {file}",
                                   user, now, source)])
    return new


def list_statuses(db: Database, period: str, form_ids: list[str] | None = None) -> list[SubmissionStatus]:
    """Stored statuses of a period; a unit/form without a row is "chưa nhập"."""
    period = parse_period(period).code
    query = sa.select(submission_status).where(submission_status.c.period == period)
    if form_ids is not None:
        query = query.where(submission_status.c.form_id.in_(form_ids))
    query = query.order_by(submission_status.c.form_id, submission_status.c.unit)
    with db.session(write=False) as session:
        return [_from_row(r) for r in session.execute(query)]
