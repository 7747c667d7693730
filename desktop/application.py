"""Starting the Qt application: one QApplication, Vietnamese locale, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("bieumau")
        app.setOrganizationName("bieumau")
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        font = QFont(app.font())
        font.setPointSize(max(font.pointSize(), 10))
        app.setFont(font)
    return app  # type: ignore[return-value]


def build_main_window(ctx: AppContext, *, unit: str | None = None, form: str | None = None,
                      period: str | None = None):
    from desktop.main_window import MainWindow

    return MainWindow(ctx, (unit, form, period))
