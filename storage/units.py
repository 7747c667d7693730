"""The unit list in the database: previewing and applying a new list (new, renamed, merged, ended units)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from forms.units import LEVEL_NAMES_VI, Unit, UnitError, UnitTree, check_tree
from storage.database import Database, Session
from storage.schema import cell_values, unit_imports, units, utcnow


@dataclass(frozen=True)
class UnitChanges:
    """Unit codes by what a new list does to them; units missing from the list are kept, never deleted."""

    new: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # other changes: parent, level, dates

    @property
    def changed(self) -> bool:
        return bool(self.new or self.renamed or self.merged or self.ended or self.moved)

    def summary_vi(self) -> str:
        parts = [
            f"{len(self.new)} đơn vị mới",
            f"{len(self.renamed)} đổi tên",
            f"{len(self.merged)} sáp nhập",
            f"{len(self.ended)} hết hiệu lực",
            f"{len(self.moved)} thay đổi khác",
            f"{len(self.unchanged)} không đổi",
        ]
        return ", ".join(parts)


def _unit(row: sa.Row) -> Unit:
    return Unit(
        code=row.code,
        name=row.name,
        level=row.level,
        parent=row.parent,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        merged_into=row.merged_into,
    )


def _stored(session: Session) -> dict[str, Unit]:
    return {row.code: _unit(row) for row in session.execute(sa.select(units))}


def _diff(stored: dict[str, Unit], incoming: list[Unit]) -> UnitChanges:
    changes = UnitChanges()
    for unit in incoming:
        old = stored.get(unit.code)
        if old is None:
            changes.new.append(unit.code)
        elif old == unit:
            changes.unchanged.append(unit.code)
        elif unit.merged_into and unit.merged_into != old.merged_into:
            changes.merged.append(unit.code)
        elif unit.valid_to and unit.valid_to != old.valid_to:
            changes.ended.append(unit.code)
        elif unit.name != old.name:
            changes.renamed.append(unit.code)
        else:
            changes.moved.append(unit.code)
    return changes


def _check(session: Session, stored: dict[str, Unit], incoming: list[Unit]) -> None:
    # A partial list may name parents already stored, so the tree is checked after merging.
    seen: set[str] = set()
    problems = [f"Mã đơn vị «{u.code}» xuất hiện hai lần." for u in incoming if u.code in seen or seen.add(u.code)]
    if not problems:
        merged = {**stored, **{u.code: u for u in incoming}}
        problems = check_tree(list(merged.values())) or _level_changes(session, stored, incoming, merged)
    if problems:
        more = f" (và {len(problems) - 3} lỗi khác)" if len(problems) > 3 else ""
        raise UnitError(" ".join(problems[:3]) + more)


def _level_changes(session: Session, stored: dict[str, Unit], incoming: list[Unit],
                   merged: dict[str, Unit]) -> list[str]:
    """A unit with figures or units under it keeps its level: a district turned commune would file
    its history and its communes under the wrong level. A new code (and a merge) is the way."""
    parents = {u.parent for u in merged.values() if u.parent}
    problems = []
    for unit in incoming:
        old = stored.get(unit.code)
        if old is None or old.level == unit.level:
            continue
        has_values = session.execute(
            sa.select(cell_values.c.id).where(cell_values.c.unit == unit.code).limit(1)
        ).first() is not None
        if unit.code in parents or has_values:
            held = "đơn vị trực thuộc" if unit.code in parents else "số liệu đã lưu"
            problems.append(
                f"Đơn vị «{unit.code}» đang là cấp {LEVEL_NAMES_VI.get(old.level, old.level).lower()} và đã có "
                f"{held}, không đổi được thành cấp {LEVEL_NAMES_VI.get(unit.level, unit.level).lower()}; hãy "
                "tạo mã đơn vị mới và ghi sáp nhập."
            )
    return problems


def diff_units(db: Database, incoming: list[Unit]) -> UnitChanges:
    """What ``save_units`` would change, without changing anything."""
    with db.session(write=False) as session:
        stored = _stored(session)
        _check(session, stored, incoming)
    return _diff(stored, incoming)


def save_units(
    db: Database, incoming: list[Unit], *, code_list_version: str | None = None, user: str
) -> UnitChanges:
    """Insert or update every unit of the list in one transaction; units not in the list stay as they are."""
    now = utcnow()
    with db.session() as session:
        stored = _stored(session)
        _check(session, stored, incoming)
        changes = _diff(stored, incoming)
        unchanged = set(changes.unchanged)
        for unit in incoming:
            if unit.code in unchanged:
                continue
            values = {
                "name": unit.name,
                "level": unit.level,
                "parent": unit.parent,
                "valid_from": unit.valid_from,
                "valid_to": unit.valid_to,
                "merged_into": unit.merged_into,
                "code_list_version": code_list_version,
                "updated_at": now,
            }
            if unit.code in stored:
                session.execute(units.update().where(units.c.code == unit.code).values(**values))
            else:
                session.execute(units.insert().values(code=unit.code, **values))
        session.execute(
            unit_imports.insert().values(
                code_list_version=code_list_version,
                user_name=user,
                at=now,
                summary=json.dumps(
                    {k: len(getattr(changes, k)) for k in ("new", "renamed", "merged", "ended", "moved", "unchanged")}
                ),
            )
        )
    return changes


def load_unit_tree(db: Database) -> UnitTree:
    with db.session(write=False) as session:
        return UnitTree(_stored(session).values())


def unit_exists(session: Session, code: str) -> bool:
    return session.execute(sa.select(units.c.code).where(units.c.code == code)).first() is not None
