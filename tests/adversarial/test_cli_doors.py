"""Issue 14, the command line's doors: every attack exits 2 (or 1 for violations) with one Vietnamese
line on stderr, and the database file is byte for byte what it was."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import main
from tests.storage.conftest import FORM_DATA

UNITS_CSV = """code,name,level,parent,valid_from,valid_to
T,Tỉnh Kiểm Thử,tinh,,,
S1,Sở Một,so,T,,
H1,Huyện Một,huyen,T,,
H2,Huyện Hai,huyen,T,,
X11,Xã Một Một,xa,H1,,
"""

VALUES_CSV = (
    "unit,period,indicator,column,value\n"
    "H1,2024Q2,bts,th,3.775\n"
    "H1,2024Q2,bts,kh,3.800\n"
    "H1,2024Q2,bts_4g,th,1.647\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def site(tmp_path: Path, monkeypatch, capsys) -> dict[str, Path]:
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    form = tmp_path / "kt-01.yaml"
    form.write_text(yaml.safe_dump(FORM_DATA, allow_unicode=True), encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    values = tmp_path / "values.csv"
    values.write_text(VALUES_CSV, encoding="utf-8")
    db = tmp_path / "bieumau.sqlite3"
    assert main(["units", "import", str(units), "--db", str(db)]) == 0
    assert main(["values", "import", "--form", str(form), "--values", str(values), "--db", str(db)]) == 0
    capsys.readouterr()
    return {"form": form, "units": units, "values": values, "db": db, "dir": tmp_path}


def refused(capsys, argv: list[str], *, code: int = 2) -> str:
    """Run ``argv``; it must exit ``code`` with exactly one Vietnamese line on stderr, no traceback."""
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("bieumau: ") and "Traceback" not in err and "không mong đợi" not in err, err
    return err


def _writers(site: dict[str, Path], out: Path) -> list[list[str]]:
    db, form = str(site["db"]), str(site["form"])
    common = ["--form", form, "--unit", "H1", "--period", "2024Q2"]
    return [
        ["values", "export", *common, "--db", db, "--out", str(out)],
        ["export", *common, "--db", db, "--out", str(out)],
        ["template", *common, "--out", str(out)],
        ["consolidate", "--form", form, "--unit", "T", "--period", "2024Q2", "--db", db, "--out", str(out)],
        ["forms", "to-xlsx", form, "--out", str(out)],
    ]


# --- output paths ------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", range(5))
def test_no_command_writes_over_the_open_database(site, capsys, which: int) -> None:
    before = sha(site["db"])
    err = refused(capsys, _writers(site, site["db"])[which])
    assert str(site["db"].name) in err
    assert sha(site["db"]) == before


@pytest.mark.parametrize("which", range(5))
def test_no_command_writes_over_a_form_definition_or_a_foreign_file(site, capsys, which: int) -> None:
    for victim in (site["form"], site["units"]):
        before = sha(victim)
        refused(capsys, _writers(site, victim)[which])
        assert sha(victim) == before
    stranger = site["dir"] / "bao-cao-cua-ai-do.xlsx"
    stranger.write_bytes(b"PK\x03\x04 not ours")
    refused(capsys, _writers(site, stranger)[which])
    assert stranger.read_bytes() == b"PK\x03\x04 not ours"


@pytest.mark.parametrize("which", range(5))
def test_a_folder_or_a_missing_folder_is_refused_and_no_folder_is_created(site, capsys, which: int) -> None:
    err = refused(capsys, _writers(site, site["dir"])[which])
    assert "thư mục" in err
    missing = site["dir"] / "khong-co" / "sau" / "ra.xlsx"
    err = refused(capsys, _writers(site, missing)[which])
    assert "không tồn tại" in err and not (site["dir"] / "khong-co").exists()


def test_the_app_replaces_files_it_made_itself(site, capsys) -> None:
    csv_out, xlsx_out = site["dir"] / "ra.csv", site["dir"] / "ra.xlsx"
    for _ in range(2):
        assert main(_writers(site, csv_out)[0]) == 0
        assert main(_writers(site, xlsx_out)[1]) in (0, 1)
    assert csv_out.read_text(encoding="utf-8").startswith("unit,period,indicator,column,value\n")
    assert sorted(p.name for p in site["dir"].iterdir() if p.name.startswith(".")) == []  # no temporary left


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), name=st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=0x1EF9), min_size=1, max_size=12),
    suffix=st.sampled_from([".csv", ".xlsx", ".sqlite3", ".yaml", ""]))
def test_any_existing_file_the_app_did_not_make_is_left_alone(site, capsys, content: bytes, name: str,
                                                             suffix: str) -> None:
    from forms.output_paths import VALUES_HEADER

    if content.lstrip(b"\xef\xbb\xbf").startswith(VALUES_HEADER.encode()):
        return  # that is our signature: such a file may be replaced
    victim = site["dir"] / "ngoai" / f"{name}{suffix}"
    victim.parent.mkdir(exist_ok=True)
    victim.write_bytes(content)
    before = sha(site["db"])
    for argv in _writers(site, victim)[:2]:
        code = main(argv)
        capsys.readouterr()
        assert code == 2 and victim.read_bytes() == content
    assert sha(site["db"]) == before


# --- one way in for workbooks --------------------------------------------------------------------------

def test_an_older_submission_is_not_applied_over_newer_figures(site, capsys) -> None:
    old = site["dir"] / "nop-cu.xlsx"
    assert main(_writers(site, old)[1]) in (0, 1)
    newer = site["dir"] / "moi.csv"
    newer.write_text(VALUES_CSV.replace("3.775", "3.900"), encoding="utf-8")
    assert main(["values", "import", "--form", str(site["form"]), "--values", str(newer), "--db",
                 str(site["db"])]) == 0
    capsys.readouterr()
    before = sha(site["db"])
    err = refused(capsys, ["import", str(old), "--db", str(site["db"])])
    assert "nop-cu.xlsx" in err
    assert sha(site["db"]) == before


def test_the_window_and_the_command_line_share_the_rule(site) -> None:
    """The window's import calls ``operations.imports.import_workbooks`` with ``newest_wins``, as the command
    does, and that operation goes through ``merge_files``."""
    import inspect

    from cli.commands import workbook
    from desktop import workbook_actions
    from operations import imports

    for module in (workbook_actions, workbook):
        source = inspect.getsource(module)
        assert "operations.imports import import_workbooks" in source and "newest_wins" in source
        assert "import_workbook(" not in source and "merge_files" not in source
    source = inspect.getsource(imports)
    assert "merge_files(" in source and "import_workbook(" not in source


def test_a_batch_with_a_refused_file_stores_nothing(site, capsys) -> None:
    good = site["dir"] / "tot.xlsx"
    assert main(["template", "--form", str(site["form"]), "--unit", "H2", "--period", "2024Q3", "--db",
                 str(site["db"]), "--out", str(good)]) == 0
    junk = site["dir"] / "rac.xlsx"
    junk.write_text("không phải Excel", encoding="utf-8")
    capsys.readouterr()
    before = sha(site["db"])
    err = refused(capsys, ["import", str(good), str(junk), "--db", str(site["db"])])
    assert "rac.xlsx" in err and "không tệp nào được nhập" in err
    assert sha(site["db"]) == before
    assert main(["import", str(good), str(junk), "--db", str(site["db"]), "--each"]) == 2
    captured = capsys.readouterr()
    assert "tot.xlsx: đã nhập" in captured.out and "rac.xlsx: bị từ chối" in captured.out
    assert captured.err.count("\n") == 1 and "1 tệp đã nhập" in captured.err


# --- restore -----------------------------------------------------------------------------------------

def _backup_of(site, capsys) -> Path:
    assert main(["backup", "--db", str(site["db"])]) == 0
    return Path(capsys.readouterr().out.strip().split()[-1])


@pytest.mark.parametrize("poison", [
    "CREATE TRIGGER don_dep AFTER INSERT ON cell_values BEGIN DELETE FROM cell_values WHERE unit = 'H1'; END",
    "CREATE VIEW nhin AS SELECT * FROM cell_values",
    "CREATE TABLE them (x)",
    "DROP INDEX ix_cell_values_period_form",
    "UPDATE alembic_version SET version_num = 'head'",
    "UPDATE alembic_version SET version_num = 'ffffffff'",
])
def test_restore_refuses_a_backup_that_is_not_exactly_ours(site, capsys, poison: str) -> None:
    backup = _backup_of(site, capsys)
    evil = site["dir"] / "ban-sao.sqlite3"
    evil.write_bytes(backup.read_bytes())
    conn = sqlite3.connect(evil)
    conn.execute(poison)
    conn.commit()
    conn.close()
    before = sha(site["db"])
    refused(capsys, ["restore", str(evil), "--db", str(site["db"])])
    assert sha(site["db"]) == before


def test_restore_of_a_sound_backup_works(site, capsys) -> None:
    backup = _backup_of(site, capsys)
    assert main(["restore", str(backup), "--db", str(site["db"])]) == 0


# --- periods, violations, exit codes ----------------------------------------------------------------

def test_a_month_is_refused_for_a_quarterly_form_by_every_command(site, capsys) -> None:
    monthly = site["dir"] / "thang.csv"
    monthly.write_text(VALUES_CSV.replace("2024Q2", "202404"), encoding="utf-8")
    db, form = str(site["db"]), str(site["form"])
    before = sha(site["db"])
    for argv in (
        ["values", "import", "--form", form, "--values", str(monthly), "--db", db],
        ["values", "export", "--form", form, "--unit", "H1", "--period", "Tháng 4/2024", "--db", db,
         "--out", str(site["dir"] / "a.csv")],
        ["export", "--form", form, "--unit", "H1", "--period", "202404", "--db", db, "--out", str(site["dir"] / "a.xlsx")],
        ["template", "--form", form, "--unit", "H1", "--period", "2024", "--out", str(site["dir"] / "b.xlsx")],
        ["review", "list", "--form", form, "--period", "202404", "--db", db, "--as-unit", "T"],
        ["consolidate", "--form", form, "--unit", "T", "--period", "202404", "--db", db, "--out",
         str(site["dir"] / "c.xlsx")],
    ):
        assert "kỳ quý" in refused(capsys, argv)
    assert sha(site["db"]) == before
    assert not list(site["dir"].glob("?.xlsx")) and not (site["dir"] / "a.csv").exists()


def test_values_import_with_error_violations_exits_1(site, capsys) -> None:
    bad = site["dir"] / "am.csv"
    bad.write_text("unit,period,indicator,column,value\nH1,2024Q2,bts,th,-5\n", encoding="utf-8")
    assert main(["values", "import", "--form", str(site["form"]), "--values", str(bad), "--db",
                 str(site["db"])]) == 1
    assert "Lỗi" in capsys.readouterr().out


def test_a_closed_pipe_after_the_commit_is_not_a_failure(site, tmp_path: Path) -> None:
    units = tmp_path / "them.csv"
    units.write_text(UNITS_CSV + "".join(f"N{i},Xã {i},xa,H2,,\n" for i in range(300)), encoding="utf-8")
    env = {"BIEUMAU_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    child = subprocess.Popen([sys.executable, "-m", "cli", "units", "import", str(units), "--db", str(site["db"])],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=Path.cwd())
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader goes away before the summary is printed
    err = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "không mong đợi" not in err
    conn = sqlite3.connect(site["db"])
    assert conn.execute("SELECT count(*) FROM units WHERE code LIKE 'N%'").fetchone()[0] == 300
    conn.close()


# --- plain reasons instead of "lỗi không mong đợi" ------------------------------------------------------

def test_plain_reasons_for_odd_inputs(site, capsys) -> None:
    db, form = str(site["db"]), str(site["form"])
    before = sha(site["db"])
    assert "mysql" in refused(capsys, ["values", "export", "--form", form, "--unit", "H1", "--period", "2024Q2",
                                       "--db", "mysql://u@may-chu/csdl", "--out", str(site["dir"] / "a.csv")])
    wide = site["dir"] / "rong.csv"
    wide.write_text('unit,period,indicator,column,value\nH1,2024Q2,bts,th,"' + "9" * 200_000 + '"\n', encoding="utf-8")
    assert "quá" in refused(capsys, ["values", "import", "--form", form, "--values", str(wide), "--db", db])
    wide_units = site["dir"] / "rong-dv.csv"
    wide_units.write_text('code,name,level,parent,valid_from,valid_to\nT,"' + "a" * 200_000 + '",tinh,,,\n',
                          encoding="utf-8")
    refused(capsys, ["units", "import", str(wide_units), "--db", db])
    huge = site["dir"] / "lon.yaml"
    huge.write_text(yaml.safe_dump({**FORM_DATA, "version": 10**32}, allow_unicode=True), encoding="utf-8")
    refused(capsys, ["values", "import", "--form", str(huge), "--values", str(site["values"]), "--db", db])
    chain = site["dir"] / "chuoi.csv"
    chain.write_text("code,name,level,parent,valid_from,valid_to\nT,T,tinh,,,\n"
                     + "".join(f"C{i},C{i},xa,{'C' + str(i - 1) if i else 'T'},,\n" for i in range(5000)),
                     encoding="utf-8")
    refused(capsys, ["units", "import", str(chain), "--db", db])
    assert sha(site["db"]) == before


def test_sqlite_refuses_what_postgresql_would(site, capsys) -> None:
    """The same column limits on SQLite as on the server: 64-character codes, 32-bit integers."""
    before = sha(site["db"])
    long_code = site["dir"] / "ma-dai.csv"
    long_code.write_text(f"code,name,level,parent,valid_from,valid_to\n{'K' * 65},Xã,xa,H1,,\n", encoding="utf-8")
    assert "64" in refused(capsys, ["units", "import", str(long_code), "--db", str(site["db"])])
    big = site["dir"] / "v.yaml"
    big.write_text(yaml.safe_dump({**FORM_DATA, "version": 2**31}, allow_unicode=True), encoding="utf-8")
    refused(capsys, ["values", "import", "--form", str(big), "--values", str(site["values"]), "--db", str(site["db"])])
    assert sha(site["db"]) == before


@pytest.mark.parametrize("argv", [
    ["values", "export", "--form", "KT-01"],
    ["khong-co-lenh"],
    ["values", "nhap"],
    ["units"],
    ["backup", "--keep", "mot"],
])
def test_argparse_speaks_vietnamese_on_one_line(capsys, argv: list[str]) -> None:
    err = refused(capsys, argv)
    for english in ("usage", "required", "invalid choice", "error:", "argument"):
        assert english not in err


def test_help_headings_are_vietnamese(capsys) -> None:
    assert main(["values", "export", "--help"]) == 0
    out = capsys.readouterr().out
    assert "cách dùng:" in out and "tùy chọn:" in out and "usage" not in out and "options:" not in out


# --- databases ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["values", "export", "--form", "F", "--unit", "H1", "--period", "2024Q2", "--out", "{dir}/a.csv"],
    ["export", "--form", "F", "--unit", "H1", "--period", "2024Q2", "--out", "{dir}/a.xlsx"],
    ["review", "list", "--form", "F", "--period", "2024Q2", "--as-unit", "T"],
    ["backup"],
    ["import", "{dir}/x.xlsx"],
    ["values", "import", "--form", "F", "--values", "{dir}/values.csv"],
    ["units", "import", "{dir}/units.csv", "--dry-run"],
])
def test_a_mistyped_db_is_refused_not_created(site, capsys, argv: list[str]) -> None:
    typo = site["dir"] / "bieumua.sqlite3"
    argv = [a.replace("{dir}", str(site["dir"])).replace("F", str(site["form"])) if a in ("F",) or "{dir}" in a
            else a for a in argv]
    assert "không tìm thấy cơ sở dữ liệu" in refused(capsys, [*argv, "--db", str(typo)]).lower()
    assert not typo.exists()


@pytest.mark.parametrize("create", [True, False])
def test_another_programs_database_is_not_written_to(site, capsys, create: bool) -> None:
    foreign = site["dir"] / "khac.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE sach (ten TEXT)")
    conn.commit()
    conn.close()
    before = sha(foreign)
    argv = (["units", "import", str(site["units"]), "--db", str(foreign)] if create else
            ["backup", "--db", str(foreign)])
    assert "không phải của ứng dụng" in refused(capsys, argv)
    assert sha(foreign) == before


def test_a_newer_releases_database_is_refused(site, capsys) -> None:
    conn = sqlite3.connect(site["db"])
    conn.execute("UPDATE alembic_version SET version_num = 'abcdef999999'")
    conn.commit()
    conn.close()
    before = sha(site["db"])
    refused(capsys, ["values", "export", "--form", str(site["form"]), "--unit", "H1", "--period", "2024Q2",
                     "--db", str(site["db"]), "--out", str(site["dir"] / "a.csv")])
    assert sha(site["db"]) == before


def test_a_reader_does_not_fail_while_a_writer_holds_the_lock(site, capsys) -> None:
    started, release = threading.Event(), threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(site["db"], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE units SET name = name")
        started.set()
        release.wait(60)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(30)
        out = site["dir"] / "doc.csv"
        assert main(["values", "export", "--form", str(site["form"]), "--unit", "H1", "--period", "2024Q2",
                     "--db", str(site["db"]), "--out", str(out)]) == 0
        # `export` records «đã nộp», so it is a writer now; consolidation only reads
        assert main(["consolidate", "--form", str(site["form"]), "--unit", "T", "--period", "2024Q2",
                     "--db", str(site["db"]), "--out", str(site["dir"] / "doc.xlsx")]) in (0, 1)
    finally:
        release.set()
        thread.join()


# --- unit lists --------------------------------------------------------------------------------------

@pytest.mark.parametrize("change", [
    "H2,Huyện Hai,huyen,T,,2025-06-30,H2",          # merged into itself
    "H2,Huyện Hai,huyen,T,,2025-06-30,H3\nH3,Huyện Ba,huyen,T,,2025-06-30,H2",  # merges in a circle
    "H2,Huyện Hai,huyen,S1,,,",                     # a district under a sở
    "H1,Huyện Một,xa,T,,,",                         # a district with figures and communes turned commune
    "X11,Xã Một Một,xa,X11,,,",                     # its own parent
    "H2,Huyện Hai,huyen,T,,2025-06-30,X11",         # merged across levels
])
def test_units_import_refuses_impossible_lists(site, capsys, change: str) -> None:
    listing = site["dir"] / "dv.csv"
    listing.write_text("code,name,level,parent,valid_from,valid_to,merged_into\n" + change + "\n", encoding="utf-8")
    before = sha(site["db"])
    refused(capsys, ["units", "import", str(listing), "--db", str(site["db"])])
    assert sha(site["db"]) == before
