"""FormDocument without Qt: open, write, one parse per typed text, unchanged texts dropped, notes,
justifications, and the OpChanges every write returns."""

from __future__ import annotations

from pathlib import Path

import pytest

import forms.numbers
import operations.document
import validators.cells
from forms.definitions import build_form
from operations.changes import DocumentKey
from operations.context import open_context
from operations.document import NOTE_COLUMN, FormDocument

FORM = {
    "id": "TEST-01",
    "version": 1,
    "title": "Biểu thử nghiệm hạ tầng",
    "period": "quarter",
    "levels": ["so", "huyen"],
    "columns": [{"id": "th", "title": "Thực hiện"}],
    "indicators": [
        {"id": "bts", "title": "Tổng số trạm BTS", "unit": "trạm", "complete": True},
        {"id": "bts_2g", "title": "Trạm 2G", "unit": "trạm", "parent": "bts"},
        {"id": "bts_3g", "title": "Trạm 3G", "unit": "trạm", "parent": "bts"},
        {"id": "dn", "title": "Số doanh nghiệp", "unit": "doanh nghiệp"},
    ],
    "rules": [
        {"id": "dn_it", "expr": "dn <= 50", "severity": "warning", "message": "Số doanh nghiệp cao bất thường"},
    ],
}
UNIT, PERIOD = "24-STTTT", "2024Q2"
KEY = DocumentKey("TEST-01", UNIT, PERIOD)


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    form = build_form(FORM, "test-01.yaml")
    context.catalogue[form.id] = form
    yield context
    context.db.close()


def open_doc(ctx) -> FormDocument:
    return FormDocument(ctx, ctx.catalogue["TEST-01"], UNIT, PERIOD)


def stored(ctx, indicator: str):
    from storage.values import read_values

    return read_values(ctx.db, "TEST-01", UNIT, PERIOD).get((indicator, "th"))


def test_a_write_is_stored_checked_and_returns_the_documents_changes(ctx) -> None:
    doc = open_doc(ctx)
    outcome = doc.write([(("dn", "th"), " 120 ")])
    assert stored(ctx, "dn").raw == "120"
    assert ("dn", "th") in outcome.cells and outcome.saved_at is not None
    assert [v.rule for v in outcome.added] == ["dn_it"] and not outcome.removed
    assert outcome.changes.values == {KEY} and outcome.changes.origin is doc
    assert doc.counts() == (0, 1)
    # the status the write set is known without reading it back, and matches what storage stored
    from storage.status import IN_PROGRESS, get_status

    assert doc.status.status == IN_PROGRESS == get_status(ctx.db, "TEST-01", UNIT, PERIOD).status
    fixed = doc.write([(("dn", "th"), "12")])
    assert [v.rule for v in fixed.removed] == ["dn_it"] and not fixed.added and doc.counts() == (0, 0)
    # another document of the same place reads what was written
    assert open_doc(ctx).raw(("dn", "th")) == "12"


def test_a_text_equal_to_the_stored_one_is_dropped_in_one_place(ctx) -> None:
    doc = open_doc(ctx)
    doc.write([(("dn", "th"), "12")])
    version = stored(ctx, "dn").version
    assert doc.changed([(("dn", "th"), " 12 "), (("bts", "th"), "")]) == []
    outcome = doc.write([(("dn", "th"), "12 ")])
    assert not outcome.cells and not outcome.changes and outcome.saved_at is None
    assert stored(ctx, "dn").version == version
    assert doc.changed([(("dn", "th"), "13")]) == [(("dn", "th"), "12", "13")]


def test_a_typed_text_is_parsed_once_for_the_checks_and_the_grid(ctx, monkeypatch) -> None:
    calls: list[str | None] = []
    real = forms.numbers.parse_value

    def counting(raw, *args, **kwargs):
        calls.append(raw)
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(validators.cells, "parse_value", counting)
    monkeypatch.setattr(forms.numbers, "parse_value", counting)
    monkeypatch.setattr(operations.document, "parse_value", counting, raising=False)  # no parse of its own
    doc = open_doc(ctx)
    doc.write([(("bts_2g", "th"), "đang thống kê")])
    for _ in range(3):  # what the grid asks while painting: display, colour, tooltip
        assert doc.parsed(("bts_2g", "th")).is_error
        doc.cell_state(("bts_2g", "th"))
    assert calls.count("đang thống kê") == 1
    doc.write([(("bts_2g", "th"), "1.242")])
    assert doc.parsed(("bts_2g", "th")).value == 1242 and doc.parsed(("bts_2g", "th")).value == 1242
    assert calls.count("1.242") <= 1


def test_a_paste_is_one_write_and_the_row_note_goes_with_it(ctx) -> None:
    doc = open_doc(ctx)
    outcome = doc.write([(("bts", "th"), "5"), (("bts_2g", "th"), "3"), (("bts_3g", "th"), "3"),
                         (("bts", NOTE_COLUMN), "Số liệu tạm tính")])
    assert {k for k in outcome.cells} >= {("bts", "th"), ("bts_2g", "th"), ("bts", NOTE_COLUMN)}
    assert doc.note("bts") == "Số liệu tạm tính" and open_doc(ctx).note("bts") == "Số liệu tạm tính"
    assert doc.counts()[0] == 1 and any(v.rule == "sum:bts" for v in outcome.added)
    assert outcome.changes.touches_values("TEST-01", UNIT, PERIOD)


def test_a_justification_is_stored_and_counts_for_marking_the_form_checked(ctx) -> None:
    doc = open_doc(ctx)
    doc.write([(("dn", "th"), "120")])
    ok, message, changes = doc.mark_checked()
    assert not ok and "chưa giải trình" in message and not changes
    outcome = doc.set_note("dn", "th", "Năm 2024 cấp phép thêm 70 doanh nghiệp", "justification")
    assert outcome.cells == {("dn", "th")} and outcome.changes.values == {KEY}
    assert not doc.set_note("dn", "th", " Năm 2024 cấp phép thêm 70 doanh nghiệp ", "justification").changes
    assert open_doc(ctx).note("dn", "th", "justification") == "Năm 2024 cấp phép thêm 70 doanh nghiệp"
    assert doc.unjustified_warnings() == 0
    ok, _, changes = doc.mark_checked()
    from storage.status import CHECKED

    assert ok and doc.status.status == CHECKED and changes.statuses == {KEY}
