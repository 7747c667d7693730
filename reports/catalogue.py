"""Naming the indicator a figure belongs to: the inventory's names and codes (forms.inventory's
bundled indicators.csv), the forms' indicator titles, a few synonyms, and the
report's own table row labels."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reports.checks.base import tokens

_HERE = Path(__file__).resolve().parent

# Short names writers use for the inventory's long ones (both ways of saying it are matched).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "trạm thu phát sóng": ("trạm bts", "bts"),
    "internet cáp quang": ("ftth", "cáp quang"),
    "thuê bao điện thoại di động": ("thuê bao di động",),
    "dịch vụ công trực tuyến": ("dvctt",),
    "thủ tục hành chính": ("tthc",),
    "tổ công nghệ số cộng đồng": ("tổ cnscđ",),
    "doanh nghiệp công nghệ số": ("doanh nghiệp số",),
}


@dataclass(frozen=True, slots=True)
class Name:
    key: str  # inventory code, "FORM:indicator", or "table:label"
    text: str
    unit: str
    words: frozenset[str]
    alias: bool = False  # a short name writers use: too general to make a finding certain


def make_name(key: str, text: str, unit: str, alias: bool = False) -> Name:
    return Name(key, text, unit.strip().lower(), frozenset(tokens(_expand(text))), alias)


def _expand(text: str) -> str:
    low = text.lower()
    for long, shorts in SYNONYMS.items():
        if long in low:
            low += " " + " ".join(shorts)
    return low


def _inventory_path() -> Path:
    from forms.inventory import INVENTORY_FILE

    return INVENTORY_FILE


@lru_cache(maxsize=1)
def inventory() -> tuple[Name, ...]:
    """Every inventory name, then the short names writers use for some (reports/data/synonyms.csv)."""
    with _inventory_path().open(encoding="utf-8-sig", newline="") as handle:
        names = [make_name(row["code"], row["name_vi"], row["unit"]) for row in csv.DictReader(handle)]
    units = {n.key: n.unit for n in names}
    with (_HERE / "data" / "synonyms.csv").open(encoding="utf-8-sig", newline="") as handle:
        names += [make_name(row["code"], row["alias"], units.get(row["code"], ""), alias=True)
                  for row in csv.DictReader(handle)
                  if row["code"] in units]
    return tuple(names)


def inventory_names_for(title: str, unit: str) -> list[Name]:
    """The inventory names (with synonyms) of the indicator a form row titled ``title`` is."""
    primary = {}
    for name in inventory():
        primary.setdefault(name.key, name)
    found = best_match(list(primary.values()), title, unit, threshold=0.75, mutual=True)
    if found is None:
        return []
    return [n for n in inventory() if n.key == found[0].key]


def coverage(name: Name, clause: str) -> float:
    """Share of the name's words found in the clause (with synonyms), 0 when the name is too short to tell."""
    if len(name.words) < 2:
        return 0.0
    words = set(tokens(_expand(clause)))
    return len(name.words & words) / len(name.words)


def best_match(names: tuple[Name, ...] | list[Name], clause: str, unit: str, threshold: float = 0.8,
               mutual: bool = False) -> tuple[Name, float] | None:
    """The name the clause states best. ``mutual``: the name must also cover the clause (a table row
    label is one indicator, never a longer one that merely contains a shorter name)."""
    best: tuple[Name, float] | None = None
    best_rank = (0, 0.0)
    clause_words = set(tokens(_expand(clause)))
    for name in names:
        if name.unit and unit and not _units_fit(name.unit, unit):
            continue
        score = coverage(name, clause)
        if mutual and clause_words and len(name.words & clause_words) / len(clause_words) < threshold:
            continue
        # the name that accounts for the most words of the clause wins: "thuê bao di động chỉ dùng 2G" is
        # the 2G-only count, not the mobile subscribers its first words also name
        rank = (len(name.words & clause_words), score)
        if score >= threshold and (best is None or rank > best_rank):
            best, best_rank = (name, score), rank
    return best


def _units_fit(a: str, b: str) -> bool:
    money = {"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng"}
    if a in money or b in money:
        return a in money and b in money
    if a == "%" or b == "%":
        return a == b
    return True


def label_of(row: list[str]) -> tuple[str, str] | None:
    """(label, unit) of a table row: the first cell with letters that is not an STT, and the unit cell."""
    for i, cell in enumerate(row):
        if re.search(r"[^\W\d]{3,}", cell) and not re.fullmatch(r"[IVX]+\.?|\d+(\.\d+)*\.?|[a-z]\)", cell):
            unit = row[i + 1] if i + 1 < len(row) and not re.search(r"\d", row[i + 1]) else ""
            return cell, unit
    return None
