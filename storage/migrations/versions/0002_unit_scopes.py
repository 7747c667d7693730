"""Unit scopes of PostgreSQL logins and row-level security: a district writes only its own subtree.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCOPED_TABLES = ("cell_values", "comments", "submission_status", "audit_log")

# True when the current login was granted ``target`` or one of its ancestors. Not SECURITY DEFINER:
# inside such a function current_user would be the owner, not the district's login.
IN_SCOPE = """
CREATE OR REPLACE FUNCTION bieumau_in_scope(target text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    WITH RECURSIVE up(code, parent, depth) AS (
        SELECT code, parent, 0 FROM units WHERE code = target
        UNION ALL
        SELECT u.code, u.parent, up.depth + 1 FROM units u JOIN up ON u.code = up.parent
        WHERE up.depth < 16
    )
    SELECT EXISTS (
        SELECT 1 FROM unit_scopes s
        WHERE s.role = current_user AND (s.unit = target OR s.unit IN (SELECT code FROM up))
    )
$$
"""


def upgrade() -> None:
    op.create_table(
        "unit_scopes",
        sa.Column("role", sa.String(128), primary_key=True),
        sa.Column("unit", sa.String(64), primary_key=True),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    op.execute(IN_SCOPE.format(schema=schema))
    for table in SCOPED_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_read ON {table} FOR SELECT USING (true)")
        op.execute(f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK (bieumau_in_scope(unit))")
        op.execute(
            f"CREATE POLICY {table}_update ON {table} FOR UPDATE "
            "USING (bieumau_in_scope(unit)) WITH CHECK (bieumau_in_scope(unit))"
        )
        op.execute(f"CREATE POLICY {table}_delete ON {table} FOR DELETE USING (bieumau_in_scope(unit))")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in SCOPED_TABLES:
            for action in ("read", "insert", "update", "delete"):
                op.execute(f"DROP POLICY IF EXISTS {table}_{action} ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS bieumau_in_scope(text)")
    op.drop_table("unit_scopes")
