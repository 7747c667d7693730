"""Consolidation (tổng hợp) of a parent unit from its children: read, check across levels, write the
consolidated workbook and, when asked, store the figures as the parent's own — the one way the
«Tổng hợp» menu and ``bieumau consolidate`` do it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from forms.errors import BieumauError
from operations.changes import NO_CHANGES, DocumentKey, OpChanges

if TYPE_CHECKING:
    from forms.model import Form
    from forms.units import UnitTree
    from storage.database import Database
    from storage.values import WriteSummary
    from workbooks.consolidation import Consolidation, CrossLevelReport
    from workbooks.merge import TaskState


@dataclass(frozen=True)
class ConsolidationOutcome:
    result: Consolidation
    report: CrossLevelReport
    path: Path
    stored: WriteSummary | None = None
    changes: OpChanges = NO_CHANGES

    @property
    def errors(self) -> int:
        return sum(1 for v in self.report.violations if v.violation.is_error)

    @property
    def warnings(self) -> int:
        return len(self.report.violations) - self.errors


def consolidate_unit(
    db: Database,
    form: Form,
    parent: str,
    period: str,
    units: UnitTree,
    out: Path | str,
    *,
    user: str,
    store: bool = False,
    recursive: bool = False,
    agency: str | None = None,
    place: str | None = None,
    state: TaskState | None = None,
    origin: object | None = None,
) -> ConsolidationOutcome:
    """Consolidate ``parent``'s children for one form and period into the workbook ``out``, checked
    against the parent's own figures and the form's rules; ``store`` also stores the figures as the
    parent's own. A parent without children, or whose children have no figure yet, is refused before
    anything is written."""
    from forms.periods import form_period
    from operations.version import version
    from storage.value_source import DatabaseValueSource
    from workbooks.consolidated_book import write_consolidated
    from workbooks.consolidation import check_against_children, consolidate

    if parent not in units:
        raise BieumauError(f"Không có đơn vị mã «{parent}» trong danh mục đơn vị của cơ sở dữ liệu.", "unknown_unit")
    name = f"{units[parent].name} ({parent})"
    period = form_period(form, period).code
    _step(state, 0, "Đang đọc số liệu các đơn vị cấp dưới…")
    result = consolidate(db, form, parent, period, units, recursive=recursive)
    if not result.children:
        raise BieumauError(f"{name} không có đơn vị cấp dưới nào trong kỳ {result.period_name}; không có gì để "
                           "tổng hợp.", "no_children")
    if not result.reported:
        raise BieumauError(f"Chưa đơn vị cấp dưới nào của {name} có số liệu biểu {form.id} kỳ "
                           f"{result.period_name}; không có gì để tổng hợp.", "nothing_reported")
    _step(state, 1, "Đang kiểm tra số liệu tổng hợp…")
    report = check_against_children(result, units, DatabaseValueSource(db))
    _step(state, 2, "Đang ghi sổ Excel…")
    path = write_consolidated(result, Path(out), units=units, app_version=version(), report=report, agency=agency,
                              place=place, cancelled=(lambda: state.cancelled) if state is not None else None)
    outcome = ConsolidationOutcome(result, report, Path(path))
    if store:
        summary, changes = store_consolidated(db, result, user=user, origin=origin)
        outcome = ConsolidationOutcome(result, report, Path(path), summary, changes)
    return outcome


def store_consolidated(db: Database, result: Consolidation, *, user: str,
                       origin: object | None = None) -> tuple[WriteSummary, OpChanges]:
    """Store consolidated figures as the parent's own (one transaction, the audit keeps what they replace)."""
    from workbooks.consolidation import store_consolidation

    summary = store_consolidation(db, result, user=user)
    return summary, OpChanges.of_values([DocumentKey(result.form.id, result.parent, result.period)], origin)


def _step(state: TaskState | None, done: int, label: str) -> None:
    if state is not None:
        state.check()
        state.progress(done, 3, label)
