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
from forms.messages import Msg

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
        raise OutputPathError(Msg("output.empty"))
    target = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or target.is_dir():
        raise OutputPathError(Msg("output.is_folder", target=target))
    folder = target.parent
    if not folder.exists():
        raise OutputPathError(Msg("output.no_folder", folder=folder, target=target))
    if not folder.is_dir():
        raise OutputPathError(Msg("output.parent_not_folder", folder=folder, target=target))
    if not target.exists() and not target.is_symlink():
        return target
    if not target.is_file():
        raise OutputPathError(Msg("output.not_regular", target=target))
    _refuse_foreign(target, kind)
    return target


def _refuse_foreign(target: Path, kind: str) -> None:
    try:
        with open(target, "rb") as handle:
            head = handle.read(_PNG_SCAN_LIMIT)
    except OSError as exc:
        raise OutputPathError(Msg("output.unreadable", target=target, error=exc.strerror or exc)) from None
    if head.startswith(_SQLITE_MAGIC):
        raise OutputPathError(Msg("output.database", target=target))
    if target.suffix.lower() in _DEFINITION_SUFFIXES:
        raise OutputPathError(Msg("output.definition", target=target))
    if kind == "xlsx" and head.startswith(b"PK"):
        sheets = _sheet_names(target)
        if META_SHEET in sheets:
            return
        if _DEFINITION_SHEETS <= {s.lower() for s in sheets}:
            raise OutputPathError(Msg("output.xlsform", target=target))
    if kind == "csv" and _first_line(head) == VALUES_HEADER:
        return
    if kind == "png" and head.startswith(_PNG_MAGIC) and _png_is_ours(head):
        return
    raise OutputPathError(Msg("output.foreign", target=target))


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
            raise OutputPathError(Msg("output.no_permission", folder=target.parent, name=target.name),
                                  "locked") from None
        except OSError as exc:
            raise OutputPathError(Msg("file.write_failed", path=target, error=exc.strerror or exc), "write") from None
        if not temp.exists():
            return  # the writer refused before writing anything
        check_output_path(target, kind)  # the target may have appeared meanwhile
        try:
            os.replace(temp, target)
        except PermissionError:
            raise OutputPathError(Msg("output.open_elsewhere", target=target), "locked") from None
        except OSError as exc:
            raise OutputPathError(Msg("file.write_failed", path=target, error=exc.strerror or exc)) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
