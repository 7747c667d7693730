"""Approval and locking: a district approves ("đã duyệt", locked) or returns its communes' forms with a
reason, the province does the same for its districts and departments; unlocking needs a reason.

Every step goes through ``operations.review`` — the operation ``bieumau review`` calls, with the same
refusals in the same words — and what it changed is published on the change bus; the window is a thin view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
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
from desktop.change_bus import change_bus
from desktop.i18n import Retranslating, arg, period_name, tr
from forms.errors import BieumauError
from forms.periods import Period, parse_period, periods_of_year
from forms.units import Unit
from operations import review as review_op
from operations.changes import DocumentKey, OpChanges
from operations.completeness import latest_finished, local
from operations.context import AppContext
from storage.review import APPROVABLE
from storage.status import APPROVED, CHECKED, IN_PROGRESS, LOCKED, NOT_STARTED, SUBMITTED

__all__ = ["ApprovalWindow", "ReasonDialog", "latest_finished", "local", "recent_periods", "refusal_for",
           "units_in_tree_order"]

STATUS_COLOURS = {
    NOT_STARTED: "#f2f2f2",
    IN_PROGRESS: "#fff3cd",
    CHECKED: "#dbeafe",
    SUBMITTED: "#d1fae5",
    APPROVED: "#a7f3d0",
}
# storage.status.STATUS_NAMES_VI, marked for lupdate
STATUS_TEXTS = {
    NOT_STARTED: QT_TRANSLATE_NOOP("", "Chưa nhập"),
    IN_PROGRESS: QT_TRANSLATE_NOOP("", "Đang nhập"),
    CHECKED: QT_TRANSLATE_NOOP("", "Đã kiểm tra"),
    SUBMITTED: QT_TRANSLATE_NOOP("", "Đã nộp"),
    APPROVED: QT_TRANSLATE_NOOP("", "Đã duyệt"),
}
REFUSED_COLOUR = "#6b7280"

# storage.review's refusal templates and operations.review's sentences, as literals lupdate can read (the
# window renders them with tr(); tests/desktop/test_approval.py keeps them equal to their source).
# operations.review.NOTHING_CHANGED joins them once its English is in bieumau_en.ts (the lead's lupdate run).
REFUSAL_TEXTS = {
    "NO_REVIEWER": QT_TRANSLATE_NOOP(
        "",
        "Chưa chọn «đơn vị của tôi»: hãy chọn đơn vị mình công tác trước khi duyệt, trả lại hay mở "
        "khóa số liệu."
    ),
    "UNKNOWN_UNIT": QT_TRANSLATE_NOOP("", "Không có đơn vị mã «{unit}» trong danh mục đơn vị."),
    "OWN_UNIT": QT_TRANSLATE_NOOP(
        "",
        "Đơn vị «{reviewer}» không được tự duyệt, trả lại hay mở khóa số liệu của chính mình; việc "
        "này do đơn vị cấp trên của «{unit}» làm."
    ),
    "NOT_ABOVE": QT_TRANSLATE_NOOP(
        "",
        "Đơn vị «{reviewer}» không phải cấp trên của «{unit}» nên không được duyệt, trả lại hay mở "
        "khóa số liệu của «{unit}»."
    ),
    "NOT_SUBMITTED": QT_TRANSLATE_NOOP(
        "",
        "Chỉ duyệt được biểu đã kiểm tra hoặc đã nộp; biểu {form} của {unit} đang ở trạng thái "
        "«{status}»."
    ),
    "RETURN_REASON": QT_TRANSLATE_NOOP("", "Trả lại biểu phải ghi rõ lý do để đơn vị biết cần sửa gì."),
    "RETURN_LOCKED": QT_TRANSLATE_NOOP("", "Biểu đã duyệt: hãy mở khóa (kèm lý do) trước khi trả lại."),
    "NOTHING_TO_RETURN": QT_TRANSLATE_NOOP("", "Biểu chưa nộp nên không có gì để trả lại."),
    "UNLOCK_REASON": QT_TRANSLATE_NOOP("", "Mở khóa số liệu đã duyệt phải ghi rõ lý do."),
    "LOGIN_NOT_REVIEWER": QT_TRANSLATE_NOOP(
        "",
        "Tài khoản đăng nhập này không thuộc «{reviewer}» nên không được duyệt, trả lại hay mở khóa"
        " số liệu thay cho «{reviewer}»."
    ),
    "UNIT_REASON": QT_TRANSLATE_NOOP("", "{unit}: {reason}"),
}


def status_text(status: str) -> str:
    return tr(STATUS_TEXTS[status])


def refusal_for(ctx: AppContext, unit: str) -> str | None:
    """Why "my unit" may not approve, return or unlock ``unit``, in the interface language; None when it
    may or none is chosen yet (the first attempt asks for it)."""
    refusal = review_op.refusal_for(ctx.units, ctx.my_unit(), unit)
    return review_message(refusal) if refusal is not None else None


def review_message(exc) -> str:
    """A ``storage.review.ReviewError`` in the interface language (its Vietnamese message otherwise)."""
    fields = {k: tr(v) if k == "status" else v for k, v in exc.fields.items()}
    return tr(exc.template).format(**fields)


def units_in_tree_order(ctx: AppContext) -> list[Unit]:
    return review_op.units_in_tree_order(ctx.units)


def recent_periods(kind: str, years: int = 4) -> list[Period]:
    """Periods of ``kind`` from this year back, newest first (for the pickers)."""
    today = date.today()
    out: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        out.extend(reversed(periods_of_year(kind, year)))
    return out


# --- the table --------------------------------------------------------------------------------------
@dataclass
class _Row:
    unit: Unit
    status: object  # storage.status.SubmissionStatus
    checks: tuple[int, int] | None = None  # (errors, warnings) once validated


class ApprovalModel(QAbstractTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("", "Đơn vị"), QT_TRANSLATE_NOOP("", "Mã"), QT_TRANSLATE_NOOP("", "Trạng thái"),
               QT_TRANSLATE_NOOP("", "Lỗi"), QT_TRANSLATE_NOOP("", "Cảnh báo"),
               QT_TRANSLATE_NOOP("", "Người cập nhật"), QT_TRANSLATE_NOOP("", "Thời điểm"),
               QT_TRANSLATE_NOOP("", "Lý do"))
    ERRORS, WARNINGS, REASON = 3, 4, 7

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[_Row] = []
        self.form_id = ""
        self.period: Period | None = None

    def load(self, form_id: str, period: Period, units: list[Unit]) -> None:
        self.beginResetModel()
        self.form_id, self.period = form_id, period
        found = review_op.statuses(self.ctx.db, form_id, period.code, [u.code for u in units])
        self.rows = [_Row(u, found[u.code]) for u in units]
        self.endResetModel()

    def key(self, row: int) -> DocumentKey:
        assert self.period is not None
        return DocumentKey(self.form_id, self.rows[row].unit.code, self.period.code)

    def set_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        for row, r in enumerate(self.rows):
            if r.unit.code in counts:
                r.checks = counts[r.unit.code]
                self.dataChanged.emit(self.index(row, self.ERRORS), self.index(row, self.WARNINGS))

    def refresh_row(self, row: int) -> None:
        unit = self.rows[row].unit
        assert self.period is not None
        self.rows[row].status = review_op.statuses(self.ctx.db, self.form_id, self.period.code, [unit.code])[unit.code]
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
                return status_text(status.status) + (tr(" (đã khóa)") if status.locked else "")
            if col in (self.ERRORS, self.WARNINGS):
                if status.status == NOT_STARTED:
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


class ReasonDialog(Retranslating, QDialog):
    """Asks for the reason of a return (``step`` "return") or an unlock ("unlock"); OK stays disabled until
    something is written."""

    def __init__(self, step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        layout = QVBoxLayout(self)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.text = QPlainTextEdit()
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 220)
        self.retranslate()

    def retranslate(self) -> None:
        if self.step == "unlock":
            self.setWindowTitle(tr("Mở khóa số liệu đã duyệt"))
            self.prompt.setText(tr("Lý do mở khóa (được ghi vào nhật ký thay đổi):"))
        else:
            self.setWindowTitle(tr("Trả lại biểu mẫu"))
            self.prompt.setText(tr("Lý do trả lại (đơn vị sẽ đọc được lý do này):"))
        self.text.setPlaceholderText(tr("Ví dụ: Tổng số trạm BTS chưa khớp với số theo công nghệ, đề nghị rà soát."))
        self.ok.setText(tr("Đồng ý"))
        self.cancel.setText(tr("Hủy"))

    def reason(self) -> str:
        return self.text.toPlainText().strip()


class ApprovalWindow(Retranslating, QDialog):
    """Pick the reviewing unit, a form and a period; approve, return or unlock the units below it. Every
    step goes through operations.review and is published on the change bus; the rows follow the bus."""

    statuses_changed = Signal()
    open_requested = Signal(str, str, str)  # unit, form, period

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, reviewer: str | None = None,
                 form_id: str | None = None, period: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self._counting: list[str] = []  # the units the running task counts
        self.resize(980, 560)

        self.reviewer_box = QComboBox()
        self.reviewer_box.setMinimumContentsLength(30)
        for unit in review_op.reviewers(ctx.units):
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
        self.reviewer_label, self.form_label, self.period_label = QLabel(), QLabel(), QLabel()
        for label, box in ((self.reviewer_label, self.reviewer_box), (self.form_label, self.form_box),
                           (self.period_label, self.period_box)):
            pickers.addWidget(label)
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

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.my_unit_label = QLabel()
        self.my_unit_button = QPushButton()
        self.my_unit_button.clicked.connect(self.change_my_unit)
        mine = QHBoxLayout()
        mine.addWidget(self.my_unit_label, 1)
        mine.addWidget(self.my_unit_button)
        self.approve_button = QPushButton()
        self.return_button = QPushButton()
        self.unlock_button = QPushButton()
        self.open_button = QPushButton()
        self.close_button = QPushButton()
        self.approve_button.clicked.connect(self.approve_selected)
        self.return_button.clicked.connect(lambda: self.return_selected())
        self.unlock_button.clicked.connect(lambda: self.unlock_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.return_button, self.unlock_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

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
        change_bus().changed.connect(self._on_changes)  # Qt drops the connection when the window goes
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the window in the interface language (at the start and after a language switch)."""
        self.setWindowTitle(tr("Duyệt và khóa số liệu"))
        self.reviewer_label.setText(tr("Các đơn vị thuộc:"))
        self.form_label.setText(tr("Biểu mẫu:"))
        self.period_label.setText(tr("Kỳ báo cáo:"))
        self.hint.setText(tr(
            "Duyệt: khóa số liệu, đơn vị không sửa được nữa. Trả lại: chuyển về «Đang nhập» kèm lý do. "
            "Mở khóa: cần lý do, được ghi vào nhật ký."
        ))
        self.my_unit_button.setText(tr("Đổi đơn vị của tôi…"))
        self.approve_button.setText(tr("Duyệt và khóa"))
        self.return_button.setText(tr("Trả lại…"))
        self.unlock_button.setText(tr("Mở khóa…"))
        self.open_button.setText(tr("Mở biểu mẫu"))
        self.close_button.setText(tr("Đóng"))
        self._show_my_unit()
        self.model.texts_changed()
        self._fit_columns()
        self._update_buttons()

    def _show_my_unit(self) -> None:
        from desktop.my_unit import my_unit_name

        name = my_unit_name(self.ctx)
        self.my_unit_label.setText(arg(tr("Đơn vị của tôi: %1 — chỉ duyệt được các đơn vị cấp dưới."), name)
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

    def _fill_periods(self, wanted: str | None) -> None:
        form_id = self.form_box.currentData()
        periods = recent_periods(self.ctx.catalogue[form_id].period) if form_id else []
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for p in periods:
            self.period_box.addItem(period_name(p), p.code)
        code = parse_period(wanted).code if wanted else None
        if code and self.period_box.findData(code) < 0:
            self.period_box.insertItem(0, period_name(parse_period(code)), code)
        self.period_box.setCurrentIndex(self.period_box.findData(code) if code else latest_finished(periods))
        self.period_box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        reviewer, form_id, code = (self.reviewer_box.currentData(), self.form_box.currentData(),
                                   self.period_box.currentData())
        if not (reviewer and form_id and code):
            return
        period = parse_period(code)
        form = self.ctx.catalogue[form_id]
        self.model.load(form_id, period, review_op.children_reporting(self.ctx.units, reviewer, form, period))
        self._fit_columns()
        self._update_buttons()
        started = [r.unit.code for r in self.model.rows if r.status.status != NOT_STARTED]
        if self.loading:
            self.task.cancel()  # another form or period: the old counts are of no use
        self._counting = []
        self._count(started)

    def _count(self, codes: list[str]) -> None:
        """The checks report of ``codes`` (a reviewer should see the errors before approving); validation
        reads every value, so off the UI thread."""
        if self.loading:
            self.task.cancel()
            # a recount of a few rows must not lose the counts still being made for the others
            codes = list(dict.fromkeys([*self._counting, *codes]))
        self._counting = codes
        if not codes or self.model.period is None:
            return
        form, period = self.ctx.catalogue[self.model.form_id], self.model.period.code
        self.task = run_in_background(
            self, lambda state: review_op.check_counts(self.ctx.db, form, self.ctx.units, codes, period, state),
            title=tr("Đang kiểm tra số liệu của các đơn vị…"), on_success=self.model.set_counts,
            on_failure=lambda _exc: None,
        )

    def _on_changes(self, changes: OpChanges) -> None:
        """The bus: rows whose status changed are read again, rows whose values changed are re-checked."""
        if self.model.period is None:
            return
        if changes.units or self.model.form_id in changes.forms:
            self.reload()
            self.my_unit_changed()  # the unit list (or «đơn vị của tôi» with it) decides who may be reviewed
            return
        rechecked: list[str] = []
        for row in range(len(self.model.rows)):
            key = self.model.key(row)
            if key in changes.statuses or key in changes.values:
                self.model.refresh_row(row)
            if key in changes.values:
                rechecked.append(key.unit)
        self._update_buttons()
        if rechecked:
            self._count(rechecked)

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
        locked = [r for r in rows if r.status.status == LOCKED]
        for button, candidates in ((self.approve_button, approvable), (self.return_button, approvable),
                                   (self.unlock_button, locked)):
            refusals = [refusal_for(self.ctx, r.unit.code) for r in candidates]
            allowed = any(refusal is None for refusal in refusals)
            button.setEnabled(allowed)
            # a disabled button says why when it is "my unit" that may not act, not the status
            button.setToolTip("" if allowed or not refusals else refusals[0])
        self.open_button.setEnabled(len(rows) == 1)

    def _take(self, step: review_op.Step, rows: list[int], reason: str = "") -> None:
        """One step for the selected units, all or nothing, through the operation the command line uses."""
        if not rows:
            return
        keys = [self.model.key(row) for row in rows]
        try:
            result = review_op.review(self.ctx.db, step, self.model.form_id, keys[0].period,
                                      [k.unit for k in keys], reviewer=self.ctx.my_unit(), user=self.ctx.user,
                                      reason=reason, origin=self)
        except review_op.ReviewRefused as exc:
            QMessageBox.warning(self, tr("Duyệt và khóa số liệu"), exc.render(tr))
            return
        except BieumauError as exc:
            # a status moved under us (another reviewer) or the server refused: show what is stored now
            change_bus().publish(OpChanges.of_statuses(keys, origin=self))
            QMessageBox.warning(self, tr("Duyệt và khóa số liệu"), exc.message)
            return
        change_bus().publish(result.changes)
        self.statuses_changed.emit()

    def approve_selected(self) -> None:
        if not self._ensure_my_unit():
            return
        self._take("approve", [r for r in self.selected_rows() if self.model.rows[r].status.status in APPROVABLE])

    def return_selected(self, reason: str | None = None) -> None:
        rows = [r for r in self.selected_rows() if self.model.rows[r].status.status in APPROVABLE]
        if not rows or not self._ensure_my_unit():
            return
        if reason is None:
            reason = self._ask_reason("return")
            if reason is None:
                return
        self._take("return", rows, reason)

    def unlock_selected(self, reason: str | None = None) -> None:
        rows = [r for r in self.selected_rows() if self.model.rows[r].status.status == LOCKED]
        if not rows or not self._ensure_my_unit():
            return
        if reason is None:
            reason = self._ask_reason("unlock")
            if reason is None:
                return
        self._take("unlock", rows, reason)

    def _ask_reason(self, step: str) -> str | None:
        dialog = ReasonDialog(step, self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def open_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.open_requested.emit(self.model.rows[rows[0]].unit.code, self.model.form_id, self.model.period.code)


def show_approval(main_window) -> ApprovalWindow:
    """Open the approval window on the form and period the main window shows, its unit's parent as reviewer.
    What the window changes reaches the other windows on the change bus."""
    unit = main_window.current_unit()
    reviewer = None
    if unit is not None:
        reviewer = unit if main_window.ctx.units.children(unit) else (main_window.ctx.units[unit].parent or None)
    window = ApprovalWindow(main_window.ctx, main_window, reviewer=reviewer,
                            form_id=main_window.form_box.currentData(), period=main_window.period_box.currentData())
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.open_requested.connect(main_window.open_place)
    window.show()
    return window
