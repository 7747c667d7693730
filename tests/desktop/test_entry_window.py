"""The entry window, driven like a clerk drives it: typing, pasting, undoing, seeing problems."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from forms.definitions import build_form
from operations.context import open_context

FORM = {
    "id": "TEST-01",
    "version": 1,
    "title": "Biểu thử nghiệm hạ tầng",
    "period": "quarter",
    "levels": ["so", "huyen"],
    "columns": [{"id": "th", "title": "Thực hiện"}, {"id": "kh", "title": "Kế hoạch"}],
    "indicators": [
        {"id": "bts", "title": "Tổng số trạm BTS", "unit": "trạm", "section": "Hạ tầng", "complete": True},
        {"id": "bts_2g", "title": "Trạm 2G", "unit": "trạm", "parent": "bts", "section": "Hạ tầng"},
        {"id": "bts_3g", "title": "Trạm 3G", "unit": "trạm", "parent": "bts", "section": "Hạ tầng"},
        {"id": "bts_4g", "title": "Trạm 4G", "unit": "trạm", "parent": "bts", "section": "Hạ tầng"},
        {"id": "bts_5g", "title": "Trạm 5G", "unit": "trạm", "parent": "bts", "section": "Hạ tầng"},
        {"id": "cap", "title": "Cáp ngầm hóa", "unit": "km", "type": "decimal", "section": "Hạ tầng"},
        {"id": "dn", "title": "Số doanh nghiệp", "unit": "doanh nghiệp", "section": "Doanh nghiệp"},
    ],
    "rules": [
        {"id": "dn_it", "expr": "dn <= 50", "severity": "warning", "message": "Số doanh nghiệp cao bất thường"},
    ],
}
UNIT, PERIOD = "24-STTTT", "2024Q2"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    form = build_form(FORM, "test-01.yaml")
    context.catalogue[form.id] = form
    yield context
    context.db.close()


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.open_place(UNIT, "TEST-01", PERIOD)
    win.show()
    return win


def cell(win: MainWindow, indicator: str, column: str):
    return win.model.index_of((indicator, column))


def stored(ctx, indicator: str, column: str = "th"):
    from storage.values import read_values

    return read_values(ctx.db, "TEST-01", UNIT, PERIOD).get((indicator, column))


def type_into(qtbot, win: MainWindow, indicator: str, column: str, text: str) -> None:
    win.grid.setCurrentIndex(cell(win, indicator, column))
    win.grid.setFocus()
    # the first key opens the editor over the cell (as in Excel); the rest go to that editor
    qtbot.keyClicks(win.grid, text[0])
    editor = QApplication.focusWidget()
    assert editor is not win.grid, "typing over a cell did not start editing"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_typing_1242_stores_1242_and_shows_it_the_vietnamese_way(qtbot, window, ctx) -> None:
    type_into(qtbot, window, "bts_3g", "th", "1.242")
    value = stored(ctx, "bts_3g")
    assert value.raw == "1.242" and value.number == Decimal(1242)
    assert window.model.data(cell(window, "bts_3g", "th")) == "1.242"
    assert "Đã lưu" in window.saved_label.text()
    # Enter moved the cursor down, as in Excel
    assert window.grid.currentIndex().row() == cell(window, "bts_4g", "th").row()


def test_an_edit_emits_only_the_cells_it_touched_never_a_reset(qtbot, window) -> None:
    changed: list[tuple[int, int, int, int]] = []
    resets: list[bool] = []
    window.model.dataChanged.connect(
        lambda a, b, *_: changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    window.model.modelReset.connect(lambda: resets.append(True))
    window.model.setData(cell(window, "bts_2g", "th"), "884")
    assert not resets
    assert changed and all(r0 == r1 and c0 == c1 for r0, c0, r1, c1 in changed)
    touched = {(r, c) for r, c, _, _ in changed}
    target = cell(window, "bts_2g", "th")
    assert (target.row(), target.column()) in touched
    assert len(touched) < window.model.rowCount() * window.model.columnCount() / 4


def test_a_total_that_differs_from_its_parts_is_flagged_with_both_figures(qtbot, window, ctx) -> None:
    model = window.model
    for indicator, text in [("bts", "3.775"), ("bts_2g", "884"), ("bts_3g", "1.242"), ("bts_4g", "1.647"),
                            ("bts_5g", "02")]:
        model.setData(cell(window, indicator, "th"), text)
    assert window.doc.counts()[0] == 0
    model.setData(cell(window, "bts_5g", "th"), "3")
    assert window.doc.cell_state(("bts", "th")) == "error"
    tooltip = model.data(cell(window, "bts", "th"), Qt.ItemDataRole.ToolTipRole)
    assert "3.775" in tooltip and "3.776" in tooltip
    shown = model.data(cell(window, "bts", "th"))
    assert shown.startswith("✖")  # marked by more than colour
    panel = window.violations.list
    assert panel.count() >= 1 and "3.776" in panel.item(0).text()
    # clicking the problem selects its cells in the grid
    panel.itemClicked.emit(panel.item(0))
    selected = {(i.row(), i.column()) for i in window.grid.selectionModel().selectedIndexes()}
    assert (cell(window, "bts", "th").row(), cell(window, "bts", "th").column()) in selected


def test_a_block_copied_from_excel_pastes_as_one_undo_step(qtbot, window, ctx) -> None:
    block = "3.775\t4.100\n884\t900\n1.242\t1.300\n1.647\t1.700\n02\t100\n"
    window.grid.setCurrentIndex(cell(window, "bts", "th"))
    window.grid.paste(block)
    assert stored(ctx, "bts").raw == "3.775"
    assert stored(ctx, "bts_5g", "kh").raw == "100"
    assert stored(ctx, "bts_3g", "kh").number == Decimal(1300)
    assert window.doc.counts()[0] == 1  # kh column: 4.100 ≠ 900 + 1.300 + 1.700 + 100
    window.model.undo_stack.undo()
    assert stored(ctx, "bts") is None and stored(ctx, "bts_5g", "kh") is None
    window.model.undo_stack.redo()
    assert stored(ctx, "bts_5g", "kh").raw == "100"


def test_ctrl_z_and_ctrl_y_from_the_keyboard(qtbot, window, ctx) -> None:
    type_into(qtbot, window, "dn", "th", "12")
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(ctx, "dn") is None
    qtbot.keyClick(window.grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(ctx, "dn").raw == "12"
    window.grid.setCurrentIndex(cell(window, "dn", "th"))
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert stored(ctx, "dn") is None


def test_copy_gives_tab_separated_text_excel_understands(qtbot, window) -> None:
    window.model.setData(cell(window, "bts_2g", "th"), "884")
    window.model.setData(cell(window, "bts_2g", "kh"), "900")
    grid = window.grid
    grid.setCurrentIndex(cell(window, "bts_2g", "th"))
    grid.selectionModel().select(
        QItemSelection(cell(window, "bts_2g", "th"), cell(window, "bts_2g", "kh")),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    assert grid.copy_selection() == "884\t900\n"


def test_a_paste_larger_than_the_form_is_cut_with_a_message(qtbot, window, ctx) -> None:
    messages: list[str] = []
    window.grid.message.connect(messages.append)
    window.grid.setCurrentIndex(cell(window, "dn", "th"))
    window.grid.paste("\n".join(["1\t2\t3\t4\t5\t6\t7\t8"] * 30))
    assert stored(ctx, "dn").raw == "1"
    assert messages and "cắt" in messages[-1]


def test_text_in_a_number_cell_is_kept_as_typed_and_flagged(qtbot, window, ctx) -> None:
    window.model.setData(cell(window, "dn", "th"), "ba nghìn")
    value = stored(ctx, "dn")
    assert value.raw == "ba nghìn" and value.number is None
    tooltip = window.model.data(cell(window, "dn", "th"), Qt.ItemDataRole.ToolTipRole)
    assert "ba nghìn" in tooltip


def test_a_sum_stopped_by_text_is_listed_as_not_checked_never_passed(qtbot, window) -> None:
    for indicator, text in [("bts", "3.775"), ("bts_2g", "884"), ("bts_3g", "1.242"), ("bts_4g", "1.647"),
                            ("bts_5g", "Sở đang thống kê")]:
        window.model.setData(cell(window, indicator, "th"), text)
    assert [v.rule for v in window.doc.not_checked if v.rule == "sum:bts"] == ["sum:bts"]
    texts = [window.violations.list.item(i).text() for i in range(window.violations.list.count())]
    assert any("Chưa kiểm tra được" in t and "sum:bts" in t and "đang thống kê" in t for t in texts)
    assert "chưa thực hiện được" in window.violations.summary.text()


def test_a_warning_can_be_justified_and_the_form_then_marked_checked(qtbot, window, ctx) -> None:
    window.model.setData(cell(window, "dn", "th"), "120")
    assert window.doc.counts() == (0, 1)
    ok, message, changes = window.doc.mark_checked()
    assert not ok and "chưa giải trình" in message and not changes
    window.grid.setCurrentIndex(cell(window, "dn", "th"))
    window.cell_panel.justification.setPlainText("Năm 2024 cấp phép thêm 70 doanh nghiệp")
    window.cell_panel.save()
    assert window.doc.unjustified_warnings() == 0
    ok, _, changes = window.doc.mark_checked()
    assert ok and changes.touches("TEST-01", UNIT, PERIOD)
    from storage.status import get_status

    assert get_status(ctx.db, "TEST-01", UNIT, PERIOD).status == "da_kiem_tra"


def test_the_cell_history_shows_who_changed_what(qtbot, window) -> None:
    window.model.setData(cell(window, "cap", "th"), "295,5")
    window.model.setData(cell(window, "cap", "th"), "296")
    window.grid.setCurrentIndex(cell(window, "cap", "th"))
    texts = [window.cell_panel.history.item(i).text() for i in range(window.cell_panel.history.count())]
    assert any("295,5 → 296" in t for t in texts)


def test_an_approved_period_opens_read_only_with_a_banner(qtbot, ctx) -> None:
    from storage.status import set_status

    set_status(ctx.db, "TEST-01", UNIT, PERIOD, "da_duyet", user="truong-phong")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.open_place(UNIT, "TEST-01", PERIOD)
    win.show()
    assert win.banner.isVisible() and "đã được duyệt" in win.banner.text()
    assert not win.model.flags(cell(win, "bts", "th")) & Qt.ItemFlag.ItemIsEditable
    assert not win.model.setData(cell(win, "bts", "th"), "1")


def test_the_last_place_worked_on_reopens(qtbot, window, ctx) -> None:
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert (again.doc.form.id, again.doc.unit, again.doc.period.code) == ("TEST-01", UNIT, PERIOD)


def test_a_place_given_in_part_takes_the_rest_from_the_last_place(qtbot, window, ctx) -> None:
    again = MainWindow(ctx, (None, None, PERIOD))
    qtbot.addWidget(again)
    assert (again.doc.form.id, again.doc.unit) == ("TEST-01", UNIT)


def test_a_period_of_another_kind_opens_the_forms_period_of_that_time(qtbot, ctx) -> None:
    # TTR-01 takes halves and years: asked for Quý II/2024 it opens 6 tháng đầu năm 2024, never a quarter of it
    win = MainWindow(ctx, ("24-STTTT", "TTR-01", "2024Q2"))
    qtbot.addWidget(win)
    assert win.doc.period.code == "2024S1" and win.period_box.currentData() == "2024S1"
    win.open_place("24-STTTT", "TTR-01", "2024Q4")
    assert win.doc.period.code == "2024S2"
    # a period of any type the form accepts opens as it is, and the picker offers it
    win.open_place("24-STTTT", "TTR-01", "2024")
    assert win.doc.period.code == "2024" and win.period_box.findData("2024") >= 0


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from desktop.application import ensure_application
    from operations.context import open_context
    from desktop.main_window import MainWindow
    app = ensure_application()
    ctx = open_context(sys.argv[1])
    win = MainWindow(ctx)
    win.open_place("24-STTTT", "VT-01", "2024Q2")
    key = (win.doc.form.indicators[0].id, win.doc.form.columns[0].id)
    win.model.setData(win.model.index_of(key), "4.321")
    print(key[0], key[1], flush=True)
    time.sleep(60)
    """
)


def test_a_killed_app_keeps_the_value_typed_before_the_kill(tmp_path: Path) -> None:
    db = tmp_path / "kill.sqlite3"
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(db)], stdout=subprocess.PIPE,
                            text=True, env=env)
    line = proc.stdout.readline().split()
    assert len(line) == 2, "the writer did not report its edit"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.1)
    from storage.database import open_database
    from storage.values import read_values

    reopened = open_database(db)
    try:
        assert read_values(reopened, "VT-01", "24-STTTT", "2024Q2")[tuple(line)].raw == "4.321"
    finally:
        reopened.close()


def test_screenshot_command_renders_the_window_to_a_png(tmp_path: Path) -> None:
    png = tmp_path / "window.png"
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "gui", "--db", str(tmp_path / "s.sqlite3"), "--form", "VT-01",
         "--unit", "24-STTTT", "--period", "Quý II/2024", "--screenshot", str(png)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_gui_refuses_an_unknown_unit_in_vietnamese(tmp_path: Path) -> None:
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "gui", "--db", str(tmp_path / "s.sqlite3"), "--unit", "KHONGCO",
         "--screenshot", str(tmp_path / "x.png")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 2
    assert "Không có đơn vị mã «KHONGCO»" in result.stderr and "Traceback" not in result.stderr


def test_the_first_start_opens_a_filled_demo_form_of_the_department(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "fresh-home"))
    context = open_context(str(tmp_path / "fresh.sqlite3"))
    try:
        win = MainWindow(context)
        qtbot.addWidget(win)
        assert context.units[win.doc.unit].level == "so"
        assert len(win.doc.values) >= 10
        assert win.doc.counts()[0] >= 1  # the demo keeps real mistakes of the brief to show the checks
    finally:
        context.db.close()


def test_target_status_follows_the_engine_for_numbers_and_levels(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "t.sqlite3"))
    try:
        form = build_form({
            "id": "KQ-T", "version": 1, "title": "Kết quả chỉ tiêu", "period": "year", "levels": ["so"],
            "columns": [{"id": "kq", "title": "Kết quả"}],
            "indicators": [
                {"id": "ban_kinh", "title": "Bán kính phục vụ", "unit": "km", "type": "decimal",
                 "target": "<= 3"},
                {"id": "muc_do", "title": "Mức độ trưởng thành", "type": "choice", "aggregate": "none",
                 "choices": ["Bậc 1", "Bậc 2", "Bậc 3"], "target": ">= bậc 2"},
            ],
        }, "kq-t.yaml")
        context.catalogue[form.id] = form
        win = MainWindow(context, (UNIT, form.id, "2024"))
        qtbot.addWidget(win)
        status = lambda ind: win.model.data(win.model.index(win.model._row_of[ind], win.model.target_column + 1))  # noqa: E731
        assert status("ban_kinh") == "Chưa có số liệu"
        win.model.setData(cell(win, "ban_kinh", "kq"), "3,34")
        assert status("ban_kinh") == "Không đạt"
        win.model.setData(cell(win, "ban_kinh", "kq"), "2,8")
        assert status("ban_kinh") == "Đạt"
        win.model.setData(cell(win, "muc_do", "kq"), "Bậc 3")
        assert status("muc_do") == "Đạt"
    finally:
        context.db.close()


def test_the_check_list_follows_a_write_by_its_delta_keeping_the_other_rows(qtbot, window) -> None:
    model, panel = window.model, window.violations.list
    model.setData(cell(window, "dn", "th"), "120")  # a warning
    before = [panel.item(i) for i in range(panel.count())]
    resets: list[bool] = []
    panel.model().modelReset.connect(lambda: resets.append(True))
    inserted: list[int] = []
    panel.model().rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    for indicator, text in [("bts", "10"), ("bts_2g", "4"), ("bts_3g", "4"), ("bts_4g", "4")]:
        model.setData(cell(window, indicator, "th"), text)  # the parts now exceed the total: one error
    assert not resets
    assert panel.count() == len(before) + sum(inserted) and sum(inserted) >= 1
    after = [panel.item(i) for i in range(panel.count())]
    assert all(item in after for item in before)  # the warning's row is the same item, not a new one
    assert panel.item(0).text().startswith("✖") and window.doc.counts()[0] == 1
    model.setData(cell(window, "bts_4g", "th"), "")  # the error goes, its row only
    assert panel.count() == len(before) and all(item in [panel.item(i) for i in range(panel.count())]
                                                   for item in before)
    assert window.counts_label.text() == "0 lỗi · 1 cảnh báo"


def test_a_change_published_elsewhere_reloads_the_open_form_and_its_own_writes_do_not(qtbot, window, ctx) -> None:
    from desktop.change_bus import change_bus
    from operations.document import FormDocument

    published = []
    change_bus().changed.connect(published.append)
    doc = window.doc
    window.model.setData(cell(window, "dn", "th"), "12")
    assert window.doc is doc and published and published[-1].origin is doc
    other = FormDocument(ctx, ctx.catalogue["TEST-01"], UNIT, PERIOD)  # an import, a merge, another window
    change_bus().publish(other.write([(("dn", "th"), "120")]).changes)
    assert window.doc is not doc
    assert window.model.data(cell(window, "dn", "th")).endswith("120") and window.doc.counts() == (0, 1)
    # an import started from this window's own menu: the window did not show it yet, so it reloads
    from operations.changes import OpChanges

    reloaded = window.doc
    other.write([(("dn", "th"), "121")])
    change_bus().publish(OpChanges.of_values([("TEST-01", UNIT, PERIOD)], origin=window))
    assert window.doc is not reloaded and window.model.data(cell(window, "dn", "th")).endswith("121")
    elsewhere = FormDocument(ctx, ctx.catalogue["TEST-01"], UNIT, "2024Q1")
    current = window.doc
    change_bus().publish(elsewhere.write([(("dn", "th"), "7")]).changes)
    assert window.doc is current  # another period: nothing to reload
