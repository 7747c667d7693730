"""The completeness dashboard: for one period, every unit × form with its status, error and warning counts,
last change and deadline, late ones marked; totals per unit and per form ("5/33 xã đã nộp")."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.approval import STATUS_COLOURS, STATUS_TEXTS, recent_periods, status_text, units_in_tree_order
from desktop.background import BackgroundTask, run_in_background
from desktop.change_bus import change_bus
from desktop.i18n import Retranslating, arg, level_text, period_name, refusal_text, tr
from forms.model import Form
from forms.periods import Period, parse_period
from forms.units import LEVELS, Unit
from operations.changes import OpChanges
from operations.completeness import (
    Completeness,
    Entry,
    forms_of_kind,
    latest_with_data,
    load_completeness,
    load_entries,
    local,
    refreshed_entry,
    units_in_scope,
)
from operations.context import AppContext
from storage.status import APPROVED

__all__ = ["Completeness", "CompletenessModel", "DashboardWindow", "Entry", "show_dashboard"]

LATE_COLOUR = "#b91c1c"
# forms.periods.KIND_NAMES_VI, marked for lupdate
KIND_TEXTS = {"month": QT_TRANSLATE_NOOP("", "tháng"), "quarter": QT_TRANSLATE_NOOP("", "quý"),
              "half": QT_TRANSLATE_NOOP("", "6 tháng"), "nine_months": QT_TRANSLATE_NOOP("", "9 tháng"),
              "year": QT_TRANSLATE_NOOP("", "năm"), "plan": QT_TRANSLATE_NOOP("", "giai đoạn")}
KIND_ORDER = ("month", "quarter", "half", "nine_months", "year", "plan")


def _fraction_by_level(counts: dict[str, tuple[int, int]]) -> str:
    return " · ".join(f"{done}/{total} {level_text(level).lower()}" for level, (done, total) in counts.items())


class CompletenessModel(QAbstractTableModel):
    """Rows: units then a totals row; columns: the forms then the unit's total."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.completeness: Completeness | None = None

    # --- shape ------------------------------------------------------------------------------
    def set_completeness(self, completeness: Completeness) -> None:
        self.beginResetModel()
        self.completeness = completeness
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.completeness is None:
            return 0
        return len(self.completeness.units) + 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.completeness is None:
            return 0
        return len(self.completeness.forms) + 1

    # the totals come first so "5/33 xã đã nộp" is visible without scrolling
    TOTAL_ROW = 0

    def is_total_row(self, row: int) -> bool:
        return self.completeness is not None and row == self.TOTAL_ROW

    def unit_at(self, row: int) -> Unit:
        assert self.completeness is not None
        return self.completeness.units[row - 1]

    def is_total_column(self, column: int) -> bool:
        return self.completeness is not None and column == len(self.completeness.forms)

    def place(self, index: QModelIndex) -> tuple[str, str, str] | None:
        """(unit, form, period) of a unit × form cell; None for totals and forms a unit does not owe."""
        if self.completeness is None or not index.isValid():
            return None
        if self.is_total_row(index.row()) or self.is_total_column(index.column()):
            return None
        unit, form = self.unit_at(index.row()), self.completeness.forms[index.column()]
        if not self.completeness.applies(unit, form):
            return None
        return unit.code, form.id, self.completeness.period.code

    def entry(self, index: QModelIndex) -> Entry | None:
        place = self.place(index)
        return self.completeness.entries.get(place[:2]) if place and self.completeness else None

    def index_of(self, unit: str, form_id: str) -> QModelIndex:
        if self.completeness is None:
            return QModelIndex()
        rows = [i + 1 for i, u in enumerate(self.completeness.units) if u.code == unit]
        cols = [i for i, f in enumerate(self.completeness.forms) if f.id == form_id]
        return self.index(rows[0], cols[0]) if rows and cols else QModelIndex()

    def replace_entry(self, entry: Entry) -> None:
        """One cell changed (an approval, a return): repaint it and the two totals it feeds."""
        if self.completeness is None:
            return
        index = self.index_of(entry.unit, entry.form_id)
        if not index.isValid():
            return
        self.completeness.entries[(entry.unit, entry.form_id)] = entry
        total_row, total_col = self.TOTAL_ROW, len(self.completeness.forms)
        for cell in (index, self.index(index.row(), total_col), self.index(total_row, index.column())):
            self.dataChanged.emit(cell, cell)

    def texts_changed(self) -> None:
        """The interface language changed: every cell and header reads differently."""
        if self.completeness is None:
            return
        rows, columns = self.rowCount(), self.columnCount()
        self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)

    # --- texts ------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.completeness is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                if section == len(self.completeness.forms):
                    return tr("Tổng của đơn vị")
                form = self.completeness.forms[section]
                deadline = self.completeness.period.deadline(form.deadline_days)
                return f"{form.id}\n" + arg(tr("hạn nộp %1"), f"{deadline:%d/%m/%Y}")
            if self.is_total_row(section):
                return tr("Tổng")
            unit = self.unit_at(section)
            indent = "    " * max(LEVELS.index(unit.level) - 1, 0) if unit.level in LEVELS else ""
            return f"{indent}{unit.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if orientation == Qt.Orientation.Horizontal and section < len(self.completeness.forms):
                form = self.completeness.forms[section]
                return f"{form.id} — {form.title}\n" + arg(
                    tr("Hạn nộp: %1"), f"{self.completeness.period.deadline(form.deadline_days):%d/%m/%Y}")
            if orientation == Qt.Orientation.Vertical and not self.is_total_row(section):
                unit = self.unit_at(section)
                return f"{unit.name}\n" + arg(tr("Mã: %1 · Cấp: %2"), unit.code, level_text(unit.level))
        if role == Qt.ItemDataRole.FontRole and (
            orientation == Qt.Orientation.Vertical
            and (self.is_total_row(section) or self.unit_at(section).level != "xa")
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if self.completeness is None or not index.isValid():
            return None
        comp = self.completeness
        row, col = index.row(), index.column()
        if self.is_total_row(row):
            return self._total_row(col, role)
        unit = self.unit_at(row)
        if self.is_total_column(col):
            done, total = comp.unit_total(unit)
            if role == Qt.ItemDataRole.DisplayRole:
                return arg(tr("%1/%2 đã nộp"), done, total) if total else "—"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        form = comp.forms[col]
        if not comp.applies(unit, form):
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#fafafa"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return arg(tr("Đơn vị cấp này không phải báo cáo biểu %1."), form.id)
            return None
        entry = comp.entries.get((unit.code, form.id))
        if entry is None:
            return None
        late = entry.late(comp.today)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(entry, late)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS[entry.status]))
        if role == Qt.ItemDataRole.ForegroundRole and late:
            return QBrush(QColor(LATE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and late:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(unit, form, entry, late)
        if role == Qt.ItemDataRole.UserRole:
            return entry
        return None

    def _cell_text(self, entry: Entry, late: bool) -> str:
        lines = [status_text(entry.status) + (tr(" (đã khóa)") if entry.status == APPROVED else "")]
        checks = []
        if entry.errors:
            checks.append(arg(tr("✖ %1 lỗi"), entry.errors))
        if entry.warnings:
            checks.append(arg(tr("⚠ %1 cảnh báo"), entry.warnings))
        if checks:
            lines.append(" · ".join(checks))
        if late:
            lines.append(tr("Nộp trễ hạn") if entry.submitted else tr("Trễ hạn"))
        return "\n".join(lines)

    def _tooltip(self, unit: Unit, form: Form, entry: Entry, late: bool) -> str:
        lines = [f"{unit.name} — {form.id}", arg(tr("Trạng thái: %1"), status_text(entry.status))]
        lines.append(arg(tr("%1 lỗi · %2 cảnh báo"), entry.errors, entry.warnings))
        if entry.last_change:
            lines.append(arg(tr("Sửa lần cuối: %1"), f"{local(entry.last_change):%d/%m/%Y %H:%M}"))
        lines.append(arg(tr("Hạn nộp: %1"), f"{entry.deadline:%d/%m/%Y}"))
        if entry.submitted_at:
            lines.append(arg(tr("Nộp lúc: %1"), f"{local(entry.submitted_at):%d/%m/%Y %H:%M}"))
        if entry.submitted_file:
            lines.append(arg(tr("Tệp đã nộp: %1"), entry.submitted_file))
        if late:
            lines.append(tr("Nộp sau hạn.") if entry.submitted else tr("Đã quá hạn mà chưa nộp."))
        if entry.reason:
            lines.append(arg(tr("Lý do: %1"), entry.reason))
        lines.append(tr("Nhấp đúp để mở biểu mẫu."))
        return "\n".join(lines)

    def _total_row(self, col: int, role: int):
        comp = self.completeness
        assert comp is not None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#eef2f7"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if self.is_total_column(col):
            return arg(tr("%1/%2 biểu đã nộp"), *comp.total())
        counts = comp.submitted_by_level(comp.forms[col])
        return "\n".join(arg(tr("%1/%2 %3 đã nộp"), d, t, level_text(level).lower()) for level, (d, t) in counts.items())


class DashboardWindow(Retranslating, QMainWindow):
    """Pick the period kind, the period and the scope; see who has submitted what. A view over
    operations.completeness that follows the change bus: a status or a value of its period changed anywhere
    repaints the cells concerned."""

    open_requested = Signal(str, str, str)  # unit, form, period

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, period: str | None = None,
                 scope: str | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self.cell_task: BackgroundTask | None = None
        self._stale: set[tuple[str, str]] = set()  # (unit, form) cells whose values changed, not yet re-checked
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(400)
        self._recheck.timeout.connect(self._recheck_stale)
        screen = self.screen()
        room = screen.availableGeometry() if screen is not None else None
        # never taller or wider than a 1366×768 office screen leaves
        self.resize(min(1360, room.width() - 20) if room else 1360, min(780, room.height() - 40) if room else 720)

        self.kind_box = QComboBox()
        kinds = sorted({f.period for f in ctx.catalogue.values()},
                       key=KIND_ORDER.index)
        for kind in kinds:
            self.kind_box.addItem(kind, kind)  # texts: retranslate()
        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(20)
        self.scope_box = QComboBox()
        self.scope_box.setMinimumContentsLength(28)
        for unit in units_in_tree_order(ctx):
            if ctx.units.children(unit.code) and unit.level in ("tinh", "huyen"):
                self.scope_box.addItem(unit.name, unit.code)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.approve_button = QPushButton()
        self.approve_button.setEnabled(False)
        self.approve_button.clicked.connect(self.open_approval)

        pickers = QHBoxLayout()
        self.kind_label, self.period_label, self.scope_label = QLabel(), QLabel(), QLabel()
        for label, box in ((self.kind_label, self.kind_box), (self.period_label, self.period_box),
                           (self.scope_label, self.scope_box)):
            pickers.addWidget(label)
            pickers.addWidget(box)
        self.missing_only = QCheckBox()
        self.missing_only.toggled.connect(lambda _on: self._apply_filter())
        pickers.addWidget(self.missing_only)
        pickers.addStretch(1)
        pickers.addWidget(self.approve_button)
        pickers.addWidget(self.refresh_button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("QLabel { font-size: 14px; font-weight: bold; padding: 4px 2px; }")
        self.legend = QLabel()
        self.legend.setWordWrap(True)

        self.model = CompletenessModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentChanged.connect(lambda current, _previous: self._current_changed(current))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("QLabel { padding: 4px 2px; }")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(pickers)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.legend)
        self.setCentralWidget(central)

        wanted = parse_period(period) if period else None
        if wanted is not None:
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(wanted.kind), 0))
        elif self.kind_box.findData("quarter") >= 0:
            self.kind_box.setCurrentIndex(self.kind_box.findData("quarter"))
        if scope is not None:
            self.scope_box.setCurrentIndex(max(self.scope_box.findData(scope), 0))
        self._fill_periods(wanted)
        self.kind_box.currentIndexChanged.connect(lambda *_: (self._fill_periods(None), self.reload()))
        self.period_box.currentIndexChanged.connect(lambda *_: self.reload())
        self.scope_box.currentIndexChanged.connect(lambda *_: self.reload())
        change_bus().changed.connect(self._on_changes)  # Qt drops the connection when the window goes
        if load:
            self.reload()
        self.retranslate()

    @property
    def loading(self) -> bool:
        return self.task is not None and not self.task.done

    def retranslate(self) -> None:
        """Every text of the window in the interface language (at the start and after a language switch)."""
        self.setWindowTitle(tr("Tổng quan tình hình nộp báo cáo"))
        for i in range(self.kind_box.count()):
            self.kind_box.setItemText(i, tr(KIND_TEXTS[self.kind_box.itemData(i)]).capitalize())
        self.kind_label.setText(tr("Loại kỳ:"))
        self.period_label.setText(tr("Kỳ báo cáo:"))
        self.scope_label.setText(tr("Phạm vi:"))
        self.missing_only.setText(tr("Chỉ hiện đơn vị còn thiếu"))
        self.missing_only.setToolTip(tr("Ẩn các đơn vị đã nộp đủ mọi biểu của kỳ này"))
        self.refresh_button.setText(tr("Tải lại"))
        self.approve_button.setText(tr("Duyệt / trả lại…"))
        self.legend.setText(self._legend_html())
        self.model.texts_changed()
        self.table.resizeRowsToContents()
        if self.loading:
            self.summary.setText(tr("Đang tải…"))
        else:
            self._update_summary()
        self._current_changed(self.table.currentIndex())

    def my_unit_changed(self) -> None:
        """Whose forms may be reviewed has changed: the approve button follows."""
        self._current_changed(self.table.currentIndex())

    def _legend_html(self) -> str:
        chips = " ".join(
            f"<span style='background:{STATUS_COLOURS[s]}; padding:2px 6px;'>&nbsp;{status_text(s)}&nbsp;</span>"
            for s in STATUS_TEXTS
        )
        late = tr("Chữ đỏ «trễ hạn»: nộp sau hạn hoặc đã quá hạn mà chưa nộp")
        hint = tr("Nhấp đúp vào một ô để mở biểu mẫu.")
        return f"{chips}&nbsp;&nbsp;<span style='color:{LATE_COLOUR}; font-weight:bold;'>{late}</span>. {hint}"

    def _fill_periods(self, wanted: Period | None) -> None:
        kind = self.kind_box.currentData()
        periods = recent_periods(kind) if kind else []
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for p in periods:
            self.period_box.addItem(period_name(p), p.code)
        if wanted is not None and self.period_box.findData(wanted.code) < 0:
            self.period_box.insertItem(0, period_name(wanted), wanted.code)
        if wanted is not None:
            index = self.period_box.findData(wanted.code)
        else:
            index = latest_with_data(self.ctx, periods, [f.id for f in self.current_forms()])
        self.period_box.setCurrentIndex(max(index, 0))
        self.period_box.blockSignals(False)

    def current_forms(self) -> list[Form]:
        kind = self.kind_box.currentData()
        return forms_of_kind(self.ctx, kind) if kind else []

    def reload(self) -> None:
        """Load statuses and validate every started form in the background (Cancel keeps the old table)."""
        code, scope = self.period_box.currentData(), self.scope_box.currentData()
        if not (code and scope):
            return
        if self.task is not None and not self.task.done:
            self.task.cancel()
        self._stale.clear()  # everything is validated again
        period, forms = parse_period(code), self.current_forms()
        units = units_in_scope(self.ctx, scope, period, forms)
        self.summary.setText(tr("Đang tải…"))
        self.task = run_in_background(
            self, lambda state: load_completeness(self.ctx, period, forms, units, state),
            title=tr("Đang kiểm tra số liệu của các đơn vị…"),
            on_success=self._loaded, on_failure=self._failed,
        )

    def _loaded(self, completeness: Completeness) -> None:
        self.model.set_completeness(completeness)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(150)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        two_lines = self.table.fontMetrics().lineSpacing() * 2 + 10
        for row in range(self.model.rowCount()):
            if self.table.rowHeight(row) < two_lines:
                self.table.setRowHeight(row, two_lines)
        self.table.verticalHeader().setMinimumWidth(260)
        self._update_summary()
        self._apply_filter()

    def _apply_filter(self) -> None:
        """Hide units that submitted every form they owe when «còn thiếu» is ticked."""
        data = self.model.completeness
        if data is None:
            return
        for row, unit in enumerate(data.units, start=1):
            done, total = data.unit_total(unit)
            self.table.setRowHidden(row, self.missing_only.isChecked() and done == total)

    def _update_summary(self) -> None:
        completeness = self.model.completeness
        if completeness is None:
            return
        counts = completeness.complete_by_level()
        period = period_name(completeness.period)
        if counts:
            self.summary.setText(arg(tr("%1 — đã nộp đủ các biểu: %2"), period, _fraction_by_level(counts)))
        else:
            self.summary.setText(arg(tr("%1 — không có đơn vị nào phải báo cáo."), period))

    def _failed(self, exc: BaseException) -> None:
        from desktop.background import Cancelled

        if isinstance(exc, Cancelled):
            self.summary.setText(tr("Đã hủy việc tải số liệu; bảng giữ kết quả lần trước."))
            return
        from forms.errors import BieumauError

        message = refusal_text(exc) if isinstance(exc, BieumauError) else str(exc)
        self.summary.setText(arg(tr("Không tải được số liệu: %1"), message))

    def _double_clicked(self, index: QModelIndex) -> None:
        place = self.model.place(index)
        if place is not None:
            self.open_requested.emit(*place)

    def _current_changed(self, current: QModelIndex) -> None:
        refusal = self._refusal(current)
        self.approve_button.setEnabled(self._approvable(current) and refusal is None)
        self.approve_button.setToolTip(refusal or tr("Mở cửa sổ duyệt cho ô đang chọn"))
        details = self.model.data(current, Qt.ItemDataRole.ToolTipRole) if current.isValid() else None
        self.detail.setText(" · ".join(details.splitlines()) if details else tr("Chọn một ô để xem chi tiết."))

    def _approvable(self, index: QModelIndex) -> bool:
        place = self.model.place(index)
        return place is not None and bool(self.ctx.units[place[0]].parent)

    def _refusal(self, index: QModelIndex) -> str | None:
        """Why "my unit" may not review the selected cell's unit (None when it may)."""
        from desktop.approval import refusal_for

        place = self.model.place(index)
        return refusal_for(self.ctx, place[0]) if place is not None else None

    def open_approval(self) -> None:
        """The approval window of the selected cell's parent unit, with that unit selected."""
        from desktop.approval import ApprovalWindow

        place = self.model.place(self.table.currentIndex())
        if place is None:
            return
        unit, form_id, period = place
        window = ApprovalWindow(self.ctx, self, reviewer=self.ctx.units[unit].parent, form_id=form_id,
                                period=period)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.select_units([unit])
        window.open_requested.connect(self.open_requested)
        window.show()

    def _on_changes(self, changes: OpChanges) -> None:
        """The bus: a status changed is read again at once (the counts stay); changed values are validated
        again for their cells only, in the background; new units or forms reload the whole table."""
        data = self.model.completeness
        if data is None:
            return
        if changes.units or any(f.id in changes.forms for f in data.forms):
            self.reload()
            self.my_unit_changed()
            return
        cells = data.concerned_by(changes)
        if not cells:
            return
        valued = {(k.unit, k.form_id) for k in changes.values}
        for unit, form_id in cells:
            if (unit, form_id) not in valued:
                self.model.replace_entry(refreshed_entry(self.ctx, data.entries[(unit, form_id)], data.period))
        self._stale.update(cell for cell in cells if cell in valued)
        if self._stale:
            self._recheck.start()  # edits come one cell at a time: validate once they pause
        self._update_summary()
        self._apply_filter()
        self._current_changed(self.table.currentIndex())

    def _recheck_stale(self) -> None:
        """Validate again the cells whose values changed since the last check (one task at a time)."""
        data = self.model.completeness
        if data is None or not self._stale:
            return
        if self.cell_task is not None and not self.cell_task.done:
            self._recheck.start()
            return
        stale, self._stale = self._stale, set()
        cells = [(f, u) for f in data.forms for u in data.units if (u.code, f.id) in stale]
        self.cell_task = run_in_background(
            self, lambda state: load_entries(self.ctx, data.period, cells, state),
            title=tr("Đang kiểm tra số liệu của các đơn vị…"),
            on_success=lambda entries: self._cells_loaded(data, entries), on_failure=lambda _exc: None,
        )

    def _cells_loaded(self, data: Completeness, entries: dict[tuple[str, str], Entry]) -> None:
        if self.model.completeness is not data:
            return  # the table was reloaded meanwhile
        for entry in entries.values():
            self.model.replace_entry(entry)
        self._update_summary()
        self._apply_filter()


def show_dashboard(main_window) -> DashboardWindow:
    """Open (or raise) the dashboard beside the main window; double-click opens the form there."""
    window = getattr(main_window, "dashboard_window", None)
    if window is None:
        period = main_window.period_box.currentData() if hasattr(main_window, "period_box") else None
        window = DashboardWindow(main_window.ctx, main_window, period=period)
        window.setWindowFlag(Qt.WindowType.Window, True)
        window.open_requested.connect(lambda u, f, p: (main_window.open_place(u, f, p), main_window.raise_(),
                                                       main_window.activateWindow()))
        main_window.dashboard_window = window
    window.show()
    window.raise_()
    return window
