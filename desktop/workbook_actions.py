"""The File menu's workbook actions: export the submission, write a blank template, import workbooks.

Each runs an operation (``operations.imports``) off the UI thread through ``run_in_background`` with
progress and Cancel, and publishes what it changed on the change bus; refusals are shown as Vietnamese
dialogs, never as a traceback. ``then`` (scripts, tests) receives the operation's outcome on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.background import BackgroundTask, Cancelled, TaskState, run_in_background
from desktop.change_bus import change_bus
from desktop.i18n import arg, refusal_text, tr
from forms.errors import BieumauError

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

Then = Callable[[Any], None] | None


def _remember_folder(window: MainWindow, path: str | Path) -> None:
    window.ctx.settings.set("last_folder", str(Path(path).parent))


def save_path(window: MainWindow, path: str | None, title: str, suffix: str, *, extension: str = ".xlsx",
              kind: str | None = None) -> str | None:
    """``path`` when given (tests, scripts); otherwise ask, proposing FORM_UNIT_PERIOD{suffix}{extension} in
    the folder used last. The chosen folder is remembered."""
    if path is None:
        doc = window.doc
        assert doc is not None
        folder = Path(window.ctx.settings.get("last_folder") or Path.home())
        proposal = folder / f"{doc.form.id}_{doc.unit}_{doc.period.code}{suffix}{extension}"
        path, _ = QFileDialog.getSaveFileName(window, title, str(proposal), kind or tr("Sổ Excel (*.xlsx)"))
        if not path:
            return None
        asked = True
    else:
        asked = False
    from forms.output_paths import OutputPathError, check_output_path

    try:
        check_output_path(path, "xlsx")  # the same guard as the commands, before any work starts
    except OutputPathError as exc:
        window.statusBar().showMessage(refusal_text(exc), 10000)
        if asked:
            QMessageBox.warning(window, title, refusal_text(exc))
        return None
    _remember_folder(window, path)
    return path


def _failed(window: MainWindow, title: str):
    def show(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            window.statusBar().showMessage(tr("Đã hủy."), 5000)
            return
        if isinstance(exc, BieumauError):
            QMessageBox.warning(window, title, refusal_text(exc))
            return
        from operations.crashlog import write_crash_log

        where = write_crash_log(exc)
        QMessageBox.critical(
            window, title, arg(tr("Lỗi không mong đợi (%1). Chi tiết đã ghi vào %2."), type(exc).__name__, where)
        )

    return show


def export_submission(window: MainWindow, path: str | None = None, *, then: Then = None) -> BackgroundTask | None:
    """Write the open form's submission workbook (values, marks of every violation, _meta); the export
    records the form as submitted, which the open windows learn from the change bus."""
    doc = window.doc
    if doc is None:
        return None
    path = save_path(window, path, tr("Xuất bộ số liệu nộp lên"), "")
    if path is None:
        return None
    form, unit, period, db = doc.form, doc.unit, doc.period.code, window.ctx.db
    writing = tr("Đang ghi sổ Excel…")

    def work(state: TaskState):
        from operations.imports import export_submission as export

        return export(db, form, unit, period, Path(path),
                      progress=lambda done, total: state.progress(done, total, writing),
                      cancelled=lambda: state.cancelled)

    def done(outcome) -> None:
        change_bus().publish(outcome.changes)
        result = outcome.result
        problems = arg(tr("%1 lỗi, %2 cảnh báo"), result.errors, result.warnings) \
            if result.errors or result.warnings else tr("không có lỗi")
        window.statusBar().showMessage(
            arg(tr("Đã xuất %1: %2 số liệu, %3."), Path(result.path).name, result.values, problems), 10000)
        if then is not None:
            then(outcome)

    return run_in_background(window, work, title=tr("Đang xuất bộ số liệu…"), on_success=done,
                             on_failure=_failed(window, tr("Không xuất được bộ số liệu")))


def export_pdf(window: MainWindow, path: str | None = None, *, open_after: bool | None = None) -> BackgroundTask | None:
    """Write the open form's paper as a PDF made by the app (Vietnamese notation whatever the Windows
    region), then open it in the PDF reader to print. Saved values only: unsaved edits are not printed."""
    doc = window.doc
    if doc is None:
        return None
    asked = path is None
    path = save_path(window, path, tr("In bản giấy (PDF)"), "_ban_in", extension=".pdf", kind=tr("Tệp PDF (*.pdf)"))
    if path is None:
        return None
    form, unit, period, db = doc.form, doc.unit, doc.period.code, window.ctx.db
    printing = tr("Đang in ra PDF…")

    def work(state: TaskState):
        from operations.imports import export_pdf as export

        state.progress(0, 1, printing)
        return export(db, form, unit, period, Path(path))

    def done(result) -> None:
        window.statusBar().showMessage(arg(tr("Đã in bản giấy ra %1."), Path(result.path).name), 10000)
        if open_after if open_after is not None else asked:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    return run_in_background(window, work, title=tr("Đang in bản giấy…"), on_success=done,
                             on_failure=_failed(window, tr("Không in được bản giấy")))


def export_template(window: MainWindow, path: str | None = None) -> BackgroundTask | None:
    """Write a blank workbook for the open unit, period and form, to fill in Excel without the app."""
    doc = window.doc
    if doc is None:
        return None
    path = save_path(window, path, tr("Tạo mẫu nhập liệu Excel"), "_mau")
    if path is None:
        return None
    form, unit, period, tree = doc.form, doc.unit, doc.period, window.ctx.units
    making = tr("Đang tạo mẫu…")

    def work(state: TaskState):
        from operations.imports import write_blank_template

        state.progress(0, 1, making)
        write_blank_template(form, unit, period.code, tree, Path(path))

    def done(_result) -> None:
        window.statusBar().showMessage(arg(tr("Đã tạo mẫu nhập liệu %1."), Path(path).name), 10000)

    return run_in_background(window, work, title=tr("Đang tạo mẫu nhập liệu…"), on_success=done,
                             on_failure=_failed(window, tr("Không tạo được mẫu nhập liệu")))


def import_workbooks(window: MainWindow, paths: list[str] | None = None, dry_run: bool = False, *,
                     then: Then = None) -> BackgroundTask | None:
    """Import filled templates or submissions, each file all or nothing; a summary per file."""
    if paths is None:
        folder = window.ctx.settings.get("last_folder") or str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(window, tr("Nhập số liệu từ tệp Excel"), folder,
                                                tr("Sổ Excel (*.xlsx)"))
        if not paths:
            return None
    _remember_folder(window, paths[0])
    ctx = window.ctx

    def work(state: TaskState):
        from operations.imports import import_workbooks as run
        from workbooks.merge import newest_wins

        # the same operation as the command line and the merge: each file all or nothing, files already
        # done stay done on Cancel, and a file older than the database's figures is refused
        return run(ctx.db, paths, user=ctx.user, catalogue=ctx.catalogue, units=ctx.units, state=state,
                   confirm_conflict=newest_wins, dry_run=dry_run)

    def done(outcome) -> None:
        change_bus().publish(outcome.changes)
        results, refused = outcome.results, len(outcome.refused)
        window.statusBar().showMessage(arg(tr("Đã xử lý %1 tệp, %2 tệp bị từ chối."), len(results), refused), 10000)
        if window.isVisible():
            box = QMessageBox(QMessageBox.Icon.Information if not refused else QMessageBox.Icon.Warning,
                              tr("Kết quả nhập số liệu"),
                              arg(tr("Đã xử lý %1 tệp; %2 tệp bị từ chối."), len(results), refused), parent=window)
            box.setDetailedText("\n".join(r.summary_vi() for r in results))
            box.open()
        if then is not None:
            then(outcome)

    return run_in_background(window, work, title=tr("Đang nhập số liệu…"), on_success=done,
                             on_failure=_failed(window, tr("Không nhập được số liệu")))
