"""Reading a bieumau workbook back: the hardened path from an untrusted .xlsx to raw texts per cell.

The package is checked first (``workbooks.package``), then python-calamine reads the values. Every
refusal is a ``WorkbookError`` naming the file and the reason, and nothing is returned.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.collector import collector_paused
from forms.limits import MAX_WORKBOOK_BYTES, LimitError, check_text, check_typed, number_problem
from forms.messages import Msg, say
from forms.numbers import parse_value
from forms.values import CellKey
from workbooks.errors import WorkbookError
from workbooks.meta import (
    FORMAT_VERSION,
    KINDS,
    META_SHEET,
    MetaLayout,
    canonical_number,
    parse_records,
    row_note,
    sealed_checksum,
    values_checksum,
)
from workbooks.package import Package, open_package, refuse
from workbooks.paper import natural_text

_log = logging.getLogger(__name__)

RowCells = tuple[int, list[CellKey], list[int]]  # 0-based sheet row, its input cells, their 0-based columns
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


def read_workbook(path: Path, *, max_bytes: int = MAX_WORKBOOK_BYTES) -> WorkbookContent:
    """Read a submission, filled template or consolidated workbook; refuse anything doubtful."""
    path = Path(path)
    with collector_paused():
        package = open_package(path, max_bytes)
        try:
            return _read(path, package)
        except WorkbookError:
            raise
        except (ValueError, LookupError, TypeError, ArithmeticError, RecursionError) as exc:
            # a crafted file that reaches a case the checks above do not name: refused as damaged, so that a
            # batch goes on with the next file; the log keeps the details for a fix
            _log.warning("workbook %s refused after an unexpected %s", path.name, type(exc).__name__, exc_info=True)
            raise refuse(path, Msg("workbook.reason.damaged_or_edited", error=type(exc).__name__),
                         "damaged") from None


def _read(path: Path, package: Package) -> WorkbookContent:
    if META_SHEET not in package.sheets:
        raise refuse(path, Msg("workbook.reason.not_bieumau"), "not_bieumau")
    if package.formulas(META_SHEET):
        raise refuse(path, Msg("workbook.reason.meta_formula"), "tampered")
    layout, sheet_rows = _read_sheets(path, package)
    meta = layout.meta
    missing = [k for k in ("form_id", "form_version", "unit_code", "period_code", "kind", "sheet") if not meta.get(k)]
    if missing or not meta.get("form_version", "").isdigit() or meta.get("kind") not in KINDS:
        raise refuse(path, Msg("workbook.reason.meta_missing"), "tampered")
    sheet = meta["sheet"]
    if sheet_rows is None:
        raise refuse(path, Msg("workbook.reason.no_data_sheet", sheet=sheet, form=meta["form_id"]), "tampered")

    version = meta.get("format_version") or "1"
    if version not in ("1", FORMAT_VERSION):
        raise refuse(path, Msg("workbook.reason.newer_format", version=version[:10]), "format")
    positions = _positions(layout)
    _refuse_formulas(path, package, sheet, positions, layout)
    _refuse_errors(path, package, sheet, positions, layout)
    cells = _cells_at(sheet_rows, positions)
    _refuse_beyond_limits(path, cells, layout)
    if version != "1":
        _check_seal(path, meta, cells, layout, sheet_rows)
    elif meta["kind"] != "template":
        expected = meta.get("values_checksum", "")
        if not expected or values_checksum(cells, layout.raws) != expected:
            raise refuse(path, Msg("workbook.reason.values_checksum"), "tampered")
    problems: list[str] = []
    values = _texts(cells, layout, problems)
    percent_refs = package.percent_cells(sheet)
    by_position = {(r, c): key for r, keys, cols in positions for key, c in zip(keys, cols)} if percent_refs else {}
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
        raise refuse(path, Msg("workbook.reason.damaged", error=type(exc).__name__), "damaged") from None
    return layout, sheet_rows


def _positions(layout: MetaLayout) -> list[RowCells]:
    """The input cells ``_meta`` names, row by row in sheet order."""
    column_index = {col: _split_ref(f"{letter}1")[1] for col, letter in layout.columns.items() if letter}
    positions: list[RowCells] = []
    for indicator, columns in layout.inputs.items():
        row = layout.rows.get(indicator)
        if row is None:
            continue
        used = [col for col in columns if col in column_index]
        if used:
            positions.append((row - 1, [(indicator, col) for col in used], [column_index[col] for col in used]))
    return positions


def _refuse_formulas(path: Path, package: Package, sheet: str, positions: list[RowCells],
                     layout: MetaLayout) -> None:
    """Refuse a formula in any cell that is read (values and Ghi chú); a template's SUM helpers are not read."""
    _refuse_where_read(path, package.formulas(sheet), positions, layout, "workbook.cell_formula",
                       "workbook.reason.formulas", "formula")


class _Listed(Msg):
    """The first cells of a refusal, each by ``key``, and how many more, in the reader's language."""

    __slots__ = ()

    def text(self, lang: str = "vi") -> str:
        bad = self.params["bad"]
        listed = "; ".join(say(self.key, lang, ref=ref, text=text) for ref, text in bad[:MAX_LISTED_FORMULAS])
        rest = len(bad) - MAX_LISTED_FORMULAS
        return listed + (say("workbook.more_cells", lang, count=rest) if rest > 0 else "")


def _read_at(positions: list[RowCells], layout: MetaLayout) -> set[tuple[int, int]]:
    """(row, column) of every cell that is read: the values and the Ghi chú column."""
    read_at = {(r, c) for r, _keys, cols in positions for c in cols}
    if layout.note_letter:
        note_col = _split_ref(f"{layout.note_letter}1")[1]
        read_at.update((row - 1, note_col) for row in layout.rows.values())
    return read_at


def _refuse_errors(path: Path, package: Package, sheet: str, positions: list[RowCells],
                   layout: MetaLayout) -> None:
    """An Excel error (#DIV/0!, #N/A …) where a value is read is refused, each cell named."""
    _refuse_where_read(path, package.error_cells(sheet), positions, layout, "workbook.cell_excel_error",
                       "workbook.reason.excel_errors", "excel_error")


def _refuse_where_read(path: Path, found: dict[str, str], positions: list[RowCells], layout: MetaLayout,
                       cell_key: str, reason_key: str, code: str) -> None:
    """Refuse ``found`` (cell reference → its text) where a cell is read, the first few named in sheet order:
    each by ``cell_key``, the whole by ``reason_key`` (catalogue keys)."""
    if not found:
        return
    read_at = _read_at(positions, layout)
    bad = sorted(((ref, text) for ref, text in found.items() if _split_ref(ref) in read_at),
                 key=lambda item: _split_ref(item[0]))
    if bad:
        raise refuse(path, Msg(reason_key, cells=_Listed(cell_key, bad=bad)), code)


def _refuse_beyond_limits(path: Path, cells: dict[CellKey, Any], layout: MetaLayout) -> None:
    """A figure or text past forms/limits.py is refused here, before anything reads it as a value."""
    for key, value in cells.items():
        if type(value) is float or (isinstance(value, int) and not isinstance(value, bool)):
            problem = number_problem(float(value))
            if problem is not None:
                raise refuse(path, f"ô {layout.address(key)} chứa số «{value!r:.40}» {problem}.", "limit")
        elif isinstance(value, str):
            try:
                check_typed(value, f"ô {layout.address(key)}")
            except LimitError as exc:
                raise refuse(path, exc.as_msg(), "limit") from None
    for what, texts in (("ghi chú", layout.comments), ("giải trình", layout.justifications)):
        for key, text in texts.items():
            try:
                check_text(text, f"{what} của ô {key[0]}/{key[1]}")
            except LimitError as exc:
                raise refuse(path, exc.as_msg(), "limit") from None


def _check_seal(path: Path, meta: dict[str, str], cells: dict[CellKey, Any], layout: MetaLayout,
                rows: list[list[Any]]) -> None:
    """Format 2: the identity, values, notes and justifications must be those written at export."""
    template = meta["kind"] == "template"
    expected = sealed_checksum(meta, {} if template else cells, {} if template else layout.raws,
                               {} if template else layout.comments, {} if template else layout.justifications)
    if meta.get("values_checksum", "") != expected:
        raise refuse(path, Msg("workbook.reason.sealed_checksum"), "tampered")
    if template or not layout.note_letter:
        return
    note_col = _split_ref(f"{layout.note_letter}1")[1]
    for ind, row in layout.rows.items():
        value = _at(rows, row - 1, note_col)
        visible = "" if value is None else str(value).strip()
        inputs = layout.inputs.get(ind, ())
        sealed = {col: layout.comments[(ind, col)] for col in inputs if (ind, col) in layout.comments}
        if visible != row_note(inputs, layout.column_titles, sealed).strip():
            raise refuse(path, Msg("workbook.reason.note_edited", row=row), "tampered")


def _cells_at(rows: list[list[Any]], positions: list[RowCells]) -> dict[CellKey, Any]:
    """The non-blank cells at ``positions``, one row list looked up per sheet row."""
    cells: dict[CellKey, Any] = {}
    height = len(rows)
    for r, keys, cols in positions:
        if r >= height:
            continue
        line = rows[r]
        width = len(line)
        for key, c in zip(keys, cols):
            if c < width:
                value = line[c]
                if value is not None and value != "":
                    cells[key] = value
    return cells


def _texts(cells: dict[CellKey, Any], layout: MetaLayout, problems: list[str]) -> dict[CellKey, str]:
    """Each cell as the clerk typed it; figures (nearly every cell) go straight to ``_number_text``."""
    raws = layout.raws
    texts: dict[CellKey, str] = {}
    for key, value in cells.items():
        if type(value) is float:
            texts[key] = _number_text(value, raws.get(key))
        else:
            texts[key] = _raw_text(value, raws.get(key), key, layout, problems)
    return texts


def _split_ref(ref: str) -> tuple[int, int]:
    letters = "".join(c for c in ref if c.isalpha())
    digits = ref[len(letters):]
    col = 0
    for c in letters.upper():
        col = col * 26 + (ord(c) - 64)
    return int(digits) - 1, col - 1


def _cell(rows: list[list[Any]], ref: str) -> Any:
    return _at(rows, *_split_ref(ref))


def _at(rows: list[list[Any]], row: int, col: int) -> Any:
    if row < len(rows) and col < len(rows[row]):
        return rows[row][col]
    return None


def _raw_text(value: Any, kept_raw: str | None, key: CellKey, layout: MetaLayout, problems: list[str]) -> str:
    """The cell as a clerk would type it; a raw kept in _meta wins when it still means the same number."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return _number_text(value, kept_raw)
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


def _number_text(value: float | int, kept_raw: str | None) -> str:
    """A figure as a clerk would type it, or the raw kept in _meta when it still means this number.

    The common shapes are answered without ``Decimal``: whole numbers and raws with thousands dots;
    any other raw is read again by ``parse_value``.
    """
    whole = type(value) is float and value.is_integer() and abs(value) < 1e15
    if kept_raw is None:
        return str(int(value)) if whole else natural_text(value)
    if whole and kept_raw == f"{int(value):,}".replace(",", "."):
        return kept_raw  # "1.242" for 1242: parse_value reads thousands dots as this very number
    parsed = parse_value(kept_raw, "percent")
    if parsed.kind == "number" and canonical_number(parsed.value) == canonical_number(value):  # type: ignore[arg-type]
        return kept_raw
    return natural_text(value)


def _comments(layout: MetaLayout, rows: list[list[Any]]) -> dict[CellKey, str]:
    if not layout.note_letter:
        return {}
    out: dict[CellKey, str] = {}
    letter = layout.note_letter
    # a plain column letter names the same column on every row: work it out once
    note_col = _split_ref(f"{letter}1")[1] if letter.isascii() and letter.isalpha() else None
    for ind, row in layout.rows.items():
        value = _cell(rows, f"{letter}{row}") if note_col is None else _at(rows, row - 1, note_col)
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
