"""Reading the UTF-8 text files people hand the app (values and unit lists as CSV), refusing in
Vietnamese what cannot be read: a missing file, a folder, another encoding, an unreadable disk."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from forms.errors import BieumauError
from forms.limits import MAX_TEXT_FILE_BYTES

T = TypeVar("T")


def read_user_text(path: str | Path, what: str, error: type[BieumauError] = BieumauError) -> str:
    """The whole text of ``path`` (a BOM from Excel's "CSV UTF-8" is dropped); ``what`` names the
    file in the refusal, e.g. "tệp số liệu"; ``error`` is the refusal's class."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_TEXT_FILE_BYTES:
            raise error(f"Tệp «{path.name}» quá lớn (trên {MAX_TEXT_FILE_BYTES // 2**20} MB); hãy chia nhỏ tệp.",
                        "too_large")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"Không tìm thấy {what} «{path}».", "not_found") from None
    except IsADirectoryError:
        raise error(f"«{path}» là thư mục, không phải {what}.", "not_found") from None
    except UnicodeDecodeError:
        raise error(f"Tệp «{path.name}» không phải văn bản UTF-8.", "format") from None
    except OSError as exc:
        raise error(f"Không đọc được tệp «{path.name}»: {exc.strerror}.", "unreadable") from None



def csv_failure(exc: csv.Error, name: str, line: int, error: type[BieumauError] = BieumauError) -> BieumauError:
    """A Vietnamese refusal for ``csv.Error`` (an oversized cell, a stray quote) at ``line`` of ``name``."""
    where = f"Tệp «{name}», khoảng dòng {line}"
    if "field larger than field limit" in str(exc):
        limit = f"{csv.field_size_limit():,}".replace(",", ".")
        return error(f"{where}: có một ô dài quá {limit} ký tự; tệp bị từ chối, không có gì được ghi.", "format")
    return error(f"{where}: không đọc được như CSV (dấu ngoặc kép không khớp hoặc ký tự lạ); "
                 "tệp bị từ chối, không có gì được ghi.", "format")


def csv_rows(reader: Iterator[T], name: str, error: type[BieumauError] = BieumauError) -> Iterator[T]:
    """The rows of a ``csv`` reader over a user's file, ``csv.Error`` turned into ``error``."""
    line = 1
    try:
        for row in reader:
            line += 1
            yield row
    except csv.Error as exc:
        raise csv_failure(exc, name, line + 1, error) from None
