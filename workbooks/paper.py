"""The official paper as an Excel sheet: heading, national motto, title, period, the indicator table,
"Nơi nhận" and the signature block — shared by submissions and fill-in templates.

Figures are real numbers with number formats, never preformatted strings: Excel shows "1,242" on an
English system and "1.242" on a Vietnamese one. Texts are always written as strings so that a value
beginning with "=" can never become a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.collector import collector_paused
from forms.messages import say
from forms.model import Form, Indicator
from forms.numbers import NUMERIC_TYPES, parse_value, written_decimals
from forms.periods import Period
from forms.values import CellKey
from validators.messages import SEVERITY_NAMES
from workbooks.errors import WorkbookError
from workbooks.meta import FORMAT_VERSION, META_SHEET, MetaLayout, canonical_number, row_note, sealed_checksum
from workbooks.saving import atomic_target, check_cancelled, locked_message

FONT = "Times New Roman"
HEAD_SIZE = 13
TABLE_SIZE = 12
ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
COMPUTED_FILL = "#D9D9D9"
INPUT_FILL = "#EEF5FF"
SEVERITY_VI = SEVERITY_NAMES["vi"]  # the names the messages use, on paper too
TARGET_MET = "Đạt"
NOT_APPLICABLE = "x"  # Vietnamese statistical forms mark cells a row does not use with "x"

# Column widths in Excel character units; the table must fit an A4 page width once scaled.
WIDTH_STT = 6
WIDTH_TITLE = 46
WIDTH_UNIT = 12
WIDTH_VALUE = 14
WIDTH_TEXT = 20  # columns of answers in words (lead agency, product, document reference)
WIDTH_CHOICE = 16
WIDTH_HELPER = 18
WIDTH_NOTE = 22
WIDTH_TARGET = 14
WIDTH_JUDGE = 15
SPLIT = 2  # the left block (agency, Nơi nhận) is A:B; the right block (motto, signatures) C to Ghi chú
TARGET_TITLE = "Mục tiêu"
JUDGE_TITLE = "Đánh giá"
SIGNATURE_LINES = (("NGƯỜI LẬP BIỂU", True), ("(Ký, ghi rõ họ tên)", False),
                   ("THỦ TRƯỞNG ĐƠN VỊ", True), ("(Ký, ghi rõ họ tên, đóng dấu)", False))

HEADER_ROW = 7  # 0-based: the table header; the row after it numbers the columns
FIRST_DATA_ROW = HEADER_ROW + 2

PROGRESS_EVERY = 200


@dataclass(frozen=True)
class CellMark:
    """A rendered violation for one cell: the sheet colours the cell and attaches the message."""

    indicator: str
    column: str
    severity: str
    message: str
    violation: int = -1  # which violation the mark renders: "Kiểm tra" lists each violation once


@dataclass(frozen=True)
class SheetContext:
    """Who reports what, for which period: everything printed around the table."""

    form: Form
    unit_code: str
    unit_name: str
    agency: str
    place: str
    period: Period
    app_version: str
    code_list_version: str | None = None


@dataclass
class BookContent:
    kind: str  # "submission" | "template" | "consolidated"
    values: Mapping[CellKey, str] = field(default_factory=dict)
    marks: Sequence[CellMark] = ()
    comments: Mapping[CellKey, str] = field(default_factory=dict)
    justifications: Mapping[CellKey, str] = field(default_factory=dict)
    computed: Mapping[CellKey, Decimal] = field(default_factory=dict)
    targets: Mapping[str, str] = field(default_factory=dict)  # indicator → Đạt / Không đạt / Chưa có số liệu

    @property
    def is_template(self) -> bool:
        return self.kind == "template"


def natural_text(number: float | int | Decimal) -> str:
    """A number as a clerk would type it, read back the same by ``parse_value``: 1242 → "1242",
    97.45 → "97,45" (no thousands dots: "1.242" is kept only as a raw text in ``_meta``)."""
    if type(number) is float:
        text = canonical_number(number)
        if "e" not in text and text[-1].isdigit():  # plain notation: the Decimal round trip changes nothing
            return "0" if text == "-0" else text.replace(".", ",")
    value = Decimal(canonical_number(number))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def _plain_digits(raw: object) -> float | None:
    """Plain digits ("1242", "02") as the number ``parse_value`` reads in any numeric cell (whole, no
    decimals), without building a ``Decimal``; None for every other text."""
    if type(raw) is str and raw.isascii() and raw.isdigit() and len(raw) <= 15:
        return float(int(raw))
    return None


def date_line(place: str, when: datetime) -> str:
    # Official style writes days below 10 and the months January and February with a leading zero.
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return f"{place}, ngày {when.day:02d} tháng {month} năm {when.year}"


def sheet_name(form: Form) -> str:
    name = "".join("-" if c in "[]:*?/\\'" else c for c in form.id).strip() or "Biểu"
    return name[:31]


def number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def wrapped_lines(text: str, width: float, size: float = TABLE_SIZE, bold: bool = False) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide.

    Neither Excel nor LibreOffice grows a row for wrapped text once its height is set, so the
    height is estimated here by wrapping word by word, capitals counted wider (Times New Roman).
    """
    capacity = max(1.0, (width - 1.5) * 1.2 * (TABLE_SIZE / size) * (0.9 if bold else 1.0))
    lines = 0
    for paragraph in (text or "").split("\n"):
        # a paragraph that fits on one line needs no word-by-word walk (most titles and notes);
        # the margin keeps this exact whatever the walk's float sums round to
        if len(" ".join(paragraph.split())) + 0.35 * sum(map(str.isupper, paragraph)) < capacity - 1e-6:
            lines += 1
            continue
        count, used = 1, 0.0
        for word in paragraph.split():
            length = len(word) + 0.35 * sum(1 for c in word if c.isupper())
            step = length if used == 0 else used + 1 + length
            if step <= capacity or used == 0:
                used = step
                while used > capacity:  # a word longer than the line breaks inside
                    count += 1
                    used -= capacity
            else:
                count += 1
                used = length
        lines += count
    return lines


def single_line_width(text: str, size: float = TABLE_SIZE, bold: bool = False) -> float:
    """The narrowest column width (Excel characters) that holds ``text`` on one line, with a margin for
    the difference between this estimate and the font Excel or LibreOffice really uses."""
    width = 4.0
    while wrapped_lines(text, width, size, bold) > 1:
        width += 0.5
    return width + 3


def same_body(agency: str, unit_name: str) -> bool:
    """True when the agency line already names the unit ("UBND tỉnh Bắc Giang" over "Tỉnh Bắc Giang"):
    the paper then prints the body once."""
    def bare(text: str) -> str:
        text = " ".join(text.casefold().split())
        for prefix in ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd "):
            if text.startswith(prefix):
                return text[len(prefix):]
        return text

    return bool(unit_name.strip()) and bare(agency) == bare(unit_name)


def targets_line(form: Form, judged: Mapping[str, str]) -> str:
    """"Kết quả: 9/13 chỉ tiêu đạt", over every indicator of ``form`` that has a target."""
    with_target = [ind.id for ind in form.indicators if ind.target is not None]
    met = sum(1 for ind in with_target if judged.get(ind) == TARGET_MET)
    return say("summary.paper_result", "vi", met=met, total=len(with_target))


def row_height(lines: int, size: float = TABLE_SIZE) -> float:
    return round(lines * size * 1.3 + 4, 1)


class _Formats:
    """xlsxwriter formats made once per distinct look."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, Any] = {}

    def __call__(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._workbook.add_format({"font_name": FONT, "font_size": TABLE_SIZE, **props})
            self._cache[key] = fmt
        return fmt


def write_book(
    ctx: SheetContext,
    path: Path,
    content: BookContent,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    exported_at: datetime | None = None,
) -> Path:
    """Write one workbook (the form sheet, "Kiểm tra" for submissions, ``_meta``) atomically."""
    path = Path(path)
    when = exported_at or datetime.now().astimezone()
    check_cancelled(cancelled, path)
    with atomic_target(path) as tmp, collector_paused():
        # the workbook lives only inside this call: it is freed before the collector runs again
        _write_workbook(tmp, ctx, content, when, progress, cancelled, path)
    return path


def _write_workbook(
    tmp: Path,
    ctx: SheetContext,
    content: BookContent,
    when: datetime,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    path: Path,
) -> None:
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    workbook = xlsxwriter.Workbook(
        str(tmp),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": TABLE_SIZE},
        },
    )
    # nothing touches the disk before close(): a cancelled or failed write leaves no file
    writer = _PaperWriter(workbook, ctx, content, when, progress, cancelled, path)
    layout = writer.write()
    if not content.is_template:
        _write_checks(workbook, writer.formats, ctx, content)
    _write_meta(workbook, layout, writer.choice_lists)
    try:
        workbook.close()
    except FileCreateError:
        raise WorkbookError(locked_message(path), "locked") from None


class _PaperWriter:
    def __init__(
        self,
        workbook: Any,
        ctx: SheetContext,
        content: BookContent,
        when: datetime,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        path: Path,
    ) -> None:
        self.workbook = workbook
        self.ctx = ctx
        self.form = ctx.form
        self.content = content
        self.when = when
        self.progress = progress
        self.cancelled = cancelled
        self.path = path
        self.formats = _Formats(workbook)
        self.sheet = workbook.add_worksheet(sheet_name(self.form))
        self.choice_lists: list[tuple[str, ...]] = []
        # Columns: STT, Chỉ tiêu, Đơn vị tính, [Mục tiêu], values…, [Đánh giá], Ghi chú — the paper, up to
        # last_col — then the template's SUM helpers, outside the print area.
        self.has_targets = any(ind.target is not None for ind in self.form.indicators)
        first = 4 if self.has_targets else 3
        self.target_col = 3 if self.has_targets else None
        self.value_col = {c.id: first + i for i, c in enumerate(self.form.columns)}
        after = first + len(self.form.columns)
        self.judge_col = after if self.has_targets else None
        self.note_col = after + (1 if self.has_targets else 0)
        self.last_col = self.note_col
        self.sum_columns = self._sum_columns() if content.is_template else []
        self.helper_col = {c: self.note_col + 1 + i for i, c in enumerate(self.sum_columns)}
        self.marks = _marks_by_cell(content.marks)
        self._plain_formats: dict[tuple[bool, int], Any] = {}
        self._numeric_by_type: dict[str, frozenset[str]] = {}

    # --- layout ------------------------------------------------------------------------------------
    def _sum_columns(self) -> list[str]:
        used: list[str] = []
        for ind in self.form.indicators:
            if ind.complete and self.form.children_of.get(ind.id):
                for child in self.form.children_of[ind.id]:
                    for col in self.form.columns_of(child):
                        if col not in used and col in self.form.columns_of(ind):
                            used.append(col)
        return [c for c in self.form.column_ids if c in used]

    def widths(self) -> list[float]:
        title = WIDTH_TITLE if len(self.form.columns) <= 4 else 40
        has_units = any(ind.unit or ind.type == "percent" for ind in self.form.indicators)
        widths = [WIDTH_STT, title, WIDTH_UNIT if has_units else 8]
        if self.has_targets:
            widths.append(WIDTH_TARGET)
        for column in self.form.columns:
            # a long column title wraps; only very long words widen the column
            longest = max((len(w) for w in column.title.split()), default=0)
            base = {"text": WIDTH_TEXT, "choice": WIDTH_CHOICE}.get(column.type or "", WIDTH_VALUE)
            widths.append(max(base, longest + 3))
        if self.has_targets:
            widths.append(WIDTH_JUDGE)
        widths.append(WIDTH_NOTE)
        widths += [WIDTH_HELPER] * len(self.sum_columns)
        self._fit_signatures(widths)
        return widths

    def _signature_groups(self) -> tuple[list[int], list[int]]:
        """The paper's columns under NGƯỜI LẬP BIỂU and under THỦ TRƯỞNG ĐƠN VỊ (the same list when the
        right block has a single column: the two signatures are stacked)."""
        right = list(range(SPLIT, self.last_col + 1))
        half = (len(right) + 1) // 2
        return right[:half], right[half:] or right[-1:]

    def _fit_signatures(self, widths: list[float]) -> None:
        """Widen the last column of each signature group until its title and the line below it fit on one
        line: "THỦ TRƯỞNG ĐƠN VỊ" split over two lines is a slip a clerk frowns at."""
        need = max(single_line_width(text, HEAD_SIZE, bold) for text, bold in SIGNATURE_LINES)
        for group in self._signature_groups():
            short = need - sum(widths[c] for c in group)
            if short > 0:
                widths[group[-1]] += short

    def write(self) -> MetaLayout:
        sheet, fmt, form, ctx = self.sheet, self.formats, self.form, self.ctx
        widths = self.widths()
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        split = SPLIT  # left block A:B, right block C:last
        left_width = sum(widths[:split])
        right_width = sum(widths[split:self.last_col + 1])

        head = {"font_size": HEAD_SIZE, "align": "center", "valign": "vcenter", "text_wrap": True}
        agency = ctx.agency.upper()
        sheet.merge_range(0, 0, 0, split - 1, agency, fmt(**head, bold=True))
        sheet.merge_range(0, split, 0, self.last_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt(**head, bold=True))
        # the top unit is its own agency: printed once, "Biểu số" moves up
        unit_line = "" if same_body(ctx.agency, ctx.unit_name) else ctx.unit_name
        left_lines = [(unit_line, True)] if unit_line else []
        left_lines += [(f"Biểu số: {form.id}", False), ("", False)]
        sheet.merge_range(1, 0, 1, split - 1, left_lines[0][0], fmt(**head, bold=left_lines[0][1]))
        sheet.merge_range(1, split, 1, self.last_col, "Độc lập - Tự do - Hạnh phúc", fmt(**head, bold=True, underline=1))
        sheet.merge_range(2, 0, 2, split - 1, left_lines[1][0], fmt(**head, bold=left_lines[1][1]))
        sheet.merge_range(2, split, 2, self.last_col, date_line(ctx.place, self.when), fmt(**head, italic=True))
        first_lines = max(
            wrapped_lines(agency, left_width, HEAD_SIZE, bold=True),
            wrapped_lines("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right_width, HEAD_SIZE, bold=True),
        )
        sheet.set_row(0, row_height(first_lines, HEAD_SIZE))
        sheet.set_row(1, row_height(wrapped_lines(left_lines[0][0], left_width, HEAD_SIZE, bold=True), HEAD_SIZE))
        sheet.set_row(2, row_height(1, HEAD_SIZE))
        sheet.set_row(3, 8)
        full_width = sum(widths[:self.last_col + 1])
        title = form.title.upper()
        sheet.merge_range(4, 0, 4, self.last_col, title, fmt(**{**head, "bold": True, "font_size": 14}))
        sheet.set_row(4, row_height(wrapped_lines(title, full_width, 14, bold=True), 14))
        period_text = ctx.period.name_vi
        if self.content.kind == "template":
            period_text += " (biểu mẫu để điền)"
        sheet.merge_range(5, 0, 5, self.last_col, period_text, fmt(**head, bold=True))
        sheet.set_row(5, row_height(1, HEAD_SIZE))
        sheet.set_row(6, 8)
        self._write_table_header(widths)

        layout = self._write_rows(widths)
        end = self._last_row + 1
        if self.has_targets and self.content.targets:
            line = targets_line(self.form, self.content.targets)
            sheet.merge_range(end + 1, 0, end + 1, self.last_col, line, fmt(bold=True, font_size=HEAD_SIZE))
            sheet.set_row(end + 1, row_height(1, HEAD_SIZE))
            end += 2
        last_printed = self._write_signatures(end + 1, widths)
        # Only the paper prints: the SUM helpers and the sheets beside it stay on screen.
        sheet.print_area(0, 0, last_printed, self.last_col)
        # Input, computed and violation fills guide the screen; the paper prints in black and white.
        sheet.print_black_and_white()

        sheet.set_paper(9)  # A4
        if len(form.columns) > 4:
            sheet.set_landscape()
        else:
            sheet.set_portrait()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(HEADER_ROW, HEADER_ROW + 1)
        sheet.set_margins(left=0.8, right=0.5, top=0.7, bottom=0.7)
        sheet.center_horizontally()
        sheet.set_footer(f'&C&"{FONT},Regular"&10Trang &P/&N')
        sheet.hide_gridlines(2)
        sheet.freeze_panes(FIRST_DATA_ROW, 0)
        if self.content.is_template:
            sheet.protect(
                "",
                {
                    "format_columns": True,
                    "format_rows": True,
                    "select_locked_cells": True,
                    "select_unlocked_cells": True,
                },
            )
        sheet.activate()
        return layout

    def _write_table_header(self, widths: list[float]) -> None:
        sheet, fmt = self.sheet, self.formats
        header = fmt(bold=True, align="center", valign="vcenter", text_wrap=True, border=1)
        numbering = fmt(italic=True, align="center", valign="vcenter", border=1, font_size=10)
        titles = ["STT", "Chỉ tiêu", "Đơn vị tính"]
        marks = ["A", "B", "C"]
        if self.has_targets:
            titles.append(TARGET_TITLE)
        titles += [c.title for c in self.form.columns]
        if self.has_targets:
            titles.append(JUDGE_TITLE)
        marks += [str(i + 1) for i in range(len(titles) - 3)]
        titles.append("Ghi chú")
        marks.append("D")
        for col in self.sum_columns:
            name = "Tổng các dòng trong đó"
            if len(self.form.columns) > 1:
                name += f" ({self.form.column_map[col].title})"
            titles.append(name)
            marks.append("")
        lines = 1
        for col, text in enumerate(titles):
            self.sheet.write_string(HEADER_ROW, col, text, header)
            sheet.write_string(HEADER_ROW + 1, col, marks[col], numbering)
            if col <= self.last_col:  # the printed header sets the height
                lines = max(lines, wrapped_lines(text, widths[col], bold=True))
        for col in range(self.last_col + 1, len(titles)):
            # a helper column, not printed, widens to fit that height instead of making the header taller
            while wrapped_lines(titles[col], widths[col], bold=True) > max(lines, 2):
                widths[col] += 1
            sheet.set_column(col, col, widths[col])
        sheet.set_row(HEADER_ROW, row_height(lines))
        sheet.set_row(HEADER_ROW + 1, 15)

    def _write_rows(self, widths: list[float]) -> MetaLayout:
        sheet, fmt, form, content = self.sheet, self.formats, self.form, self.content
        template = content.is_template
        layout = MetaLayout()
        layout.note_letter = _letter(self.note_col)
        for column in form.columns:
            layout.columns[column.id] = _letter(self.value_col[column.id])
            layout.column_titles[column.id] = column.title
        numbers = form.row_numbers
        section_numbers = dict((title, roman) for roman, title in form.sections)
        cells: dict[CellKey, object] = {}
        row = FIRST_DATA_ROW
        current_section: str | None = None
        total = len(form.indicators)
        border = {"border": 1, "valign": "vcenter"}
        note_fmt = fmt(**border, text_wrap=True, locked=not template, **({"bg_color": INPUT_FILL} if template else {}))
        for done, ind in enumerate(form.indicators):
            if done % PROGRESS_EVERY == 0:
                check_cancelled(self.cancelled, self.path)
                if self.progress is not None:
                    self.progress(done, total)
            if ind.section and ind.section != current_section:
                current_section = ind.section
                sheet.write_string(row, 0, section_numbers.get(ind.section, ""), fmt(**border, bold=True, align="center"))
                if self.last_col > 1:
                    sheet.merge_range(row, 1, row, self.last_col, ind.section, fmt(**border, bold=True, text_wrap=True))
                else:
                    sheet.write_string(row, 1, ind.section, fmt(**border, bold=True))
                row += 1
            elif not ind.section:
                current_section = None
            depth = form.depth(ind)
            italic = depth > 0
            sheet.write_string(row, 0, numbers.get(ind.id, ""), fmt(**border, align="center", italic=italic))
            title_lines = self._write_title(row, ind, depth, widths[1])
            sheet.write_string(row, 2, ind.unit or ("%" if ind.type == "percent" else ""),
                               fmt(**border, align="center", text_wrap=True, italic=italic))
            if self.target_col is not None and self.judge_col is not None:
                self._write_target(row, ind, italic)
            inputs, value_lines = self._write_values(row, ind, depth, widths, cells, layout.raws)
            for col in self.sum_columns:
                self._write_sum(row, ind, col)
            note = ""
            if content.comments:
                note = row_note(tuple(inputs), layout.column_titles,
                                {col: content.comments.get((ind.id, col), "") for col in inputs})
            if note:
                sheet.write_string(row, self.note_col, note, note_fmt)
            else:
                sheet.write_blank(row, self.note_col, None, note_fmt)
            lines = max(title_lines, value_lines, wrapped_lines(note, widths[self.note_col]),
                        wrapped_lines(ind.unit, widths[2]))
            sheet.set_row(row, row_height(lines))
            layout.rows[ind.id] = row + 1
            layout.inputs[ind.id] = tuple(inputs)
            row += 1
        if self.progress is not None:
            self.progress(total, total)
        self._last_row = row - 1
        layout.comments = {k: v for k, v in content.comments.items()
                           if v and k[1] in layout.inputs.get(k[0], ())}
        if not template:
            layout.justifications = {k: v for k, v in content.justifications.items() if v}
        layout.meta = self._meta(cells, layout)
        return layout

    def _write_title(self, row: int, ind: Indicator, depth: int, width: float) -> int:
        sheet, fmt = self.sheet, self.formats
        props = {"border": 1, "valign": "vcenter", "text_wrap": True, "italic": depth > 0}
        if depth:
            props["indent"] = min(depth, 4)
        extra = []
        if ind.target is not None and not self.has_targets:
            extra.append(f"Mục tiêu: {ind.target.label_vi}")
        if ind.note:
            extra.append(ind.note)
        cell_fmt = fmt(**props)
        if extra:
            aside = "\n(" + "; ".join(extra) + ")"
            sheet.write_rich_string(row, 1, ind.title, fmt(italic=True, font_size=10), aside, cell_fmt)
            text = ind.title + aside
        else:
            sheet.write_string(row, 1, ind.title, cell_fmt)
            text = ind.title
        return wrapped_lines(text, width - 2 * depth)

    def _write_target(self, row: int, ind: Indicator, italic: bool) -> None:
        assert self.target_col is not None and self.judge_col is not None
        cell = self.formats(border=1, valign="vcenter", align="center", text_wrap=True, italic=italic)
        self.sheet.write_string(row, self.target_col, ind.target.label_vi if ind.target else "", cell)
        judged = self.content.targets.get(ind.id, "") if ind.target is not None else ""
        self.sheet.write_string(row, self.judge_col, judged, cell)

    def _write_values(
        self, row: int, ind: Indicator, depth: int, widths: list[float], cells: dict[CellKey, object],
        raws: dict[CellKey, str],
    ) -> tuple[list[str], int]:
        """Write the row's value cells; returns its input columns and the lines its texts take."""
        used = set(self.form.columns_of(ind))
        plain = not ind.computed and not self.content.is_template
        values, marks, write_number = self.content.values, self.marks, self.sheet.write_number
        numeric = self._numeric_columns(ind) if plain else frozenset()
        digits_fmt = self._number_format(depth > 0, ind.decimals if ind.decimals is not None else 0) if numeric else None
        inputs: list[str] = []
        lines = 1
        for column, col in self.value_col.items():
            key = (ind.id, column)
            written = None
            if plain and column in used and key not in marks:
                raw = values.get(key)
                number = _plain_digits(raw) if column in numeric else None
                if number is not None:  # the bulk of a big export, kept free of per-cell calls
                    write_number(row, col, number, digits_fmt)
                    inputs.append(column)
                    cells[key] = number
                    if raw[0] == "0" and len(raw) > 1:  # type: ignore[index]  # "02" keeps its typed text
                        raws[key] = raw  # type: ignore[assignment]
                    continue
                written = self._write_plain_number(row, col, ind, column, depth, raw)
            if written is None:
                written = self._write_value(row, ind, column, depth, column in used)
                if written is None:
                    continue
                if isinstance(written[0], str):
                    lines = max(lines, wrapped_lines(written[0], widths[col]))
            inputs.append(column)
            content, raw = written
            if content is not None:
                cells[key] = content
            if raw is not None:
                raws[key] = raw
        return inputs, lines

    def _write_value(
        self, row: int, ind: Indicator, column: str, depth: int, used: bool
    ) -> tuple[object, str | None] | None:
        """Write one value cell; returns (cell content, raw kept in _meta) for input cells, else None."""
        sheet, fmt, form, content = self.sheet, self.formats, self.form, self.content
        col = self.value_col[column]
        key = (ind.id, column)
        mark = self.marks.get(key)
        base: dict[str, Any] = {"border": 1, "valign": "vcenter", "italic": depth > 0}
        if mark is not None:
            base["bg_color"] = ERROR_FILL if mark[0] == "error" else WARNING_FILL
            sheet.write_comment(row, col, mark[1], {"author": "bieumau", "x_scale": 2.5, "y_scale": 2})
        if not used:
            sheet.write_string(row, col, NOT_APPLICABLE, fmt(**base, align="center"))
            return None
        cell_type, choices = form.cell_type(ind, column)
        if ind.computed:
            base.setdefault("bg_color", COMPUTED_FILL)
            value = content.computed.get(key)
            decimals = ind.decimals if ind.decimals is not None else 0
            if value is None:
                sheet.write_blank(row, col, None, fmt(**base, num_format=number_format(decimals)))
            else:
                if ind.decimals is None:
                    decimals = written_decimals(Decimal(value))
                sheet.write_number(row, col, float(value), fmt(**base, align="right", num_format=number_format(decimals)))
            return None
        if content.is_template:
            base["locked"] = False
            base.setdefault("bg_color", INPUT_FILL)
            self._validate(row, col, ind, cell_type, choices)
        raw = content.values.get(key)
        if raw is None or str(raw).strip() == "":
            decimals = ind.decimals if ind.decimals is not None else (0 if cell_type == "integer" else 2)
            props = {**base, "num_format": number_format(decimals)} if cell_type in NUMERIC_TYPES else base
            sheet.write_blank(row, col, None, fmt(**props))
            return (None, None)
        raw = str(raw)
        if cell_type in NUMERIC_TYPES:
            parsed = parse_value(raw, cell_type, choices, ind.unit)
            if parsed.kind == "number":
                number = parsed.value
                decimals = ind.decimals if ind.decimals is not None else (parsed.decimals or 0)
                sheet.write_number(row, col, float(number), fmt(**base, align="right", num_format=number_format(decimals)))  # type: ignore[arg-type]
                keep = raw if natural_text(number) != raw else None  # type: ignore[arg-type]
                return (float(number), keep)  # type: ignore[arg-type]
        align = "right" if cell_type in NUMERIC_TYPES else "left"
        sheet.write_string(row, col, raw, fmt(**base, align=align, text_wrap=True))
        return (raw, None)

    def _write_plain_number(
        self, row: int, col: int, ind: Indicator, column: str, depth: int, raw: str | None
    ) -> tuple[object, str | None] | None:
        """The common case of a big export: an unmarked number. None when the general path must run."""
        if raw is None:
            return None
        cell_type, choices = self.form.cell_type(ind, column)
        if cell_type not in NUMERIC_TYPES:
            return None
        parsed = parse_value(raw, cell_type, choices, ind.unit)
        if parsed.kind != "number":
            return None
        number: Decimal = parsed.value  # type: ignore[assignment]
        decimals = ind.decimals if ind.decimals is not None else (parsed.decimals or 0)
        as_float = float(number)
        self.sheet.write_number(row, col, as_float, self._number_format(depth > 0, decimals))
        # written without decimals, the number is whole: no Decimal rounding needed to tell its natural text
        whole = parsed.decimals == 0 or number == number.to_integral_value()
        natural = str(int(number)) if whole and abs(as_float) < 1e15 else natural_text(number)
        return (as_float, None if natural == raw else raw)

    def _numeric_columns(self, ind: Indicator) -> frozenset[str]:
        """The columns whose cells hold figures in ``ind``'s row: a column's own type overrides the row's."""
        found = self._numeric_by_type.get(ind.type)
        if found is None:
            found = frozenset(c.id for c in self.form.columns if (c.type or ind.type) in NUMERIC_TYPES)
            self._numeric_by_type[ind.type] = found
        return found

    def _number_format(self, italic: bool, decimals: int) -> Any:
        """The look of an unmarked figure, made once per (italic, decimals)."""
        key = (italic, decimals)
        cell_fmt = self._plain_formats.get(key)
        if cell_fmt is None:
            cell_fmt = self._plain_formats[key] = self.formats(
                border=1, valign="vcenter", italic=italic, align="right", num_format=number_format(decimals)
            )
        return cell_fmt

    def _write_sum(self, row: int, ind: Indicator, column: str) -> None:
        sheet, fmt, form = self.sheet, self.formats, self.form
        col = self.helper_col[column]
        base = {"border": 1, "valign": "vcenter", "align": "right", "bg_color": COMPUTED_FILL}
        children = [c for c in form.children_of.get(ind.id, ()) if column in form.columns_of(c)]
        if not (ind.complete and children and column in form.columns_of(ind)):
            sheet.write_blank(row, col, None, fmt(border=1))
            return
        # children are written after their parent; their rows are known from the form's order
        rows = self._planned_rows()
        letter = _letter(self.value_col[column])
        refs = ",".join(f"{letter}{rows[c.id] + 1}" for c in children)
        decimals = max((c.decimals or 0) for c in children)
        total = Decimal(0)
        for child in children:
            parsed = parse_value(self.content.values.get((child.id, column)), child.type, child.choices, child.unit)
            if parsed.kind == "number":
                total += parsed.value  # type: ignore[operator]
        sheet.write_formula(row, col, f"=SUM({refs})", fmt(**base, num_format=number_format(decimals)), float(total))

    def _planned_rows(self) -> dict[str, int]:
        if not hasattr(self, "_rows_plan"):
            plan: dict[str, int] = {}
            row, section = FIRST_DATA_ROW, None
            for ind in self.form.indicators:
                if ind.section and ind.section != section:
                    section = ind.section
                    row += 1
                elif not ind.section:
                    section = None
                plan[ind.id] = row
                row += 1
            self._rows_plan = plan
        return self._rows_plan

    def _validate(self, row: int, col: int, ind: Indicator, cell_type: str, choices: tuple[str, ...]) -> None:
        rule = validation_for(ind, cell_type, choices, self._choice_source)
        if rule is not None:
            self.sheet.data_validation(row, col, row, col, rule)

    def _choice_source(self, choices: tuple[str, ...]) -> str | list[str]:
        # A literal list is limited to 255 characters and cannot hold commas: longer lists live in _meta.
        if len(",".join(choices)) <= 250 and not any("," in c for c in choices):
            return list(choices)
        if choices not in self.choice_lists:
            self.choice_lists.append(choices)
        letter = _letter(5 + self.choice_lists.index(choices))
        return f"='{META_SHEET}'!${letter}$1:${letter}${len(choices)}"

    def _write_signatures(self, start: int, widths: list[float]) -> int:
        """Nơi nhận and the signature block from row ``start``; returns the last row of the signing space."""
        sheet, fmt = self.sheet, self.formats
        first, second = self._signature_groups()
        center = {"align": "center", "valign": "top", "font_size": HEAD_SIZE}

        def put(row: int, cols: list[int], text: str, cell_fmt: Any) -> None:
            if len(cols) > 1:
                sheet.merge_range(row, cols[0], row, cols[-1], text, cell_fmt)
            else:
                sheet.write_string(row, cols[0], text, cell_fmt)

        left = list(range(SPLIT))
        put(start, left, "Nơi nhận:", fmt(bold=True, italic=True, font_size=TABLE_SIZE))
        put(start + 1, left, "- Như trên;", fmt(font_size=11))
        put(start + 2, left, "- Lưu: VT.", fmt(font_size=11))
        (title, _), (hint, _), (head, _), (head_hint, _) = SIGNATURE_LINES
        if second == first:  # a single column on the right: stack the two signatures
            put(start, first, title, fmt(**center, bold=True))
            put(start + 1, first, hint, fmt(**center, italic=True))
            put(start + 6, first, head, fmt(**center, bold=True))
            put(start + 7, first, head_hint, fmt(**center, italic=True))
            return start + 12
        put(start, first, title, fmt(**center, bold=True))
        put(start, second, head, fmt(**center, bold=True))
        put(start + 1, first, hint, fmt(**center, italic=True))
        put(start + 1, second, head_hint, fmt(**center, italic=True))
        sheet.set_row(start, row_height(1, HEAD_SIZE))
        sheet.set_row(start + 1, row_height(1, HEAD_SIZE))
        return start + 6  # room to sign and stamp

    def _meta(self, cells: dict[CellKey, object], layout: MetaLayout) -> dict[str, str]:
        ctx, form = self.ctx, self.form
        meta = {
            "format_version": FORMAT_VERSION,
            "form_id": form.id,
            "form_version": str(form.version),
            "form_checksum": form.checksum,
            "form_title": form.title,
            "sheet": sheet_name(form),
            "unit_code": ctx.unit_code,
            "unit_name": ctx.unit_name,
            "code_list_version": ctx.code_list_version or "",
            "period_code": ctx.period.code,
            "period_name": ctx.period.name_vi,
            "app_version": ctx.app_version,
            "exported_at": self.when.isoformat(timespec="seconds"),
            "kind": self.content.kind,
            "values_checksum": "",
        }
        if self.content.is_template:
            meta["values_checksum"] = sealed_checksum(meta, {}, {}, {}, {})
        else:
            meta["values_checksum"] = sealed_checksum(meta, cells, layout.raws, layout.comments,
                                                      layout.justifications)
        return meta


def validation_for(
    ind: Indicator,
    cell_type: str,
    choices: tuple[str, ...],
    choice_source: Callable[[tuple[str, ...]], str | list[str]],
) -> dict[str, Any] | None:
    """Excel data validation for one input cell, with a Vietnamese input and error message."""
    unit = f" (đơn vị tính: {ind.unit})" if ind.unit else ""
    name = ind.title if len(ind.title) <= 80 else ind.title[:77] + "…"
    rule: dict[str, Any]
    if cell_type in NUMERIC_TYPES:
        low = ind.min if ind.min is not None else Decimal("-1e15")
        high = ind.max if ind.max is not None else Decimal("1e15")
        whole = cell_type == "integer"
        what = "số nguyên" if whole else ("tỷ lệ phần trăm (97,45 nghĩa là 97,45%)" if cell_type == "percent" else "số")
        bounds = []
        if ind.min is not None:
            bounds.append(f"từ {natural_text(ind.min)}")
        if ind.max is not None:
            bounds.append(f"đến {natural_text(ind.max)}")
        span = (" " + " ".join(bounds)) if bounds else ""
        rule = {
            "validate": "integer" if whole else "decimal",
            "criteria": "between",
            "minimum": int(low) if whole else float(low),
            "maximum": int(high) if whole else float(high),
            "input_title": "Nhập số nguyên" if whole else "Nhập số",
            "input_message": f"Nhập {what}{span}{unit}. Chỉ nhập giá trị, không nhập công thức.",
            "error_title": "Giá trị không hợp lệ",
            "error_message": f"«{name}» phải là {what}{span}.",
        }
    elif cell_type in ("boolean", "choice"):
        options = ("Có", "Không") if cell_type == "boolean" else choices
        rule = {
            "validate": "list",
            "source": choice_source(tuple(options)),
            "input_title": "Chọn trong danh sách",
            "input_message": "Chọn một giá trị: " + "; ".join(options),
            "error_title": "Giá trị không hợp lệ",
            "error_message": f"«{name}» chỉ nhận: " + "; ".join(options) + ".",
        }
    else:
        rule = {
            "validate": "any",
            "input_title": "Nhập nội dung",
            "input_message": f"Nhập nội dung dạng chữ{unit}.",
        }
    for key, limit in (("input_title", 32), ("error_title", 32), ("input_message", 255), ("error_message", 255)):
        if key in rule and len(rule[key]) > limit:
            rule[key] = rule[key][: limit - 1] + "…"
    return rule


def _marks_by_cell(marks: Sequence[CellMark]) -> dict[CellKey, tuple[str, str]]:
    out: dict[CellKey, tuple[str, str]] = {}
    for mark in marks:
        key = (mark.indicator, mark.column)
        line = f"{SEVERITY_VI.get(mark.severity, mark.severity)}: {mark.message}"
        if key in out:
            severity = "error" if "error" in (out[key][0], mark.severity) else mark.severity
            out[key] = (severity, out[key][1] + "\n" + line)
        else:
            out[key] = (mark.severity, line)
    return out


def _letter(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)


def _write_checks(workbook: Any, fmt: _Formats, ctx: SheetContext, content: BookContent) -> None:
    """The "Kiểm tra" sheet: every violation with its row, column, severity, message and explanation."""
    form = ctx.form
    sheet = workbook.add_worksheet("Kiểm tra")
    widths = [6, 40, 14, 11, 50, 32]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    head = {"align": "center", "valign": "vcenter", "text_wrap": True, "font_size": HEAD_SIZE, "bold": True}
    sheet.merge_range(0, 0, 0, 5, "KẾT QUẢ KIỂM TRA SỐ LIỆU", fmt(**{**head, "font_size": 14}))
    sheet.merge_range(1, 0, 1, 5, f"{form.id} — {form.title}", fmt(**{**head, "bold": False}))
    sheet.merge_range(2, 0, 2, 5, f"{ctx.unit_name} — {ctx.period.name_vi}", fmt(**{**head, "bold": False, "italic": True}))
    sheet.set_row(1, row_height(wrapped_lines(f"{form.id} — {form.title}", sum(widths), HEAD_SIZE), HEAD_SIZE))
    header = fmt(bold=True, align="center", valign="vcenter", text_wrap=True, border=1)
    for col, text in enumerate(("STT", "Chỉ tiêu", "Cột", "Mức độ", "Nội dung", "Giải trình")):
        sheet.write_string(4, col, text, header)
    cell = fmt(border=1, valign="vcenter", text_wrap=True)
    centre = fmt(border=1, valign="vcenter", align="center", text_wrap=True)
    groups = violations_of(content.marks)
    groups.sort(key=lambda g: (g[0].severity != "error", min(_order(form, m.indicator) for m in g)))
    if not groups:
        sheet.merge_range(5, 0, 5, 5, "Không phát hiện vi phạm quy tắc kiểm tra.", fmt(border=1, italic=True))
    for i, group in enumerate(groups):
        row = 5 + i
        mark = group[0]
        indicators = list(dict.fromkeys(m.indicator for m in group))
        columns = list(dict.fromkeys(m.column for m in group))
        titles = []
        for indicator in indicators:
            ind = form.indicator_map.get(indicator)
            titles.append(f"{form.row_numbers.get(indicator, '')}. {ind.title}" if ind else indicator)
        title = "\n".join(titles)
        column = ", ".join(form.column_map[c].title if c in form.column_map else c for c in columns)
        severity = SEVERITY_VI.get(mark.severity, mark.severity)
        justification = "\n".join(dict.fromkeys(
            j for m in group if (j := content.justifications.get((m.indicator, m.column), ""))))
        sheet.write_number(row, 0, i + 1, centre)
        sheet.write_string(row, 1, title, cell)
        sheet.write_string(row, 2, column, centre)
        sheet.write_string(row, 3, severity, fmt(border=1, valign="vcenter", align="center", bold=mark.severity == "error",
                                                 bg_color=ERROR_FILL if mark.severity == "error" else WARNING_FILL))
        sheet.write_string(row, 4, mark.message, cell)
        sheet.write_string(row, 5, justification, cell)
        lines = max(wrapped_lines(title, widths[1]), wrapped_lines(column, widths[2]),
                    wrapped_lines(mark.message, widths[4]), wrapped_lines(justification, widths[5]))
        sheet.set_row(row, row_height(lines))
    sheet.print_area(0, 0, 5 + max(len(groups), 1) - 1, 5)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(4)
    sheet.hide_gridlines(2)


def violations_of(marks: Sequence[CellMark]) -> list[list[CellMark]]:
    """The marks grouped by the violation they render, in order of appearance: a rule broken over five
    cells is one violation. Marks that name no violation stay one each."""
    groups: dict[object, list[CellMark]] = {}
    for i, mark in enumerate(marks):
        key: object = ("v", mark.violation) if mark.violation >= 0 else ("m", i)
        groups.setdefault(key, []).append(mark)
    return list(groups.values())


def _order(form: Form, indicator: str) -> int:
    for i, ind in enumerate(form.indicators):
        if ind.id == indicator:
            return i
    return len(form.indicators)


def _write_meta(workbook: Any, layout: MetaLayout, choice_lists: list[tuple[str, ...]]) -> None:
    sheet = workbook.add_worksheet(META_SHEET)
    for row, record in enumerate(layout.records()):
        for col, text in enumerate(record):
            if text:
                sheet.write_string(row, col, text)
    for i, choices in enumerate(choice_lists):
        for row, choice in enumerate(choices):
            sheet.write_string(row, 5 + i, choice)
    sheet.protect()
    sheet.very_hidden()
