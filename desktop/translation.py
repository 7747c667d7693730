"""English for a Vietnamese-first app. The Vietnamese text itself is the translation key: a context-free
QTranslator reads ``resources/translations/bieumau_en.ts`` and a language filter re-labels widgets as they
are shown, so windows written with plain Vietnamese strings need no rewriting.

Entries whose source holds ``%1``, ``%2``… match texts built at run time ("3 lỗi · 1 cảnh báo").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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
    QTreeWidgetItem,
    QWidget,
)

LANGUAGES = ("vi", "en")
# Each language is named in itself and the menu in both, in every language: whoever cannot read the
# current interface still finds the way back.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
LANGUAGE_MENU_TITLE = "Ngôn ngữ / Language"
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
        # tr() is mostly called with the template itself ("%1/%2 biểu đã nộp"), filled in afterwards
        self.templates = {k: v for k, v in messages.items() if _PLACEHOLDER.search(k)}
        ranked: list[tuple[int, re.Pattern[str], str]] = []
        for source, target in self.templates.items():
            parts = _PLACEHOLDER.split(source)
            regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<p{p}>.*?)" for i, p in enumerate(parts))
            ranked.append((len(_PLACEHOLDER.sub("", source)), re.compile(f"^{regex}$", re.S), target))
        # the most literal text first, so "… lỗi · … cảnh báo" wins over "… lỗi" and "%1/%2 biểu đã nộp"
        # over "%1/%2 %3 đã nộp"
        ranked.sort(key=lambda item: -item[0])
        self.patterns: list[tuple[re.Pattern[str], str]] = [(pattern, target) for _, pattern, target in ranked]

    @classmethod
    def for_language(cls, lang: str, parent: QObject | None = None) -> VietnameseKeyTranslator | None:
        path = translations_dir() / f"bieumau_{lang}.ts"
        if lang == "vi" or not path.exists():
            return None
        return cls(read_ts(path), parent)

    @classmethod
    def back_to_vietnamese(cls, parent: QObject | None = None) -> VietnameseKeyTranslator:
        """Translation → Vietnamese for the fixed texts of every language; a translation shared by two
        Vietnamese texts ("In progress") is left out, as are run-time patterns."""
        back: dict[str, str | None] = {}
        for lang in LANGUAGES:
            path = translations_dir() / f"bieumau_{lang}.ts"
            if lang == "vi" or not path.exists():
                continue
            for source, target in read_ts(path).items():
                if not _PLACEHOLDER.search(source):
                    back[target] = source if back.get(target, source) == source else None
        return cls({k: v for k, v in back.items() if v is not None}, parent)

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
        if found is None and not inner:
            found = self.templates.get(text)
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


# --- relabelling -------------------------------------------------------------------------------
# Relabelling writes the translation over the widget's Vietnamese text, so the original is kept beside
# it (a dynamic property, or an item data role) for switching back to Vietnamese while the app runs.
_VI, _SHOWN = "bieumau_vi:", "bieumau_shown:"
_ROLE_VI = int(Qt.ItemDataRole.UserRole) + 0x5600  # far above the UserRole our items keep their codes in
_ROLE_SHOWN = _ROLE_VI + 1
_ROLE_TIP_VI, _ROLE_TIP_SHOWN = _ROLE_VI + 2, _ROLE_VI + 3

_Memory = tuple[str | None, str | None]  # (Vietnamese original, translation shown in its place)


@dataclass
class _Slot:
    """One text a widget shows, and where its Vietnamese original is remembered while translated."""

    get: Callable[[], str]
    set: Callable[[str], None]
    load: Callable[[], _Memory]
    store: Callable[[str | None, str | None], None]
    inner: bool = False  # a data-like text (combo items): only patterns that start with words apply


def _object_slot(obj: QObject, key: str, getter: str, setter: str) -> _Slot:
    def store(vi: str | None, shown: str | None) -> None:
        obj.setProperty(_VI + key, vi)
        obj.setProperty(_SHOWN + key, shown)

    return _Slot(getattr(obj, getter), getattr(obj, setter),
                 lambda: (obj.property(_VI + key), obj.property(_SHOWN + key)), store)


def _combo_slot(combo: QComboBox, i: int) -> _Slot:
    def store(vi: str | None, shown: str | None) -> None:
        combo.setItemData(i, vi, _ROLE_VI)
        combo.setItemData(i, shown, _ROLE_SHOWN)

    return _Slot(lambda: combo.itemText(i), lambda text: combo.setItemText(i, text),
                 lambda: (combo.itemData(i, _ROLE_VI), combo.itemData(i, _ROLE_SHOWN)), store, inner=True)


def _tree_item_slots(item: QTreeWidgetItem, column: int) -> list[_Slot]:
    def slot(getter: str, setter: str, vi_role: int, shown_role: int) -> _Slot:
        def store(vi: str | None, shown: str | None) -> None:
            item.setData(column, vi_role, vi)
            item.setData(column, shown_role, shown)

        return _Slot(lambda: getattr(item, getter)(column), lambda text: getattr(item, setter)(column, text),
                     lambda: (item.data(column, vi_role), item.data(column, shown_role)), store)

    return [slot("text", "setText", _ROLE_VI, _ROLE_SHOWN),
            slot("toolTip", "setToolTip", _ROLE_TIP_VI, _ROLE_TIP_SHOWN)]


def _tab_slot(tabs: QTabWidget, i: int) -> _Slot:
    def store(vi: str | None, shown: str | None) -> None:
        tabs.setProperty(f"{_VI}tab{i}", vi)
        tabs.setProperty(f"{_SHOWN}tab{i}", shown)

    return _Slot(lambda: tabs.tabText(i), lambda text: tabs.setTabText(i, text),
                 lambda: (tabs.property(f"{_VI}tab{i}"), tabs.property(f"{_SHOWN}tab{i}")), store)


def _header_slot(model: QObject, headers: list, i: int) -> _Slot:
    def set_header(text: str) -> None:
        headers[i] = text

    def store(vi: str | None, shown: str | None) -> None:
        model.setProperty(f"{_VI}header{i}", vi)
        model.setProperty(f"{_SHOWN}header{i}", shown)

    return _Slot(lambda: headers[i], set_header,
                 lambda: (model.property(f"{_VI}header{i}"), model.property(f"{_SHOWN}header{i}")), store)


def _widget_slots(widget: QWidget) -> list[_Slot]:
    """Every text of one widget (not its children) a language change relabels."""
    slots = [_object_slot(widget, key, key, setter) for key, setter in (
        ("windowTitle", "setWindowTitle"), ("toolTip", "setToolTip"), ("statusTip", "setStatusTip"))]
    if isinstance(widget, (QLabel, QAbstractButton)):
        slots.append(_object_slot(widget, "text", "text", "setText"))
    if isinstance(widget, (QGroupBox, QMenu)):
        slots.append(_object_slot(widget, "title", "title", "setTitle"))
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        slots.append(_object_slot(widget, "placeholderText", "placeholderText", "setPlaceholderText"))
    if isinstance(widget, QComboBox):
        slots += [_combo_slot(widget, i) for i in range(widget.count())]
        if widget.isEditable() and widget.lineEdit() is not None:
            slots.append(_object_slot(widget.lineEdit(), "placeholderText", "placeholderText", "setPlaceholderText"))
    if isinstance(widget, QTabWidget):
        slots += [_tab_slot(widget, i) for i in range(widget.count())]
    if isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        slots += [s for i in range(header.columnCount()) for s in _tree_item_slots(header, i)[:1]]
        for item in widget.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            slots += [s for column in range(item.columnCount()) for s in _tree_item_slots(item, column)]
    for action in widget.actions():
        # text first: an action's tooltip follows its text unless one was set
        for key in ("text", "toolTip", "iconText"):
            slots.append(_object_slot(action, key, key, "set" + key[0].upper() + key[1:]))
    return slots


def _to_translation(translator: VietnameseKeyTranslator, slot: _Slot) -> bool:
    text = slot.get()
    new = _swap(translator, text, inner=slot.inner)
    if new is None:
        return False
    slot.store(text, new)
    slot.set(new)
    return True


def _to_vietnamese(back: VietnameseKeyTranslator | None, slot: _Slot) -> bool:
    """The remembered original when the text is still the translation put there; else the reverse
    lookup for texts built in the other language (``tr`` while it was installed)."""
    text = slot.get()
    vi, shown = slot.load()
    if vi is not None or shown is not None:
        slot.store(None, None)
    if vi is not None and text == shown:
        new: str | None = vi
    else:
        new = _swap(back, text, inner=slot.inner) if back is not None else None
    if new is None or new == text:
        return False
    slot.set(new)
    return True


def _model_header_slots(view: QAbstractItemView) -> tuple[QObject | None, list[_Slot]]:
    # Table models of the entry grid keep their fixed headers in a ``headers`` list; relabel it in place.
    model = view.model()
    headers = getattr(model, "headers", None)
    if not isinstance(headers, list):
        return None, []
    return model, [_header_slot(model, headers, i) for i, text in enumerate(headers) if isinstance(text, str)]


def _relabel(widget: QWidget, change: Callable[[_Slot], bool]) -> None:
    for slot in _widget_slots(widget):
        change(slot)
    if isinstance(widget, QAbstractItemView):
        model, slots = _model_header_slots(widget)
        changed = [change(slot) for slot in slots]
        if model is not None and any(changed):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)


def translate_widget(translator: VietnameseKeyTranslator, widget: QWidget) -> None:
    """Re-label one widget (not its children): title, text, tooltip, placeholder, header, actions."""
    _relabel(widget, lambda slot: _to_translation(translator, slot))


def _translate_combo(translator: VietnameseKeyTranslator, combo: QComboBox, rows) -> None:
    # item data (codes) stays; only the shown text changes, e.g. "Quý II/2024" → "Q2/2024"
    for i in rows:
        _to_translation(translator, _combo_slot(combo, i))


def restore_widget(back: VietnameseKeyTranslator | None, widget: QWidget) -> None:
    """Put one widget's Vietnamese texts back (switching to Vietnamese while the app runs)."""
    _relabel(widget, lambda slot: _to_vietnamese(back, slot))


def _tree(root: QWidget) -> list[QWidget]:
    return [root, *root.findChildren(QWidget)]


def translate_tree(translator: VietnameseKeyTranslator, root: QWidget) -> None:
    for widget in _tree(root):
        translate_widget(translator, widget)


def restore_tree(back: VietnameseKeyTranslator | None, root: QWidget) -> None:
    for widget in _tree(root):
        restore_widget(back, widget)


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


# Qt's own texts (standard buttons, text-field menus) when no qtbase_vi.qm ships with PySide6.
QT_TEXTS_VI = {
    "OK": "OK", "&OK": "&OK", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả", "Open": "Mở",
    "&Yes": "&Có", "Yes": "Có", "Yes to &All": "Có với &tất cả", "&No": "&Không", "No": "Không",
    "N&o to All": "&Không với tất cả", "Abort": "Hủy bỏ", "Retry": "Thử lại", "Ignore": "Bỏ qua",
    "Close": "Đóng", "&Close": "Đó&ng", "Cancel": "Hủy", "&Cancel": "&Hủy", "Discard": "Bỏ thay đổi",
    "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu", "Help": "Trợ giúp",
    "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…",
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán",
    "Delete": "Xóa", "Select All": "Chọn tất cả", "Copy &Link Location": "Sao chép địa chỉ liên &kết",
}


class QtTextsVietnamese(QTranslator):
    """Qt's own button and menu texts in Vietnamese, for when PySide6 ships no qtbase_vi translation."""

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return None if context == CONTEXT else QT_TEXTS_VI.get(source)


def install_qt_texts(app: QApplication, lang: str) -> QTranslator | None:
    """Qt's own texts (Close, Yes, No…) in the interface language: qtbase_vi from PySide6's translations
    folder when it ships, else our own short list; English needs nothing."""
    previous = getattr(app, "_bieumau_qt_texts", None)
    if previous is not None:
        app.removeTranslator(previous)
        app._bieumau_qt_texts = None  # type: ignore[attr-defined]
    if lang != "vi":
        return None
    from PySide6.QtCore import QLibraryInfo, QLocale

    translator: QTranslator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", folder):
        translator = QtTextsVietnamese(app)
    app.installTranslator(translator)
    app._bieumau_qt_texts = translator  # type: ignore[attr-defined]
    return translator


def install_language(app: QApplication, lang: str) -> VietnameseKeyTranslator | None:
    """Install the translator and the widget filter for ``lang`` ("vi" installs only Qt's own texts)."""
    install_qt_texts(app, lang)
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


def relabel_open_windows(app: QApplication, lang: str) -> None:
    """Switch every open window to ``lang`` without closing it: install the language, put fixed texts in
    the new language, and let each window that has ``retranslate()`` rebuild the texts it computes."""
    translator = install_language(app, lang)
    back = None if translator is not None else VietnameseKeyTranslator.back_to_vietnamese()
    windows = [w for w in app.topLevelWidgets() if w.windowType() != Qt.WindowType.Desktop]
    for window in windows:
        if translator is None:
            restore_tree(back, window)
    for window in windows:
        retranslate = getattr(window, "retranslate", None)
        if callable(retranslate):
            retranslate()
    if translator is not None:
        for window in windows:
            translate_tree(translator, window)
