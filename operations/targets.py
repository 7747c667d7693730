"""A province's plan (kế hoạch: yearly targets per unit and indicator): read it from CSV or Excel and
store it — what ``bieumau targets import`` does, ready for a window to call the same way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from operations.changes import OpChanges

if TYPE_CHECKING:
    from forms.model import Form
    from forms.plans import Plan
    from storage.database import Database
    from storage.plans import PlanChanges


def read_plan(path: str | Path) -> Plan:
    """A plan from CSV or an Excel workbook, by the file's extension; refused whole when a row is wrong."""
    from forms.plans import read_plan_csv

    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from workbooks.plan_sheet import read_plan_xlsx

        return read_plan_xlsx(path)
    return read_plan_csv(path)


@dataclass(frozen=True)
class PlanImported:
    plan: Plan
    changes: PlanChanges
    op_changes: OpChanges

    def summary(self, name: str) -> str:
        years = ", ".join(str(y) for y in self.plan.years)
        return f"Đã nạp kế hoạch năm {years} từ {name}: {self.changes.summary_vi()}."


def import_plan(db: Database, path: str | Path, *, user: str, plan: Plan | None = None,
                catalogue: dict[str, Form] | None = None) -> PlanImported:
    """Store the plan in ``path`` (read now unless given) in one transaction, after a backup of a SQLite
    database. The forms whose indicators it names are touched: their judgement against the plan changes."""
    from storage.backup import backup
    from storage.plans import save_plan
    from validators.targets import indicator_lookup

    plan = read_plan(path) if plan is None else plan
    if db.is_sqlite:
        backup(db, reason="truoc-nhap-ke-hoach")
    changes = save_plan(db, plan, user=user, source=Path(path).name)
    named = {row.indicator for row in plan.rows}
    touched = frozenset(form_id for form_id, form in (catalogue or {}).items()
                        if named & set(indicator_lookup(form)))
    return PlanImported(plan, changes, OpChanges(forms=touched))
