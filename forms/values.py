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


SheetKey = tuple[str, str, str]  # (form id, unit, period code)


class OverlayValues:
    """Sheets being written, over another source (the database) that answers for every other sheet.

    The import checks a file before storing it, consolidation checks figures it has not stored, the
    open form checks what is typed: each overlays its sheets and still sees earlier periods and other
    units through ``base``. The mappings are read when asked, so a sheet held by reference stays live.
    """

    def __init__(self, base: ValueSource | None, sheets: Mapping[SheetKey, Mapping[CellKey, str]]) -> None:
        self.base, self.sheets = base, sheets

    def raw_values(self, form_id: str, unit: str, period: str) -> Mapping[CellKey, str]:
        held = self.sheets.get((form_id, unit, period))
        if held is not None:
            return held
        return self.base.raw_values(form_id, unit, period) if self.base is not None else {}
