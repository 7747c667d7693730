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

from storage.inputs import check_integer, check_number, check_text

metadata = sa.MetaData()


class Code(TypeDecorator[str]):
    """A short code (unit, form, indicator…) of at most ``length`` characters, on every database."""

    impl = sa.String
    cache_ok = True

    def __init__(self, length: int, what: str = "mã") -> None:
        super().__init__(length)
        self.length = length
        self.what = what

    def bind_processor(self, dialect: Dialect) -> Any:
        return _guarded(self.impl_instance.bind_processor(dialect), self.length, self.what)


class Words(TypeDecorator[str]):
    """Free text (a value as typed, a note, a name): any length, never a NUL character."""

    impl = sa.Text
    cache_ok = True

    def __init__(self, what: str = "văn bản") -> None:
        super().__init__()
        self.what = what

    def bind_processor(self, dialect: Dialect) -> Any:
        return _guarded(self.impl_instance.bind_processor(dialect), None, self.what)


class Whole(TypeDecorator[int]):
    """An INTEGER column (versions, counts): the same range on every database."""

    impl = sa.Integer
    cache_ok = True

    def __init__(self, what: str = "số") -> None:
        super().__init__()
        self.what = what

    def bind_processor(self, dialect: Dialect) -> Any:
        inner = self.impl_instance.bind_processor(dialect)
        what = self.what

        def process(value: Any) -> Any:
            if value is not None and not -2**31 <= value < 2**31:
                check_integer(value, what)
            return inner(value) if inner is not None else value

        return process


def _guarded(inner: Any, limit: int | None, what: str) -> Any:
    """A bind processor running ``storage.inputs.check_text``; flat, as it runs for every text of an import."""
    longest = limit if limit is not None else float("inf")

    def process(value: Any) -> Any:
        if value is not None and (len(value) > longest or "\x00" in value):
            check_text(value, limit, what)
        return inner(value) if inner is not None else value

    return process


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
        number = check_number(value if isinstance(value, Decimal) else Decimal(value))
        return str(number) if dialect.name == "sqlite" else number

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
    sa.Column("code", Code(64, "mã đơn vị"), primary_key=True),
    sa.Column("name", Words("tên đơn vị"), nullable=False),
    sa.Column("level", Code(16, "cấp đơn vị"), nullable=False),
    sa.Column("parent", Code(64, "mã đơn vị cấp trên"), nullable=True),
    sa.Column("valid_from", sa.Date, nullable=True),
    sa.Column("valid_to", sa.Date, nullable=True),
    sa.Column("merged_into", Code(64, "mã đơn vị sáp nhập vào"), nullable=True),
    sa.Column("code_list_version", Code(64, "phiên bản danh mục"), nullable=True),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

unit_imports = sa.Table(
    "unit_imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code_list_version", Code(64, "phiên bản danh mục"), nullable=True),
    sa.Column("user_name", Code(128, "tên người dùng"), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("summary", Words("tóm tắt"), nullable=False),
)

forms = sa.Table(
    "forms",
    metadata,
    sa.Column("form_id", Code(64, "mã biểu"), primary_key=True),
    sa.Column("version", Whole("phiên bản biểu mẫu"), primary_key=True),
    sa.Column("checksum", Code(64, "mã kiểm tra"), nullable=False),
    sa.Column("definition", Words("định nghĩa biểu mẫu"), nullable=False),
    sa.Column("registered_at", UtcDateTime, nullable=False),
)

# A deleted value stays as a row with raw "" so its version keeps counting: a writer holding
# version 3 of a cell someone since cleared is refused instead of silently re-creating it.
cell_values = sa.Table(
    "cell_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("form_id", Code(64, "mã biểu"), nullable=False),
    sa.Column("unit", Code(64, "mã đơn vị"), sa.ForeignKey("units.code"), nullable=False),
    sa.Column("period", Code(16, "mã kỳ"), nullable=False),
    sa.Column("indicator", Code(64, "mã chỉ tiêu"), nullable=False),
    sa.Column("column_id", Code(64, "mã cột"), nullable=False),
    sa.Column("form_version", Whole("phiên bản biểu mẫu"), nullable=False),
    sa.Column("raw", Words("giá trị"), nullable=False),
    sa.Column("number", ExactDecimal, nullable=True),
    sa.Column("user_name", Code(128, "tên người dùng"), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
    sa.Column("version", Whole("phiên bản của ô"), nullable=False),
    sa.UniqueConstraint("form_id", "unit", "period", "indicator", "column_id", name="uq_cell_values_cell"),
    sa.Index("ix_cell_values_period_form", "period", "form_id"),
)

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("form_id", Code(64, "mã biểu"), primary_key=True),
    sa.Column("unit", Code(64, "mã đơn vị"), sa.ForeignKey("units.code"), primary_key=True),
    sa.Column("period", Code(16, "mã kỳ"), primary_key=True),
    sa.Column("indicator", Code(64, "mã chỉ tiêu"), primary_key=True),
    sa.Column("column_id", Code(64, "mã cột"), primary_key=True),
    sa.Column("kind", Code(16, "loại"), primary_key=True),
    sa.Column("text", Words("ghi chú"), nullable=False),
    sa.Column("user_name", Code(128, "tên người dùng"), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
)

submission_status = sa.Table(
    "submission_status",
    metadata,
    sa.Column("form_id", Code(64, "mã biểu"), primary_key=True),
    sa.Column("unit", Code(64, "mã đơn vị"), sa.ForeignKey("units.code"), primary_key=True),
    sa.Column("period", Code(16, "mã kỳ"), primary_key=True),
    sa.Column("status", Code(16, "trạng thái"), nullable=False),
    sa.Column("user_name", Code(128, "tên người dùng"), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
    sa.Column("reason", Words("lý do"), nullable=True),
    sa.Column("error_count", Whole("số lỗi"), nullable=False, server_default="0"),
    sa.Column("warning_count", Whole("số cảnh báo"), nullable=False, server_default="0"),
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
    sa.Column("form_id", Code(64, "mã biểu"), nullable=False),
    sa.Column("unit", Code(64, "mã đơn vị"), nullable=False),
    sa.Column("period", Code(16, "mã kỳ"), nullable=False),
    sa.Column("indicator", Code(64, "mã chỉ tiêu"), nullable=False),
    sa.Column("column_id", Code(64, "mã cột"), nullable=False),
    sa.Column("kind", Code(16, "loại"), nullable=False),
    sa.Column("old_raw", Words("giá trị cũ"), nullable=False),
    sa.Column("new_raw", Words("giá trị mới"), nullable=False),
    sa.Column("user_name", Code(128, "tên người dùng"), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("source", Words("nguồn"), nullable=False),
    sa.Index("ix_audit_log_cell", "form_id", "unit", "period", "indicator", "column_id"),
)

# Which unit subtree a PostgreSQL login may write (row-level security); added in revision 0002.
unit_scopes = sa.Table(
    "unit_scopes",
    metadata,
    sa.Column("role", Code(128, "tên tài khoản"), primary_key=True),
    sa.Column("unit", Code(64, "mã đơn vị"), primary_key=True),
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

# a province's plan: one target per unit, year and indicator as the plan wrote it (forms.plans)
plan_targets = sa.Table(
    "plan_targets",
    metadata,
    sa.Column("unit", sa.String(64), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("indicator", sa.String(128), primary_key=True),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("operator", sa.String(16), nullable=False),
    sa.Column("value", ExactDecimal, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("changed_at", UtcDateTime, nullable=False),
)
