"""Every doubtful file is refused with a Vietnamese reason naming it, and nothing is returned."""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.workbooks.conftest import SMALL_VALUES
from workbooks import WorkbookError, read_workbook, write_submission, write_template


def _refused(path: Path, code: str, *words: str, **kwargs) -> str:
    with pytest.raises(WorkbookError) as refused:
        read_workbook(path, **kwargs)
    message = refused.value.message
    assert refused.value.code == code, message
    assert path.name in message
    for word in words:
        assert word in message, message
    return message


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
    return target


def test_a_text_file_is_not_a_workbook(out: Path) -> None:
    path = out / "ghi-chu.xlsx"
    path.write_text("Đây không phải tệp Excel", encoding="utf-8")
    _refused(path, "not_xlsx", "không phải tệp Excel")


def test_an_old_xls_file_is_refused_with_advice(out: Path) -> None:
    path = out / "cu.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    _refused(path, "not_xlsx", ".xls")


def test_an_empty_file(out: Path) -> None:
    path = out / "rong.xlsx"
    path.write_bytes(b"")
    _refused(path, "empty", "rỗng")


def test_a_missing_file(out: Path) -> None:
    with pytest.raises(WorkbookError) as refused:
        read_workbook(out / "khong-co.xlsx")
    assert refused.value.code == "not_found"


def test_a_file_over_the_size_limit_is_refused_before_opening(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "lon.xlsx")
    _refused(path, "too_large", "quá lớn", max_bytes=1000)


def test_a_zip_whose_directory_claims_huge_sizes(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "bom.xlsx")
    data = bytearray(path.read_bytes())
    # patch the uncompressed size of every central-directory entry to 1 GB
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", data, pos + 24, 2**30)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    _refused(path, "zip_bomb", "bom nén")


def test_a_highly_compressible_part(small_ctx, out: Path) -> None:
    source = write_submission(small_ctx, SMALL_VALUES, out / "goc.xlsx")
    path = out / "bom2.xlsx"
    padding = b"<!-- " + b" " * (40 * 2**20) + b" -->"
    _rewrite(source, path, {"docProps/app.xml": padding})
    assert path.stat().st_size < 2**20
    _refused(path, "zip_bomb", "docProps/app.xml", "bom nén")


def test_xml_entity_declarations_are_refused(small_ctx, out: Path) -> None:
    source = write_submission(small_ctx, SMALL_VALUES, out / "goc.xlsx")
    with zipfile.ZipFile(source) as old:
        strings = old.read("xl/sharedStrings.xml")
    laugh = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
             + strings.split(b"?>", 1)[1])
    path = _rewrite(source, out / "lol.xlsx", {"xl/sharedStrings.xml": laugh})
    _refused(path, "xml_entities", "DOCTYPE", "xl/sharedStrings.xml")


@pytest.mark.parametrize("declaration", [b"<!EnTiTy", "<!doctype".encode("utf-16-le")], ids=["utf8", "utf16"])
def test_a_declaration_across_a_read_chunk_boundary_is_refused(small_ctx, out: Path, declaration: bytes) -> None:
    source = write_submission(small_ctx, SMALL_VALUES, out / "goc.xlsx")
    with zipfile.ZipFile(source) as old:
        sheet = old.read("xl/worksheets/sheet1.xml")
    # random letters do not compress like a bomb; the declaration starts just before the first 1 MB ends
    filler = bytes(random.Random(1).choices(b"abcdefghijklmnopqrstuvwxyz ", k=2**20 - 4 - len(sheet)))
    path = _rewrite(source, out / "ranh-gioi.xlsx", {"xl/worksheets/sheet1.xml": sheet + filler + declaration})
    _refused(path, "xml_entities", "DOCTYPE", "xl/worksheets/sheet1.xml")


def test_texts_that_look_like_declarations_are_escaped_and_accepted(small_ctx, out: Path) -> None:
    values = {**SMALL_VALUES, ("ghi_nhan", "th"): "<!DOCTYPE lolz> Chú ý! <!ENTITY>"}
    content = read_workbook(write_submission(small_ctx, values, out / "chu.xlsx"))
    assert content.values == values


def test_a_formula_in_a_value_cell_is_refused_and_named(small_ctx, out: Path) -> None:
    path = write_template(small_ctx, out / "congthuc.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["TEST-01"]
    sheet["D11"] = '=HYPERLINK("http://example.com","bấm vào đây")'
    sheet["E11"] = "=D11*2"
    book.save(path)
    message = _refused(path, "formula", "ô D11 chứa công thức «=HYPERLINK(", "ô E11 chứa công thức «=D11*2»")
    assert "không nhập công thức" in message


def test_the_templates_own_sum_formulas_are_accepted(small_ctx, out: Path) -> None:
    path = write_template(small_ctx, out / "mau.xlsx")
    assert read_workbook(path).values == {}


def test_a_submission_edited_after_export_is_refused(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "sua.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["TEST-01"]
    sheet["D11"] = 3776  # Tổng số trạm BTS, Thực hiện
    book.save(path)
    _refused(path, "tampered", "SHA-256", "đã bị sửa")


def test_an_unrelated_workbook_has_no_meta_sheet(out: Path) -> None:
    path = out / "khac.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Số liệu"
    book.save(path)
    _refused(path, "not_bieumau", "_meta", "bieumau")


def test_a_damaged_meta_sheet_is_refused(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "meta.xlsx")
    book = openpyxl.load_workbook(path)
    meta = book["_meta"]
    for row in meta.iter_rows():
        if row[1].value == "form_version":
            row[2].value = "hai"
    book.save(path)
    _refused(path, "tampered", "_meta")


def test_the_parser_reads_the_bytes_that_were_checked(small_ctx, out: Path, monkeypatch) -> None:
    import workbooks.reading

    path = write_submission(small_ctx, SMALL_VALUES, out / "doi.xlsx")
    swapped = write_submission(small_ctx, {("bts", "th"): "9"}, out / "khac.xlsx").read_bytes()
    checked = workbooks.reading.open_package

    def check_then_swap(*args, **kwargs):
        package = checked(*args, **kwargs)
        path.write_bytes(swapped)  # replaced on disk between the check and the parse
        return package

    monkeypatch.setattr(workbooks.reading, "open_package", check_then_swap)
    assert read_workbook(path).values == SMALL_VALUES
