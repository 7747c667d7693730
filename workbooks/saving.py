"""Saving a workbook atomically: write beside the target under a temporary name, then rename.

A half-written file never replaces a good one, and a file held open by Excel on Windows is reported
as such instead of as a traceback.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from workbooks.errors import WorkbookError


def locked_message(path: Path) -> str:
    return f"Tệp «{path.name}» đang được mở trong Excel hoặc không ghi được; hãy đóng tệp rồi thử lại."


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; on success it replaces ``path``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WorkbookError(f"Không ghi được tệp «{path.name}»: thư mục «{folder}» không tồn tại.", "write")
    tmp = folder / f".{path.stem}.{os.getpid()}.tmp{path.suffix or '.xlsx'}"
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise WorkbookError(locked_message(path), "locked") from None
    except PermissionError:
        raise WorkbookError(locked_message(path), "locked") from None
    except OSError as exc:
        raise WorkbookError(
            f"Không ghi được tệp «{path.name}»: {exc.strerror or exc}.", "write"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def check_cancelled(cancelled: Callable[[], bool] | None, path: Path) -> None:
    if cancelled is not None and cancelled():
        raise WorkbookError(f"Đã hủy ghi tệp «{Path(path).name}»; tệp không được tạo.", "cancelled")
