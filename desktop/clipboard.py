"""Rectangular blocks to and from Excel and LibreOffice: tab-separated text, quoted cells allowed."""

from __future__ import annotations

import csv
import io


def parse_block(text: str) -> list[list[str]]:
    """Read what Excel puts on the clipboard: rows by newline, cells by tab; a cell with a newline
    or tab comes quoted. The trailing newline Excel adds does not make an extra row."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')
    rows = [list(row) if row else [""] for row in reader]
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def format_block(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
