"""The paper prints right: only the paper in the default print, the app's own PDF in Vietnamese notation
whatever the region, target columns on target forms, signature titles on one line, each violation once."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from cli.main import main
from forms.definitions import load_catalogue, resolve_form
from forms.units import load_unit_tree as units_from_csv
from forms.values import InMemoryValues
from storage.database import open_database
from storage.units import save_units
from storage.values import write_values
from tests.workbooks.conftest import SMALL_VALUES, context
from workbooks import write_submission, write_template
from workbooks.errors import WorkbookError
from workbooks.heading import sheet_context
from workbooks.paper import HEAD_SIZE, CellMark, single_line_width
from workbooks.paper_pdf import find_font
from workbooks.submission_export import check_sheet, export_pdf, export_submission

DEMO = Path("resources/demo")


def _demo_values(form_id: str, unit: str, period: str) -> dict[tuple[str, str], str]:
    with (DEMO / "values" / f"{form_id.lower()}.csv").open(encoding="utf-8") as handle:
        return {(r["indicator"], r["column"]): r["value"] for r in csv.DictReader(handle)
                if r["unit"] == unit and r["period"] == period}


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "db.sqlite3", user="so", daily_backup=False)
    save_units(database, list(units_from_csv(DEMO / "units.csv")), user="so")
    for form_id, period in (("KQCT-01", "2023"), ("VT-01", "2024Q2")):
        form = resolve_form(form_id)
        write_values(database, form, "24-STTTT", period, _demo_values(form_id, "24-STTTT", period),
                     user="so", source="import:demo.csv")
    yield database
    database.close()


def _pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _printed_columns(sheet) -> tuple[int, int]:
    """(first, last) 1-based columns of the sheet's print area."""
    from openpyxl.utils import column_index_from_string

    area = sheet.print_area.replace("$", "").split("!")[-1]
    first, last = area.split(":")
    letters = lambda ref: "".join(c for c in ref if c.isalpha())  # noqa: E731
    return column_index_from_string(letters(first)), column_index_from_string(letters(last))


# --- item 7: only the paper prints ----------------------------------------------------------------

def test_the_template_prints_the_paper_without_its_helper_columns(small_ctx, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_template(small_ctx, tmp_path / "mau.xlsx"))
    sheet = book[book.sheetnames[0]]
    header = [c.value for c in sheet[8]]
    note = header.index("Ghi chú") + 1
    helpers = [i + 1 for i, v in enumerate(header) if isinstance(v, str) and v.startswith("Tổng các dòng")]
    assert helpers and min(helpers) > note
    assert _printed_columns(sheet) == (1, note)
    assert sheet.page_setup.blackAndWhite  # fills guide the screen, not the paper


def _black_and_white(path: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return 'blackAndWhite="1"' in archive.read("xl/worksheets/sheet1.xml").decode()


def test_the_submission_prints_only_the_paper(small_ctx, small_form, tmp_path: Path) -> None:
    source = InMemoryValues()
    source.update(small_form.id, small_ctx.unit_code, small_ctx.period.code, SMALL_VALUES)
    checked = check_sheet(small_form, None, small_ctx.unit_code, small_ctx.period.code, source)
    assert checked.marks
    path = write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx", marks=checked.marks)
    assert _black_and_white(path)
    book = openpyxl.load_workbook(path)
    paper, checks = book[book.sheetnames[0]], book["Kiểm tra"]
    last_row = max(c.row for row in paper.iter_rows() for c in row if c.value == "THỦ TRƯỞNG ĐƠN VỊ")
    area = paper.print_area.replace("$", "")
    assert int("".join(ch for ch in area.split(":")[-1] if ch.isdigit())) >= last_row
    assert paper.sheet_view.tabSelected and not checks.sheet_view.tabSelected
    assert book["_meta"].sheet_state == "veryHidden"
    assert checks.print_area is not None and checks.page_setup.orientation == "landscape"


def test_the_check_sheet_lists_each_violation_once(small_ctx, tmp_path: Path) -> None:
    cells = [("bts", "th"), ("bts_4g", "th"), ("bts_5g", "th")]
    marks = [CellMark(ind, col, "error", "Tổng khác tổng các thành phần", 0) for ind, col in cells]
    marks.append(CellMark("cap_km", "th", "warning", "Chiều dài cáp giảm mạnh", 1))
    book = openpyxl.load_workbook(write_submission(small_ctx, SMALL_VALUES, tmp_path / "nop.xlsx", marks=marks))
    rows = [[c.value for c in row] for row in book["Kiểm tra"].iter_rows(min_row=6) if row[0].value]
    assert [r[4] for r in rows] == ["Tổng khác tổng các thành phần", "Chiều dài cáp giảm mạnh"]
    assert "Trạm 4G" in rows[0][1] and "Trạm 5G" in rows[0][1]


def test_the_engines_marks_carry_their_violation(small_form, small_ctx) -> None:
    source = InMemoryValues()
    source.update(small_form.id, small_ctx.unit_code, small_ctx.period.code, SMALL_VALUES)
    marks = check_sheet(small_form, None, small_ctx.unit_code, small_ctx.period.code, source).marks
    by_violation: dict[int, set] = {}
    for mark in marks:
        by_violation.setdefault(mark.violation, set()).add(mark.message)
    assert all(len(messages) == 1 for key, messages in by_violation.items() if key >= 0)
    assert any(sum(1 for m in marks if m.violation == key) > 1 for key in by_violation if key >= 0)


# --- items 6 and 8: target columns, signatures, the header --------------------------------------

@pytest.mark.parametrize("form_id", sorted(load_catalogue()))
def test_signature_titles_fit_on_one_line_on_every_form(form_id: str, tmp_path: Path) -> None:
    form = load_catalogue()[form_id]
    for writer in ("template", "submission"):
        path = tmp_path / f"{writer}.xlsx"
        if writer == "template":
            write_template(context(form), path)
        else:
            write_submission(context(form), {}, path)
        sheet = openpyxl.load_workbook(path)[openpyxl.load_workbook(path).sheetnames[0]]
        for title in ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"):
            cell = next(c for row in sheet.iter_rows() for c in row if c.value == title)
            merged = next((r for r in sheet.merged_cells.ranges if cell.coordinate in r), None)
            cols = range(merged.min_col, merged.max_col + 1) if merged else [cell.column]
            width = sum(sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in cols)
            assert width >= single_line_width(title, HEAD_SIZE, not title.startswith("(")), (form_id, title)
            assert not cell.alignment.wrap_text


def test_the_targets_paper_has_its_columns_and_the_tally(db, tmp_path: Path) -> None:
    form = resolve_form("KQCT-01")
    path = tmp_path / "kqct.xlsx"
    export_submission(db, form, "24-STTTT", "2023", path, app_version="t")
    sheet = openpyxl.load_workbook(path)[form.id]
    header = [c.value for c in sheet[8]]
    assert header[:7] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Đánh giá", "Ghi chú"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "≥ 80" in texts and "Không đạt" in texts and "Đạt" in texts
    tally = next(t for t in texts if t.startswith("Kết quả:"))
    met = texts.count("Đạt")
    assert tally == f"Kết quả: {met}/13 chỉ tiêu đạt"
    pdf = tmp_path / "kqct.pdf"
    export_pdf(db, form, "24-STTTT", "2023", pdf, app_version="t")
    pages = _pdf_text(pdf)
    joined = "\n".join(pages)
    assert tally in joined and "Đánh giá" in joined and "≥ 80" in joined and "Không đạt" in joined
    assert "64,10" in joined and "64.10" not in joined
    lines = [line.strip() for page in pages for line in page.splitlines()]
    assert any("THỦ TRƯỞNG ĐƠN VỊ" in line for line in lines)  # the whole title on one line
    assert any("NGƯỜI LẬP BIỂU" in line for line in lines)


def test_the_top_unit_is_printed_once(tmp_path: Path) -> None:
    tree = units_from_csv(DEMO / "units.csv")
    form = resolve_form("CQS-01")
    ctx = sheet_context(form, "24", "2024Q2", tree, app_version="t")
    assert ctx.agency == "UBND tỉnh Bắc Giang"
    sheet = openpyxl.load_workbook(write_template(ctx, tmp_path / "t.xlsx"))[form.id]
    assert sheet["A1"].value == "UBND TỈNH BẮC GIANG" and sheet["A2"].value == "Biểu số: CQS-01"
    assert "Tỉnh Bắc Giang" not in [sheet["A2"].value, sheet["A3"].value]
    from workbooks.paper import BookContent
    from workbooks.paper_pdf import write_pdf

    first_page = _pdf_text(write_pdf(ctx, tmp_path / "t.pdf", BookContent(kind="submission")))[0]
    assert "UBND TỈNH BẮC GIANG" in first_page and "Tỉnh Bắc Giang" not in first_page
    district = sheet_context(form, "213", "2024Q2", tree, app_version="t")
    sheet = openpyxl.load_workbook(write_template(district, tmp_path / "d.xlsx"))[form.id]
    assert sheet["A1"].value == "UBND TỈNH BẮC GIANG" and sheet["A2"].value == "Thành phố Bắc Giang"
    assert sheet["A3"].value == "Biểu số: CQS-01"


# --- item 5: the app's own PDF -------------------------------------------------------------------

def test_the_pdf_writes_numbers_the_vietnamese_way_with_an_embedded_font(db, tmp_path: Path) -> None:
    out = tmp_path / "vt.pdf"
    export_pdf(db, resolve_form("VT-01"), "24-STTTT", "2024Q2", out, app_version="t")
    pages = _pdf_text(out)
    joined = "\n".join(pages)
    for figure in ("1.242", "3.775", "2.012.640", "18.420,5", "7,1"):
        assert figure in joined
    assert "1,242" not in joined and "18,420.5" not in joined
    assert len(pages) > 1 and all("Chỉ tiêu" in page and "STT" in page for page in pages)  # header repeated
    assert all(f"Trang {i}/{len(pages)}" in page for i, page in enumerate(pages, start=1))
    reader = PdfReader(out)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = "/FontFile2" in font["/FontDescriptor"].get_object()
    assert fonts and all(fonts.values())
    assert PdfReader(out).pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4 portrait
    pdftotext = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True)
    if pdftotext.returncode == 0:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdftotext.stdout


def test_the_pdf_does_not_change_the_status(db, tmp_path: Path) -> None:
    from storage.status import get_status

    before = get_status(db, "VT-01", "24-STTTT", "2024Q2").status
    export_pdf(db, resolve_form("VT-01"), "24-STTTT", "2024Q2", tmp_path / "p.pdf", app_version="t")
    assert get_status(db, "VT-01", "24-STTTT", "2024Q2").status == before


def test_the_cli_prints_the_pdf_and_refuses_another_suffix(db, tmp_path: Path, capsys) -> None:
    db_path = str(tmp_path / "db.sqlite3")
    out = tmp_path / "ban_in.pdf"
    assert main(["pdf", "--form", "KQCT-01", "--unit", "24-STTTT", "--period", "2023", "--db", db_path,
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["pdf", "--form", "KQCT-01", "--unit", "24-STTTT", "--period", "2023", "--db", db_path,
                 "--out", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "đuôi .pdf" in err and "Traceback" not in err


def test_no_font_with_vietnamese_letters_is_a_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError) as refused:
        find_font([tmp_path])
    assert "fonts-liberation" in refused.value.message
    assert find_font().files[0].exists()


@pytest.mark.parametrize("form_id", sorted(load_catalogue()))
def test_every_form_prints_to_pdf_with_whole_headers_and_signatures_beside_the_table(form_id, tmp_path) -> None:
    from workbooks.paper import BookContent
    from workbooks.paper_pdf import write_pdf

    form = load_catalogue()[form_id]
    out = write_pdf(context(form), tmp_path / "p.pdf", BookContent(kind="submission"))
    pages = _pdf_text(out)
    for page in pages:
        lines = [line.strip() for line in page.splitlines()]
        assert "STT" in " ".join(lines).split(), form_id  # never "ST" / "T"
    last = pages[-1].splitlines()
    assert any("THỦ TRƯỞNG ĐƠN VỊ" in line for line in last)
    title_of_last = form.indicators[-1].title.split()[0]
    assert any(title_of_last in line for line in last)  # the last row is on the signatures' page
