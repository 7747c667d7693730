"""A province's plan in the database: ``plan_targets``, one row per unit, year and indicator.

An import replaces the targets it names and keeps the others (a plan for 2025 leaves 2024's alone);
every target it adds or changes writes an audit row (kind ``plan``, period = the year).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from forms.plans import Plan, PlanError, PlanRow, parse_target
from storage.audit import audit_row, record
from storage.database import Database
from storage.schema import plan_targets, units, utcnow


@dataclass
class PlanChanges:
    new: list[PlanRow] = field(default_factory=list)
    changed: list[PlanRow] = field(default_factory=list)
    unchanged: list[PlanRow] = field(default_factory=list)

    def summary_vi(self) -> str:
        return f"{len(self.new)} chỉ tiêu mới, {len(self.changed)} thay đổi, {len(self.unchanged)} giữ nguyên"


def save_plan(db: Database, plan: Plan, *, user: str, source: str) -> PlanChanges:
    """Store every target of ``plan`` in one transaction, all or nothing."""
    now = utcnow()
    changes = PlanChanges()
    with db.session() as session:
        known = set(session.execute(sa.select(units.c.code)).scalars())
        unknown = sorted({row.unit for row in plan.rows} - known)
        if known and unknown:  # a unit list is loaded: a plan for a unit outside it is a typo
            shown = ", ".join(unknown[:5]) + (f" (và {len(unknown) - 5} đơn vị khác)" if len(unknown) > 5 else "")
            raise PlanError(f"Kế hoạch «{source}» có đơn vị không có trong danh mục: {shown}. "
                            "Không có gì thay đổi.", "unknown_unit")
        stored = {(r.unit, r.year, r.indicator): r.target
                  for r in session.execute(sa.select(plan_targets.c.unit, plan_targets.c.year,
                                                     plan_targets.c.indicator, plan_targets.c.target))}
        audits = []
        for row in plan.rows:
            key = (row.unit, row.year, row.indicator)
            old = stored.get(key)
            if old == row.target.text:
                changes.unchanged.append(row)
                continue
            values = {"target": row.target.text, "operator": row.target.operator, "value": row.target.value,
                      "source": source, "user_name": user, "changed_at": now}
            if old is None:
                session.execute(plan_targets.insert().values(unit=row.unit, year=row.year,
                                                             indicator=row.indicator, **values))
                changes.new.append(row)
            else:
                session.execute(plan_targets.update().where(
                    (plan_targets.c.unit == row.unit) & (plan_targets.c.year == row.year)
                    & (plan_targets.c.indicator == row.indicator)).values(**values))
                changes.changed.append(row)
            audits.append(audit_row("", row.unit, str(row.year), row.indicator, "", "plan", old or "",
                                    row.target.text, user, now, f"import:{source}"))
        if audits:
            record(session, audits)
    return changes


def load_plan(db: Database, year: int | None = None) -> Plan:
    """The stored plan, every year or one."""
    query = sa.select(plan_targets.c.unit, plan_targets.c.year, plan_targets.c.indicator, plan_targets.c.target)
    if year is not None:
        query = query.where(plan_targets.c.year == year)
    with db.session(write=False) as session:
        rows = session.execute(query.order_by(plan_targets.c.year, plan_targets.c.unit,
                                              plan_targets.c.indicator)).all()
    return Plan(tuple(PlanRow(r.unit, r.year, r.indicator, parse_target(r.target)) for r in rows), "database")
