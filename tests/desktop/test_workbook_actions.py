"""The File menu's workbook actions, run in the background from the real window."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import workbook_actions
from desktop.change_bus import change_bus
from desktop.main_window import MainWindow
from operations.context import open_context

UNIT, FORM, PERIOD = "24-STTTT", "VT-01", "2024Q2"


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    ctx = open_context(str(tmp_path / "db.sqlite3"))
    win = MainWindow(ctx, (UNIT, FORM, PERIOD))
    qtbot.addWidget(win)
    yield win
    ctx.db.close()


@pytest.fixture
def published():
    """Every OpChanges the change bus broadcasts during the test."""
    seen: list = []

    def keep(changes) -> None:
        seen.append(changes)

    change_bus().changed.connect(keep)
    yield seen
    change_bus().changed.disconnect(keep)


def _wait(qtbot, task) -> None:
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60_000)


def test_export_then_import_into_an_empty_database_gives_the_same_values(qtbot, window, tmp_path,
                                                                        published) -> None:
    out = tmp_path / "vt01.xlsx"
    _wait(qtbot, workbook_actions.export_submission(window, str(out)))
    assert out.exists() and "Đã xuất" in window.statusBar().currentMessage()

    other = MainWindow(open_context(str(tmp_path / "other.sqlite3"), seed_demo=True), (UNIT, FORM, "2023Q2"))
    qtbot.addWidget(other)
    from storage.values import read_values

    before = {k: v.raw for k, v in read_values(window.ctx.db, FORM, UNIT, PERIOD).items()}
    # the other database holds the same demo; wipe the sheet first so the import really writes it
    other.open_place(UNIT, FORM, PERIOD)
    other.model.edit([(k, "") for k in before], "typed", "Xóa")
    assert read_values(other.ctx.db, FORM, UNIT, PERIOD) == {}
    got: list = []
    _wait(qtbot, workbook_actions.import_workbooks(other, [str(out)], then=got.append))
    [outcome] = got
    assert [r.ok for r in outcome.results] == [True]
    after = {k: v.raw for k, v in read_values(other.ctx.db, FORM, UNIT, PERIOD).items()}
    assert after == before
    # the open form is told to read its sheet again (and its «đã nộp» status): the entry window reloads
    # whatever the change bus says it shows
    assert published[-1] == outcome.changes
    assert outcome.changes.touches_values(FORM, UNIT, PERIOD) and outcome.changes.touches(FORM, UNIT, PERIOD)
    assert other.doc.values == after  # and the open form did read its sheet again, from the bus alone
    other.ctx.db.close()


def test_a_file_that_is_not_a_workbook_is_refused_and_nothing_changes(qtbot, window, tmp_path) -> None:
    from storage.values import read_values

    junk = tmp_path / "not-a-book.xlsx"
    junk.write_bytes(b"PK\x03\x04 definitely not a workbook")
    before = read_values(window.ctx.db, FORM, UNIT, PERIOD)
    got: list = []
    _wait(qtbot, workbook_actions.import_workbooks(window, [str(junk)], then=got.append))
    [result] = got[0].results
    assert not result.ok and result.refused
    assert not got[0].changes  # nothing to refresh
    assert read_values(window.ctx.db, FORM, UNIT, PERIOD) == before


def test_a_blank_template_is_written_for_the_open_form(qtbot, window, tmp_path) -> None:
    out = tmp_path / "mau.xlsx"
    _wait(qtbot, workbook_actions.export_template(window, str(out)))
    from workbooks.reading import read_workbook

    content = read_workbook(out)
    assert content.kind == "template" and content.meta["form_id"] == FORM


def test_a_newer_form_version_loaded_into_the_database_survives_a_restart(tmp_path, monkeypatch) -> None:
    import copy

    from forms.definitions import build_form
    from storage.forms import register_form

    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    db_path = str(tmp_path / "db.sqlite3")
    ctx = open_context(db_path)
    data = copy.deepcopy(ctx.catalogue[FORM].definition)
    data["version"] = ctx.catalogue[FORM].version + 1
    data["title"] = data["title"] + " (sửa đổi)"
    register_form(ctx.db, build_form(data, "vt-01-v2.yaml"))
    ctx.db.close()
    again = open_context(db_path)
    assert again.catalogue[FORM].version == data["version"]
    assert again.catalogue[FORM].title.endswith("(sửa đổi)")
    again.db.close()


def test_the_export_marks_the_form_submitted(qtbot, window, tmp_path, published) -> None:
    from storage.status import get_status

    _wait(qtbot, workbook_actions.export_submission(window, str(tmp_path / "nop.xlsx")))
    status = get_status(window.ctx.db, FORM, UNIT, PERIOD)
    assert status.status == "da_nop" and status.submitted_file == "nop.xlsx"
    # the windows showing this sheet's status (the entry window's banner, the dashboard) learn it from the bus
    [changes] = published
    assert changes.statuses == {(FORM, UNIT, PERIOD)} and changes.touches(FORM, UNIT, PERIOD)
    assert window.doc.status == status  # the open form shows «đã nộp» without being told anything else


def test_the_paper_is_printed_to_a_pdf_in_vietnamese_notation(qtbot, window, tmp_path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "ban_in.pdf"
    _wait(qtbot, workbook_actions.export_pdf(window, str(out)))
    assert "Đã in bản giấy" in window.statusBar().currentMessage()
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text and "1.242" in text  # Trạm 3G of the demo, never "1,242"
