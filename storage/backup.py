"""Rotating backups of a SQLite database with the online backup API, and restoring one."""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from forms.errors import BieumauError
from forms.messages import Msg
from forms.output_paths import check_output_path

if TYPE_CHECKING:
    from storage.database import Database

BACKUP_FOLDER = "backups"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class BackupError(BieumauError):
    code = "backup"


def backup_folder(database_path: Path) -> Path:
    """Backups live beside the database: ``<folder of the db>/backups/``."""
    return database_path.parent / BACKUP_FOLDER


def _database_path(db: Database) -> Path:
    if db.path is None:
        raise BackupError(Msg("backup.sqlite_only"))
    return db.path


def _pattern(database_path: Path) -> str:
    return f"{database_path.stem}-*.sqlite3"


def list_backups(db: Database, folder: Path | None = None) -> list[Path]:
    """Backups of this database, newest first."""
    path = _database_path(db)
    folder = folder or backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(_pattern(path)), key=lambda p: p.name, reverse=True)


def has_backup_today(db: Database) -> bool:
    today = datetime.now().strftime("%Y%m%d")
    stem = _database_path(db).stem
    return any(p.name.startswith(f"{stem}-{today}") for p in list_backups(db))


def backup(db: Database, folder: Path | None = None, keep: int = 10, *, reason: str = "") -> Path:
    """Copy the live database (consistent even while others write) to ``folder``; keep the newest ``keep``."""
    path = _database_path(db)
    folder = folder or backup_folder(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(Msg("backup.no_folder", folder=folder, error=exc.strerror)) from None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{_SAFE.sub('-', reason)}" if reason else ""
    target = check_output_path(folder / f"{path.stem}-{stamp}{suffix}.sqlite3", "sqlite")
    partial = target.with_suffix(".partial")
    raw = db.engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        _fsync(partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(Msg("backup.failed", folder=folder, error=exc)) from None
    finally:
        raw.close()
    for old in list_backups(db, folder)[max(keep, 1):]:
        old.unlink(missing_ok=True)
    return target


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# Tables SQLite itself may add to a database of ours (ANALYZE, PRAGMA optimize).
_SQLITE_OWN = {("table", "sqlite_stat1"), ("table", "sqlite_stat4"), ("table", "sqlite_sequence")}


def _schema_objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Every table, index, trigger and view as (type, name) → its SQL with spacing normalised."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    return {(kind, name): " ".join((sql or "").split()) for kind, name, sql in rows}


@cache
def reference_schema(revision: str) -> dict[tuple[str, str], str]:
    """The schema objects an empty database of ours has at ``revision``: built by the migrations
    themselves in a temporary file, so whatever they create is expected and nothing else is."""
    from storage.database import create_engine_for, upgrade

    with tempfile.TemporaryDirectory(prefix="bieumau-schema-") as folder:
        engine = create_engine_for(Path(folder) / "reference.sqlite3")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        conn = sqlite3.connect(Path(folder) / "reference.sqlite3")
        try:
            return _schema_objects(conn)
        finally:
            conn.close()


def check_backup(backup_path: Path) -> None:
    """Refuse a file that is not a sound SQLite database of this application: integrity, foreign
    keys, a schema revision this app knows, and exactly the tables, indexes, triggers and views its
    migrations create at that revision (a planted trigger or view is refused)."""
    from storage.database import known_revisions

    if not backup_path.is_file():
        raise BackupError(Msg("backup.not_found", path=backup_path))
    name = backup_path.name
    try:
        conn = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            objects = _schema_objects(conn)
            revision = None
            if ("table", "alembic_version") in objects:
                rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                revision = rows[0][0] if len(rows) == 1 else None
            broken_keys = conn.execute("PRAGMA foreign_key_check").fetchone() if result and result[0] == "ok" else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(Msg("backup.invalid", name=name, error=_plain(exc))) from None
    if not result or result[0] != "ok":
        raise BackupError(Msg("backup.integrity", name=name))
    if ("table", "cell_values") not in objects or not isinstance(revision, str):
        raise BackupError(Msg("backup.not_ours", name=name))
    if revision not in known_revisions():
        raise BackupError(Msg("backup.unknown_schema", name=name, revision=revision))
    if broken_keys:
        raise BackupError(Msg("backup.broken_keys", name=name, table=broken_keys[0]))
    expected = reference_schema(revision)
    foreign = sorted(f"{kind} «{obj}»" for kind, obj in objects.keys() - expected.keys() - _SQLITE_OWN)
    changed = sorted(f"{kind} «{obj}»" for (kind, obj), sql in expected.items() if objects.get((kind, obj)) != sql)
    if foreign or changed:
        listed = ", ".join((foreign + changed)[:5]) + (" …" if len(foreign) + len(changed) > 5 else "")
        raise BackupError(Msg("backup.foreign_structure", name=name, listed=listed))


def _plain(exc: sqlite3.Error) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def restore(database_path: Path, backup_path: Path) -> None:
    """Replace the database's content with a backup, after backing up the current content.

    The copy goes through SQLite's backup API into the live file, so it is atomic for other
    connections and the WAL stays consistent; close the app's own connections first.
    """
    database_path, backup_path = Path(database_path), Path(backup_path)
    if database_path.exists() and backup_path.exists() and database_path.resolve() == backup_path.resolve():
        raise BackupError(Msg("backup.same_file", name=backup_path.name))
    check_backup(backup_path)
    if database_path.exists():
        from storage.database import open_database

        current = open_database(database_path, daily_backup=False, backup_before_upgrade=False)
        try:
            # no rotation here: it could delete the very backup being restored
            backup(current, keep=1_000_000, reason="truoc-khoi-phuc")
        finally:
            current.close()
    try:
        source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        dest = sqlite3.connect(database_path, timeout=15)
        try:
            dest.execute("PRAGMA journal_mode = WAL")
            dest.execute("PRAGMA synchronous = FULL")
            source.backup(dest)
        finally:
            source.close()
            dest.close()
    except sqlite3.Error as exc:
        raise BackupError(Msg("backup.restore_failed", name=backup_path.name, error=exc)) from None
