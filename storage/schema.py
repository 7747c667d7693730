"""The database tables (SQLAlchemy Core) shared by every storage module and mirrored by the migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData()


class ExactDecimal(TypeDecorator[Decimal]):
    """NUMERIC on PostgreSQL; text on SQLite, whose NUMERIC affinity would round through a float."""

    impl = sa.String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(64))
        return dialect.type_descriptor(sa.Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return str(value) if dialect.name == "sqlite" else Decimal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


units = sa.Table(
    "units",
    metadata,
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("parent", sa.String(64), nullable=True),
    sa.Column("valid_from", sa.Date, nullable=True),
    sa.Column("valid_to", sa.Date, nullable=True),
    sa.Column("merged_into", sa.String(64), nullable=True),
    sa.Column("code_list_version", sa.String(64), nullable=True),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

unit_imports = sa.Table(
    "unit_imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code_list_version", sa.String(64), nullable=True),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
)

forms = sa.Table(
    "forms",
    metadata,
    sa.Column("form_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("registered_at", UtcDateTime, nullable=False),
)

# A deleted value stays as a row with raw "" so its version keeps counting: a writer holding
# version 3 of a cell someone since cleared is refused instead of silently re-creating it.
cell_values = sa.Table(
    "cell_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("form_id", sa.String(64), nullable=False),
    sa.Column("unit", sa.String(64), sa.ForeignKey("units.code"), nullable=False),
    sa.Column("period", sa.String(16), nullable=False),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("column_id", sa.String(64), nullable=False),
    sa.Column("form_version", sa.Integer, nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("number", ExactDecimal, nullable=True),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("form_id", "unit", "period", "indicator", "column_id", name="uq_cell_values_cell"),
    sa.Index("ix_cell_values_period_form", "period", "form_id"),
)

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("form_id", sa.String(64), primary_key=True),
    sa.Column("unit", sa.String(64), sa.ForeignKey("units.code"), primary_key=True),
    sa.Column("period", sa.String(16), primary_key=True),
    sa.Column("indicator", sa.String(64), primary_key=True),
    sa.Column("column_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
)

submission_status = sa.Table(
    "submission_status",
    metadata,
    sa.Column("form_id", sa.String(64), primary_key=True),
    sa.Column("unit", sa.String(64), sa.ForeignKey("units.code"), primary_key=True),
    sa.Column("period", sa.String(16), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("warning_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_value_change", UtcDateTime, nullable=True),
)

# kind: value | note | justification | status; status rows leave indicator and column empty.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("form_id", sa.String(64), nullable=False),
    sa.Column("unit", sa.String(64), nullable=False),
    sa.Column("period", sa.String(16), nullable=False),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("column_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("old_raw", sa.Text, nullable=False),
    sa.Column("new_raw", sa.Text, nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Index("ix_audit_log_cell", "form_id", "unit", "period", "indicator", "column_id"),
)

# Which unit subtree a PostgreSQL login may write (row-level security); added in revision 0002.
unit_scopes = sa.Table(
    "unit_scopes",
    metadata,
    sa.Column("role", sa.String(128), primary_key=True),
    sa.Column("unit", sa.String(64), primary_key=True),
)


def insert_many(session: Any, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the open transaction.

    On SQLite the rows go straight to the driver's executemany with each column's bind processor
    applied (once per distinct timestamp): SQLAlchemy's per-row parameter handling costs more than
    the insert itself for a province's import.
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite":
        session.execute(table.insert(), rows)
        return
    names = list(rows[0])
    processors = [table.c[name].type.bind_processor(dialect) for name in names]
    memo: list[dict[Any, Any] | None] = [
        {} if isinstance(table.c[name].type, UtcDateTime) else None for name in names
    ]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    def convert(index: int, value: Any) -> Any:
        process = processors[index]
        if process is None or value is None:
            return value
        seen = memo[index]
        if seen is None:
            return process(value)
        if value not in seen:
            seen[value] = process(value)
        return seen[value]

    conn.exec_driver_sql(sql, [tuple(convert(i, row[name]) for i, name in enumerate(names)) for row in rows])
