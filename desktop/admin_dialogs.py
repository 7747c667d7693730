"""Administration: import a unit list or a new form definition, seeing exactly what changes before applying.

The dialogs are views over ``operations.units`` and ``operations.forms_admin`` (which ``bieumau units
import`` and ``bieumau forms load`` use too); what an applied change touched goes out on the change bus.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.background import run_in_background
from desktop.change_bus import change_bus
from desktop.i18n import Retranslating, arg, refusal_text, tr
from forms.errors import BieumauError
from operations import forms_admin, units
from operations.context import AppContext
from operations.forms_admin import FormVersionPreview
from operations.units import UnitListPreview

GROUP_COLOURS = {"new": "#d1fae5", "renamed": "#dbeafe", "merged": "#fde68a", "ended": "#fee2e2",
                 "moved": "#ede9fe", "added": "#d1fae5", "removed": "#fee2e2", "changed": "#dbeafe"}
PROBLEM_STYLE = "QLabel { color: #b91c1c; font-weight: bold; }"
RESULT_STYLE = "QLabel { font-weight: bold; }"


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, BieumauError):
        return refusal_text(exc)
    return f"{type(exc).__name__}: {exc}"


class FilePreviewDialog(Retranslating, QDialog):
    """Choose a file, read and compare it off the UI thread, show what would change, then apply.

    Subclasses set their texts (``retranslate``), read a file (``reader``), show a result (``show_result``)
    and apply it (``apply``). The summary line is kept as a function of the language (``_summary``), so a
    language switch rewrites it along with the tree.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task = None
        self.path: Path | None = None
        self._summary: Callable[[], str] | None = None
        self.resize(900, 600)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(True)
        self.apply_button = QPushButton()
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note_label, 1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        """The texts every file dialog shares; subclasses add theirs and call this."""
        self.choose_button.setText(tr("Chọn tệp…"))
        self.close_button.setText(tr("Đóng"))
        self.file_label.setText(arg(tr("Tệp: %1"), self.path) if self.path else tr("Chưa chọn tệp."))
        self.summary.setText(self._summary() if self._summary is not None else self.hint())
        self.redraw()

    # --- what a subclass says and does ---------------------------------------------------------------
    def hint(self) -> str:
        raise NotImplementedError

    def file_caption(self) -> tuple[str, str]:
        """The file dialog's title and filter."""
        raise NotImplementedError

    def loading_text(self) -> str:
        raise NotImplementedError

    def forget_result(self) -> None:
        raise NotImplementedError

    def reader(self, path: str | Path) -> Callable[[Any], Any]:
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def redraw(self) -> None:
        """Fill the tree from the result held (again, after a language switch)."""
        raise NotImplementedError

    def apply(self) -> None:
        raise NotImplementedError

    # --- shared --------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        caption, filter_ = self.file_caption()
        path, _ = QFileDialog.getOpenFileName(self, caption, "", filter_)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        self.forget_result()
        self.apply_button.setEnabled(False)
        self.tree.clear()
        self.path = Path(path)
        self.file_label.setText(arg(tr("Tệp: %1"), self.path))
        self.task = run_in_background(
            self, self.reader(path), title=self.loading_text(), on_success=self.show_result,
            on_failure=lambda exc: self._show_problem(_error_text(exc)),
        )

    @property
    def loading(self) -> bool:
        return self.task is not None and not self.task.done

    def _say(self, summary: Callable[[], str], style: str = RESULT_STYLE) -> None:
        self._summary = summary
        self.summary.setStyleSheet(style)
        self.summary.setText(summary())

    def _show_problem(self, message: str) -> None:
        self._say(lambda: arg(tr("Không dùng được tệp: %1"), message), PROBLEM_STYLE)

    def _group_head(self, key: str, title: str, count: int, colour: str, columns: int) -> QTreeWidgetItem:
        bold = QFont()
        bold.setBold(True)
        head = QTreeWidgetItem([f"{title} ({count})"] + [""] * (columns - 1))
        head.setFont(0, bold)
        head.setData(0, Qt.ItemDataRole.UserRole, key)
        head.setBackground(0, QBrush(QColor(colour)))
        self.tree.addTopLevelItem(head)
        head.setFirstColumnSpanned(True)
        return head

    def _group_children(self, key: str) -> list[str]:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head.data(0, Qt.ItemDataRole.UserRole) == key:
                return [head.child(j).text(0) for j in range(head.childCount())]
        return []


class UnitImportDialog(FilePreviewDialog):
    """Choose a unit list, see new / renamed / merged / ended units, then apply in one transaction."""

    applied = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(ctx, parent)
        self.preview: UnitListPreview | None = None
        self.retranslate()
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        if path is not None:
            self.load_file(path)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Nhập danh mục đơn vị"))
        self.tree.setHeaderLabels([tr("Mã"), tr("Tên đơn vị"), tr("Thay đổi")])
        self.apply_button.setText(tr("Áp dụng thay đổi"))
        self.note_label.setText(tr("Đơn vị không có trong tệp được giữ nguyên; số liệu cũ không bị xóa."))
        super().retranslate()

    def hint(self) -> str:
        return tr("Tệp CSV theo mẫu code,name,level,parent,valid_from,valid_to (thêm merged_into nếu có) "
                  "hoặc tệp xuất danh mục hành chính chính thức.")

    def file_caption(self) -> tuple[str, str]:
        return tr("Chọn danh mục đơn vị"), tr("Tệp CSV (*.csv)")

    def loading_text(self) -> str:
        return tr("Đang đọc danh mục đơn vị…")

    def forget_result(self) -> None:
        self.preview = None

    def reader(self, path: str | Path):
        # a national code list has over ten thousand rows: read and compare it off the UI thread
        return lambda state: units.preview_unit_list(self.ctx.db, path)

    def show_result(self, preview: UnitListPreview) -> None:
        self.preview = preview
        if preview.changed:
            self._say(lambda: arg(tr("Nếu áp dụng: %1."), preview.summary(tr)))
        else:
            self._say(lambda: tr("Danh mục trong tệp giống hệt danh mục đang dùng; không có gì để áp dụng."))
        self.redraw()
        self.apply_button.setEnabled(preview.changed)

    def redraw(self) -> None:
        preview = self.preview
        self.tree.clear()
        if preview is None:
            return
        for group in units.GROUPS:
            codes = preview.codes(group)
            if not codes:
                continue
            head = self._group_head(group, units.group_title(group, tr), len(codes), GROUP_COLOURS[group], 3)
            for code in codes:
                item = QTreeWidgetItem([code, preview.unit(code).name, preview.describe(group, code, tr)])
                item.setData(0, Qt.ItemDataRole.UserRole, code)
                head.addChild(item)
            head.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    def group_codes(self, group: str) -> list[str]:
        """Codes shown under a group (for tests and for a clerk reading the preview)."""
        return self._group_children(group)

    def apply(self) -> None:
        preview = self.preview
        if preview is None:
            return
        self.apply_button.setEnabled(False)
        run_in_background(
            self,
            lambda state: units.apply_unit_list(self.ctx.db, preview, user=self.ctx.user,
                                                code_list_version=preview.path.name),
            title=tr("Đang lưu danh mục đơn vị…"),
            on_success=self._applied,
            on_failure=lambda exc: self._show_problem(_error_text(exc)),
        )

    def _applied(self, result: units.UnitListApplied) -> None:
        self.ctx.reload_units()
        self._say(lambda: arg(tr("Đã áp dụng: %1."), result.summary(tr)))
        self.preview = None
        self.applied.emit()
        change_bus().publish(result.op_changes)


class FormUpdateDialog(FilePreviewDialog):
    """Load a form definition (YAML or xlsx), see what differs from the version in use, register it."""

    applied = Signal(str)  # form id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(ctx, parent)
        self.changes: FormVersionPreview | None = None
        self.retranslate()
        if path is not None:
            self.load_file(path)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Cập nhật định nghĩa biểu mẫu"))
        self.tree.setHeaderLabels([tr("Mã"), tr("Nội dung")])
        self.apply_button.setText(tr("Dùng phiên bản này"))
        self.note_label.setText(tr("Phiên bản mới được lưu bên cạnh phiên bản cũ: số liệu đã nhập theo phiên "
                                   "bản cũ giữ nguyên."))
        super().retranslate()

    def hint(self) -> str:
        return tr("Chọn tệp định nghĩa biểu mẫu (.yaml hoặc .xlsx).")

    def file_caption(self) -> tuple[str, str]:
        return tr("Chọn định nghĩa biểu mẫu"), tr("Định nghĩa biểu mẫu (*.yaml *.yml *.xlsx)")

    def loading_text(self) -> str:
        return tr("Đang đọc định nghĩa biểu mẫu…")

    def forget_result(self) -> None:
        self.changes = None

    def reader(self, path: str | Path):
        return lambda state: forms_admin.preview_form_version(self.ctx.catalogue, path)

    def show_result(self, changes: FormVersionPreview) -> None:
        self.changes = changes
        if changes.problem() is not None:
            self._say(lambda: arg(tr("Không dùng được tệp: %1"), changes.problem(tr)), PROBLEM_STYLE)
        else:
            self._say(lambda: changes.summary(tr))
        self.redraw()
        self.apply_button.setEnabled(changes.changed and changes.problem() is None)

    def redraw(self) -> None:
        changes = self.changes
        self.tree.clear()
        if changes is None:
            return
        for kind in forms_admin.KINDS:
            for change in forms_admin.CHANGES:
                rows = changes.rows(kind, change)
                if not rows:
                    continue
                head = self._group_head(f"{kind}.{change}", forms_admin.group_title(kind, change, tr), len(rows),
                                        GROUP_COLOURS[change], 2)
                for item_id, text in rows:
                    child = QTreeWidgetItem([item_id, text])
                    child.setToolTip(1, text)
                    head.addChild(child)
                head.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    def group_ids(self, kind: str, change: str) -> list[str]:
        return self._group_children(f"{kind}.{change}")

    def apply(self) -> None:
        changes = self.changes
        if changes is None or changes.problem():
            return
        try:
            loaded = forms_admin.load_form_version(self.ctx.db, self.ctx.catalogue, changes)
        except BieumauError as exc:
            self._show_problem(refusal_text(exc))
            return
        self.apply_button.setEnabled(False)
        self._say(lambda: loaded.summary(tr))
        self.applied.emit(loaded.form.id)
        change_bus().publish(loaded.op_changes)


def show_unit_import(main_window) -> UnitImportDialog:
    dialog = UnitImportDialog(main_window.ctx, main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog


def show_form_update(main_window) -> FormUpdateDialog:
    dialog = FormUpdateDialog(main_window.ctx, main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog
