"""The indicator inventory (danh mục chỉ tiêu): every indicator the province's reports state, with its
stable code, kind and period types. A copy of ``indicators.csv`` ships beside the bundled forms."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from forms.model import Form

INVENTORY_FILE = Path(__file__).with_name("catalogue") / "indicators.csv"


@dataclass(frozen=True, slots=True)
class InventoryIndicator:
    code: str
    domain: str
    name: str
    unit: str
    kind: str
    parts: str
    numerator: str
    denominator: str
    period_types: tuple[str, ...]
    levels: tuple[str, ...]
    has_target: bool
    note: str

    @property
    def cumulative(self) -> bool:
        return "cumulative" in self.period_types


@lru_cache(maxsize=4)
def load_inventory(path: Path = INVENTORY_FILE) -> dict[str, InventoryIndicator]:
    """The inventory by code, in file order."""
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {
        row["code"]: InventoryIndicator(
            code=row["code"], domain=row["domain"], name=row["name_vi"], unit=row["unit"], kind=row["kind"],
            parts=row["parts"], numerator=row["numerator"], denominator=row["denominator"],
            period_types=tuple(row["period_types"].split()), levels=tuple(row["levels"].split()),
            has_target=row["has_target"] == "yes", note=row["note"],
        )
        for row in rows
    }


def unknown_codes(form: Form, inventory: dict[str, InventoryIndicator] | None = None) -> list[tuple[str, str]]:
    """(indicator id, code) of every row whose code the inventory does not list."""
    known = inventory if inventory is not None else load_inventory()
    return [(ind.id, ind.code) for ind in form.indicators if ind.code and ind.code not in known]


def coverage(forms: dict[str, Form], inventory: dict[str, InventoryIndicator] | None = None) -> tuple[int, int]:
    """(inventory codes carried by some form, inventory codes)."""
    known = inventory if inventory is not None else load_inventory()
    carried = {ind.code for form in forms.values() for ind in form.indicators if ind.code}
    return len(carried & known.keys()), len(known)
