"""What PostgreSQL itself refuses (revision 0003), told in Vietnamese: SQLSTATE of a refused change → the reason.

The server enforces the rank rules even against plain SQL; the app checks the same rules first and
names the cell or unit, so these sentences are what a user sees only when the server is the one to say no
(a rule the app did not know about, or a change made in between by someone else).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from forms.errors import BieumauError
from storage.database import AccessError, LockedError, Session
from storage.status import STATUS_NAMES_VI

ADMIN_ROLE = "bieumau_admin"

LOCKED = "BM001"
NOT_ABOVE = "BM002"
AUDIT_APPEND_ONLY = "BM003"
STATUS_CHANGED = "BM004"
FORMS_ADMIN_ONLY = "BM005"
REASON_REQUIRED = "BM006"
UNKNOWN_STATUS = "BM007"
OUT_OF_SCOPE = "BM008"
INSUFFICIENT_PRIVILEGE = "42501"



def _diag(exc: sa.exc.DBAPIError, name: str) -> str:
    diag: Any = getattr(exc.orig, "diag", None)
    return str(getattr(diag, name, None) or "")


def _first_line(exc: sa.exc.DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)


def refusal(exc: sa.exc.DBAPIError) -> BieumauError | None:
    """The Vietnamese error for a change the server refused, or None when ``exc`` is not such a refusal."""
    state = getattr(exc.orig, "sqlstate", None)
    detail = _diag(exc, "message_detail")
    unit = f" «{detail}»" if detail else ""
    if state == LOCKED:
        return LockedError(
            f"Máy chủ từ chối: số liệu của đơn vị{unit} kỳ này đã được duyệt nên không sửa được; cần cấp trên "
            "mở khóa (kèm lý do) trước khi sửa."
        )
    if state == NOT_ABOVE:
        return AccessError(
            f"Máy chủ từ chối: chỉ đơn vị cấp trên của{unit or ' đơn vị'} mới được duyệt, trả lại hay mở khóa "
            "số liệu của đơn vị đó; không đơn vị nào tự duyệt số liệu của chính mình.", "not_reviewer"
        )
    if state == OUT_OF_SCOPE:
        return AccessError(f"Máy chủ từ chối: tài khoản này không được ghi số liệu của đơn vị{unit}.")
    if state == AUDIT_APPEND_ONLY:
        return AccessError(
            "Máy chủ từ chối: nhật ký thay đổi chỉ được ghi thêm, không ai được sửa hay xóa dòng nhật ký.",
            "audit_append_only",
        )
    if state == STATUS_CHANGED:
        status = STATUS_NAMES_VI.get(detail, detail)
        return BieumauError(
            f"Biểu vừa được chuyển sang «{status}» nên không thực hiện được; hãy tải lại rồi làm lại.",
            "status_changed",
        )
    if state == FORMS_ADMIN_ONLY:
        return AccessError(
            "Máy chủ từ chối: chỉ quản trị cấp tỉnh được thêm, sửa hay xóa biểu mẫu.", "forms_admin_only"
        )
    if state == REASON_REQUIRED:
        return BieumauError("Trả lại hoặc mở khóa số liệu phải ghi rõ lý do.", "reason_required")
    if state == UNKNOWN_STATUS:
        return BieumauError(f"Trạng thái «{detail}» không hợp lệ.", "status")
    if isinstance(exc, sa.exc.DataError) or (state or "").startswith("22"):
        # storage.inputs refuses what it knows of first; this is the server's word on anything else
        return BieumauError(f"Máy chủ không nhận dữ liệu này nên không có gì được ghi ({_first_line(exc)}).",
                            "data")
    if state == INSUFFICIENT_PRIVILEGE:  # refused by row-level security or a missing GRANT
        return AccessError(f"Máy chủ từ chối: tài khoản không có quyền ghi dữ liệu này ({_first_line(exc)}).")
    return None


def may_write_forms(session: Session) -> bool:
    """Whether the login may add form definitions: always on SQLite; on PostgreSQL the owner and the admin role."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(sa.text("SELECT bieumau_is_admin()")).scalar())
