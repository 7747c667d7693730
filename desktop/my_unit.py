"""Choosing "đơn vị của tôi", the unit the user works for: it decides whose forms they may approve,
return or unlock (only units below it)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.i18n import Retranslating, tr
from operations.context import AppContext


class MyUnitDialog(Retranslating, QDialog):
    """A list of every unit, indented by level; OK saves the choice in the settings file."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.approval import units_in_tree_order

        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(36)
        for unit in units_in_tree_order(ctx):
            indent = "    " * len(ctx.units.ancestors(unit.code))
            self.unit_box.addItem(f"{indent}{unit.name}", unit.code)
        current = ctx.my_unit()
        if current is not None:
            self.unit_box.setCurrentIndex(max(self.unit_box.findData(current), 0))
        layout.addWidget(self.unit_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(480, 160)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Đơn vị của tôi"))
        self.hint.setText(tr("Chọn đơn vị mình công tác. Bạn chỉ được duyệt, trả lại hay mở khóa số liệu của các "
                             "đơn vị cấp dưới của đơn vị này, không bao giờ của chính nó."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đồng ý"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))

    def chosen(self) -> str:
        return self.unit_box.currentData()

    def accept(self) -> None:
        self.ctx.set_my_unit(self.chosen())
        super().accept()


def choose_my_unit(ctx: AppContext, parent: QWidget | None = None) -> str | None:
    """Ask for "my unit" (modal); the unit chosen, or None when cancelled."""
    dialog = MyUnitDialog(ctx, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def my_unit_name(ctx: AppContext) -> str | None:
    code = ctx.my_unit()
    return ctx.units[code].name if code is not None else None
