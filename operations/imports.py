"""Workbooks in and out: importing filled templates, submissions and merges (each file all or nothing,
a batch all or nothing unless ``each``), and exporting a submission — the one way the window and the
command line do both.

An older file never goes over newer figures: every import goes through ``workbooks.merge.merge_files``.
Each file is read once, and the unit tree and the rule engines are built once for the whole batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from operations.changes import NO_CHANGES, DocumentKey, OpChanges

if TYPE_CHECKING:
    from forms.model import Form
    from forms.units import UnitTree
    from storage.database import Database
    from storage.values import ValueRow, WriteSummary
    from validators.violations import Report
    from workbooks.heading import SheetContext
    from workbooks.merge import Conflict, TaskState
    from workbooks.submission_export import ExportResult
    from workbooks.submission_import import ImportResult


@dataclass(frozen=True)
class ImportOutcome:
    """Per file what happened (in the order given), and what the import touched."""

    results: tuple[ImportResult, ...]
    changes: OpChanges = NO_CHANGES
    # sheets whose versions differ and that the caller did not confirm: refused, may be asked again
    conflicts: tuple[Conflict, ...] = field(default_factory=tuple)
    batch_refused: bool = False  # all or nothing, and a file was refused: nothing was stored
    dry_run: bool = False

    @property
    def refused(self) -> tuple[ImportResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def taken(self) -> tuple[ImportResult, ...]:
        return tuple(r for r in self.results if r.ok)

    @property
    def stored(self) -> bool:
        """Whether anything was written (not a dry run, not a refused batch, at least one file taken)."""
        return not self.dry_run and not self.batch_refused and bool(self.taken)


def changes_of(results: Iterable[ImportResult], origin: object | None = None) -> OpChanges:
    """The sheets the stored files wrote, and those whose receipt («đã nộp») was recorded."""
    stored = [r for r in results if r.ok and not r.dry_run and r.form_id and r.unit and r.period]
    values = OpChanges.of_values((DocumentKey(r.form_id, r.unit, r.period) for r in stored), origin)  # type: ignore[arg-type]
    statuses = OpChanges.of_statuses((DocumentKey(r.form_id, r.unit, r.period) for r in stored if r.submitted),  # type: ignore[arg-type]
                                     origin)
    return values | statuses


def import_workbooks(
    db: Database,
    paths: Iterable[Path | str],
    *,
    user: str,
    catalogue: dict[str, Form] | None = None,
    units: UnitTree | None = None,
    scope_unit: str | None = None,
    each: bool = True,
    dry_run: bool = False,
    confirm_conflict: Callable[[Conflict], bool] | None = None,
    state: TaskState | None = None,
    backup_reason: str | None = None,
    origin: object | None = None,
) -> ImportOutcome:
    """Import ``paths``, each file in its own transaction.

    ``each`` stores every file that passes and refuses the others; without it the whole batch is
    checked first and one refusal stores nothing (``batch_refused``). ``dry_run`` checks and reports
    without writing. ``confirm_conflict`` decides a sheet sent in different versions (default: refuse
    it; ``workbooks.merge.newest_wins`` takes the newest export — never one older than the database's
    figures). ``backup_reason`` backs a SQLite database up before the first write. A cancel raised by
    ``state.check()`` goes on to the caller; files already stored stay stored.
    """
    from workbooks.merge import merge_files, read_files
    from workbooks.submission_import import ImportBatch

    files = [Path(p) for p in paths]
    contents = read_files(files, state)
    batch = ImportBatch(db, units)
    declined: list[Conflict] = []

    def decide(conflict: Conflict) -> bool:
        if confirm_conflict is not None and confirm_conflict(conflict):
            return True
        declined.append(conflict)
        return False

    def through(check_only: bool) -> tuple[ImportResult, ...]:
        declined.clear()
        return tuple(merge_files(db, files, user=user, scope_unit=scope_unit, state=state, confirm_conflict=decide,
                                 catalogue=catalogue, dry_run=check_only, contents=contents, batch=batch))

    if dry_run or not each:
        checked = through(True)
        refused = any(not r.ok for r in checked)
        if dry_run or refused:
            return ImportOutcome(checked, conflicts=tuple(declined), batch_refused=refused and not dry_run,
                                 dry_run=dry_run)
    if backup_reason and getattr(db, "is_sqlite", False):
        from storage.backup import backup

        backup(db, reason=backup_reason)
    results = through(False)
    return ImportOutcome(results, changes_of(results, origin), conflicts=tuple(declined))


@dataclass(frozen=True)
class ExportOutcome:
    result: ExportResult
    changes: OpChanges


def export_submission(
    db: Database,
    form: Form,
    unit: str,
    period: str,
    path: Path | str,
    *,
    agency: str | None = None,
    place: str | None = None,
    progress: Callable[[int, int], Any] | None = None,
    cancelled: Callable[[], bool] | None = None,
    origin: object | None = None,
) -> ExportOutcome:
    """Write the submission workbook of one sheet; the export records it as submitted («đã nộp»)."""
    from forms.periods import form_period
    from operations.version import version
    from workbooks.submission_export import export_submission as export

    period = form_period(form, period).code
    result = export(db, form, unit, period, Path(path), app_version=version(), agency=agency, place=place,
                    progress=progress, cancelled=cancelled)
    submitted = result.values > 0  # an empty sheet exported to look at is not a submission
    return ExportOutcome(result, OpChanges.of_statuses([DocumentKey(form.id, unit, period)] if submitted else [],
                                                       origin))


def export_pdf(db: Database, form: Form, unit: str, period: str, path: Path | str, *, agency: str | None = None,
               place: str | None = None) -> ExportResult:
    """Print the stored figures of one sheet as a PDF paper; a print is not a submission (no change)."""
    from operations.version import version
    from workbooks.submission_export import export_pdf as export

    return export(db, form, unit, period, Path(path), app_version=version(), agency=agency, place=place)


def write_blank_template(form: Form, unit: str, period: str, units: UnitTree | None, path: Path | str, *,
                         agency: str | None = None, place: str | None = None) -> SheetContext:
    """A blank workbook of one sheet to fill in Excel without the app; ``units`` names the unit (none:
    the code is printed), and a unit missing from a non-empty unit list is refused."""
    from forms.errors import BieumauError
    from forms.periods import form_period
    from operations.version import version
    from workbooks.heading import sheet_context
    from workbooks.template import write_template

    if units is not None and len(units) and unit not in units:
        raise BieumauError(f"Không có đơn vị mã «{unit}» trong danh mục đơn vị.", "unknown_unit")
    ctx = sheet_context(form, unit, form_period(form, period).code, units, app_version=version(), agency=agency,
                        place=place)
    write_template(ctx, Path(path))
    return ctx


# --- values as CSV (VALUES.csv, FORMS.md §5) -------------------------------------------------------

VALUES_HEADER = ("unit", "period", "indicator", "column", "value")


def read_values_csv(path: Path) -> list[ValueRow]:
    """Rows of VALUES.csv as ``storage.values.ValueRow`` with their line numbers."""
    import csv
    import io

    from forms.errors import BieumauError
    from forms.limits import check_typed
    from forms.text_files import csv_failure, read_user_text
    from storage.values import ValueRow

    text = read_user_text(path, "tệp số liệu")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [h for h in VALUES_HEADER if h not in header]
        if missing:
            raise BieumauError(
                f"Tệp «{path.name}» thiếu cột {', '.join(missing)} (cần tiêu đề {','.join(VALUES_HEADER)}).", "file"
            )
        reader.fieldnames = header
        rows = []
        for row in reader:
            line = reader.line_num
            if None in row or any(row.get(h) is None for h in VALUES_HEADER):
                raise BieumauError(f"Tệp «{path.name}», dòng {line}: số cột không khớp tiêu đề.", "file")
            check_typed(row["value"], f"Tệp «{path.name}», dòng {line}")  # forms/limits.py, before any work
            rows.append(ValueRow(row["unit"].strip(), row["period"].strip(), row["indicator"].strip(),
                                 row["column"].strip(), row["value"], line))
    except csv.Error as exc:
        raise csv_failure(exc, path.name, reader.line_num + 1) from None
    return rows


@dataclass(frozen=True)
class ValuesImportOutcome:
    """What a VALUES.csv wrote, and each sheet it touched checked as now stored."""

    file: Path
    summary: WriteSummary
    checks: tuple[tuple[str, str, Report], ...]  # (unit, period code, report)
    changes: OpChanges = NO_CHANGES

    @property
    def errors(self) -> int:
        return sum(len(r.parse_errors) + sum(1 for v in r.violations if v.is_error) for _, _, r in self.checks)


def import_values_file(
    db: Database, form: Form, path: Path | str, *, user: str, units: UnitTree | None = None,
    backup_reason: str | None = None, origin: object | None = None,
) -> ValuesImportOutcome:
    """Store a VALUES.csv in one transaction (any bad row refuses the whole file), then check every
    sheet it touched as stored: the values are kept even when they break a rule."""
    from forms.periods import form_period
    from storage.units import load_unit_tree
    from storage.value_source import DatabaseValueSource
    from storage.values import import_values
    from validators.engine import Engine

    path = Path(path)
    rows = read_values_csv(path)
    if backup_reason and rows and getattr(db, "is_sqlite", False):
        from storage.backup import backup

        backup(db, reason=backup_reason)
    summary = import_values(db, form, rows, user=user, source=f"import:{path.name}")
    sheets = list(dict.fromkeys((r.unit, form_period(form, r.period).code) for r in rows))
    engine = Engine(form, units if units is not None else load_unit_tree(db))
    source = DatabaseValueSource(db)
    checks = tuple((unit, period, engine.validate(unit, period, source)) for unit, period in sheets)
    changes = OpChanges.of_values((DocumentKey(form.id, unit, period) for unit, period in sheets), origin)
    return ValuesImportOutcome(path, summary, checks, changes)
