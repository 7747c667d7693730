"""The audit log: one row for every change of a value, comment or status — old and new text, who, when, from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from storage.database import Database, Session
from storage.schema import audit_log, insert_many, insert_rows

SOURCES_VI = {
    "typed": "nhập tay",
    "pasted": "dán",
    "api": "chương trình",
    "consolidate": "tổng hợp từ đơn vị cấp dưới",
}


@dataclass(frozen=True)
class AuditEntry:
    indicator: str
    column: str
    old_raw: str
    new_raw: str
    user: str
    at: datetime
    source: str
    kind: str = "value"  # value | note | justification | status

    @property
    def source_vi(self) -> str:
        if self.source.startswith("import:"):
            return f"nhập từ tệp {self.source.removeprefix('import:')}"
        return SOURCES_VI.get(self.source, self.source)


def audit_row(
    form_id: str, unit: str, period: str, indicator: str, column: str, kind: str,
    old_raw: str, new_raw: str, user: str, at: datetime, source: str,
) -> dict[str, Any]:
    return {
        "form_id": form_id, "unit": unit, "period": period, "indicator": indicator, "column_id": column,
        "kind": kind, "old_raw": old_raw, "new_raw": new_raw, "user_name": user, "at": at, "source": source,
    }


def record(session: Session, rows: list[dict[str, Any]]) -> None:
    insert_many(session, audit_log, rows)


AUDIT_COLUMNS = (
    "form_id", "unit", "period", "indicator", "column_id", "kind", "old_raw", "new_raw", "user_name", "at", "source",
)


def record_rows(session: Session, rows: list[list[Any]]) -> None:
    """``record`` for rows already laid out in the order of ``AUDIT_COLUMNS`` (a whole import's worth)."""
    insert_rows(session, audit_log, AUDIT_COLUMNS, rows)


def history(
    db: Database, form_id: str, unit: str, period: str, indicator: str | None = None, column: str | None = None
) -> list[AuditEntry]:
    """Changes of one unit's form for one period, newest first; narrowed to a row or a cell when given."""
    from forms.periods import parse_period

    period = parse_period(period).code
    query = sa.select(audit_log).where(
        audit_log.c.form_id == form_id, audit_log.c.unit == unit, audit_log.c.period == period
    )
    if indicator is not None:
        query = query.where(audit_log.c.indicator == indicator)
    if column is not None:
        query = query.where(audit_log.c.column_id == column)
    query = query.order_by(audit_log.c.id.desc())
    with db.session(write=False) as session:
        return [
            AuditEntry(r.indicator, r.column_id, r.old_raw, r.new_raw, r.user_name, r.at, r.source, r.kind)
            for r in session.execute(query)
        ]
