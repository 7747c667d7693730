"""The headless commands on a real database file: units import, values import/export, backup/restore."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from cli.main import main
from storage.database import open_database
from storage.status import set_status
from tests.storage.conftest import FORM_DATA

UNITS_CSV = """code,name,level,parent,valid_from,valid_to
T,Tỉnh Kiểm Thử,tinh,,,
H1,Huyện Một,huyen,T,,
H2,Huyện Hai,huyen,T,2020-01-01,
X11,Xã Một Một,xa,H1,,
"""

VALUES_CSV = (
    "unit,period,indicator,column,value\n"
    "H1,2024Q2,bts,th,3.775\n"
    "H1,2024Q2,bts,kh,3.800\n"
    "H1,2024Q2,bts_4g,th,1.647\n"
    'H1,2024Q2,cap,th,"295,5"\n'
    'H1,2024Q2,ty_le,th,"97,45%"\n'
    'H1,2024Q2,ghi_chu,th,"Sở Tư pháp đang thống kê, ""chưa đủ"""\n'
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    form = tmp_path / "kt-01.yaml"
    form.write_text(yaml.safe_dump(FORM_DATA, allow_unicode=True), encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    values = tmp_path / "values.csv"
    values.write_text(VALUES_CSV, encoding="utf-8")
    db = tmp_path / "du-lieu" / "bieumau.sqlite3"
    assert main(["units", "import", str(units), "--db", str(db)]) == 0
    return {"form": form, "units": units, "values": values, "db": db, "dir": tmp_path}


def _count(db: Path) -> int:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM cell_values").scalar()
    engine.dispose()
    return int(count or 0)


def test_values_import_then_export_gives_the_same_text(files: dict[str, Path], capsys) -> None:
    assert main(["values", "import", "--form", str(files["form"]), "--values", str(files["values"]),
                 "--db", str(files["db"])]) == 0
    assert "6 giá trị mới" in capsys.readouterr().out
    out = files["dir"] / "ra" / "values.csv"
    out.parent.mkdir()
    assert main(["values", "export", "--form", str(files["form"]), "--unit", "H1", "--period", "Quý II/2024",
                 "--db", str(files["db"]), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == files["values"].read_text(encoding="utf-8")
    assert not [p for p in out.parent.iterdir() if p.name != "values.csv"]  # no temporary file left
    db = open_database(files["db"], user="kiemthu")
    try:
        from storage.audit import history

        assert {e.source for e in history(db, "KT-01", "H1", "2024Q2") if e.kind == "value"} == {"import:values.csv"}
    finally:
        db.close()


def test_units_import_prints_what_changed(files: dict[str, Path], capsys) -> None:
    capsys.readouterr()
    changed = files["dir"] / "units2.csv"
    changed.write_text(UNITS_CSV.replace("Huyện Hai,huyen,T,2020-01-01,", "Huyện Hai,huyen,T,2020-01-01,2025-06-30")
                       + "X12,Xã Một Hai,xa,H1,,\n", encoding="utf-8")
    assert main(["units", "import", str(changed), "--db", str(files["db"])]) == 0
    out = capsys.readouterr().out
    assert "1 đơn vị mới" in out and "Hết hiệu lực: H2" in out and "Đơn vị mới: X12" in out


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("ZZ,2024Q2,bts,th,1", "đơn vị mã «ZZ»"),
        ("H1,2024Q2,khong_co,th,1", "không có chỉ tiêu «khong_co»"),
        ("H1,2024Q2,bts,cot_la,1", "không có cột «cot_la»"),
        ("H1,Quý 9/2024,bts,th,1", "Dòng 8"),
    ],
)
def test_a_bad_line_refuses_the_whole_file_with_exit_2(files: dict[str, Path], capsys, line: str, reason: str) -> None:
    bad = files["dir"] / "bad.csv"
    bad.write_text(VALUES_CSV + line + "\n", encoding="utf-8")
    code = main(["values", "import", "--form", str(files["form"]), "--values", str(bad), "--db", str(files["db"])])
    err = capsys.readouterr().err
    assert code == 2 and reason in err and len(err.strip().splitlines()) == 1
    assert _count(files["db"]) == 0


def test_an_unreadable_csv_and_an_approved_period_are_refused(files: dict[str, Path], capsys) -> None:
    broken = files["dir"] / "broken.csv"
    broken.write_bytes(b"unit,period\n\xff\xfe\x00")
    assert main(["values", "import", "--form", str(files["form"]), "--values", str(broken),
                 "--db", str(files["db"])]) == 2
    assert "UTF-8" in capsys.readouterr().err
    db = open_database(files["db"], user="kiemthu")
    set_status(db, "KT-01", "H1", "2024Q2", "da_duyet", user="truong_phong")
    db.close()
    assert main(["values", "import", "--form", str(files["form"]), "--values", str(files["values"]),
                 "--db", str(files["db"])]) == 2
    assert "đã được duyệt" in capsys.readouterr().err
    assert _count(files["db"]) == 0


def test_backup_and_restore_commands(files: dict[str, Path], capsys) -> None:
    main(["values", "import", "--form", str(files["form"]), "--values", str(files["values"]), "--db", str(files["db"])])
    capsys.readouterr()
    assert main(["backup", "--db", str(files["db"])]) == 0
    saved = Path(capsys.readouterr().out.strip().removeprefix("Đã sao lưu vào "))
    assert saved.is_file() and saved.parent == files["db"].parent / "backups"
    emptied = files["dir"] / "xoa.csv"
    emptied.write_text("unit,period,indicator,column,value\nH1,2024Q2,bts,th,\n", encoding="utf-8")
    main(["values", "import", "--form", str(files["form"]), "--values", str(emptied), "--db", str(files["db"])])
    assert main(["restore", str(saved), "--db", str(files["db"])]) == 0
    out = files["dir"] / "sau.csv"
    main(["values", "export", "--form", str(files["form"]), "--unit", "H1", "--period", "2024Q2",
          "--db", str(files["db"]), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == files["values"].read_text(encoding="utf-8")


def test_the_command_runs_headless_as_a_real_process(files: dict[str, Path]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli", "values", "import", "--form", str(files["form"]),
         "--values", str(files["dir"] / "khong-co.csv"), "--db", str(files["db"])],
        capture_output=True, text=True, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 2 and "Không tìm thấy tệp số liệu" in done.stderr


def test_backups_are_taken_once_a_day_on_open_and_before_every_import(files: dict[str, Path]) -> None:
    folder = files["db"].parent / "backups"
    fresh = files["dir"] / "moi" / "bieumau.sqlite3"
    for _ in range(3):
        open_database(fresh, user="kiemthu").close()
    assert len(list((fresh.parent / "backups").glob("*hang-ngay*"))) == 1
    before = len(list(folder.iterdir()))  # the units import already backed up today
    open_database(files["db"], user="kiemthu").close()
    assert len(list(folder.iterdir())) == before
    for _ in range(2):
        main(["values", "import", "--form", str(files["form"]), "--values", str(files["values"]),
              "--db", str(files["db"])])
    assert len(list(folder.glob("*truoc-nhap-so-lieu*"))) == 2


def test_units_import_dry_run_previews_each_unit_and_saves_nothing(files: dict[str, Path], capsys) -> None:
    capsys.readouterr()
    renamed = files["dir"] / "units3.csv"
    renamed.write_text(UNITS_CSV.replace("Huyện Một,", "Huyện Một Mới,"), encoding="utf-8")
    assert main(["units", "import", str(renamed), "--db", str(files["db"]), "--dry-run", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sẽ thay đổi 4 đơn vị") and "Đổi tên: H1" in out
    assert "H1 Huyện Một Mới: «Huyện Một» → «Huyện Một Mới»" in out
    db = open_database(files["db"], user="kiemthu")
    try:
        from storage.units import load_unit_tree

        assert load_unit_tree(db)["H1"].name == "Huyện Một"
    finally:
        db.close()


def test_forms_load_prints_the_differences_then_uses_the_new_version(files: dict[str, Path], capsys,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from forms.definitions import load_catalogue

    monkeypatch.setenv("BIEUMAU_HOME", str(files["dir"] / "home"))
    bundled = load_catalogue()["TTR-01"]
    definition = dict(bundled.definition, version=bundled.version + 1)
    definition["indicators"] = [*bundled.definition["indicators"],
                                {"id": "kien_nghi", "title": "Số kiến nghị xử lý", "type": "integer"}]
    path = files["dir"] / "ttr-01.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert main(["forms", "load", str(path), "--db", str(files["db"]), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"TTR-01: phiên bản {bundled.version} → {bundled.version + 1}" in out
    assert "Chỉ tiêu được thêm (1):" in out and "kien_nghi: Số kiến nghị xử lý" in out
    assert main(["forms", "load", str(path), "--db", str(files["db"])]) == 0
    assert f"Đã dùng TTR-01 phiên bản {bundled.version + 1} từ nay" in capsys.readouterr().out
    assert main(["forms", "load", str(path), "--db", str(files["db"])]) == 0  # the same again: nothing to do
    assert "không có gì để cập nhật" in capsys.readouterr().out
    older = files["dir"] / "cu.yaml"
    older.write_text(yaml.safe_dump(dict(bundled.definition, title="Khác"), allow_unicode=True), encoding="utf-8")
    assert main(["forms", "load", str(older), "--db", str(files["db"])]) == 2
    assert "cũ hơn phiên bản đang dùng" in capsys.readouterr().err
