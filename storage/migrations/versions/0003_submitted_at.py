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


# Forms submitted before this revision: "đã nộp" since their last status change; an approved one since
# its last move to "đã nộp" in the audit log — read once here, never again at run time.
BACKFILL = """
UPDATE submission_status SET submitted_at = CASE
    WHEN status = 'da_nop' THEN changed_at
    ELSE (SELECT MAX(a.at) FROM audit_log a
          WHERE a.form_id = submission_status.form_id AND a.unit = submission_status.unit
            AND a.period = submission_status.period AND a.kind = 'status' AND a.new_raw LIKE 'da_nop%')
END
WHERE status IN ('da_nop', 'da_duyet')
"""


def upgrade() -> None:
    with op.batch_alter_table("submission_status") as batch:
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("submitted_file", sa.Text, nullable=True))
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("submission_status") as batch:
        batch.drop_column("submitted_file")
        batch.drop_column("submitted_at")
