"""Rank enforced by PostgreSQL itself: forms for the province admin, the review ladder, the lock, an append-only audit.

A district login connecting with plain SQL meets the same rules as the app: it cannot write form
definitions, cannot change a submission status except through the functions below (which check the
ladder: only a unit above approves, returns or unlocks, never a unit itself), cannot change values, notes
or justifications of an approved period, and cannot change or delete audit rows, whose author is the
database login. SQLite has one user and no server: nothing changes there.

SQLSTATEs raised here are mapped to Vietnamese in ``storage.server_rules``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ADMIN_ROLE = "bieumau_admin"

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION bieumau_unrestricted(who text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    SELECT COALESCE((
        SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(who, t.tableowner, 'MEMBER')
        FROM pg_roles r, pg_tables t
        WHERE r.rolname = who AND t.tablename = 'cell_values' AND t.schemaname = '{schema}'
    ), false)
$$;

CREATE OR REPLACE FUNCTION bieumau_is_admin() RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    SELECT bieumau_unrestricted(current_user::text) OR EXISTS (
        SELECT 1 FROM pg_roles a WHERE a.rolname = '{admin}' AND pg_has_role(current_user, a.oid, 'MEMBER')
    )
$$;

-- Scope of a named login (bieumau_in_scope reads current_user, which is the owner inside the functions below).
CREATE OR REPLACE FUNCTION bieumau_in_scope_of(who text, target text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    WITH RECURSIVE up(code, parent, depth) AS (
        SELECT code, parent, 0 FROM units WHERE code = target
        UNION ALL
        SELECT u.code, u.parent, up.depth + 1 FROM units u JOIN up ON u.code = up.parent WHERE up.depth < 16
    )
    SELECT EXISTS (SELECT 1 FROM unit_scopes s WHERE s.role = who AND s.unit IN (SELECT code FROM up))
$$;

-- The ladder: a unit granted to ``who`` is strictly above ``target``, or is a department (so) whose
-- province is above it; never ``target`` itself. Mirrors storage.review.review_refusal.
CREATE OR REPLACE FUNCTION bieumau_may_review(who text, target text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    WITH RECURSIVE up(code, parent, depth) AS (
        SELECT code, parent, 0 FROM units WHERE code = target
        UNION ALL
        SELECT u.code, u.parent, up.depth + 1 FROM units u JOIN up ON u.code = up.parent WHERE up.depth < 16
    )
    SELECT EXISTS (
        SELECT 1 FROM unit_scopes s JOIN units g ON g.code = s.unit
        WHERE s.role = who AND s.unit <> target AND (
            s.unit IN (SELECT code FROM up WHERE depth > 0)
            OR (g.level = 'so' AND g.parent IN (SELECT code FROM up WHERE depth > 0))
        )
    )
$$;

-- Approving, returning and unlocking are review steps; entering, checking and submitting belong to the unit.
CREATE OR REPLACE FUNCTION bieumau_is_review_step(old_status text, new_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT new_status = 'da_duyet' OR old_status = 'da_duyet'
        OR (old_status IN ('da_kiem_tra', 'da_nop') AND new_status IN ('chua_nhap', 'dang_nhap'))
$$;

CREATE OR REPLACE FUNCTION bieumau_set_status(
    p_form text, p_unit text, p_period text, p_status text, p_reason text DEFAULT NULL,
    p_errors integer DEFAULT 0, p_warnings integer DEFAULT 0, p_source text DEFAULT 'api',
    p_allowed text[] DEFAULT NULL
) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    who text := session_user;
    old_status text;
    reason text := NULLIF(btrim(COALESCE(p_reason, '')), '');
    now_at timestamptz := now();
BEGIN
    IF p_status NOT IN ('chua_nhap', 'dang_nhap', 'da_kiem_tra', 'da_nop', 'da_duyet') THEN
        RAISE EXCEPTION 'bieumau: unknown status %', p_status USING ERRCODE = 'BM007', DETAIL = p_status;
    END IF;
    SELECT status INTO old_status FROM submission_status
    WHERE form_id = p_form AND unit = p_unit AND period = p_period FOR UPDATE;
    IF NOT FOUND THEN
        old_status := 'chua_nhap';
    END IF;
    IF NOT bieumau_unrestricted(who) THEN
        IF bieumau_is_review_step(old_status, p_status) THEN
            IF NOT bieumau_may_review(who, p_unit) THEN
                RAISE EXCEPTION 'bieumau: % is not above unit %', who, p_unit
                    USING ERRCODE = 'BM002', DETAIL = p_unit;
            END IF;
        ELSIF NOT bieumau_in_scope_of(who, p_unit) THEN
            RAISE EXCEPTION 'bieumau: unit % is outside the scope of %', p_unit, who
                USING ERRCODE = 'BM008', DETAIL = p_unit;
        END IF;
    END IF;
    IF p_allowed IS NOT NULL AND NOT (old_status = ANY (p_allowed)) THEN
        RAISE EXCEPTION 'bieumau: status of % is now %', p_unit, old_status
            USING ERRCODE = 'BM004', DETAIL = old_status;
    END IF;
    IF old_status = 'da_duyet' AND p_status <> 'da_duyet' AND reason IS NULL THEN
        RAISE EXCEPTION 'bieumau: unlocking needs a reason' USING ERRCODE = 'BM006';
    END IF;
    INSERT INTO submission_status AS s (form_id, unit, period, status, user_name, changed_at, reason,
                                       error_count, warning_count)
    VALUES (p_form, p_unit, p_period, p_status, who, now_at, reason, p_errors, p_warnings)
    ON CONFLICT (form_id, unit, period) DO UPDATE SET
        status = EXCLUDED.status, user_name = EXCLUDED.user_name, changed_at = EXCLUDED.changed_at,
        reason = EXCLUDED.reason, error_count = EXCLUDED.error_count, warning_count = EXCLUDED.warning_count;
    IF old_status <> p_status OR reason IS NOT NULL THEN
        INSERT INTO audit_log (form_id, unit, period, indicator, column_id, kind, old_raw, new_raw, user_name,
                               at, source)
        VALUES (p_form, p_unit, p_period, '', '', 'status', old_status,
                CASE WHEN reason IS NULL THEN p_status ELSE p_status || ': ' || reason END, who, now_at, p_source);
    END IF;
    RETURN old_status;
END
$$;

CREATE OR REPLACE FUNCTION bieumau_approve(p_form text, p_unit text, p_period text, p_source text DEFAULT 'api')
RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT bieumau_set_status(p_form, p_unit, p_period, 'da_duyet', NULL,
        COALESCE((SELECT error_count FROM submission_status WHERE form_id = p_form AND unit = p_unit
                  AND period = p_period), 0),
        COALESCE((SELECT warning_count FROM submission_status WHERE form_id = p_form AND unit = p_unit
                  AND period = p_period), 0),
        p_source, ARRAY['da_kiem_tra', 'da_nop'])
$$;

CREATE OR REPLACE FUNCTION bieumau_return(p_form text, p_unit text, p_period text, p_reason text,
                                          p_source text DEFAULT 'api')
RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT bieumau_set_status(p_form, p_unit, p_period, 'dang_nhap', p_reason, 0, 0, p_source,
                              ARRAY['da_kiem_tra', 'da_nop'])
$$;

CREATE OR REPLACE FUNCTION bieumau_unlock(p_form text, p_unit text, p_period text, p_reason text,
                                          p_source text DEFAULT 'api')
RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT bieumau_set_status(p_form, p_unit, p_period, 'da_nop', p_reason, 0, 0, p_source, ARRAY['da_duyet'])
$$;

-- A value written: a form nobody had started becomes "đang nhập"; the time of the last change is kept.
CREATE OR REPLACE FUNCTION bieumau_note_value_change(
    p_form text, p_unit text, p_period text, p_at timestamptz, p_source text
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    who text := session_user;
    old_status text;
BEGIN
    IF NOT bieumau_unrestricted(who) AND NOT bieumau_in_scope_of(who, p_unit) THEN
        RAISE EXCEPTION 'bieumau: unit % is outside the scope of %', p_unit, who
            USING ERRCODE = 'BM008', DETAIL = p_unit;
    END IF;
    SELECT status INTO old_status FROM submission_status
    WHERE form_id = p_form AND unit = p_unit AND period = p_period FOR UPDATE;
    IF old_status = 'da_duyet' THEN
        RAISE EXCEPTION 'bieumau: % % % is approved', p_form, p_unit, p_period
            USING ERRCODE = 'BM001', DETAIL = p_unit;
    ELSIF old_status IS NULL OR old_status = 'chua_nhap' THEN
        INSERT INTO submission_status AS s (form_id, unit, period, status, user_name, changed_at, reason,
                                           error_count, warning_count, last_value_change)
        VALUES (p_form, p_unit, p_period, 'dang_nhap', who, p_at, NULL, 0, 0, p_at)
        ON CONFLICT (form_id, unit, period) DO UPDATE SET
            status = 'dang_nhap', user_name = who, changed_at = p_at, reason = NULL, last_value_change = p_at;
        INSERT INTO audit_log (form_id, unit, period, indicator, column_id, kind, old_raw, new_raw, user_name,
                               at, source)
        VALUES (p_form, p_unit, p_period, '', '', 'status', 'chua_nhap', 'dang_nhap', who, p_at, p_source);
    ELSE
        UPDATE submission_status SET last_value_change = p_at
        WHERE form_id = p_form AND unit = p_unit AND period = p_period;
    END IF;
END
$$;

-- Direct writes of statuses: only the owner (through the functions above, which run as the owner).
CREATE OR REPLACE FUNCTION bieumau_status_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT bieumau_unrestricted(current_user::text) THEN
        RAISE EXCEPTION 'bieumau: submission_status changes only through bieumau_set_status'
            USING ERRCODE = 'BM002';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION bieumau_is_locked(p_form text, p_unit text, p_period text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM submission_status s WHERE s.form_id = p_form AND s.unit = p_unit
                   AND s.period = p_period AND s.status = 'da_duyet')
$$;

-- Values, notes and justifications of an approved period stay as approved until unlocked (bieumau_unlock).
CREATE OR REPLACE FUNCTION bieumau_refuse_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF bieumau_is_locked(OLD.form_id, OLD.unit, OLD.period) THEN
            RAISE EXCEPTION 'bieumau: % % % is approved', OLD.form_id, OLD.unit, OLD.period
                USING ERRCODE = 'BM001', DETAIL = OLD.unit;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF bieumau_is_locked(NEW.form_id, NEW.unit, NEW.period) THEN
        RAISE EXCEPTION 'bieumau: % % % is approved', NEW.form_id, NEW.unit, NEW.period
            USING ERRCODE = 'BM001', DETAIL = NEW.unit;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION bieumau_forms_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT bieumau_is_admin() THEN
        RAISE EXCEPTION 'bieumau: only {admin} writes forms' USING ERRCODE = 'BM005';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION bieumau_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'bieumau: audit_log is append-only' USING ERRCODE = 'BM003';
END
$$;

-- Whatever name the client sends, the author of an audit row is the login that wrote it.
CREATE OR REPLACE FUNCTION bieumau_audit_author() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.user_name := session_user;
    RETURN NEW;
END
$$;

-- The privileges of a unit's login (storage.scopes.grant_unit_scope): read everything; write values,
-- notes and new audit rows (row-level security keeps them to its units); lock status rows for a write,
-- which PostgreSQL allows only with an UPDATE privilege (the status trigger refuses any change itself).
CREATE OR REPLACE FUNCTION bieumau_grant_login(who text) RETURNS void
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', '{schema}', who);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', '{schema}', who);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', '{schema}', who);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON forms, submission_status, audit_log, units, '
                   'unit_imports, unit_scopes FROM %I', who);
    EXECUTE format('GRANT INSERT, UPDATE ON cell_values TO %I', who);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON comments TO %I', who);
    EXECUTE format('GRANT INSERT ON audit_log TO %I', who);
    EXECUTE format('GRANT UPDATE (last_value_change) ON submission_status TO %I', who);
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER submission_status_guard BEFORE INSERT OR UPDATE OR DELETE ON submission_status
    FOR EACH ROW EXECUTE FUNCTION bieumau_status_guard();
CREATE TRIGGER cell_values_locked BEFORE INSERT OR UPDATE OR DELETE ON cell_values
    FOR EACH ROW EXECUTE FUNCTION bieumau_refuse_locked();
CREATE TRIGGER comments_locked BEFORE INSERT OR UPDATE OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION bieumau_refuse_locked();
CREATE TRIGGER forms_guard BEFORE INSERT OR UPDATE OR DELETE ON forms
    FOR EACH ROW EXECUTE FUNCTION bieumau_forms_guard();
CREATE TRIGGER forms_no_truncate BEFORE TRUNCATE ON forms
    FOR EACH STATEMENT EXECUTE FUNCTION bieumau_forms_guard();
CREATE TRIGGER submission_status_no_truncate BEFORE TRUNCATE ON submission_status
    FOR EACH STATEMENT EXECUTE FUNCTION bieumau_status_guard();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION bieumau_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION bieumau_audit_append_only();
CREATE TRIGGER audit_log_author BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION bieumau_audit_author();
"""

# The admin role is the server's (shared by its databases): made once, kept by the downgrade.
ADMIN = f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMIN_ROLE}') THEN
        CREATE ROLE {ADMIN_ROLE} NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$
"""

POLICIES = ("read", "insert", "update", "delete")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    op.execute(ADMIN)
    op.execute(FUNCTIONS.format(schema=schema, admin=ADMIN_ROLE))
    op.execute(TRIGGERS)
    op.execute("ALTER TABLE forms ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY forms_read ON forms FOR SELECT USING (true)")
    op.execute("CREATE POLICY forms_insert ON forms FOR INSERT WITH CHECK (bieumau_is_admin())")
    op.execute("CREATE POLICY forms_update ON forms FOR UPDATE USING (bieumau_is_admin()) "
               "WITH CHECK (bieumau_is_admin())")
    op.execute("CREATE POLICY forms_delete ON forms FOR DELETE USING (bieumau_is_admin())")
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {ADMIN_ROLE}')
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON forms TO {ADMIN_ROLE}")
    op.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON forms, submission_status FROM PUBLIC")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC")
    # Logins granted before this revision had write access to forms, statuses and the audit.
    op.execute("SELECT bieumau_grant_login(role) FROM (SELECT DISTINCT role FROM unit_scopes) s "
               "WHERE EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.role)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for name, table in (("submission_status_guard", "submission_status"), ("cell_values_locked", "cell_values"),
                        ("comments_locked", "comments"), ("forms_guard", "forms"),
                        ("forms_no_truncate", "forms"), ("submission_status_no_truncate", "submission_status"),
                        ("audit_log_append_only", "audit_log"), ("audit_log_no_truncate", "audit_log"),
                        ("audit_log_author", "audit_log")):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for action in POLICIES:
        op.execute(f"DROP POLICY IF EXISTS forms_{action} ON forms")
    op.execute("ALTER TABLE forms DISABLE ROW LEVEL SECURITY")
    for signature in (
        "bieumau_approve(text, text, text, text)", "bieumau_return(text, text, text, text, text)",
        "bieumau_unlock(text, text, text, text, text)",
        "bieumau_set_status(text, text, text, text, text, integer, integer, text, text[])",
        "bieumau_note_value_change(text, text, text, timestamptz, text)", "bieumau_status_guard()",
        "bieumau_refuse_locked()", "bieumau_is_locked(text, text, text)", "bieumau_forms_guard()", "bieumau_audit_append_only()",
        "bieumau_audit_author()", "bieumau_grant_login(text)", "bieumau_is_review_step(text, text)",
        "bieumau_may_review(text, text)", "bieumau_in_scope_of(text, text)", "bieumau_is_admin()",
        "bieumau_unrestricted(text)",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
