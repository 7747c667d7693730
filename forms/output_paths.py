"""The one guard for every file the app writes (commands and windows alike).

An output path may only be a new file in an existing folder, or a file this app wrote before of the
same kind, recognised by its signature:

* ``xlsx`` — a workbook with our ``_meta`` sheet (submissions, templates, consolidated books);
* ``csv`` — a text file whose first line is exactly the VALUES.csv header ``unit,period,indicator,column,value``;
* ``png`` — a PNG carrying the text chunk ``Software=bieumau`` (charts, window pictures).

Everything else is refused with a Vietnamese reason naming the path: a SQLite database (the open one
or any other), a form definition, any other existing file, a folder, a path whose folder does not
exist (no folder is ever created for an output). The content goes to a temporary name in the same
folder and is renamed over the target only when complete.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path

from forms.errors import BieumauError

META_SHEET = "_meta"
VALUES_HEADER = "unit,period,indicator,column,value"
PNG_SOFTWARE = "bieumau"
KINDS = ("xlsx", "csv", "png", "sqlite")  # "sqlite": backups, always new files, never replacing one

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_DEFINITION_SUFFIXES = (".yaml", ".yml", ".json")
_DEFINITION_SHEETS = {"form", "indicators"}
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")
_WORKBOOK_XML_LIMIT = 2_000_000
_PNG_SCAN_LIMIT = 65_536


class OutputPathError(BieumauError):
    code = "output_path"


def check_output_path(path: str | os.PathLike[str], kind: str) -> Path:
    """``path`` as a Path when the app may write a ``kind`` file there; else OutputPathError."""
    if kind not in KINDS:
        raise ValueError(kind)
    text = os.fspath(path)
    if not text.strip():
        raise OutputPathError("Chưa chỉ tệp xuất (đường dẫn trống).")
    target = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or target.is_dir():
        raise OutputPathError(f"«{target}» là một thư mục, không phải tệp; hãy chỉ tên tệp cần ghi.")
    folder = target.parent
    if not folder.exists():
        raise OutputPathError(
            f"Thư mục «{folder}» của tệp xuất «{target}» không tồn tại; ứng dụng không tự tạo thư mục, "
            "hãy tạo trước hoặc chọn thư mục khác."
        )
    if not folder.is_dir():
        raise OutputPathError(f"«{folder}» không phải thư mục nên không ghi được tệp «{target}».")
    if not target.exists() and not target.is_symlink():
        return target
    if not target.is_file():
        raise OutputPathError(f"«{target}» không phải tệp thông thường; ứng dụng không ghi đè lên nó.")
    _refuse_foreign(target, kind)
    return target


def _refuse_foreign(target: Path, kind: str) -> None:
    try:
        with open(target, "rb") as handle:
            head = handle.read(_PNG_SCAN_LIMIT)
    except OSError as exc:
        raise OutputPathError(f"Không đọc được tệp có sẵn «{target}» ({exc.strerror or exc}); không ghi đè.") from None
    if head.startswith(_SQLITE_MAGIC):
        raise OutputPathError(f"«{target}» là một cơ sở dữ liệu SQLite; ứng dụng không bao giờ ghi tệp xuất đè lên "
                              "cơ sở dữ liệu. Hãy chọn tên tệp khác.")
    if target.suffix.lower() in _DEFINITION_SUFFIXES:
        raise OutputPathError(f"«{target}» là tệp định nghĩa biểu mẫu; ứng dụng không ghi đè lên nó. "
                              "Hãy chọn tên tệp khác.")
    if kind == "xlsx" and head.startswith(b"PK"):
        sheets = _sheet_names(target)
        if META_SHEET in sheets:
            return
        if _DEFINITION_SHEETS <= {s.lower() for s in sheets}:
            raise OutputPathError(f"«{target}» là tệp định nghĩa biểu mẫu (XLSForm); ứng dụng không ghi đè lên nó. "
                                  "Hãy chọn tên tệp khác.")
    if kind == "csv" and _first_line(head) == VALUES_HEADER:
        return
    if kind == "png" and head.startswith(_PNG_MAGIC) and _png_is_ours(head):
        return
    raise OutputPathError(f"Tệp «{target}» đã có và không do ứng dụng này tạo ra; không ghi đè. "
                          "Hãy chọn tên tệp khác hoặc tự xóa tệp cũ.")


def _sheet_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as book:
            info = book.getinfo("xl/workbook.xml")
            if info.file_size > _WORKBOOK_XML_LIMIT:
                return []
            xml = book.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
        return []
    return [m.decode("utf-8", "replace") for m in _SHEET_NAME.findall(xml)]


def _first_line(head: bytes) -> str:
    line = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf").rstrip(b"\r")
    return line.decode("utf-8", "replace").replace(" ", "")


def _png_is_ours(head: bytes) -> bool:
    return b"tEXtSoftware\x00" + PNG_SOFTWARE.encode() in head


@contextlib.contextmanager
def output_target(path: str | os.PathLike[str], kind: str) -> Iterator[Path]:
    """Check ``path``, yield a temporary path beside it, and rename it over ``path`` when the block
    ends without error; on any error the temporary file is removed and ``path`` is untouched."""
    target = check_output_path(path, kind)
    temp = target.parent / f".{target.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp{target.suffix}"
    try:
        try:
            yield temp
        except PermissionError:
            raise OutputPathError(f"Không ghi được vào thư mục «{target.parent}» (không có quyền ghi) nên không tạo "
                                  f"được «{target.name}».", "locked") from None
        except OSError as exc:
            raise OutputPathError(f"Không ghi được tệp «{target}»: {exc.strerror or exc}.", "write") from None
        if not temp.exists():
            return  # the writer refused before writing anything
        check_output_path(target, kind)  # the target may have appeared meanwhile
        try:
            os.replace(temp, target)
        except PermissionError:
            raise OutputPathError(
                f"Tệp «{target}» đang được mở (trong Excel hoặc chương trình khác) hoặc không ghi được; hãy đóng tệp rồi thử lại.",
                "locked",
            ) from None
        except OSError as exc:
            raise OutputPathError(f"Không ghi được tệp «{target}»: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
