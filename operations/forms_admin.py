"""A new version of a form definition: preview what it adds, removes and changes against the version in
use, then load it — the same for the "Cập nhật định nghĩa biểu mẫu" dialog and ``bieumau forms load``.
The new version is stored beside the old one: values entered under the old version keep their definition."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from operations.changes import OpChanges
from operations.texts import Translate, arg, vietnamese

if TYPE_CHECKING:
    from forms.model import Form
    from storage.database import Database

KINDS = ("indicators", "rules", "columns")  # the order they are listed in
CHANGES = ("added", "removed", "changed")


def group_title(kind: str, change: str, tr: Translate = vietnamese) -> str:
    """"Chỉ tiêu được thêm", "Quy tắc kiểm tra bị bỏ"…"""
    return {
        ("indicators", "added"): tr("Chỉ tiêu được thêm"),
        ("indicators", "removed"): tr("Chỉ tiêu bị bỏ"),
        ("indicators", "changed"): tr("Chỉ tiêu được sửa"),
        ("rules", "added"): tr("Quy tắc kiểm tra được thêm"),
        ("rules", "removed"): tr("Quy tắc kiểm tra bị bỏ"),
        ("rules", "changed"): tr("Quy tắc kiểm tra được sửa"),
        ("columns", "added"): tr("Cột được thêm"),
        ("columns", "removed"): tr("Cột bị bỏ"),
        ("columns", "changed"): tr("Cột được sửa"),
    }[(kind, change)]


@dataclass(frozen=True)
class FormVersionPreview:
    """What a new definition adds, removes and changes compared with the version in use."""

    old: Form | None
    new: Form
    path: Path | None = None
    items: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)  # kind → change → (id, text)

    @property
    def changed(self) -> bool:
        return self.old is None or self.old.checksum != self.new.checksum

    def rows(self, kind: str, change: str) -> list[tuple[str, str]]:
        return self.items.get(kind, {}).get(change, []) if self.old is not None else []

    def problem(self, tr: Translate = vietnamese) -> str | None:
        """Why this definition cannot be loaded, or None."""
        if self.old is None or not self.changed:
            return None
        if self.new.version == self.old.version:
            return arg(tr("Nội dung khác phiên bản đang dùng nhưng vẫn ghi phiên bản %1; hãy tăng số phiên bản."),
                       self.new.version)
        if self.new.version < self.old.version:
            return arg(tr("Phiên bản %1 cũ hơn phiên bản đang dùng (%2)."), self.new.version, self.old.version)
        return None

    def summary(self, tr: Translate = vietnamese) -> str:
        new, old = self.new, self.old
        if old is None:
            return arg(tr("Biểu mẫu mới %1 phiên bản %2: %3"), new.id, new.version, new.title)
        if not self.changed:
            return arg(tr("Giống hệt phiên bản đang dùng (%1 phiên bản %2); không có gì để cập nhật."),
                       new.id, new.version)
        return arg(tr("%1: phiên bản %2 → %3"), new.id, old.version, new.version)


def _by_id(items: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {str(item.get("id")): item for item in items or [] if isinstance(item, dict)}


def _label(item: dict[str, Any]) -> str:
    return str(item.get("title") or item.get("expr") or item.get("message") or "")


def _what_changed(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return ", ".join(f"{k}: {old.get(k, '—')} → {new.get(k, '—')}" for k in keys)


def diff_forms(old: Form | None, new: Form, path: Path | None = None) -> FormVersionPreview:
    items: dict[str, dict[str, list[tuple[str, str]]]] = {}
    old_def = old.definition if old is not None else {}
    for kind in KINDS:
        before, after = _by_id(old_def.get(kind)), _by_id(new.definition.get(kind))
        items[kind] = {
            "added": [(k, _label(after[k])) for k in after if k not in before],
            "removed": [(k, _label(before[k])) for k in before if k not in after],
            "changed": [(k, _what_changed(before[k], after[k])) for k in after
                        if k in before and before[k] != after[k]],
        }
    return FormVersionPreview(old, new, path, items)


def preview_form_version(catalogue: dict[str, Form], path: str | Path) -> FormVersionPreview:
    """Read a definition (YAML or xlsx), its rules checked, and compare it with the version in use."""
    from forms.definitions import load_form
    from validators.expressions import syntax_problem

    form = load_form(path, check_expression=syntax_problem)
    return diff_forms(catalogue.get(form.id), form, Path(path))


@dataclass(frozen=True)
class FormVersionLoaded:
    form: Form
    op_changes: OpChanges

    def summary(self, tr: Translate = vietnamese) -> str:
        return arg(tr("Đã dùng %1 phiên bản %2 từ nay; số liệu cũ vẫn theo phiên bản của nó."),
                   self.form.id, self.form.version)


def load_form_version(db: Database, catalogue: dict[str, Form], preview: FormVersionPreview) -> FormVersionLoaded:
    """Store the new version and use it from now on (``catalogue`` is updated in place). Refuses, with the
    preview's reason, a version that is not newer than the one in use."""
    from forms.errors import BieumauError
    from storage.forms import register_form

    problem = preview.problem()
    if problem is not None:
        raise BieumauError(problem, "form_version")
    if not preview.changed:
        return FormVersionLoaded(preview.new, OpChanges())
    register_form(db, preview.new)
    catalogue[preview.new.id] = preview.new
    return FormVersionLoaded(preview.new, OpChanges(forms=frozenset({preview.new.id})))
