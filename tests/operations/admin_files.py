"""Files an administrator loads, built from the bundled ones: the demo unit list as it was before the 2025
reform, and a next version of a form definition (one indicator added, one rule dropped, a title changed)."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import yaml

from operations.demo import demo_dir

DEMO_UNITS = demo_dir() / "units.csv"


def pre_reform_list(path: Path) -> Path:
    """The demo list as it was before 1 July 2025: no merged commune, districts still in force."""
    with DEMO_UNITS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            if row["code"] == "M223-12":
                continue
            if row["level"] in ("huyen", "xa"):
                row["valid_to"], row["merged_into"] = "", ""
            writer.writerow(row)
    return path


def new_form_version(ctx, tmp_path: Path, *, bump: int = 1) -> Path:
    """TTR-01 with ``kien_nghi`` added, ``giai_quyet_le_don`` dropped and ``cuoc_tt`` renamed, its version
    raised by ``bump`` (0: the same number, as an author who forgot)."""
    definition = copy.deepcopy(ctx.catalogue["TTR-01"].definition)
    definition["version"] += bump
    definition["indicators"].append({"id": "kien_nghi", "title": "Số kiến nghị xử lý", "unit": "kiến nghị",
                                     "type": "integer", "section": definition["indicators"][0].get("section")})
    definition["rules"] = [r for r in definition["rules"] if r["id"] != "giai_quyet_le_don"]
    definition["indicators"][0]["title"] = "Tổng số cuộc thanh tra, kiểm tra"
    path = tmp_path / f"ttr-01-v{definition['version']}.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
