"""Long work runs off the UI thread: the event loop keeps turning, and Cancel really stops the job."""

from __future__ import annotations

import time
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.background import Cancelled, TaskState, run_in_background


def slow_job(steps: int, seen: list[int]):
    def job(state: TaskState) -> int:
        for i in range(steps):
            state.check()
            state.progress(i, steps, f"Bước {i + 1}/{steps}")
            seen.append(i)
            time.sleep(0.02)
        return steps

    return job


def test_the_window_keeps_answering_while_a_long_job_runs(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    results: list[int] = []
    seen: list[int] = []
    task = run_in_background(parent, slow_job(25, seen), title="Đang kiểm tra…", on_success=results.append)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    timer.stop()
    assert results == [25]
    # the job slept about half a second; a UI thread blocked by it would not have ticked in between
    assert len(ticks) >= 10
    gaps = [b - a for a, b in pairwise(ticks)]
    assert max(gaps) < 0.25


def test_cancel_stops_the_job_early_and_reports_cancelled(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    failures: list[BaseException] = []
    successes: list[int] = []
    seen: list[int] = []
    task = run_in_background(parent, slow_job(500, seen), title="Đang kiểm tra…",
                             on_success=successes.append, on_failure=failures.append)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5_000)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert not successes
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert len(seen) < 100  # ended long before its 500 steps (10 s)


def test_the_progress_dialog_cancel_button_cancels(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    failures: list[BaseException] = []
    seen: list[int] = []
    task = run_in_background(parent, slow_job(500, seen), title="Đang kiểm tra…",
                             on_success=lambda _: None, on_failure=failures.append)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5_000)
    assert task.dialog is not None
    button = task.dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Hủy"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert failures and isinstance(failures[0], Cancelled)
    assert len(seen) < 100


def test_a_cancelled_state_raises_at_the_next_check() -> None:
    import pytest

    state = TaskState(lambda *_: None)
    state.check()
    state.cancel()
    assert state.cancelled
    with pytest.raises(Cancelled, match="Đã hủy"):
        state.check()
