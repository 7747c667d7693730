"""Notes and justifications on cells (a warning needs a written justification to be final); every change audited."""

from __future__ import annotations

import sqlalchemy as sa

from forms.errors import BieumauError
from forms.periods import parse_period
from storage.audit import audit_row, record
from storage.database import Database
from storage.schema import comments, utcnow
from storage.scopes import check_scope
from storage.status import refuse_if_locked, status_in

KINDS = ("note", "justification")


def set_comment(
    db: Database, form_id: str, unit: str, period: str, indicator: str, column: str, text: str, *,
    kind: str = "note", user: str, source: str = "typed",
) -> None:
    """Set (or with "" delete) the note or the justification of one cell."""
    if kind not in KINDS:
        raise BieumauError(f"Loại ghi chú «{kind}» không hợp lệ (note, justification).", "comment_kind")
    period = parse_period(period).code
    text = text.strip()
    now = utcnow()
    key = (
        comments.c.form_id == form_id, comments.c.unit == unit, comments.c.period == period,
        comments.c.indicator == indicator, comments.c.column_id == column, comments.c.kind == kind,
    )
    with db.session() as session:
        from storage.units import unit_exists

        if not unit_exists(session, unit):
            raise BieumauError(f"Không có đơn vị mã «{unit}» trong cơ sở dữ liệu.", "unknown_unit")
        check_scope(session, db, {unit})
        refuse_if_locked(status_in(session, form_id, unit, period, lock=True))
        old = session.execute(sa.select(comments.c.text).where(*key).with_for_update()).scalar()
        if (old or "") == text:
            return
        if old is not None:
            session.execute(comments.delete().where(*key))
        if text:
            session.execute(comments.insert().values(
                form_id=form_id, unit=unit, period=period, indicator=indicator, column_id=column, kind=kind,
                text=text, user_name=user, changed_at=now,
            ))
        record(session, [audit_row(form_id, unit, period, indicator, column, kind, old or "", text, user, now, source)])


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
