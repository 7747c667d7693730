"""Restoring without a command line: a path or a sqlite:/// URL names the file, a server is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.errors import BieumauError
from operations.backup import restore_database, sqlite_file
from storage.backup import backup
from storage.database import open_database
from storage.units import load_unit_tree, save_units


def test_a_backup_is_put_back_and_a_server_database_refused(tmp_path: Path) -> None:
    from forms.units import Unit

    path = tmp_path / "db.sqlite3"
    db = open_database(path, user="admin")
    saved = backup(db, reason="thu")
    save_units(db, [Unit("T", "Tỉnh Thử", "tinh")], user="admin")
    db.close()
    assert restore_database(f"sqlite:///{path}", saved) == path
    db = open_database(path, user="admin")
    try:
        assert "T" not in load_unit_tree(db)
    finally:
        db.close()
    assert sqlite_file(path) == path
    with pytest.raises(BieumauError, match="pg_restore"):
        restore_database("postgresql+psycopg://u@h/db", saved)
