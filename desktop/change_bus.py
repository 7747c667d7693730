"""The one signal every open window listens to: an operation's ``OpChanges`` after it ran.

Windows connect ``change_bus().changed`` and refresh what the record says concerns them; the window that
made the change is the record's ``origin`` and may skip the refresh it has already done.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from operations.changes import OpChanges


class ChangeBus(QObject):
    changed = Signal(object)  # OpChanges

    def publish(self, changes: OpChanges) -> None:
        if changes:
            self.changed.emit(changes)


def change_bus() -> ChangeBus:
    """The application's bus (one per QCoreApplication, made on first use)."""
    app = QCoreApplication.instance()
    bus = app.findChild(ChangeBus, "bieumau-change-bus") if app is not None else None
    if bus is None:
        bus = ChangeBus(app)
        bus.setObjectName("bieumau-change-bus")
    return bus
