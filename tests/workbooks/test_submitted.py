"""«Đã nộp» is reached by exporting the submission (app or CLI) and, on the receiving side, by importing it;
the time and the file name are stored with the status, and survive approval."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from forms.definitions import load_catalogue, resolve_form
from forms.units import load_unit_tree as units_from_csv
from storage.database import open_database
from storage.review import approve
from storage.status import get_status, set_status
from storage.units import save_units
from storage.values import write_value
from workbooks.submission_export import export_submission
from workbooks.submission_import import import_workbook

DEMO_UNITS = Path("resources/demo/units.csv")
PERIOD = "2024Q2"


def _database(path: Path, user: str):
    db = open_database(path, user=user, daily_backup=False)
    save_units(db, list(units_from_csv(DEMO_UNITS)), user=user)
    return db


@pytest.fixture
def commune(tmp_path: Path):
    db = _database(tmp_path / "xa.sqlite3", "xa3")
    write_value(db, resolve_form("XHS-01"), "M213-03", PERIOD, "thon_tong", "th", "12", user="xa3")
    yield db
    db.close()


def test_exporting_the_submission_records_it_with_time_and_file(commune, tmp_path: Path) -> None:
    before = get_status(commune, "XHS-01", "M213-03", PERIOD)
    assert before.status == "dang_nhap" and before.submitted_at is None
    export_submission(commune, resolve_form("XHS-01"), "M213-03", PERIOD, tmp_path / "XHS_nop.xlsx",
                      app_version="t")
    after = get_status(commune, "XHS-01", "M213-03", PERIOD)
    assert after.status == "da_nop"
    assert after.submitted_file == "XHS_nop.xlsx"
    assert after.submitted_at is not None and after.submitted_at.tzinfo is not None


def test_the_cli_export_records_it_too(commune, tmp_path: Path, capsys) -> None:
    db_path = str(tmp_path / "xa.sqlite3")
    out = tmp_path / "cli.xlsx"
    assert main(["export", "--form", "XHS-01", "--unit", "M213-03", "--period", PERIOD, "--db", db_path,
                 "--out", str(out)]) in (0, 1)
    status = get_status(commune, "XHS-01", "M213-03", PERIOD)
    assert (status.status, status.submitted_file) == ("da_nop", "cli.xlsx")


def test_importing_a_submission_upstream_records_it_on_the_receiving_side(commune, tmp_path: Path) -> None:
    path = tmp_path / "xa3.xlsx"
    export_submission(commune, resolve_form("XHS-01"), "M213-03", PERIOD, path, app_version="t")
    sent = get_status(commune, "XHS-01", "M213-03", PERIOD).submitted_at
    district = _database(tmp_path / "huyen.sqlite3", "huyen")
    try:
        result = import_workbook(district, path, user="huyen", catalogue=load_catalogue())
        assert result.ok, result.summary_vi()
        received = get_status(district, "XHS-01", "M213-03", PERIOD)
        assert received.status == "da_nop" and received.submitted_file == "xa3.xlsx"
        assert received.submitted_at is not None and sent is not None
        assert abs((received.submitted_at - sent).total_seconds()) < 1  # the sender's time, from _meta
    finally:
        district.close()


def test_a_dry_run_or_a_template_does_not_submit(commune, tmp_path: Path) -> None:
    path = tmp_path / "xa3.xlsx"
    export_submission(commune, resolve_form("XHS-01"), "M213-03", PERIOD, path, app_version="t")
    district = _database(tmp_path / "huyen.sqlite3", "huyen")
    try:
        import_workbook(district, path, user="huyen", dry_run=True, catalogue=load_catalogue())
        assert get_status(district, "XHS-01", "M213-03", PERIOD).status == "chua_nhap"
    finally:
        district.close()


def test_the_submission_time_survives_approval_and_a_locked_form_stays_locked(commune, tmp_path: Path) -> None:
    form = resolve_form("XHS-01")
    export_submission(commune, form, "M213-03", PERIOD, tmp_path / "a.xlsx", app_version="t")
    submitted = get_status(commune, "XHS-01", "M213-03", PERIOD)
    approve(commune, "XHS-01", "M213-03", PERIOD, reviewer="213", user="huyen")
    approved = get_status(commune, "XHS-01", "M213-03", PERIOD)
    assert approved.status == "da_duyet" and approved.submitted_at == submitted.submitted_at
    export_submission(commune, form, "M213-03", PERIOD, tmp_path / "b.xlsx", app_version="t")
    again = get_status(commune, "XHS-01", "M213-03", PERIOD)
    assert again.status == "da_duyet" and again.submitted_file == "a.xlsx"
    set_status(commune, "XHS-01", "M213-03", PERIOD, "da_nop", user="huyen", reason="sửa số thôn")
    assert get_status(commune, "XHS-01", "M213-03", PERIOD).submitted_file == "a.xlsx"


def test_forms_submitted_before_the_upgrade_get_their_submission_time(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from storage.database import create_engine_for, upgrade

    path = tmp_path / "cu.sqlite3"
    engine = create_engine_for(path)
    upgrade(engine, "0002")
    sent, approved, later = (datetime(2024, 7, day, 8, 0) for day in (5, 20, 25))
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO units (code, name, level, updated_at) VALUES ('X', 'Xã', 'xa', ?)", (sent,))
        for form, status, at in (("A-01", "da_duyet", approved), ("B-01", "da_nop", later)):
            conn.exec_driver_sql(
                "INSERT INTO submission_status (form_id, unit, period, status, user_name, changed_at) "
                "VALUES (?, 'X', '2024Q2', ?, 'xa', ?)", (form, status, at))
        for new_raw, at in (("da_nop", sent), ("da_duyet", approved)):
            conn.exec_driver_sql(
                "INSERT INTO audit_log (form_id, unit, period, indicator, column_id, kind, old_raw, new_raw, "
                "user_name, at, source) VALUES ('A-01', 'X', '2024Q2', '', '', 'status', '', ?, 'xa', ?, 'typed')",
                (new_raw, at))
    engine.dispose()
    db = open_database(path, user="xa", daily_backup=False)
    try:
        assert get_status(db, "A-01", "X", "2024Q2").submitted_at == sent.replace(tzinfo=UTC)
        assert get_status(db, "B-01", "X", "2024Q2").submitted_at == later.replace(tzinfo=UTC)
    finally:
        db.close()


def test_an_empty_sheet_exported_is_not_a_submission(commune, tmp_path: Path) -> None:
    export_submission(commune, resolve_form("XHS-01"), "M213-01", PERIOD, tmp_path / "trong.xlsx", app_version="t")
    assert (tmp_path / "trong.xlsx").exists()
    assert get_status(commune, "XHS-01", "M213-01", PERIOD).status == "chua_nhap"
