"""The database tables (SQLAlchemy Core) shared by every storage module and mirrored by the migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
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
    # when and as which file the unit last submitted (exported, or was imported upstream); revision 0003
    sa.Column("submitted_at", UtcDateTime, nullable=True),
    sa.Column("submitted_file", sa.Text, nullable=True),
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


IN_CHUNK = 500


def in_chunks(values: list[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    """Slices of ``values`` for ``IN (…)`` lists: no statement comes near SQLite's limit of bound parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def insert_many(session: Any, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows, given as dicts with the same keys, in the open transaction."""
    if rows:
        names = tuple(rows[0])
        insert_rows(session, table, names, [[row[name] for name in names] for row in rows])


def insert_rows(session: Any, table: sa.Table, names: tuple[str, ...], rows: list[list[Any]]) -> None:
    """Insert many rows, each a list of the values of ``names``, in the open transaction.

    On SQLite the rows go straight to the driver's executemany once each column that needs it is
    converted, in place: SQLAlchemy's per-row parameter handling costs more than the insert
    itself for a province's import.
    """
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in rows])
        return
    _to_driver(conn.dialect, tuple(table.c[name] for name in names), rows)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.exec_driver_sql(sql, list(map(tuple, rows)))  # SQLAlchemy passes on tuples, not lists


def update_rows(
    session: Any, table: sa.Table, names: tuple[str, ...], keys: tuple[str, ...], rows: list[list[Any]]
) -> None:
    """``UPDATE table SET names WHERE keys`` for each row: a list of the new values of ``names``, then
    the values of ``keys`` that pick the row. SQLite rows are converted in place, as by ``insert_rows``."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        statement = table.update().where(*(table.c[key] == sa.bindparam(f"key_{key}") for key in keys))
        params = (*names, *(f"key_{key}" for key in keys))
        conn.execute(statement, [dict(zip(params, row, strict=True)) for row in rows])
        return
    _to_driver(conn.dialect, tuple(table.c[name] for name in (*names, *keys)), rows)
    assignments = ", ".join(f"{name} = ?" for name in names)
    conditions = " AND ".join(f"{key} = ?" for key in keys)
    conn.exec_driver_sql(f"UPDATE {table.name} SET {assignments} WHERE {conditions}", list(map(tuple, rows)))


def _to_driver(dialect: Dialect, columns: tuple[sa.Column[Any], ...], rows: list[list[Any]]) -> None:
    """Replace, in place, each value by what SQLAlchemy would hand the driver for its column."""
    for index, process, is_timestamp in _processors(dialect, columns):
        if is_timestamp:
            _convert_timestamps(rows, index, process)
            continue
        for row in rows:
            value = row[index]
            if value is not None:
                row[index] = process(value)


@lru_cache(maxsize=64)
def _processors(dialect: Dialect, columns: tuple[sa.Column[Any], ...]) -> tuple[tuple[int, Any, bool], ...]:
    """(index, bind processor, is a timestamp) of the columns that need converting; looked up once per
    statement shape, as SQLAlchemy's compiled cache would."""
    found = ((index, column.type.bind_processor(dialect), column.type) for index, column in enumerate(columns))
    return tuple((index, process, isinstance(kind, UtcDateTime)) for index, process, kind in found if process)


def _convert_timestamps(rows: list[list[Any]], index: int, process: Any) -> None:
    # A batch carries one or two distinct timestamps: convert each once, including the driver's own
    # datetime adapter, so the text stored is the one a single-row write stores.
    done: dict[Any, Any] = {None: None}
    for row in rows:
        value = row[index]
        text = done.get(value, done)
        if text is done:
            text = done[value] = _adapted(process(value))
        row[index] = text


def _adapted(value: Any) -> Any:
    adapt = sqlite3.adapters.get((type(value), sqlite3.PrepareProtocol))
    return adapt(value) if adapt is not None else value
