"""Issue 14 in the window: its save paths go through the same output-path guard as the commands, and
its import through the same door (an older file never over newer figures)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop import workbook_actions
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


def _wait(qtbot, task) -> None:
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60_000)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_window_does_not_save_over_its_database_or_a_foreign_file(window, tmp_path: Path) -> None:
    db = Path(window.ctx.db.path)
    stranger = tmp_path / "cua-nguoi-khac.xlsx"
    stranger.write_bytes(b"PK\x03\x04 someone's workbook")
    for target in (db, stranger, tmp_path, tmp_path / "khong-co" / "a.xlsx"):
        before = sha(target) if target.is_file() else None
        assert workbook_actions.export_submission(window, str(target)) is None
        assert workbook_actions.export_template(window, str(target)) is None
        assert "«" in window.statusBar().currentMessage()
        if before is not None:
            assert sha(target) == before
    assert not (tmp_path / "khong-co").exists()


def test_the_window_replaces_a_workbook_it_made(qtbot, window, tmp_path: Path) -> None:
    out = tmp_path / "nop.xlsx"
    for _ in range(2):
        _wait(qtbot, workbook_actions.export_submission(window, str(out)))
        assert "Đã xuất" in window.statusBar().currentMessage()


def test_a_chart_is_not_saved_over_a_foreign_file(qtbot, window, tmp_path: Path) -> None:
    from desktop.charts import LINE, ChartsWindow

    charts = ChartsWindow(window.ctx, form_id="KQCT-01", unit=UNIT, period="2024", kind=LINE)
    qtbot.addWidget(charts)
    charts.show()
    qtbot.waitUntil(lambda: not charts.loading and charts.chart.series is not None, timeout=10_000)
    photo = tmp_path / "anh.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n someone's picture")
    assert not charts.export(str(photo))
    assert photo.read_bytes() == b"\x89PNG\r\n\x1a\n someone's picture"
    ours = tmp_path / "bieu-do.png"
    assert charts.export(str(ours)) and charts.export(str(ours))  # its own picture may be replaced


def test_the_window_refuses_an_older_file_over_newer_figures(qtbot, window, tmp_path: Path) -> None:
    from storage.values import read_values, write_value

    old = tmp_path / "cu.xlsx"
    _wait(qtbot, workbook_actions.export_submission(window, str(old)))
    # the export's time is kept to the second, rounded down: the edit below comes after it
    form = window.ctx.form(FORM)
    cell = next(iter(read_values(window.ctx.db, FORM, UNIT, PERIOD)))
    write_value(window.ctx.db, form, UNIT, PERIOD, *cell, "7", user="lan")
    before = read_values(window.ctx.db, FORM, UNIT, PERIOD)
    got: list = []
    _wait(qtbot, workbook_actions.import_workbooks(window, [str(old)], then=got.append))
    [result] = got[0].results
    assert not result.ok and "mới hơn" in (result.refused or "")
    assert read_values(window.ctx.db, FORM, UNIT, PERIOD) == before
