"""A province's plan: yearly targets per unit and indicator, stored as the plan wrote them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ``value`` is ExactDecimal in storage.schema: text on SQLite, NUMERIC on PostgreSQL
    value_type = sa.Numeric() if op.get_bind().dialect.name == "postgresql" else sa.String(64)
    op.create_table(
        "plan_targets",
        sa.Column("unit", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("indicator", sa.String(128), primary_key=True),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("operator", sa.String(16), nullable=False),
        sa.Column("value", value_type, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("user_name", sa.String(128), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("plan_targets")
