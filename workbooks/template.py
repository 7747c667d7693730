"""The fill-in template: the same paper, with input cells unlocked and validated, everything else
protected (no password), and SUM formulas beside "complete" totals so a clerk sees them in Excel."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from workbooks.paper import BookContent, CellKey, SheetContext, write_book

# The sheet is protected without a password: protection guards against slips, not against people.
TEMPLATE_PASSWORD = ""


def write_template(
    ctx: SheetContext,
    path: Path,
    *,
    values: Mapping[CellKey, str] | None = None,
    comments: Mapping[CellKey, str] | None = None,
    exported_at: datetime | None = None,
) -> Path:
    """Write a blank (or pre-filled with ``values``) workbook for ``ctx`` to ``path``."""
    content = BookContent(kind="template", values=values or {}, comments=comments or {})
    return write_book(ctx, Path(path), content, exported_at=exported_at)
