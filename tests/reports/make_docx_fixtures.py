"""Rebuild the .docx fixtures from the .txt ones (same paragraphs and tables, Word layout):

    .venv/bin/python -m tests.reports.make_docx_fixtures
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def build(txt: Path) -> Path:
    from docx import Document
    from docx.shared import Pt

    from reports.text import read_plain_text

    report = read_plain_text(txt.read_text(encoding="utf-8"))
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    tables = {t.paragraph: [] for t in report.tables}
    for t in report.tables:
        tables[t.paragraph].append(t)
    for n in range(len(report.paragraphs) + 1):
        for table in tables.get(n, []):
            width = max(len(r) for r in table.rows)
            grid = doc.add_table(rows=len(table.rows), cols=width)
            grid.style = "Table Grid"
            for r, row in enumerate(table.rows):
                for c, text in enumerate(row):
                    grid.rows[r].cells[c].text = text
        if n < len(report.paragraphs):
            doc.add_paragraph(report.paragraphs[n])
    out = txt.with_suffix(".docx")
    doc.save(str(out))
    return out


def main() -> None:
    for txt in sorted(DATA.glob("*.txt")):
        print(build(txt))


if __name__ == "__main__":
    main()
