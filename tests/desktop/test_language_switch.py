"""Ngôn ngữ / Language switches the open windows at once (Qt's LanguageChange reaching each window's
retranslate()), keeps what is being typed, and is remembered for the next start.

The whole-window checks (every visible text of the main and workspace windows in English, and back) are
marked xfail while the windows are being switched to ``Retranslating`` in other helpers' branches; the lead
removes the mark (``UNTIL_WINDOWS_RETRANSLATE``) once they are merged and ``./dev.sh translations`` has run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTreeWidget,
    QWidget,
)

from desktop import i18n_build
from desktop.i18n import LANGUAGE_MENU_TITLE, LANGUAGE_NAMES, Retranslating, arg, install_language, tr
from desktop.main_window import MainWindow
from operations.context import Settings, open_context
from storage.values import read_values

UNIT, FORM, PERIOD = "24-STTTT", "VT-01", "2024Q2"
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    install_language(qapp, "vi")
    context = open_context(str(tmp_path / "db.sqlite3"))
    yield context
    install_language(qapp, "vi")
    context.db.close()


class Probe(Retranslating, QDialog):
    """A window written the way every window is: marked texts, all set in retranslate()."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.cancel = QPushButton(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Đang xử lý"))
        self.cancel.setText(tr("Hủy"))
        self.label.setText(arg(tr("Không ghi được ảnh «%1»."), "a.png"))


def probe_texts(probe: Probe) -> tuple[str, str, str, str]:
    close = probe.buttons.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "")
    return probe.windowTitle(), probe.cancel.text(), probe.label.text(), close


def switch(qapp, lang: str) -> None:
    install_language(qapp, lang)
    QApplication.processEvents()  # Qt posts LanguageChange to every top-level window


def test_a_window_built_in_english_is_english_and_follows_a_switch_both_ways(qtbot, ctx, qapp) -> None:
    switch(qapp, "en")
    probe = Probe()
    qtbot.addWidget(probe)
    probe.show()
    assert probe_texts(probe) == ("Working", "Cancel", "Could not write the image «a.png».", "Close")

    switch(qapp, "vi")
    assert probe_texts(probe) == ("Đang xử lý", "Hủy", "Không ghi được ảnh «a.png».", "Đóng")
    switch(qapp, "en")
    assert probe_texts(probe) == ("Working", "Cancel", "Could not write the image «a.png».", "Close")


def test_a_hidden_window_follows_too(qtbot, ctx, qapp) -> None:
    probe = Probe()
    qtbot.addWidget(probe)
    switch(qapp, "en")
    assert probe.windowTitle() == "Working"


def open_window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_place(UNIT, FORM, PERIOD)
    return window


def menu_action(window: QMainWindow, text: str):
    """An action of the menu bar's menus (one level of submenus), found by its text as shown."""
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if action.text() == text:
                return action
            if action.menu() is not None:
                for inner in action.menu().actions():
                    if inner.text() == text:
                        return inner
    raise LookupError(text)


def choose_language(window: MainWindow, name: str) -> None:
    """Settings → Ngôn ngữ / Language → ``name``, as a user picks it."""
    language_menu = next(a.menu() for top in window.menuBar().actions() for a in top.menu().actions()
                         if a.menu() is not None and a.menu().title() == LANGUAGE_MENU_TITLE)
    action = next(a for a in language_menu.actions() if a.text() == name)
    assert action.isCheckable()
    action.trigger()
    QApplication.processEvents()


def test_english_from_the_menu_is_installed_and_remembered(qtbot, ctx, qapp) -> None:
    window = open_window(qtbot, ctx)
    probe = Probe()
    qtbot.addWidget(probe)
    vietnamese = next(a for a in window.language_actions if a.data() == "vi")
    assert vietnamese.isChecked()

    choose_language(window, "English")
    assert ctx.lang == "en" and tr("Đóng") == "Close"
    assert probe.windowTitle() == "Working"  # every open window, not only the one whose menu was used
    assert [a.data() for a in window.language_actions if a.isChecked()] == ["en"]
    assert window.statusBar().currentMessage() == "The interface is now in English."
    assert Settings(ctx.settings.path).get("lang") == "en"

    choose_language(window, "Tiếng Việt")
    assert ctx.lang == "vi" and Settings(ctx.settings.path).get("lang") == "vi"
    assert probe.windowTitle() == "Đang xử lý"
    assert window.statusBar().currentMessage() == "Giao diện đã chuyển sang tiếng Việt."


def test_a_value_being_typed_is_stored_not_lost(qtbot, ctx) -> None:
    window = open_window(qtbot, ctx)
    index = window.grid.currentIndex()  # the first cell a clerk can type into
    key = window.model.cell_key(index)
    window.grid.edit(index)
    editor = window.grid.indexWidget(index)
    assert editor is not None and window.grid.state() == QAbstractItemView.State.EditingState
    editor.setText("4.321")

    choose_language(window, "English")
    assert window.grid.state() != QAbstractItemView.State.EditingState
    assert window.doc.raw(key) == "4.321"
    assert read_values(ctx.db, FORM, UNIT, PERIOD)[key].raw == "4.321"
    assert window.model.data(index).endswith("4.321")


def test_a_new_start_uses_the_language_chosen(qtbot, ctx, qapp, tmp_path: Path) -> None:
    from desktop.application import apply_language

    window = open_window(qtbot, ctx)
    choose_language(window, "English")
    window.close()
    install_language(qapp, "vi")  # as if the app had been closed

    again = open_context(str(tmp_path / "db.sqlite3"))
    try:
        apply_language(qapp, again)  # what `bieumau gui` does without --lang
        assert again.lang == "en" and tr("Đóng") == "Close"
        second = MainWindow(again)
        qtbot.addWidget(second)
        assert [a.data() for a in second.language_actions if a.isChecked()] == ["en"]
    finally:
        again.db.close()


# --- whole windows: every text a user reads ---------------------------------------------------------

def data_texts(ctx) -> list[str]:
    """Names that are data, not interface: they stay as the province wrote them. The language menu too:
    it names each language in itself so nobody is stuck in one they cannot read."""
    texts = [u.name for u in ctx.units] + [ctx.user, LANGUAGE_MENU_TITLE, *LANGUAGE_NAMES.values()]
    for form in ctx.catalogue.values():
        texts += [form.title, form.title.upper(), form.description]
        texts += [c.title for c in form.columns]
        for ind in form.indicators:
            texts += [ind.title, ind.unit, ind.section or "", ind.note, *ind.choices]
    return sorted({t for t in texts if t}, key=len, reverse=True)


def interface_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a user reads on the window without typing."""
    found = [("title", window.windowTitle())]
    for w in [window, *window.findChildren(QWidget)]:
        if not w.isVisibleTo(window) and w is not window:
            continue
        name = type(w).__name__
        if w.toolTip():
            found.append((f"{name}.toolTip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            found.append((name, w.text()))
        if isinstance(w, QGroupBox):
            found.append((name, w.title()))
        if isinstance(w, QDockWidget):
            found.append((name, w.windowTitle()))
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            found.append((f"{name}.placeholder", w.placeholderText()))
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            found += [(f"{name}.header", header.text(i)) for i in range(header.columnCount())]
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            found += [(f"{name}.header", str(model.headerData(i, Qt.Orientation.Horizontal) or ""))
                      for i in range(model.columnCount(QModelIndex()))]
    for menu in window.findChildren(QMenu):
        found.append(("menu", menu.title()))
        found += [("action", a.text()) for a in menu.actions()]
    if isinstance(window, QMainWindow):
        found += [("menubar", a.text()) for a in window.menuBar().actions()]
    return [(where, text) for where, text in found if text]


def still_vietnamese(window: QWidget, ctx) -> list[str]:
    QApplication.processEvents()
    data = data_texts(ctx)
    problems = []
    for where, text in interface_texts(window):
        rest = text.replace("\n", " ")  # column titles wrap onto lines in the grid's header
        for d in data:
            rest = rest.replace(d, "")
        if VIETNAMESE.search(rest):
            problems.append(f"{type(window).__name__} {where}: {text!r}")
    return problems


def still_english(window: QWidget) -> list[str]:
    """Interface texts that are an English translation (not also a Vietnamese source) of the .ts."""
    triples = i18n_build.messages(i18n_build.ENGLISH_TS)
    sources = {source for _, source, _ in triples}
    english = {t for _, source, t in triples if t and t != source and t not in sources}
    return [f"{where}: {text!r}" for where, text in interface_texts(window) if text in english]


def test_the_main_window_speaks_english_and_comes_back(qtbot, ctx, qapp) -> None:
    switch(qapp, "en")
    window = open_window(qtbot, ctx)
    assert window.menuBar().actions()[0].text() == "&File"
    assert still_vietnamese(window, ctx) == []
    switch(qapp, "vi")
    fresh = MainWindow(ctx)
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.open_place(UNIT, FORM, PERIOD)
    assert window.menuBar().actions()[0].text() == "&Tệp"
    assert sorted(interface_texts(window)) == sorted(interface_texts(fresh))
    assert still_english(window) == []


def test_the_workspace_windows_follow_both_ways(qtbot, ctx) -> None:
    window = open_window(qtbot, ctx)
    menu_action(window, "Tình hình nộp báo cáo…").trigger()
    dashboard = window.dashboard_window
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=30_000)
    summary_vi = dashboard.summary.text()
    from desktop.approval import ApprovalWindow
    from desktop.charts import ChartsWindow

    menu_action(window, "Biểu đồ chỉ tiêu…").trigger()
    charts = window.findChild(ChartsWindow)
    qtbot.waitUntil(lambda: not charts.loading, timeout=30_000)
    subtitle_vi = charts.chart.series.subtitle

    choose_language(window, "English")
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=30_000)
    assert dashboard.windowTitle() == "Submission dashboard"
    assert still_vietnamese(dashboard, ctx) == []
    qtbot.waitUntil(lambda: not charts.loading, timeout=30_000)
    assert still_vietnamese(charts, ctx) == []
    assert "Quý" not in charts.chart.series.subtitle and "Q2/2024" in charts.chart.series.subtitle
    # a window opened in English builds its texts in English; it must come back too
    menu_action(window, "Approve and lock data…").trigger()
    approval = window.findChild(ApprovalWindow)
    qtbot.waitUntil(lambda: not approval.loading, timeout=30_000)
    assert approval.approve_button.text() == "Approve and lock"
    assert still_vietnamese(approval, ctx) == []

    choose_language(window, "Tiếng Việt")
    assert dashboard.windowTitle() == "Tổng quan tình hình nộp báo cáo"
    assert dashboard.summary.text() == summary_vi
    assert approval.approve_button.text() == "Duyệt và khóa"
    assert approval.my_unit_label.text().startswith("Đơn vị của tôi: ")
    assert approval.model.headerData(0, approval.table.horizontalHeader().orientation()) == "Đơn vị"
    assert still_english(dashboard) == [] and still_english(approval) == [] and still_english(window) == []
    qtbot.waitUntil(lambda: not charts.loading, timeout=30_000)
    assert charts.chart.series.subtitle == subtitle_vi and still_english(charts) == []
    approval.close()


def test_the_workspace_windows_built_in_english_speak_english(qtbot, ctx, qapp) -> None:
    from desktop.admin_dialogs import FormUpdateDialog, UnitImportDialog
    from desktop.approval import ApprovalWindow
    from desktop.charts import ChartsWindow
    from desktop.dashboard import DashboardWindow
    from operations.demo import demo_dir

    switch(qapp, "en")
    ctx.lang = "en"
    dashboard = DashboardWindow(ctx, period="2024Q2", scope="213")
    charts = ChartsWindow(ctx, form_id="BC-01", unit="24", period="2024S1")
    windows = [dashboard, charts, ApprovalWindow(ctx, reviewer="213", form_id="XHS-01", period="2024Q2"),
               UnitImportDialog(ctx, path=demo_dir() / "units.csv"), FormUpdateDialog(ctx)]
    for window in windows:
        qtbot.addWidget(window)
        window.show()
    qtbot.waitUntil(lambda: not any(getattr(w, "loading", False) for w in windows), timeout=30_000)
    assert dashboard.windowTitle() == "Submission dashboard"
    assert [p for w in windows for p in still_vietnamese(w, ctx)] == []
    cell = dashboard.model.data(dashboard.model.index_of("M213-01", "XHS-01"))
    assert not VIETNAMESE.search(cell)
    painted = charts.chart.series.subtitle.replace(ctx.units["24"].name, "")
    assert painted == " — First half of 2024"


UI_MODULES = ("main_window", "panels", "grid_view", "grid_model", "form_document", "background",
              "workbook_actions", "consolidation_actions", "dashboard", "approval", "charts", "admin_dialogs",
              "my_unit", "application", "image_files")


def unmarked_vietnamese(path: Path) -> list[str]:
    """Vietnamese string literals of a module that are not the argument of a tr()/self.tr() mark."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            skip.add(id(node.body[0].value))  # docstrings
        if isinstance(node, ast.Call) and node.args and (
                (isinstance(node.func, ast.Name) and node.func.id in ("tr", "QT_TRANSLATE_NOOP"))
                or (isinstance(node.func, ast.Attribute) and node.func.attr in ("tr", "translate"))):
            skip |= {id(a) for a in node.args}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and VIETNAMESE.search(node.value) and node.value not in (LANGUAGE_MENU_TITLE, *LANGUAGE_NAMES.values()):
            found.append(f"{path.stem}:{node.lineno}: {node.value!r}")
    return found


def test_the_modules_of_this_step_mark_every_vietnamese_text() -> None:
    desktop = Path(__file__).resolve().parents[2] / "desktop"
    assert [s for m in ("application", "background", "image_files", "screenshots")
            for s in unmarked_vietnamese(desktop / f"{m}.py")] == []


def test_every_window_module_marks_every_vietnamese_text() -> None:
    desktop = Path(__file__).resolve().parents[2] / "desktop"
    missing = [s for m in UI_MODULES if (desktop / f"{m}.py").exists() for s in unmarked_vietnamese(desktop / f"{m}.py")]
    assert missing == [], "mark these with tr()/self.tr() and run ./dev.sh translations:\n" + "\n".join(missing)
