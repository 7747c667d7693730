"""Undo steps for the grid: one ``QUndoCommand`` per edit, a whole paste being one step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from forms.values import CellKey

if TYPE_CHECKING:
    from desktop.grid_model import FormTableModel


class EditCells(QUndoCommand):
    def __init__(
        self, model: FormTableModel, changes: list[tuple[CellKey, str, str]], text: str, source: str
    ) -> None:
        super().__init__(text)
        self.model = model
        self.changes = changes  # (cell, old raw, new raw)
        self.source = source

    def redo(self) -> None:
        self.model.apply_changes([(key, new) for key, _old, new in self.changes], self.source)

    def undo(self) -> None:
        self.model.apply_changes([(key, old) for key, old, _new in self.changes], self.source)


class EditComment(QUndoCommand):
    """A note or justification of one cell: undone with the values, in the same stack."""

    def __init__(self, model: FormTableModel, key: CellKey, kind: str, old: str, new: str, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.key, self.kind, self.old, self.new = key, kind, old, new

    def redo(self) -> None:
        self.model.apply_comment(self.key, self.kind, self.new)

    def undo(self) -> None:
        self.model.apply_comment(self.key, self.kind, self.old)
