"""A written report as the checker reads it: paragraphs split into sentences, and tables of cells.

Reads a Word document (body paragraphs and tables in order) or plain text — including text extracted
from a PDF, whose lines are broken by width and whose words may be hyphenated at a line end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from forms.errors import BieumauError
from forms.messages import Msg
from forms.numbers import normalize_text


class ReportReadError(BieumauError):
    code = "report_unreadable"


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    paragraph: int  # index of the paragraph in the document
    index: int  # index of the sentence in its paragraph
    start: int  # character offset of the sentence in its paragraph


@dataclass(slots=True)
class Table:
    rows: list[list[str]]
    index: int  # index of the table in the document
    paragraph: int  # index of the paragraph before which the table stands


@dataclass(slots=True)
class ReportText:
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    name: str = ""

    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for p, text in enumerate(self.paragraphs):
            for i, (start, sentence) in enumerate(split_sentences(text)):
                out.append(Sentence(sentence, p, i, start))
        return out

    def plain_text(self) -> str:
        return "\n\n".join(self.paragraphs)


# A sentence ends at . ! ? … followed by a space and a capital, a dash or a bullet, never inside "1.242".
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZÀ-ỸĐ\-–•+])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[pos:match.start()].strip()
        if piece:
            out.append((pos, piece))
        pos = match.end()
    piece = text[pos:].strip()
    if piece:
        out.append((pos, piece))
    return out


def read_report(path: Path) -> ReportText:
    if not path.exists():
        raise ReportReadError(Msg("report.not_found", path=path))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in (".txt", ".text", ".md", ""):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ReportReadError(Msg("report.unreadable", name=path.name, error=exc.strerror)) from None
        for encoding in ("utf-8-sig", "utf-16", "cp1258"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - cp1258 decodes almost anything
            raise ReportReadError(Msg("report.encoding", name=path.name))
        if "\x00" in text:
            raise ReportReadError(Msg("report.binary", name=path.name))
        report = read_plain_text(text)
        report.name = path.name
        return report
    raise ReportReadError(Msg("report.kind", name=path.name))


def _read_docx(path: Path) -> ReportText:
    from docx import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = Document(str(path))
    except Exception:  # zip, package and XML errors of python-docx alike
        raise ReportReadError(Msg("report.not_docx", name=path.name)) from None
    report = ReportText(name=path.name)
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = normalize_text(Paragraph(child, document).text)
            if text:
                report.paragraphs.append(text)
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows: list[list[str]] = []
            for row in table.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    if cell._tc is previous:  # a merged cell repeats itself
                        continue
                    previous = cell._tc
                    cells.append(normalize_text(" ".join(p.text for p in cell.paragraphs)))
                rows.append(cells)
            report.tables.append(Table(rows, len(report.tables), len(report.paragraphs)))
    if not report.paragraphs and not report.tables:
        raise ReportReadError(Msg("report.empty_document", name=path.name))
    return report


_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:[Tt]rang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$")
# "pdftotext -layout" keeps a table's columns apart with runs of spaces
_LAYOUT_COLUMNS = re.compile(r"\S\s{3,}\S.*\S\s{3,}\S")
_TABLE_LINE = re.compile(r"\t|\s\|\s|^\|")
_LIST_START = re.compile(r"^(?:[-–•+*]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s|[IVX]{1,4}\.\s|\(\d+\)\s)")
_HEADING = re.compile(r"^(?:[IVX]{1,4}\.|PHỤ LỤC|Phụ lục|Biểu|Nơi nhận)")


def _is_heading(line: str) -> bool:
    """"I. LĨNH VỰC BƯU CHÍNH", "PHỤ LỤC 1": a line of its own, never joined to the next one."""
    letters = [c for c in line if c.isalpha()]
    digits = sum(c.isdigit() for c in line)
    return (len(letters) >= 6 and digits <= 2 and all(c.isupper() for c in letters)
            and not line.rstrip().endswith((",", "-", ";")))


def read_plain_text(text: str) -> ReportText:
    """Paragraphs are separated by blank lines or start with a bullet or a number; other line breaks
    are the width of the page (PDF) and join with a space, or with nothing after a hyphen."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "").replace("\f", "")
    report = ReportText()
    current: list[str] = []
    table_rows: list[list[str]] = []

    def flush_paragraph() -> None:
        if current:
            joined = normalize_text(" ".join(current))
            if joined:
                report.paragraphs.append(re.sub(r"\s+", " ", joined))
            current.clear()

    def flush_table() -> None:
        if table_rows:
            report.tables.append(Table([list(r) for r in table_rows], len(report.tables), len(report.paragraphs)))
            table_rows.clear()

    lines = [line for line in text.split("\n") if not _PAGE_NUMBER.match(line.strip())]  # PDF page numbers
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            following = next((x.strip() for x in lines[n + 1:] if x.strip()), "")
            if current and not re.search(r"[.:;!?]$", current[-1]) and re.match(r"[a-zà-ỹđ\d(]", following):
                continue  # a page break inside a sentence, not the end of a paragraph
            flush_paragraph()
            flush_table()
            continue
        if _TABLE_LINE.search(line) or _LAYOUT_COLUMNS.search(stripped):
            flush_paragraph()
            splitter = r"\t|\|" if _TABLE_LINE.search(line) else r"\s{3,}"
            cells = [normalize_text(c) for c in re.split(splitter, stripped.strip("|"))]
            if all(set(c) <= set("-=:+ ") for c in cells):
                continue  # a ruler line "|---|---|"
            table_rows.append(cells)
            continue
        flush_table()
        if current and (_LIST_START.match(stripped) or _HEADING.match(stripped)):
            flush_paragraph()
        if _is_heading(stripped):
            flush_paragraph()
            report.paragraphs.append(re.sub(r"\s+", " ", normalize_text(stripped)))
            continue
        if current and re.search(r"[^\W\d]-$", current[-1]) and re.match(r"[^\W\d]", stripped):
            current[-1] = current[-1][:-1] + stripped  # a word hyphenated at the line end
        else:
            current.append(stripped)
    flush_paragraph()
    flush_table()
    if not report.paragraphs and not report.tables:
        raise ReportReadError(Msg("report.empty_text"))
    return report
