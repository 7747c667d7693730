"""Exporting one unit's stored figures for one period as the submission workbook, checked by the
rule engine so every violation is marked on its cell and listed on "Kiểm tra"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.messages import Msg
from forms.model import Form
from forms.periods import form_period
from workbooks.errors import WorkbookError
from workbooks.heading import sheet_context
from workbooks.paper import BookContent, CellKey, CellMark, SheetContext, write_book


@dataclass(frozen=True)
class ExportResult:
    path: Path
    values: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class Checked:
    marks: list[CellMark]
    computed: dict[CellKey, Decimal]
    errors: int = 0
    warnings: int = 0
    targets: dict[str, str] = field(default_factory=dict)  # indicator → Đạt / Không đạt / Chưa có số liệu


def check_sheet(form: Form, tree: Any, unit: str, period: str, source: Any) -> Checked:
    """Rendered violations per cell and the computed values, from the rule engine when it is there."""
    from validators.engine import Engine
    from validators.messages import render, render_parse_problem
    from validators.violations import tally

    session = Engine(form, tree).session(unit, period, source)
    report = session.report
    marks: list[CellMark] = []
    for number, violation in enumerate(report.violations):
        message = render(violation, form)
        cells = violation.cells or ()
        if not cells:
            marks.append(CellMark("", violation.column or "", violation.severity, message, number))
        for indicator, column in cells:
            marks.append(CellMark(indicator, column, violation.severity, message, number))
    for problem in report.parse_errors:
        marks.append(CellMark(problem.indicator, problem.column, "error", render_parse_problem(problem, form)))
    computed: dict[CellKey, Decimal] = {}
    for ind in form.indicators:
        if ind.computed:
            for column in form.columns_of(ind):
                value = session.computed(ind.id, column)
                if value is not None:
                    computed[(ind.id, column)] = value
    errors, warnings = tally(report.violations, report.parse_errors)
    targets = {found.indicator: found.status for found in session.targets()}
    return Checked(marks, computed, errors, warnings, targets)


@dataclass(frozen=True)
class SubmissionPaper:
    """One unit's stored figures for one period, checked, with everything printed around them."""

    ctx: SheetContext
    content: BookContent
    checked: Checked


def load_submission(
    db: Any, form: Form, unit: str, period: str, *, app_version: str, agency: str | None = None,
    place: str | None = None,
) -> SubmissionPaper:
    from storage.comments import read_comments
    from storage.units import load_unit_tree
    from storage.value_source import DatabaseValueSource
    from storage.values import read_values

    tree = load_unit_tree(db)
    if unit not in tree:
        raise WorkbookError(Msg("unit.unknown_code", unit=unit), "unknown_unit")
    period = form_period(form, period).code
    values = {key: value.raw for key, value in read_values(db, form.id, unit, period).items()}
    notes = read_comments(db, form.id, unit, period)
    comments = {key: kinds["note"] for key, kinds in notes.items() if kinds.get("note")}
    justifications = {key: kinds["justification"] for key, kinds in notes.items() if kinds.get("justification")}
    checked = check_sheet(form, tree, unit, period, DatabaseValueSource(db))
    ctx = sheet_context(form, unit, period, tree, app_version=app_version, agency=agency, place=place)
    content = BookContent(kind="submission", values=values, marks=tuple(checked.marks), comments=comments,
                          justifications=justifications, computed=checked.computed, targets=checked.targets)
    return SubmissionPaper(ctx, content, checked)


def export_submission(
    db: Any,
    form: Form,
    unit: str,
    period: str,
    path: Path,
    *,
    app_version: str,
    agency: str | None = None,
    place: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    user: str | None = None,
) -> ExportResult:
    """Write the submission workbook and record the form as submitted ("đã nộp") with the time and
    the file name: the exported file is what the unit sends up. A sheet without any figure is written
    but not submitted."""
    from storage.status import record_submission

    paper = load_submission(db, form, unit, period, app_version=app_version, agency=agency, place=place)
    # one moment for the file's _meta and the stored status: the receiving side records the time the file
    # states, so both ends agree to the second however long the writing took
    when = datetime.now().astimezone()
    write_book(paper.ctx, Path(path), paper.content, progress=progress, cancelled=cancelled, exported_at=when)
    checked = paper.checked
    if paper.content.values:  # an empty sheet exported to look at is not a submission
        record_submission(db, form.id, unit, period, user=user or db.user, file=Path(path).name, at=when,
                          error_count=checked.errors, warning_count=checked.warnings, source="export")
    return ExportResult(path=Path(path), values=len(paper.content.values), errors=checked.errors,
                        warnings=checked.warnings)


def export_pdf(
    db: Any, form: Form, unit: str, period: str, path: Path, *, app_version: str, agency: str | None = None,
    place: str | None = None,
) -> ExportResult:
    """Write the printed paper of the stored figures as a PDF (Vietnamese notation, embedded font).
    A print is not a submission: the status does not change."""
    from workbooks.paper_pdf import write_pdf

    paper = load_submission(db, form, unit, period, app_version=app_version, agency=agency, place=place)
    write_pdf(paper.ctx, Path(path), paper.content)
    return ExportResult(path=Path(path), values=len(paper.content.values), errors=paper.checked.errors,
                        warnings=paper.checked.warnings)
