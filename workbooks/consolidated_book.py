"""The consolidated workbook: the parent's own submission upward (same paper and ``_meta``, kind
"consolidated"), plus "Chi tiết" (one column per child, Excel formulas beside the stored totals)
and "Thiếu số liệu" (missing units, broken rules with their largest contributors, differences)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.model import Form
from forms.numbers import NUMERIC_TYPES, format_number, parse_value
from forms.units import LEVEL_NAMES_VI, UnitTree
from workbooks.consolidation import Consolidation, CrossLevelReport, check_against_children
from workbooks.paper import FONT, SEVERITY_VI, CellMark, number_format
from workbooks.saving import atomic_target

DETAIL_SHEET = "Chi tiết"
GAPS_SHEET = "Thiếu số liệu"
AGGREGATE_VI = {
    "sum": "Cộng",
    "ratio": "Tính lại từ tử số/mẫu số",
    "min": "Nhỏ nhất",
    "max": "Lớn nhất",
    "mean": "Bình quân",
    "count_true": "Đếm số đơn vị «Có»",
    "none": "Không tổng hợp",
}
# "Chi tiết" columns (Excel characters): STT, Chỉ tiêu, Cột, Đơn vị tính repeat on every printed page.
DETAIL_KEY_WIDTHS = (6, 36, 11, 11)
DETAIL_CHILD_WIDTH = 15
DETAIL_TOTAL_WIDTHS = (17, 17, 20)
DETAIL_PAGE_WIDTH = 150  # what one landscape A4 page holds at DETAIL_SCALE
DETAIL_SCALE = 85
HEADER_FILL = "D9E1F2"
FORMULA_FILL = "E2EFDA"
MISSING_FILL = "FFC7CE"


def marks_of(report: CrossLevelReport, units: UnitTree | None) -> list[CellMark]:
    """One mark per cell of each broken rule, naming the children that contribute most."""
    marks: list[CellMark] = []
    for number, item in enumerate(report.violations):
        message = item.message + _top_text(item.top, units)
        for indicator, column in item.violation.cells:
            marks.append(CellMark(indicator, column, item.violation.severity, message, number))
    return marks


def _top_text(top: tuple[tuple[str, str, Decimal], ...], units: UnitTree | None) -> str:
    if not top:
        return ""
    listed = ", ".join(f"{_unit_name(units, unit)} {format_number(value)}" for _, unit, value in top)
    return f" (đóng góp nhiều nhất: {listed})"


def _unit_name(units: UnitTree | None, code: str) -> str:
    unit = units.get(code) if units is not None else None
    return unit.name if unit is not None else code


def write_consolidated(
    consolidation: Consolidation,
    path: Path,
    *,
    units: UnitTree,
    app_version: str,
    report: CrossLevelReport | None = None,
    agency: str | None = None,
    place: str | None = None,
    exported_at: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the consolidated workbook of ``consolidation`` to ``path`` (atomically).

    The first sheet and ``_meta`` come from ``write_submission`` with the parent as the unit, so
    importing this file one level up stores the consolidated figures as the parent's own.
    """
    from workbooks.heading import sheet_context
    from workbooks.submission import write_submission
    from workbooks.submission_export import check_sheet

    path = Path(path)
    form = consolidation.form
    report = report if report is not None else check_against_children(consolidation, units)
    ctx = sheet_context(form, consolidation.parent, consolidation.period, units, app_version=app_version,
                        agency=agency, place=place)
    from forms.values import InMemoryValues

    source = InMemoryValues()
    source.update(form.id, consolidation.parent, consolidation.period, dict(consolidation.raws))
    checked = check_sheet(form, units, consolidation.parent, consolidation.period, source)
    comments = {key: f"Có: {yes}/{answered} đơn vị" for key, (yes, answered) in consolidation.true_counts.items()
                if answered}
    with atomic_target(path) as tmp:
        paper = tmp.with_name(tmp.stem + ".paper.xlsx")
        try:
            write_submission(ctx, dict(consolidation.raws), paper, marks=marks_of(report, units), comments=comments,
                             computed=checked.computed, targets=checked.targets, kind="consolidated", exported_at=exported_at,
                             progress=progress, cancelled=cancelled)
            _add_sheets(paper, tmp, consolidation, report, units)
        finally:
            paper.unlink(missing_ok=True)
    return path


def _add_sheets(paper: Path, target: Path, consolidation: Consolidation, report: CrossLevelReport,
                units: UnitTree) -> None:
    import openpyxl

    book = openpyxl.load_workbook(paper, rich_text=True)
    at = book.sheetnames.index("_meta") if "_meta" in book.sheetnames else len(book.sheetnames)
    _write_detail(book.create_sheet(DETAIL_SHEET, at), consolidation, units)
    _write_gaps(book.create_sheet(GAPS_SHEET, at + 1), consolidation, report, units)
    book.calculation.fullCalcOnLoad = True  # openpyxl keeps no cached results for the new formulas
    book.save(target)


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT, size=12)
        self.bold = Font(name=FONT, size=12, bold=True)
        self.title = Font(name=FONT, size=14, bold=True)
        self.italic = Font(name=FONT, size=12, italic=True)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.formula_fill = PatternFill("solid", fgColor=FORMULA_FILL)
        self.missing_fill = PatternFill("solid", fgColor=MISSING_FILL)

    def cell(self, sheet: Any, row: int, col: int, value: Any, *, bold: bool = False, align: Any = None,
             fill: Any = None, fmt: str | None = None, border: bool = True) -> Any:
        cell = sheet.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a child's text beginning with "=" must never become a formula
        cell.font = self.bold if bold else self.font
        cell.alignment = align or self.wrap
        if border:
            cell.border = self.border
        if fill is not None:
            cell.fill = fill
        if fmt:
            cell.number_format = fmt
        return cell

    def formula(self, sheet: Any, row: int, col: int, text: str, fmt: str) -> None:
        cell = sheet.cell(row=row, column=col)
        cell.value = text
        cell.font = self.font
        cell.alignment = self.right
        cell.border = self.border
        cell.fill = self.formula_fill
        cell.number_format = fmt


def _heading(sheet: Any, styles: _Styles, last_col: int, title: str, consolidation: Consolidation,
             units: UnitTree) -> None:
    form = consolidation.form
    lines = (
        (title, styles.title),
        (f"Biểu {form.id} — {form.title}", styles.font),
        (f"{_unit_name(units, consolidation.parent)} — {consolidation.period_name}", styles.italic),
    )
    for row, (text, font) in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(last_col, 2))
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = styles.centre


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _figure(form: Form, indicator: str, column: str, raw: str) -> tuple[Any, str | None]:
    """A child's text as the cell content: a number with its format when it reads as one."""
    ind = form.indicator_map[indicator]
    cell_type, choices = form.cell_type(ind, column)
    parsed = parse_value(raw, cell_type, choices, ind.unit)
    if cell_type in NUMERIC_TYPES and parsed.kind == "number":
        places = ind.decimals if ind.decimals is not None else (parsed.decimals or 0)
        value = parsed.value
        number = int(value) if value == value.to_integral_value() else float(value)  # type: ignore[union-attr]
        return number, number_format(places)
    if parsed.kind == "boolean":
        return ("Có" if parsed.value else "Không"), None
    return raw, None


def _write_detail(sheet: Any, consolidation: Consolidation, units: UnitTree) -> None:
    """One row per cell of the form, one column per child; the formula column lets a reader check
    the stored total in Excel (a ratio row recomputes the share from the rows above, not a SUM)."""
    from workbooks.paper import row_height, wrapped_lines

    styles = _Styles()
    form = consolidation.form
    children = list(consolidation.children)
    first_child = 5
    formula_col = first_child + len(children)
    stored_col, how_col = formula_col + 1, formula_col + 2
    # the heading spans the first printed page only, so it is not cut in half by a page break
    first_page = detail_groups(len(children))[0][1] + 1
    _heading(sheet, styles, first_page, "CHI TIẾT TỔNG HỢP TỪ CÁC ĐƠN VỊ CẤP DƯỚI", consolidation, units)
    header_row = 5
    titles = ["STT", "Chỉ tiêu", "Cột", "Đơn vị tính"]
    for code in children:
        name = f"{_unit_name(units, code)}\n({code})"
        if code in consolidation.missing:
            name += "\nthiếu số liệu"
        elif code in consolidation.stands_for:
            name += "\ntheo số của " + ", ".join(consolidation.stands_for[code])
        titles.append(name)
    titles += ["Tổng hợp (công thức Excel)", "Số tổng hợp đã lưu", "Cách tổng hợp"]
    for col, text in enumerate(titles, start=1):
        fill = styles.missing_fill if first_child <= col < formula_col and children[col - first_child] in \
            consolidation.missing else styles.header_fill
        styles.cell(sheet, header_row, col, text, bold=True, align=styles.centre, fill=fill)
    widths = [DETAIL_KEY_WIDTHS[0], DETAIL_KEY_WIDTHS[1], DETAIL_KEY_WIDTHS[2], DETAIL_KEY_WIDTHS[3]]
    widths += [DETAIL_CHILD_WIDTH] * len(children) + list(DETAIL_TOTAL_WIDTHS)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(col)].width = width
    sheet.row_dimensions[header_row].height = 64

    # Sections I, II, III as on the paper: STT restarts in each, so without them "1" means nothing.
    rows: dict[tuple[str, str], int] = {}
    section_rows: dict[int, tuple[str, str]] = {}
    section_numbers = {title: roman for roman, title in form.sections}
    row = header_row + 1
    current: str | None = None
    for ind in form.indicators:
        if ind.section and ind.section != current:
            current = ind.section
            section_rows[row] = (section_numbers.get(ind.section, ""), ind.section)
            row += 1
        elif not ind.section:
            current = None
        for column in form.columns_of(ind):
            rows[(ind.id, column)] = row
            row += 1
    for r, (roman, title) in section_rows.items():
        styles.cell(sheet, r, 1, roman, bold=True, align=styles.centre)
        styles.cell(sheet, r, 2, title, bold=True)
        for col in range(3, how_col + 1):
            styles.cell(sheet, r, col, None)
    numbers = form.row_numbers
    last_child = _letter(formula_col - 1)
    for ind in form.indicators:
        for column in form.columns_of(ind):
            key = (ind.id, column)
            r = rows[key]
            styles.cell(sheet, r, 1, numbers.get(ind.id, ""), align=styles.centre)
            styles.cell(sheet, r, 2, ind.title)
            sheet.row_dimensions[r].height = row_height(wrapped_lines(ind.title, widths[1]))
            styles.cell(sheet, r, 3, form.column_map[column].title, align=styles.centre)
            styles.cell(sheet, r, 4, ind.unit or ("%" if ind.type == "percent" else ""), align=styles.centre)
            for i, code in enumerate(children):
                raw = consolidation.child_values.get(code, {}).get(key)
                value, fmt = _figure(form, ind.id, column, raw) if raw else (None, None)
                styles.cell(sheet, r, first_child + i, value, fmt=fmt,
                            align=styles.right if fmt else styles.wrap)
            places = consolidation.decimals.get(key, ind.decimals or 0)
            fmt = number_format(places)
            span = f"{_letter(first_child)}{r}:{last_child}{r}"
            text = _formula(ind.aggregate, span, places, rows, ind, column, formula_col) if children and not \
                ind.computed else None
            if text:
                styles.formula(sheet, r, formula_col, text, fmt)
            else:
                styles.cell(sheet, r, formula_col, None)
            value = consolidation.values.get(key)
            stored = None if value is None else (int(value) if value == value.to_integral_value() else float(value))
            styles.cell(sheet, r, stored_col, stored, fmt=fmt, align=styles.right)
            how = "Tự tính" if ind.computed else AGGREGATE_VI.get(ind.aggregate, ind.aggregate)
            styles.cell(sheet, r, how_col, how, align=styles.centre)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=first_child)
    _print_in_groups(sheet, header_row, widths, first_child, row - 1)


def detail_groups(children: int, key_width: float = sum(DETAIL_KEY_WIDTHS)) -> list[tuple[int, int]]:
    """0-based (first, last) column ranges printed on one page each, after the repeated key columns
    (STT, Chỉ tiêu, Cột, Đơn vị tính): as many units as fit at a readable size, the totals on the last."""
    room = DETAIL_PAGE_WIDTH - key_width
    per_page = max(1, int(room // DETAIL_CHILD_WIDTH))
    first = len(DETAIL_KEY_WIDTHS)
    groups = [(first + start, first + min(start + per_page, children) - 1) for start in range(0, children, per_page)]
    totals = (first + children, first + children + len(DETAIL_TOTAL_WIDTHS) - 1)
    if groups and (groups[-1][1] - groups[-1][0] + 1) * DETAIL_CHILD_WIDTH + sum(DETAIL_TOTAL_WIDTHS) <= room:
        groups[-1] = (groups[-1][0], totals[1])
    else:
        groups.append(totals)
    return groups


def _print_in_groups(sheet: Any, header_row: int, widths: list[float], first_child: int, last_row: int) -> None:
    """Landscape A4 at a fixed, readable scale: STT, Chỉ tiêu, Cột and Đơn vị tính repeat on every page
    and a page break falls after each group of units, instead of shrinking 11 units onto one page."""
    from openpyxl.worksheet.pagebreak import Break, ColBreak

    groups = detail_groups(len(widths) - len(DETAIL_KEY_WIDTHS) - len(DETAIL_TOTAL_WIDTHS))
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_title_cols = f"A:{_letter(len(DETAIL_KEY_WIDTHS))}"
    sheet.col_breaks = ColBreak()
    for _first, last in groups[:-1]:
        sheet.col_breaks.append(Break(id=last + 1))  # openpyxl: the break falls after 1-based column ``id``
    sheet.print_area = f"A1:{_letter(len(widths))}{last_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.scale = DETAIL_SCALE
    sheet.page_setup.fitToWidth = 0
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = False  # Excel ignores page breaks when fitting to pages
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _formula(aggregate: str, span: str, places: int, rows: dict[tuple[str, str], int], ind: Any, column: str,
             formula_col: int) -> str | None:
    if aggregate == "sum":
        return f"=SUM({span})"
    if aggregate == "min":
        return f'=IF(COUNT({span})=0,"",MIN({span}))'
    if aggregate == "max":
        return f'=IF(COUNT({span})=0,"",MAX({span}))'
    if aggregate == "mean":
        return f'=IF(COUNT({span})=0,"",ROUND(AVERAGE({span}),{places}))'
    if aggregate == "count_true":
        return f'=COUNTIF({span},"Có")'
    if aggregate == "ratio":
        num, den = rows.get((ind.numerator, column)), rows.get((ind.denominator, column))
        if num is None or den is None:
            return None
        letter = _letter(formula_col)
        scale = "*100" if ind.type == "percent" else ""
        return (f'=IF(OR({letter}{den}="",N({letter}{den})=0),"",'
                f"ROUND({letter}{num}/{letter}{den}{scale},{places}))")
    return None


GAP_WIDTHS = (6, 40, 14, 18, 46, 40)


def _write_gaps(sheet: Any, consolidation: Consolidation, report: CrossLevelReport, units: UnitTree) -> None:
    """Missing units, broken rules with their largest contributors, the parent's differing figures,
    children's texts that could not be read as numbers, and units whose figures came from others."""
    from workbooks.paper import row_height, wrapped_lines

    styles = _Styles()
    form = consolidation.form
    width = len(GAP_WIDTHS)
    _heading(sheet, styles, width, "SỐ LIỆU CÒN THIẾU VÀ VI PHẠM KHI TỔNG HỢP", consolidation, units)
    for col, w in enumerate(GAP_WIDTHS, start=1):
        sheet.column_dimensions[_letter(col)].width = w
    row = 5

    def line(text: str, font: Any) -> None:
        nonlocal row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        row += 1

    def table(title: str, headers: tuple[str, ...], rows: list[tuple[Any, ...]], none: str) -> None:
        nonlocal row
        line(title, styles.bold)
        for col, text in enumerate(headers, start=1):
            styles.cell(sheet, row, col, text, bold=True, align=styles.centre, fill=styles.header_fill)
        row += 1
        for i, values in enumerate(rows, start=1):
            lines = 1
            for col, value in enumerate((i, *values), start=1):
                wide = col in (2, 5, 6)
                styles.cell(sheet, row, col, value, align=styles.wrap if wide else styles.centre)
                lines = max(lines, wrapped_lines(str(value or ""), GAP_WIDTHS[col - 1]))
            sheet.row_dimensions[row].height = row_height(lines)
            row += 1
        if not rows:
            line(none, styles.italic)
        row += 1

    def title_of(indicator: str) -> str:
        ind = form.indicator_map.get(indicator)
        return f"{form.row_numbers.get(indicator, '')}. {ind.title}" if ind else indicator

    def column_of(column: str | None) -> str:
        return form.column_map[column].title if column in form.column_map else (column or "")

    def level_of(code: str) -> str:
        unit = units.get(code)
        return LEVEL_NAMES_VI.get(unit.level, unit.level) if unit is not None else ""

    missing = [(code, consolidation.parent) for code in consolidation.missing]
    for parent, codes in consolidation.missing_below.items():
        missing += [(code, parent) for code in codes]
    table(f"I. Đơn vị chưa có số liệu ({len(missing)} đơn vị; không được cộng, không tính là 0)",
          ("STT", "Đơn vị", "Mã", "Cấp", "Thuộc", "Ghi chú"),
          [(_unit_name(units, code), code, level_of(code), _unit_name(units, parent),
            "" if parent == consolidation.parent else "đơn vị cấp dưới của đơn vị trực thuộc")
           for code, parent in missing],
          "Tất cả đơn vị trực thuộc đã có số liệu.")

    broken = []
    for item in report.violations:
        v = item.violation
        top = "; ".join(f"{title_of(ind)}: {_unit_name(units, unit)} {format_number(value)}"
                        for ind, unit, value in item.top)
        broken.append((title_of(v.cells[0][0] if v.cells else ""), column_of(v.column),
                       SEVERITY_VI.get(v.severity, v.severity), item.message, top))
    table("II. Vi phạm quy tắc kiểm tra trên số tổng hợp",
          ("STT", "Chỉ tiêu", "Cột", "Mức độ", "Nội dung", "Đơn vị đóng góp nhiều nhất"),
          broken, "Số tổng hợp không vi phạm quy tắc kiểm tra nào.")

    table("III. Số của chính đơn vị khác số tổng hợp từ đơn vị cấp dưới",
          ("STT", "Chỉ tiêu", "Cột", "Số của đơn vị", "Số tổng hợp", "Chênh lệch"),
          [(title_of(d.indicator) + (f" — số toàn địa bàn của {_unit_name(units, d.unit)}" if d.unit else ""),
            column_of(d.column), d.own_raw, format_number(d.consolidated),
            format_number(d.own - d.consolidated)) for d in report.differences],
          "Không có số nào của đơn vị khác số tổng hợp (hoặc đơn vị chưa tự nhập số).")

    unreadable = []
    for item in consolidation.unreadable:
        ind = form.indicator_map[item.indicator]
        cell_type, choices = form.cell_type(ind, item.column)
        unreadable.append((title_of(item.indicator), column_of(item.column), _unit_name(units, item.unit),
                           item.raw, parse_value(item.raw, cell_type, choices, ind.unit).problem or ""))
    table("IV. Giá trị của đơn vị cấp dưới không đọc được thành số (không được cộng)",
          ("STT", "Chỉ tiêu", "Cột", "Đơn vị", "Giá trị đã nhập", "Lý do"),
          unreadable, "Không có.")

    if consolidation.stands_for:
        merged = {u.code for code in consolidation.stands_for for u in units.predecessors(code)}
        table("V. Đơn vị lấy số từ đơn vị khác",
              ("STT", "Đơn vị", "Mã", "Cấp", "Lấy theo số của", "Lý do"),
              [(_unit_name(units, code), code, level_of(code),
                ", ".join(f"{_unit_name(units, s)} ({s})" for s in sources),
                "số nhập theo mã đơn vị cũ trước khi sáp nhập" if set(sources) <= merged
                else "đơn vị chưa có số của mình, tổng hợp từ các đơn vị trực thuộc")
               for code, sources in consolidation.stands_for.items()],
              "")
    sheet.print_title_rows = "1:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
