"""Reading the UTF-8 text files people hand the app (values and unit lists as CSV), refusing in
Vietnamese what cannot be read: a missing file, a folder, another encoding, an unreadable disk."""

from __future__ import annotations

from pathlib import Path

from forms.errors import BieumauError
from forms.limits import MAX_TEXT_FILE_BYTES


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
