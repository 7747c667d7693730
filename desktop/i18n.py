"""Translation the Qt way. Texts are marked at their source and written in Vietnamese, the interface's
first language; ``pyside6-lupdate`` extracts them into ``resources/translations/bieumau_en.ts`` and
``pyside6-lrelease`` compiles the ``.qm`` the app loads for English.

How a window uses it:

* ``self.tr("Lưu")`` inside a QObject subclass, ``tr("Lưu")`` elsewhere (this module's ``tr``; lupdate
  files it under the empty context), ``QT_TRANSLATE_NOOP("", "…")`` for tables of texts translated later.
  A mark takes a literal only — lupdate cannot read a variable — and no second argument.
* Texts built at run time keep ``%1``, ``%2``… in the marked template: ``arg(tr("%1 lỗi"), n)``.
* Every window sets its texts in one ``retranslate()`` method, called at the end of ``__init__``; the
  ``Retranslating`` mixin calls it again when the language changes (``QEvent.LanguageChange``, which Qt
  sends to every widget when a translator is installed or removed).

``install_language`` loads the compiled ``.qm`` files: ours for English, and Qt's own texts (standard
buttons, text-field menus, file dialogs) in the same language — ``qtbase_vi.qm`` is ours, written by hand
in ``resources/translations/qtbase_vi.ts``, since Qt ships no Vietnamese. Updating the translations is a
build step, ``./dev.sh translations`` (``desktop/i18n_build.py``), never run by the app.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLibraryInfo, QTranslator

from operations.texts import arg as arg  # the one %1 filler, shared with the operations' texts

CONTEXT = ""  # the context lupdate gives a bare tr("…")

LANGUAGES = ("vi", "en")
# Each language is named in itself and the menu in both, in every language: whoever cannot read the
# current interface still finds the way back.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
LANGUAGE_MENU_TITLE = "Ngôn ngữ / Language"

# Translators installed by ``install_language``, removed by the next call (a module global: the app
# has one QApplication, and tests reuse it across languages).
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """The installed language's text for the Vietnamese ``text``."""
    return QCoreApplication.translate(CONTEXT, text)


class Retranslating:
    """Mixin for windows and dialogs: ``retranslate()`` runs again on ``QEvent.LanguageChange``.
    List it before the Qt base class: ``class EntryWindow(Retranslating, QMainWindow)``."""

    def retranslate(self) -> None:  # pragma: no cover - every window overrides it
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def translations_dir() -> Path:
    """``resources/translations`` wherever the package is (source tree, wheel or frozen app)."""
    import resources

    return Path(resources.__file__).resolve().parent / "translations"


def _qm_files(lang: str) -> list[tuple[str, str]]:
    """(folder, file name) of the compiled translations ``lang`` needs; Vietnamese is the source
    language of our texts, so it needs only Qt's own."""
    ours = str(translations_dir())
    if lang == "vi":
        return [(ours, "qtbase_vi.qm")]
    qt = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return [(ours, f"bieumau_{lang}.qm"), (qt, f"qtbase_{lang}.qm")]


_language = "vi"


def current_language() -> str:
    """The language last installed by ``install_language`` (Vietnamese until then)."""
    return _language


# the names of forms.units.LEVEL_NAMES_VI, marked here for lupdate (a test keeps the two equal)
LEVEL_MARKS = (QT_TRANSLATE_NOOP("", "Tỉnh"), QT_TRANSLATE_NOOP("", "Sở, ngành"), QT_TRANSLATE_NOOP("", "Huyện"),
               QT_TRANSLATE_NOOP("", "Xã"))


def level_text(level: str) -> str:
    """A unit level as the interface names it (Tỉnh, Sở, ngành, Huyện, Xã)."""
    from forms.units import LEVEL_NAMES_VI

    return tr(LEVEL_NAMES_VI[level]) if level in LEVEL_NAMES_VI else level


def refusal_text(exc: BaseException) -> str:
    """A refusal (``BieumauError``) in the interface language, from the core's message catalogue."""
    text = getattr(exc, "text", None)
    return text(_language) if callable(text) else str(exc)


def period_name(period) -> str:
    """A period as the interface names it: «Quý II/2024» or «Q2 2024» (``forms.periods.Period``)."""
    return period.name_en if _language == "en" else period.name_vi


def install_language(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Make ``lang`` the interface language: the previous translators out, this language's in. Qt then
    sends ``LanguageChange`` to every widget, and ``Retranslating`` windows set their texts again.
    A missing file (PySide6 without ``qtbase_en``) just leaves those texts in their source language."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _language = lang
    while _installed:
        app.removeTranslator(_installed.pop())
    for folder, name in _qm_files(lang):
        path = Path(folder) / name
        translator = QTranslator(app)
        if path.is_file() and translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
    return list(_installed)
