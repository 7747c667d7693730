"""Saving a workbook atomically: write beside the target under a temporary name, then rename.

A half-written file never replaces a good one, and a file held open by Excel on Windows is reported
as such instead of as a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from forms.messages import Msg
from forms.output_paths import OutputPathError, output_target
from workbooks.errors import WorkbookError


def locked_message(path: Path) -> Msg:
    return Msg("workbook.open_elsewhere", name=Path(path).name)


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; on success it replaces ``path``. The output-path
    guard (``forms.output_paths``) refuses a database, a definition or a file the app did not make."""
    path = Path(path)
    try:
        with output_target(path, "xlsx") as tmp:
            yield tmp
    except OutputPathError as exc:
        if exc.code == "locked":
            raise WorkbookError(locked_message(path), "locked") from None
        raise
    except PermissionError:
        raise WorkbookError(locked_message(path), "locked") from None
    except OSError as exc:
        raise WorkbookError(Msg("file.write_failed", path=path, error=exc.strerror or exc), "write") from None


def check_cancelled(cancelled: Callable[[], bool] | None, path: Path) -> None:
    if cancelled is not None and cancelled():
        raise WorkbookError(Msg("workbook.cancelled", name=Path(path).name), "cancelled")
