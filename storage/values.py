"""Values as typed: reading, writing one cell with a version check, and writing many cells in one transaction.

Every value keeps the exact text, its parsed number, the form version, who and when, and a row
version; every change also writes an audit row. A batch may carry notes and justifications, which
go into the same transaction as its values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from forms.collector import collector_paused
from forms.errors import BieumauError
from forms.messages import Msg
from forms.model import Form
from forms.numbers import parse_value
from forms.periods import form_period, parse_period
from storage.audit import audit_row, record, record_rows
from storage.comments import CommentKey, CommentRow, check_kind, comment_changes
from storage.database import Database, Session
from storage.forms import _register
from storage.schema import cell_values, in_chunks, insert_rows, units, update_rows, utcnow
from storage.scopes import check_scope
from storage.status import (
    LockedError,
    note_value_change,
    note_value_changes,
    refuse_if_locked,
    status_in,
    statuses_in,
)

__all__ = [
    "CommentRow",
    "ConflictError",
    "LockedError",
    "StoredValue",
    "ValueRow",
    "WriteSummary",
    "import_values",
    "read_values",
    "write_value",
    "write_values",
]

SOURCES = ("typed", "pasted", "api", "consolidate")
_UNREAD = object()


class ConflictError(BieumauError):
    code = "conflict"


@dataclass(frozen=True)
class StoredValue:
    indicator: str
    column: str
    raw: str
    number: Decimal | None
    user: str
    changed_at: datetime
    version: int
    form_version: int


@dataclass(frozen=True)
class WriteSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __add__(self, other: WriteSummary) -> WriteSummary:
        return WriteSummary(
            self.new + other.new, self.changed + other.changed,
            self.unchanged + other.unchanged, self.deleted + other.deleted,
        )

    def summary_vi(self) -> str:
        return (f"{self.new} giá trị mới, {self.changed} thay đổi, {self.deleted} xóa, "
                f"{self.unchanged} không đổi")


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One value to store, e.g. one line of VALUES.csv (``line`` names it in error messages)."""

    unit: str
    period: str
    indicator: str
    column: str
    raw: str
    line: int | None = None


def _where(line: int | None) -> Msg | str:
    return Msg("values.line", line=line) if line is not None else ""


def _check_source(source: str) -> None:
    if source not in SOURCES and not source.startswith("import:"):
        raise ValueError(f"unknown source {source!r}")


def _check_cell(form: Form, indicator: str, column: str, line: int | None = None) -> None:
    if indicator not in form.indicator_map:
        raise BieumauError(Msg("values.unknown_indicator", where=_where(line), form=form.id, indicator=indicator),
                           "unknown_indicator")
    if column not in form.column_map:
        raise BieumauError(Msg("values.unknown_column", where=_where(line), form=form.id, column=column),
                           "unknown_column")
    if not form.uses_cell(indicator, column):
        raise BieumauError(Msg("values.unused_cell", where=_where(line), form=form.id, indicator=indicator,
                               column=column), "unknown_cell")
    if form.indicator(indicator).computed:
        raise BieumauError(Msg("values.computed_cell", where=_where(line), indicator=indicator), "computed_cell")


def _number(form: Form, indicator: str, column: str, raw: str) -> Decimal | None:
    ind = form.indicator(indicator)
    cell_type, choices = form.cell_type(ind, column)
    return parse_value(raw, cell_type, choices, ind.unit).number


def _period_code(text: str, line: int | None = None, form: Form | None = None) -> str:
    """The period's code; with ``form``, only a period of a type the form accepts."""
    try:
        return (parse_period(text) if form is None else form_period(form, text)).code
    except BieumauError as exc:
        raise BieumauError(Msg("values.at", where=_where(line), reason=exc.as_msg()), "period") from None


def _is_blank(raw: str) -> bool:
    return not raw.strip()


def _stored(row: Any) -> StoredValue:
    return StoredValue(
        row.indicator, row.column_id, row.raw, row.number, row.user_name, row.changed_at, row.version,
        row.form_version,
    )


def _ensure_form(session: Session, db: Database, form: Form) -> tuple[str, int, str]:
    key = (form.id, form.version, form.checksum)
    if key not in db.registered_forms:
        _register(session, form)
    return key


_KNOWN_UNIT = sa.select(units.c.code).where(units.c.code == sa.bindparam("code"))
_KNOWN_UNITS = sa.select(units.c.code).where(units.c.code.in_(sa.bindparam("codes", expanding=True)))


def _known_units(session: Session, codes: set[str]) -> set[str]:
    conn = session.connection()
    if len(codes) == 1:  # a single edit: an expanding IN is re-rendered on every execution
        return set(conn.execute(_KNOWN_UNIT, {"code": next(iter(codes))}).scalars())
    return {code for chunk in in_chunks(sorted(codes)) for code in conn.execute(_KNOWN_UNITS, {"codes": chunk}).scalars()}


def _ensure_units(session: Session, codes: set[str], lines: dict[str, int | None]) -> None:
    known = _known_units(session, codes)
    for code in sorted(codes - known, key=lambda c: (lines.get(c) or 0, c)):
        raise BieumauError(Msg("values.unknown_unit", where=_where(lines.get(code)), unit=code), "unknown_unit")


def read_values(db: Database, form_id: str, unit: str, period: str) -> dict[tuple[str, str], StoredValue]:
    """Non-blank values of one unit's form for one period, by (indicator, column)."""
    period = parse_period(period).code
    query = sa.select(cell_values).where(
        cell_values.c.form_id == form_id,
        cell_values.c.unit == unit,
        cell_values.c.period == period,
        cell_values.c.raw != "",
    )
    with db.session(write=False) as session:
        return {(r.indicator, r.column_id): _stored(r) for r in session.execute(query)}


def _conflict(form: Form, indicator: str, column: str, row: Any) -> ConflictError:
    if row is None or row.raw == "":
        now = "xóa" if row is not None else "thay đổi"
        detail = f"vừa bị {row.user_name} {now}" if row is not None else "vừa bị thay đổi"
    else:
        when = row.changed_at.astimezone().strftime("%H:%M:%S")
        detail = f"vừa được {row.user_name} sửa thành «{row.raw}» lúc {when}"
    title = form.indicator(indicator).title
    column_title = form.column_map[column].title
    return ConflictError(
        f"Ô «{title}» – cột «{column_title}» {detail}; giá trị của bạn chưa được lưu. "
        "Hãy xem giá trị mới rồi nhập lại nếu vẫn cần sửa."
    )


# Built once: in a single edit, constructing statements cost more than SQLite took to run them.
_CELL_KEY = {
    "key_form_id": cell_values.c.form_id, "key_unit": cell_values.c.unit, "key_period": cell_values.c.period,
    "key_indicator": cell_values.c.indicator, "key_column": cell_values.c.column_id,
}
_SELECT_CELL = sa.select(cell_values).where(*(column == sa.bindparam(name) for name, column in _CELL_KEY.items()))
_SELECT_CELL_LOCKED = _SELECT_CELL.with_for_update()
_INSERT_CELL = cell_values.insert()
# Executed with the new column values as parameters; the WHERE keeps the version check.
_UPDATE_CELL = cell_values.update().where(
    cell_values.c.id == sa.bindparam("key_id"), cell_values.c.version == sa.bindparam("key_version")
)


def write_value(
    db: Database, form: Form, unit: str, period: str, indicator: str, column: str, raw: str, *,
    user: str, source: str = "typed", expected_version: int | None = None,
) -> StoredValue:
    """Store one typed text in one short transaction; "" deletes the value.

    ``expected_version`` is the version the editor last saw (0: it saw an empty cell); when the
    row has moved on since, nothing is written and ``ConflictError`` tells the second writer.
    """
    _check_source(source)
    _check_cell(form, indicator, column)
    period = _period_code(period, form=form)
    raw = "" if _is_blank(raw) else raw
    now = utcnow()
    key = {"key_form_id": form.id, "key_unit": unit, "key_period": period, "key_indicator": indicator,
           "key_column": column}
    try:
        with db.session() as session:
            form_key = _ensure_form(session, db, form)
            # A status row's foreign key proves the unit exists, so the common edit skips that query. (On
            # PostgreSQL, row-level security hides another district's rows from FOR UPDATE: the scope
            # check below still refuses them, after an unknown code is named as such, as before.)
            status = status_in(session, form.id, unit, period, lock=True)
            if status.changed_at is None:
                _ensure_units(session, {unit}, {})
            check_scope(session, db, {unit})
            refuse_if_locked(status)
            conn = session.connection()
            row = conn.execute(_SELECT_CELL_LOCKED, key).first()
            current_version = row.version if row is not None else 0
            current_raw = row.raw if row is not None else ""
            if expected_version is not None and expected_version != current_version and not (
                expected_version == 0 and current_raw == ""
            ):
                raise _conflict(form, indicator, column, row)
            if row is not None and current_raw == raw:
                return _stored(row)
            if row is None and raw == "":
                return StoredValue(indicator, column, "", None, user, now, 0, form.version)
            number = _number(form, indicator, column, raw) if raw else None
            values = {
                "form_version": form.version, "raw": raw, "number": number, "user_name": user,
                "changed_at": now, "version": current_version + 1,
            }
            if row is None:
                conn.execute(_INSERT_CELL, {
                    "form_id": form.id, "unit": unit, "period": period, "indicator": indicator, "column_id": column,
                    **values,
                })
            else:
                done = conn.execute(_UPDATE_CELL, {"key_id": row.id, "key_version": row.version, **values})
                if done.rowcount != 1:  # pragma: no cover - the row lock makes this unreachable
                    raise _conflict(form, indicator, column, row)
            record(session, [audit_row(form.id, unit, period, indicator, column, "value",
                                       current_raw, raw, user, now, source)])
            note_value_change(session, status, user=user, at=now, source=source)
    except sa.exc.IntegrityError:
        # PostgreSQL: another session inserted the same new cell first.
        with db.session(write=False) as session:
            row = session.connection().execute(_SELECT_CELL, key).first()
        raise _conflict(form, indicator, column, row) from None
    db.registered_forms.add(form_key)
    return StoredValue(indicator, column, raw, number, user, now, current_version + 1, form.version)


def write_values(
    db: Database, form: Form, unit: str, period: str, cells: Mapping[tuple[str, str], str], *,
    user: str, source: str, comments: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
) -> WriteSummary:
    """Store many cells of one unit and period in ONE transaction: all of them or none.

    ``comments`` (``{(indicator, column): {"note": text, "justification": text}}``, the shape
    ``read_comments`` returns) are stored in the same transaction; "" deletes one, a kind left
    out is kept as stored.
    """
    rows = [ValueRow(unit, period, indicator, column, raw) for (indicator, column), raw in cells.items()]
    notes = [
        CommentRow(unit, period, indicator, column, kind, text)
        for (indicator, column), texts in (comments or {}).items()
        for kind, text in texts.items()
    ]
    return import_values(db, form, rows, user=user, source=source, comments=notes)


@dataclass
class _Batch:
    """The rows of one import, checked: by (unit, period) then by cell; and the type of each cell they fill."""

    groups: dict[tuple[str, str], dict[tuple[str, str], ValueRow]] = field(default_factory=dict)
    # type, choices and đơn vị tính of each cell (a number may be typed with its unit: "295,5 km")
    cell_types: dict[tuple[str, str], tuple[str, tuple[str, ...], str]] = field(default_factory=dict)


def _prepare(form: Form, rows: Iterable[ValueRow]) -> _Batch:
    """Check every row before anything is written; group by (unit, period)."""
    batch = _Batch()
    periods: dict[str, str] = {}
    unit = period = None
    group: dict[tuple[str, str], ValueRow] = {}
    for row in rows:
        named = form.find_indicator(row.indicator)
        if named is not None and named.id != row.indicator:  # VALUES.csv may name it by its code
            row = replace(row, indicator=named.id)
        code = periods.get(row.period)
        if code is None:
            code = periods[row.period] = _period_code(row.period, row.line, form)
        cell = (row.indicator, row.column)
        if cell not in batch.cell_types:  # each cell of the form is checked once, not once per unit
            _check_cell(form, row.indicator, row.column, row.line)
            ind = form.indicator(row.indicator)
            batch.cell_types[cell] = (*form.cell_type(ind, row.column), ind.unit)
        if row.unit != unit or code != period:
            unit, period = row.unit, code
            group = batch.groups.setdefault((unit, period), {})
        earlier = group.get(cell)
        if earlier is not None and earlier.raw != row.raw:
            raise BieumauError(Msg("values.duplicate_cell", where=_where(row.line), indicator=row.indicator,
                                   column=row.column, unit=row.unit, period=code, first=earlier.raw,
                                   second=row.raw), "duplicate_cell")
        group[cell] = row
    return batch


_CELL_COLUMNS = (
    "form_id", "unit", "period", "indicator", "column_id", "form_version", "raw", "number", "user_name",
    "changed_at", "version",
)
_CHANGE_COLUMNS = ("form_version", "raw", "number", "user_name", "changed_at", "version")
_CHANGE_KEYS = ("id", "version")  # the version check of a batch


@dataclass
class _Plan:
    """What one batch writes: rows as lists of ``_CELL_COLUMNS``, of ``_CHANGE_COLUMNS`` then
    ``_CHANGE_KEYS``, of ``AUDIT_COLUMNS``; and the (unit, period) pairs it changes."""

    inserts: list[list[Any]] = field(default_factory=list)
    updates: list[list[Any]] = field(default_factory=list)
    audits: list[list[Any]] = field(default_factory=list)
    touched: list[tuple[str, str]] = field(default_factory=list)
    summary: WriteSummary = WriteSummary()


def _stored_cells(
    session: Session, form_id: str, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[tuple[str, str], tuple[int, str, int]]]:
    """(id, raw, version) of the stored cells of every (unit, period) of a batch, locked; one query per
    chunk of units instead of one per unit (a batch of several periods also reads, and on PostgreSQL
    locks, the pairs between them it does not write)."""
    out: dict[tuple[str, str], dict[tuple[str, str], tuple[int, str, int]]] = {key: {} for key in keys}
    periods = sorted({period for _unit, period in keys})
    conn = session.connection()
    for codes in in_chunks(sorted({unit for unit, _period in keys})):
        query = (
            sa.select(cell_values.c.id, cell_values.c.unit, cell_values.c.period, cell_values.c.indicator,
                      cell_values.c.column_id, cell_values.c.raw, cell_values.c.version)
            .where(cell_values.c.form_id == form_id, cell_values.c.unit.in_(codes),
                   cell_values.c.period.in_(periods))
            .with_for_update()
        )
        for row_id, unit, period, indicator, column, raw, version in conn.execute(query):
            cells = out.get((unit, period))
            if cells is not None:
                cells[(indicator, column)] = (row_id, raw, version)
    return out


def _plan(
    form: Form, batch: _Batch, stored: dict[tuple[str, str], dict[tuple[str, str], tuple[int, str, int]]], *,
    user: str, now: datetime, source: str,
) -> _Plan:
    plan = _Plan()
    numbers: dict[tuple[tuple[str, tuple[str, ...]], str], Decimal | None] = {}
    form_id, form_version = form.id, form.version
    new = changed = unchanged = deleted = 0
    for key, cells in batch.groups.items():
        unit, period = key
        old_cells = stored[key]
        before = new + changed + deleted
        for cell, item in cells.items():
            raw = item.raw if item.raw.strip() else ""
            old = old_cells.get(cell)
            old_raw = old[1] if old is not None else ""
            if old_raw == raw:
                unchanged += 1
                continue
            number = None
            if raw:  # each text is parsed once per cell type: a province's file repeats "0", "1", "12" …
                typed = (batch.cell_types[cell], raw)
                number = numbers.get(typed, _UNREAD)
                if number is _UNREAD:
                    number = numbers[typed] = parse_value(raw, *typed[0]).number
            indicator, column = cell
            if old is None:
                new += 1
                plan.inserts.append(
                    [form_id, unit, period, indicator, column, form_version, raw, number, user, now, 1]
                )
            else:
                if raw == "":
                    deleted += 1
                elif old_raw == "":
                    new += 1
                else:
                    changed += 1
                plan.updates.append([form_version, raw, number, user, now, old[2] + 1, old[0], old[2]])
            plan.audits.append([form_id, unit, period, indicator, column, "value", old_raw, raw, user, now, source])
        if new + changed + deleted > before:
            plan.touched.append(key)
    plan.summary = WriteSummary(new, changed, unchanged, deleted)
    return plan


def _prepare_comments(form: Form, rows: Iterable[CommentRow]) -> dict[tuple[str, str], dict[CommentKey, str]]:
    """Check every note before anything is written; group by (unit, period)."""
    groups: dict[tuple[str, str], dict[CommentKey, str]] = {}
    for row in rows:
        check_kind(row.kind)
        if not form.uses_cell(row.indicator, row.column):
            raise BieumauError(Msg("values.no_cell_for_note", where=_where(row.line), form=form.id,
                                   indicator=row.indicator, column=row.column), "unknown_cell")
        group = groups.setdefault((row.unit, _period_code(row.period, row.line, form)), {})
        key = (row.indicator, row.column, row.kind)
        text = row.text.strip()
        if group.get(key, text) != text:
            raise BieumauError(Msg("values.duplicate_comment", where=_where(row.line), indicator=row.indicator,
                                   column=row.column, unit=row.unit), "duplicate_comment")
        group[key] = text
    return groups


def import_values(
    db: Database, form: Form, rows: Iterable[ValueRow], *, user: str, source: str,
    comments: Iterable[CommentRow] = (),
) -> WriteSummary:
    """Store values (and notes, justifications) of any units and periods in ONE transaction, with one
    audit row per change; any bad row refuses the whole batch."""
    _check_source(source)
    comments = list(comments)
    notes = _prepare_comments(form, comments)
    with collector_paused():
        batch = _prepare(form, rows)
        return _store_batch(db, form, batch, notes, comments, user=user, source=source)


def _store_batch(db: Database, form: Form, batch: _Batch, notes: dict[tuple[str, str], dict[CommentKey, str]],
                 comments: list[CommentRow], *, user: str, source: str) -> WriteSummary:
    keys = [*batch.groups, *(key for key in notes if key not in batch.groups)]
    now = utcnow()
    with db.session() as session:
        form_key = _ensure_form(session, db, form)
        lines: dict[str, int | None] = {}
        for (unit, _period), cells in batch.groups.items():
            lines.setdefault(unit, next(iter(cells.values())).line)
        for row in comments:
            lines.setdefault(row.unit, row.line)
        _ensure_units(session, set(lines), lines)
        check_scope(session, db, set(lines))
        statuses = statuses_in(session, form.id, keys, lock=True)
        for status in statuses.values():
            refuse_if_locked(status)
        plan = _plan(form, batch, _stored_cells(session, form.id, list(batch.groups)), user=user, now=now,
                     source=source)
        note_value_changes(session, [statuses[key] for key in plan.touched], user=user, at=now, source=source)
        insert_rows(session, cell_values, _CELL_COLUMNS, plan.inserts)
        update_rows(session, cell_values, _CHANGE_COLUMNS, _CHANGE_KEYS, plan.updates)
        record_rows(session, plan.audits)
        note_audits: list[dict[str, Any]] = []
        for (unit, period), texts in notes.items():
            note_audits.extend(comment_changes(session, form.id, unit, period, texts, user=user, at=now,
                                               source=source))
        record(session, note_audits)
    db.registered_forms.add(form_key)
    return plan.summary


def read_period_values(
    db: Database, form_id: str, period: str, unit_codes: Iterable[str] | None = None
) -> dict[str, dict[tuple[str, str], str]]:
    """Raw texts of many units at once (consolidation): ``{unit: {(indicator, column): raw}}``."""
    period = parse_period(period).code
    query = sa.select(cell_values.c.unit, cell_values.c.indicator, cell_values.c.column_id, cell_values.c.raw).where(
        cell_values.c.form_id == form_id, cell_values.c.period == period, cell_values.c.raw != ""
    )
    if unit_codes is not None:
        query = query.where(cell_values.c.unit.in_(sorted(set(unit_codes))))
    out: dict[str, dict[tuple[str, str], str]] = {}
    with db.session(write=False) as session:
        for unit, indicator, column, raw in session.execute(query):
            out.setdefault(unit, {})[(indicator, column)] = raw
    return out


def stored_rows(db: Database, form_id: str, period: str, unit_codes: Iterable[str]) -> list[tuple[Any, ...]]:
    """``(unit, indicator, column, raw, number)`` of every non-blank stored value of ``unit_codes`` for one
    form and period, in one query (consolidation reads its children this way)."""
    codes = sorted(set(unit_codes))
    query = (
        sa.select(cell_values.c.unit, cell_values.c.indicator, cell_values.c.column_id,
                  cell_values.c.raw, cell_values.c.number)
        .where(
            cell_values.c.form_id == form_id,
            cell_values.c.period == parse_period(period).code,
            cell_values.c.raw != "",
            cell_values.c.unit.in_(codes),
        )
    )
    with db.session(write=False) as session:
        return [tuple(row) for row in session.execute(query)]


def periods_with_values(db: Database, form_id: str) -> list[str]:
    """The period codes anyone stored values of ``form_id`` for."""
    query = sa.select(cell_values.c.period).where(cell_values.c.form_id == form_id).distinct()
    with db.session(write=False) as session:
        return [str(code) for (code,) in session.execute(query)]


def stored_sheets(db: Database) -> list[tuple[str, str, str, int]]:
    """``(form, unit, period, how many values)`` of every stored sheet."""
    query = (
        sa.select(cell_values.c.form_id, cell_values.c.unit, cell_values.c.period, sa.func.count())
        .group_by(cell_values.c.form_id, cell_values.c.unit, cell_values.c.period)
        .order_by(cell_values.c.form_id, cell_values.c.unit, cell_values.c.period)
    )
    with db.session(write=False) as session:
        return [(str(f), str(u), str(p), int(n)) for f, u, p, n in session.execute(query)]
