"""The entry grid measures its rows and columns cheaply (only cells that may wrap, only the widest texts),
and what the clerk sees is what QTableView's own every-cell measure gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTableView

from desktop.main_window import MainWindow
from operations.context import open_context

UNIT, PERIOD = "24-STTTT", "2024Q2"
SIZES = ((1346, 728), (900, 600))  # a maximised window on a 1366×768 screen, and a narrow one


def row_height_qt_gives(grid, row: int) -> int:
    """QTableView.resizeRowToContents: the cells' measure, or the (hidden) row header's, whichever is more."""
    header = grid.verticalHeader()
    return max(QTableView.sizeHintForRow(grid, row), header.sectionSizeHint(row), header.minimumSectionSize())


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    yield context
    context.db.close()


def test_rows_and_columns_measure_as_qt_measures_every_cell_on_every_form(qtbot, ctx) -> None:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    checked = 0
    for form_id in sorted(ctx.catalogue):
        for size in SIZES:
            win.resize(*size)
            win.open_place(None, form_id, None)
            QApplication.processEvents()
            grid, model = win.grid, win.model
            for col in range(model.columnCount()):
                assert grid.sizeHintForColumn(col) == QTableView.sizeHintForColumn(grid, col), (form_id, size, col)
            for row in range(model.rowCount()):
                expected = QTableView.sizeHintForRow(grid, row)
                assert grid.sizeHintForRow(row) == expected, (form_id, size, row)
                assert grid.rowHeight(row) == row_height_qt_gives(grid, row), (form_id, size, row)
                checked += 1
    assert checked > 100


def test_a_form_opened_before_the_window_shows_is_fitted_at_the_size_it_shows_at(qtbot, ctx) -> None:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.open_place(UNIT, "VT-01", PERIOD)
    win.resize(1346, 728)
    win.show()
    QApplication.processEvents()
    grid, model = win.grid, win.model
    note = model.note_column
    assert grid.columnViewportPosition(note) + grid.columnWidth(note) <= grid.viewport().width()
    assert grid.horizontalScrollBar().maximum() == 0
    heights = [grid.rowHeight(r) for r in range(model.rowCount())]
    assert heights == [row_height_qt_gives(grid, r) for r in range(model.rowCount())]
    assert max(heights) > min(heights)  # the long titles wrap onto more lines


def test_a_long_note_makes_its_row_taller_and_clearing_it_gives_the_height_back(qtbot, ctx) -> None:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1346, 728)
    win.show()
    win.open_place(UNIT, "VT-01", PERIOD)
    QApplication.processEvents()
    grid, model = win.grid, win.model
    row = next(r for r in range(model.rowCount()) if model.rows[r].indicator is not None)
    cell = model.index(row, model.note_column)
    before = grid.rowHeight(row)
    assert model.setData(cell, "một ghi chú rất dài về nguồn số liệu " * 6)
    QApplication.processEvents()
    assert grid.rowHeight(row) > before
    assert grid.rowHeight(row) == row_height_qt_gives(grid, row)
    assert model.setData(cell, "")
    QApplication.processEvents()
    assert grid.rowHeight(row) == before
