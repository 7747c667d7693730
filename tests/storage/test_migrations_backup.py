"""An older database is backed up and upgraded on open with its values intact; backups rotate and restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.backup import BackupError, backup, list_backups, restore
from storage.database import create_engine_for, current_revision, head_revision, open_database, upgrade
from storage.values import read_values, write_value


def test_a_database_at_the_first_revision_is_backed_up_and_upgraded_with_values_intact(tmp_path: Path) -> None:
    path = tmp_path / "cu.sqlite3"
    engine = create_engine_for(path)
    upgrade(engine, "0001")
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO units (code, name, level, updated_at) VALUES ('H1', 'Huyện Một', 'huyen', ?)", (now,))
        conn.exec_driver_sql(
            "INSERT INTO cell_values (form_id, unit, period, indicator, column_id, form_version, raw, number,"
            " user_name, changed_at, version) VALUES ('KT-01', 'H1', '2024Q2', 'bts', 'th', 1, '3.775', '3775',"
            " 'lan', ?, 1)", (now,))
    engine.dispose()
    assert current_revision(create_engine_for(path)) == "0001"

    db = open_database(path, user="lan")
    try:
        assert current_revision(db.engine) == head_revision() != "0001"
        assert read_values(db, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "3.775"
        backups = list_backups(db)
        assert len(backups) == 1 and "truoc-nang-cap-0001" in backups[0].name
        with sqlite3.connect(backups[0]) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        db.close()


def test_the_database_uses_wal_and_full_sync(sqlite_db) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_backups_rotate_and_a_restore_brings_back_the_old_values(db, form) -> None:
    write_value(db, form, "H1", "2024Q2", "bts", "th", "10", user="lan")
    saved = backup(db, keep=3)
    for _ in range(4):
        backup(db, keep=3)
    assert len(list_backups(db)) == 3 and saved not in list_backups(db)
    saved = backup(db, keep=3)
    write_value(db, form, "H1", "2024Q2", "bts", "th", "20", user="lan")
    path = db.path
    db.close()
    restore(path, saved)
    again = open_database(path, user="lan")
    try:
        assert read_values(again, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "10"
        assert any("truoc-khoi-phuc" in p.name for p in list_backups(again))
    finally:
        again.close()


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(db, form, tmp_path: Path) -> None:
    write_value(db, form, "H1", "2024Q2", "bts", "th", "10", user="lan")
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(BackupError):
        restore(db.path, bad)
    assert read_values(db, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "10"


def test_a_file_that_is_not_a_database_is_refused_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "khong-phai.sqlite3"
    path.write_text("xin chào, đây không phải cơ sở dữ liệu" * 100)
    with pytest.raises(Exception) as refused:
        open_database(path, user="lan")
    assert "cơ sở dữ liệu" in str(refused.value)


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.database import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
