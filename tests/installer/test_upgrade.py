"""Installing a new version keeps the clerk's data: a database left by the first schema revision opens
with the new code upgraded to the newest schema, every value intact, and a backup of the old file taken first."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.demo import demo_dir
from forms.definitions import load_catalogue
from forms.numbers import parse_value
from storage.backup import list_backups
from storage.database import (
    MIGRATIONS,
    create_engine_for,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)
from storage.values import read_values

FORM, UNIT, PERIOD = "VT-01", "24-STTTT", "2024Q2"


def first_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    base = ScriptDirectory.from_config(config).get_base()
    assert base is not None
    return base


def _demo_cells() -> dict[tuple[str, str], str]:
    with (demo_dir() / "values" / "vt-01.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {(r["indicator"], r["column"]): r["value"] for r in csv.DictReader(handle)
                if r["unit"] == UNIT and r["period"] == PERIOD}


@pytest.fixture
def old_home(tmp_path: Path) -> Path:
    """The data folder of a clerk on the previous release: units and figures in the first schema."""
    home = tmp_path / "du-lieu"
    path = home / "bieumau.sqlite3"
    engine = create_engine_for(path)
    upgrade(engine, first_revision())
    form = load_catalogue()[FORM]
    now = datetime.now(UTC).replace(tzinfo=None)
    with (demo_dir() / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
        units = list(csv.DictReader(handle))
    # Written as the old release wrote them: plain rows of the first revision's tables.
    with engine.begin() as conn:
        for u in units:
            conn.exec_driver_sql(
                "INSERT INTO units (code, name, level, parent, valid_from, valid_to, merged_into, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (u["code"], u["name"], u["level"], u["parent"] or None, u["valid_from"] or None,
                 u["valid_to"] or None, u["merged_into"] or None, now))
        for (indicator, column), raw in _demo_cells().items():
            cell_type, choices = form.cell_type(form.indicator(indicator), column)
            number = parse_value(raw, cell_type, choices).number
            conn.exec_driver_sql(
                "INSERT INTO cell_values (form_id, unit, period, indicator, column_id, form_version, raw, number,"
                " user_name, changed_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'lan', ?, 1)",
                (FORM, UNIT, PERIOD, indicator, column, form.version, raw,
                 None if number is None else str(number), now))
    engine.dispose()
    assert current_revision(create_engine_for(path)) == first_revision() != head_revision()
    return home


def test_the_new_code_upgrades_an_old_database_with_every_value_intact_and_a_backup_first(old_home: Path) -> None:
    db = open_database(old_home / "bieumau.sqlite3", user="lan")
    try:
        assert current_revision(db.engine) == head_revision()
        stored = {cell: value.raw for cell, value in read_values(db, FORM, UNIT, PERIOD).items()}
        assert stored == _demo_cells()
        backups = list_backups(db)
        assert len(backups) == 1 and f"truoc-nang-cap-{first_revision()}" in backups[0].name
    finally:
        db.close()
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (first_revision(),)
        assert old.execute("SELECT COUNT(*) FROM cell_values").fetchone() == (len(_demo_cells()),)


def test_the_updated_app_started_on_the_old_data_folder_exports_the_old_figures_unchanged(
    old_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "vt-01.csv"
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "values", "export", "--form", FORM, "--unit", UNIT, "--period", PERIOD,
         "--out", str(out)],
        env={"HOME": str(tmp_path), "BIEUMAU_HOME": str(old_home)}, capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = {(r["indicator"], r["column"]): r["value"] for r in csv.DictReader(handle)}
    assert exported == _demo_cells()
    with sqlite3.connect(old_home / "bieumau.sqlite3") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
        # the demo province is never poured over a clerk's own data
        assert conn.execute("SELECT COUNT(*) FROM cell_values").fetchone() == (len(_demo_cells()),)
    assert list((old_home / "backups").glob("*truoc-nang-cap*"))
