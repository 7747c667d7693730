"""Backing up and restoring the SQLite database (``bieumau backup|restore``): which file a target names,
and the refusal for a server database, decided here rather than in the command."""

from __future__ import annotations

from pathlib import Path

from forms.errors import BieumauError


def sqlite_file(target: str | Path) -> Path:
    """The database file a target names: a path, or a ``sqlite:///`` URL; a server database is refused."""
    text = str(target)
    if "://" in text:
        if not text.startswith("sqlite:///"):
            raise BieumauError("Khôi phục chỉ dành cho cơ sở dữ liệu SQLite; với PostgreSQL hãy dùng pg_restore.")
        return Path(text.removeprefix("sqlite:///"))
    return Path(target)


def restore_database(target: str | Path, backup: str | Path) -> Path:
    """Put ``backup`` back as the content of the database ``target`` names (the content it replaces is
    backed up first); the database file restored."""
    from storage.backup import restore

    path = sqlite_file(target)
    restore(path, Path(backup))
    return path
