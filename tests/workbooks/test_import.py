"""Importing workbooks into a real SQLite database: all or nothing per file, wrong versions refused."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from forms.definitions import build_form
from forms.units import load_unit_tree as units_from_csv
from tests.workbooks.conftest import SMALL_FORM, SMALL_VALUES, context
from workbooks import write_submission, write_template
from workbooks.submission_import import import_workbook

DEMO_UNITS = Path("resources/demo/units.csv")


@pytest.fixture
def db(tmp_path: Path):
    from storage.database import open_database
    from storage.forms import register_form
    from storage.units import save_units

    database = open_database(tmp_path / "db.sqlite3", user="tester", daily_backup=False)
    save_units(database, list(units_from_csv(DEMO_UNITS)), user="tester")
    register_form(database, build_form(SMALL_FORM, "test-01.yaml"))
    yield database
    database.close()


def _stored(db, unit: str = "24-STTTT", period: str = "2024Q2") -> dict:
    from storage.values import read_values

    return {key: value.raw for key, value in read_values(db, "TEST-01", unit, period).items()}


def test_a_submission_is_stored_as_typed(db, small_form, small_ctx, tmp_path: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx",
                            comments={("bts", "th"): "Số liệu của 4 doanh nghiệp"})
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is None, result.refused
    assert (result.new, result.changed, result.unit, result.period) == (len(SMALL_VALUES), 0, "24-STTTT", "2024Q2")
    assert _stored(db) == SMALL_VALUES
    from storage.comments import read_comments

    assert read_comments(db, "TEST-01", "24-STTTT", "2024Q2")[("bts", "th")]["note"] == "Số liệu của 4 doanh nghiệp"
    again = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert (again.new, again.changed, again.unchanged) == (0, 0, len(SMALL_VALUES))
    assert "không đổi" in again.summary_vi()


NOTES = {("bts", "th"): "Số liệu của 4 doanh nghiệp", ("cap_km", "kh"): "Theo kế hoạch 2024"}
JUSTIFICATIONS = {("ty_le", "th"): "Đã đối chiếu với bộ phận một cửa"}


def test_notes_and_justifications_are_imported_with_the_values(db, small_form, small_ctx, tmp_path: Path) -> None:
    from storage.audit import history
    from storage.comments import read_comments

    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx", comments=NOTES,
                            justifications=JUSTIFICATIONS)
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is None, result.refused
    assert _stored(db) == SMALL_VALUES
    stored = read_comments(db, "TEST-01", "24-STTTT", "2024Q2")
    assert {cell: texts["note"] for cell, texts in stored.items() if "note" in texts} == NOTES
    assert {cell: texts["justification"] for cell, texts in stored.items() if "justification" in texts} == (
        JUSTIFICATIONS)
    entries = history(db, "TEST-01", "24-STTTT", "2024Q2")
    assert {e.source for e in entries} == {"import:nop.xlsx"}
    assert sorted(e.kind for e in entries if e.kind != "value") == ["justification", "note", "note", "status", "status"]


@pytest.mark.parametrize("failure", ["database", "storage"])
def test_a_failure_while_storing_notes_stores_none_of_the_file(db, small_form, small_ctx, tmp_path: Path,
                                                               monkeypatch, failure: str) -> None:
    from forms.errors import BieumauError
    from tests.conftest import fail_comment_inserts, stored_state

    first = write_submission(small_ctx, SMALL_VALUES, tmp_path / "lan1.xlsx", comments=NOTES)
    assert import_workbook(db, first, user="tester", catalogue={"TEST-01": small_form}).ok
    changed = {**SMALL_VALUES, ("bts", "kh"): "3.900", ("cap_km", "th"): "296"}
    second = write_submission(small_ctx, changed, tmp_path / "lan2.xlsx",
                              comments={("bts", "th"): "Đã cập nhật số liệu quý II"}, justifications=JUSTIFICATIONS)
    before = stored_state(db)
    if failure == "database":
        fail_comment_inserts(db)  # the disk fills up while the notes are written
    else:
        def refuse(*_args: object, **_kwargs: object) -> list:
            raise BieumauError("Không ghi được ghi chú.", "test")

        monkeypatch.setattr("storage.values.comment_changes", refuse)
    result = import_workbook(db, second, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is not None
    assert stored_state(db) == before
    assert _stored(db) == SMALL_VALUES


def test_dry_run_reports_without_writing(db, small_form, small_ctx, tmp_path: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx")
    result = import_workbook(db, path, user="tester", dry_run=True, catalogue={"TEST-01": small_form})
    assert result.refused is None and result.new == len(SMALL_VALUES)
    assert _stored(db) == {}


def test_a_wrong_form_version_is_refused_naming_both_and_nothing_changes(db, small_form, tmp_path: Path) -> None:
    old = build_form({**SMALL_FORM, "version": 1}, "old.yaml")
    path = write_submission(context(old), SMALL_VALUES, tmp_path / "cu.xlsx")
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is not None
    assert "phiên bản 1" in result.refused and "là 2" in result.refused and "cu.xlsx" in result.refused
    assert _stored(db) == {}


def test_a_bad_value_refuses_the_whole_file(db, small_form, tmp_path: Path) -> None:
    # the unit is unknown to the database: nothing of the file may be stored
    ctx = context(small_form)
    ctx = type(ctx)(**{**ctx.__dict__, "unit_code": "KHONG-CO"})
    path = write_submission(ctx, SMALL_VALUES, tmp_path / "la.xlsx")
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is not None and "KHONG-CO" in result.refused
    assert _stored(db, unit="KHONG-CO") == {}


def test_an_approved_period_is_not_overwritten(db, small_form, small_ctx, tmp_path: Path) -> None:
    from storage.status import set_status

    set_status(db, "TEST-01", "24-STTTT", "2024Q2", "da_duyet", user="tester")
    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx")
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is not None and "duyệt" in result.refused
    assert _stored(db) == {}


def test_a_unit_outside_the_scope_is_refused(db, small_form, small_ctx, tmp_path: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx")
    tree = units_from_csv(DEMO_UNITS)
    district = next(u.code for u in tree if u.level == "huyen")
    result = import_workbook(db, path, user="tester", scope_unit=district, catalogue={"TEST-01": small_form})
    assert result.refused is not None and "ngoài phạm vi" in result.refused
    assert _stored(db) == {}


def test_a_tampered_file_stores_nothing(db, small_form, small_ctx, tmp_path: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "sua.xlsx")
    book = openpyxl.load_workbook(path)
    book["TEST-01"]["D11"] = 9999
    book.save(path)
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is not None and "SHA-256" in result.refused
    assert _stored(db) == {}


def test_a_filled_template_adds_without_clearing_other_cells(db, small_form, small_ctx, tmp_path: Path) -> None:
    from storage.values import write_values

    write_values(db, small_form, "24-STTTT", "2024Q2", {("cap_km", "th"): "295,5"}, user="tester", source="typed")
    path = write_template(small_ctx, tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    book["TEST-01"]["D11"] = 3775
    book.save(path)
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is None and result.new == 1
    assert _stored(db) == {("cap_km", "th"): "295,5", ("bts", "th"): "3775"}


def test_a_submission_replaces_the_sheet(db, small_form, small_ctx, tmp_path: Path) -> None:
    from storage.values import write_values

    write_values(db, small_form, "24-STTTT", "2024Q2", {("cap_km", "th"): "1"}, user="tester", source="typed")
    path = write_submission(small_ctx, {("bts", "th"): "3.775"}, tmp_path / "nop.xlsx")
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert (result.new, result.deleted) == (1, 1)
    assert _stored(db) == {("bts", "th"): "3.775"}


def test_violations_of_the_imported_sheet_are_counted(db, small_form, small_ctx, tmp_path: Path) -> None:
    values = {**SMALL_VALUES, ("ty_le", "th"): "197"}  # above the maximum of 100
    path = write_submission(small_ctx, values, tmp_path / "nop.xlsx")
    result = import_workbook(db, path, user="tester", catalogue={"TEST-01": small_form})
    assert result.refused is None and result.errors >= 1
    assert _stored(db)[("ty_le", "th")] == "197"  # data is always saved, valid or not


def test_command_line_export_template_import(tmp_path: Path, capsys) -> None:
    from cli.main import main

    db = tmp_path / "cli.sqlite3"
    assert main(["units", "import", str(DEMO_UNITS), "--db", str(db)]) == 0
    assert main(["values", "import", "--form", "VT-01", "--values", "resources/demo/values/vt-01.csv",
                 "--db", str(db)]) in (0, 1)
    out = tmp_path / "vt.xlsx"
    code = main(["export", "--form", "VT-01", "--unit", "24-STTTT", "--period", "2024Q2", "--db", str(db),
                 "--out", str(out)])
    assert code in (0, 1) and out.exists()
    sheet = openpyxl.load_workbook(out)["VT-01"]
    assert sheet["A1"].value == "UBND TỈNH BẮC GIANG"
    assert sheet["A2"].value == "Sở Thông tin và Truyền thông tỉnh Bắc Giang"
    capsys.readouterr()
    assert main(["import", str(out), "--db", str(db), "--dry-run"]) in (0, 1)
    line = capsys.readouterr().out
    assert "chạy thử" in line and "0 giá trị mới, 0 thay đổi" in line

    template = tmp_path / "mau.xlsx"
    assert main(["template", "--form", "VT-01", "--unit", "24-STTTT", "--period", "2024Q3",
                 "--out", str(template)]) == 0
    assert "Sở Thông tin" in capsys.readouterr().out
    junk = tmp_path / "rac.xlsx"
    junk.write_text("không phải Excel", encoding="utf-8")
    assert main(["import", str(template), str(junk), "--db", str(db)]) == 2
    printed = capsys.readouterr().out
    assert "mau.xlsx: sẽ nhập" in printed and "rac.xlsx: bị từ chối" in printed
