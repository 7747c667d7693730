"""``bieumau targets import`` on a real database: a plan from CSV or Excel, stored per unit, year and
indicator, re-imported, audited, refused whole when a row is unusable; on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from cli.main import main
from forms.plans import read_plan_csv
from storage.database import open_database
from storage.plans import load_plan, save_plan

PLAN = """unit,year,indicator,target
H1,2024,dvc,≥ 90%
H1,2024,ban_kinh,tối đa 3 km
H1,2024,su_co,giảm 10%
H1,2024,dti,top 15
H2,2024,dvc,100%
H2,2024,ke_hoach,"1.400"
"""


def _rows(db_path: Path, table: str) -> list[tuple]:
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {table}")]
    engine.dispose()
    return rows


def test_a_csv_plan_is_stored_per_unit_year_and_indicator(tmp_path, capsys):
    plan, db = tmp_path / "ke-hoach.csv", tmp_path / "bieumau.sqlite3"
    plan.write_text(PLAN, encoding="utf-8")
    assert main(["targets", "import", str(plan), "--db", str(db)]) == 0
    assert "Đã nạp kế hoạch năm 2024 từ ke-hoach.csv: 6 chỉ tiêu mới, 0 thay đổi, 0 giữ nguyên." in capsys.readouterr().out
    opened = open_database(db, user="kiemthu")
    try:
        stored = load_plan(opened, 2024)
    finally:
        opened.close()
    by = {(r.unit, r.indicator): r.target for r in stored.rows}
    assert by[("H1", "dvc")].text == "≥ 90%" and by[("H1", "dvc")].operator == ">="
    assert by[("H1", "su_co")].operator == "reduce" and by[("H2", "ke_hoach")].value == Decimal(1400)
    assert by[("H1", "dti")].operator == "rank"
    assert main(["targets", "list", "--year", "2024", "--db", str(db)]) == 0
    assert "H1\t2024\tban_kinh\ttối đa 3 km" in capsys.readouterr().out


def test_a_new_plan_replaces_what_it_names_keeps_other_years_and_is_audited(tmp_path, capsys):
    plan, db = tmp_path / "ke-hoach.csv", tmp_path / "bieumau.sqlite3"
    plan.write_text(PLAN, encoding="utf-8")
    assert main(["targets", "import", str(plan), "--db", str(db)]) == 0
    later = tmp_path / "ke-hoach-2025.csv"
    later.write_text("unit,year,indicator,target\nH1,2024,dvc,≥ 95%\nH1,2025,dvc,≥ 97%\nH2,2024,dvc,100%\n",
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["targets", "import", str(later), "--db", str(db)]) == 0
    assert "1 chỉ tiêu mới, 1 thay đổi, 1 giữ nguyên" in capsys.readouterr().out
    targets = {(r[0], r[1], r[2]): r[3] for r in _rows(db, "plan_targets")}
    assert len(targets) == 7 and targets[("H1", 2024, "dvc")] == "≥ 95%" and targets[("H1", 2025, "dvc")] == "≥ 97%"
    audits = [(r[2], r[3], r[4], r[7], r[8], r[11]) for r in _rows(db, "audit_log") if r[6] == "plan"]
    assert ("H1", "2024", "dvc", "≥ 90%", "≥ 95%", "import:ke-hoach-2025.csv") in audits
    assert len(audits) == 8  # six the first time, two the second


def test_an_excel_plan_is_read_like_the_csv_one(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "year", "indicator", "target"])
    sheet.append(["H1", 2024, "dvc", "≥ 90%"])
    sheet.append(["H1", 2024, "ke_hoach", 1400])
    sheet.append(["H2", 2024, "dvc", 1])
    sheet["D4"].number_format = "0%"  # "100%" typed into a percent cell is stored as 1
    path = tmp_path / "ke-hoach.xlsx"
    book.save(path)
    db = tmp_path / "bieumau.sqlite3"
    assert main(["targets", "import", str(path), "--db", str(db)]) == 0
    targets = {(r[0], r[2]): r[3] for r in _rows(db, "plan_targets")}
    assert targets == {("H1", "dvc"): "≥ 90%", ("H1", "ke_hoach"): "1400", ("H2", "dvc"): "100%"}


@pytest.mark.parametrize(("content", "reason"), [
    ("unit,year,indicator,target\nH1,2024,dvc,≥ 90%\nH1,2024,ban_kinh,xa lắm\n", "dòng 3"),
    ("unit;year;indicator;target\n", "dòng đầu phải là unit,year,indicator,target"),
    (b"PK\x03\x04 not a workbook", "bị từ chối"),
])
def test_an_unusable_plan_is_refused_whole_and_nothing_is_stored(tmp_path, capsys, content, reason):
    db = tmp_path / "bieumau.sqlite3"
    plan = tmp_path / ("ke-hoach.xlsx" if isinstance(content, bytes) else "ke-hoach.csv")
    if isinstance(content, bytes):
        plan.write_bytes(content)
    else:
        plan.write_text(content, encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(PLAN, encoding="utf-8")
    assert main(["targets", "import", str(good), "--db", str(db)]) == 0
    before = _rows(db, "plan_targets")
    capsys.readouterr()
    assert main(["targets", "import", str(plan), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _rows(db, "plan_targets") == before


def test_a_plan_on_postgresql_keeps_its_figures_exact(pg_url, tmp_path):
    plan = tmp_path / "ke-hoach.csv"
    plan.write_text(PLAN + "H3,2024,ty_le,\"≥ 97,45%\"\n", encoding="utf-8")
    db = open_database(pg_url, user="so_tttt")
    try:
        changes = save_plan(db, read_plan_csv(plan), user="so_tttt", source="ke-hoach.csv")
        assert len(changes.new) == 7
        stored = {(r.unit, r.indicator): r.target for r in load_plan(db).rows}
        assert stored[("H3", "ty_le")].value == Decimal("97.45") and stored[("H3", "ty_le")].text == "≥ 97,45%"
        assert len(save_plan(db, read_plan_csv(plan), user="so_tttt", source="ke-hoach.csv").unchanged) == 7
    finally:
        db.close()


def test_once_a_unit_list_is_loaded_a_plan_for_an_unknown_unit_is_refused(tmp_path, capsys):
    db = tmp_path / "bieumau.sqlite3"
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent,valid_from,valid_to\nT,Tỉnh,tinh,,,\nH1,Huyện Một,huyen,T,,\n"
                     "H2,Huyện Hai,huyen,T,,\n", encoding="utf-8")
    assert main(["units", "import", str(units), "--db", str(db)]) == 0
    plan = tmp_path / "ke-hoach.csv"
    plan.write_text(PLAN.replace("H2,2024,ke_hoach", "H9,2024,ke_hoach"), encoding="utf-8")
    capsys.readouterr()
    assert main(["targets", "import", str(plan), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "H9" in err and "không có trong danh mục" in err and len(err.strip().splitlines()) == 1
    assert _rows(db, "plan_targets") == []
