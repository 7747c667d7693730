"""The docks beside the grid: the violations list and the selected cell's note, justification and history."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import Retranslating, arg, tr
from forms.values import CellKey
from operations.document import FormDocument, cell_order, violation_text


class Banner(QFrame):
    """A coloured strip above the grid: a standard icon (no emoji, which needs a font the PC may lack)
    and a wrapped sentence."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            "QFrame#banner { background: #fff3cd; border: 1px solid #e0c36a; }"
            " QLabel { color: #5c4400; background: transparent; }"
        )
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def show_message(self, icon: QStyle.StandardPixmap, text: str) -> None:
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.label.setText(text)
        self.label.setToolTip(text)
        self.show()

    def text(self) -> str:
        return self.label.text()


SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # where an item stands in the list's order
VIOLATION_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the violation an item shows
SEVERITY_ORDER = {"error": 0, "warning": 1}


class ViolationsPanel(Retranslating, QWidget):
    """Every problem of the open form; a click selects its cells in the grid.

    Rendered whole when a form opens or the language changes; after a write only the violations that
    appeared or went are inserted or removed (``apply_delta``), the other rows staying as they are."""

    cells_chosen = Signal(object)  # list[CellKey]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: FormDocument | None = None
        self._position = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_document(self.doc)

    def show_document(self, doc: FormDocument | None) -> None:
        self.doc = doc
        self.list.clear()
        if doc is None:
            self.summary.setText("")
            return
        self._position = cell_order(doc.form)
        # in the grid's order (row, then column), so the list reads down the form like the clerk does
        items = [self._item(v) for v in (*doc.violations, *doc.not_checked)]
        for item in sorted(items, key=lambda i: i.data(SORT_ROLE)):
            self.list.addItem(item)
        self._show_summary()

    def apply_delta(self, added, removed, cells=()) -> None:
        """The violations that went are taken out and those that appeared put in their place in the order;
        rows whose cells' justification changed (``cells``) are relabelled in place."""
        if self.doc is None:
            return
        for v in removed:
            for row in range(self.list.count()):
                if self.list.item(row).data(VIOLATION_ROLE) == v:
                    self.list.takeItem(row)
                    break
        for v in added:
            item = self._item(v)
            key = item.data(SORT_ROLE)
            row = next((r for r in range(self.list.count()) if self.list.item(r).data(SORT_ROLE) > key),
                       self.list.count())
            self.list.insertItem(row, item)
        touched = set(cells)
        if touched:
            for row in range(self.list.count()):
                item = self.list.item(row)
                v = item.data(VIOLATION_ROLE)
                if touched.intersection(tuple(c) for c in v.cells):
                    item.setText(self._text(v))
                    item.setToolTip(item.text())
        self._show_summary()

    def _item(self, v) -> QListWidgetItem:
        item = QListWidgetItem(self._text(v))
        item.setData(Qt.ItemDataRole.UserRole, [tuple(c) for c in v.cells])
        item.setData(VIOLATION_ROLE, v)
        checked = v.kind != "not_checked"
        order = SEVERITY_ORDER.get(v.severity, 2) if checked else 0
        item.setData(SORT_ROLE, (0 if checked else 1, *self._position(v), order, v.rule))
        item.setToolTip(item.text())
        if not checked:
            item.setBackground(QColor("#eef2f7"))
        elif v.is_error:
            item.setBackground(QColor("#fbe9eb"))
        return item

    def _text(self, v) -> str:
        doc = self.doc
        assert doc is not None
        # list items are not relabelled by the language filter, so they are translated here
        if v.kind == "not_checked":  # never passed silently: a check stopped by text is listed and counted
            label = tr("ℹ Chưa kiểm tra được")
        elif v.is_error:
            label = tr("✖ Lỗi")
        elif doc.is_justified(v):
            label = tr("✓ Đã giải trình")
        else:
            label = tr("⚠ Cảnh báo")
        return f"{label} — {violation_text(v, doc.form, doc.ctx.lang)}"

    def _show_summary(self) -> None:
        doc = self.doc
        assert doc is not None
        errors, warnings = doc.counts()
        not_checked = len(doc.not_checked)
        if not (errors or warnings or not_checked):
            self.summary.setText(tr("✓ Không phát hiện lỗi hay cảnh báo nào."))
        elif not (errors or warnings):
            self.summary.setText(arg(tr("✓ Không phát hiện lỗi hay cảnh báo nào; %1 kiểm tra chưa "
                                        "thực hiện được (ô có chữ thay vì số)."), not_checked))
        elif not_checked:
            self.summary.setText(arg(
                tr("%1 lỗi, %2 cảnh báo (%3 chưa giải trình), %4 kiểm tra chưa thực hiện được. "
                   "Nhấn vào một dòng để chọn các ô liên quan."),
                errors, warnings, doc.unjustified_warnings(), not_checked,
            ))
        else:
            self.summary.setText(arg(
                tr("%1 lỗi, %2 cảnh báo (%3 chưa giải trình). Nhấn vào một dòng để chọn các ô liên quan."),
                errors, warnings, doc.unjustified_warnings(),
            ))

    def _chosen(self, item: QListWidgetItem) -> None:
        cells = item.data(Qt.ItemDataRole.UserRole)
        if cells:
            self.cells_chosen.emit(cells)


class CellPanel(Retranslating, QWidget):
    """Note and justification of the selected cell, and its history (who, when, old → new).

    What is typed is saved as the field is left, as another cell is chosen, and on closing: ``edited``
    hands each changed text to the window, which stores it as an undo step like a value."""

    edited = Signal(object, str, str)  # (cell, "note" | "justification", text)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: FormDocument | None = None
        self.key: CellKey | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(60)
        self.justification = QPlainTextEdit()
        self.justification.setMaximumHeight(60)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.commit)
        for editor in (self.note, self.justification):
            editor.installEventFilter(self)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        self.note_label, self.justification_label, self.history_label = QLabel(), QLabel(), QLabel()
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.justification_label)
        layout.addWidget(self.justification)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        self.setEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setPlaceholderText(tr("Ghi chú cho ô này"))
        self.justification.setPlaceholderText(tr("Giải trình cho cảnh báo (bắt buộc để hoàn tất biểu mẫu)"))
        self.save_button.setText(tr("Lưu ghi chú và giải trình"))
        self.note_label.setText(tr("Ghi chú:"))
        self.justification_label.setText(tr("Giải trình:"))
        self.history_label.setText(tr("Lịch sử thay đổi:"))
        if self.doc is None or self.key is None or not self.key[1]:
            self.title.setText(tr("Chọn một ô số liệu để xem ghi chú và lịch sử."))
        self.show_history()  # not show_cell: a note being written stays as it is

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.note, self.justification):
            self.commit()
        return False

    def commit(self) -> None:
        """Hand over every text that differs from what is stored (nothing when the form is locked)."""
        if self.doc is None or self.key is None or not self.key[1] or self.doc.locked:
            return
        key, doc = self.key, self.doc
        # both read before either is stored: storing one shows the stored texts again
        texts = [(kind, editor.toPlainText().strip())
                 for kind, editor in (("note", self.note), ("justification", self.justification))]
        for kind, text in texts:
            if text != doc.note(*key, kind=kind):
                self.edited.emit(key, kind, text)

    def show_texts(self) -> None:
        """The stored note and justification of the shown cell (after an undo, or a save)."""
        if self.doc is None or self.key is None or not self.key[1]:
            return
        for kind, editor in (("note", self.note), ("justification", self.justification)):
            stored = self.doc.note(*self.key, kind=kind)
            if editor.toPlainText().strip() != stored:
                editor.setPlainText(stored)

    def show_cell(self, doc: FormDocument | None, key: CellKey | None) -> None:
        if (doc, key) != (self.doc, self.key):
            self.commit()  # what was typed for the cell being left is kept, never dropped
        self.doc, self.key = doc, key
        self.history.clear()
        if doc is None or key is None or not key[1]:
            self.title.setText(tr("Chọn một ô số liệu để xem ghi chú và lịch sử."))
            self.note.setPlainText("")
            self.justification.setPlainText("")
            self.setEnabled(False)
            return
        self.setEnabled(True)
        indicator = doc.form.indicator_map[key[0]]
        column = doc.form.column_map[key[1]].title
        self.title.setText(f"<b>{indicator.title}</b> — {column}")
        self.title.setToolTip(f"{indicator.title} — {column}")
        self.note.setPlainText(doc.note(*key))
        self.justification.setPlainText(doc.note(*key, kind="justification"))
        self.note.setReadOnly(doc.locked)
        self.justification.setReadOnly(doc.locked)
        self.save_button.setEnabled(not doc.locked)
        self.show_history()

    def show_history(self) -> None:
        """The selected cell's changes, newest first (again after a language switch)."""
        self.history.clear()
        if self.doc is None or self.key is None or not self.key[1]:
            return
        kinds = {"note": tr("ghi chú: "), "justification": tr("giải trình: "), "status": tr("trạng thái: ")}
        for entry in self.doc.history(self.key):
            when = entry.at.strftime("%d/%m/%Y %H:%M:%S")
            old = entry.old_raw or tr("(trống)")
            new = entry.new_raw or tr("(trống)")
            what = kinds.get(entry.kind, "")
            QListWidgetItem(f"{when} · {entry.user} · {what}{old} → {new} ({entry.source_vi})", self.history)
        if self.history.count() == 0:
            QListWidgetItem(tr("Chưa có thay đổi nào."), self.history)

    def save(self) -> None:
        self.commit()

