"""Starting the Qt application: one QApplication, Vietnamese locale, the main window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from operations.context import AppContext


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        # what is loaded by now (the libraries, the catalogue, the context) lives as long as the app: out of
        # the collector's sight, the collections while the window is built walk only what is new (~25 ms)
        gc.freeze()
        app = QApplication(sys.argv[:1])
        app.setApplicationName("bieumau")
        app.setOrganizationName("bieumau")
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        font = QFont(app.font())
        font.setPointSize(max(font.pointSize(), 10))
        app.setFont(font)
        app.setDesktopFileName("bieumau")
        from desktop.i18n import install_language

        install_language(app, "vi")  # Qt's own buttons in Vietnamese until apply_language picks the language
        icon = _icon_path()
        if icon is not None:
            app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def _icon_path() -> Path | None:
    here = Path(__file__).resolve().parent.parent / "resources" / "icons" / "bieumau.png"
    return here if here.exists() else None


def build_main_window(ctx: AppContext, *, unit: str | None = None, form: str | None = None,
                      period: str | None = None):
    from desktop.main_window import MainWindow

    return MainWindow(ctx, (unit, form, period))


def apply_language(app: QApplication, ctx: AppContext, lang: str | None = None) -> None:
    """Install the interface language: ``--lang`` first, else the "lang" setting, else Vietnamese."""
    from desktop.i18n import LANGUAGES, install_language

    chosen = lang or ctx.settings.get("lang") or "vi"
    ctx.lang = chosen if chosen in LANGUAGES else "vi"
    install_language(app, ctx.lang)


def switch_language(app: QApplication, ctx: AppContext, lang: str) -> None:
    """The language chosen in the menu: remembered in the settings and applied to the open windows (each
    ``Retranslating`` window sets its texts again on the ``LanguageChange`` Qt sends it)."""
    from desktop.i18n import LANGUAGES, install_language

    if lang not in LANGUAGES:
        raise ValueError(lang)
    ctx.settings.set("lang", lang)
    if lang == ctx.lang:
        return
    ctx.lang = lang
    install_language(app, lang)


def build_view(view: str, ctx: AppContext, *, unit: str | None = None, form: str | None = None,
               period: str | None = None):
    """A window of the workspace opened on its own (``bieumau gui --view``)."""
    if view == "dashboard":
        from desktop.dashboard import DashboardWindow

        window = DashboardWindow(ctx, period=period, scope=unit)
        window.open_requested.connect(lambda u, f, p: _entry_window(ctx, window).open_place(u, f, p))
        return window
    if view == "charts":
        from desktop.charts import ChartsWindow

        return ChartsWindow(ctx, form_id=form, unit=unit, period=period)
    from desktop.approval import ApprovalWindow

    return ApprovalWindow(ctx, reviewer=unit, form_id=form, period=period)


def _entry_window(ctx: AppContext, owner):
    """The entry window a standalone workspace window opens forms in (made on first use)."""
    window = getattr(owner, "entry_window", None)
    if window is None:
        window = build_main_window(ctx)
        owner.entry_window = window
    window.show()
    window.raise_()
    return window
