"""Consolidation of child units by each indicator's aggregate, checked on a real SQLite file."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from forms.definitions import build_form
from forms.errors import BieumauError
from forms.model import Form
from forms.units import Unit, UnitTree
from storage.database import Database, open_database
from storage.units import save_units
from storage.values import read_values, write_values
from workbooks.consolidation import (
    aggregate_rows,
    check_against_children,
    consolidate,
    store_consolidation,
)

FORM = {
    "id": "CQS-T",
    "version": 1,
    "title": "Báo cáo chính quyền số (thử nghiệm tổng hợp)",
    "period": "quarter",
    "levels": ["tinh", "huyen", "xa"],
    "columns": [{"id": "th", "title": "Thực hiện"}, {"id": "kh", "title": "Kế hoạch"}],
    "indicators": [
        {"id": "diem_cau", "title": "Số điểm cầu truyền hình trực tuyến", "unit": "điểm", "type": "integer",
         "min": 0, "section": "Hạ tầng"},
        {"id": "diem_tinh", "title": "Điểm cầu cấp tỉnh", "unit": "điểm", "type": "integer", "parent": "diem_cau",
         "columns": ["th"], "section": "Hạ tầng"},
        {"id": "diem_huyen", "title": "Điểm cầu cấp huyện", "unit": "điểm", "type": "integer",
         "parent": "diem_cau", "columns": ["th"], "section": "Hạ tầng"},
        {"id": "diem_xa", "title": "Điểm cầu cấp xã", "unit": "điểm", "type": "integer", "parent": "diem_cau",
         "columns": ["th"], "section": "Hạ tầng"},
        {"id": "diem_gd", "title": "Điểm cầu ngành giáo dục", "unit": "điểm", "type": "integer",
         "parent": "diem_cau", "columns": ["th"], "section": "Hạ tầng"},
        {"id": "cap_km", "title": "Cáp quang ngầm hóa", "unit": "km", "type": "decimal", "decimals": 1,
         "columns": ["th"], "section": "Hạ tầng"},
        {"id": "hs_giai_quyet", "title": "Số hồ sơ đã giải quyết", "unit": "hồ sơ", "type": "integer",
         "columns": ["th"], "section": "Dịch vụ công"},
        {"id": "hs_dung_han", "title": "Số hồ sơ giải quyết đúng hạn", "unit": "hồ sơ", "type": "integer",
         "columns": ["th"], "section": "Dịch vụ công"},
        {"id": "ty_le_dung_han", "title": "Tỷ lệ hồ sơ giải quyết đúng hạn", "unit": "%", "type": "percent",
         "decimals": 2, "aggregate": "ratio", "numerator": "hs_dung_han", "denominator": "hs_giai_quyet",
         "columns": ["th"], "section": "Dịch vụ công"},
        {"id": "ban_kinh_min", "title": "Bán kính phục vụ nhỏ nhất", "unit": "km", "type": "decimal",
         "aggregate": "min", "columns": ["th"], "section": "Bưu chính"},
        {"id": "ban_kinh_max", "title": "Bán kính phục vụ lớn nhất", "unit": "km", "type": "decimal",
         "aggregate": "max", "columns": ["th"], "section": "Bưu chính"},
        {"id": "diem_hai_long", "title": "Điểm hài lòng bình quân", "unit": "điểm", "type": "decimal",
         "decimals": 2, "aggregate": "mean", "columns": ["th"], "section": "Bưu chính"},
        {"id": "co_5g", "title": "Đã có trạm 5G", "type": "boolean", "columns": ["th"], "section": "Bưu chính"},
        {"id": "ghi_nhan", "title": "Tình hình triển khai", "type": "text", "columns": ["th"], "section": "Bưu chính"},
    ],
    "rules": [
        {"id": "diem_cau_tong", "expr": "diem_cau == diem_tinh + diem_huyen + diem_xa + diem_gd",
         "severity": "error", "columns": ["th"],
         "message": "Tổng số điểm cầu phải bằng tổng các cấp"},
        {"id": "dung_han_le_giai_quyet", "expr": "hs_dung_han <= hs_giai_quyet", "severity": "error",
         "columns": ["th"], "message": "Số hồ sơ đúng hạn không được lớn hơn số hồ sơ đã giải quyết"},
    ],
}

REFORM = date(2025, 7, 1)
UNITS = [
    Unit("T", "Tỉnh Kiểm Thử", "tinh"),
    Unit("H1", "Huyện Hiệp Hòa", "huyen", "T"),
    Unit("H2", "Huyện Lục Nam", "huyen", "T"),
    Unit("H3", "Huyện Sơn Động", "huyen", "T"),
    Unit("X11", "Xã Đoan Bái", "xa", "H1"),
    Unit("X12", "Xã Hòa Sơn", "xa", "H1"),
    Unit("X21", "Xã Bảo Đài", "xa", "H2"),
    Unit("XA", "Xã Bắc Lũng", "xa", "H2", valid_to=date(2025, 6, 30), merged_into="XN"),
    Unit("XB", "Xã Cẩm Lý", "xa", "H2", valid_to=date(2025, 6, 30), merged_into="XN"),
    Unit("XN", "Xã Lục Nam Mới", "xa", "H2", valid_from=REFORM),
]


@pytest.fixture(scope="module")
def form() -> Form:
    return build_form(FORM, "cqs-t.yaml")


@pytest.fixture
def units() -> UnitTree:
    return UnitTree(UNITS)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "tinh.sqlite3", user="kiemthu", daily_backup=False)
    save_units(database, UNITS, user="kiemthu")
    yield database
    database.close()


def put(db: Database, form: Form, unit: str, period: str, cells: dict[tuple[str, str], str]) -> None:
    write_values(db, form, unit, period, cells, user="kiemthu", source="typed")


H1_Q2 = {
    ("diem_cau", "th"): "150", ("diem_tinh", "th"): "15", ("diem_huyen", "th"): "6",
    ("diem_xa", "th"): "117", ("diem_gd", "th"): "12", ("diem_cau", "kh"): "160",
    ("cap_km", "th"): "140", ("hs_giai_quyet", "th"): "100", ("hs_dung_han", "th"): "50",
    ("ty_le_dung_han", "th"): "50%", ("ban_kinh_min", "th"): "2,5", ("ban_kinh_max", "th"): "2,5",
    ("diem_hai_long", "th"): "8", ("co_5g", "th"): "Có", ("ghi_nhan", "th"): "Đang triển khai",
}
H2_Q2 = {
    ("diem_cau", "th"): "118", ("diem_tinh", "th"): "12", ("diem_huyen", "th"): "4",
    ("diem_xa", "th"): "92", ("diem_gd", "th"): "10", ("diem_cau", "kh"): "1.200",
    ("cap_km", "th"): "155,5", ("hs_giai_quyet", "th"): "200", ("hs_dung_han", "th"): "30",
    ("ty_le_dung_han", "th"): "15%", ("ban_kinh_min", "th"): "3,25", ("ban_kinh_max", "th"): "3,25",
    ("diem_hai_long", "th"): "9", ("co_5g", "th"): "Không",
}


@pytest.fixture
def filled(db: Database, form: Form) -> Database:
    put(db, form, "H1", "2024Q2", H1_Q2)
    put(db, form, "H2", "2024Q2", H2_Q2)
    return db


def test_counts_sum_over_the_children_that_reported(filled, form, units):
    result = consolidate(filled, form, "T", "2024Q2", units)
    assert result.values[("diem_cau", "th")] == 268
    parts = [result.values[(i, "th")] for i in ("diem_tinh", "diem_huyen", "diem_xa", "diem_gd")]
    assert parts == [27, 10, 209, 22]
    assert result.raws[("diem_cau", "th")] == "268"
    assert result.raws[("diem_cau", "kh")] == "1.360"  # Vietnamese notation, read back as 1360
    assert result.raws[("cap_km", "th")] == "295,5"
    assert dict(result.contributors[("diem_cau", "th")]) == {"H1": 150, "H2": 118}


def test_a_share_is_recomputed_from_numerator_and_denominator_not_averaged(filled, form, units):
    result = consolidate(filled, form, "T", "2024Q2", units)
    # 50/100 and 30/200: (50 + 30) / (100 + 200) = 26,67 %, not the mean of 50 % and 15 % (32,5 %)
    assert result.values[("ty_le_dung_han", "th")] == Decimal("26.67")
    assert result.raws[("ty_le_dung_han", "th")] == "26,67"


def test_min_max_mean_and_count_true(filled, form, units):
    result = consolidate(filled, form, "T", "2024Q2", units)
    assert result.values[("ban_kinh_min", "th")] == Decimal("2.5")
    assert result.values[("ban_kinh_max", "th")] == Decimal("3.25")
    assert result.values[("diem_hai_long", "th")] == Decimal("8.50")
    assert result.values[("co_5g", "th")] == 1
    assert result.true_counts[("co_5g", "th")] == (1, 2)
    assert ("co_5g", "th") not in result.raws  # a count does not fit a Có/Không cell
    assert result.values[("ghi_nhan", "th")] is None  # text rows are not consolidated


def test_a_missing_child_is_listed_and_not_counted_as_zero(filled, form, units):
    result = consolidate(filled, form, "T", "2024Q2", units)
    assert result.reported == ("H1", "H2")
    assert result.missing == ("H3",)
    # a zero for H3 would pull the minimum to 0 and the mean to 5,67
    assert result.values[("ban_kinh_min", "th")] == Decimal("2.5")
    assert result.values[("diem_hai_long", "th")] == Decimal("8.50")
    assert "Huyện Sơn Động (H3)" in result.summary_vi(units)
    assert "2/3" in result.summary_vi(units)


def test_a_merged_commune_is_its_successor_after_the_reform_and_its_predecessors_before(db, form, units):
    for code, value in (("X21", "5"), ("XA", "7"), ("XB", "11")):
        put(db, form, code, "2025Q2", {("diem_cau", "th"): value})
    put(db, form, "X21", "2025Q3", {("diem_cau", "th"): "6"})
    put(db, form, "XN", "2025Q3", {("diem_cau", "th"): "20"})
    put(db, form, "XA", "2025Q3", {("diem_cau", "th"): "99"})  # late entry under the old code: ignored
    before = consolidate(db, form, "H2", "2025Q2", units)
    assert before.children == ("X21", "XA", "XB")
    assert before.values[("diem_cau", "th")] == 23
    after = consolidate(db, form, "H2", "2025Q3", units)
    assert after.children == ("X21", "XN")
    assert after.values[("diem_cau", "th")] == 26


def test_figures_entered_under_merged_communes_stand_for_a_successor_without_its_own(db, form, units):
    put(db, form, "X21", "2025Q3", {("diem_cau", "th"): "6"})
    put(db, form, "XA", "2025Q3", {("diem_cau", "th"): "7"})
    put(db, form, "XB", "2025Q3", {("diem_cau", "th"): "11"})
    result = consolidate(db, form, "H2", "2025Q3", units)
    assert result.values[("diem_cau", "th")] == 24
    assert result.stands_for == {"XN": ("XA", "XB")}
    assert result.missing == ()


def test_a_district_without_its_own_figures_is_consolidated_from_its_communes_only_when_asked(db, form, units):
    put(db, form, "X11", "2024Q2", {("diem_cau", "th"): "4", ("hs_giai_quyet", "th"): "10",
                                     ("hs_dung_han", "th"): "9"})
    put(db, form, "X12", "2024Q2", {("diem_cau", "th"): "3", ("hs_giai_quyet", "th"): "30",
                                     ("hs_dung_han", "th"): "3"})
    put(db, form, "H2", "2024Q2", H2_Q2)
    flat = consolidate(db, form, "T", "2024Q2", units)
    assert flat.missing == ("H1", "H3")
    assert flat.values[("diem_cau", "th")] == 118
    deep = consolidate(db, form, "T", "2024Q2", units, recursive=True)
    assert deep.reported == ("H1", "H2")
    assert deep.stands_for["H1"] == ("X11", "X12")
    assert deep.values[("diem_cau", "th")] == 125
    # the share is recomputed from the province's numerator and denominator: (12 + 30) / (40 + 200)
    assert deep.values[("ty_le_dung_han", "th")] == Decimal("17.50")
    assert deep.child_values["H1"][("diem_cau", "th")] == "7"


def test_children_are_read_in_one_grouped_query(filled, form, units):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if "cell_values" in statement:
            statements.append(statement)

    sa.event.listen(filled.engine, "before_cursor_execute", count)
    try:
        consolidate(filled, form, "T", "2024Q2", units, recursive=True)
    finally:
        sa.event.remove(filled.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert " IN " in statements[0].upper()


def test_aggregate_rows_is_plain_arithmetic_on_rows(form):
    rows = [
        ("H1", "hs_giai_quyet", "th", "100"), ("H1", "hs_dung_han", "th", "50"),
        ("H2", "hs_giai_quyet", "th", "200"), ("H2", "hs_dung_han", "th", "30"),
        ("H2", "diem_cau", "th", "ba mươi"),
    ]
    result = aggregate_rows(form, rows)
    assert result.values[("ty_le_dung_han", "th")] == Decimal("26.67")
    assert result.values[("diem_cau", "th")] is None  # an unreadable text is never a silent 0
    assert [r.raw for r in result.unreadable] == ["ba mươi"]


def test_the_parents_own_figure_differing_from_its_children_is_flagged_with_both(filled, form, units):
    put(filled, form, "T", "2024Q2", {("diem_cau", "th"): "270", ("ty_le_dung_han", "th"): "26,7",
                                      ("cap_km", "th"): "295,5"})
    result = consolidate(filled, form, "T", "2024Q2", units)
    report = check_against_children(result, units)
    assert [(d.indicator, d.own, d.consolidated) for d in report.differences] == [
        ("diem_cau", Decimal(270), Decimal(268))
    ]  # 26,7 % agrees with 26,67 % at the precision written
    message = report.differences[0].message_vi(form)
    assert "270" in message and "268" in message


def test_a_broken_rule_on_consolidated_figures_lists_the_largest_contributors(db, form, units):
    put(db, form, "H1", "2024Q2", {("hs_giai_quyet", "th"): "10", ("hs_dung_han", "th"): "40"})
    put(db, form, "H2", "2024Q2", {("hs_giai_quyet", "th"): "20", ("hs_dung_han", "th"): "5"})
    put(db, form, "H3", "2024Q2", {("hs_giai_quyet", "th"): "5", ("hs_dung_han", "th"): "2"})
    result = consolidate(db, form, "T", "2024Q2", units)
    report = check_against_children(result, units)
    assert report.has_errors
    broken = [v for v in report.violations if v.violation.rule == "dung_han_le_giai_quyet"]
    assert broken and "đúng hạn" in broken[0].message
    top = [(ind, unit, value) for ind, unit, value in broken[0].top if ind == "hs_dung_han"]
    assert top == [("hs_dung_han", "H1", 40), ("hs_dung_han", "H2", 5), ("hs_dung_han", "H3", 2)]


def test_storing_the_consolidation_makes_it_the_parents_own_figures(filled, form, units):
    result = consolidate(filled, form, "T", "2024Q2", units)
    summary = store_consolidation(filled, result, user="kiemthu")
    assert summary.new == len(result.raws)
    stored = read_values(filled, form.id, "T", "2024Q2")
    assert stored[("diem_cau", "th")].number == 268
    assert stored[("ty_le_dung_han", "th")].raw == "26,67"


def test_a_period_of_the_wrong_kind_is_refused_in_vietnamese(filled, form, units):
    with pytest.raises(BieumauError, match="không phải kỳ quý"):
        consolidate(filled, form, "T", "2024", units)
    with pytest.raises(BieumauError, match="KHONG-CO"):
        consolidate(filled, form, "KHONG-CO", "2024Q2", units)


# --- the consolidated workbook ----------------------------------------------------------------------

def _sheet_rows(path: Path, name: str) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(name).to_python()
    finally:
        book.close()


def test_the_consolidated_workbook_imported_one_level_up_gives_the_parents_values(filled, form, units, tmp_path):
    from workbooks.consolidated_book import write_consolidated
    from workbooks.reading import read_workbook
    from workbooks.submission_import import import_workbook

    put(filled, form, "H1", "2024Q2", {("diem_cau", "kh"): "=160"})  # a text, never a formula
    result = consolidate(filled, form, "T", "2024Q2", units)
    path = write_consolidated(result, tmp_path / "tong-hop.xlsx", units=units, app_version="0.1.0")
    content = read_workbook(path)
    assert content.kind == "consolidated" and content.unit_code == "T"
    assert content.values == dict(result.raws)

    upper = open_database(tmp_path / "bo.sqlite3", user="bo", daily_backup=False)
    try:
        save_units(upper, UNITS, user="bo")
        imported = import_workbook(upper, path, user="bo", catalogue={form.id: form})
        assert imported.refused is None, imported.refused
        stored = {key: value.raw for key, value in read_values(upper, form.id, "T", "2024Q2").items()}
    finally:
        upper.close()
    assert stored == dict(result.raws)
    assert stored[("diem_cau", "th")] == "268" and stored[("ty_le_dung_han", "th")] == "26,67"


def test_the_detail_sheet_has_a_column_per_child_and_formulas_beside_the_stored_totals(filled, form, units, tmp_path):
    import openpyxl

    from workbooks.consolidated_book import DETAIL_SHEET, GAPS_SHEET, write_consolidated

    result = consolidate(filled, form, "T", "2024Q2", units)
    path = write_consolidated(result, tmp_path / "tong-hop.xlsx", units=units, app_version="0.1.0")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["CQS-T", "Kiểm tra"] and DETAIL_SHEET in book.sheetnames
    detail = book[DETAIL_SHEET]
    header = [c.value for c in detail[5]]
    assert any("Hiệp Hòa" in str(h) for h in header) and any("thiếu số liệu" in str(h) for h in header)
    by_title = {(row[1].value, row[2].value): row for row in detail.iter_rows(min_row=6)}
    total = by_title[("Số điểm cầu truyền hình trực tuyến", "Thực hiện")]
    assert [c.value for c in total[4:7]] == [150, 118, None]
    r = total[0].row
    assert total[7].value == f"=SUM(E{r}:G{r})" and total[8].value == 268
    share = by_title[("Tỷ lệ hồ sơ giải quyết đúng hạn", "Thực hiện")]
    assert "SUM" not in share[7].value and "/" in share[7].value and share[8].value == 26.67
    gaps = [" ".join(str(c) for c in row) for row in _sheet_rows(path, GAPS_SHEET)]
    assert any("Huyện Sơn Động" in line for line in gaps)


# --- bieumau consolidate --------------------------------------------------------------------------

def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    from cli.main import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_consolidate_command_writes_the_workbook_and_says_who_is_missing(filled, form, tmp_path, capsys):
    definition = tmp_path / "cqs-t.yaml"
    import yaml

    definition.write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    db_path = str(filled.path)
    out = tmp_path / "tong-hop.xlsx"
    code, text, err = _cli(capsys, "consolidate", "--form", str(definition), "--unit", "T", "--period",
                           "Quý II/2024", "--db", db_path, "--out", str(out))
    assert code == 0, err
    assert "2/3" in text and "Huyện Sơn Động" in text and str(out) in text
    assert out.exists() and read_values(filled, form.id, "T", "2024Q2") == {}

    code, text, _ = _cli(capsys, "consolidate", "--form", str(definition), "--unit", "T", "--period", "2024Q2",
                         "--db", db_path, "--out", str(out), "--store")
    assert code == 0 and "Đã lưu" in text
    assert read_values(filled, form.id, "T", "2024Q2")[("diem_cau", "th")].raw == "268"


def test_the_consolidate_command_exits_1_on_a_broken_rule_and_2_on_refused_input(db, form, tmp_path, capsys):
    import yaml

    definition = tmp_path / "cqs-t.yaml"
    definition.write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    put(db, form, "H1", "2024Q2", {("hs_giai_quyet", "th"): "10", ("hs_dung_han", "th"): "40"})
    out = tmp_path / "tong-hop.xlsx"
    base = ["consolidate", "--form", str(definition), "--unit", "T", "--db", str(db.path), "--out", str(out)]
    code, text, _ = _cli(capsys, *base, "--period", "2024Q2")
    assert code == 1 and "đúng hạn" in text
    from workbooks.reading import read_workbook

    assert read_workbook(out).values[("hs_dung_han", "th")] == "40"  # the marked book still reads back
    checks = " ".join(str(c) for row in _sheet_rows(out, "Kiểm tra") for c in row)
    assert "đúng hạn" in checks and "Huyện Hiệp Hòa 40" in checks
    code, _, err = _cli(capsys, *base, "--period", "2024")
    assert code == 2 and "không phải kỳ quý" in err and len(err.strip().splitlines()) == 1
    code, _, err = _cli(capsys, *base, "--period", "2023Q1")
    assert code == 2 and "Chưa đơn vị cấp dưới nào" in err


def test_a_consolidated_year_to_date_figure_is_checked_against_the_parents_earlier_period(db, units):
    from storage.value_source import DatabaseValueSource

    data = {**FORM, "id": "LK-T", "indicators": [
        *FORM["indicators"],
        {"id": "luy_ke", "title": "Số hồ sơ lũy kế từ đầu năm", "unit": "hồ sơ", "type": "integer",
         "cumulative": True, "columns": ["th"], "section": "Dịch vụ công"},
    ]}
    form = build_form(data, "lk-t.yaml")
    put(db, form, "T", "2024Q1", {("luy_ke", "th"): "500"})
    put(db, form, "H1", "2024Q2", {("luy_ke", "th"): "200"})
    put(db, form, "H2", "2024Q2", {("luy_ke", "th"): "100"})
    result = consolidate(db, form, "T", "2024Q2", units)
    alone = check_against_children(result, units)
    assert not [v for v in alone.violations if v.violation.kind == "cumulative"]
    report = check_against_children(result, units, DatabaseValueSource(db))
    [fall] = [v for v in report.violations if v.violation.kind == "cumulative"]
    assert [(unit, value) for _, unit, value in fall.top] == [("H1", 200), ("H2", 100)]


def test_the_same_consolidation_runs_on_a_provincial_postgresql_server(postgres_server, form, units):
    import uuid

    name = "cons_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server = open_database(sa.make_url(postgres_server).set(database=name).render_as_string(hide_password=False),
                           user="tinh")
    try:
        save_units(server, UNITS, user="tinh")
        put(server, form, "H1", "2024Q2", H1_Q2)
        put(server, form, "H2", "2024Q2", H2_Q2)
        result = consolidate(server, form, "T", "2024Q2", units)
        assert result.values[("diem_cau", "th")] == 268
        assert result.raws[("ty_le_dung_han", "th")] == "26,67"
        assert result.raws[("cap_km", "th")] == "295,5"
        assert result.missing == ("H3",)
    finally:
        server.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# --- department and territory ------------------------------------------------------------------------

SO = Unit("S", "Sở Thông tin và Truyền thông", "so", "T")


def test_a_departments_province_wide_figure_is_compared_with_the_territory_never_added(tmp_path, form):
    from workbooks.consolidation import consolidate_rows, differences

    units = UnitTree([*UNITS, SO])
    rows = [
        ("S", "diem_cau", "th", "268"), ("S", "cap_km", "th", "300"), ("S", "ban_kinh_max", "th", "4"),
        ("H1", "diem_cau", "th", "150"), ("H2", "diem_cau", "th", "117"),
        ("H1", "cap_km", "th", "140"), ("H2", "cap_km", "th", "155,5"),
    ]
    result = consolidate_rows(form, "T", "2024Q2", units, rows)
    # the Sở's 268 is not added to the districts' 150 + 117
    assert result.values[("diem_cau", "th")] == 267
    assert result.values[("cap_km", "th")] == Decimal("295.5")
    # a figure only the Sở gave is the province's
    assert result.values[("ban_kinh_max", "th")] == 4
    assert result.departments == ("S",) and "S" not in result.children and "S" not in result.missing
    found = {(d.indicator, d.unit): (d.own, d.consolidated) for d in differences(result)}
    assert found == {("diem_cau", "S"): (268, 267), ("cap_km", "S"): (300, Decimal("295.5"))}
    message = next(d for d in differences(result) if d.indicator == "diem_cau").message_vi(form)
    assert "268" in message and "267" in message and "toàn địa bàn" in message
    assert "không cộng vào tổng các địa bàn" in result.summary_vi(units)
    from workbooks.consolidated_book import GAPS_SHEET, write_consolidated

    report = check_against_children(result, units)
    path = write_consolidated(result, tmp_path / "tinh.xlsx", units=units, app_version="0.1.0", report=report)
    gaps = [" ".join(str(c) for c in row) for row in _sheet_rows(path, GAPS_SHEET)]
    assert any("số toàn địa bàn của Sở Thông tin và Truyền thông" in line and "268" in line for line in gaps)


def test_a_department_that_agrees_with_its_territory_gives_no_difference(form):
    from workbooks.consolidation import consolidate_rows, differences

    units = UnitTree([*UNITS, SO])
    rows = [("S", "diem_cau", "th", "267"), ("H1", "diem_cau", "th", "150"), ("H2", "diem_cau", "th", "117")]
    result = consolidate_rows(form, "T", "2024Q2", units, rows)
    assert result.values[("diem_cau", "th")] == 267 and differences(result) == []


def test_a_parent_of_departments_only_consolidates_them(form):
    from workbooks.consolidation import consolidate_rows

    units = UnitTree([Unit("T", "Tỉnh", "tinh"), Unit("S1", "Sở A", "so", "T"), Unit("S2", "Sở B", "so", "T")])
    result = consolidate_rows(form, "T", "2024Q2", units,
                              [("S1", "diem_cau", "th", "10"), ("S2", "diem_cau", "th", "5")])
    assert result.values[("diem_cau", "th")] == 15 and result.children == ("S1", "S2")


def test_the_demo_province_does_not_add_the_departments_cameras_to_the_districts(tmp_path):
    from forms.definitions import resolve_form
    from forms.units import read_units_csv
    from operations.demo import DEMO_DIR
    from storage.values import ValueRow, import_values
    from workbooks.consolidation import consolidate, differences

    cqs = resolve_form("CQS-01")
    db = open_database(tmp_path / "demo.sqlite3", user="kiemthu", daily_backup=False)
    try:
        demo_units = read_units_csv(DEMO_DIR / "units.csv")
        save_units(db, demo_units, user="kiemthu")
        import csv as _csv

        with (DEMO_DIR / "values" / "cqs-01.csv").open(encoding="utf-8") as handle:
            rows = [ValueRow(r["unit"], r["period"], r["indicator"], r["column"], r["value"])
                    for r in _csv.DictReader(handle)]
        import_values(db, cqs, rows, user="kiemthu", source="import:cqs-01.csv")
        tree = UnitTree(demo_units)
        result = consolidate(db, cqs, "24", "2024Q2", tree)
        # the Sở's 1.305 cameras are province-wide: the two districts' own 412 + 142 are the territory's sum
        assert dict(result.contributors[("camera", "th")]) == {"213": 412, "222": 142}
        assert result.values[("camera", "th")] == 554
        assert result.values[("camera", "kh")] == 1400  # a figure only the Sở gave
        [diff] = [d for d in differences(result) if d.indicator == "camera"]
        assert (diff.unit, diff.own, diff.consolidated) == ("24-STTTT", 1305, 554)
    finally:
        db.close()


def test_the_detail_sheet_prints_readably_with_sections(filled, form, units, tmp_path):
    import openpyxl

    from workbooks.consolidated_book import DETAIL_SHEET, write_consolidated

    result = consolidate(filled, form, "T", "2024Q2", units)
    path = write_consolidated(result, tmp_path / "tong-hop.xlsx", units=units, app_version="0.1.0")
    book = openpyxl.load_workbook(path)
    paper = book.worksheets[0]  # rewritten by openpyxl: the paper's print settings survive
    assert paper.print_area and paper.page_setup.blackAndWhite and paper.sheet_view.tabSelected
    assert not any(book[name].sheet_view.tabSelected for name in book.sheetnames[1:])
    detail = book[DETAIL_SHEET]
    romans = [row[0].value for row in detail.iter_rows(min_row=6) if row[0].value in ("I", "II", "III", "IV")]
    assert romans[:2] == ["I", "II"]  # STT restarts in each section: the section rows say which
    assert detail.print_title_cols.replace("$", "") == "A:D"
    setup = detail.page_setup
    assert setup.orientation == "landscape" and not detail.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.scale) >= 80


def test_eleven_units_print_in_groups_with_the_totals_on_the_last_page() -> None:
    from workbooks.consolidated_book import DETAIL_KEY_WIDTHS, DETAIL_TOTAL_WIDTHS, detail_groups

    groups = detail_groups(11)
    first = len(DETAIL_KEY_WIDTHS)
    assert groups[0][0] == first and groups[-1][1] == first + 11 + len(DETAIL_TOTAL_WIDTHS) - 1
    assert len(groups) >= 3 and all(a[1] + 1 == b[0] for a, b in itertools.pairwise(groups))
    assert detail_groups(2) == [(first, first + 2 + len(DETAIL_TOTAL_WIDTHS) - 1)]  # small: one page
