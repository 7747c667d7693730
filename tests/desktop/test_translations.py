"""With lang=en every interface text of the main window and the workspace windows is English; only data
(unit names, form and indicator titles) may stay Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTreeWidget,
    QWidget,
)

from desktop.translation import (
    LANGUAGE_MENU_TITLE,
    LANGUAGE_NAMES,
    VietnameseKeyTranslator,
    install_language,
    read_ts,
    tr,
    translations_dir,
)
from operations.context import open_context

VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    context.lang = "en"
    install_language(qapp, "en")
    yield context
    install_language(qapp, "vi")
    context.db.close()


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
    widgets = [window, *window.findChildren(QWidget)]
    for w in widgets:
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
    menus = window.findChildren(QMenu)
    for menu in menus:
        found.append(("menu", menu.title()))
        found += [("action", a.text()) for a in menu.actions()]
    if hasattr(window, "menuBar") and window.menuBar() is not None:
        found += [("menubar", a.text()) for a in window.menuBar().actions()]
    return [(where, text) for where, text in found if text]


def still_vietnamese(window: QWidget, ctx) -> list[str]:
    QApplication.processEvents()
    window.grab()  # paint once: labels set after showing are relabelled as they repaint
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


def test_the_translator_maps_vietnamese_text_and_run_time_patterns(ctx) -> None:
    assert tr("Đóng") == "Close"
    assert tr("3 lỗi · 1 cảnh báo") == "3 errors · 1 warnings"
    assert tr("Quý II/2024") == "Q2/2024"
    assert tr("Một câu chưa dịch") == "Một câu chưa dịch"  # untranslated text falls back to Vietnamese
    assert VietnameseKeyTranslator.for_language("vi") is None


def test_the_main_window_speaks_english(qtbot, ctx) -> None:
    from desktop.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_place("24-STTTT", "VT-01", "2024Q2")
    assert window.menuBar().actions()[0].text() == "&File"
    assert still_vietnamese(window, ctx) == []


def test_the_workspace_windows_speak_english(qtbot, ctx) -> None:
    from desktop.admin_dialogs import FormUpdateDialog, UnitImportDialog
    from desktop.approval import ApprovalWindow
    from desktop.charts import ChartsWindow
    from desktop.dashboard import DashboardWindow
    from operations.demo import demo_dir

    dashboard = DashboardWindow(ctx, period="2024Q2", scope="213")
    charts = ChartsWindow(ctx, form_id="BC-01", unit="24", period="2024S1")
    windows = [dashboard, charts, ApprovalWindow(ctx, reviewer="213", form_id="XHS-01", period="2024Q2"),
               UnitImportDialog(ctx, path=demo_dir() / "units.csv"), FormUpdateDialog(ctx)]
    for window in windows:
        qtbot.addWidget(window)
        window.show()
    qtbot.waitUntil(lambda: not any(getattr(w, "loading", False) for w in windows), timeout=30_000)
    assert dashboard.windowTitle() == "Submission dashboard"
    problems = [p for w in windows for p in still_vietnamese(w, ctx)]
    assert problems == []
    cell = dashboard.model.data(dashboard.model.index_of("M213-01", "XHS-01"))
    assert not VIETNAMESE.search(cell)
    painted = charts.chart.series.subtitle.replace(ctx.units["24"].name, "")
    assert painted == " — First half of 2024"


def test_the_language_comes_from_the_settings_unless_given(qapp, ctx) -> None:
    from desktop.application import apply_language

    install_language(qapp, "vi")
    ctx.settings.set("lang", "en")
    apply_language(qapp, ctx)
    assert ctx.lang == "en" and tr("Đóng") == "Close"
    apply_language(qapp, ctx, "vi")
    assert ctx.lang == "vi" and tr("Đóng") == "Đóng"


UI_MODULES = ("main_window", "panels", "grid_view", "grid_model", "form_document", "background",
              "workbook_actions", "consolidation_actions", "dashboard", "approval", "charts", "admin_dialogs",
              "my_unit")


def vietnamese_literals(path: Path) -> set[str]:
    """Vietnamese string literals of a module; an f-string becomes its text with %1, %2… for the holes."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    inside_fstrings: set[int] = set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts, holes = [], 0
            for value in node.values:
                inside_fstrings.add(id(value))
                if isinstance(value, ast.Constant):
                    parts.append(value.value)
                else:
                    holes += 1
                    parts.append(f"%{holes}")
            found.add("".join(parts))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                and id(node) not in inside_fstrings):
            found.add(node.value)
    return {s for s in found if VIETNAMESE.search(s)}


def test_every_vietnamese_text_of_the_windows_has_an_english_entry() -> None:
    translator = VietnameseKeyTranslator.for_language("en")
    desktop = Path(__file__).resolve().parents[2] / "desktop"
    missing = []
    for module in UI_MODULES:
        path = desktop / f"{module}.py"
        if path.exists():
            missing += [f"{module}: {s!r}" for s in sorted(vietnamese_literals(path))
                        if translator.lookup(s) is None]
    assert missing == [], "add a <message> to resources/translations/bieumau_en.ts for:\n" + "\n".join(missing)


def test_every_template_translates_to_its_own_entry_whether_filled_in_or_not() -> None:
    """tr() gets templates ("%1/%2 biểu đã nộp") and finished texts ("0/32 biểu đã nộp"); neither may be taken
    by a looser template ("%1/%2 %3 đã nộp" once gave "0/32 biểu submitted")."""
    translator = VietnameseKeyTranslator.for_language("en")
    templates = {s: t for s, t in read_ts(translations_dir() / "bieumau_en.ts").items() if re.search(r"%\d", s)}
    assert templates
    wrong = []
    for source, target in templates.items():
        if translator.lookup(source) != target:
            wrong.append(f"{source!r} → {translator.lookup(source)!r}")
        filled = re.sub(r"%(\d)", r"7\1", source)
        expected = re.sub(r"%(\d)", r"7\1", target)
        if translator.lookup(filled) != expected:
            wrong.append(f"{filled!r} → {translator.lookup(filled)!r}, not {expected!r}")
    assert wrong == [], "\n".join(wrong)
