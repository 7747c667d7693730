"""Who is printed at the top of the paper: the issuing body (the unit's parent), and the place.

Derived from the unit hierarchy, never from code: a Sở reports under "UBND tỉnh …", a commune under
its district (or, after the 2025 reform, its province).
"""

from __future__ import annotations

from forms.model import Form
from forms.periods import parse_period
from forms.units import Unit, UnitTree
from workbooks.paper import SheetContext

_PREFIXES = ("tỉnh ", "thành phố ", "huyện ", "thị xã ", "quận ", "xã ", "phường ", "thị trấn ")


def agency_of(unit: Unit | None, tree: UnitTree | None) -> str:
    """The body issuing the report: "UBND tỉnh Bắc Giang" for a Sở of Bắc Giang."""
    if unit is None:
        return ""
    parent = tree.get(unit.parent) if tree is not None and unit.parent else None
    if parent is None:
        # the top of the tree reports as its own people's committee ("UBND tỉnh Bắc Giang")
        return f"UBND {_lower_first(unit.name)}" if unit.level in ("tinh", "huyen", "xa") else unit.name
    if parent.level in ("tinh", "huyen", "xa"):
        return f"UBND {_lower_first(parent.name)}"
    return parent.name


def place_of(unit: Unit | None, tree: UnitTree | None) -> str:
    """The place in the date line: the province's name without "Tỉnh"."""
    if unit is None:
        return ""
    chain = [unit, *(tree.ancestors(unit.code) if tree is not None else [])]
    province = next((u for u in chain if u.level == "tinh"), chain[-1])
    return _bare(province.name)


def _bare(name: str) -> str:
    low = name.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix):
            return name[len(prefix):].strip()
    return name


def _lower_first(name: str) -> str:
    low = name.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix):
            return prefix + name[len(prefix):]
    return name


def sheet_context(
    form: Form,
    unit_code: str,
    period: str,
    tree: UnitTree | None,
    *,
    app_version: str,
    agency: str | None = None,
    place: str | None = None,
    code_list_version: str | None = None,
) -> SheetContext:
    """Everything printed around the table for ``unit_code``, from the unit tree when there is one."""
    unit = tree.get(unit_code) if tree is not None else None
    return SheetContext(
        form=form,
        unit_code=unit_code,
        unit_name=unit.name if unit is not None else unit_code,
        agency=agency if agency is not None else agency_of(unit, tree),
        place=place if place is not None else place_of(unit, tree),
        period=parse_period(period),
        app_version=app_version,
        code_list_version=code_list_version,
    )
