"""A clerk's day on a 1366×768 office PC: the window fits every form, notes are never lost, a returned
form says why, Tab skips what cannot be typed in, the check list reads down the form."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop.main_window import MainWindow
from forms.definitions import build_form
from forms.periods import parse_period
from operations.context import open_context

SCREEN = QRect(0, 0, 1366, 768)
UNIT, PERIOD = "24-STTTT", "2024Q2"

# a form no bundled one resembles: a very long title, long column titles, many columns, long rows
WIDE = {
    "id": "RONG-01",
    "version": 1,
    "title": "Báo cáo tổng hợp kết quả thực hiện các nhiệm vụ, chỉ tiêu chuyển đổi số, phát triển chính quyền số, "
             "kinh tế số và xã hội số trên địa bàn toàn tỉnh giai đoạn hiện nay",
    "period": "quarter",
    "levels": ["so", "huyen", "xa"],
    "columns": [{"id": f"c{i}", "title": f"Số liệu thực hiện lũy kế đến hết kỳ báo cáo phần {i}"} for i in range(9)],
    "indicators": [
        {"id": "a", "title": "Tổng số hệ thống thông tin được phân loại và phê duyệt cấp độ an toàn thông tin "
                             "theo quy định của pháp luật hiện hành", "unit": "hệ thống thông tin"},
        {"id": "b", "title": "Số cơ quan nhà nước có kết nối với nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh",
         "unit": "cơ quan"},
    ],
}

ORDERED = {
    "id": "THU-TU",
    "version": 1,
    "title": "Biểu thử thứ tự kiểm tra",
    "period": "quarter",
    "levels": ["so"],
    "columns": [{"id": "th", "title": "Thực hiện"}],
    "indicators": [
        {"id": "x1", "title": "Dòng một", "unit": "cái"},
        {"id": "x2", "title": "Dòng hai", "unit": "cái"},
        {"id": "x3", "title": "Dòng ba", "unit": "cái"},
        {"id": "cap", "title": "Cáp ngầm hóa", "unit": "km", "type": "decimal"},
    ],
    # rule ids sort in the reverse of the rows they are about
    "rules": [
        {"id": "a_cuoi", "expr": "x3 <= 1", "severity": "error", "message": "Dòng ba quá lớn"},
        {"id": "b_giua", "expr": "x2 <= 1", "severity": "warning", "message": "Dòng hai quá lớn"},
        {"id": "c_dau", "expr": "x1 <= 1", "severity": "error", "message": "Dòng một quá lớn"},
    ],
}


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    for definition in (WIDE, ORDERED):
        form = build_form(definition, f"{definition['id'].lower()}.yaml")
        context.catalogue[form.id] = form
    yield context
    context.db.close()


def office_window(qtbot, ctx) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(SCREEN.size())
    win.show()
    return win


def first_unit_of(ctx, level: str) -> str:
    from desktop.screenshots import _units_in_tree_order

    return next(u.code for u in _units_in_tree_order(ctx) if u.level == level)


def assert_fits_the_office_screen(win: MainWindow, what: str) -> None:
    QApplication.processEvents()
    assert win.minimumSizeHint().width() <= SCREEN.width(), what
    assert win.minimumSizeHint().height() <= SCREEN.height(), what
    # the size a window manager gives a maximised window (the test screen adds a frame of its own);
    # a minimum larger than the screen would make the window larger than this
    frame_w = win.frameGeometry().width() - win.width()
    frame_h = win.frameGeometry().height() - win.height()
    win.resize(SCREEN.width() - frame_w, SCREEN.height() - frame_h)
    QApplication.processEvents()
    assert win.frameGeometry().width() <= SCREEN.width(), what
    assert win.frameGeometry().height() <= SCREEN.height(), what
    dock = win.violations_dock
    assert dock.isVisible(), what
    assert win.rect().contains(dock.geometry()) and dock.width() >= 150, what
    grid = win.grid
    note = win.model.note_column
    assert grid.horizontalScrollBar().maximum() == 0, what
    assert grid.columnViewportPosition(note) + grid.columnWidth(note) <= grid.viewport().width(), what
    assert grid.columnWidth(note) >= 100, what


def test_every_form_at_every_level_fits_1366x768_with_checks_and_notes_visible(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    forms = sorted(ctx.catalogue.values(), key=lambda f: f.id)
    # the widest form first: nothing it sets (a minimum width) may stay for the forms after it
    forms.sort(key=lambda f: f.id != "RONG-01")
    seen = 0
    for form in forms:
        for level in form.levels:
            win.open_place(first_unit_of(ctx, level), form.id, None)
            assert win.doc.form.id == form.id
            assert_fits_the_office_screen(win, f"{form.id} ở cấp {level}")
            seen += 1
    assert seen >= 18


def test_a_long_form_title_is_elided_in_the_picker_with_the_full_title_as_tooltip(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "RONG-01", PERIOD)
    assert win.form_box.sizeHint().width() < 500
    assert win.form_box.toolTip().endswith("giai đoạn hiện nay")
    index = win.form_box.findData("RONG-01")
    assert win.form_box.itemData(index, Qt.ItemDataRole.ToolTipRole).startswith("RONG-01 — Báo cáo tổng hợp")
    assert win.heading.wordWrap()


def test_the_docks_can_be_hidden_and_the_layout_comes_back_next_time(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    toggles = {a.text(): a for a in win.menuBar().actions() if a.text() == "&Xem"}
    view_menu = toggles["&Xem"].menu()
    units_toggle = next(a for a in view_menu.actions() if a.text() == "Đơn vị")
    units_toggle.trigger()
    assert not win.units_dock.isVisible()
    win.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    assert not again.units_dock.isVisible() and again.violations_dock.isVisible()
    again.default_layout()
    assert again.units_dock.isVisible()


def read_comment(ctx, form_id: str, indicator: str, column: str, kind: str = "note") -> str | None:
    from storage.comments import read_comments

    return read_comments(ctx.db, form_id, UNIT, PERIOD).get((indicator, column), {}).get(kind)


def click(qtbot, win: MainWindow, index) -> None:
    qtbot.mouseClick(win.grid.viewport(), Qt.MouseButton.LeftButton, pos=win.grid.visualRect(index).center())


def test_a_note_typed_then_another_cell_clicked_is_stored_with_undo_and_a_status_message(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    click(qtbot, win, win.model.index_of(("x1", "th")))
    assert win.cell_panel.key == ("x1", "th")
    win.cell_panel.note.setFocus()
    qtbot.keyClicks(win.cell_panel.note, "Uoc tinh")
    win.cell_panel.justification.setPlainText("Đơn vị mới thành lập")
    click(qtbot, win, win.model.index_of(("x2", "th")))
    assert read_comment(ctx, "THU-TU", "x1", "th") == "Uoc tinh"
    assert read_comment(ctx, "THU-TU", "x1", "th", "justification") == "Đơn vị mới thành lập"
    assert "✓ Đã lưu ghi chú lúc" in win.statusBar().currentMessage()
    # undone from the grid's undo stack, like a value, one step per text
    win.model.undo_stack.undo()
    win.model.undo_stack.undo()
    assert read_comment(ctx, "THU-TU", "x1", "th") is None
    win.model.undo_stack.redo()
    assert read_comment(ctx, "THU-TU", "x1", "th") == "Uoc tinh"


def test_a_note_being_typed_is_kept_when_the_form_changes_or_the_window_closes(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    win.select_cells([("x3", "th")])
    win.cell_panel.note.setPlainText("Chờ số liệu quý sau")
    win.open_place(UNIT, "RONG-01", PERIOD)
    assert read_comment(ctx, "THU-TU", "x3", "th") == "Chờ số liệu quý sau"
    win.select_cells([("a", "c0")])
    win.cell_panel.justification.setPlainText("Theo báo cáo của phòng")
    win.close()
    assert read_comment(ctx, "RONG-01", "a", "c0", "justification") == "Theo báo cáo của phòng"


def test_the_cell_selected_when_a_form_opens_is_shown_in_the_cell_panel(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    assert win.grid.currentIndex().isValid()
    assert win.cell_panel.isEnabled()
    assert win.cell_panel.key == win.model.cell_key(win.grid.currentIndex())


def test_a_returned_form_shows_who_returned_it_when_and_why_until_checked_again(qtbot, ctx) -> None:
    from storage.review import return_submission
    from storage.status import set_status

    set_status(ctx.db, "THU-TU", UNIT, PERIOD, "da_nop", user="van-thu")
    reviewer = ctx.units[UNIT].parent
    return_submission(ctx.db, "THU-TU", UNIT, PERIOD, "Dòng ba chưa khớp với sổ theo dõi", reviewer=reviewer,
                      user="pho-giam-doc")
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    assert win.banner.isVisible()
    text = win.banner.text()
    assert "trả lại" in text and "pho-giam-doc" in text and "Dòng ba chưa khớp với sổ theo dõi" in text
    assert "🔒" not in text and not any(ord(ch) > 0xFFFF for ch in text)
    # still there after a correction is typed, and gone once the form is checked again
    win.model.edit([(("x1", "th"), "1")], "typed", "Nhập số liệu")
    win.open_place(UNIT, "THU-TU", PERIOD)
    assert win.banner.isVisible() and "Dòng ba chưa khớp" in win.banner.text()
    win.doc.mark_checked()
    win.open_place(UNIT, "THU-TU", PERIOD)
    assert not win.banner.isVisible()


def test_the_approved_banner_uses_a_standard_icon_not_an_emoji(qtbot, ctx) -> None:
    from storage.status import set_status

    set_status(ctx.db, "THU-TU", UNIT, PERIOD, "da_duyet", user="truong-phong")
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    assert win.banner.isVisible() and "đã được duyệt" in win.banner.text()
    assert not any(ord(ch) > 0xFFFF for ch in win.banner.text())
    assert not win.banner.icon.pixmap().isNull()


def test_tab_skips_grey_fixed_and_section_cells(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "RONG-01", PERIOD)
    model = win.model
    win.grid.setCurrentIndex(model.index_of(("a", "")))  # Ghi chú of the first row
    win.grid.setFocus()
    qtbot.keyClick(win.grid, Qt.Key.Key_Tab)
    assert model.cell_key(win.grid.currentIndex()) == ("b", "c0")  # not STT, Chỉ tiêu or Đơn vị tính
    qtbot.keyClick(win.grid, Qt.Key.Key_Backtab)
    assert model.cell_key(win.grid.currentIndex()) == ("a", "")
    for _ in range(20):
        qtbot.keyClick(win.grid, Qt.Key.Key_Tab)
        assert model.flags(win.grid.currentIndex()) & Qt.ItemFlag.ItemIsEditable


def test_the_check_list_reads_down_the_form_and_names_the_row_of_a_parse_error(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    win.model.edit([(("x3", "th"), "5"), (("x1", "th"), "5"), (("x2", "th"), "5"), (("cap", "th"), "không có")],
                   "typed", "Nhập số liệu")
    items = [win.violations.list.item(i) for i in range(win.violations.list.count())]
    rows = [item.data(Qt.ItemDataRole.UserRole)[0][0] for item in items]
    assert rows == ["x1", "x2", "x3", "cap"]
    parse_error = items[-1].text()
    assert "Cáp ngầm hóa" in parse_error and "Thực hiện" in parse_error
    assert "để trống" in parse_error and "Ghi chú" in parse_error


def test_units_are_greyed_only_for_periods_they_did_not_exist_in(qtbot, ctx) -> None:
    win = office_window(qtbot, ctx)
    ended = next(u for u in ctx.units.all() if u.valid_to is not None) if hasattr(ctx.units, "all") else None
    if ended is None:
        from desktop.screenshots import _units_in_tree_order

        ended = next(u for u in _units_in_tree_order(ctx) if u.valid_to is not None)
    item = win._unit_items[ended.code]
    grey = Qt.GlobalColor.darkGray
    before = parse_period(f"{ended.valid_to.year - 1}Q2")
    win.open_place(UNIT, "THU-TU", before.code)
    assert item.foreground(0).color() != grey
    after = parse_period(f"{ended.valid_to.year + 1}Q1")
    win.open_place(UNIT, "THU-TU", after.code)
    assert item.foreground(0).color() == grey
    # the end date is shown whole, and the column is as wide as its longest label
    assert f"{ended.valid_to:%d/%m/%Y}" in item.text(0)
    assert win.units_tree.columnWidth(0) >= win.units_tree.sizeHintForColumn(0)


def test_the_dashboard_opens_on_the_latest_period_with_data_never_a_future_one(qtbot, ctx) -> None:
    from desktop.dashboard import DashboardWindow
    from storage.status import list_statuses

    window = DashboardWindow(ctx, load=False)
    qtbot.addWidget(window)
    code = window.period_box.currentData()
    assert parse_period(code).start <= date.today()
    forms = [f.id for f in window.current_forms()]
    assert list_statuses(ctx.db, code, forms)
    newer = [window.period_box.itemData(i) for i in range(window.period_box.currentIndex())]
    assert all(parse_period(c).start > date.today() or not list_statuses(ctx.db, c, forms) for c in newer)


def test_qt_buttons_speak_vietnamese(qapp) -> None:
    from desktop.i18n import install_language

    install_language(qapp, "vi")
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Đồng ý?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Close)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Có"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Không"
    assert box.button(QMessageBox.StandardButton.Close).text().replace("&", "") == "Đóng"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Hủy"


def test_english_mode_translates_the_paste_message_and_cell_tooltips(qtbot, ctx, qapp) -> None:
    from desktop.i18n import install_language

    win = office_window(qtbot, ctx)
    win.open_place(UNIT, "THU-TU", PERIOD)
    install_language(qapp, "en")
    try:
        messages: list[str] = []
        win.grid.message.connect(messages.append)
        win.grid.setCurrentIndex(win.model.index_of(("x1", "th")))
        win.grid.paste("5\n5\n5\n5\n5\n5")
        assert messages and messages[-1].startswith("Pasted") and "đã" not in messages[-1]
        tip = win.model.data(win.model.index_of(("x1", "th")), Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("Error: ") and "Lỗi" not in tip
    finally:
        install_language(qapp, "vi")


def png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_screenshot_all_pictures_every_form_and_level_at_1366x768(tmp_path: Path) -> None:
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    folder = tmp_path / "anh"
    result = subprocess.run(
        [sys.executable, "-m", "cli", "gui", "--db", str(tmp_path / "s.sqlite3"), "--screenshot-all", str(folder)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in folder.glob("*.png")}
    assert {"VT-01-so.png", "TTCS-01-xa.png", "KQCT-01-huyen.png", "dashboard.png"} <= names
    assert len(names) >= 19
    assert {png_size(folder / n) for n in names} == {(1366, 768)}


def test_one_screenshot_is_1366x768_by_default_and_takes_another_size(tmp_path: Path) -> None:
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    base = [sys.executable, "-m", "cli", "gui", "--db", str(tmp_path / "s.sqlite3"), "--form", "TTR-01",
            "--unit", UNIT]
    png = tmp_path / "a.png"
    result = subprocess.run([*base, "--screenshot", str(png)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert png_size(png) == (1366, 768)
    result = subprocess.run([*base, "--screenshot", str(png), "--screen-size", "1280x720"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert png_size(png) == (1280, 720)
    result = subprocess.run([*base, "--screenshot", str(png), "--screen-size", "rộng"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr


OFFICE_SCREEN_SCRIPT = """
import json, os, sys, tempfile
config = os.path.join(tempfile.mkdtemp(), "screen.json")
with open(config, "w") as out:
    json.dump({"screens": [{"name": "office", "x": 0, "y": 0, "width": 1366, "height": 768,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}, out)
os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + config
from desktop.application import ensure_application
from operations.context import open_context
from desktop.main_window import MainWindow
from desktop.screenshots import shots
app = ensure_application()
assert app.primaryScreen().geometry().width() == 1366
ctx = open_context(sys.argv[1])
screen = app.primaryScreen().availableGeometry()
bad = []
for round_ in range(2):  # the second start restores the layout the first one saved
    win = MainWindow(ctx)
    win.show()
    for name, place in shots(ctx):
        win.open_place(*place)
        app.processEvents()
        dock = win.violations_dock.geometry().translated(win.geometry().topLeft())
        if not (screen.contains(win.frameGeometry()) and screen.contains(dock) and win.violations_dock.isVisible()):
            bad.append((round_, name, win.frameGeometry().getRect(), dock.getRect()))
    win.close()
ctx.db.close()
print(bad)
sys.exit(1 if bad else 0)
"""


def test_on_a_1366x768_screen_the_window_fits_itself_for_every_form_and_level(tmp_path: Path) -> None:
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", OFFICE_SCREEN_SCRIPT, str(tmp_path / "s.sqlite3")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_merge_summary_shows_a_refusal_reason_whole(qtbot, ctx) -> None:
    from desktop.consolidation_actions import RESULT_HEADERS, MergeSummary
    from workbooks.submission_import import ImportResult

    reason = ("Tệp nộp lên của đơn vị khác phạm vi được giao: đơn vị «Xã mẫu 01 (TP Bắc Giang)» không thuộc "
              "Huyện Yên Thế; kiểm tra lại mã đơn vị trong trang «Thông tin» của tệp rồi gửi lại bản đúng.")
    win = office_window(qtbot, ctx)
    results = [ImportResult(Path("xa-mau-01-tu-choi.xlsx"), refused=reason),
               ImportResult(Path("vt-01.xlsx"), "24-STTTT", "2024Q2", "VT-01", new=12)]
    dialog = MergeSummary(win, results, [])
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    table = dialog.table
    last = len(RESULT_HEADERS) - 1
    item = table.item(0, last)
    assert item.text() == reason and item.toolTip() == reason
    assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideNone
    # the reason wraps onto as many lines as it needs inside the visible width
    assert table.columnViewportPosition(last) + table.columnWidth(last) <= table.viewport().width()
    assert table.rowHeight(0) > table.rowHeight(1)
    assert dialog.frameGeometry().width() <= SCREEN.width()
