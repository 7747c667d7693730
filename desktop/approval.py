"""Approval and locking: a district approves ("đã duyệt", locked) or returns its communes' forms with a
reason, the province does the same for its districts and departments; unlocking needs a reason.

Every change goes through ``storage.status.set_status``, which audits it; the window is a thin shell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundTask, run_in_background
from desktop.translation import tr
from forms.errors import BieumauError
from forms.periods import Period, parse_period, periods_of_year
from forms.units import Unit
from operations.context import AppContext
from storage.review import APPROVABLE

STATUS_COLOURS = {
    "chua_nhap": "#f2f2f2",
    "dang_nhap": "#fff3cd",
    "da_kiem_tra": "#dbeafe",
    "da_nop": "#d1fae5",
    "da_duyet": "#a7f3d0",
}
REFUSED_COLOUR = "#6b7280"


class ApprovalError(BieumauError):
    code = "approval"


# --- the actions: storage.review decides (and refuses) on behalf of "my unit"; here only the words ------
def approve(ctx: AppContext, form_id: str, unit: str, period: str):
    """Mark one unit's form "đã duyệt": from then on no value can be written until it is unlocked."""
    from storage import review

    return _reviewed(lambda: review.approve(ctx.db, form_id, unit, period, reviewer=ctx.my_unit(), user=ctx.user))


def return_form(ctx: AppContext, form_id: str, unit: str, period: str, reason: str):
    """Send a submitted form back to the unit for correction, with the reason it will read."""
    from storage import review

    return _reviewed(lambda: review.return_submission(ctx.db, form_id, unit, period, reason,
                                                      reviewer=ctx.my_unit(), user=ctx.user))


def unlock(ctx: AppContext, form_id: str, unit: str, period: str, reason: str):
    """Unlock an approved form; back to "đã nộp" so the reviewer can then return or approve it again."""
    from storage import review

    return _reviewed(lambda: review.unlock(ctx.db, form_id, unit, period, reason, reviewer=ctx.my_unit(),
                                           user=ctx.user))


def _reviewed(step):
    from storage.review import ReviewError

    try:
        return step()
    except ReviewError as exc:
        raise ApprovalError(review_message(exc), exc.code) from exc


def review_message(exc) -> str:
    """A ``storage.review.ReviewError`` in the interface language (its Vietnamese message otherwise)."""
    fields = {k: tr(v) if k == "status" else v for k, v in exc.fields.items()}
    return tr(exc.template).format(**fields)


def refusal_for(ctx: AppContext, unit: str) -> str | None:
    """Why "my unit" may not approve, return or unlock ``unit``; None when it may or none is chosen yet
    (the first attempt asks for it)."""
    from storage.review import review_refusal

    mine = ctx.my_unit()
    if mine is None:
        return None
    refusal = review_refusal(ctx.units, mine, unit)
    return review_message(refusal) if refusal is not None else None


def reviewers(ctx: AppContext) -> list[Unit]:
    """Units that approve others: every unit with children (the province, its districts)."""
    return [u for u in units_in_tree_order(ctx) if ctx.units.children(u.code)]


def reviewed_units(ctx: AppContext, reviewer: str, form_id: str, period: Period) -> list[Unit]:
    """The children of ``reviewer`` that report ``form_id`` for ``period``."""
    form = ctx.catalogue[form_id]
    return [u for u in ctx.units.children(reviewer, period.start, period.end) if u.level in form.levels]


def units_in_tree_order(ctx: AppContext) -> list[Unit]:
    out: list[Unit] = []
    for root in ctx.units.roots():
        out.append(root)
        out.extend(ctx.units.descendants(root.code))
    return out


def _unit_name(ctx: AppContext, code: str) -> str:
    unit = ctx.units.get(code)
    return unit.name if unit else code


def local(moment: datetime) -> datetime:
    """A stored (UTC) time as the clock on the wall shows it."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def recent_periods(kind: str, years: int = 4) -> list[Period]:
    """Periods of ``kind`` from this year back, newest first (for the pickers)."""
    today = date.today()
    out: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        out.extend(reversed(periods_of_year(kind, year)))
    return out


def latest_finished(periods: list[Period]) -> int:
    today = date.today()
    return next((i for i, p in enumerate(periods) if p.end < today), 0)


# --- the table --------------------------------------------------------------------------------------
@dataclass
class _Row:
    unit: Unit
    status: object  # storage.status.SubmissionStatus
    checks: tuple[int, int] | None = None  # (errors, warnings) once validated


def report_counts(report) -> tuple[int, int]:
    """(errors, warnings) of a validation report; a value that cannot be read counts as an error."""
    errors = sum(1 for v in report.violations if v.severity == "error") + len(report.parse_errors)
    return errors, sum(1 for v in report.violations if v.severity != "error")


def violation_counts(ctx: AppContext, form_id: str, units: list[str], period: Period,
                     state=None) -> dict[str, tuple[int, int]]:
    """Full validation of each unit's form (run in the background: it reads every value)."""
    from storage.value_source import DatabaseValueSource
    from validators.engine import Engine

    engine = Engine(ctx.catalogue[form_id], ctx.units)
    source = DatabaseValueSource(ctx.db)
    world = engine.world(source)
    out: dict[str, tuple[int, int]] = {}
    for i, unit in enumerate(units):
        if state is not None:
            state.check()
            state.progress(i, len(units), _unit_name(ctx, unit))
        out[unit] = report_counts(engine.validate(unit, period.code, source, world))
    return out


class ApprovalModel(QAbstractTableModel):
    HEADERS = ("Đơn vị", "Mã", "Trạng thái", "Lỗi", "Cảnh báo", "Người cập nhật", "Thời điểm", "Lý do")
    ERRORS, WARNINGS, REASON = 3, 4, 7

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[_Row] = []
        self.form_id = ""
        self.period: Period | None = None

    def load(self, form_id: str, period: Period, units: list[Unit]) -> None:
        from storage.status import get_status

        self.beginResetModel()
        self.form_id, self.period = form_id, period
        self.rows = [_Row(u, get_status(self.ctx.db, form_id, u.code, period.code)) for u in units]
        self.endResetModel()

    def set_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        for row, r in enumerate(self.rows):
            if r.unit.code in counts:
                r.checks = counts[r.unit.code]
                self.dataChanged.emit(self.index(row, self.ERRORS), self.index(row, self.WARNINGS))

    def refresh_row(self, row: int) -> None:
        from storage.status import get_status

        unit = self.rows[row].unit
        self.rows[row].status = get_status(self.ctx.db, self.form_id, unit.code, self.period.code)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        status = row.status
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.unit.name
            if col == 1:
                return row.unit.code
            if col == 2:
                return tr(status.name_vi) + (tr(" (đã khóa)") if status.locked else "")
            if col in (self.ERRORS, self.WARNINGS):
                if status.status == "chua_nhap":
                    return ""
                return "…" if row.checks is None else str(row.checks[col - self.ERRORS])
            if col == 5:
                return status.user or ""
            if col == 6:
                return f"{local(status.changed_at):%d/%m/%Y %H:%M}" if status.changed_at else ""
            if col == self.REASON:
                return status.reason or ""
        if role == Qt.ItemDataRole.BackgroundRole and col == 2:
            return QBrush(QColor(STATUS_COLOURS[status.status]))
        if role == Qt.ItemDataRole.ForegroundRole and col == self.ERRORS and row.checks and row.checks[0]:
            return QBrush(QColor("#b91c1c"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ERRORS, self.WARNINGS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.REASON and status.reason:
            return status.reason
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return refusal_for(self.ctx, row.unit.code)
        if role == Qt.ItemDataRole.ForegroundRole and col == 0 and refusal_for(self.ctx, row.unit.code):
            return QBrush(QColor(REFUSED_COLOUR))
        return None

    def texts_changed(self) -> None:
        """The language or "my unit" changed: every header and cell text may read differently."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                   Qt.ItemDataRole.ForegroundRole])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)


class ReasonDialog(QDialog):
    """Asks for the reason of a return or an unlock; OK stays disabled until something is written."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(tr("Ví dụ: Tổng số trạm BTS chưa khớp với số theo công nghệ, đề nghị rà soát."))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đồng ý"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 220)

    def reason(self) -> str:
        return self.text.toPlainText().strip()


class ApprovalWindow(QDialog):
    """Pick the reviewing unit, a form and a period; approve, return or unlock the units below it."""

    statuses_changed = Signal()
    status_changed = Signal(str, str, str)  # unit, form, period: one row moved
    open_requested = Signal(str, str, str)  # unit, form, period

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, reviewer: str | None = None,
                 form_id: str | None = None, period: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self.setWindowTitle(tr("Duyệt và khóa số liệu"))
        self.resize(980, 560)

        self.reviewer_box = QComboBox()
        self.reviewer_box.setMinimumContentsLength(30)
        for unit in reviewers(ctx):
            self.reviewer_box.addItem(unit.name, unit.code)
        if reviewer is None and ctx.my_unit() is not None:
            reviewer = ctx.my_unit()
        self.form_box = QComboBox()
        self.form_box.setMinimumContentsLength(34)
        for form in sorted(ctx.catalogue.values(), key=lambda f: f.id):
            self.form_box.addItem(f"{form.id} — {form.title}", form.id)
        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(18)

        pickers = QHBoxLayout()
        for text, box in ((tr("Các đơn vị thuộc:"), self.reviewer_box), (tr("Biểu mẫu:"), self.form_box),
                          (tr("Kỳ báo cáo:"), self.period_box)):
            pickers.addWidget(QLabel(text))
            pickers.addWidget(box, 1)

        self.model = ApprovalModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ApprovalModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.hint = QLabel(tr(
            "Duyệt: khóa số liệu, đơn vị không sửa được nữa. Trả lại: chuyển về «Đang nhập» kèm lý do. "
            "Mở khóa: cần lý do, được ghi vào nhật ký."
        ))
        self.hint.setWordWrap(True)
        self.my_unit_label = QLabel()
        self.my_unit_button = QPushButton(tr("Đổi đơn vị của tôi…"))
        self.my_unit_button.clicked.connect(self.change_my_unit)
        mine = QHBoxLayout()
        mine.addWidget(self.my_unit_label, 1)
        mine.addWidget(self.my_unit_button)
        self.approve_button = QPushButton(tr("Duyệt và khóa"))
        self.return_button = QPushButton(tr("Trả lại…"))
        self.unlock_button = QPushButton(tr("Mở khóa…"))
        self.open_button = QPushButton(tr("Mở biểu mẫu"))
        close_button = QPushButton(tr("Đóng"))
        self.approve_button.clicked.connect(self.approve_selected)
        self.return_button.clicked.connect(lambda: self.return_selected())
        self.unlock_button.clicked.connect(lambda: self.unlock_selected())
        self.open_button.clicked.connect(self.open_selected)
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.return_button, self.unlock_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(mine)
        layout.addLayout(pickers)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)

        if reviewer is not None:
            self.reviewer_box.setCurrentIndex(max(self.reviewer_box.findData(reviewer), 0))
        if form_id is not None:
            self.form_box.setCurrentIndex(max(self.form_box.findData(form_id), 0))
        self._fill_periods(period)
        self.reviewer_box.currentIndexChanged.connect(lambda *_: self.reload())
        self.form_box.currentIndexChanged.connect(lambda *_: self._fill_periods(None))
        self.period_box.currentIndexChanged.connect(lambda *_: self.reload())
        self._show_my_unit()
        self.reload()

    def _show_my_unit(self) -> None:
        from desktop.my_unit import my_unit_name

        name = my_unit_name(self.ctx)
        self.my_unit_label.setText(tr("Đơn vị của tôi: %1 — chỉ duyệt được các đơn vị cấp dưới.").replace("%1", name)
                                   if name else tr("Đơn vị của tôi: chưa chọn (sẽ được hỏi khi duyệt lần đầu)."))

    def change_my_unit(self) -> None:
        from desktop.my_unit import choose_my_unit

        if choose_my_unit(self.ctx, self) is not None:
            self.my_unit_changed()

    def my_unit_changed(self) -> None:
        self._show_my_unit()
        self.model.texts_changed()
        self._update_buttons()

    def _ensure_my_unit(self) -> bool:
        """The first approval, return or unlock asks which unit the user works for."""
        if self.ctx.my_unit() is not None:
            return True
        from desktop.my_unit import choose_my_unit

        if choose_my_unit(self.ctx, self) is None:
            return False
        self.my_unit_changed()
        return True

    def retranslate(self) -> None:
        """After a language switch: texts this window builds itself, in the new language."""
        self._show_my_unit()
        self.model.texts_changed()
        self._fit_columns()
        self._update_buttons()

    def _fill_periods(self, wanted: str | None) -> None:
        form_id = self.form_box.currentData()
        periods = recent_periods(self.ctx.catalogue[form_id].period) if form_id else []
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for p in periods:
            self.period_box.addItem(p.name_vi, p.code)
        code = parse_period(wanted).code if wanted else None
        if code and self.period_box.findData(code) < 0:
            self.period_box.insertItem(0, parse_period(code).name_vi, code)
        self.period_box.setCurrentIndex(self.period_box.findData(code) if code else latest_finished(periods))
        self.period_box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        reviewer, form_id, code = (self.reviewer_box.currentData(), self.form_box.currentData(),
                                   self.period_box.currentData())
        if not (reviewer and form_id and code):
            return
        period = parse_period(code)
        self.model.load(form_id, period, reviewed_units(self.ctx, reviewer, form_id, period))
        self._fit_columns()
        self._update_buttons()
        if self.loading:
            self.task.cancel()
        started = [r.unit.code for r in self.model.rows if r.status.status != "chua_nhap"]
        if started:
            # a reviewer should see the errors before approving; validation reads every value, so off the UI thread
            self.task = run_in_background(
                self, lambda state: violation_counts(self.ctx, form_id, started, period, state),
                title=tr("Đang kiểm tra số liệu của các đơn vị…"), on_success=self.model.set_counts,
                on_failure=lambda _exc: None,
            )

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    @property
    def loading(self) -> bool:
        return self.task is not None and not self.task.done

    def select_units(self, codes: list[str]) -> None:
        """Select the rows of ``codes`` (used by the dashboard and the tests)."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for row, r in enumerate(self.model.rows):
            if r.unit.code in codes:
                selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def _update_buttons(self) -> None:
        rows = [self.model.rows[r] for r in self.selected_rows()]
        approvable = [r for r in rows if r.status.status in APPROVABLE]
        locked = [r for r in rows if r.status.status == "da_duyet"]
        for button, candidates in ((self.approve_button, approvable), (self.return_button, approvable),
                                   (self.unlock_button, locked)):
            refusals = [refusal_for(self.ctx, r.unit.code) for r in candidates]
            allowed = any(refusal is None for refusal in refusals)
            button.setEnabled(allowed)
            # a disabled button says why when it is "my unit" that may not act, not the status
            button.setToolTip("" if allowed or not refusals else refusals[0])
        self.open_button.setEnabled(len(rows) == 1)

    def _apply(self, action, rows: list[int]) -> None:
        problems: list[str] = []
        for row in rows:
            unit = self.model.rows[row].unit.code
            try:
                action(unit)
            except BieumauError as exc:
                problems.append(f"{self.model.rows[row].unit.name}: {exc.message}")
            self.model.refresh_row(row)
            self.status_changed.emit(unit, self.model.form_id, self.model.period.code)
        self._update_buttons()
        self.statuses_changed.emit()
        if problems:
            QMessageBox.warning(self, tr("Duyệt và khóa số liệu"), "\n".join(problems))

    def approve_selected(self) -> None:
        if not self._ensure_my_unit():
            return
        form_id, period = self.model.form_id, self.model.period.code
        rows = [r for r in self.selected_rows() if self.model.rows[r].status.status in APPROVABLE]
        self._apply(lambda unit: approve(self.ctx, form_id, unit, period), rows)

    def return_selected(self, reason: str | None = None) -> None:
        rows = [r for r in self.selected_rows() if self.model.rows[r].status.status in APPROVABLE]
        if not rows or not self._ensure_my_unit():
            return
        if reason is None:
            reason = self._ask_reason(tr("Trả lại biểu mẫu"),
                                      tr("Lý do trả lại (đơn vị sẽ đọc được lý do này):"))
            if reason is None:
                return
        form_id, period = self.model.form_id, self.model.period.code
        self._apply(lambda unit: return_form(self.ctx, form_id, unit, period, reason), rows)

    def unlock_selected(self, reason: str | None = None) -> None:
        rows = [r for r in self.selected_rows() if self.model.rows[r].status.status == "da_duyet"]
        if not rows or not self._ensure_my_unit():
            return
        if reason is None:
            reason = self._ask_reason(tr("Mở khóa số liệu đã duyệt"),
                                      tr("Lý do mở khóa (được ghi vào nhật ký thay đổi):"))
            if reason is None:
                return
        form_id, period = self.model.form_id, self.model.period.code
        self._apply(lambda unit: unlock(self.ctx, form_id, unit, period, reason), rows)

    def _ask_reason(self, title: str, prompt: str) -> str | None:
        dialog = ReasonDialog(title, prompt, self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def open_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.open_requested.emit(self.model.rows[rows[0]].unit.code, self.model.form_id, self.model.period.code)


def show_approval(main_window) -> ApprovalWindow:
    """Open the approval window on the form and period the main window shows, its unit's parent as reviewer."""
    unit = main_window.current_unit()
    reviewer = None
    if unit is not None:
        reviewer = unit if main_window.ctx.units.children(unit) else (main_window.ctx.units[unit].parent or None)
    window = ApprovalWindow(main_window.ctx, main_window, reviewer=reviewer,
                            form_id=main_window.form_box.currentData(), period=main_window.period_box.currentData())
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    # the open form may just have been locked or unlocked: reopen it so the grid and banner follow
    window.statuses_changed.connect(main_window._open_current)
    window.open_requested.connect(main_window.open_place)
    dashboard = getattr(main_window, "dashboard_window", None)
    if dashboard is not None:
        window.status_changed.connect(dashboard.refresh_status)
    window.show()
    return window
