"""Opening the database: a SQLite file (WAL, synchronous=FULL) or a PostgreSQL URL, upgraded to the newest schema."""

from __future__ import annotations

import getpass
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from forms.errors import BieumauError
from forms.messages import Msg

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 15000


class DatabaseError(BieumauError):
    code = "database"


class AccessError(BieumauError):
    code = "access"


class LockedError(BieumauError):
    code = "locked"


class Session:
    """One transaction on one connection: the part of ``sqlalchemy.orm.Session`` storage uses (execute,
    scalar(s), connection, commit, rollback). Storage runs Core statements only; importing the ORM for them cost a
    tenth of a second of every start."""

    __slots__ = ("_conn",)

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def connection(self) -> sa.Connection:
        return self._conn

    def execute(self, statement: Any, parameters: Any = None, **options: Any) -> sa.CursorResult[Any]:
        return self._conn.execute(statement, parameters, **options)

    def scalar(self, statement: Any, parameters: Any = None, **options: Any) -> Any:
        return self._conn.scalar(statement, parameters, **options)

    def scalars(self, statement: Any, parameters: Any = None, **options: Any) -> sa.ScalarResult[Any]:
        return self._conn.scalars(statement, parameters, **options)

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()


class Database:
    """One open database: an Engine and its sessions. ``session()`` commits on success, rolls back on error."""

    def __init__(self, engine: sa.Engine, *, user: str) -> None:
        self.engine = engine
        self.user = user
        # SQLite reads begin DEFERRED so a long read does not hold the write lock.
        self._read_engine = engine.execution_options(bieumau_begin="DEFERRED")
        self.registered_forms: set[tuple[str, int, str]] = set()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, ``None`` for a server database or an in-memory one."""
        if not self.is_sqlite:
            return None
        name = self.engine.url.database
        return Path(name) if name and name != ":memory:" else None

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A transaction. On SQLite a writing one starts with BEGIN IMMEDIATE: two writers queue
        (busy_timeout) instead of failing half-way when one upgrades its read lock."""
        engine = self.engine if write else self._read_engine
        with engine.connect() as conn:
            session = Session(conn)
            try:
                yield session
                session.commit()
            except sa.exc.DBAPIError as exc:
                session.rollback()
                refusal = server_refusal(exc)
                if refusal is not None:
                    raise refusal from None
                message = _plain_reason(exc)
                if message:
                    raise DatabaseError(message) from None
                raise
            except sa.exc.StatementError as exc:
                session.rollback()
                if isinstance(exc.orig, BieumauError):  # a guard of storage.inputs, raised while binding
                    raise exc.orig from None
                raise
            except OverflowError:
                # SQLite's INTEGER is 64-bit; PostgreSQL refuses the same numbers with its own types
                session.rollback()
                raise DatabaseError(Msg("database.int64")) from None
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_url(target: str) -> bool:
    return "://" in target


def is_sqlite_target(target: str | Path) -> bool:
    """Whether ``target`` (a path or a URL, as ``--db`` takes it) names a SQLite database, without opening it."""
    text = str(target)
    if not _is_url(text):
        return True
    return _url(text).get_backend_name() == "sqlite"


def _sqlite_engine(url: sa.URL | str) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN instead of pysqlite's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    event.listen(engine, "before_cursor_execute", _server_limits)

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("bieumau_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def _url(text: str) -> sa.URL:
    try:
        url = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError):
        raise DatabaseError(Msg("database.bad_url", url=text)) from None
    drivers = {"sqlite": ("sqlite", "pysqlite"), "postgresql": ("postgresql", "psycopg", "psycopg2")}
    if url.get_backend_name() not in SUPPORTED_BACKENDS or url.get_driver_name() not in drivers[url.get_backend_name()]:
        raise DatabaseError(Msg("database.unsupported", driver=url.drivername,
                                url=url.render_as_string(hide_password=True)))
    return url


def sqlite_file(target: str | Path) -> Path | None:
    """The file a SQLite target names (a path or a ``sqlite:///`` URL), None for a server or memory."""
    text = str(target)
    if not _is_url(text):
        return Path(text).expanduser()
    url = _url(text)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def check_exists(target: str | Path) -> None:
    """Refuse a SQLite target that is not there: a mistyped ``--db`` must not become a new empty database."""
    path = sqlite_file(target)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseError(Msg("database.is_folder", path=path))
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError(Msg("database.not_found", path=path))


INT32 = (-(2**31), 2**31 - 1)  # PostgreSQL's INTEGER


def _server_limits(_conn: Any, _cursor: Any, _statement: str, _parameters: Any, context: Any, _many: bool) -> None:
    """SQLite stores any length and 64-bit integers; PostgreSQL refuses what exceeds a column's
    declared type. Refuse on SQLite too, before writing, so one database never holds what the
    other would reject (a 65-character unit code, a form version of 10^12)."""
    compiled = getattr(context, "compiled", None)
    if compiled is None or not (context.isinsert or context.isupdate):
        return
    table = getattr(compiled.statement, "table", None)
    columns = getattr(table, "c", None)
    if columns is None:
        return
    for params in context.compiled_parameters:
        for key, value in params.items():
            if key not in columns:
                continue  # a WHERE value, not one being stored
            kind = columns[key].type
            if isinstance(value, str) and isinstance(kind, sa.String) and kind.length and len(value) > kind.length:
                raise DatabaseError(
                    f"Giá trị «{value[:40]}{'…' if len(value) > 40 else ''}» dài {len(value)} ký tự, quá giới hạn {kind.length} ký tự của "
                    f"{table.name}.{key}: không có dữ liệu nào được ghi."
                )
            if (isinstance(value, int) and not isinstance(value, bool) and isinstance(kind, sa.Integer)
                    and not isinstance(kind, sa.BigInteger) and not INT32[0] <= value <= INT32[1]):
                raise DatabaseError(
                    f"Số {value} vượt giới hạn {INT32[1]:,} của {table.name}.{key}".replace(",", ".")
                    + ": không có dữ liệu nào được ghi."
                )


def check_ours(target: str | Path, *, create: bool) -> None:
    """Before anything writes to an existing SQLite file: refuse one that is another program's
    database (the upgrade would add our tables to it) or a newer release's (no migration knows it)."""
    path = sqlite_file(target)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone() or [None])[0] \
                if "alembic_version" in tables else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(Msg("database.not_ours_or_damaged", path=path, error=exc)) from None
    if revision is None and (tables or not create):
        raise DatabaseError(Msg("database.foreign_sqlite", path=path))
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(Msg("database.newer_schema", path=path, revision=revision))


def create_engine_for(target: str | Path) -> sa.Engine:
    text = str(target)
    if _is_url(text):
        url = _url(text)
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            return _sqlite_engine(url)
        if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("psycopg2", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")
        return sa.create_engine(url, pool_pre_ping=True)
    path = Path(text).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(Msg("database.no_folder", folder=path.parent, error=exc.strerror)) from None
    return _sqlite_engine(sa.URL.create("sqlite+pysqlite", database=str(path.resolve())))


def default_user() -> str:
    try:
        return os.environ.get("BIEUMAU_USER") or getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "bieumau"


def _alembic_config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.M)


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the app has a migration for."""
    found: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for key, double, single in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if key == "revision" and (double or single):
                found.add(double or single)
    return frozenset(found)


@cache
def head_revision() -> str:
    """The newest migration, read from the migration files' ``revision`` lines: importing alembic
    only to learn that nothing needs upgrading cost a fifth of the window's start-up."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for key, double, single in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            value = double or single
            if value:
                (revisions if key == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise DatabaseError(f"Thư mục nâng cấp cơ sở dữ liệu không hợp lệ (đầu mối: {sorted(heads)}).")
    return heads.pop()


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    # a read: it must not queue behind a writer for SQLite's write lock
    with engine.execution_options(bieumau_begin="DEFERRED").connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def open_database(
    target: str | Path,
    *,
    user: str | None = None,
    backup_before_upgrade: bool = True,
    daily_backup: bool = True,
    create: bool = True,
) -> Database:
    """Open (creating if missing, unless ``create`` is false) and upgrade to the newest schema.

    An existing SQLite file whose schema is behind is backed up before the upgrade; with
    ``daily_backup`` a rotating backup is also taken on the first open of each day.
    """
    if not create:
        check_exists(target)
    check_ours(target, create=create)
    engine = create_engine_for(target)
    db = Database(engine, user=user or default_user())
    try:
        existed = db.path is not None and db.path.exists() and db.path.stat().st_size > 0
        revision = current_revision(engine)
        behind = revision != head_revision()
        if existed and db.path is not None:
            from storage.backup import backup, has_backup_today

            if behind and backup_before_upgrade and _has_tables(engine):
                backup(db, reason=f"truoc-nang-cap-{revision or 'cu'}")
            elif daily_backup and not behind and not has_backup_today(db):
                backup(db, reason="hang-ngay")
        if behind:
            upgrade(engine)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - surfaced through SQLAlchemy below
        engine.dispose()
        raise DatabaseError(Msg("database.cannot_open", url=target, error=exc)) from None
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(Msg("database.cannot_open", url=db.url, error=_reason(exc))) from None
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(Msg("database.damaged", path=target, error=_reason(exc))) from None
    except BaseException:
        engine.dispose()
        raise
    return db


def _has_tables(engine: sa.Engine) -> bool:
    return bool(sa.inspect(engine).get_table_names())


def server_refusal(exc: sa.exc.DBAPIError) -> BieumauError | None:
    """The Vietnamese reason for a change PostgreSQL itself refused (see ``storage.server_rules``)."""
    from storage.server_rules import refusal

    return refusal(exc)


def _plain_reason(exc: sa.exc.DBAPIError) -> str | None:
    """A Vietnamese sentence for failures a user can act on (disk full, database busy)."""
    text = str(exc.orig).lower() if exc.orig is not None else ""
    if "disk is full" in text or "disk full" in text or "no space left" in text:
        return ("Ổ đĩa đã đầy (hoặc cơ sở dữ liệu đạt giới hạn dung lượng): thao tác bị hủy, không có dữ liệu "
                "nào được ghi dở dang. Hãy giải phóng dung lượng rồi thử lại.")
    if "database is locked" in text or "database is busy" in text:
        return ("Cơ sở dữ liệu đang bận vì một chương trình khác đang ghi: thao tác bị hủy, không có dữ liệu "
                "nào được ghi. Hãy thử lại sau ít phút.")
    if "readonly database" in text or "read-only" in text:
        return "Không ghi được vào cơ sở dữ liệu (tệp chỉ cho phép đọc): không có dữ liệu nào được ghi."
    return None


def _reason(exc: sa.exc.DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
