"""Build the bundled default templates (reports/templates/*.docx) with python-docx.

Run once after changing the layout, then commit the .docx files:

    .venv/bin/python -m reports.build_templates

The templates are ordinary Word documents with docxtpl (Jinja2) placeholders that a Sở may edit in
Word: the administrative layout (national motto, agency, "Số: …/BC-STTTT", place and date, title,
body, "Nơi nhận", signature), Times New Roman 14 pt, A4 with margins 20/20/30/15 mm.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATES = Path(__file__).resolve().parent / "templates"

KINDS = {
    "quy": ("Kết quả thực hiện nhiệm vụ thông tin và truyền thông {{ period_words }}",
            "nhiệm vụ trọng tâm quý tiếp theo"),
    "6-thang": ("Sơ kết công tác thông tin và truyền thông {{ period_words }}",
                "nhiệm vụ trọng tâm 6 tháng cuối năm"),
    "nam": ("Tổng kết công tác thông tin và truyền thông {{ period_words }}",
            "nhiệm vụ trọng tâm năm tiếp theo"),
}
FONT = "Times New Roman"


def _font(run, size: float = 14, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline


def _para(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
          underline: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, after: float = 6,
          page_break: bool = False):
    p = container.add_paragraph()
    p.paragraph_format.page_break_before = page_break
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = 1.15
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    if text:
        _font(p.add_run(text), size, bold, italic, underline)
    return p


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell(cell, text: str, *, size: float = 13, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, underline: bool = False) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), size, bold, italic, underline)


def _widths(table, widths) -> None:
    """Fix column widths in the grid and in every cell: Word and LibreOffice read different ones."""
    table.autofit = False
    pr = table._tbl.tblPr
    for old in pr.findall(qn("w:tblW")):
        pr.remove(old)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(sum(w.twips for w in widths))))
    total.set(qn("w:type"), "dxa")
    style = pr.find(qn("w:tblStyle"))
    pr.insert(0 if style is None else 1, total)  # the schema orders tblW before jc, borders, layout
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def build(kind: str) -> Path:
    title, next_tasks = KINDS[kind]
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    _widths(head, (Mm(70), Mm(95)))
    _cell(left, "{{ parent_agency }}", size=12)
    left.add_paragraph()
    left.paragraphs[1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(left.paragraphs[1].add_run("{{ agency }}"), 12, bold=True)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("Số: {{ number }}/BC-{{ symbol }}"), 13)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("Độc lập - Tự do - Hạnh phúc"), 13, bold=True, underline=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}"), 14, italic=True)

    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _para(doc, "Thực hiện chế độ báo cáo định kỳ, {{ agency_name }} báo cáo kết quả thực hiện nhiệm vụ "
               "{{ period_words }} như sau:", indent=True)
    _para(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", bold=True)
    _para(doc, "{%p for s in sections %}")
    _para(doc, "{{ s.number }}. {{ s.title }}", bold=True, indent=True)
    _para(doc, "{%p for p in s.paragraphs %}")
    _para(doc, "{{r p }}", indent=True)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if targets %}")
    _para(doc, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ({{ targets_period }})", bold=True)
    _para(doc, "{%p for p in targets %}")
    _para(doc, "{{r p }}", indent=True)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    _para(doc, "{{ next_heading }}. " + next_tasks.upper(), bold=True)
    _para(doc, "{{r next_tasks }}", indent=True)
    closing = _para(doc, "Trên đây là báo cáo {{ period_words }} của {{ agency_name }}./.", indent=True)
    closing.paragraph_format.keep_with_next = True  # never the signature alone on the last page

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.rows[0].cells
    _widths(sign, (Mm(85), Mm(80)))
    sign.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _cell(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in ("- UBND tỉnh (b/c);", "- Bộ Thông tin và Truyền thông (b/c);", "- Lãnh đạo Sở;",
                 "- Các phòng, đơn vị thuộc Sở;", "- Lưu: VT, KHTC."):
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(line), 11)
    _cell(right, "{{ signer_title }}", size=14, bold=True)
    for _ in range(3):
        right.add_paragraph()
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("{{ signer }}"), 14, bold=True)

    # Appendices: one table per form, then the targets and the breakdown by district.
    _para(doc, "{%p for a in appendices %}")
    _para(doc, "Phụ lục {{ a.number }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
          page_break=True)
    _para(doc, "{{ a.title }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, "(Kèm theo Báo cáo số {{ number }}/BC-{{ symbol }} ngày {{ day }}/{{ month }}/{{ year }} "
               "của {{ agency_name }})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
    at_center, at_left, at_right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    _loop_table(
        doc, "r in a.rows",
        ("STT", "Chỉ tiêu", "Đơn vị tính", "{{ a.current_label }}", "Kỳ trước", "Cùng kỳ năm trước",
         "Tăng, giảm so với cùng kỳ (%)"),
        (Mm(13), Mm(56), Mm(20), Mm(20), Mm(20), Mm(20), Mm(16)),
        (("{{ r.stt }}", at_center), ("{{ r.title }}", at_left), ("{{ r.unit }}", at_center), ("{{r r.current }}", at_right),
         ("{{r r.previous }}", at_right), ("{{r r.last_year }}", at_right), ("{{ r.growth }}", at_right)),
    )
    _para(doc, "{%p endfor %}")

    _para(doc, "{%p if target_rows %}")
    _para(doc, "Phụ lục {{ targets_number }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
          page_break=True)
    _para(doc, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ({{ targets_period }})", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _loop_table(
        doc, "r in target_rows", ("STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Tình trạng"),
        (Mm(13), Mm(68), Mm(18), Mm(24), Mm(22), Mm(20)),
        (("{{ r.stt }}", at_center), ("{{ r.title }}", at_left), *((f"{{{{ r.{name} }}}}", at_center)
                                                             for name in ("unit", "target", "result", "status"))),
    )
    _para(doc, "{%p endif %}")

    _para(doc, "{%p for d in district_tables %}")
    _para(doc, "Phụ lục {{ d.number }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
          page_break=True)
    _para(doc, "{{ d.title }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _loop_table(
        doc, "r in d.rows", ("STT", "Đơn vị", "{{ d.headers[0] }}", "{{ d.headers[1] }}", "{{ d.headers[2] }}"),
        (Mm(13), Mm(53), Mm(33), Mm(33), Mm(33)),
        (("{{ r[0] }}", at_center), ("{{ r[1] }}", at_left), *((f"{{{{r r[{i}] }}}}", at_right) for i in (2, 3, 4))),
    )
    _para(doc, "{%p endfor %}")

    path = TEMPLATES / f"bao-cao-{kind}.docx"
    doc.save(str(path))
    return path


def _loop_table(doc: Any, loop: str, headers: Sequence[str], widths: Sequence[Any],
                row: Sequence[tuple[str, Any]]) -> None:
    """An appendix table: a header repeated on every page, then one template row repeated by ``{%tr for loop %}``."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        _cell(cell, text, size=12, bold=True)
    _repeat_header(table.rows[0])
    _cell(table.rows[1].cells[0], "{%tr for " + loop + " %}", size=11)
    for cell, (text, align), width in zip(table.rows[2].cells, row, widths, strict=True):
        cell.width = width
        _cell(cell, text, size=12, align=align)
    _cell(table.rows[3].cells[0], "{%tr endfor %}", size=11)
    _widths(table, widths)


def main() -> None:
    for kind in KINDS:
        print(build(kind))


if __name__ == "__main__":
    main()
