"""Installing a new version keeps the clerk's data: a database left by the first schema revision opens
with the new code upgraded to the newest schema, every value intact, and a backup of the old file taken first."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage.backup import list_backups
from storage.database import current_revision, head_revision, open_database
from storage.values import read_values
from tests.installer.factories import FORM, PERIOD, UNIT, build_old_home, demo_cells, first_revision


@pytest.fixture
def old_home(tmp_path: Path) -> Path:
    return build_old_home(tmp_path / "du-lieu")


def test_the_new_code_upgrades_an_old_database_with_every_value_intact_and_a_backup_first(old_home: Path) -> None:
    db = open_database(old_home / "bieumau.sqlite3", user="lan")
    try:
        assert current_revision(db.engine) == head_revision()
        stored = {cell: value.raw for cell, value in read_values(db, FORM, UNIT, PERIOD).items()}
        assert stored == demo_cells()
        backups = list_backups(db)
        assert len(backups) == 1 and f"truoc-nang-cap-{first_revision()}" in backups[0].name
    finally:
        db.close()
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (first_revision(),)
        assert old.execute("SELECT COUNT(*) FROM cell_values").fetchone() == (len(demo_cells()),)


def test_the_updated_app_started_on_the_old_data_folder_exports_the_old_figures_unchanged(
    old_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "vt-01.csv"
    result = subprocess.run(
        [sys.executable, "-m", "cli", "values", "export", "--form", FORM, "--unit", UNIT, "--period", PERIOD,
         "--out", str(out)],
        env={"HOME": str(tmp_path), "BIEUMAU_HOME": str(old_home)}, capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = {(r["indicator"], r["column"]): r["value"] for r in csv.DictReader(handle)}
    assert exported == demo_cells()
    with sqlite3.connect(old_home / "bieumau.sqlite3") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
        # the demo province is never poured over a clerk's own data
        assert conn.execute("SELECT COUNT(*) FROM cell_values").fetchone() == (len(demo_cells()),)
    assert list((old_home / "backups").glob("*truoc-nang-cap*"))
