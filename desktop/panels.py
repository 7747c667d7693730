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

from desktop.translation import tr
from operations.document import CellKey, FormDocument, cell_order, violation_text


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


class ViolationsPanel(QWidget):
    """Every problem of the open form; a click selects its cells in the grid."""

    cells_chosen = Signal(object)  # list[CellKey]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
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

    def show_document(self, doc: FormDocument | None) -> None:
        self.list.clear()
        if doc is None:
            self.summary.setText("")
            return
        order = {"error": 0, "warning": 1}
        position = cell_order(doc.form)
        # in the grid's order (row, then column), so the list reads down the form like the clerk does
        violations = sorted(doc.violations, key=lambda v: (position(v), order.get(v.severity, 2), v.rule))
        for v in violations:
            cells = [tuple(c) for c in v.cells]
            # list items are not relabelled by the language filter, so they are translated here
            label = tr("✖ Lỗi") if v.severity == "error" else tr("⚠ Cảnh báo")
            if v.severity == "warning" and any(doc.note(*c, kind="justification") for c in cells):
                label = tr("✓ Đã giải trình")
            item = QListWidgetItem(f"{label} — {violation_text(v, doc.form, doc.ctx.lang)}")
            item.setData(Qt.ItemDataRole.UserRole, cells)
            item.setToolTip(item.text())
            if v.severity == "error":
                item.setBackground(QColor("#fbe9eb"))
            self.list.addItem(item)
        not_checked = sorted(doc.not_checked, key=lambda v: (position(v), v.rule))
        for v in not_checked:  # never passed silently: a check stopped by text is listed and counted
            item = QListWidgetItem(f"{tr('ℹ Chưa kiểm tra được')} — {violation_text(v, doc.form, doc.ctx.lang)}")
            item.setData(Qt.ItemDataRole.UserRole, [tuple(c) for c in v.cells])
            item.setToolTip(item.text())
            item.setBackground(QColor("#eef2f7"))
            self.list.addItem(item)
        errors, warnings = doc.counts()
        if not violations and not not_checked:
            self.summary.setText("✓ Không phát hiện lỗi hay cảnh báo nào.")
        elif not violations:
            self.summary.setText(f"✓ Không phát hiện lỗi hay cảnh báo nào; {len(not_checked)} kiểm tra chưa "
                                 "thực hiện được (ô có chữ thay vì số).")
        elif not_checked:
            self.summary.setText(
                f"{errors} lỗi, {warnings} cảnh báo ({doc.unjustified_warnings()} chưa giải trình), "
                f"{len(not_checked)} kiểm tra chưa thực hiện được. Nhấn vào một dòng để chọn các ô liên quan."
            )
        else:
            self.summary.setText(
                f"{errors} lỗi, {warnings} cảnh báo ({doc.unjustified_warnings()} chưa giải trình). "
                "Nhấn vào một dòng để chọn các ô liên quan."
            )

    def _chosen(self, item: QListWidgetItem) -> None:
        cells = item.data(Qt.ItemDataRole.UserRole)
        if cells:
            self.cells_chosen.emit(cells)


class CellPanel(QWidget):
    """Note and justification of the selected cell, and its history (who, when, old → new).

    What is typed is saved as the field is left, as another cell is chosen, and on closing: ``edited``
    hands each changed text to the window, which stores it as an undo step like a value."""

    edited = Signal(object, str, str)  # (cell, "note" | "justification", text)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: FormDocument | None = None
        self.key: CellKey | None = None
        self.title = QLabel("Chọn một ô để xem ghi chú và lịch sử.")
        self.title.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Ghi chú cho ô này")
        self.note.setMaximumHeight(60)
        self.justification = QPlainTextEdit()
        self.justification.setPlaceholderText("Giải trình cho cảnh báo (bắt buộc để hoàn tất biểu mẫu)")
        self.justification.setMaximumHeight(60)
        self.save_button = QPushButton("Lưu ghi chú và giải trình")
        self.save_button.clicked.connect(self.commit)
        for editor in (self.note, self.justification):
            editor.installEventFilter(self)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(QLabel("Ghi chú:"))
        layout.addWidget(self.note)
        layout.addWidget(QLabel("Giải trình:"))
        layout.addWidget(self.justification)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(QLabel("Lịch sử thay đổi:"))
        layout.addWidget(self.history)
        self.setEnabled(False)

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
            self.title.setText("Chọn một ô số liệu để xem ghi chú và lịch sử.")
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

