"""Administration: import a unit list or a new form definition, seeing exactly what changes before applying.

A new unit list never deletes a unit (old data stays readable); a new form version is stored beside the
old one, so values entered under the old version keep their definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
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
from desktop.translation import tr
from forms.errors import BieumauError
from forms.model import Form
from forms.units import LEVEL_NAMES_VI, Unit
from operations.context import AppContext

GROUP_COLOURS = {"new": "#d1fae5", "renamed": "#dbeafe", "merged": "#fde68a", "ended": "#fee2e2",
                 "moved": "#ede9fe", "added": "#d1fae5", "removed": "#fee2e2", "changed": "#dbeafe"}


def _date_vi(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, BieumauError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


# --- units --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitPreview:
    """A unit list read from a file and what saving it would do."""

    path: Path
    units: list[Unit]
    changes: Any  # storage.units.UnitChanges
    stored: dict[str, Unit]

    def describe(self, group: str, code: str) -> str:
        """One line saying what happens to ``code`` (Vietnamese, then translated)."""
        new = next(u for u in self.units if u.code == code)
        old = self.stored.get(code)
        everything = {**self.stored, **{u.code: u for u in self.units}}
        if group == "new":
            parent = everything.get(new.parent or "")
            text = tr("%1, thuộc %2").replace("%1", tr(LEVEL_NAMES_VI.get(new.level, new.level))).replace(
                "%2", parent.name if parent else "—")
            if new.valid_from:
                text += tr(", có hiệu lực từ %1").replace("%1", _date_vi(new.valid_from))
            return text
        if group == "renamed" and old is not None:
            return tr("«%1» → «%2»").replace("%1", old.name).replace("%2", new.name)
        if group == "merged":
            target = everything.get(new.merged_into or "")
            since = (target.valid_from if target and target.valid_from
                     else (new.valid_to + timedelta(days=1) if new.valid_to else None))
            text = tr("sáp nhập vào %1 (%2)").replace("%1", target.name if target else (new.merged_into or "")) \
                .replace("%2", new.merged_into or "")
            if since:
                text += tr(" từ %1").replace("%1", _date_vi(since))
            return text
        if group == "ended":
            return tr("hết hiệu lực sau %1").replace("%1", _date_vi(new.valid_to))
        if group == "moved" and old is not None:
            parts = []
            if old.parent != new.parent:
                parts.append(tr("đơn vị cấp trên %1 → %2").replace("%1", old.parent or "—").replace("%2", new.parent or "—"))
            if old.level != new.level:
                parts.append(tr("cấp %1 → %2").replace("%1", old.level).replace("%2", new.level))
            if old.valid_from != new.valid_from or old.valid_to != new.valid_to:
                parts.append(tr("hiệu lực %1–%2").replace("%1", _date_vi(new.valid_from) or "…")
                             .replace("%2", _date_vi(new.valid_to) or "…"))
            return "; ".join(parts)
        return ""


def preview_units(ctx: AppContext, path: str | Path) -> UnitPreview:
    """Read the file (our CSV or the official code-list export) and diff it against the database."""
    from forms.units import read_units_csv
    from storage.units import diff_units, load_unit_tree

    units = read_units_csv(path)
    changes = diff_units(ctx.db, units)
    stored = {u.code: u for u in load_unit_tree(ctx.db)}
    return UnitPreview(Path(path), units, changes, stored)


UNIT_GROUPS = (("merged", "Sáp nhập"), ("new", "Đơn vị mới"), ("renamed", "Đổi tên"),
               ("ended", "Hết hiệu lực"), ("moved", "Thay đổi khác"))


class FilePreviewDialog(QDialog):
    """Choose a file, read and compare it off the UI thread, show what would change, then apply.

    Subclasses say what the file is (``CAPTION``, ``FILTER``), read it (``read``), show the result
    (``show_result``) and apply it (``apply``).
    """

    CAPTION = ""
    FILTER = ""
    LOADING = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None, *, title: str, hint: str,
                 headers: list[str], apply_label: str, note: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task = None
        self.setWindowTitle(tr(title))
        self.resize(900, 600)
        self.file_label = QLabel(tr("Chưa chọn tệp."))
        self.file_label.setWordWrap(True)
        choose = QPushButton(tr("Chọn tệp…"))
        choose.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        self.summary = QLabel(tr(hint))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr(h) for h in headers])
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(True)
        self.apply_button = QPushButton(tr(apply_label))
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.close)
        note_label = QLabel(tr(note))
        note_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(note_label, 1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr(self.CAPTION), "", tr(self.FILTER))
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        self.forget_result()
        self.apply_button.setEnabled(False)
        self.tree.clear()
        self.file_label.setText(tr("Tệp: %1").replace("%1", str(path)))
        self.task = run_in_background(
            self, self.reader(path), title=tr(self.LOADING), on_success=self.show_result,
            on_failure=lambda exc: self._show_problem(_error_text(exc)),
        )

    @property
    def loading(self) -> bool:
        return self.task is not None and not self.task.done

    def _show_problem(self, message: str) -> None:
        self.summary.setText(tr("Không dùng được tệp: %1").replace("%1", message))
        self.summary.setStyleSheet("QLabel { color: #b91c1c; font-weight: bold; }")

    def _group_children(self, key: str) -> list[str]:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head.data(0, Qt.ItemDataRole.UserRole) == key:
                return [head.child(j).text(0) for j in range(head.childCount())]
        return []

    def forget_result(self) -> None:
        raise NotImplementedError

    def reader(self, path: str | Path):
        raise NotImplementedError

    def show_result(self, result) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        raise NotImplementedError


class UnitImportDialog(FilePreviewDialog):
    """Choose a unit list, see new / renamed / merged / ended units, then apply in one transaction."""

    applied = Signal()

    CAPTION = "Chọn danh mục đơn vị"
    FILTER = "Tệp CSV (*.csv)"
    LOADING = "Đang đọc danh mục đơn vị…"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(
            ctx, parent, title="Nhập danh mục đơn vị",
            hint="Tệp CSV theo mẫu code,name,level,parent,valid_from,valid_to (thêm merged_into nếu có) "
                 "hoặc tệp xuất danh mục hành chính chính thức.",
            headers=["Mã", "Tên đơn vị", "Thay đổi"], apply_label="Áp dụng thay đổi",
            note="Đơn vị không có trong tệp được giữ nguyên; số liệu cũ không bị xóa.",
        )
        self.preview: UnitPreview | None = None
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        if path is not None:
            self.load_file(path)

    def forget_result(self) -> None:
        self.preview = None

    def reader(self, path: str | Path):
        # a national code list has over ten thousand rows: read and compare it off the UI thread
        return lambda state: preview_units(self.ctx, path)

    def show_result(self, preview: UnitPreview) -> None:
        self.preview = preview
        self._show_preview(preview)

    def _show_preview(self, preview: UnitPreview) -> None:
        changes = preview.changes
        self.summary.setStyleSheet("QLabel { font-weight: bold; }")
        self.summary.setText(tr("Nếu áp dụng: %1.").replace("%1", tr(changes.summary_vi())))
        by_code = {u.code: u for u in preview.units}
        bold = QFont()
        bold.setBold(True)
        for group, title in UNIT_GROUPS:
            codes = getattr(changes, group)
            if not codes:
                continue
            head = QTreeWidgetItem([f"{tr(title)} ({len(codes)})", "", ""])
            head.setFont(0, bold)
            head.setData(0, Qt.ItemDataRole.UserRole, group)
            head.setBackground(0, QBrush(QColor(GROUP_COLOURS[group])))
            head.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(head)
            for code in codes:
                item = QTreeWidgetItem([code, by_code[code].name, preview.describe(group, code)])
                item.setData(0, Qt.ItemDataRole.UserRole, code)
                head.addChild(item)
            head.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.apply_button.setEnabled(changes.changed)
        if not changes.changed:
            self.summary.setText(tr("Danh mục trong tệp giống hệt danh mục đang dùng; không có gì để áp dụng."))

    def group_codes(self, group: str) -> list[str]:
        """Codes shown under a group (for tests and for a clerk reading the preview)."""
        return self._group_children(group)

    def apply(self) -> None:
        preview = self.preview
        if preview is None:
            return
        from storage.units import save_units

        self.apply_button.setEnabled(False)
        run_in_background(
            self,
            lambda state: save_units(self.ctx.db, preview.units, code_list_version=preview.path.name,
                                     user=self.ctx.user),
            title=tr("Đang lưu danh mục đơn vị…"),
            on_success=self._applied,
            on_failure=lambda exc: self._show_problem(_error_text(exc)),
        )

    def _applied(self, changes) -> None:
        self.ctx.reload_units()
        self.summary.setText(tr("Đã áp dụng: %1.").replace("%1", tr(changes.summary_vi())))
        self.preview = None
        self.applied.emit()


# --- form definitions ---------------------------------------------------------------------------
@dataclass
class FormChanges:
    """What a new definition adds, removes and changes compared with the version in use."""

    old: Form | None
    new: Form
    items: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)  # kind → change → (id, text)

    @property
    def changed(self) -> bool:
        return self.old is None or self.old.checksum != self.new.checksum

    def problem(self) -> str | None:
        """Why this definition cannot be registered, or None."""
        if self.old is None or not self.changed:
            return None
        if self.new.version == self.old.version:
            return tr("Nội dung khác phiên bản đang dùng nhưng vẫn ghi phiên bản %1; hãy tăng số phiên bản.") \
                .replace("%1", str(self.new.version))
        if self.new.version < self.old.version:
            return tr("Phiên bản %1 cũ hơn phiên bản đang dùng (%2).").replace("%1", str(self.new.version)) \
                .replace("%2", str(self.old.version))
        return None


def _by_id(items: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {str(item.get("id")): item for item in items or [] if isinstance(item, dict)}


def _label(item: dict[str, Any]) -> str:
    return str(item.get("title") or item.get("expr") or item.get("message") or "")


def _what_changed(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return ", ".join(f"{k}: {old.get(k, '—')} → {new.get(k, '—')}" for k in keys)


def diff_forms(old: Form | None, new: Form) -> FormChanges:
    changes = FormChanges(old, new)
    old_def = old.definition if old is not None else {}
    for kind in ("columns", "indicators", "rules"):
        before, after = _by_id(old_def.get(kind)), _by_id(new.definition.get(kind))
        changes.items[kind] = {
            "added": [(k, _label(after[k])) for k in after if k not in before],
            "removed": [(k, _label(before[k])) for k in before if k not in after],
            "changed": [(k, _what_changed(before[k], after[k])) for k in after
                        if k in before and before[k] != after[k]],
        }
    return changes


FORM_KINDS = (("indicators", "Chỉ tiêu"), ("rules", "Quy tắc kiểm tra"), ("columns", "Cột"))
FORM_CHANGES = (("added", "được thêm"), ("removed", "bị bỏ"), ("changed", "được sửa"))


class FormUpdateDialog(FilePreviewDialog):
    """Load a form definition (YAML or xlsx), see what differs from the version in use, register it."""

    applied = Signal(str)  # form id

    CAPTION = "Chọn định nghĩa biểu mẫu"
    FILTER = "Định nghĩa biểu mẫu (*.yaml *.yml *.xlsx)"
    LOADING = "Đang đọc định nghĩa biểu mẫu…"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(
            ctx, parent, title="Cập nhật định nghĩa biểu mẫu",
            hint="Chọn tệp định nghĩa biểu mẫu (.yaml hoặc .xlsx).",
            headers=["Mã", "Nội dung"], apply_label="Dùng phiên bản này",
            note="Phiên bản mới được lưu bên cạnh phiên bản cũ: số liệu đã nhập theo phiên bản cũ giữ nguyên.",
        )
        self.changes: FormChanges | None = None
        if path is not None:
            self.load_file(path)

    def forget_result(self) -> None:
        self.changes = None

    def reader(self, path: str | Path):
        from forms.definitions import load_form
        from operations.context import _syntax_checker

        checker = _syntax_checker()

        def read(state) -> FormChanges:
            form = load_form(path, check_expression=checker)
            return diff_forms(self.ctx.catalogue.get(form.id), form)

        return read

    def show_result(self, changes: FormChanges) -> None:
        self.changes = changes
        self._show_changes(changes)

    def _show_changes(self, changes: FormChanges) -> None:
        new, old = changes.new, changes.old
        self.summary.setStyleSheet("QLabel { font-weight: bold; }")
        if old is None:
            self.summary.setText(tr("Biểu mẫu mới %1 phiên bản %2: %3").replace("%1", new.id)
                                 .replace("%2", str(new.version)).replace("%3", new.title))
        elif not changes.changed:
            self.summary.setText(tr("Giống hệt phiên bản đang dùng (%1 phiên bản %2); không có gì để cập nhật.")
                                 .replace("%1", new.id).replace("%2", str(new.version)))
        else:
            self.summary.setText(tr("%1: phiên bản %2 → %3").replace("%1", new.id)
                                 .replace("%2", str(old.version)).replace("%3", str(new.version)))
        problem = changes.problem()
        if problem:
            self._show_problem(problem)
        bold = QFont()
        bold.setBold(True)
        for kind, kind_title in FORM_KINDS:
            for change, change_title in FORM_CHANGES:
                rows = changes.items.get(kind, {}).get(change, [])
                if not rows or old is None:
                    continue
                head = QTreeWidgetItem([f"{tr(kind_title)} {tr(change_title)} ({len(rows)})", ""])
                head.setFont(0, bold)
                head.setData(0, Qt.ItemDataRole.UserRole, f"{kind}.{change}")
                head.setBackground(0, QBrush(QColor(GROUP_COLOURS[change])))
                head.setFirstColumnSpanned(True)
                self.tree.addTopLevelItem(head)
                for item_id, text in rows:
                    child = QTreeWidgetItem([item_id, text])
                    child.setToolTip(1, text)
                    head.addChild(child)
                head.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.apply_button.setEnabled(changes.changed and problem is None)

    def group_ids(self, kind: str, change: str) -> list[str]:
        return self._group_children(f"{kind}.{change}")

    def apply(self) -> None:
        changes = self.changes
        if changes is None or changes.problem():
            return
        from storage.forms import register_form

        try:
            register_form(self.ctx.db, changes.new)
        except BieumauError as exc:
            self._show_problem(exc.message)
            return
        self.ctx.catalogue[changes.new.id] = changes.new
        self.apply_button.setEnabled(False)
        self.summary.setText(tr("Đã dùng %1 phiên bản %2 từ nay; số liệu cũ vẫn theo phiên bản của nó.")
                             .replace("%1", changes.new.id).replace("%2", str(changes.new.version)))
        self.applied.emit(changes.new.id)


def show_unit_import(main_window) -> UnitImportDialog:
    dialog = UnitImportDialog(main_window.ctx, main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.applied.connect(lambda: (main_window._fill_units(), main_window._restore_last_place()))
    dialog.show()
    return dialog


def show_form_update(main_window) -> FormUpdateDialog:
    dialog = FormUpdateDialog(main_window.ctx, main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.applied.connect(lambda _form: main_window._place_changed())
    dialog.show()
    return dialog
