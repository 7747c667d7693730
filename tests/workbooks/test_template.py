"""A template is protected except its input cells, validates what a clerk types, shows totals, and
reads back once filled in Excel (openpyxl stands in for Excel here)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.workbooks.conftest import context
from workbooks import read_workbook, write_template
from workbooks.meta import sealed_checksum


def _row_of(sheet, title: str) -> int:
    for row in sheet.iter_rows(min_row=10, max_col=2):
        if isinstance(row[1].value, str) and row[1].value.split("\n")[0] == title:
            return row[1].row
    raise AssertionError(title)


def test_filled_template_reads_back_as_typed_texts(small_ctx, out: Path) -> None:
    path = write_template(small_ctx, out / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["TEST-01"]
    sheet.cell(_row_of(sheet, "Tổng số trạm BTS"), 4).value = 1242
    sheet.cell(_row_of(sheet, "Tổng số trạm BTS"), 5).value = 1300.0
    sheet.cell(_row_of(sheet, "Chiều dài cáp"), 4).value = 295.5
    sheet.cell(_row_of(sheet, "Tỷ lệ hồ sơ đúng hạn"), 4).value = 97.45
    text = sheet.cell(_row_of(sheet, "Tình hình triển khai"), 4)
    text.value = "=chưa triển khai"
    text.data_type = "s"  # a clerk's text starting with "=", typed with a leading apostrophe
    sheet.cell(_row_of(sheet, "Đã cấp phép 5G"), 4).value = "Có"
    sheet.cell(_row_of(sheet, "Mức độ trưởng thành"), 4).value = "bậc 3"
    sheet.cell(_row_of(sheet, "Trạm 4G"), 6).value = "Số liệu ước tính"  # Ghi chú
    book.save(path)

    content = read_workbook(path)
    assert content.kind == "template"
    assert content.values == {
        ("bts", "th"): "1242",
        ("bts", "kh"): "1300",
        ("cap_km", "th"): "295,5",
        ("ty_le", "th"): "97,45",
        ("ghi_nhan", "th"): "=chưa triển khai",
        ("co_5g", "th"): "Có",
        ("muc_do", "th"): "bậc 3",
    }
    assert content.comments == {("bts_4g", "th"): "Số liệu ước tính"}
    # format 2 seals a template's identity (kind, form, unit, period), never what the clerk fills in
    assert content.meta["values_checksum"] == sealed_checksum(content.meta, {}, {}, {}, {})


def test_prefilled_template_keeps_the_values(small_ctx, out: Path) -> None:
    values = {("bts", "th"): "3775", ("cap_km", "kh"): "300,5"}
    assert read_workbook(write_template(small_ctx, out / "mau.xlsx", values=values)).values == values


def test_only_input_cells_are_unlocked_and_the_sheet_is_protected(small_ctx, out: Path) -> None:
    sheet = openpyxl.load_workbook(write_template(small_ctx, out / "mau.xlsx"))["TEST-01"]
    assert sheet.protection.sheet
    row = _row_of(sheet, "Tổng số trạm BTS")
    assert sheet.cell(row, 4).protection.locked is False  # Thực hiện
    assert sheet.cell(row, 5).protection.locked is False  # Kế hoạch
    assert sheet.cell(row, 2).protection.locked is not False  # Chỉ tiêu
    assert sheet.cell(row, 6).protection.locked is False  # Ghi chú
    sub = _row_of(sheet, "Trạm 4G")
    assert sheet.cell(sub, 5).value == "x" and sheet.cell(sub, 5).protection.locked is not False


def test_data_validation_per_cell_type_with_vietnamese_messages(small_ctx, out: Path) -> None:
    sheet = openpyxl.load_workbook(write_template(small_ctx, out / "mau.xlsx"))["TEST-01"]
    by_cell = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            by_cell[cell_range.coord] = dv
    bts = by_cell[f"D{_row_of(sheet, 'Tổng số trạm BTS')}"]
    assert bts.type == "whole" and bts.operator in (None, "between") and bts.formula1 == "0"
    assert "số nguyên" in bts.prompt and "số nguyên" in bts.error
    share = by_cell[f"D{_row_of(sheet, 'Tỷ lệ hồ sơ đúng hạn')}"]
    assert share.type == "decimal" and float(share.formula2) == 100
    boolean = by_cell[f"D{_row_of(sheet, 'Đã cấp phép 5G')}"]
    assert boolean.type == "list" and boolean.formula1 == '"Có,Không"'
    choice = by_cell[f"D{_row_of(sheet, 'Mức độ trưởng thành')}"]
    assert choice.type == "list" and "bậc 2" in choice.formula1
    assert choice.showErrorMessage and choice.errorStyle in (None, "stop")


def test_complete_totals_get_a_sum_formula_beside_the_entry(small_ctx, out: Path) -> None:
    sheet = openpyxl.load_workbook(write_template(small_ctx, out / "mau.xlsx"))["TEST-01"]
    # the helper sits after Ghi chú, outside the print area: the paper ends at Ghi chú
    assert sheet.cell(8, 6).value == "Ghi chú" and sheet.cell(8, 7).value.startswith("Tổng các dòng trong đó")
    row = _row_of(sheet, "Tổng số trạm BTS")
    first, second = _row_of(sheet, "Trạm 4G"), _row_of(sheet, "Trạm 5G")
    assert sheet.cell(row, 7).value == f"=SUM(D{first},D{second})"


def test_template_print_settings(small_ctx, out: Path) -> None:
    sheet = openpyxl.load_workbook(write_template(small_ctx, out / "mau.xlsx"))["TEST-01"]
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows.replace("$", "") == "8:9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_long_choice_lists_come_from_the_meta_sheet(small_form, out: Path) -> None:
    from forms.definitions import build_form
    from tests.workbooks.conftest import SMALL_FORM

    data = dict(SMALL_FORM)
    choices = [f"Phương án số {i}, có dấu phẩy" for i in range(12)]
    data["indicators"] = [{"id": "pa", "title": "Phương án", "type": "choice", "choices": choices}]
    form = build_form(data, "t.yaml")
    book = openpyxl.load_workbook(write_template(context(form), out / "mau.xlsx"))
    dv = book[form.id].data_validations.dataValidation[0]
    assert dv.type == "list" and dv.formula1.startswith("'_meta'!")
    assert [book["_meta"].cell(i + 1, 6).value for i in range(12)] == choices


def test_a_share_typed_with_percent_sign_in_excel_is_not_read_as_a_hundredth(small_ctx, out: Path) -> None:
    # Excel turns "97,45%" typed into a cell into 0.9745 with a percent format
    path = write_template(small_ctx, out / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["TEST-01"]
    cell = sheet.cell(_row_of(sheet, "Tỷ lệ hồ sơ đúng hạn"), 4)
    cell.value = 0.9745
    cell.number_format = "0.00%"
    sheet.cell(_row_of(sheet, "Chiều dài cáp"), 4).value = 295.5
    book.save(path)
    assert read_workbook(path).values == {("ty_le", "th"): "97,45%", ("cap_km", "th"): "295,5"}


def test_a_figure_changed_in_excel_wins_over_the_text_typed_before(small_ctx, out: Path) -> None:
    values = {("bts", "th"): "3.775", ("bts", "kh"): "3.800", ("bts_5g", "th"): "02", ("cap_km", "th"): "295,50"}
    path = write_template(small_ctx, out / "mau.xlsx", values=values)
    book = openpyxl.load_workbook(path)
    sheet = book["TEST-01"]
    sheet.cell(_row_of(sheet, "Tổng số trạm BTS"), 4).value = 3776  # was 3.775
    sheet.cell(_row_of(sheet, "Chiều dài cáp"), 4).value = 295.25  # was 295,50
    book.save(path)

    assert read_workbook(path).values == {
        ("bts", "th"): "3776",
        ("bts", "kh"): "3.800",  # untouched: still as the clerk typed it
        ("bts_5g", "th"): "02",
        ("cap_km", "th"): "295,25",
    }
