"""The "Tổng hợp" menu: merge many submissions at once, and consolidate the open unit from its children.

Both run in the background with progress and Cancel. A resubmission that differs from what is stored
is never applied silently: the officer sees the conflicts after the run and confirms them in one step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.background import BackgroundTask, TaskState, run_in_background
from desktop.workbook_actions import _failed, _remember_folder, save_path

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

RESULT_HEADERS = ("Tệp", "Đơn vị", "Kỳ", "Biểu", "Mới", "Thay đổi", "Không đổi", "Vi phạm", "Từ chối / lý do")


class MergeSummary(QDialog):
    """One row per file: what was stored, or why it was refused."""

    def __init__(self, window: MainWindow, results: list, conflicts: list) -> None:
        super().__init__(window)
        self.setWindowTitle("Kết quả gộp số liệu")
        self.resize(1000, 420)
        refused = sum(1 for r in results if not r.ok)
        text = f"Đã xử lý {len(results)} tệp: {len(results) - refused} tệp đã ghi, {refused} tệp bị từ chối."
        if conflicts:
            text += f" {len(conflicts)} bộ số liệu nộp lại khác với bản đã có — cần xác nhận."
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(results), len(RESULT_HEADERS))
        self.table.setHorizontalHeaderLabels(RESULT_HEADERS)
        self.table.verticalHeader().setVisible(False)
        for row, result in enumerate(results):
            cells = (Path(result.file).name, result.unit or "", result.period or "", result.form_id or "",
                     result.new, result.changed, result.unchanged, result.violations, result.refused or "")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                elif value:
                    item.setToolTip(str(value))
                self.table.setItem(row, col, item)
        # the refusal reason is the column read most: it takes the rest of the width and wraps, whole
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(RESULT_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def merge_submissions(window: MainWindow, paths: list[str] | None = None, *,
                      confirm: bool | None = None) -> BackgroundTask | None:
    """Import many workbooks (a folder or several files), each all or nothing.

    ``confirm`` answers the conflict question without a dialog (tests); ``None`` asks the officer.
    """
    if paths is None:
        folder = QFileDialog.getExistingDirectory(
            window, "Chọn thư mục chứa các tệp nộp lên", window.ctx.settings.get("last_folder") or str(Path.home())
        )
        if not folder:
            return None
        paths = sorted(str(p) for p in Path(folder).glob("*.xlsx") if not p.name.startswith("~$"))
        if not paths:
            QMessageBox.information(window, "Gộp số liệu", "Thư mục không có tệp .xlsx nào.")
            return None
    _remember_folder(window, paths[0])
    ctx = window.ctx
    conflicts: list = []

    def run(files: list[str], accept_conflicts: bool):
        def work(state: TaskState):
            from workbooks.merge import merge_files

            def decide(conflict) -> bool:
                if not accept_conflicts:
                    conflicts.append(conflict)
                return accept_conflicts

            return merge_files(ctx.db, files, user=ctx.user, state=state, confirm_conflict=decide,
                               catalogue=ctx.catalogue)
        return work

    def done(results) -> None:
        window.last_import = results
        window.reopen_current()
        if window.isVisible():
            MergeSummary(window, results, conflicts).open()
        if not conflicts:
            return
        listed = "\n".join(c.message_vi() for c in conflicts)
        accept = confirm
        if accept is None:
            answer = QMessageBox.question(
                window, "Số liệu nộp lại khác bản đã có",
                f"{listed}\n\nGhi bằng bản xuất mới nhất? Bản cũ vẫn được giữ trong lịch sử thay đổi.",
            )
            accept = answer == QMessageBox.StandardButton.Yes
        if accept:
            again = sorted({str(c.newest.path) for c in conflicts if c.newest.path})
            conflicts.clear()
            window.conflict_task = run_in_background(
                window, run(again, True), title="Đang ghi các bản nộp lại…", on_success=done,
                on_failure=_failed(window, "Không gộp được số liệu"),
            )

    return run_in_background(window, run(list(paths), False), title="Đang gộp số liệu…", on_success=done,
                             on_failure=_failed(window, "Không gộp được số liệu"))


def consolidate_open_unit(window: MainWindow, path: str | None = None, *,
                          store: bool | None = None) -> BackgroundTask | None:
    """Consolidate the open unit's children for the open form and period into a workbook;
    then, on the officer's word, store the figures as the unit's own."""
    doc = window.doc
    if doc is None:
        return None
    if not window.ctx.units.children(doc.unit):
        QMessageBox.information(window, "Tổng hợp", "Đơn vị này không có đơn vị cấp dưới để tổng hợp.")
        return None
    path = save_path(window, path, "Lưu bảng tổng hợp", "_tong_hop")
    if path is None:
        return None
    ctx, form, unit, period = window.ctx, doc.form, doc.unit, doc.period.code

    def work(state: TaskState):
        from operations.version import version
        from storage.value_source import DatabaseValueSource
        from workbooks.consolidated_book import write_consolidated
        from workbooks.consolidation import check_against_children, consolidate

        state.progress(0, 3, "Đang đọc số liệu các đơn vị cấp dưới…")
        result = consolidate(ctx.db, form, unit, period, ctx.units)
        state.check()
        state.progress(1, 3, "Đang kiểm tra số liệu tổng hợp…")
        report = check_against_children(result, ctx.units, DatabaseValueSource(ctx.db))
        state.check()
        state.progress(2, 3, "Đang ghi sổ Excel…")
        write_consolidated(result, Path(path), units=ctx.units, app_version=version(), report=report,
                           cancelled=lambda: state.cancelled)
        return result, report

    def done(outcome) -> None:
        result, report = outcome
        window.last_consolidation = (result, report)
        summary = result.summary_vi(ctx.units)
        problems = len(report.violations) + len(report.differences)
        text = f"{summary}\nĐã ghi {Path(path).name}."
        if problems:
            text += f"\n{problems} vấn đề (vi phạm quy tắc hoặc chênh lệch với số liệu tự báo) — xem trang «Thiếu số liệu»."
        keep = store
        if keep is None:
            answer = QMessageBox.question(
                window, "Tổng hợp", text + "\n\nLưu các số tổng hợp làm số liệu của đơn vị này? "
                "Số liệu cũ vẫn được giữ trong lịch sử thay đổi.",
            )
            keep = answer == QMessageBox.StandardButton.Yes
        if keep:
            from workbooks.consolidation import store_consolidation

            store_consolidation(ctx.db, result, user=ctx.user)
            window.reopen_current()
        window.statusBar().showMessage(summary, 10000)

    return run_in_background(window, work, title="Đang tổng hợp…", on_success=done,
                             on_failure=_failed(window, "Không tổng hợp được"))
