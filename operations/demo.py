"""The bundled demo province: on first start an empty database receives the demo units and values."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forms.model import Form
    from storage.database import Database

DEMO_DIR = Path(__file__).resolve().parent.parent / "resources" / "demo"


def demo_dir() -> Path:
    try:
        from importlib.resources import files

        candidate = Path(str(files("resources") / "demo"))
        if candidate.exists():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    return DEMO_DIR


def seed_demo_if_empty(db: Database, catalogue: dict[str, Form], *, user: str,
                       settings=None) -> bool:
    """Load the demo units and values when the database has no unit yet; True when it did.

    With ``settings``, the first start opens the department's demo sheet with the most figures,
    so a new user sees a filled form and the checks at work rather than an empty grid."""
    from forms.units import read_units_csv
    from operations.context import MY_UNIT
    from storage.forms import register_form
    from storage.units import load_unit_tree, save_units

    if len(load_unit_tree(db)):
        return False
    folder = demo_dir()
    units_csv = folder / "units.csv"
    if not units_csv.exists():
        return False
    save_units(db, read_units_csv(units_csv), code_list_version="demo", user=user)
    for form in catalogue.values():
        register_form(db, form)
    sheets = load_demo_values(db, catalogue, folder / "values", user=user)
    load_demo_notes(db, catalogue, folder / "notes.csv", user=user)
    if settings is not None and sheets and settings.get("last_place") is None:
        tree = load_unit_tree(db)
        department = [k for k in sheets if (u := tree.get(k[1])) is not None and u.level == "so"]
        form_id, unit, period = max(department or sheets, key=lambda k: (sheets[k], k))
        settings.set("last_place", {"unit": unit, "form": form_id, "period": period})
    if settings is not None and settings.get(MY_UNIT) is None:
        # the demo user works for the province, the one unit that may approve every other demo unit
        province = next((u for u in load_unit_tree(db).roots() if u.level == "tinh"), None)
        if province is not None:
            settings.set(MY_UNIT, province.code)
    return True


def load_demo_values(db: Database, catalogue: dict[str, Form], folder: Path, *,
                     user: str) -> dict[tuple[str, str, str], int]:
    """Store every demo CSV; returns the number of values per (form, unit, period)."""
    from forms.periods import parse_period
    from storage.values import write_values

    stored: dict[tuple[str, str, str], int] = {}
    by_id = {f.id.lower(): f for f in catalogue.values()}
    for path in sorted(folder.glob("*.csv")):
        form = by_id.get(path.stem.lower())
        if form is None:
            continue
        groups: dict[tuple[str, str], dict[tuple[str, str], str]] = defaultdict(dict)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if not form.uses_cell(row["indicator"], row["column"]):
                    continue
                period = parse_period(row["period"]).code
                groups[(row["unit"], period)][(row["indicator"], row["column"])] = row["value"]
        for (unit, period), cells in groups.items():
            write_values(db, form, unit, period, cells, user=user, source=f"import:{path.name}")
            stored[(form.id, unit, period)] = len(cells)
    return stored


def load_demo_notes(db: Database, catalogue: dict[str, Form], path: Path, *, user: str) -> int:
    """Store the demo's cell notes (which figures are only illustrative), so the screen says so too."""
    from storage.comments import set_comment

    if not path.exists():
        return 0
    stored = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            form = catalogue.get(row["form"])
            if form is None or not form.uses_cell(row["indicator"], row["column"]):
                continue
            set_comment(db, form.id, row["unit"], row["period"], row["indicator"], row["column"], row["note"],
                        kind="note", user=user, source=f"import:{path.name}")
            stored += 1
    return stored
