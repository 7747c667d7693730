"""Totals and their "trong đó" parts: a part never exceeds its whole; with ``complete: true`` each
``breakdown`` group of parts sums exactly to the total (parts without a breakdown form one group),
except the group ``breakdown: trong đó``, which lists some of the parts only."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from forms.model import Indicator
from validators.cells import Cells
from validators.checks import Check, texts_in, unchecked, violation
from validators.program import Program
from validators.violations import Violation

SOME_OF = "trong đó"  # the breakdown of parts that need not add up to the whole


def countable(indicator: Indicator) -> bool:
    """Counts and amounts add up; shares and averages do not."""
    return indicator.type in ("integer", "decimal") and indicator.aggregate not in ("ratio", "mean", "min", "max")


def checks(program: Program) -> Iterator[Check]:
    form = program.form
    for parent in form.indicators:
        kids_all = form.children_of.get(parent.id, ())
        if not kids_all or not countable(parent):
            continue
        for column in form.columns_of(parent):
            kids = [k for k in kids_all if countable(k) and form.uses_cell(k.id, column)]
            for kid in kids:
                reads = program.expand([(parent.id, column), (kid.id, column)])
                yield Check(f"part:{kid.id}@{column}", reads, _part(parent.id, kid.id, column))
            if not kids:
                continue
            groups: dict[str | None, list[str]] = {}
            for kid in kids:
                groups.setdefault(kid.breakdown, []).append(kid.id)
            if not parent.complete:
                # "trong đó" lists some of the parts: together they still cannot exceed the whole
                for breakdown, members in groups.items():
                    if len(members) < 2:
                        continue
                    rule = f"parts:{parent.id}" + (f":{breakdown}" if len(groups) > 1 else "")
                    reads = program.expand([(parent.id, column), *((m, column) for m in members)])
                    yield Check(f"{rule}@{column}", reads, _parts_within(rule, parent.id, tuple(members), column, breakdown))
                continue
            for breakdown, members in groups.items():
                if breakdown == SOME_OF:
                    # a "trong đó" group beside complete breakdowns lists some parts only
                    if len(members) > 1:
                        rule = f"parts:{parent.id}:{breakdown}"
                        reads = program.expand([(parent.id, column), *((m, column) for m in members)])
                        yield Check(f"{rule}@{column}", reads,
                                    _parts_within(rule, parent.id, tuple(members), column, breakdown))
                    continue
                rule = f"sum:{parent.id}" if len(groups) == 1 else f"sum:{parent.id}:{breakdown or 'khac'}"
                reads = program.expand([(parent.id, column), *((m, column) for m in members)])
                yield Check(f"{rule}@{column}", reads, _sum(rule, parent.id, tuple(members), column, breakdown))


def _part(parent: str, kid: str, column: str):
    whole_key, part_key = (parent, column), (kid, column)

    def run(cells: Cells) -> list[Violation]:
        whole, part = cells.value_at(whole_key), cells.value_at(part_key)
        if not isinstance(whole, Decimal) or not isinstance(part, Decimal):
            return unchecked(cells, f"part:{kid}", column, texts_in(cells, (part_key, whole_key)))
        if part <= whole:
            return []
        return [violation(cells, f"part:{kid}", "part", "error", column, [(kid, column), (parent, column)],
                          part, whole, (("whole", parent),))]
    return run


def _parts_within(rule: str, parent: str, members: tuple[str, ...], column: str, breakdown: str | None):
    total_key = (parent, column)
    keys = tuple((m, (m, column)) for m in members)

    def run(cells: Cells) -> list[Violation]:
        total = cells.value_at(total_key)
        if not isinstance(total, Decimal):
            return unchecked(cells, rule, column, texts_in(cells, (total_key, *(k for _, k in keys))))
        texts = texts_in(cells, [key for _, key in keys])
        if texts:
            return unchecked(cells, rule, column, texts)
        return _given_exceed(cells, rule, parent, members, column, breakdown, total)
    return run


def _sum(rule: str, parent: str, members: tuple[str, ...], column: str, breakdown: str | None):
    total_key = (parent, column)
    keys = tuple((m, column) for m in members)

    def run(cells: Cells) -> list[Violation]:
        total = cells.value_at(total_key)
        if not isinstance(total, Decimal):
            return unchecked(cells, rule, column, texts_in(cells, (total_key, *keys)))
        values = []
        for key in keys:
            value = cells.value_at(key)
            if not isinstance(value, Decimal):
                # a blank part: the sum is not checked (missing: skip); text in a part is said so;
                # but the parts given already adding up to more than the total is wrong whatever the rest
                texts = texts_in(cells, keys)
                if texts:
                    return unchecked(cells, rule, column, texts)
                return _given_exceed(cells, rule, parent, members, column, breakdown, total)
            values.append(value)
        added = sum(values, Decimal(0))
        if added == total:
            return []
        return [violation(
            cells, rule, "sum", "error", column, [(parent, column), *((m, column) for m in members)],
            total, added, (("parts", tuple(zip(members, values))), ("breakdown", breakdown)),
        )]
    return run


def _given_exceed(cells: Cells, rule: str, parent: str, members: tuple[str, ...], column: str,
                  breakdown: str | None, total: Decimal) -> list[Violation]:
    known = [(m, v) for m in members if isinstance(v := cells.value_at((m, column)), Decimal)]
    added = sum((v for _, v in known), Decimal(0))
    if len(known) < 2 or added <= total:
        return []
    return [violation(
        cells, rule, "parts", "error", column, [(parent, column), *((m, column) for m, _ in known)],
        total, added, (("parts", tuple(known)), ("breakdown", breakdown)),
    )]
