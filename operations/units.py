"""The unit list (danh mục đơn vị): preview what a new list would change, then apply it — the same for
the "Nhập danh mục đơn vị" dialog and ``bieumau units import``. A new list never deletes a unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from forms.units import LEVEL_NAMES_VI, Unit
from operations.changes import OpChanges
from operations.texts import Translate, arg, date_vi, vietnamese

if TYPE_CHECKING:
    from storage.database import Database
    from storage.units import UnitChanges

# the order the groups are listed in, and each group's Vietnamese heading
GROUPS = ("merged", "new", "renamed", "ended", "moved")


def group_title(group: str, tr: Translate = vietnamese) -> str:
    return {
        "merged": tr("Sáp nhập"),
        "new": tr("Đơn vị mới"),
        "renamed": tr("Đổi tên"),
        "ended": tr("Hết hiệu lực"),
        "moved": tr("Thay đổi khác"),
    }[group]


def summary(changes: UnitChanges, tr: Translate = vietnamese) -> str:
    """"1 đơn vị mới, 0 đổi tên, 2 sáp nhập, …": the counts of every kind of change."""
    return arg(tr("%1 đơn vị mới, %2 đổi tên, %3 sáp nhập, %4 hết hiệu lực, %5 thay đổi khác, %6 không đổi"),
               len(changes.new), len(changes.renamed), len(changes.merged), len(changes.ended),
               len(changes.moved), len(changes.unchanged))


@dataclass(frozen=True)
class UnitListPreview:
    """A unit list read from a file and what saving it would do; nothing is saved by looking."""

    path: Path
    units: tuple[Unit, ...]
    changes: UnitChanges
    stored: dict[str, Unit]

    @property
    def changed(self) -> bool:
        return self.changes.changed

    def codes(self, group: str) -> list[str]:
        return list(getattr(self.changes, group))

    def unit(self, code: str) -> Unit:
        return next(u for u in self.units if u.code == code)

    def summary(self, tr: Translate = vietnamese) -> str:
        return summary(self.changes, tr)

    def describe(self, group: str, code: str, tr: Translate = vietnamese) -> str:
        """One line saying what happens to ``code``."""
        new = self.unit(code)
        old = self.stored.get(code)
        everything = {**self.stored, **{u.code: u for u in self.units}}
        if group == "new":
            parent = everything.get(new.parent or "")
            text = arg(tr("%1, thuộc %2"), _level_name(new.level, tr), parent.name if parent else "—")
            if new.valid_from:
                text += arg(tr(", có hiệu lực từ %1"), date_vi(new.valid_from))
            return text
        if group == "renamed" and old is not None:
            return arg(tr("«%1» → «%2»"), old.name, new.name)
        if group == "merged":
            target = everything.get(new.merged_into or "")
            since = (target.valid_from if target and target.valid_from
                     else (new.valid_to + timedelta(days=1) if new.valid_to else None))
            text = arg(tr("sáp nhập vào %1 (%2)"), target.name if target else (new.merged_into or ""),
                       new.merged_into or "")
            if since:
                text += arg(tr(" từ %1"), date_vi(since))
            return text
        if group == "ended":
            return arg(tr("hết hiệu lực sau %1"), date_vi(new.valid_to))
        if group == "moved" and old is not None:
            parts = []
            if old.parent != new.parent:
                parts.append(arg(tr("đơn vị cấp trên %1 → %2"), old.parent or "—", new.parent or "—"))
            if old.level != new.level:
                parts.append(arg(tr("cấp %1 → %2"), old.level, new.level))
            if old.valid_from != new.valid_from or old.valid_to != new.valid_to:
                parts.append(arg(tr("hiệu lực %1–%2"), date_vi(new.valid_from) or "…", date_vi(new.valid_to) or "…"))
            return "; ".join(parts)
        return ""


def _level_name(level: str, tr: Translate) -> str:
    # the names are forms.units' table; desktop/i18n.py marks them for lupdate
    return tr(LEVEL_NAMES_VI[level]) if level in LEVEL_NAMES_VI else level


def read_unit_list(path: str | Path) -> list[Unit]:
    """The units of a file: our CSV or the official code-list export; refused whole when a row is wrong."""
    from forms.units import read_units_csv

    return read_units_csv(path)


def preview_unit_list(db: Database, path: str | Path, units: list[Unit] | None = None) -> UnitListPreview:
    """Compare the list in ``path`` (read now, unless its ``units`` were read already) with the database."""
    from storage.units import diff_units, load_unit_tree

    units = read_unit_list(path) if units is None else units
    changes = diff_units(db, units)
    stored = {u.code: u for u in load_unit_tree(db)}
    return UnitListPreview(Path(path), tuple(units), changes, stored)


@dataclass(frozen=True)
class UnitListApplied:
    preview: UnitListPreview
    changes: UnitChanges  # what saving did (the preview's, unless someone changed the list meanwhile)
    op_changes: OpChanges

    def summary(self, tr: Translate = vietnamese) -> str:
        return summary(self.changes, tr)


def apply_unit_list(db: Database, preview: UnitListPreview, *, user: str,
                    code_list_version: str | None = None) -> UnitListApplied:
    """Save the previewed list in one transaction, after a backup of a SQLite database; a list that
    changes nothing writes nothing."""
    from storage.backup import backup
    from storage.units import save_units

    if not preview.changed:
        return UnitListApplied(preview, preview.changes, OpChanges())
    if db.is_sqlite:
        backup(db, reason="truoc-nhap-don-vi")
    changes = save_units(db, list(preview.units), code_list_version=code_list_version, user=user)
    return UnitListApplied(preview, changes, OpChanges(units=True))
