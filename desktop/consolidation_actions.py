"""The "Tổng hợp" menu: merge many submissions at once, and consolidate the open unit from its children.

Both run in the background with progress and Cancel. A resubmission that differs from what is stored
is never applied silently: the officer sees the conflicts after the run and confirms them in one step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
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
from desktop.change_bus import change_bus
from desktop.i18n import Retranslating, arg, tr
from desktop.workbook_actions import Then, _failed, _remember_folder, save_path

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from operations.imports import ImportOutcome
    from workbooks.merge import Conflict
    from workbooks.submission_import import ImportResult

RESULT_HEADERS = (
    QT_TRANSLATE_NOOP("", "Tệp"), QT_TRANSLATE_NOOP("", "Đơn vị"), QT_TRANSLATE_NOOP("", "Kỳ"),
    QT_TRANSLATE_NOOP("", "Biểu"), QT_TRANSLATE_NOOP("", "Mới"), QT_TRANSLATE_NOOP("", "Thay đổi"),
    QT_TRANSLATE_NOOP("", "Không đổi"), QT_TRANSLATE_NOOP("", "Vi phạm"), QT_TRANSLATE_NOOP("", "Từ chối / lý do"),
)


class MergeSummary(Retranslating, QDialog):
    """One row per file: what was stored, or why it was refused."""

    def __init__(self, window: MainWindow, results: Sequence[ImportResult], conflicts: Sequence[Conflict] = ()) -> None:
        super().__init__(window)
        self.results, self.conflicts = results, conflicts
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.table = QTableWidget(len(results), len(RESULT_HEADERS))
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
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Kết quả gộp số liệu"))
        results, refused = self.results, sum(1 for r in self.results if not r.ok)
        text = arg(tr("Đã xử lý %1 tệp: %2 tệp đã ghi, %3 tệp bị từ chối."), len(results), len(results) - refused,
                   refused)
        if self.conflicts:
            text += arg(tr(" %1 bộ số liệu nộp lại khác với bản đã có — cần xác nhận."), len(self.conflicts))
        self.label.setText(text)
        self.table.setHorizontalHeaderLabels([tr(h) for h in RESULT_HEADERS])


def merge_submissions(window: MainWindow, paths: list[str] | None = None, *,
                      confirm: bool | None = None, then: Then = None) -> BackgroundTask | None:
    """Import many workbooks (a folder or several files), each all or nothing.

    ``confirm`` answers the conflict question without a dialog (tests); ``None`` asks the officer.
    ``then`` receives the last outcome (after the confirmed versions went in, when there were conflicts).
    """
    if paths is None:
        folder = QFileDialog.getExistingDirectory(
            window, tr("Chọn thư mục chứa các tệp nộp lên"), window.ctx.settings.get("last_folder") or str(Path.home())
        )
        if not folder:
            return None
        paths = sorted(str(p) for p in Path(folder).glob("*.xlsx") if not p.name.startswith("~$"))
        if not paths:
            QMessageBox.information(window, tr("Gộp số liệu"), tr("Thư mục không có tệp .xlsx nào."))
            return None
    _remember_folder(window, paths[0])
    ctx = window.ctx
    failed = _failed(window, tr("Không gộp được số liệu"))

    def run(files: list[str], accept_conflicts: bool):
        def work(state: TaskState):
            from operations.imports import import_workbooks
            from workbooks.merge import newest_wins

            return import_workbooks(ctx.db, files, user=ctx.user, catalogue=ctx.catalogue, units=ctx.units,
                                    state=state, confirm_conflict=newest_wins if accept_conflicts else None)
        return work

    def done(outcome: ImportOutcome) -> None:
        change_bus().publish(outcome.changes)
        if window.isVisible():
            MergeSummary(window, outcome.results, outcome.conflicts).open()
        conflicts: tuple[Conflict, ...] = outcome.conflicts
        accept = False
        if conflicts:
            accept = confirm
            if accept is None:
                listed = "\n".join(c.message_vi() for c in conflicts)
                answer = QMessageBox.question(
                    window, tr("Số liệu nộp lại khác bản đã có"),
                    arg(tr("%1\n\nGhi bằng bản xuất mới nhất? Bản cũ vẫn được giữ trong lịch sử thay đổi."), listed),
                )
                accept = answer == QMessageBox.StandardButton.Yes
        if accept:
            again = sorted({str(c.newest.path) for c in conflicts if c.newest.path})
            run_in_background(window, run(again, True), title=tr("Đang ghi các bản nộp lại…"), on_success=finish,
                              on_failure=failed)
        elif then is not None:
            then(outcome)

    def finish(outcome: ImportOutcome) -> None:
        change_bus().publish(outcome.changes)
        if window.isVisible():
            MergeSummary(window, outcome.results, outcome.conflicts).open()
        if then is not None:
            then(outcome)

    return run_in_background(window, run(list(paths), False), title=tr("Đang gộp số liệu…"), on_success=done,
                             on_failure=failed)


def consolidate_open_unit(window: MainWindow, path: str | None = None, *,
                          store: bool | None = None, then: Then = None) -> BackgroundTask | None:
    """Consolidate the open unit's children for the open form and period into a workbook;
    then, on the officer's word, store the figures as the unit's own."""
    doc = window.doc
    if doc is None:
        return None
    if not window.ctx.units.children(doc.unit):
        QMessageBox.information(window, tr("Tổng hợp"), tr("Đơn vị này không có đơn vị cấp dưới để tổng hợp."))
        return None
    path = save_path(window, path, tr("Lưu bảng tổng hợp"), "_tong_hop")
    if path is None:
        return None
    ctx, form, unit, period = window.ctx, doc.form, doc.unit, doc.period.code

    def work(state: TaskState):
        from operations.consolidation import consolidate_unit

        # stored at once only when the caller said so beforehand; otherwise the officer is asked below
        return consolidate_unit(ctx.db, form, unit, period, ctx.units, Path(path), user=ctx.user,
                                store=bool(store), state=state)

    def done(outcome) -> None:
        result, report = outcome.result, outcome.report
        summary = result.summary_vi(ctx.units)
        problems = len(report.violations) + len(report.differences)
        text = arg(tr("%1\nĐã ghi %2."), summary, Path(outcome.path).name)
        if problems:
            text += arg(tr("\n%1 vấn đề (vi phạm quy tắc hoặc chênh lệch với số liệu tự báo) — xem trang "
                           "«Thiếu số liệu»."), problems)
        changes = outcome.changes
        if store is None:
            answer = QMessageBox.question(
                window, tr("Tổng hợp"), text + tr("\n\nLưu các số tổng hợp làm số liệu của đơn vị này? "
                                                  "Số liệu cũ vẫn được giữ trong lịch sử thay đổi."),
            )
            if answer == QMessageBox.StandardButton.Yes:
                from operations.consolidation import store_consolidated

                _summary, changes = store_consolidated(ctx.db, result, user=ctx.user)
        change_bus().publish(changes)
        window.statusBar().showMessage(summary, 10000)
        if then is not None:
            then(outcome)

    return run_in_background(window, work, title=tr("Đang tổng hợp…"), on_success=done,
                             on_failure=_failed(window, tr("Không tổng hợp được")))
