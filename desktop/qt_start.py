"""The Qt side of starting the app from the command line (``bieumau gui``, ``bieumau selftest``): the
virtual screen for screenshots, waiting for a window's background work, quiet platform warnings and where
Qt keeps its plugins. The commands in cli/ call these, so only desktop/ imports Qt."""

from __future__ import annotations

import sys
from pathlib import Path


def offscreen_screen(size: tuple[int, int]) -> None:
    """Headless (``QT_QPA_PLATFORM=offscreen``), give the virtual screen the size asked for, so the window
    fits itself to it as on that office PC (the plugin's own screen is 800×600)."""
    import json
    import os
    import tempfile

    from PySide6.QtWidgets import QApplication

    if os.environ.get("QT_QPA_PLATFORM") != "offscreen" or QApplication.instance() is not None:
        return
    screen = {"name": "bieumau", "x": 0, "y": 0, "width": size[0], "height": size[1],
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    handle, path = tempfile.mkstemp(prefix="bieumau-screen-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump({"screens": [screen]}, out)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"
    import atexit

    atexit.register(lambda: os.path.exists(path) and os.remove(path))


def wait_until_loaded(window) -> None:
    """The dashboard validates in the background first; wait for it in an event loop, not a busy loop."""
    task = getattr(window, "task", None)
    if task is None or task.done:
        return
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()


def quiet_qt_warnings() -> None:
    """The offscreen platform warns about window hints it ignores; keep the report to our own lines."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            sys.stderr.write(f"Qt: {message}\n")

    qInstallMessageHandler(handler)


def qt_plugins_folder() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
