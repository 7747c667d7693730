"""Rank enforced by PostgreSQL itself (revision 0003): unit logins in plain SQL, with psycopg and no app in between."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
import sqlalchemy as sa

from forms.errors import BieumauError
from storage import review
from storage.audit import history
from storage.database import AccessError, Database, LockedError, open_database
from storage.forms import register_form
from storage.scopes import grant_unit_scope
from storage.status import get_status, set_status
from storage.values import read_values, write_value

PERIOD = "2024Q2"
INSERT_FORM = ("INSERT INTO forms (form_id, version, checksum, definition, registered_at) "
               "VALUES ('KT-01', 99, 'x', 'junk', now())")


@dataclass
class Server:
    db: Database  # the owner's connection, as the app on the province's server
    url: str
    district: str  # granted H1 and its communes
    province: str  # granted T, the whole province
    department: str  # granted S1, a department (sở) of the province

    def login(self, role: str) -> psycopg.Connection:
        url = sa.make_url(self.url).set(drivername="postgresql", username=role)
        return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)

    def open(self, role: str) -> Database:
        return open_database(sa.make_url(self.url).set(username=role).render_as_string(hide_password=False),
                             user=role)


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"  # logins belong to the whole server, shared by the session's tests


@pytest.fixture
def server(pg_db: Database, pg_url: str, form) -> Server:
    register_form(pg_db, form)
    for unit in ("H1", "X11", "X21", "H2", "S2"):
        write_value(pg_db, form, unit, PERIOD, "bts", "th", "5", user="van_thu")
        set_status(pg_db, "KT-01", unit, PERIOD, "da_nop", user="van_thu")
    found = Server(pg_db, pg_url, _name("huyen"), _name("tinh"), _name("so"))
    grant_unit_scope(pg_db, found.district, "H1")
    grant_unit_scope(pg_db, found.province, "T")
    grant_unit_scope(pg_db, found.department, "S1")
    return found


@pytest.fixture
def district_sql(server: Server) -> Iterator[psycopg.Connection]:
    with server.login(server.district) as conn:
        assert not conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
        yield conn


def _refused(conn: psycopg.Connection, sql: str, state: str) -> None:
    with pytest.raises(psycopg.Error) as refused:
        conn.execute(sql)
    assert refused.value.sqlstate == state, refused.value


def _status(server: Server, unit: str) -> str:
    return get_status(server.db, "KT-01", unit, PERIOD).status


def test_a_district_login_cannot_touch_the_forms_everyone_uses(server: Server, district_sql) -> None:
    with server.db.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT * FROM forms").all()
    _refused(district_sql, INSERT_FORM, "42501")
    _refused(district_sql, "UPDATE forms SET definition = 'junk'", "42501")
    _refused(district_sql, "DELETE FROM forms", "42501")
    _refused(district_sql, "TRUNCATE forms", "42501")
    # Even a login someone granted the table to is held back by row-level security and the trigger.
    with server.db.engine.begin() as conn:
        conn.exec_driver_sql(f"GRANT ALL ON forms TO {server.district}")
    _refused(district_sql, INSERT_FORM, "BM005")
    assert district_sql.execute("UPDATE forms SET definition = 'junk'").rowcount == 0
    assert district_sql.execute("DELETE FROM forms").rowcount == 0
    _refused(district_sql, "TRUNCATE forms", "BM005")
    with server.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT * FROM forms").all() == before
    # The province admin role may.
    with server.db.engine.begin() as conn:
        conn.exec_driver_sql(f"GRANT bieumau_admin TO {server.province}")
    with server.login(server.province) as admin:
        admin.execute(INSERT_FORM.replace("99", "2"))
        assert admin.execute("SELECT count(*) FROM forms").fetchone()[0] == len(before) + 1


def test_the_app_tells_a_district_it_cannot_register_a_form(server: Server, form) -> None:
    from tests.storage.conftest import make_form

    district = server.open(server.district)
    try:
        with pytest.raises(AccessError, match="chỉ quản trị cấp tỉnh được nạp biểu mẫu"):
            write_value(district, make_form(version=2), "H1", PERIOD, "bts", "th", "1", user="x")
        write_value(district, form, "X11", PERIOD, "cap", "th", "1,5", user="x")  # the stored version is used
    finally:
        district.close()


def test_a_district_login_cannot_write_statuses_in_plain_sql(server: Server, district_sql) -> None:
    _refused(district_sql, "UPDATE submission_status SET status = 'da_duyet' WHERE unit = 'H1'", "42501")
    _refused(district_sql, "DELETE FROM submission_status WHERE unit = 'H1'", "42501")
    _refused(district_sql, "INSERT INTO submission_status (form_id, unit, period, status, user_name, changed_at) "
                           "VALUES ('KT-01', 'X12', '2024Q2', 'da_duyet', 'x', now())", "42501")
    # The one column it may lock rows by is still not writable.
    _refused(district_sql, "UPDATE submission_status SET last_value_change = now() WHERE unit = 'H1'", "BM002")
    assert _status(server, "H1") == "da_nop"


def test_only_the_level_above_approves_returns_and_unlocks(server: Server, district_sql) -> None:
    # its own unit: refused, whichever function it calls
    _refused(district_sql, "SELECT bieumau_approve('KT-01', 'H1', '2024Q2')", "BM002")
    _refused(district_sql, "SELECT bieumau_set_status('KT-01', 'H1', '2024Q2', 'da_duyet')", "BM002")
    _refused(district_sql, "SELECT bieumau_return('KT-01', 'H1', '2024Q2', 'sai')", "BM002")
    # another district's commune: refused; its own commune: allowed
    _refused(district_sql, "SELECT bieumau_approve('KT-01', 'X21', '2024Q2')", "BM002")
    district_sql.execute("SELECT bieumau_approve('KT-01', 'X11', '2024Q2')")
    assert (_status(server, "H1"), _status(server, "X11"), _status(server, "X21")) == ("da_nop", "da_duyet", "da_nop")
    # the province approves the district; not itself
    with server.login(server.province) as province:
        province.execute("SELECT bieumau_approve('KT-01', 'H1', '2024Q2')")
        _refused(province, "SELECT bieumau_set_status('KT-01', 'T', '2024Q2', 'da_duyet')", "BM002")
        province.execute("SELECT bieumau_return('KT-01', 'H2', '2024Q2', 'Thiếu số liệu quý')")
    assert (_status(server, "H1"), _status(server, "H2")) == ("da_duyet", "dang_nhap")
    # a department acts for its province, except on its own forms
    with server.login(server.department) as department:
        department.execute("SELECT bieumau_approve('KT-01', 'S2', '2024Q2')")
        _refused(department, "SELECT bieumau_set_status('KT-01', 'S1', '2024Q2', 'da_duyet')", "BM002")
    assert _status(server, "S2") == "da_duyet"
    # the district cannot unlock what the province approved
    _refused(district_sql, "SELECT bieumau_unlock('KT-01', 'H1', '2024Q2', 'sửa')", "BM002")
    assert _status(server, "H1") == "da_duyet"
    entry = history(server.db, "KT-01", "H1", PERIOD)[0]
    assert (entry.kind, entry.new_raw, entry.user) == ("status", "da_duyet", server.province)


def test_an_approved_period_cannot_be_changed_until_unlocked(server: Server, district_sql) -> None:
    with server.login(server.province) as province:
        province.execute("SELECT bieumau_approve('KT-01', 'H1', '2024Q2')")
        _refused(district_sql, "UPDATE cell_values SET raw = '9', number = 9 WHERE unit = 'H1'", "BM001")
        _refused(district_sql, "INSERT INTO cell_values (form_id, unit, period, indicator, column_id, form_version,"
                               " raw, user_name, changed_at, version) VALUES ('KT-01', 'H1', '2024Q2', 'cap', 'th',"
                               " 1, '1', 'x', now(), 1)", "BM001")
        _refused(district_sql, "INSERT INTO comments (form_id, unit, period, indicator, column_id, kind, text,"
                               " user_name, changed_at) VALUES ('KT-01', 'H1', '2024Q2', 'bts', 'th', 'note', 'x',"
                               " 'x', now())", "BM001")
        with server.db.engine.connect() as owner:  # not even the owner edits a locked period
            with pytest.raises(sa.exc.DBAPIError, match="approved"):
                owner.exec_driver_sql("DELETE FROM cell_values WHERE unit = 'H1'")
        _refused(province, "SELECT bieumau_unlock('KT-01', 'H1', '2024Q2', '  ')", "BM006")
        province.execute("SELECT bieumau_unlock('KT-01', 'H1', '2024Q2', 'Sửa số trạm')")
    assert district_sql.execute("UPDATE cell_values SET raw = '9', number = 9 WHERE unit = 'H1'").rowcount == 1
    assert read_values(server.db, "KT-01", "H1", PERIOD)[("bts", "th")].raw == "9"


def test_the_audit_is_append_only_and_names_the_login(server: Server, district_sql, form) -> None:
    district = server.open(server.district)
    try:
        write_value(district, form, "X11", PERIOD, "bts", "th", "7", user="ten_may_tinh")
    finally:
        district.close()
    assert history(server.db, "KT-01", "X11", PERIOD, "bts", "th")[0].user == server.district
    district_sql.execute(
        "INSERT INTO audit_log (form_id, unit, period, indicator, column_id, kind, old_raw, new_raw, user_name, at,"
        " source) VALUES ('KT-01', 'X11', '2024Q2', 'bts', 'th', 'value', '7', '8', 'gia_mao', now(), 'api')")
    assert history(server.db, "KT-01", "X11", PERIOD, "bts", "th")[0].user == server.district
    count = district_sql.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    _refused(district_sql, "UPDATE audit_log SET new_raw = 'x' WHERE unit = 'X11'", "42501")
    _refused(district_sql, "DELETE FROM audit_log WHERE unit = 'X11'", "42501")
    _refused(district_sql, "TRUNCATE audit_log", "42501")
    with server.db.engine.begin() as conn:
        conn.exec_driver_sql(f"GRANT ALL ON audit_log TO {server.district}")
    _refused(district_sql, "UPDATE audit_log SET new_raw = 'x' WHERE unit = 'X11'", "BM003")
    _refused(district_sql, "DELETE FROM audit_log WHERE unit = 'X11'", "BM003")
    _refused(district_sql, "TRUNCATE audit_log", "BM003")
    assert district_sql.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count


def test_the_server_refusal_reaches_the_user_in_vietnamese(server: Server) -> None:
    district = server.open(server.district)
    try:
        # the bare status write skips the app's ladder check: the server still refuses
        with pytest.raises(AccessError, match="chỉ đơn vị cấp trên của «H1»") as refused:
            set_status(district, "KT-01", "H1", PERIOD, "da_duyet", user="huyen")
        assert refused.value.code == "not_reviewer"
        assert review.approve(district, "KT-01", "X11", PERIOD, reviewer="H1", user="huyen").locked
        with pytest.raises(LockedError, match="đã được duyệt"):
            with district.session() as session:
                session.execute(sa.text("UPDATE cell_values SET raw = '1' WHERE unit = 'X11'"))
        with pytest.raises(AccessError, match="chỉ được ghi thêm"):
            with server.db.session() as session:
                session.execute(sa.text("DELETE FROM audit_log"))
        with pytest.raises(BieumauError, match="Máy chủ không nhận dữ liệu này"):  # beyond storage.inputs' checks
            with district.session() as session:
                session.execute(sa.text("UPDATE comments SET text = :t"), {"t": "a\x00b"})
    finally:
        district.close()
    assert _status(server, "H1") == "da_nop"


def test_a_login_granted_before_revision_0003_loses_its_write_access(pg_db: Database) -> None:
    from alembic import command

    from storage.database import _alembic_config, upgrade

    role = _name("cu")
    with pg_db.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0002")
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON forms, submission_status, audit_log TO {role}")
        conn.exec_driver_sql(f"INSERT INTO unit_scopes (role, unit) VALUES ('{role}', 'H1')")
    upgrade(pg_db.engine)
    with pg_db.engine.connect() as conn:
        granted = conn.exec_driver_sql(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
            f"WHERE grantee = '{role}' AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE') "
            "AND table_name IN ('forms', 'submission_status', 'audit_log') ORDER BY 1, 2").all()
    assert granted == [("audit_log", "INSERT")]


def test_the_app_reviews_through_the_server_functions(server: Server, form) -> None:
    province = server.open(server.province)
    try:
        assert review.approve(province, "KT-01", "H1", PERIOD, reviewer="T", user="tinh").locked
        with pytest.raises(LockedError):
            write_value(province, form, "H1", PERIOD, "bts", "th", "6", user="tinh")
        unlocked = review.unlock(province, "KT-01", "H1", PERIOD, "Sửa số trạm", reviewer="T", user="tinh")
        assert unlocked.status == "da_nop" and unlocked.user == server.province
        back = review.return_submission(province, "KT-01", "H1", PERIOD, "Thiếu cột kế hoạch", reviewer="T",
                                        user="tinh")
        assert (back.status, back.reason) == ("dang_nhap", "Thiếu cột kế hoạch")
    finally:
        province.close()
    steps = [(e.old_raw, e.new_raw, e.user) for e in history(server.db, "KT-01", "H1", PERIOD) if e.kind == "status"]
    assert steps[:3] == [("da_nop", "dang_nhap: Thiếu cột kế hoạch", server.province),
                         ("da_duyet", "da_nop: Sửa số trạm", server.province),
                         ("da_nop", "da_duyet", server.province)]


def test_a_district_login_records_its_own_submission_through_the_server_and_no_one_elses(server: Server) -> None:
    from storage.status import record_submission

    set_status(server.db, "KT-01", "H1", PERIOD, "da_kiem_tra", user="van_thu")
    district = server.open(server.district)
    try:
        done = record_submission(district, "KT-01", "H1", PERIOD, user=server.district, file="kt-01-h1.xlsx")
        assert done.status == "da_nop" and done.submitted_file == "kt-01-h1.xlsx"
        assert done.submitted_at is not None
        with pytest.raises(BieumauError):
            record_submission(district, "KT-01", "H2", PERIOD, user=server.district, file="ho.xlsx")
    finally:
        district.close()
    stored = get_status(server.db, "KT-01", "H1", PERIOD)
    assert (stored.status, stored.submitted_file) == ("da_nop", "kt-01-h1.xlsx")
    assert get_status(server.db, "KT-01", "H2", PERIOD).submitted_file is None
    with server.login(server.district) as conn:  # and plain SQL cannot fake the time or the file
        _refused(conn, "UPDATE submission_status SET submitted_file = 'gia.xlsx' WHERE unit = 'H1'", "42501")
