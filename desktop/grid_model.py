"""The entry grid's table model: STT, Chỉ tiêu, Đơn vị tính, value columns, Ghi chú.

Edits go through the undo stack to ``FormDocument``; the model then emits ``dataChanged`` for exactly
the cells whose value or check state moved (Orange3 habit) — never a reset for an edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QUndoStack

from desktop.edit_commands import EditCells, EditComment
from desktop.i18n import arg, tr
from forms.model import Indicator
from forms.numbers import format_number
from forms.values import CellKey
from operations.document import NOTE_COLUMN, FormDocument
from validators.checks.targets import NOT_MET

# the target check's statuses, shown through tr(): listed here so lupdate extracts them
TARGET_STATUS_TEXTS = (QT_TRANSLATE_NOOP("", "Đạt"), QT_TRANSLATE_NOOP("", "Không đạt"),
                       QT_TRANSLATE_NOOP("", "Chưa có số liệu"), QT_TRANSLATE_NOOP("", "Chưa kiểm tra được"))

ERROR_BG = QColor("#f8d7da")
WARNING_BG = QColor("#fff3cd")
COMPUTED_BG = QColor("#eceff1")
UNUSED_BG = QColor("#f3f3f3")
SECTION_BG = QColor("#e3ebf6")
PARSE_ERROR_FG = QColor("#9b1c1c")
MARK = {"error": "✖ ", "warning": "⚠ "}  # a sign as well as a colour, for colour-blind users

FIXED_COLUMNS = 3  # STT, Chỉ tiêu, Đơn vị tính
HEADER_PADDING = 12  # px a header section keeps around its text
HEADER_LINES = 4  # lines of a wrapped column title at most


def header_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


@lru_cache(maxsize=512)
def wrap_to_width(text: str, width: int | None) -> str:
    """``text`` broken into lines at spaces so that each fits ``width`` px of the header font."""
    if not width:
        return text
    metrics = QFontMetrics(header_font())
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") + HEADER_PADDING <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > HEADER_LINES:  # the whole title stays in the header's tooltip
        lines = [*lines[:HEADER_LINES - 1], " ".join(lines[HEADER_LINES - 1:])]
        lines[-1] = metrics.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width - HEADER_PADDING)
    return "\n".join(lines)


def longest_word_width(text: str) -> int:
    metrics = QFontMetrics(header_font())
    return max((metrics.horizontalAdvance(w) for w in text.split()), default=0) + HEADER_PADDING


@dataclass(frozen=True)
class GridRow:
    kind: str  # "section" | "indicator"
    title: str
    number: str
    indicator: Indicator | None = None


class FormTableModel(QAbstractTableModel):
    saved = Signal(object)  # datetime of the last write
    written = Signal(object)  # the WriteOutcome of a value, note or justification write
    conflict = Signal(str)
    comment_saved = Signal(object, object)  # (cell, datetime) of a stored note or justification

    def __init__(self, doc: FormDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = QUndoStack(self)
        form = doc.form
        self.value_columns = list(form.columns)
        self.has_targets = any(i.target for i in form.indicators)
        self.rows: list[GridRow] = []
        sections = dict((title, roman) for roman, title in form.sections)
        current = None
        for ind in form.indicators:
            if ind.section and ind.section != current:
                current = ind.section
                self.rows.append(GridRow("section", ind.section, sections[ind.section]))
            self.rows.append(GridRow("indicator", ind.title, form.row_numbers[ind.id], ind))
        self._row_of = {r.indicator.id: i for i, r in enumerate(self.rows) if r.indicator}
        first_value = FIXED_COLUMNS
        self._col_of = {c.id: first_value + i for i, c in enumerate(self.value_columns)}
        self.target_column = first_value + len(self.value_columns) if self.has_targets else -1
        self.note_column = first_value + len(self.value_columns) + (2 if self.has_targets else 0)
        self.headers: list[str] = []
        self.header_widths: dict[int, int] = {}  # set by the view as it fits the columns
        self.retranslate()

    def retranslate(self) -> None:
        """The headers in the interface language (the form's own column titles stay as written)."""
        extra = [tr("Mục tiêu"), tr("Đánh giá")] if self.has_targets else []
        fixed = [tr("STT"), tr("Chỉ tiêu"), tr("Đơn vị tính")]
        self.headers = [*fixed, *(c.title for c in self.value_columns), *extra, tr("Ghi chú")]
        if self.headers:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    # --- geometry ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            # long column titles wrap onto lines within the width the view gave the column, so a title
            # never sets a column's width
            return wrap_to_width(self.headers[section], self.header_widths.get(section))
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.FontRole:
            return header_font()
        return None

    def cell_key(self, index: QModelIndex) -> CellKey | None:
        """(indicator, column) of a value or note cell; None for fixed and section cells."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if row.indicator is None:
            return None
        col = index.column()
        if col == self.note_column:
            return (row.indicator.id, NOTE_COLUMN)
        offset = col - FIXED_COLUMNS
        if 0 <= offset < len(self.value_columns):
            return (row.indicator.id, self.value_columns[offset].id)
        return None

    def index_of(self, key: CellKey) -> QModelIndex:
        row = self._row_of.get(key[0])
        if row is None:
            return QModelIndex()
        col = self.note_column if key[1] == NOTE_COLUMN else self._col_of.get(key[1])
        if col is None:
            return QModelIndex()
        return self.index(row, col)

    def is_value_cell(self, index: QModelIndex) -> bool:
        key = self.cell_key(index)
        return key is not None and key[1] != NOTE_COLUMN

    # --- reading ----------------------------------------------------------------------------
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = self.cell_key(index)  # type: ignore[arg-type]
        if key is None or self.doc.locked:
            return base
        row = self.rows[index.row()]
        if key[1] == NOTE_COLUMN or self.doc.is_editable(row.indicator, key[1]):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if row.kind == "section":
            return self._section_data(row, col, role)
        ind = row.indicator
        assert ind is not None
        if col < FIXED_COLUMNS:
            return self._fixed_data(ind, row, col, role)
        if col == self.note_column:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return self.doc.note(ind.id)
            return None
        if self.has_targets and col in (self.target_column, self.target_column + 1):
            return self._target_data(ind, col - self.target_column, role)
        key = self.cell_key(index)  # type: ignore[arg-type]
        assert key is not None
        return self._value_data(ind, key, role)

    def _section_data(self, row: GridRow, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return row.number if col == 0 else row.title.upper() if col == 1 else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(SECTION_BG)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _fixed_data(self, ind: Indicator, row: GridRow, col: int, role: int):
        depth = self.doc.form.depth(ind)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.number
            if col == 1:
                return "    " * depth + ("– " if depth else "") + ind.title
            return ind.unit
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 2):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and depth:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return f"{ind.title} ({ind.id})" + (f"\n{ind.note}" if ind.note else "")
        return None

    def _target_data(self, ind: Indicator, which: int, role: int):
        if ind.target is None:
            return None
        if which == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return ind.target.label_vi
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        status = self.doc.target_status(ind.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(status) if status else status  # Đạt / Không đạt / Chưa có số liệu, marked in TARGET_STATUS_TEXTS
        if role == Qt.ItemDataRole.ForegroundRole and status == NOT_MET:
            return QBrush(PARSE_ERROR_FG)
        return None

    def _value_data(self, ind: Indicator, key: CellKey, role: int):
        used = key[1] in self.doc.form.columns_of(ind)
        if role == Qt.ItemDataRole.DisplayRole:
            if not used:
                return None
            text = self._display_value(ind, key)
            state = self.doc.cell_state(key)
            return MARK[state] + text if state and text else (MARK[state] if state else text)
        if role == Qt.ItemDataRole.EditRole:
            return self.doc.raw(key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if ind.is_numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not used:
                return QBrush(UNUSED_BG)
            state = self.doc.cell_state(key)
            if state == "error":
                return QBrush(ERROR_BG)
            if state == "warning":
                return QBrush(WARNING_BG)
            if ind.computed:
                return QBrush(COMPUTED_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and used and self.doc.parsed(key).is_error:
            return QBrush(PARSE_ERROR_FG)
        if role == Qt.ItemDataRole.FontRole and ind.computed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and used:
            return self._tooltip(ind, key)
        return None

    def _display_value(self, ind: Indicator, key: CellKey) -> str:
        if ind.computed:
            value = self.doc.computed(key)
            return format_number(value, ind.decimals) if value is not None else ""
        parsed = self.doc.parsed(key)
        if parsed.kind == "number":
            decimals = parsed.decimals if ind.decimals is None else max(ind.decimals, parsed.decimals or 0)
            return format_number(parsed.value, decimals)  # type: ignore[arg-type]
        if parsed.kind == "boolean":
            return tr("Có") if parsed.value else tr("Không")
        return parsed.raw

    def _tooltip(self, ind: Indicator, key: CellKey) -> str | None:
        lines = []
        parsed = self.doc.parsed(key)
        if parsed.problem:
            lines.append(tr(parsed.problem))
        for severity, message in self.doc.messages_for(key):
            lines.append((tr("Lỗi: ") if severity == "error" else tr("Cảnh báo: ")) + message)
        justification = self.doc.note(key[0], key[1], "justification")
        if justification:
            lines.append(arg(tr("Giải trình: %1"), justification))
        note = self.doc.note(key[0], key[1])
        if note:
            lines.append(arg(tr("Ghi chú: %1"), note))
        if ind.computed:
            lines.append(arg(tr("Ô tự tính: %1"), ind.computed))
        if parsed.kind == "text" and len(parsed.raw) > 20:
            lines.insert(0, parsed.raw)  # a long text is read whole here, not cut in a narrow column
        return "\n".join(lines) or None

    # --- writing ----------------------------------------------------------------------------
    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        key = self.cell_key(index)  # type: ignore[arg-type]
        if key is None:
            return False
        text = "" if value is None else str(value)
        self.edit([(key, text)], "typed", tr("Nhập số liệu"))
        return True

    def edit(self, changes: list[tuple[CellKey, str]], source: str, label: str) -> None:
        """Push one undo step for a set of cell changes (a typed value, a paste, a delete)."""
        triples = self.doc.changed(changes)
        if triples:
            self.undo_stack.push(EditCells(self, triples, label, source))

    def edit_comment(self, key: CellKey, kind: str, text: str) -> None:
        """Push one undo step storing a cell's note or justification."""
        old, new = self.doc.note(*key, kind=kind), text.strip()
        if old != new:
            label = tr("Sửa ghi chú") if kind == "note" else tr("Sửa giải trình")
            self.undo_stack.push(EditComment(self, key, kind, old, new, label))

    def apply_comment(self, key: CellKey, kind: str, text: str) -> None:
        outcome = self.doc.set_note(key[0], key[1], text, kind)
        self.emit_cells(outcome.cells)
        if outcome.saved_at:
            self.comment_saved.emit(key, outcome.saved_at)
        self.written.emit(outcome)

    def apply_changes(self, changes: list[tuple[CellKey, str]], source: str) -> None:
        """Write through the document and emit dataChanged for exactly the cells that moved."""
        outcome = self.doc.write(changes, source=source)
        for message in outcome.conflicts:
            self.conflict.emit(message)
        self.emit_cells(outcome.cells)
        if outcome.saved_at:
            self.saved.emit(outcome.saved_at)
        self.written.emit(outcome)

    def emit_cells(self, keys: set[CellKey]) -> None:
        rows_with_targets: set[int] = set()
        for key in keys:
            index = self.index_of(key)
            if index.isValid():
                self.dataChanged.emit(index, index)
                rows_with_targets.add(index.row())
        if self.has_targets:
            for row in rows_with_targets:
                left = self.index(row, self.target_column + 1)
                self.dataChanged.emit(left, left)
