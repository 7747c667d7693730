"""The entry grid's view: keyboard and clipboard like Excel.

Enter moves down, Tab right, typing over a cell starts editing, Delete clears, Ctrl+C / Ctrl+V copy
and paste rectangular blocks (tab-separated), Ctrl+Z / Ctrl+Y undo and redo (a paste is one step).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from desktop.clipboard import format_block, parse_block
from desktop.grid_model import FIXED_COLUMNS, FormTableModel, longest_word_width
from desktop.i18n import arg, tr

VALUE_MIN, VALUE_MAX, VALUE_FLOOR = 64, 150, 52  # px of a value column: wanted range, and squeezed floor
TITLE_MIN, TITLE_MAX, TITLE_FLOOR = 220, 520, 140  # px of Chỉ tiêu: before squeezing values, most, least
NOTE_MIN, NOTE_FLOOR = 130, 100
CELL_MARGIN = 4  # px the style keeps between a cell's edge and its text
UNIT_SQUEEZED = 64  # px of Đơn vị tính once squeezed (its texts wrap)
UNIT_FLOOR, TITLE_LAST, VALUE_LAST = 48, 110, 40  # px: the last resort before a sideways scroll bar
LINE_SLACK = 6  # px a one-line text keeps spare before it is measured as possibly wrapping
PLAIN_BELOW = 0x2070  # texts of Latin, Vietnamese and punctuation only: drawn in the cell's own font, whose
# one-line height then holds for every such text (a sign like ✖ may come from a taller fallback font)


class _CellDelegate(QStyledItemDelegate):
    """Commits on Enter/Tab and lets the view move the cursor the Excel way."""

    def sizeHint(self, option, index):
        # measured as painted: wrapped text loses the cell's margins, which the plain measure forgets
        option.rect.setWidth(max(option.rect.width() - 2 * CELL_MARGIN, 1))
        size = super().sizeHint(option, index)
        size.setHeight(size.height() + 2)
        return size

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            view = self.parent()
            if isinstance(view, FormGridView):
                view.move_cursor(1, 0)
            return True
        return super().eventFilter(editor, event)


class FormGridView(QTableView):
    message = Signal(str)  # a sentence for the status bar (paste cut, locked form …)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setItemDelegate(_CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        # rows are measured by fit_columns and as their data changes, not by the header on every layout
        # (which measured every cell of the form several times before the first paint)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._fitted_width = -1
        self._line_heights: dict[str, int] = {}  # a one-line cell's height, by the cell's font

    def commit_editing(self) -> None:
        """Store a value still being typed, as leaving the cell would (before the window changes under it)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def grid_model(self) -> FormTableModel:
        return self.model()  # type: ignore[return-value]

    def setModel(self, model) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self._fitted_width = -1
        if self.isVisible():
            self.fit_columns()  # a hidden view is fitted when shown, at the size it is shown at
        first = self._first_editable()
        if first.isValid():
            self.setCurrentIndex(first)

    def showEvent(self, event) -> None:
        if self.model() is not None and self.viewport().width() != self._fitted_width:
            self.fit_columns()
        super().showEvent(event)

    def dataChanged(self, top_left, bottom_right, roles=None) -> None:
        super().dataChanged(top_left, bottom_right, roles or [])
        if top_left.isValid() and bottom_right.isValid():
            for row in range(top_left.row(), bottom_right.row() + 1):
                self.resizeRowToContents(row)  # a long note or text typed makes its row taller, or shorter

    def sizeHintForRow(self, row: int) -> int:
        """What QTableView measures, with the delegate asked only for cells that may wrap: a one-line
        text's height is its font's, measured once per font."""
        model = self.grid_model()
        if model is None:
            return super().sizeHintForRow(row)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        grid = 1 if self.showGrid() else 0
        margin = 2 * CELL_MARGIN + 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        base = self.font()
        hint = 0
        for col in range(model.columnCount()):
            if self.isColumnHidden(col):
                continue
            index = model.index(row, col)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if text is None or text == "":
                continue
            width = self.columnWidth(col) - grid
            font = model.data(index, Qt.ItemDataRole.FontRole)
            font = font.resolve(base) if isinstance(font, QFont) else base
            text = str(text)
            if "\n" not in text and max(map(ord, text)) < PLAIN_BELOW \
                    and QFontMetrics(font).horizontalAdvance(text) + margin + LINE_SLACK <= width:
                key = font.key()
                height = self._line_heights.get(key)
                if height is None:
                    height = self._line_heights[key] = self._cell_height(delegate, option, index, width)
            else:
                height = self._cell_height(delegate, option, index, width)
            hint = max(hint, height)
        return hint + grid

    def sizeHintForColumn(self, column: int) -> int:
        """What QTableView measures, with the delegate asked only for the widest texts: per font, the
        cell of the widest whole text and the cell of the widest word (an unwrapped cell's width grows
        with the one or the other), and one empty cell."""
        model = self.grid_model()
        if model is None or model.rowCount() > 1000:  # past 1000 rows Qt samples; leave that to it
            return super().sizeHintForColumn(column)
        base = self.font()
        metrics: dict[str, QFontMetrics] = {}
        widest: dict[tuple[str, str], tuple[int, int]] = {}  # (font, measure) -> (px, row)
        for row in range(model.rowCount()):
            if self.isRowHidden(row):
                continue
            index = model.index(row, column)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            font = model.data(index, Qt.ItemDataRole.FontRole)
            font = font.resolve(base) if isinstance(font, QFont) else base
            key = font.key()
            if text is None or text == "":
                widest.setdefault((key, "empty" if text is None else "blank"), (0, row))
                continue
            measure = metrics.get(key) or metrics.setdefault(key, QFontMetrics(font))
            text = str(text)
            whole = measure.horizontalAdvance(text)
            word = max((measure.horizontalAdvance(w) for w in text.split()), default=0)
            for kind, px in (("whole", whole), ("word", word)):
                if px > widest.get((key, kind), (-1, 0))[0]:
                    widest[(key, kind)] = (px, row)
        option = QStyleOptionViewItem()
        delegate = self.itemDelegate()
        hint = 0
        for row in sorted({row for _, row in widest.values()}):
            self.initViewItemOption(option)
            hint = max(hint, delegate.sizeHint(option, model.index(row, column)).width())
        return hint + (1 if self.showGrid() else 0)

    def _cell_height(self, delegate, option: QStyleOptionViewItem, index: QModelIndex, width: int) -> int:
        # the rectangle QTableView gives the delegate when it measures a wrapping cell
        option.rect = QRect(self.columnViewportPosition(index.column()), self.rowViewportPosition(index.row()),
                            width, max(self.rowHeight(index.row()), 1))
        return delegate.sizeHint(option, index).height()

    def viewportEvent(self, event: QEvent) -> bool:
        # the viewport, not the view: a vertical scroll bar appearing narrows it too
        if event.type() == QEvent.Type.Resize and self.model() is not None \
                and self.viewport().width() != self._fitted_width:
            self.fit_columns()
        return super().viewportEvent(event)

    def fit_columns(self) -> None:
        """Every column in the visible width, Ghi chú included: each sized to its content within limits
        (a title only by its longest word, as titles wrap), then squeezed (values first, then Chỉ tiêu)
        when the window is narrow; whatever the form."""
        model = self.grid_model()
        if model is None or model.columnCount() == 0:
            return
        room = self.viewport().width()
        self._fitted_width = room

        def wanted(col: int, low: int, high: int) -> int:
            title = longest_word_width(str(model.headers[col]))
            return max(low, min(high, max(self.sizeHintForColumn(col), title)))

        number = wanted(0, 34, 64)
        unit = wanted(2, 56, 110)
        middle = [c for c in range(FIXED_COLUMNS, model.columnCount()) if c != model.note_column]
        values = {c: wanted(c, VALUE_MIN, VALUE_MAX) for c in middle}
        note = NOTE_MIN
        spare = room - number - unit - note - sum(values.values())
        if spare < TITLE_MIN:
            # squeeze the value columns, never below their title's longest word or a few digits
            short = TITLE_MIN - spare
            floors = {c: max(VALUE_FLOOR, min(longest_word_width(str(model.headers[c])), w))
                      for c, w in values.items()}
            slack = {c: values[c] - floors[c] for c in values}
            slack[2] = max(unit - max(UNIT_SQUEEZED, longest_word_width(str(model.headers[2]))), 0)
            total = sum(slack.values())
            if total:
                unit -= min(slack[2], -(-short * slack[2] // total))
                for c in values:
                    values[c] -= min(slack[c], -(-short * slack[c] // total))
            spare = room - number - unit - note - sum(values.values())
        if spare < TITLE_FLOOR:
            # a form of many columns: Ghi chú gives up some width before anything scrolls
            note = max(NOTE_FLOOR, note - (TITLE_FLOOR - spare))
            spare = room - number - unit - note - sum(values.values())
        title = max(min(spare, TITLE_MAX), TITLE_FLOOR)
        note = max(note, room - number - unit - title - sum(values.values()))
        widths = {0: number, 1: title, 2: unit, **values, model.note_column: note}
        # still wider than the view (a form of very many columns): squeeze Đơn vị tính, Chỉ tiêu and the
        # values to their last floors, in that order, before anything has to scroll
        excess = sum(widths.values()) - room
        for col, floor in ((2, UNIT_FLOOR), (1, TITLE_LAST), *((c, VALUE_LAST) for c in values)):
            if excess <= 0:
                break
            give = min(excess, max(widths[col] - floor, 0))
            widths[col] -= give
            excess -= give
        model.header_widths = dict(widths)
        for col, width in widths.items():
            self.setColumnWidth(col, width)
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self._line_heights.clear()  # measured again once per fit: the font or the screen may have changed
        self.resizeRowsToContents()  # wrapped texts need their rows measured again at the new widths

    def _first_editable(self) -> QModelIndex:
        model = self.grid_model()
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                index = model.index(row, col)
                if model.is_value_cell(index) and model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                    return index
        return QModelIndex()

    # --- keyboard -----------------------------------------------------------------------------
    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers) -> QModelIndex:
        """Tab and Shift+Tab go to the next cell that can be typed in, over grey, computed and fixed ones."""
        step = {QAbstractItemView.CursorAction.MoveNext: 1, QAbstractItemView.CursorAction.MovePrevious: -1}.get(action)
        model = self.grid_model()
        current = self.currentIndex()
        if step is None or model is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        columns = model.columnCount()
        position = current.row() * columns + current.column() + step
        while 0 <= position < model.rowCount() * columns:
            index = model.index(position // columns, position % columns)
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                return index
            position += step
        return current

    def move_cursor(self, rows: int, cols: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        model = self.grid_model()
        row = min(max(current.row() + rows, 0), model.rowCount() - 1)
        col = min(max(current.column() + cols, 0), model.columnCount() - 1)
        target = model.index(row, col)
        self.setCurrentIndex(target)
        self.selectionModel().select(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.grid_model()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            model.undo_stack.undo()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or (
            event.key() == Qt.Key.Key_Y and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            model.undo_stack.redo()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selection()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self.move_cursor(1, 0)
            return
        super().keyPressEvent(event)

    # --- clipboard ------------------------------------------------------------------------------
    def _selected_rect(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            current = self.currentIndex()
            if not current.isValid():
                return None
            return current.row(), current.column(), current.row(), current.column()
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        rect = self._selected_rect()
        if rect is None:
            return ""
        top, left, bottom, right = rect
        model = self.grid_model()
        block = []
        for row in range(top, bottom + 1):
            line = []
            for col in range(left, right + 1):
                index = model.index(row, col)
                if model.cell_key(index) is not None:
                    line.append(str(model.data(index, Qt.ItemDataRole.EditRole) or ""))
                else:
                    line.append(str(model.data(index, Qt.ItemDataRole.DisplayRole) or ""))
            block.append(line)
        text = format_block(block)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str) -> None:
        """Paste a block at the current cell: one undo step, cut at the form's edge with a message."""
        model = self.grid_model()
        if model.doc.locked:
            self.message.emit(tr("Kỳ báo cáo đã được duyệt (khóa): không thể dán số liệu."))
            return
        block = parse_block(text)
        start = self.currentIndex()
        if not block or not start.isValid():
            return
        changes = []
        skipped = 0
        cut = False
        for r, line in enumerate(block):
            row = start.row() + r
            if row >= model.rowCount():
                cut = True
                break
            for c, value in enumerate(line):
                col = start.column() + c
                if col >= model.columnCount():
                    cut = True
                    break
                index = model.index(row, col)
                key = model.cell_key(index)
                if key is None or not (model.flags(index) & Qt.ItemFlag.ItemIsEditable):
                    if value.strip():
                        skipped += 1
                    continue
                changes.append((key, value))
        model.edit(changes, "pasted", arg(tr("Dán %1×%2 ô"), len(block), max(len(r) for r in block)))
        notes = []
        if cut:
            notes.append(tr("khối dán lớn hơn biểu mẫu nên phần thừa đã bị cắt"))
        if skipped:
            notes.append(arg(tr("%1 giá trị rơi vào ô không nhập được nên bị bỏ qua"), skipped))
        if notes:
            self.message.emit(tr("Đã dán; ") + "; ".join(notes) + ".")
        else:
            self.message.emit(arg(tr("Đã dán %1 ô."), len(changes)))

    def clear_selection(self) -> None:
        rect = self._selected_rect()
        if rect is None:
            return
        model = self.grid_model()
        top, left, bottom, right = rect
        changes = []
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                index = model.index(row, col)
                key = model.cell_key(index)
                if key is not None and model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                    changes.append((key, ""))
        model.edit(changes, "typed", tr("Xóa số liệu"))
