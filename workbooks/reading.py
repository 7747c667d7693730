"""Reading a bieumau workbook back: the hardened path from an untrusted .xlsx to raw texts per cell.

The package is checked first (``workbooks.package``), then python-calamine reads the values. Every
refusal is a ``WorkbookError`` naming the file and the reason, and nothing is returned.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.numbers import parse_value
from workbooks.errors import WorkbookError
from workbooks.meta import (
    KINDS,
    META_SHEET,
    MetaLayout,
    canonical_number,
    parse_records,
    row_note,
    values_checksum,
)
from workbooks.package import Package, open_package, refuse
from workbooks.paper import natural_text

CellKey = tuple[str, str]
MAX_LISTED_FORMULAS = 10


@dataclass(frozen=True)
class WorkbookContent:
    """What a workbook holds: ``values`` are raw texts as a clerk would type them."""

    path: Path
    meta: dict[str, str]
    kind: str
    values: dict[CellKey, str]
    comments: dict[CellKey, str] = field(default_factory=dict)
    justifications: dict[CellKey, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def form_id(self) -> str:
        return self.meta["form_id"]

    @property
    def form_version(self) -> int:
        return int(self.meta["form_version"])

    @property
    def unit_code(self) -> str:
        return self.meta["unit_code"]

    @property
    def period_code(self) -> str:
        return self.meta["period_code"]


def read_workbook(path: Path, *, max_bytes: int = 50 * 2**20) -> WorkbookContent:
    """Read a submission, filled template or consolidated workbook; refuse anything doubtful."""
    path = Path(path)
    package = open_package(path, max_bytes)
    if META_SHEET not in package.sheets:
        raise refuse(
            path,
            "đây không phải sổ Excel do phần mềm bieumau tạo ra (không có trang «_meta»). "
            "Hãy tải biểu mẫu bằng lệnh «bieumau template» và điền vào đó.",
            "not_bieumau",
        )
    if package.formulas(META_SHEET):
        raise refuse(path, "trang «_meta» chứa công thức; tệp đã bị sửa.", "tampered")
    layout, sheet_rows = _read_sheets(path, package)
    meta = layout.meta
    missing = [k for k in ("form_id", "form_version", "unit_code", "period_code", "kind", "sheet") if not meta.get(k)]
    if missing or not meta.get("form_version", "").isdigit() or meta.get("kind") not in KINDS:
        raise refuse(path, "trang «_meta» thiếu thông tin biểu mẫu, đơn vị hoặc kỳ báo cáo; tệp đã bị sửa.", "tampered")
    sheet = meta["sheet"]
    if sheet_rows is None:
        raise refuse(path, f"không có trang «{sheet}» chứa số liệu của biểu {meta['form_id']}.", "tampered")

    column_index = {col: _split_ref(f"{letter}1")[1] for col, letter in layout.columns.items() if letter}
    positions = [
        (key, layout.rows[key[0]] - 1, column_index[key[1]])
        for key in layout.cells
        if key[1] in column_index and key[0] in layout.rows
    ]
    note_col = _split_ref(f"{layout.note_letter}1")[1] if layout.note_letter else None
    formulas = package.formulas(sheet)
    if formulas:
        read_at = {(r, c) for _key, r, c in positions}
        if note_col is not None:
            read_at.update((row - 1, note_col) for row in layout.rows.values())
        bad = [(ref, text) for ref, text in formulas.items() if _split_ref(ref) in read_at]
        if bad:
            bad.sort(key=lambda item: _split_ref(item[0]))
            listed = "; ".join(f"ô {ref} chứa công thức «{text}»" for ref, text in bad[:MAX_LISTED_FORMULAS])
            more = f" và {len(bad) - MAX_LISTED_FORMULAS} ô khác" if len(bad) > MAX_LISTED_FORMULAS else ""
            raise refuse(path, f"{listed}{more}. Chỉ nhập giá trị, không nhập công thức, rồi gửi lại.", "formula")

    problems: list[str] = []
    cells: dict[CellKey, Any] = {}
    height = len(sheet_rows)
    for key, r, c in positions:
        if r < height:
            line = sheet_rows[r]
            if c < len(line):
                value = line[c]
                if value is not None and value != "":
                    cells[key] = value
    if meta["kind"] != "template":
        expected = meta.get("values_checksum", "")
        if not expected or values_checksum(cells, layout.raws) != expected:
            raise refuse(
                path,
                "số liệu trong tệp không khớp mã kiểm tra (SHA-256) ghi lúc xuất; tệp đã bị sửa sau khi xuất. "
                "Hãy xuất lại từ phần mềm hoặc dùng biểu mẫu để điền.",
                "tampered",
            )
    values = {key: _raw_text(value, layout.raws.get(key), key, layout, problems) for key, value in cells.items()}
    percent_refs = package.percent_cells(sheet)
    by_position = {(r, c): key for key, r, c in positions} if percent_refs else {}
    for ref in percent_refs:
        key = by_position.get(_split_ref(ref))
        value = cells.get(key) if key is not None else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            # Excel stored "97,45%" as 0.9745; the clerk meant 97,45 per cent
            values[key] = natural_text(Decimal(canonical_number(value)) * 100) + "%"

    comments = _comments(layout, sheet_rows)
    return WorkbookContent(
        path=path,
        meta=dict(meta),
        kind=meta["kind"],
        values=values,
        comments=comments,
        justifications=dict(layout.justifications) if meta["kind"] != "template" else {},
        problems=problems,
    )


def _read_sheets(path: Path, package: Package) -> tuple[MetaLayout, list[list[Any]] | None]:
    from python_calamine import CalamineWorkbook

    try:
        # the bytes that were checked, not the path again: the file may have changed since
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.content))
        try:
            layout = parse_records(book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False))
            name = layout.meta.get("sheet", "")
            sheet_rows = None
            if name and name in book.sheet_names:
                sheet_rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        finally:
            book.close()
    except WorkbookError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise refuse(path, f"nội dung tệp bị hỏng, không đọc được ({type(exc).__name__}).", "damaged") from None
    return layout, sheet_rows


def _split_ref(ref: str) -> tuple[int, int]:
    letters = "".join(c for c in ref if c.isalpha())
    digits = ref[len(letters):]
    col = 0
    for c in letters.upper():
        col = col * 26 + (ord(c) - 64)
    return int(digits) - 1, col - 1


def _cell(rows: list[list[Any]], ref: str) -> Any:
    row, col = _split_ref(ref)
    if row < len(rows) and col < len(rows[row]):
        return rows[row][col]
    return None


def _raw_text(value: Any, kept_raw: str | None, key: CellKey, layout: MetaLayout, problems: list[str]) -> str:
    """The cell as a clerk would type it; a raw kept in _meta wins when it still means the same number."""
    if isinstance(value, float) and kept_raw is None and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        if kept_raw is not None:
            parsed = parse_value(kept_raw, "percent")
            if parsed.kind == "number" and canonical_number(parsed.value) == canonical_number(value):  # type: ignore[arg-type]
                return kept_raw
        return natural_text(value)
    ref = layout.address(key)
    if isinstance(value, datetime | date):
        text = value.strftime("%d/%m/%Y")
        problems.append(f"Ô {ref}: Excel đã đổi giá trị thành ngày tháng ({text}); hãy kiểm tra và nhập lại.")
        return text
    if isinstance(value, time | timedelta):
        problems.append(f"Ô {ref}: Excel đã đổi giá trị thành giờ ({value}); hãy kiểm tra và nhập lại.")
        return str(value)
    text = str(value)
    if text.startswith("#") and text.endswith(("!", "?", "A")) and len(text) <= 8:
        problems.append(f"Ô {ref} chứa lỗi của Excel «{text}».")
    return text


def _comments(layout: MetaLayout, rows: list[list[Any]]) -> dict[CellKey, str]:
    if not layout.note_letter:
        return {}
    out: dict[CellKey, str] = {}
    for ind, row in layout.rows.items():
        value = _cell(rows, f"{layout.note_letter}{row}")
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        inputs = layout.inputs.get(ind, ())
        stored = {col: layout.comments[(ind, col)] for col in inputs if (ind, col) in layout.comments}
        if stored and row_note(inputs, layout.column_titles, stored) == text:
            out.update({(ind, col): note for col, note in stored.items()})
            continue
        column = inputs[0] if inputs else next(iter(layout.columns), "")
        out[(ind, column)] = text
    return out
