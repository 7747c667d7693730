"""Ngôn ngữ / Language in the menu switches the open windows at once, keeps what is being typed, and is
remembered for the next start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow

from desktop.main_window import MainWindow
from desktop.translation import LANGUAGE_MENU_TITLE, VietnameseKeyTranslator, install_language
from operations.context import Settings, open_context
from storage.values import read_values
from tests.desktop.test_translations import interface_texts, still_vietnamese

UNIT, FORM, PERIOD = "24-STTTT", "VT-01", "2024Q2"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    install_language(qapp, "vi")
    context = open_context(str(tmp_path / "db.sqlite3"))
    yield context
    install_language(qapp, "vi")
    context.db.close()


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


def still_english(window) -> list[str]:
    """Interface texts that are an English translation of a Vietnamese one."""
    back = VietnameseKeyTranslator.back_to_vietnamese()
    return [f"{where}: {text!r}" for where, text in interface_texts(window) if back.lookup(text) is not None]


def test_english_from_the_menu_relabels_the_open_window_and_is_remembered(qtbot, ctx) -> None:
    window = open_window(qtbot, ctx)
    assert window.menuBar().actions()[0].text() == "&Tệp"
    vietnamese = next(a for a in window.language_actions if a.data() == "vi")
    assert vietnamese.isChecked()

    choose_language(window, "English")
    assert ctx.lang == "en"
    assert window.menuBar().actions()[0].text() == "&File"
    assert [a.data() for a in window.language_actions if a.isChecked()] == ["en"]
    assert window.statusBar().currentMessage() == "The interface is now in English."
    assert still_vietnamese(window, ctx) == []
    assert Settings(ctx.settings.path).get("lang") == "en"


def test_back_to_vietnamese_gives_the_texts_of_a_vietnamese_window(qtbot, ctx) -> None:
    window = open_window(qtbot, ctx)
    fresh = sorted(interface_texts(window))
    choose_language(window, "English")
    assert still_vietnamese(window, ctx) == []

    choose_language(window, "Tiếng Việt")
    assert ctx.lang == "vi" and Settings(ctx.settings.path).get("lang") == "vi"
    assert window.menuBar().actions()[0].text() == "&Tệp"
    window.grab()
    assert sorted(interface_texts(window)) == fresh
    assert window.statusBar().currentMessage() == "Giao diện đã chuyển sang tiếng Việt."


def test_the_workspace_windows_follow_both_ways(qtbot, ctx) -> None:
    window = open_window(qtbot, ctx)
    menu_action(window, "Tình hình nộp báo cáo…").trigger()
    dashboard = window.dashboard_window
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=30_000)
    summary_vi = dashboard.summary.text()
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
    from desktop.approval import ApprovalWindow

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


def test_a_new_window_starts_in_the_language_chosen(qtbot, ctx, qapp, tmp_path: Path) -> None:
    from desktop.application import apply_language

    window = open_window(qtbot, ctx)
    choose_language(window, "English")
    window.close()
    install_language(qapp, "vi")  # as if the app had been closed

    again = open_context(str(tmp_path / "db.sqlite3"))
    try:
        apply_language(qapp, again)  # what `bieumau gui` does without --lang
        assert again.lang == "en"
        second = MainWindow(again)
        qtbot.addWidget(second)
        second.show()
        assert second.menuBar().actions()[0].text() == "&File"
        assert [a.data() for a in second.language_actions if a.isChecked()] == ["en"]
    finally:
        again.db.close()
