"""A province's plan as an Excel sheet: the first sheet holds ``unit,year,indicator,target`` as a
header row and one target per row, read through the same hardened path as submissions."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.collector import collector_paused
from forms.plans import Plan, plan_from_rows
from workbooks.meta import canonical_number
from workbooks.package import open_package, refuse
from workbooks.paper import natural_text

MAX_BYTES = 50 * 2**20


def read_plan_xlsx(path: str | Path) -> Plan:
    path = Path(path)
    with collector_paused():
        package = open_package(path, MAX_BYTES)
    if not package.sheets:
        raise refuse(path, "sổ không có trang nào.", "damaged")
    sheet = next(iter(package.sheets))
    percent = package.percent_cells(sheet)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.content))
        try:
            rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        finally:
            book.close()
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise refuse(path, f"nội dung tệp bị hỏng, không đọc được ({type(exc).__name__}).", "damaged") from None
    texts = [[_text(value, f"{_column(c)}{r + 1}" in percent) for c, value in enumerate(row)]
             for r, row in enumerate(rows)]
    return plan_from_rows(texts, path.name)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _text(value: Any, percent: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if percent:  # Excel stored "90%" as 0.9
            return natural_text(Decimal(canonical_number(value)) * 100) + "%"
        return natural_text(value)
    return str(value)
