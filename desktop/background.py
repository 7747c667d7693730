"""Long work off the UI thread (Anki's QueryOp habit): a function for the background that reports
progress and checks for Cancel, and callbacks that run back on the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.i18n import tr
from forms.errors import BieumauError


class Cancelled(BieumauError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__(tr("Đã hủy theo yêu cầu."))


class TaskState:
    """Handed to the background function: report progress, ask whether Cancel was pressed."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, label: str = "") -> None:
        self._emit(done, total, label)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` when the user pressed Cancel (call between items)."""
        if self._cancel.is_set():
            raise Cancelled()


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[TaskState], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.state = TaskState(self.progressed.emit)

    def run(self) -> None:
        try:
            result = self.fn(self.state)
        except Exception as exc:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """One running job; keeps its thread alive until the job ends."""

    finished = Signal()

    def __init__(self, parent: QObject | None, fn: Callable[[TaskState], Any], title: str,
                 on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None] | None,
                 show_dialog: bool) -> None:
        super().__init__(parent)
        self.thread = QThread()
        self.worker = _Worker(fn)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.on_success, self.on_failure = on_success, on_failure
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            widget = parent if isinstance(parent, QWidget) else None
            self.dialog = QProgressDialog(title, tr("Hủy"), 0, 0, widget)
            self.dialog.setWindowTitle(tr("Đang xử lý"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self.cancel)
            self.worker.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self.done = False

    @property
    def state(self) -> TaskState:
        return self.worker.state

    def start(self) -> BackgroundTask:
        self.thread.start()
        return self

    def cancel(self) -> None:
        self.worker.state.cancel()

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            if label:
                self.dialog.setLabelText(label)

    def _end(self) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
        self.done = True
        self.finished.emit()

    def _succeeded(self, result: Any) -> None:
        self._end()
        self.on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        if self.on_failure is not None:
            self.on_failure(exc)
        else:
            raise exc


def run_in_background(parent: QObject | None, fn: Callable[[TaskState], Any], *, title: str,
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None] | None = None,
                      show_dialog: bool = True) -> BackgroundTask:
    """Run ``fn(state)`` on a worker thread with a progress dialog and a working Cancel."""
    task = BackgroundTask(parent, fn, title, on_success, on_failure, show_dialog)
    if parent is not None:
        # keep a reference until the job ends so Python does not collect the thread
        jobs = parent.__dict__.setdefault("_background_jobs", [])
        jobs.append(task)
        task.finished.connect(lambda: jobs.remove(task) if task in jobs else None)
    return task.start()
