"""Initial schema: units, forms, values with their audit log, comments and submission status.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Exact decimals: NUMERIC on PostgreSQL, text on SQLite (its NUMERIC affinity rounds through a float).
EXACT = sa.Numeric().with_variant(sa.String(64), "sqlite")
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent", sa.String(64), nullable=True),
        sa.Column("valid_from", sa.Date, nullable=True),
        sa.Column("valid_to", sa.Date, nullable=True),
        sa.Column("merged_into", sa.String(64), nullable=True),
        sa.Column("code_list_version", sa.String(64), nullable=True),
        sa.Column("updated_at", STAMP, nullable=False),
    )
    op.create_table(
        "unit_imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code_list_version", sa.String(64), nullable=True),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_table(
        "forms",
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("registered_at", STAMP, nullable=False),
    )
    op.create_table(
        "cell_values",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("unit", sa.String(64), sa.ForeignKey("units.code"), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("column_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("number", EXACT, nullable=True),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("changed_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("form_id", "unit", "period", "indicator", "column_id", name="uq_cell_values_cell"),
    )
    op.create_index("ix_cell_values_period_form", "cell_values", ["period", "form_id"])
    op.create_table(
        "comments",
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("unit", sa.String(64), sa.ForeignKey("units.code"), primary_key=True),
        sa.Column("period", sa.String(16), primary_key=True),
        sa.Column("indicator", sa.String(64), primary_key=True),
        sa.Column("column_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("changed_at", STAMP, nullable=False),
    )
    op.create_table(
        "submission_status",
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("unit", sa.String(64), sa.ForeignKey("units.code"), primary_key=True),
        sa.Column("period", sa.String(16), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("changed_at", STAMP, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("warning_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_value_change", STAMP, nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("column_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("old_raw", sa.Text, nullable=False),
        sa.Column("new_raw", sa.Text, nullable=False),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_cell", "audit_log", ["form_id", "unit", "period", "indicator", "column_id"])


def downgrade() -> None:
    for table in ("audit_log", "submission_status", "comments", "cell_values", "forms", "unit_imports", "units"):
        op.drop_table(table)
