"""Form definitions authored in Excel, XLSForm-style: sheets ``form``, ``columns``, ``indicators``,
``rules``; one row per item under a header row of the same key names as the YAML.

List cells (``levels``, ``periods``, ``columns``, ``choices``) separate items with ``;``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forms.errors import BieumauError
from forms.limits import MAX_WORKBOOK_BYTES, sheet_problem
from forms.messages import Msg

SHEETS = ("form", "columns", "indicators", "rules")
LIST_KEYS = frozenset({"levels", "choices", "columns", "periods"})
BOOL_KEYS = frozenset({"required", "cumulative", "complete"})
INT_KEYS = frozenset({"version", "decimals", "deadline_days"})
NUMBER_KEYS = frozenset({"min", "max"})
_TRUE = {"true", "1", "có", "yes", "x"}
_FALSE = {"false", "0", "không", "no", ""}


def _cell(key: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if key in LIST_KEYS:
        parts = str(value).replace("\n", ";").split(";")
        if key in ("levels", "columns", "periods"):
            parts = [q for p in parts for q in p.split(",")]
        return [p.strip() for p in parts if p.strip()]
    if key in BOOL_KEYS:
        if isinstance(value, bool):
            return value
        low = str(value).lower()
        return True if low in _TRUE else False if low in _FALSE else value
    if key == "target" and isinstance(value, str) and value.lower() in (_TRUE | _FALSE) - {"1", "0", ""}:
        return value.lower() in _TRUE  # "có": the row takes its target from the plan
    if key in INT_KEYS and isinstance(value, float) and value.is_integer():
        return int(value)
    if key in INT_KEYS and isinstance(value, str) and value.isdigit():
        return int(value)
    if key in NUMBER_KEYS and isinstance(value, str):
        try:
            return float(value.replace(",", ".")) if "." in value or "," in value else int(value)
        except ValueError:
            return value
    return value


def _refuse_far_cells(path: Path) -> None:
    """Refuse a sheet that uses cells past forms/limits.py before openpyxl lays it out row by row."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says the file cannot be read
    with archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/") and info.filename.endswith(".xml")):
                continue
            if info.file_size > MAX_WORKBOOK_BYTES:
                raise BieumauError(Msg("definition.part_too_large", name=path.name, part=info.filename), "too_large")
            try:
                problem = sheet_problem(archive.read(info))
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
                raise BieumauError(Msg("definition.broken_zip", name=path.name), "xlsform") from None
            if problem is not None:
                raise BieumauError(f"{path.name}: {problem}.", "limit")


def read_xlsform(path: Path) -> dict[str, Any]:
    """Read an XLSForm-style workbook into the same dictionary a YAML file gives."""
    from openpyxl import load_workbook

    _refuse_far_cells(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise BieumauError(Msg("definition.unreadable_book", name=path.name, error=type(exc).__name__), "xlsform") from None
    try:
        missing = [s for s in ("form", "indicators") if s not in book.sheetnames]
        if missing:
            raise BieumauError(Msg("definition.missing_sheets", name=path.name, sheets=", ".join(missing)), "xlsform")
        tables: dict[str, list[dict[str, Any]]] = {}
        for sheet in SHEETS:
            if sheet not in book.sheetnames:
                tables[sheet] = []
                continue
            rows = list(book[sheet].iter_rows(values_only=True))
            if not rows:
                tables[sheet] = []
                continue
            header = [str(h).strip() if h is not None else "" for h in rows[0]]
            items = []
            for row in rows[1:]:
                item = {
                    key: _cell(key, value)
                    for key, value in zip(header, row, strict=False)
                    if key
                }
                item = {k: v for k, v in item.items() if v is not None}
                if item:
                    items.append(item)
            tables[sheet] = items
    finally:
        book.close()
    form = dict(tables["form"][0]) if tables["form"] else {}
    form["columns"] = tables["columns"]
    form["indicators"] = tables["indicators"]
    if tables["rules"]:
        form["rules"] = tables["rules"]
    return form


def write_xlsform(definition: dict[str, Any], path: Path) -> None:
    """Write a definition dictionary as an XLSForm-style workbook (for authors who use Excel)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    head = {k: v for k, v in definition.items() if k not in ("columns", "indicators", "rules")}
    tables = {
        "form": [head],
        "columns": definition.get("columns") or [],
        "indicators": definition.get("indicators") or [],
        "rules": definition.get("rules") or [],
    }
    for sheet_name in SHEETS:
        items = tables[sheet_name]
        sheet = book.create_sheet(sheet_name)
        keys: list[str] = []
        for item in items:
            for key in item:
                if key not in keys:
                    keys.append(key)
        sheet.append(keys)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for item in items:
            row = []
            for key in keys:
                value = item.get(key)
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                row.append(value)
            sheet.append(row)
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
    tmp = path.with_name(path.name + ".tmp")
    book.save(tmp)
    tmp.replace(path)
