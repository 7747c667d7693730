"""Which units a PostgreSQL login may write: ``grant_unit_scope`` sets up a district's login; RLS enforces it."""

from __future__ import annotations

import re

import sqlalchemy as sa

from forms.errors import BieumauError
from forms.messages import Msg
from storage.database import AccessError, Database, Session
from storage.schema import unit_scopes

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

__all__ = ["AccessError", "check_scope", "grant_unit_scope", "unrestricted"]


def _quoted(role: str) -> str:
    if not _ROLE.match(role):
        raise BieumauError(Msg("scope.bad_role", role=role), "role")
    return f'"{role}"'


def grant_unit_scope(db: Database, role: str, unit_code: str, *, create_login: bool = True) -> bool:
    """Let ``role`` write ``unit_code`` and every unit below it (a district and its communes).

    Creates the login (without password: set one with ALTER ROLE … PASSWORD) when missing and
    grants it read access to everything, write access to values and notes, and the right to add audit
    rows; statuses change only through the server's review functions, forms only by the province admin.
    Returns whether the login was created.
    """
    if db.is_sqlite:
        raise BieumauError(Msg("scope.postgres_only"), "role")
    quoted = _quoted(role)
    with db.session() as session:
        from storage.units import unit_exists

        if not unit_exists(session, unit_code):
            raise BieumauError(Msg("unit.unknown_code", unit=unit_code), "unknown_unit")
        exists = session.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            if not create_login:
                raise BieumauError(Msg("scope.no_role", role=role), "role")
            session.execute(sa.text(f"CREATE ROLE {quoted} LOGIN"))
        created = not exists
        # One set of privileges, kept in the database (migration 0003): no forms, no direct status change,
        # audit rows only added.
        session.execute(sa.text("SELECT bieumau_grant_login(:r)"), {"r": role})
        known = session.execute(
            sa.select(unit_scopes.c.role).where(unit_scopes.c.role == role, unit_scopes.c.unit == unit_code)
        ).first()
        if not known:
            session.execute(unit_scopes.insert().values(role=role, unit=unit_code))
    return created


def unrestricted(session: Session, db: Database) -> bool:
    """True on SQLite, and for PostgreSQL logins that row-level security does not apply to."""
    if db.is_sqlite:
        return True
    cached = getattr(db, "_unrestricted", None)
    if cached is None:
        cached = bool(session.execute(sa.text(
            "SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, t.tableowner, 'MEMBER') "
            "FROM pg_roles r, pg_tables t WHERE r.rolname = current_user "
            "AND t.tablename = 'cell_values' AND t.schemaname = current_schema()"
        )).scalar())
        db._unrestricted = cached  # type: ignore[attr-defined]
    return cached


def check_scope(session: Session, db: Database, codes: set[str]) -> None:
    """Refuse, in Vietnamese and before writing, units outside the login's scope (RLS would refuse anyway)."""
    if unrestricted(session, db):
        return
    for code in sorted(codes):
        if not session.execute(sa.text("SELECT bieumau_in_scope(:u)"), {"u": code}).scalar():
            user = session.execute(sa.text("SELECT current_user")).scalar()
            raise AccessError(Msg("scope.not_yours", user=user, unit=code))
