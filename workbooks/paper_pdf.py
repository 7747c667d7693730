"""The official paper as a PDF made by the app itself: the same layout as the Excel sheet, but the
figures are written the Vietnamese way whatever the reader's Windows region ("1.242", "97,45"), the
font is embedded, and nothing but the paper is printed.

Times New Roman when installed, else a metric-compatible serif with Vietnamese glyphs (Liberation
Serif, Tinos), else DejaVu Serif. Qt-free, so the command line makes the same PDF as the app.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from forms.messages import Msg
from forms.model import Form, Indicator
from forms.numbers import NUMERIC_TYPES, format_number, parse_value, written_decimals
from workbooks.errors import WorkbookError
from workbooks.meta import row_note
from workbooks.paper import (
    JUDGE_TITLE,
    NOT_APPLICABLE,
    SIGNATURE_LINES,
    TARGET_TITLE,
    BookContent,
    SheetContext,
    date_line,
    same_body,
    targets_line,
)
from workbooks.saving import atomic_target, locked_message

FAMILY = "BieumauSerif"
HEAD_SIZE = 13
TITLE_SIZE = 14
TABLE_SIZE = 13
SMALL_SIZE = 11
MM = 72 / 25.4

# (regular, bold, italic, bold italic) file names of each family, best first.
FONT_FILES = (
    ("Times New Roman", ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")),
    ("Times New Roman", ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
                         "Times New Roman Bold Italic.ttf")),
    ("Liberation Serif", ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                          "LiberationSerif-BoldItalic.ttf")),
    ("Tinos", ("Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf")),
    ("DejaVu Serif", ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                      "DejaVuSerif-BoldItalic.ttf")),
)


def font_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("BIEUMAU_FONT_DIRS", "").split(os.pathsep) if p]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path.home() / "Library/Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
                 Path.home() / ".fonts"]
    return [d for d in dirs if d.is_dir()]


@dataclass(frozen=True)
class PaperFont:
    name: str  # the family found, e.g. "Liberation Serif"
    files: tuple[Path, Path, Path, Path]


def find_font(dirs: list[Path] | None = None) -> PaperFont:
    """The best serif font with Vietnamese glyphs installed here; refuses in Vietnamese when none is."""
    if dirs is None:
        return _installed_font()
    index: dict[str, list[Path]] = {}
    for folder in dirs:
        for path in sorted(folder.rglob("*.[tT][tT][fF]")):
            index.setdefault(path.name.casefold(), []).append(path)
    for family, names in FONT_FILES:
        # an old copy of a family (Liberation 1.x) may lack the Vietnamese letters: take one that has them
        found = [next((p for p in index.get(name.casefold(), ()) if has_vietnamese(p)), None) for name in names]
        if all(found):
            return PaperFont(family, tuple(found))  # type: ignore[arg-type]
    raise WorkbookError(Msg("workbook.no_font"), "font")


VIETNAMESE_SAMPLE = "ĂÂĐÊÔƠƯăâđêôơưàảãạằẳẵặấầẩẫậềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỷỹỵ"


def has_vietnamese(path: Path) -> bool:
    """True when the TrueType file at ``path`` has a glyph for every Vietnamese letter."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        face = TTFontFile(str(path), validate=0)
    except Exception:  # a broken or unsupported font file is simply not a candidate
        return False
    return all(ord(c) in face.charToGlyph for c in VIETNAMESE_SAMPLE)


@cache
def _installed_font() -> PaperFont:
    """``find_font`` over the system's font folders, looked up once per run."""
    return find_font(font_dirs())


_registered: dict[str, str] = {}


def _register(font: PaperFont) -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _registered.get(FAMILY) == str(font.files[0]):
        return
    styles = ("", "-Bold", "-Italic", "-BoldItalic")
    for style, path in zip(styles, font.files, strict=True):
        pdfmetrics.registerFont(TTFont(FAMILY + style, str(path)))  # TrueType fonts are embedded (subset)
    for (bold, italic), style in zip(((0, 0), (1, 0), (0, 1), (1, 1)), styles, strict=True):
        addMapping(FAMILY, bold, italic, FAMILY + style)
    _registered[FAMILY] = str(font.files[0])


def cell_text(form: Form, ind: Indicator, column: str, raw: str | None) -> str:
    """A stored text as printed: figures the Vietnamese way with the row's decimals, texts as typed."""
    if raw is None or not str(raw).strip():
        return ""
    cell_type, choices = form.cell_type(ind, column)
    parsed = parse_value(str(raw), cell_type, choices)
    if cell_type in NUMERIC_TYPES and parsed.kind == "number":
        decimals = ind.decimals if ind.decimals is not None else (parsed.decimals or 0)
        return format_number(parsed.value, decimals)  # type: ignore[arg-type]
    if parsed.kind == "boolean":
        return "Có" if parsed.value else "Không"
    if parsed.kind == "choice" and isinstance(parsed.value, str):
        return parsed.value
    return str(raw)


def computed_text(ind: Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    decimals = ind.decimals if ind.decimals is not None else written_decimals(Decimal(value))
    return format_number(value, decimals)


def write_pdf(ctx: SheetContext, path: Path, content: BookContent, *, exported_at: datetime | None = None,
              font: PaperFont | None = None) -> Path:
    """Write the paper of ``ctx`` with ``content`` to ``path`` as an A4 PDF, atomically."""
    path = Path(path)
    font = font or find_font()
    _register(font)
    when = exported_at or datetime.now().astimezone()
    story, landscape_page = _Paper(ctx, content, when).story()
    with atomic_target(path) as tmp:
        try:
            _build(tmp, story, landscape_page, ctx)
        except PermissionError:
            raise WorkbookError(locked_message(path), "locked") from None
    return path


def _build(tmp: Path, story: list[Any], landscape_page: bool, ctx: SheetContext) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    size = landscape(A4) if landscape_page else A4
    doc = SimpleDocTemplate(
        str(tmp), pagesize=size, leftMargin=25 * MM if not landscape_page else 15 * MM, rightMargin=15 * MM,
        topMargin=15 * MM, bottomMargin=15 * MM, title=ctx.form.title, author=ctx.unit_name,
        subject=f"{ctx.form.id} — {ctx.period.name_vi}", creator=f"bieumau {ctx.app_version}",
    )
    doc.build(story, canvasmaker=_numbered_canvas())


def _numbered_canvas() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Writes "Trang x/y" once the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = FAMILY  # no reference to an unembedded Helvetica
            kwargs["initialFontSize"] = TABLE_SIZE
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(FAMILY, SMALL_SIZE)
                self.drawCentredString(width / 2, 8 * MM, f"Trang {self._pageNumber}/{total}")
                super().showPage()
            super().save()

    return NumberedCanvas


class _Paper:
    def __init__(self, ctx: SheetContext, content: BookContent, when: datetime) -> None:
        self.ctx, self.form, self.content, self.when = ctx, ctx.form, content, when
        self.has_targets = any(ind.target is not None for ind in self.form.indicators)

    def _style(self, size: float = TABLE_SIZE, *, bold: bool = False, italic: bool = False, align: str = "left",
               indent: float = 0) -> Any:
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        name = FAMILY + ("-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else "")
        alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[align]
        return ParagraphStyle(f"p{size}{bold}{italic}{align}{indent}", fontName=name, fontSize=size,
                              leading=size * 1.2, alignment=alignment, leftIndent=indent)

    def _p(self, text: str, size: float = TABLE_SIZE, **style: Any) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text).replace("\n", "<br/>"), self._style(size, **style))

    def story(self) -> tuple[list[Any], bool]:
        from reportlab.lib.pagesizes import A4
        from reportlab.platypus import Spacer

        landscape_page = len(self.form.columns) > 4  # as the Excel sheet
        page_width = (A4[1] if landscape_page else A4[0]) - (30 if landscape_page else 40) * MM
        titles, widths = self._columns(page_width)
        story: list[Any] = [self._heading(sum(widths)), Spacer(1, 4 * MM)]
        story.append(self._p(self.form.title.upper(), TITLE_SIZE, bold=True, align="center"))
        period = self.ctx.period.name_vi + (" (biểu mẫu để điền)" if self.content.is_template else "")
        story.append(self._p(period, HEAD_SIZE, bold=True, align="center"))
        story.append(Spacer(1, 4 * MM))
        ending: list[Any] = []
        if self.has_targets and self.content.targets:
            ending.append(Spacer(1, 3 * MM))
            ending.append(self._p(targets_line(self.form, self.content.targets), HEAD_SIZE, bold=True))
        ending.append(Spacer(1, 5 * MM))
        ending.append(self._signatures(sum(widths)))
        story.append(self._table(titles, widths, ending))
        return story, landscape_page

    def _columns(self, page_width: float) -> tuple[list[str], list[float]]:
        """Column titles and widths (points) filling ``page_width``. Every column but Chỉ tiêu is as wide
        as its longest word and its figures need, so neither "STT" nor a number breaks; Chỉ tiêu takes
        the rest."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        pad = 8.0

        def fit(texts: list[str], *, header: str, least_mm: float, words: tuple[str, ...] | list[str] = ()) -> float:
            wide = [stringWidth(w, FAMILY + "-Bold", TABLE_SIZE) for w in header.split()]
            wide += [stringWidth(t, FAMILY, TABLE_SIZE) for t in texts]
            wide += [stringWidth(w, FAMILY, TABLE_SIZE) for w in words]
            return max(least_mm * MM, max(wide, default=0) + pad)

        form = self.form
        titles = ["STT", "Chỉ tiêu", "Đơn vị tính"]
        widths = [fit(list(form.row_numbers.values()), header="STT", least_mm=10), 0.0,
                  fit([], header="Đơn vị tính", least_mm=18,
                      words=[w for ind in form.indicators for w in (ind.unit or "").split()])]
        if self.has_targets:
            titles.append(TARGET_TITLE)
            widths.append(fit([ind.target.label_vi for ind in form.indicators if ind.target], header=TARGET_TITLE,
                              least_mm=18))
        for column in form.columns:
            titles.append(column.title)
            figures = []
            for ind in form.indicators:
                if column.id in form.columns_of(ind):
                    figures.append(self._text_of(ind, column.id))
            short = [f for f in figures if len(f) <= 18]  # a long text wraps; a figure never does
            least = 30.0 if column.type in ("text", "choice") else 22.0
            widths.append(fit(short, header=column.title, least_mm=least))
        if self.has_targets:
            titles.append(JUDGE_TITLE)
            widths.append(fit(["Không đạt"], header=JUDGE_TITLE, least_mm=18, words=["Chưa", "có", "số", "liệu"]))
        titles.append("Ghi chú")
        widths.append(fit([], header="Ghi chú", least_mm=26))
        widths[1] = max(page_width - sum(widths), 45 * MM)
        if sum(widths) > page_width:
            # too many columns: the columns of words give way, STT and the figures keep their width
            text_types = ("text", "choice")
            flexible = {1, len(widths) - 1} | {3 + (1 if self.has_targets else 0) + i
                                               for i, c in enumerate(form.columns) if c.type in text_types}
            fixed = sum(w for i, w in enumerate(widths) if i not in flexible)
            scale = max(page_width - fixed, 1.0) / sum(widths[i] for i in flexible)
            widths = [w * scale if i in flexible else w for i, w in enumerate(widths)]
        return titles, widths

    def _heading(self, width: float) -> Any:
        from reportlab.platypus import Table, TableStyle

        ctx = self.ctx
        left = [self._p(ctx.agency.upper(), HEAD_SIZE, bold=True, align="center")]
        if not same_body(ctx.agency, ctx.unit_name):
            left.append(self._p(ctx.unit_name, HEAD_SIZE, bold=True, align="center"))
        left.append(self._p(f"Biểu số: {self.form.id}", HEAD_SIZE, align="center"))
        right = [
            self._p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEAD_SIZE, bold=True, align="center"),
            self._underlined("Độc lập - Tự do - Hạnh phúc"),
            self._p(date_line(ctx.place, self.when), HEAD_SIZE, italic=True, align="center"),
        ]
        table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FAMILY, HEAD_SIZE), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def _underlined(self, text: str) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(f"<u>{escape(text)}</u>", self._style(HEAD_SIZE, bold=True, align="center"))

    def _table(self, titles: list[str], widths: list[float], ending: list[Any]) -> Any:
        """The table, with ``ending`` (the tally, the signatures) in a last borderless row that never parts
        from the last figures: a signature block alone on a page signs nothing. A page break before them
        repeats the header rows, as everywhere else."""
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        form, content = self.form, self.content
        header = [self._p(t, TABLE_SIZE, bold=True, align="center") for t in titles]
        marks = ["A", "B", "C", *[str(i + 1) for i in range(len(titles) - 4)], "D"]
        numbering = [self._p(m, SMALL_SIZE, italic=True, align="center") for m in marks]
        rows: list[list[Any]] = [header, numbering]
        spans: list[tuple[Any, ...]] = []
        section_numbers = {title: roman for roman, title in form.sections}
        column_titles = {c.id: c.title for c in form.columns}
        numbers = form.row_numbers
        current: str | None = None
        last = len(titles) - 1
        for ind in form.indicators:
            if ind.section and ind.section != current:
                current = ind.section
                rows.append([self._p(section_numbers.get(ind.section, ""), bold=True, align="center"),
                             self._p(ind.section, bold=True)] + [""] * (last - 1))
                spans.append(("SPAN", (1, len(rows) - 1), (last, len(rows) - 1)))
            elif not ind.section:
                current = None
            depth = form.depth(ind)
            italic = depth > 0
            row = [self._p(numbers.get(ind.id, ""), italic=italic, align="center"),
                   self._p(ind.title + self._aside(ind), italic=italic, indent=4 * MM * min(depth, 4)),
                   self._p(ind.unit or ("%" if ind.type == "percent" else ""), italic=italic, align="center")]
            if self.has_targets:
                row.append(self._p(ind.target.label_vi if ind.target else "", italic=italic, align="center"))
            used = set(form.columns_of(ind))
            for column in form.columns:
                row.append(self._value(ind, column.id, column.id in used, italic))
            if self.has_targets:
                judged = content.targets.get(ind.id, "") if ind.target is not None else ""
                row.append(self._p(judged, italic=italic, align="center"))
            note = row_note(tuple(c for c in form.columns_of(ind)), column_titles,
                            {c: content.comments.get((ind.id, c), "") for c in form.columns_of(ind)})
            row.append(self._p(note, italic=italic))
            rows.append(row)
        look = [
            ("FONT", (0, 0), (-1, -1), FAMILY, TABLE_SIZE),  # empty cells too: never the unembedded Helvetica
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        last_figures = len(rows) - 1
        rows.append([ending] + [""] * last)
        end = len(rows) - 1
        look[1] = ("GRID", (0, 0), (-1, last_figures), 0.5, colors.black)
        table = Table(rows, colWidths=widths, repeatRows=2)
        table.setStyle(TableStyle([
            *look, *spans,
            ("SPAN", (0, end), (-1, end)),
            ("LEFTPADDING", (0, end), (-1, end), 0), ("RIGHTPADDING", (0, end), (-1, end), 0),
            ("NOSPLIT", (0, max(last_figures, 2)), (-1, end)),
        ]))
        return table

    def _aside(self, ind: Indicator) -> str:
        extra = []
        if ind.target is not None and not self.has_targets:
            extra.append(f"Mục tiêu: {ind.target.label_vi}")
        if ind.note:
            extra.append(ind.note)
        return "\n(" + "; ".join(extra) + ")" if extra else ""

    def _text_of(self, ind: Indicator, column: str) -> str:
        if ind.computed:
            return computed_text(ind, self.content.computed.get((ind.id, column)))
        return cell_text(self.form, ind, column, self.content.values.get((ind.id, column)))

    def _value(self, ind: Indicator, column: str, used: bool, italic: bool) -> Any:
        if not used:
            return self._p(NOT_APPLICABLE, italic=italic, align="center")
        cell_type, _ = self.form.cell_type(ind, column)
        return self._p(self._text_of(ind, column), italic=italic,
                       align="right" if cell_type in NUMERIC_TYPES else "left")

    def _signatures(self, width: float) -> Any:
        """Nơi nhận on the left, the two signatures on the right. The titles are plain strings in
        columns measured to hold them: a table cell of plain text never wraps."""
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Table, TableStyle

        (maker, maker_hint), (head, head_hint) = SIGNATURE_LINES[:2], SIGNATURE_LINES[2:]
        need = max(stringWidth(text, FAMILY + ("-Bold" if bold else "-Italic"), HEAD_SIZE) + 8
                   for text, bold in SIGNATURE_LINES)
        sign = max(need, width * 0.3)
        left = max(width - 2 * sign, stringWidth("Nơi nhận:", FAMILY + "-BoldItalic", TABLE_SIZE) + 8)
        rows = [
            ["Nơi nhận:", maker[0], head[0]],
            ["- Như trên;", maker_hint[0], head_hint[0]],
            ["- Lưu: VT.", "", ""],
            ["", "", ""], ["", "", ""], ["", "", ""],
        ]
        table = Table(rows, colWidths=[left, sign, sign], rowHeights=[HEAD_SIZE * 1.5] * 3 + [HEAD_SIZE * 2] * 3)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FAMILY, TABLE_SIZE),
            ("FONT", (0, 0), (0, 0), FAMILY + "-BoldItalic", TABLE_SIZE),
            ("FONT", (0, 1), (0, 2), FAMILY, SMALL_SIZE),
            ("FONT", (1, 0), (2, 0), FAMILY + "-Bold", HEAD_SIZE),
            ("FONT", (1, 1), (2, 1), FAMILY + "-Italic", HEAD_SIZE),
            ("ALIGN", (1, 0), (2, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

