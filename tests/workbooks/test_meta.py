"""The values checksum in ``_meta`` is the one submissions already sent upward carry: a faster
computation must give the same SHA-256, or every file exported before would read as tampered."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from tests.workbooks.conftest import SMALL_VALUES
from workbooks import write_submission
from workbooks.meta import values_checksum

# computed by the first implementation (one ``update`` per sorted line), kept as the reference
MIXED_DIGEST = "53cabb0cb49da0c895b2149cb1408d79bc2c2eaa94a11d84bcefe42f8832f157"
EMPTY_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
SMALL_SUBMISSION_DIGEST = "79be811c2a956a33bbef6c63bf5107087a6ddd920d8c08aef21c12582d2d6dc9"  # format 1
SMALL_SUBMISSION_SEALED = "0e6f1be644fc113ba60a07d4b5d292aa3bf72766105614d997fdf26d5f640692"


def test_every_kind_of_cell_enters_the_checksum_as_before() -> None:
    cells = {("bts", "th"): 3775.0, ("bts", "kh"): 3800, ("cap_km", "th"): Decimal("295.5"),
             ("ty_le", "th"): 0.9745, ("ghi_nhan", "th"): "=Chưa thực hiện", ("co_5g", "th"): False,
             ("muc_do", "th"): "bậc 2", ("trong", "th"): "", ("khong", "th"): None, ("nho", "kh"): 1e-20,
             ("lon", "kh"): 123456789012345678.0}
    raws = {("bts", "th"): "3.775", ("bts", "kh"): "3.800", ("khong", "th"): "x"}
    assert values_checksum(cells, raws) == MIXED_DIGEST
    assert values_checksum({}, {}) == EMPTY_DIGEST
    assert values_checksum({("a", "b"): "", ("c", "d"): None}, {}) == EMPTY_DIGEST


def test_a_submission_carries_the_same_checksum_as_files_exported_before(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx")
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("_meta").to_python()
    book.close()
    stored = {row[1]: row[2] for row in rows if row[0] == "meta"}
    # format 2 (issue 14) seals kind, form, unit, period, notes and justifications with the values;
    # format 1 files keep being read with the values-only checksum pinned above
    assert stored["format_version"] == "2"
    assert stored["values_checksum"] == SMALL_SUBMISSION_SEALED


def test_a_format_1_submission_exported_before_issue_14_still_reads(small_ctx, out: Path, monkeypatch) -> None:
    import workbooks.paper
    from workbooks import read_workbook

    # the writer as it was: format 1, the values-only checksum, none on templates
    monkeypatch.setattr(workbooks.paper, "FORMAT_VERSION", "1")
    monkeypatch.setattr(workbooks.paper, "sealed_checksum",
                        lambda meta, cells, raws, comments, justifications: values_checksum(cells, raws))
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop-cu.xlsx")
    monkeypatch.undo()
    content = read_workbook(path)
    assert content.meta["format_version"] == "1"
    assert content.meta["values_checksum"] == SMALL_SUBMISSION_DIGEST
    assert content.values == {key: value for key, value in SMALL_VALUES.items() if value}
