"""When and as which file a unit submitted: the submission time survives approval, so the dashboard
tells on-time from late without reading the audit log.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
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


# On the server a status changes only through SECURITY DEFINER functions (revision 0003): recording a
# submission is one more, built on bieumau_set_status so the same scope and ladder checks apply.
RECORD_ON_SERVER = """
CREATE OR REPLACE FUNCTION bieumau_record_submission(
    p_form text, p_unit text, p_period text, p_at timestamptz, p_file text,
    p_errors integer DEFAULT 0, p_warnings integer DEFAULT 0, p_source text DEFAULT 'export'
) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    old_status text;
BEGIN
    old_status := bieumau_set_status(p_form, p_unit, p_period, 'da_nop', NULL, p_errors, p_warnings,
                                     p_source, NULL);
    UPDATE submission_status SET submitted_at = LEAST(COALESCE(p_at, now()), now()), submitted_file = p_file
    WHERE form_id = p_form AND unit = p_unit AND period = p_period;
    RETURN old_status;
END
$$;
"""


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("submission_status") as batch:
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("submitted_file", sa.Text, nullable=True))
    op.execute(BACKFILL)
    if bind.dialect.name == "postgresql":
        schema = bind.exec_driver_sql("SELECT current_schema()").scalar() or "public"
        op.execute(RECORD_ON_SERVER.format(schema=schema))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bieumau_record_submission(text, text, text, timestamptz, text, "
                   "integer, integer, text)")
    with op.batch_alter_table("submission_status") as batch:
        batch.drop_column("submitted_file")
        batch.drop_column("submitted_at")
