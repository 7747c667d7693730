"""``DatabaseValueSource``: the rule engine's ``forms.values.ValueSource`` read from the database."""

from __future__ import annotations

from collections.abc import Mapping

from storage.database import Database
from storage.values import read_values


class DatabaseValueSource:
    """Raw texts as typed, one unit's form and period at a time (``prev`` and ``children`` included)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def raw_values(self, form_id: str, unit: str, period: str) -> Mapping[tuple[str, str], str]:
        return {cell: value.raw for cell, value in read_values(self.db, form_id, unit, period).items()}
