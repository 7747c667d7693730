"""``OpChanges``: what an operation touched, in the manner of Anki's ``OpChanges``.

An operation returns one; the desktop broadcasts it on one signal (``desktop.change_bus``) and every open
window asks it whether what it shows is concerned. Nothing else tells a window to reload.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class DocumentKey(NamedTuple):
    """One form filled by one unit for one period: the thing values and statuses belong to."""

    form_id: str
    unit: str
    period: str


@dataclass(frozen=True)
class OpChanges:
    values: frozenset[DocumentKey] = field(default_factory=frozenset)
    statuses: frozenset[DocumentKey] = field(default_factory=frozenset)
    units: bool = False
    forms: frozenset[str] = field(default_factory=frozenset)
    # the object that made the change (a window, a document): it already shows the result
    origin: object | None = field(default=None, compare=False)

    @classmethod
    def of_values(cls, keys: Iterable[DocumentKey], origin: object | None = None) -> OpChanges:
        return cls(values=frozenset(DocumentKey(*k) for k in keys), origin=origin)

    @classmethod
    def of_statuses(cls, keys: Iterable[DocumentKey], origin: object | None = None) -> OpChanges:
        return cls(statuses=frozenset(DocumentKey(*k) for k in keys), origin=origin)

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(
            values=self.values | other.values,
            statuses=self.statuses | other.statuses,
            units=self.units or other.units,
            forms=self.forms | other.forms,
            origin=self.origin if self.origin is other.origin else None,
        )

    def __bool__(self) -> bool:
        return bool(self.values or self.statuses or self.units or self.forms)

    def touches(self, form_id: str, unit: str | None = None, period: str | None = None) -> bool:
        """Whether a view of ``form_id`` (for ``unit`` and ``period`` when given) must refresh."""
        if self.units or form_id in self.forms:
            return True
        return any(
            k.form_id == form_id and unit in (None, k.unit) and period in (None, k.period)
            for k in self.values | self.statuses
        )

    def touches_values(self, form_id: str, unit: str, period: str) -> bool:
        return DocumentKey(form_id, unit, period) in self.values


NO_CHANGES = OpChanges()
