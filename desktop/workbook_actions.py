"""The File menu's workbook actions: export the submission, write a blank template, import workbooks.

Each runs off the UI thread through ``run_in_background`` with progress and Cancel; refusals are shown
as Vietnamese dialogs, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.background import BackgroundTask, Cancelled, TaskState, run_in_background
from forms.errors import BieumauError

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def _remember_folder(window: MainWindow, path: str | Path) -> None:
    window.ctx.settings.set("last_folder", str(Path(path).parent))


def save_path(window: MainWindow, path: str | None, title: str, suffix: str, *, extension: str = ".xlsx",
              kind: str = "Sổ Excel (*.xlsx)") -> str | None:
    """``path`` when given (tests, scripts); otherwise ask, proposing FORM_UNIT_PERIOD{suffix}{extension} in
    the folder used last. The chosen folder is remembered."""
    if path is None:
        doc = window.doc
        assert doc is not None
        folder = Path(window.ctx.settings.get("last_folder") or Path.home())
        proposal = folder / f"{doc.form.id}_{doc.unit}_{doc.period.code}{suffix}{extension}"
        path, _ = QFileDialog.getSaveFileName(window, title, str(proposal), kind)
        if not path:
            return None
        asked = True
    else:
        asked = False
    from forms.output_paths import OutputPathError, check_output_path

    try:
        check_output_path(path, "xlsx")  # the same guard as the commands, before any work starts
    except OutputPathError as exc:
        window.statusBar().showMessage(exc.message, 10000)
        if asked:
            QMessageBox.warning(window, title, exc.message)
        return None
    _remember_folder(window, path)
    return path


def _failed(window: MainWindow, title: str):
    def show(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            window.statusBar().showMessage("Đã hủy.", 5000)
            return
        if isinstance(exc, BieumauError):
            QMessageBox.warning(window, title, exc.message)
            return
        from operations.crashlog import write_crash_log

        where = write_crash_log(exc)
        QMessageBox.critical(
            window, title, f"Lỗi không mong đợi ({type(exc).__name__}). Chi tiết đã ghi vào {where}."
        )

    return show


def export_submission(window: MainWindow, path: str | None = None) -> BackgroundTask | None:
    """Write the open form's submission workbook (values, marks of every violation, _meta)."""
    doc = window.doc
    if doc is None:
        return None
    path = save_path(window, path, "Xuất bộ số liệu nộp lên", "")
    if path is None:
        return None
    form, unit, period, db = doc.form, doc.unit, doc.period.code, window.ctx.db

    def work(state: TaskState):
        from operations.version import version
        from workbooks.submission_export import export_submission as export

        return export(db, form, unit, period, Path(path), app_version=version(),
                      progress=lambda done, total: state.progress(done, total, "Đang ghi sổ Excel…"),
                      cancelled=lambda: state.cancelled)

    def done(result) -> None:
        if window.doc is doc:  # the export recorded «Đã nộp»: the open form shows the stored status
            from storage.status import get_status

            doc.status = get_status(db, form.id, unit, period)
        problems = f"{result.errors} lỗi, {result.warnings} cảnh báo" if result.errors or result.warnings \
            else "không có lỗi"
        window.statusBar().showMessage(f"Đã xuất {Path(result.path).name}: {result.values} số liệu, {problems}.", 10000)

    return run_in_background(window, work, title="Đang xuất bộ số liệu…", on_success=done,
                             on_failure=_failed(window, "Không xuất được bộ số liệu"))


def export_pdf(window: MainWindow, path: str | None = None, *, open_after: bool | None = None) -> BackgroundTask | None:
    """Write the open form's paper as a PDF made by the app (Vietnamese notation whatever the Windows
    region), then open it in the PDF reader to print. Saved values only: unsaved edits are not printed."""
    doc = window.doc
    if doc is None:
        return None
    asked = path is None
    path = save_path(window, path, "In bản giấy (PDF)", "_ban_in", extension=".pdf", kind="Tệp PDF (*.pdf)")
    if path is None:
        return None
    form, unit, period, db = doc.form, doc.unit, doc.period.code, window.ctx.db

    def work(state: TaskState):
        from operations.version import version
        from workbooks.submission_export import export_pdf as export

        state.progress(0, 1, "Đang in ra PDF…")
        return export(db, form, unit, period, Path(path), app_version=version())

    def done(result) -> None:
        window.statusBar().showMessage(f"Đã in bản giấy ra {Path(result.path).name}.", 10000)
        if open_after if open_after is not None else asked:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    return run_in_background(window, work, title="Đang in bản giấy…", on_success=done,
                             on_failure=_failed(window, "Không in được bản giấy"))


def export_template(window: MainWindow, path: str | None = None) -> BackgroundTask | None:
    """Write a blank workbook for the open unit, period and form, to fill in Excel without the app."""
    doc = window.doc
    if doc is None:
        return None
    path = save_path(window, path, "Tạo mẫu nhập liệu Excel", "_mau")
    if path is None:
        return None
    form, unit, period, tree = doc.form, doc.unit, doc.period, window.ctx.units

    def work(state: TaskState):
        from operations.version import version
        from workbooks.heading import sheet_context
        from workbooks.template import write_template

        state.progress(0, 1, "Đang tạo mẫu…")
        return write_template(sheet_context(form, unit, period, tree, app_version=version()), Path(path))

    def done(result) -> None:
        window.statusBar().showMessage(f"Đã tạo mẫu nhập liệu {Path(result).name}.", 10000)

    return run_in_background(window, work, title="Đang tạo mẫu nhập liệu…", on_success=done,
                             on_failure=_failed(window, "Không tạo được mẫu nhập liệu"))


def import_workbooks(window: MainWindow, paths: list[str] | None = None,
                     dry_run: bool = False) -> BackgroundTask | None:
    """Import filled templates or submissions, each file all or nothing; a summary per file."""
    if paths is None:
        folder = window.ctx.settings.get("last_folder") or str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(window, "Nhập số liệu từ tệp Excel", folder, "Sổ Excel (*.xlsx)")
        if not paths:
            return None
    _remember_folder(window, paths[0])
    ctx = window.ctx

    def work(state: TaskState):
        from workbooks.merge import merge_files, newest_wins

        # the same door as the command line and the merge: each file all or nothing, files already
        # done stay done on Cancel, and a file older than the database's figures is refused
        return merge_files(ctx.db, paths, user=ctx.user, state=state, confirm_conflict=newest_wins,
                           catalogue=ctx.catalogue, dry_run=dry_run)

    def done(results) -> None:
        window.last_import = results
        refused = sum(1 for r in results if not r.ok)
        lines = "\n".join(r.summary_vi() for r in results)
        window.statusBar().showMessage(
            f"Đã xử lý {len(results)} tệp, {refused} tệp bị từ chối.", 10000
        )
        if window.isVisible():
            box = QMessageBox(QMessageBox.Icon.Information if not refused else QMessageBox.Icon.Warning,
                              "Kết quả nhập số liệu", f"Đã xử lý {len(results)} tệp; {refused} tệp bị từ chối.",
                              parent=window)
            box.setDetailedText(lines)
            box.open()
        window.reopen_current()

    return run_in_background(window, work, title="Đang nhập số liệu…", on_success=done,
                             on_failure=_failed(window, "Không nhập được số liệu"))
