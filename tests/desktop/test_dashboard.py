"""The completeness dashboard counts what each unit has submitted, marks late ones in words, validates in
the background and opens a form on double-click; charts of an indicator across units and periods."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop.charts import LINE, ChartsWindow, across_periods, across_units, nice_ticks, tick_labels
from desktop.dashboard import DashboardWindow
from forms.periods import parse_period
from operations.context import open_context
from storage.status import set_status
from storage.values import write_value

PERIOD = "2024Q2"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    db = context.db
    set_status(db, "XHS-01", "M213-01", PERIOD, "da_nop", user="xa1")
    set_status(db, "XHS-01", "M213-02", PERIOD, "da_nop", user="xa2")
    set_status(db, "XHS-01", "M213-02", PERIOD, "da_duyet", user="huyen")
    set_status(db, "XHS-01", "213", PERIOD, "da_kiem_tra", user="huyen")
    write_value(db, context.catalogue["XHS-01"], "M213-03", PERIOD, "thon_tong", "th", "ba mươi", user="xa3")
    set_status(db, "XHS-01", "M213-01", "2030Q1", "da_nop", user="xa1")
    yield context
    context.db.close()


def open_dashboard(qtbot, ctx, period: str = PERIOD, scope: str = "213") -> DashboardWindow:
    window = DashboardWindow(ctx, period=period, scope=scope)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=30_000)
    return window


def text(window: DashboardWindow, unit: str, form: str) -> str:
    return window.model.data(window.model.index_of(unit, form))


def test_the_dashboard_counts_submissions_per_form_and_per_unit(qtbot, ctx) -> None:
    window = open_dashboard(qtbot, ctx)
    model = window.model
    assert model.headerData(0, Qt.Orientation.Vertical) == "Tổng"  # totals first, visible without scrolling
    units = [model.headerData(r, Qt.Orientation.Vertical).strip() for r in range(1, model.rowCount())]
    assert units == ["Thành phố Bắc Giang", "Xã mẫu 01 (TP Bắc Giang)", "Xã mẫu 02 (TP Bắc Giang)",
                     "Xã mẫu 03 (TP Bắc Giang)"]
    forms = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert forms == ["BCXB-01\nhạn nộp 15/07/2024", "CDS-01\nhạn nộp 15/07/2024", "CQS-01\nhạn nộp 10/07/2024",
                     "DB-01\nhạn nộp 15/07/2024", "VT-01\nhạn nộp 15/07/2024", "XHS-01\nhạn nộp 10/07/2024",
                     "Tổng của đơn vị"]
    xhs = 5
    assert model.data(model.index(0, xhs)) == "0/1 huyện đã nộp\n2/3 xã đã nộp"
    assert model.data(model.index(2, model.columnCount() - 1)) == "1/1 đã nộp"  # a commune owes XHS-01 only
    assert model.data(model.index(1, model.columnCount() - 1)) == "0/2 đã nộp"  # CQS-01 and XHS-01
    assert "Đã kiểm tra" in text(window, "213", "XHS-01")
    assert "Đã duyệt" in text(window, "M213-02", "XHS-01")
    assert model.data(model.index_of("M213-01", "VT-01")) == ""  # communes do not report VT-01
    assert "xã" in window.summary.text() and "2/3 xã" in window.summary.text()


def test_errors_come_from_a_full_validation(qtbot, ctx) -> None:
    window = open_dashboard(qtbot, ctx)
    shown = text(window, "M213-03", "XHS-01")
    assert "Đang nhập" in shown and "lỗi" in shown
    entry = window.model.data(window.model.index_of("M213-03", "XHS-01"), Qt.ItemDataRole.UserRole)
    assert entry.errors >= 1


def test_late_submissions_are_marked_in_words_and_red(qtbot, ctx) -> None:
    window = open_dashboard(qtbot, ctx)
    index = window.model.index_of("M213-01", "XHS-01")
    assert "trễ hạn" in window.model.data(index)  # submitted today, long after 10/07/2024
    assert window.model.data(index, Qt.ItemDataRole.ForegroundRole).color().red() > 150
    assert "Hạn nộp: 10/07/2024" in window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    window.table.setCurrentIndex(index)
    assert "Nộp sau hạn" in window.detail.text() and "Hạn nộp: 10/07/2024" in window.detail.text()


def test_an_on_time_submission_is_not_marked_late(qtbot, ctx) -> None:
    window = open_dashboard(qtbot, ctx, period="2030Q1")
    on_time = window.model.index_of("M213-01", "XHS-01")
    assert "Đã nộp" in window.model.data(on_time) and "trễ hạn" not in window.model.data(on_time)
    assert window.model.data(on_time, Qt.ItemDataRole.ForegroundRole) is None
    assert "trễ hạn" not in text(window, "M213-02", "XHS-01")  # not due yet


def test_double_click_opens_the_form_in_the_main_window(qtbot, ctx) -> None:
    from desktop.main_window import MainWindow

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    window = open_dashboard(qtbot, ctx)
    window.open_requested.connect(main.open_place)
    index = window.model.index_of("M213-01", "XHS-01")
    rect = window.table.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main.doc is not None
    assert (main.doc.unit, main.doc.form.id, main.doc.period.code) == ("M213-01", "XHS-01", PERIOD)


def test_cancel_keeps_the_window_usable(qtbot, ctx) -> None:
    window = open_dashboard(qtbot, ctx)
    before = window.model.rowCount()
    window.scope_box.setCurrentIndex(window.scope_box.findData("24"))  # the whole province: a longer job
    window.task.cancel()
    qtbot.waitUntil(lambda: not window.loading, timeout=30_000)
    assert "hủy" in window.summary.text()
    assert window.model.rowCount() == before


def test_an_approval_repaints_only_the_cell_and_its_totals(qtbot, ctx) -> None:
    from dataclasses import replace

    window = open_dashboard(qtbot, ctx)
    changed: list[tuple[int, int]] = []
    window.model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), a.column())))
    index = window.model.index_of("M213-01", "XHS-01")
    entry = window.model.data(index, Qt.ItemDataRole.UserRole)
    window.model.replace_entry(replace(entry, status="da_duyet"))
    last_col = window.model.columnCount() - 1
    assert sorted(changed) == sorted([(index.row(), index.column()), (index.row(), last_col), (0, index.column())])


def test_the_overview_menu_opens_the_dashboard(qtbot, ctx) -> None:
    from desktop.main_window import MainWindow

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    main.open_place("M213-01", "XHS-01", PERIOD)
    action = next(a for m in main.menuBar().actions() if m.menu() for a in m.menu().actions()
                  if a.text() == "Tình hình nộp báo cáo…")
    action.trigger()
    window = main.dashboard_window
    qtbot.waitUntil(lambda: not window.loading, timeout=30_000)
    assert window.isVisible() and window.period_box.currentData() == PERIOD
    assert "Đã nộp" in text(window, "M213-01", "XHS-01")


# --- charts ---------------------------------------------------------------------------------------
def test_bars_across_districts_show_who_misses_the_target(ctx) -> None:
    form = ctx.catalogue["BC-01"]
    series = across_units(ctx, form, form.indicator("ban_kinh_pv"), "th", "24", parse_period("2024S1"))
    values = dict(series.points)
    assert values["Huyện Lục Ngạn"] == Decimal("3.34")
    assert series.target is not None and not series.target.met_by(values["Huyện Lục Ngạn"])
    assert values["Huyện Yên Thế"] is None  # nothing entered: shown as "chưa nhập", never as 0


def test_a_line_across_periods_for_one_unit(ctx) -> None:
    form = ctx.catalogue["KQCT-01"]
    series = across_periods(ctx, form, form.indicator("ty_le_hs_toan_trinh"), "kq", "24-STTTT",
                            parse_period("2024"), count=4)
    labels = [label for label, _ in series.points]
    assert labels[-2:] == ["Năm 2023", "Năm 2024"]
    assert series.target is not None and series.target.value == 80


def test_axis_numbers_are_written_the_vietnamese_way() -> None:
    assert tick_labels(nice_ticks(0, 1305)) == ["0", "500", "1.000", "1.500"]
    assert tick_labels(nice_ticks(0, 3.34)) == ["0", "1", "2", "3", "4"]
    assert tick_labels(nice_ticks(0, 2.2)) == ["0,0", "0,5", "1,0", "1,5", "2,0", "2,5"]


def test_the_window_draws_in_the_background_and_exports_a_png(qtbot, ctx, tmp_path: Path) -> None:
    window = ChartsWindow(ctx, form_id="KQCT-01", unit="24-STTTT", period="2024", kind=LINE)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading and window.chart.series is not None, timeout=10_000)
    assert window.chart.series.kind == LINE
    out = tmp_path / "bieu-do.png"
    assert window.export(str(out))
    image = QImage(str(out))
    assert image.width() == window.chart.width() * 2
    # something other than white was drawn
    assert len({image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}) > 3


def test_approving_from_the_dashboard_updates_the_cell_without_a_full_reload(qtbot, ctx) -> None:
    from desktop.approval import ApprovalWindow

    window = open_dashboard(qtbot, ctx)
    index = window.model.index_of("M213-01", "XHS-01")
    window.table.setCurrentIndex(index)
    assert window.approve_button.isEnabled()
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    approval = window.findChild(ApprovalWindow)
    assert approval.reviewer_box.currentData() == "213"
    qtbot.waitUntil(lambda: not approval.loading, timeout=10_000)
    assert [approval.model.rows[r].unit.code for r in approval.selected_rows()] == ["M213-01"]
    resets: list[bool] = []
    window.model.modelReset.connect(lambda: resets.append(True))
    approval.approve_selected()
    assert "Đã duyệt" in text(window, "M213-01", "XHS-01")
    assert not resets and not window.loading
    approval.close()


def test_a_district_officer_may_send_its_communes_to_approval_but_not_itself(qtbot, ctx) -> None:
    ctx.set_my_unit("213")
    window = open_dashboard(qtbot, ctx)
    window.table.setCurrentIndex(window.model.index_of("213", "XHS-01"))
    assert not window.approve_button.isEnabled()
    assert "không được tự duyệt" in window.approve_button.toolTip()
    window.table.setCurrentIndex(window.model.index_of("M213-01", "XHS-01"))
    assert window.approve_button.isEnabled()


def test_a_district_officer_can_hide_units_that_have_submitted_everything(qtbot, ctx) -> None:
    window = open_dashboard(qtbot, ctx)
    row_of = {window.model.unit_at(r).code: r for r in range(1, window.model.rowCount())}
    window.missing_only.setChecked(True)
    hidden = {code for code, row in row_of.items() if window.table.isRowHidden(row)}
    assert hidden == {"M213-01", "M213-02"}
    assert not window.table.isRowHidden(0)  # the totals stay
    window.missing_only.setChecked(False)
    assert not any(window.table.isRowHidden(r) for r in row_of.values())


def test_the_standalone_dashboard_opens_forms_in_an_entry_window(qtbot, ctx) -> None:
    from desktop.application import build_view

    window = build_view("dashboard", ctx, unit="213", period=PERIOD)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=30_000)
    window.open_requested.emit("M213-01", "XHS-01", PERIOD)
    qtbot.addWidget(window.entry_window)
    assert window.entry_window.doc.unit == "M213-01" and window.entry_window.isVisible()


def test_the_charts_start_at_the_latest_period_with_data(qtbot, ctx) -> None:
    window = ChartsWindow(ctx, form_id="BC-01", unit="24")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert window.period_box.currentData() == "2024S1"
    assert dict(window.chart.series.points)["Huyện Lục Ngạn"] == Decimal("3.34")


def test_an_exported_submission_counts_as_submitted(qtbot, ctx, tmp_path: Path) -> None:
    from workbooks.submission_export import export_submission

    export_submission(ctx.db, ctx.catalogue["XHS-01"], "M213-03", PERIOD, tmp_path / "nop.xlsx", app_version="t")
    window = open_dashboard(qtbot, ctx)
    assert "Đã nộp" in text(window, "M213-03", "XHS-01")
    column = window.model.index_of("M213-03", "XHS-01").column()
    assert window.model.data(window.model.index(0, column)) == "0/1 huyện đã nộp\n3/3 xã đã nộp"
    entry = window.model.entry(window.model.index_of("M213-03", "XHS-01"))
    assert entry is not None and entry.submitted_at is not None and entry.submitted_file == "nop.xlsx"
    tooltip = window.model.data(window.model.index_of("M213-03", "XHS-01"), Qt.ItemDataRole.ToolTipRole)
    assert "Tệp đã nộp: nop.xlsx" in tooltip and "Nộp lúc:" in tooltip
    assert "Nộp trễ hạn" in text(window, "M213-03", "XHS-01")  # submitted, after a 2024 deadline


def test_a_status_published_on_the_bus_repaints_the_dashboard_without_any_direct_call(qtbot, ctx) -> None:
    from desktop.change_bus import change_bus
    from operations import review
    from operations.changes import DocumentKey

    window = open_dashboard(qtbot, ctx)
    resets: list[bool] = []
    window.model.modelReset.connect(lambda: resets.append(True))
    done = review.approve(ctx.db, DocumentKey("XHS-01", "M213-01", PERIOD), reviewer="213", user="huyen")
    assert "Đã duyệt" not in text(window, "M213-01", "XHS-01")  # nobody told the window yet
    change_bus().publish(done.changes)
    assert "Đã duyệt" in text(window, "M213-01", "XHS-01")
    assert not resets and not window.loading
    # another period's change is none of this table's business
    other = review.approve(ctx.db, DocumentKey("XHS-01", "M213-01", "2030Q1"), reviewer="213", user="huyen")
    change_bus().publish(other.changes)
    assert not resets


def test_values_changed_elsewhere_are_validated_again_for_their_cell_only(qtbot, ctx) -> None:
    from desktop.change_bus import change_bus
    from operations.changes import DocumentKey, OpChanges

    window = open_dashboard(qtbot, ctx)
    before = window.model.data(window.model.index_of("M213-03", "XHS-01"), Qt.ItemDataRole.UserRole)
    assert before.errors >= 1
    write_value(ctx.db, ctx.catalogue["XHS-01"], "M213-03", PERIOD, "thon_tong", "th", "30", user="xa3")
    resets: list[bool] = []
    window.model.modelReset.connect(lambda: resets.append(True))
    change_bus().publish(OpChanges.of_values([DocumentKey("XHS-01", "M213-03", PERIOD)]))
    qtbot.waitUntil(lambda: window.model.data(window.model.index_of("M213-03", "XHS-01"),
                                              Qt.ItemDataRole.UserRole).errors < before.errors, timeout=30_000)
    assert not resets
