"""Importing filled templates and submissions into the database: one file, one transaction.

The workbook is read by the hardened reader, then checked against the database: the form and its
version, the unit and the caller's scope, the period's approval. Only then are the values, notes and
justifications written, all of them or none; a dry run computes the same summary without writing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.errors import BieumauError
from forms.messages import Msg, say
from forms.model import Form
from forms.periods import form_period, parse_period
from forms.values import CellKey
from workbooks.errors import WorkbookError
from workbooks.reading import WorkbookContent, read_workbook

if TYPE_CHECKING:
    from forms.units import UnitTree
    from validators.engine import Engine


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file; ``refused`` is the Vietnamese reason when nothing was stored."""

    file: Path
    unit: str | None = None
    period: str | None = None
    form_id: str | None = None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    violations: int = 0
    errors: int = 0
    refused: str | None = None
    dry_run: bool = False
    problems: tuple[str, ...] = field(default_factory=tuple)
    submitted: bool = False  # the file was a submission and its receipt («đã nộp») was recorded

    @property
    def ok(self) -> bool:
        return self.refused is None

    def summary_vi(self) -> str:
        return self.summary("vi")

    def summary(self, lang: str = "vi") -> str:
        name = Path(self.file).name
        if self.refused is not None:
            return say("import.refused", lang, name=name, reason=self.refused)
        checks = (say("import.violations", lang, violations=self.violations, errors=self.errors)
                  if self.violations or self.errors else say("import.no_violations", lang))
        return say("import.dry_run" if self.dry_run else "import.done", lang, name=name, form=self.form_id,
                   unit=self.unit, period=self.period, new=self.new, changed=self.changed, deleted=self.deleted,
                   unchanged=self.unchanged, checks=checks)


class ImportBatch:
    """What every file of a batch is checked against, built once for the batch rather than per file:
    the unit tree and one rule engine per form version."""

    def __init__(self, db: Any, units: UnitTree | None = None) -> None:
        self.db = db
        self._units = units
        self._engines: dict[tuple[str, int], Engine] = {}

    @property
    def units(self) -> UnitTree:
        if self._units is None:
            from storage.units import load_unit_tree

            self._units = load_unit_tree(self.db)
        return self._units

    def engine(self, form: Form) -> Engine:
        key = (form.id, form.version)
        if key not in self._engines:
            from validators.engine import Engine

            self._engines[key] = Engine(form, self.units)
        return self._engines[key]


def read_content(path: Path) -> WorkbookContent | BieumauError:
    """The workbook read once by the hardened reader, or the refusal that says why it cannot be."""
    try:
        return read_workbook(Path(path))
    except BieumauError as exc:
        return exc


def import_workbook(
    db: Any,
    path: Path,
    *,
    user: str,
    scope_unit: str | None = None,
    dry_run: bool = False,
    catalogue: dict[str, Form] | None = None,
    content: WorkbookContent | BieumauError | None = None,
    batch: ImportBatch | None = None,
) -> ImportResult:
    """Read ``path`` (unless its ``content`` was read already) and store its values for its unit and
    period; never raises for a bad file. ``batch`` carries the unit tree and engines of a batch."""
    path = Path(path)
    if content is None:
        content = read_content(path)
    if isinstance(content, BieumauError):
        return ImportResult(file=path, refused=content.message, dry_run=dry_run)
    try:
        return _import(db, path, content, user=user, scope_unit=scope_unit, dry_run=dry_run, catalogue=catalogue,
                       batch=batch or ImportBatch(db))
    except BieumauError as exc:
        return ImportResult(file=path, unit=content.unit_code, period=content.period_code,
                            form_id=content.form_id, refused=exc.message, dry_run=dry_run)


def known_form(db: Any, form_id: str, catalogue: dict[str, Form] | None) -> Form | None:
    """The current form of ``form_id``: the catalogue's, else the newest stored version."""
    for key, form in (catalogue or {}).items():
        if key.lower() == form_id.lower():
            return form
    from storage.forms import stored_form, stored_versions

    versions = stored_versions(db, form_id)
    return stored_form(db, form_id, versions[-1]) if versions else None


def _import(
    db: Any, path: Path, content: WorkbookContent, *, user: str, scope_unit: str | None, dry_run: bool,
    catalogue: dict[str, Form] | None, batch: ImportBatch,
) -> ImportResult:
    from storage.status import get_status, record_submission
    from storage.values import read_values, write_values

    name = path.name
    form = known_form(db, content.form_id, catalogue)
    if form is None:
        raise WorkbookError(Msg("workbook.unknown_form", name=name, form=content.form_id), "unknown_form")
    if form.version != content.form_version:
        raise WorkbookError(Msg("workbook.form_version", name=name, form=form.id, file_version=content.form_version,
                                version=form.version), "form_version")
    problems = list(content.problems)
    if content.meta.get("form_checksum") and content.meta["form_checksum"] != form.checksum:
        problems.append(f"Định nghĩa biểu {form.id} phiên bản {form.version} đã thay đổi nội dung từ khi xuất tệp.")
    tree = batch.units
    unit = content.unit_code
    if unit not in tree:
        raise WorkbookError(Msg("workbook.unknown_unit", name=name, unit=unit), "unknown_unit")
    if scope_unit is not None and not tree.in_scope(scope_unit, unit):
        scope = tree[scope_unit].name if scope_unit in tree else scope_unit
        raise WorkbookError(Msg("workbook.out_of_scope", name=name, unit_name=tree[unit].name, unit=unit,
                                scope=scope), "scope")
    period = form_period(form, content.period_code).code
    status = get_status(db, form.id, unit, period)
    if status.locked:
        raise WorkbookError(Msg("workbook.locked", form=form.id, unit_name=tree[unit].name,
                                period=parse_period(period).name_vi, name=name), "locked")
    for indicator, column in content.values:
        if not form.uses_cell(indicator, column) or form.indicator(indicator).computed:
            raise WorkbookError(Msg("workbook.foreign_cell", name=name, indicator=indicator, column=column,
                                    form=form.id), "tampered")

    stored = {key: value.raw for key, value in read_values(db, form.id, unit, period).items()}
    cells: dict[CellKey, str] = dict(content.values)
    if content.kind != "template":
        # a submission is the whole sheet: a cell left blank in it clears the stored value
        for key in stored:
            cells.setdefault(key, "")
    violations, errors = _check(db, batch.engine(form), form, unit, period, {**stored, **cells})
    submitted = False
    if dry_run:
        new = changed = unchanged = deleted = 0
        for key, raw in cells.items():
            old = stored.get(key, "")
            raw = raw if raw.strip() else ""
            if old == raw:
                unchanged += 1
            elif not raw:
                deleted += 1
            elif not old:
                new += 1
            else:
                changed += 1
        summary = (new, changed, unchanged, deleted)
    else:
        done = write_values(db, form, unit, period, cells, user=user, source=f"import:{name}",
                            comments=_comments_of(form, content))
        summary = (done.new, done.changed, done.unchanged, done.deleted)
        submitted = content.kind != "template"
        if submitted:
            # a submission (or a consolidation) arriving upstream is that unit's submission, received
            record_submission(db, form.id, unit, period, user=user, file=name, at=_sent_at(content.meta),
                              error_count=errors, warning_count=violations - errors, source=f"import:{name}")
    return ImportResult(
        file=path, unit=unit, period=period, form_id=form.id,
        new=summary[0], changed=summary[1], unchanged=summary[2], deleted=summary[3],
        violations=violations, errors=errors, dry_run=dry_run, problems=tuple(problems), submitted=submitted,
    )


def _sent_at(meta: Mapping[str, str]) -> datetime | None:
    """When the sender exported the file, from ``_meta``; never later than now (a clock set ahead)."""
    try:
        sent = datetime.fromisoformat(meta.get("exported_at", ""))
    except ValueError:
        return None
    if sent.tzinfo is None:
        return None
    return min(sent, datetime.now(UTC))


def _check(db: Any, engine: Engine, form: Form, unit: str, period: str,
           values: Mapping[CellKey, str]) -> tuple[int, int]:
    """(violations, error-severity ones) of the sheet as it will be after the import."""
    from forms.values import OverlayValues
    from storage.value_source import DatabaseValueSource
    from validators.violations import tally

    values = {k: v for k, v in values.items() if v.strip()}
    report = engine.validate(unit, period, OverlayValues(DatabaseValueSource(db), {(form.id, unit, period): values}))
    counted = tally(report.violations, report.parse_errors)
    return counted.total, counted.errors


def _comments_of(form: Form, content: WorkbookContent) -> dict[CellKey, dict[str, str]]:
    """The file's notes and justifications on cells of the form, to store with its values; a note
    the file does not carry (the reader skips a blank Ghi chú) is kept as stored."""
    out: dict[CellKey, dict[str, str]] = {}
    for kind, texts in (("note", content.comments), ("justification", content.justifications)):
        for cell, text in texts.items():
            if form.uses_cell(*cell):
                out.setdefault(cell, {})[kind] = text
    return out
