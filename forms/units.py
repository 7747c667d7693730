"""Reporting units (đơn vị) and their hierarchy over time: levels, validity dates, "merged into" links.

Units are data, never code: the 2025 reform removed the district level and merged communes, and data
entered under an old unit must stay readable and consolidate into its successor.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from forms.errors import BieumauError
from forms.messages import Msg
from forms.text_files import csv_rows, read_user_text

LEVELS = ("tinh", "so", "huyen", "xa")
LEVEL_NAMES_VI = {"tinh": "Tỉnh", "so": "Sở, ngành", "huyen": "Huyện", "xa": "Xã"}
UNITS_HEADER = ("code", "name", "level", "parent", "valid_from", "valid_to")


class UnitError(BieumauError):
    code = "units"


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    merged_into: str | None = None

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def active_during(self, start: date, end: date) -> bool:
        """True when the unit existed for some day of [start, end]."""
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or start <= self.valid_to
        )


class UnitTree:
    """All units known, with lookups by parent and successor."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units: dict[str, Unit] = {}
        for unit in units:
            self._units[unit.code] = unit
        self._children: dict[str | None, list[Unit]] = {}
        for unit in self._units.values():
            self._children.setdefault(unit.parent, []).append(unit)
        for kids in self._children.values():
            kids.sort(key=lambda u: (LEVELS.index(u.level) if u.level in LEVELS else 9, u.code))

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def __iter__(self):
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def get(self, code: str) -> Unit | None:
        return self._units.get(code)

    def __getitem__(self, code: str) -> Unit:
        try:
            return self._units[code]
        except KeyError:
            raise UnitError(Msg("unit.unknown_in_list", unit=code)) from None

    def roots(self) -> list[Unit]:
        return [u for u in self._units.values() if not u.parent or u.parent not in self._units]

    def children(self, code: str, start: date | None = None, end: date | None = None) -> list[Unit]:
        """Direct children of ``code``; with dates, only those that existed during [start, end]."""
        kids = self._children.get(code, [])
        if start is None:
            return list(kids)
        return [u for u in kids if u.active_during(start, end or start)]

    def reporting_children(self, code: str, start: date, end: date) -> list[Unit]:
        """Children whose figures make up ``code`` for a period [start, end].

        A unit counts when it is in force on the period's last day: a commune merged before that
        day is represented by its successor, so a consolidation after the 2025 reform reads the new
        commune, and one before it the old ones.
        """
        return [u for u in self._children.get(code, []) if u.active_on(end)]

    def successor(self, code: str, on: date) -> Unit:
        """Follow "merged into" links from ``code`` to the unit in force on ``on``."""
        unit = self[code]
        seen = {unit.code}
        while unit.merged_into and unit.valid_to is not None and unit.valid_to < on:
            nxt = self._units.get(unit.merged_into)
            if nxt is None or nxt.code in seen:
                break
            seen.add(nxt.code)
            unit = nxt
        return unit

    def predecessors(self, code: str) -> list[Unit]:
        """Units merged into ``code`` (directly or through a chain)."""
        found: list[Unit] = []
        frontier = [code]
        while frontier:
            target = frontier.pop()
            for unit in self._units.values():
                if unit.merged_into == target and unit not in found:
                    found.append(unit)
                    frontier.append(unit.code)
        return found

    def ancestors(self, code: str) -> list[Unit]:
        out: list[Unit] = []
        unit = self.get(code)
        seen: set[str] = set()
        while unit is not None and unit.parent and unit.parent not in seen:
            seen.add(unit.parent)
            unit = self.get(unit.parent)
            if unit is not None:
                out.append(unit)
        return out

    def descendants(self, code: str) -> list[Unit]:
        out: list[Unit] = []
        stack = list(reversed(self._children.get(code, [])))
        while stack:
            unit = stack.pop()
            out.append(unit)
            stack.extend(reversed(self._children.get(unit.code, [])))
        return out

    def in_scope(self, scope: str, code: str) -> bool:
        """True when ``code`` is ``scope`` itself or one of its descendants."""
        return code == scope or any(a.code == scope for a in self.ancestors(code))


def _date(text: str, where: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UnitError(Msg("units.bad_date", where=where, text=text)) from None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def read_units_csv(source: str | Path | io.TextIOBase) -> list[Unit]:
    """Read a unit list: our format (FORMS.md §5, optional ``merged_into``) or the official
    code list export (columns "Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp")."""
    name = str(source) if isinstance(source, (str, Path)) else "UNITS.csv"
    if isinstance(source, (str, Path)):
        text = read_user_text(source, "tệp danh mục đơn vị", UnitError)
    else:
        text = source.read()
    rows = list(csv_rows(csv.DictReader(io.StringIO(text)), Path(name).name, UnitError))
    if not rows:
        raise UnitError(Msg("units.empty_file", name=name))
    header = [h.strip() for h in rows[0].keys() if h]
    if "code" in header:
        missing = [h for h in ("code", "name", "level") if h not in header]
        if missing:
            raise UnitError(Msg("units.missing_columns", name=name, columns=", ".join(missing)))
        return [_unit_from_row(row, f"{name}, dòng {i + 2}") for i, row in enumerate(rows)]
    folded = {_fold(h): h for h in header}
    if "ma tp" in folded and "ma px" in folded:
        return _units_from_official(rows, folded)
    raise UnitError(Msg("units.wrong_layout", name=name))


def _unit_from_row(row: dict[str, str], where: str) -> Unit:
    code = (row.get("code") or "").strip()
    level = (row.get("level") or "").strip()
    if not code:
        raise UnitError(Msg("units.no_code", where=where))
    if level not in LEVELS:
        raise UnitError(Msg("units.bad_level", where=where, level=level))
    return Unit(
        code=code,
        name=unicodedata.normalize("NFC", (row.get("name") or "").strip()) or code,
        level=level,
        parent=(row.get("parent") or "").strip() or None,
        valid_from=_date(row.get("valid_from") or "", where),
        valid_to=_date(row.get("valid_to") or "", where),
        merged_into=(row.get("merged_into") or "").strip() or None,
    )


def _units_from_official(rows: list[dict[str, str]], folded: dict[str, str]) -> list[Unit]:
    def col(row: dict[str, str], key: str) -> str:
        return (row.get(folded.get(key, ""), "") or "").strip()

    units: dict[str, Unit] = {}
    for row in rows:
        tp, qh, px = col(row, "ma tp"), col(row, "ma qh"), col(row, "ma px")
        if tp and tp not in units:
            units[tp] = Unit(tp, col(row, "tinh thanh pho") or tp, "tinh")
        if qh and qh not in units:
            units[qh] = Unit(qh, col(row, "quan huyen") or qh, "huyen", tp or None)
        if px and px not in units:
            units[px] = Unit(px, col(row, "phuong xa") or px, "xa", qh or tp or None)
    return list(units.values())


# The levels a unit's parent may have: a province has none; a department (sở) and a district sit
# under the province; a commune under a district, or under the province since the 2025 reform.
# This also bounds the tree's depth, so no walk over it can be driven arbitrarily deep.
PARENT_LEVELS: dict[str, tuple[str, ...]] = {"tinh": (), "so": ("tinh",), "huyen": ("tinh",), "xa": ("huyen", "tinh")}


def check_tree(units: list[Unit]) -> list[str]:
    """Problems that make a unit list unusable: duplicates, unknown parents, a parent of a level
    the unit cannot sit under, merges into itself, across levels or in a circle, cycles."""
    problems: list[str] = []
    codes: dict[str, Unit] = {}
    for unit in units:
        if unit.code in codes:
            problems.append(f"Mã đơn vị «{unit.code}» xuất hiện hai lần.")
        codes[unit.code] = unit
    for unit in units:
        if unit.parent and unit.parent not in codes:
            problems.append(f"Đơn vị «{unit.code}»: đơn vị cấp trên «{unit.parent}» không có trong danh mục.")
        if unit.merged_into and unit.merged_into not in codes:
            problems.append(f"Đơn vị «{unit.code}»: đơn vị sáp nhập vào «{unit.merged_into}» không có trong danh mục.")
        problems.extend(_placement_problems(unit, codes))
        if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
            problems.append(f"Đơn vị «{unit.code}»: ngày hết hiệu lực trước ngày có hiệu lực.")
    for unit in units:
        seen = {unit.code}
        target = unit.merged_into
        while target and target in codes:
            if target in seen:
                problems.append(f"Đơn vị «{unit.code}»: quan hệ sáp nhập lặp vòng (sáp nhập vào chính nó "
                                "qua một chuỗi đơn vị).")
                break
            seen.add(target)
            target = codes[target].merged_into
    for unit in units:
        seen = {unit.code}
        parent = unit.parent
        while parent and parent in codes:
            if parent in seen:
                problems.append(f"Đơn vị «{unit.code}»: quan hệ cấp trên lặp vòng.")
                break
            seen.add(parent)
            parent = codes[parent].parent
    return problems


def _placement_problems(unit: Unit, codes: dict[str, Unit]) -> list[str]:
    problems: list[str] = []
    name = LEVEL_NAMES_VI.get(unit.level, unit.level).lower()
    parent = codes.get(unit.parent) if unit.parent else None
    allowed = PARENT_LEVELS.get(unit.level, ())
    if unit.parent and unit.parent == unit.code:
        problems.append(f"Đơn vị «{unit.code}»: không thể là đơn vị cấp trên của chính nó.")
    elif parent is not None and parent.level not in allowed:
        where = " hoặc ".join(LEVEL_NAMES_VI[level].lower() for level in allowed) or "không có đơn vị cấp trên"
        problems.append(
            f"Đơn vị «{unit.code}» (cấp {name}) không thể trực thuộc «{parent.code}» (cấp "
            f"{LEVEL_NAMES_VI.get(parent.level, parent.level).lower()}); cấp {name} chỉ trực thuộc: {where}."
        )
    if unit.merged_into:
        target = codes.get(unit.merged_into)
        if unit.merged_into == unit.code:
            problems.append(f"Đơn vị «{unit.code}»: không thể sáp nhập vào chính nó.")
        elif target is not None and target.level != unit.level:
            problems.append(
                f"Đơn vị «{unit.code}» (cấp {name}) không thể sáp nhập vào «{target.code}» (cấp "
                f"{LEVEL_NAMES_VI.get(target.level, target.level).lower()}): chỉ sáp nhập vào đơn vị cùng cấp."
            )
    return problems


def load_unit_tree(source: str | Path) -> UnitTree:
    units = read_units_csv(source)
    problems = check_tree(units)
    if problems:
        raise UnitError(" ".join(problems))
    return UnitTree(units)
