"""When and as which file a unit submitted: the submission time survives approval, so the dashboard
tells on-time from late without reading the audit log.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission_status") as batch:
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("submitted_file", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submission_status") as batch:
        batch.drop_column("submitted_file")
        batch.drop_column("submitted_at")
