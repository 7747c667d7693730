"""A submission written to .xlsx reads back as the same raw texts, on the official paper."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.workbooks.conftest import SMALL_VALUES, context
from workbooks import CellMark, WorkbookError, read_workbook, write_submission


def test_values_round_trip_as_typed(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx")
    content = read_workbook(path)
    assert content.kind == "submission"
    assert content.values == SMALL_VALUES
    assert content.problems == []
    assert content.meta["form_id"] == "TEST-01" and content.meta["form_version"] == "2"
    assert content.meta["unit_code"] == "24-STTTT" and content.meta["period_code"] == "2024Q2"
    assert content.meta["form_checksum"] == small_ctx.form.checksum
    assert len(content.meta["values_checksum"]) == 64


def test_demo_submission_round_trips(vt_form, out: Path) -> None:
    import csv

    values = {}
    with open(Path("resources/demo/values/vt-01.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["unit"] == "24-STTTT" and row["period"] == "2024Q2":
                values[(row["indicator"], row["column"])] = row["value"]
    assert values
    path = write_submission(context(vt_form), values, out / "vt.xlsx")
    assert read_workbook(path).values == values


def test_figures_are_real_numbers_with_formats_and_text_stays_text(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx")
    sheet = openpyxl.load_workbook(path)["TEST-01"]
    cells = _cells_by_title(sheet)
    bts = cells["Tổng số trạm BTS"]
    assert bts[0].value == 3775 and bts[0].data_type == "n" and bts[0].number_format == "#,##0"
    share = cells["Tỷ lệ hồ sơ đúng hạn"]
    assert share[0].value == pytest.approx(97.45) and share[0].number_format == "#,##0.00"
    assert share[-1].value is None or share[-1].value == ""  # Ghi chú
    unit_cell = sheet.cell(row=share[0].row, column=3)
    assert unit_cell.value == "%"
    km = cells["Chiều dài cáp"]
    assert km[0].value == pytest.approx(295.5) and km[0].number_format == "#,##0.0"
    text = cells["Tình hình triển khai"][0]
    assert text.data_type == "s" and text.value.startswith("=Chưa")


def test_texts_that_cannot_be_read_as_numbers_are_kept_as_typed(small_ctx, out: Path) -> None:
    values = {("bts", "th"): "ba nghìn", ("ty_le", "th"): "Sở Tư pháp đang thống kê", ("cap_km", "th"): "@x"}
    content = read_workbook(write_submission(small_ctx, values, out / "nop.xlsx"))
    assert content.values == values


def test_violations_are_coloured_noted_and_listed(small_ctx, out: Path) -> None:
    marks = [
        CellMark("bts", "th", "error", "Tổng số trạm BTS (3.775) phải bằng tổng các dòng trong đó (1.649)"),
        CellMark("cap_km", "th", "warning", "Chiều dài cáp tăng bất thường"),
    ]
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx", marks=marks,
                            justifications={("cap_km", "th"): "Đã kiểm tra, đúng số liệu"})
    book = openpyxl.load_workbook(path)
    cells = _cells_by_title(book["TEST-01"])
    bts, km = cells["Tổng số trạm BTS"][0], cells["Chiều dài cáp"][0]
    assert bts.fill.fgColor.rgb.endswith("FFC7CE") and "Lỗi" in bts.comment.text
    assert km.fill.fgColor.rgb.endswith("FFEB9C") and "Cảnh báo" in km.comment.text
    checks = book["Kiểm tra"]
    rows = [[c.value for c in row] for row in checks.iter_rows(min_row=6, max_row=7)]
    assert rows[0][3] == "Lỗi" and "1.649" in rows[0][4]
    assert rows[1][3] == "Cảnh báo" and rows[1][5] == "Đã kiểm tra, đúng số liệu"
    assert read_workbook(path).justifications == {("cap_km", "th"): "Đã kiểm tra, đúng số liệu"}


def test_comments_go_to_ghi_chu_and_come_back(small_ctx, out: Path) -> None:
    comments = {("bts", "th"): "Số liệu của 4 doanh nghiệp", ("bts", "kh"): "Theo kế hoạch 2024"}
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx", comments=comments)
    sheet = openpyxl.load_workbook(path)["TEST-01"]
    note = _cells_by_title(sheet)["Tổng số trạm BTS"][-1].value
    assert note == "Thực hiện: Số liệu của 4 doanh nghiệp; Kế hoạch: Theo kế hoạch 2024"
    assert read_workbook(path).comments == comments


def test_computed_cells_show_the_value_in_grey(out: Path) -> None:
    from forms.definitions import build_form
    from tests.workbooks.conftest import SMALL_FORM

    data = dict(SMALL_FORM)
    data["indicators"] = [*SMALL_FORM["indicators"],
                          {"id": "tong", "title": "Tổng cáp cộng trạm", "type": "decimal", "computed": "cap_km + bts"}]
    form = build_form(data, "t.yaml")
    path = write_submission(context(form), SMALL_VALUES, out / "nop.xlsx",
                            computed={("tong", "th"): Decimal("4070.5")})
    cell = _cells_by_title(openpyxl.load_workbook(path)["TEST-01"])["Tổng cáp cộng trạm"][0]
    assert cell.value == pytest.approx(4070.5) and cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert ("tong", "th") not in read_workbook(path).values


def test_meta_sheet_is_very_hidden_and_protected(small_ctx, out: Path) -> None:
    book = openpyxl.load_workbook(write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx"))
    meta = book["_meta"]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    assert book.sheetnames[0] == "TEST-01" and "Kiểm tra" in book.sheetnames


def test_paper_has_heading_title_period_and_signatures(small_ctx, out: Path) -> None:
    sheet = openpyxl.load_workbook(write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx"))["TEST-01"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    for expected in ("UBND TỈNH BẮC GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Biểu số: TEST-01", "BÁO CÁO THỬ NGHIỆM CÁC KIỂU Ô", "Quý II/2024", "Nơi nhận:",
                     "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "STT", "Chỉ tiêu", "Đơn vị tính", "Ghi chú"):
        assert expected in texts, expected
    assert any(t.startswith("Bắc Giang, ngày ") for t in texts)
    assert sheet["A1"].font.name == "Times New Roman" and sheet["A1"].font.b
    sub_row = _cells_by_title(sheet)["Trạm 4G"][0].row
    title = sheet.cell(row=sub_row, column=2)
    assert title.alignment.indent >= 1 and title.font.i
    assert sheet.cell(row=sub_row, column=1).value == "1.1"
    assert sheet.cell(row=sub_row, column=4).border.left.style == "thin"


def test_print_settings_a4_titles_fit_to_width(small_ctx, out: Path) -> None:
    sheet = openpyxl.load_workbook(write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx"))["TEST-01"]
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.print_title_rows.replace("$", "") == "8:9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == 1  # 1 is the OOXML default
    assert sheet.page_setup.fitToHeight == 0


def test_wide_forms_print_landscape(out: Path) -> None:
    from forms.definitions import build_form
    from tests.workbooks.conftest import SMALL_FORM

    data = dict(SMALL_FORM)
    data["columns"] = [{"id": f"c{i}", "title": f"Cột {i}"} for i in range(5)]
    data["indicators"] = [{"id": "a", "title": "Chỉ tiêu A", "type": "integer"}]
    form = build_form(data, "t.yaml")
    sheet = openpyxl.load_workbook(write_submission(context(form), {}, out / "nop.xlsx"))[form.id]
    assert sheet.page_setup.orientation == "landscape"


def test_a_file_held_open_by_excel_is_reported(small_ctx, out: Path, monkeypatch) -> None:
    def locked(src, dst):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WorkbookError) as refused:
        write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx")
    assert "đang được mở trong Excel" in refused.value.message and "nop.xlsx" in refused.value.message
    assert list(out.iterdir()) == []


def test_cancel_leaves_no_file_and_progress_is_reported(small_ctx, out: Path) -> None:
    seen = []
    write_submission(small_ctx, SMALL_VALUES, out / "a.xlsx", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (8, 8)
    with pytest.raises(WorkbookError) as refused:
        write_submission(small_ctx, SMALL_VALUES, out / "b.xlsx", cancelled=lambda: True)
    assert refused.value.code == "cancelled"
    assert sorted(p.name for p in out.iterdir()) == ["a.xlsx"]


def _cells_by_title(sheet) -> dict[str, list]:
    """Row cells (value columns … Ghi chú) keyed by the Chỉ tiêu text."""
    out = {}
    for row in sheet.iter_rows(min_row=10):
        title = row[1].value
        if isinstance(title, str) and row[0].value and not row[0].font.b:
            out[title.split("\n")[0]] = list(row[3:])
    return out


def test_plain_digits_take_the_rows_format_unless_the_column_holds_text(out: Path) -> None:
    from forms.definitions import build_form
    from tests.workbooks.conftest import SMALL_FORM

    data = dict(SMALL_FORM)
    data["columns"] = [{"id": "th", "title": "Thực hiện"}, {"id": "ma", "title": "Mã hồ sơ", "type": "text"}]
    data["indicators"] = [
        {"id": "km", "title": "Chiều dài cáp", "type": "decimal", "decimals": 1},
        {"id": "tram", "title": "Số trạm", "type": "integer"},
        {"id": "tram_4g", "title": "Trạm 4G", "type": "integer", "parent": "tram"},
    ]
    form = build_form(data, "t.yaml")
    values = {("km", "th"): "300", ("km", "ma"): "0042", ("tram", "th"): "0007", ("tram", "ma"): "15",
              ("tram_4g", "th"): "5"}
    path = write_submission(context(form), values, out / "nop.xlsx")
    cells = _cells_by_title(openpyxl.load_workbook(path)[form.id])
    km, tram, sub = cells["Chiều dài cáp"], cells["Số trạm"], cells["Trạm 4G"]
    assert km[0].value == 300 and km[0].data_type == "n" and km[0].number_format == "#,##0.0"
    assert km[1].value == "0042" and km[1].data_type == "s"
    assert tram[0].value == 7 and tram[0].number_format == "#,##0" and tram[1].value == "15"
    assert sub[0].value == 5 and sub[0].font.i and sub[0].alignment.horizontal == "right"
    assert read_workbook(path).values == values
