"""Transitional, removed by the lead after merge: the widget-scraping translation is gone; texts are
marked at their source with ``desktop.i18n``. This shim only keeps the modules that still import from
here working until every helper's branch has switched its imports to ``desktop.i18n``."""

from desktop.i18n import (
    LANGUAGE_MENU_TITLE,
    LANGUAGE_NAMES,
    LANGUAGES,
    install_language,
    tr,
    translations_dir,
)

__all__ = ["LANGUAGES", "LANGUAGE_MENU_TITLE", "LANGUAGE_NAMES", "install_language", "tr", "translations_dir"]
