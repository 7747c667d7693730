"""English for a Vietnamese-first app. The Vietnamese text itself is the translation key: a context-free
QTranslator reads ``resources/translations/bieumau_en.ts`` and a language filter re-labels widgets as they
are shown, so windows written with plain Vietnamese strings need no rewriting.

Entries whose source holds ``%1``, ``%2``… match texts built at run time ("3 lỗi · 1 cảnh báo").
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

LANGUAGES = ("vi", "en")
CONTEXT = "bieumau"
_PLACEHOLDER = re.compile(r"%(\d)")


def translations_dir() -> Path:
    """``resources/translations`` wherever the package is (source tree, wheel or frozen app)."""
    import resources

    return Path(resources.__file__).resolve().parent / "translations"


def tr(text: str) -> str:
    """The installed language's text for ``text`` (the Vietnamese source); Vietnamese when none is installed."""
    return QCoreApplication.translate(CONTEXT, text)


def read_ts(path: Path) -> dict[str, str]:
    """Finished messages of a Qt .ts file, source → translation, whatever their context."""
    from defusedxml import ElementTree

    found: dict[str, str] = {}
    for message in ElementTree.parse(path).getroot().iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if not source or translation is None or not (translation.text or "").strip():
            continue
        if translation.get("type") in ("unfinished", "obsolete", "vanished"):
            continue
        found[source] = translation.text
    return found


class VietnameseKeyTranslator(QTranslator):
    """Maps Vietnamese text to another language whatever the context; patterns for run-time texts."""

    def __init__(self, messages: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages = {k: v for k, v in messages.items() if not _PLACEHOLDER.search(k)}
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for source, target in messages.items():
            if _PLACEHOLDER.search(source):
                parts = _PLACEHOLDER.split(source)
                regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<p{p}>.*?)" for i, p in enumerate(parts))
                self.patterns.append((re.compile(f"^{regex}$", re.S), target))
        # longer patterns first so "… lỗi · … cảnh báo" wins over "… lỗi"
        self.patterns.sort(key=lambda item: -len(item[0].pattern))

    @classmethod
    def for_language(cls, lang: str, parent: QObject | None = None) -> VietnameseKeyTranslator | None:
        path = translations_dir() / f"bieumau_{lang}.ts"
        if lang == "vi" or not path.exists():
            return None
        return cls(read_ts(path), parent)

    def isEmpty(self) -> bool:
        return not (self.messages or self.patterns)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None is a null QString, which lets Qt fall back to the source; "" would blank the text
        return self.lookup(source)

    def lookup(self, text: str, *, inner: bool = False) -> str | None:
        """The translation of ``text``; ``inner`` for a part of a matched pattern, where only patterns
        that start with words apply, so "%1 và %2" never rewrites a unit name inside a title."""
        if not text:
            return None
        found = self.messages.get(text)
        if found is not None:
            return found
        stripped = text.strip()
        if stripped != text and stripped in self.messages:
            return text.replace(stripped, self.messages[stripped])
        for pattern, target in self.patterns:
            if inner and pattern.pattern.startswith("^(?P<p"):
                continue
            m = pattern.match(text)
            if m:
                out = target
                for name, value in m.groupdict().items():
                    out = out.replace(f"%{name[1:]}", self.lookup(value, inner=True) or value)
                return out
        return None


def _swap(translator: VietnameseKeyTranslator, text: str, *, inner: bool = False) -> str | None:
    if not text:
        return None
    found = translator.lookup(text, inner=inner)
    if found is None and "&" in text:
        found = translator.lookup(text.replace("&", ""))
    return found if found is not None and found != text else None


def translate_widget(translator: VietnameseKeyTranslator, widget: QWidget) -> None:
    """Re-label one widget (not its children): title, text, tooltip, placeholder, header, actions."""
    for getter, setter in (("windowTitle", "setWindowTitle"), ("toolTip", "setToolTip"),
                           ("statusTip", "setStatusTip")):
        new = _swap(translator, getattr(widget, getter)())
        if new is not None:
            getattr(widget, setter)(new)
    if isinstance(widget, (QLabel, QAbstractButton)):
        new = _swap(translator, widget.text())
        if new is not None:
            widget.setText(new)
    if isinstance(widget, QGroupBox):
        new = _swap(translator, widget.title())
        if new is not None:
            widget.setTitle(new)
    if isinstance(widget, QMenu):
        new = _swap(translator, widget.title())
        if new is not None:
            widget.setTitle(new)
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        new = _swap(translator, widget.placeholderText())
        if new is not None:
            widget.setPlaceholderText(new)
    if isinstance(widget, QComboBox):
        _translate_combo(translator, widget, range(widget.count()))
    if isinstance(widget, QComboBox) and widget.isEditable() and widget.lineEdit() is not None:
        new = _swap(translator, widget.lineEdit().placeholderText())
        if new is not None:
            widget.lineEdit().setPlaceholderText(new)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            new = _swap(translator, widget.tabText(i))
            if new is not None:
                widget.setTabText(i, new)
    if isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        for i in range(header.columnCount()):
            new = _swap(translator, header.text(i))
            if new is not None:
                header.setText(i, new)
        for item in widget.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            for column in range(item.columnCount()):
                for getter, setter in (("text", "setText"), ("toolTip", "setToolTip")):
                    new = _swap(translator, getattr(item, getter)(column))
                    if new is not None:
                        getattr(item, setter)(column, new)
    if isinstance(widget, QAbstractItemView):
        _translate_model_headers(translator, widget)
    for action in widget.actions():
        for getter, setter in (("text", "setText"), ("toolTip", "setToolTip"), ("iconText", "setIconText")):
            new = _swap(translator, getattr(action, getter)())
            if new is not None:
                getattr(action, setter)(new)


def _translate_combo(translator: VietnameseKeyTranslator, combo: QComboBox, rows) -> None:
    # item data (codes) stays; only the shown text changes, e.g. "Quý II/2024" → "Q2/2024"
    for i in rows:
        new = _swap(translator, combo.itemText(i), inner=True)  # items are mostly data: no catch-all patterns
        if new is not None:
            combo.setItemText(i, new)


def _translate_model_headers(translator: VietnameseKeyTranslator, view: QAbstractItemView) -> None:
    # Table models of the entry grid keep their fixed headers in a ``headers`` list; relabel it in place.
    model = view.model()
    headers = getattr(model, "headers", None)
    if not isinstance(headers, list):
        return
    changed = False
    for i, text in enumerate(headers):
        new = _swap(translator, text) if isinstance(text, str) else None
        if new is not None:
            headers[i] = new
            changed = True
    if changed and headers:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)


def translate_tree(translator: VietnameseKeyTranslator, root: QWidget) -> None:
    translate_widget(translator, root)
    for child in root.findChildren(QWidget):
        translate_widget(translator, child)
    for menu in root.findChildren(QMenu):
        translate_widget(translator, menu)


_REPAINTED = (QLabel, QAbstractButton, QDockWidget, QAbstractItemView)


class LanguageFilter(QObject):
    """Re-labels widgets when they are shown, and labels and buttons when they repaint with new text."""

    def __init__(self, translator: VietnameseKeyTranslator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.translator = translator

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and isinstance(watched.parent(), QComboBox):
            _translate_combo(self.translator, watched.parent(), range(watched.parent().count()))
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget):
            if watched.isWindow():
                translate_tree(self.translator, watched)
            else:
                translate_widget(self.translator, watched)
        elif kind == QEvent.Type.Paint and isinstance(watched, QComboBox):
            # a combo refilled after it was shown: its current text now, the list when it pops up
            if watched.currentIndex() >= 0:
                _translate_combo(self.translator, watched, [watched.currentIndex()])
        elif (kind == QEvent.Type.Paint and isinstance(watched, _REPAINTED)) or (
            kind in (QEvent.Type.WindowTitleChange, QEvent.Type.ToolTip) and isinstance(watched, QWidget)
        ):
            translate_widget(self.translator, watched)
        return False


def install_language(app: QApplication, lang: str) -> VietnameseKeyTranslator | None:
    """Install the translator and the widget filter for ``lang`` ("vi" installs nothing)."""
    previous = getattr(app, "_bieumau_language", None)
    if previous is not None:
        translator, language_filter = previous
        app.removeTranslator(translator)
        app.removeEventFilter(language_filter)
        app._bieumau_language = None  # type: ignore[attr-defined]
    translator = VietnameseKeyTranslator.for_language(lang, app)
    if translator is None:
        return None
    app.installTranslator(translator)
    language_filter = LanguageFilter(translator, app)
    app.installEventFilter(language_filter)
    app._bieumau_language = (translator, language_filter)  # type: ignore[attr-defined]
    return translator
