"""Rotating backups of a SQLite database with the online backup API, and restoring one."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from forms.errors import BieumauError

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
        raise BackupError(
            "Sao lưu trong ứng dụng chỉ dành cho cơ sở dữ liệu SQLite; với PostgreSQL hãy dùng pg_dump."
        )
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
        raise BackupError(f"Không tạo được thư mục sao lưu «{folder}»: {exc.strerror}.") from None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{_SAFE.sub('-', reason)}" if reason else ""
    target = folder / f"{path.stem}-{stamp}{suffix}.sqlite3"
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
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu vào «{folder}»: {exc}.") from None
    finally:
        raw.close()
    for old in list_backups(db, folder)[max(keep, 1):]:
        old.unlink(missing_ok=True)
    return target


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def check_backup(backup_path: Path) -> None:
    """Refuse a file that is not a sound SQLite database of this application."""
    if not backup_path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu «{backup_path}».")
    try:
        conn = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Tệp «{backup_path.name}» không phải bản sao lưu hợp lệ: {exc}.") from None
    if not result or result[0] != "ok":
        raise BackupError(f"Bản sao lưu «{backup_path.name}» bị hỏng (kiểm tra toàn vẹn không đạt).")
    if "cell_values" not in tables:
        raise BackupError(f"Tệp «{backup_path.name}» không phải bản sao lưu của ứng dụng bieumau.")


def restore(database_path: Path, backup_path: Path) -> None:
    """Replace the database's content with a backup, after backing up the current content.

    The copy goes through SQLite's backup API into the live file, so it is atomic for other
    connections and the WAL stays consistent; close the app's own connections first.
    """
    database_path, backup_path = Path(database_path), Path(backup_path)
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
        raise BackupError(f"Không khôi phục được «{backup_path.name}»: {exc}.") from None
