"""Where the rule engine reads values: the ``ValueSource`` protocol and an in-memory one.

A value is the raw text as the clerk typed it; parsing to a number follows the cell's type in the
form. The engine reads other periods (``prev``) and child units (``children``) through this
protocol, so the same checks run on a CSV in the command line and on the database in the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

from forms.limits import check_typed

CellKey = tuple[str, str]  # (indicator id, column id)


@runtime_checkable
class ValueSource(Protocol):
    def raw_values(self, form_id: str, unit: str, period: str) -> Mapping[CellKey, str]:
        """Raw texts of one unit's form for one period (period code, e.g. ``2024Q2``);
        an empty mapping when nothing was entered."""
        ...


class InMemoryValues:
    """Values held in a dictionary: ``{(form_id, unit, period): {(indicator, column): raw}}``."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str, str], dict[CellKey, str]] = {}

    def set(self, form_id: str, unit: str, period: str, indicator: str, column: str, raw: str) -> None:
        check_typed(raw, f"Ô {indicator}/{column} của đơn vị {unit}, kỳ {period}")
        self._data.setdefault((form_id, unit, period), {})[(indicator, column)] = raw

    def update(self, form_id: str, unit: str, period: str, cells: Mapping[CellKey, str]) -> None:
        self._data.setdefault((form_id, unit, period), {}).update(cells)

    def raw_values(self, form_id: str, unit: str, period: str) -> Mapping[CellKey, str]:
        return self._data.get((form_id, unit, period), {})

    def keys(self) -> Iterable[tuple[str, str, str]]:
        return self._data.keys()
