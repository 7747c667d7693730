"""The submission workbook: one unit's figures for one period on the official paper, violations
marked on their cells and listed on the "Kiểm tra" sheet, with a values checksum in ``_meta``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from workbooks.paper import BookContent, CellKey, CellMark, SheetContext, write_book


def write_submission(
    ctx: SheetContext,
    values: Mapping[CellKey, str],
    path: Path,
    *,
    marks: Sequence[CellMark] = (),
    comments: Mapping[CellKey, str] | None = None,
    justifications: Mapping[CellKey, str] | None = None,
    computed: Mapping[CellKey, Decimal] | None = None,
    targets: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    kind: str = "submission",
    exported_at: datetime | None = None,
) -> Path:
    """Write ``values`` (raw texts as typed) for ``ctx`` to ``path``; ``kind`` "consolidated" for a
    consolidation of child units. Raises ``WorkbookError`` when the file cannot be written."""
    content = BookContent(
        kind=kind,
        values=values,
        marks=tuple(marks),
        comments=comments or {},
        justifications=justifications or {},
        computed=computed or {},
        targets=targets or {},
    )
    return write_book(ctx, Path(path), content, progress=progress, cancelled=cancelled, exported_at=exported_at)
