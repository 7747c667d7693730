"""Notes and justifications on cells (a warning needs a written justification to be final); every change audited.

``set_comment`` changes one cell in its own transaction; ``comment_changes`` does the same for many
cells inside a caller's transaction, so an import stores a file's values and notes together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forms.errors import BieumauError
from forms.messages import Msg
from forms.periods import parse_period
from storage.audit import audit_row, record
from storage.database import Database, Session
from storage.schema import comments, insert_many, utcnow
from storage.scopes import check_scope
from storage.status import refuse_if_locked, status_in

KINDS = ("note", "justification")

# (indicator, column, kind) -> text
CommentKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class CommentRow:
    """One note or justification to store beside values (``line`` names it in error messages)."""

    unit: str
    period: str
    indicator: str
    column: str
    kind: str
    text: str
    line: int | None = None


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise BieumauError(Msg("comments.bad_kind", kind=kind), "comment_kind")


def comment_changes(
    session: Session, form_id: str, unit: str, period: str, texts: Mapping[CommentKey, str], *,
    user: str, at: datetime, source: str,
) -> list[dict[str, Any]]:
    """Set (or with "" delete) notes and justifications of one sheet in the open transaction.

    The caller has checked the unit, its scope and the lock. Texts equal to what is stored write
    nothing; the audit rows of the others are returned for the caller to record with its own.
    """
    if not texts:
        return []
    stored = {
        (r.indicator, r.column_id, r.kind): r.text
        for r in session.execute(
            sa.select(comments.c.indicator, comments.c.column_id, comments.c.kind, comments.c.text)
            .where(comments.c.form_id == form_id, comments.c.unit == unit, comments.c.period == period)
            .with_for_update()
        )
    }
    inserts: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    for (indicator, column, kind), text in texts.items():
        text = text.strip()
        old = stored.get((indicator, column, kind))
        if (old or "") == text:
            continue
        if old is not None:
            session.execute(comments.delete().where(
                comments.c.form_id == form_id, comments.c.unit == unit, comments.c.period == period,
                comments.c.indicator == indicator, comments.c.column_id == column, comments.c.kind == kind,
            ))
        if text:
            inserts.append({
                "form_id": form_id, "unit": unit, "period": period, "indicator": indicator, "column_id": column,
                "kind": kind, "text": text, "user_name": user, "changed_at": at,
            })
        audits.append(audit_row(form_id, unit, period, indicator, column, kind, old or "", text, user, at, source))
    insert_many(session, comments, inserts)
    return audits


def set_comment(
    db: Database, form_id: str, unit: str, period: str, indicator: str, column: str, text: str, *,
    kind: str = "note", user: str, source: str = "typed",
) -> None:
    """Set (or with "" delete) the note or the justification of one cell."""
    check_kind(kind)
    period = parse_period(period).code
    with db.session() as session:
        from storage.units import unit_exists

        if not unit_exists(session, unit):
            raise BieumauError(Msg("unit.unknown_code", unit=unit), "unknown_unit")
        check_scope(session, db, {unit})
        refuse_if_locked(status_in(session, form_id, unit, period, lock=True))
        record(session, comment_changes(session, form_id, unit, period, {(indicator, column, kind): text},
                                        user=user, at=utcnow(), source=source))


def read_comments(db: Database, form_id: str, unit: str, period: str) -> dict[tuple[str, str], dict[str, str]]:
    period = parse_period(period).code
    query = sa.select(comments).where(
        comments.c.form_id == form_id, comments.c.unit == unit, comments.c.period == period
    )
    out: dict[tuple[str, str], dict[str, str]] = {}
    with db.session(write=False) as session:
        for row in session.execute(query):
            out.setdefault((row.indicator, row.column_id), {})[row.kind] = row.text
    return out
