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
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

CONTEXT = ""  # the context lupdate gives a bare tr("…")


def tr(text: str) -> str:
    """The installed language's text for the Vietnamese ``text``."""
    return QCoreApplication.translate(CONTEXT, text)


def arg(template: str, *values: object) -> str:
    """Qt's ``QString.arg`` for Python strings: ``%1``… replaced, highest number first (so %1 never eats %10)."""
    out = template
    for i in range(len(values), 0, -1):
        out = out.replace(f"%{i}", str(values[i - 1]))
    return out


class Retranslating:
    """Mixin for windows and dialogs: ``retranslate()`` runs again on ``QEvent.LanguageChange``.
    List it before the Qt base class: ``class EntryWindow(Retranslating, QMainWindow)``."""

    def retranslate(self) -> None:  # pragma: no cover - every window overrides it
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
