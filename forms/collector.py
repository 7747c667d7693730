"""Pausing Python's cyclic garbage collector while one workbook is built or read, or one import batch is
planned.

A big workbook or a province's import is hundreds of thousands of small, long-lived, acyclic objects
(xlsxwriter's cell records, the cell keys, values and rows we hold); each time they grow by a quarter the
collector walks them all again, for nothing — a quarter of an import's CPU time. Mercurial's
``util.nogc`` does the same. Reference counting still frees everything as usual; the objects the block
leaves behind are collected once, as it ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enable it after only if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            # what the block left young is looked at once, here, and not by whatever allocates next
            # (the UI thread after a background export, or the next benchmark)
            gc.collect(0)
