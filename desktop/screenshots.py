"""Which places ``bieumau gui --screenshot-all`` pictures: every form at every level it is reported at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from forms.periods import periods_of_year
from forms.units import Unit
from operations.context import AppContext

FIRST_YEAR = 2021


def _units_in_tree_order(ctx: AppContext) -> Iterator[Unit]:
    def walk(unit: Unit) -> Iterator[Unit]:
        yield unit
        for child in ctx.units.children(unit.code):
            yield from walk(child)

    for root in ctx.units.roots():
        yield from walk(root)


def newest_period_with_values(ctx: AppContext, form_id: str, unit: str) -> str | None:
    """The newest begun period of the form where ``unit`` has values; None when it has none."""
    from storage.values import read_values

    kind = ctx.catalogue[form_id].period
    today = date.today()
    for year in range(today.year, FIRST_YEAR - 1, -1):
        for period in reversed(periods_of_year(kind, year)):
            if period.start <= today and read_values(ctx.db, form_id, unit, period.code):
                return period.code
    return None


def shots(ctx: AppContext) -> Iterator[tuple[str, tuple[str, str, str | None]]]:
    """(file name, (unit, form, period)) per form × level: the first unit of the level that has values
    of the form (else the first unit of the level), at its newest period with values."""
    units = list(_units_in_tree_order(ctx))
    for form in sorted(ctx.catalogue.values(), key=lambda f: f.id):
        for level in form.levels:
            at_level = [u for u in units if u.level == level]
            if not at_level:
                continue
            chosen, period = at_level[0], None
            for unit in at_level[:10]:
                period = newest_period_with_values(ctx, form.id, unit.code)
                if period is not None:
                    chosen = unit
                    break
            yield f"{form.id}-{level}", (chosen.code, form.id, period)
