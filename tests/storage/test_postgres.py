"""The same storage on PostgreSQL: version checks between sessions, and a district login limited by RLS."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
import sqlalchemy as sa

from forms.errors import BieumauError
from storage.audit import history
from storage.database import Database, open_database
from storage.scopes import grant_unit_scope
from storage.status import set_status
from storage.values import ConflictError, LockedError, read_values, write_value, write_values


def test_values_audit_and_exact_numbers_on_postgresql(pg_db: Database, form) -> None:
    write_value(pg_db, form, "H1", "Quý II/2024", "cap", "th", "12.345.678.901.234,56", user="lan")
    stored = read_values(pg_db, "KT-01", "H1", "2024Q2")[("cap", "th")]
    assert stored.number == Decimal("12345678901234.56") and stored.raw == "12.345.678.901.234,56"
    assert history(pg_db, "KT-01", "H1", "2024Q2", "cap", "th")[0].new_raw == "12.345.678.901.234,56"
    with pg_db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT pg_typeof(number)::text FROM cell_values").scalar() == "numeric"


def test_two_connections_editing_one_cell_the_second_is_refused(pg_db: Database, pg_url: str, form) -> None:
    other = open_database(pg_url, user="minh")
    try:
        seen = write_value(pg_db, form, "H1", "2024Q2", "bts", "th", "5", user="lan")
        write_value(pg_db, form, "H1", "2024Q2", "bts", "th", "6", user="lan", expected_version=seen.version)
        with pytest.raises(ConflictError):
            write_value(other, form, "H1", "2024Q2", "bts", "th", "7", user="minh", expected_version=seen.version)
        assert read_values(other, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "6"
    finally:
        other.close()


def test_simultaneous_writers_of_one_version_one_wins_the_other_is_told(pg_db: Database, pg_url: str, form) -> None:
    seen = write_value(pg_db, form, "H1", "2024Q2", "bts", "th", "1", user="lan")
    dbs = [open_database(pg_url, user=f"u{i}") for i in range(4)]
    barrier = threading.Barrier(len(dbs))
    outcomes: list[str] = []

    def edit(i: int) -> None:
        barrier.wait()
        try:
            write_value(dbs[i], form, "H1", "2024Q2", "bts", "th", str(100 + i), user=f"u{i}",
                        expected_version=seen.version)
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(len(dbs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in dbs:
        d.close()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    assert len([e for e in history(pg_db, "KT-01", "H1", "2024Q2", "bts", "th")]) == 2


def test_a_district_login_cannot_write_another_districts_values(pg_db: Database, pg_url: str, form) -> None:
    write_value(pg_db, form, "X21", "2024Q2", "bts", "th", "9", user="tinh")
    grant_unit_scope(pg_db, "huyen_mot", "H1")
    district_url = sa.make_url(pg_url).set(username="huyen_mot")
    district = open_database(district_url.render_as_string(hide_password=False), user="huyen_mot")
    try:
        write_value(district, form, "H1", "2024Q2", "bts", "th", "3", user="huyen_mot")
        write_value(district, form, "X11", "2024Q2", "bts", "th", "2", user="huyen_mot")
        with pytest.raises(BieumauError, match="không có quyền"):
            write_value(district, form, "X21", "2024Q2", "bts", "th", "1", user="huyen_mot")
        with pytest.raises(BieumauError, match="không có đơn vị mã «ZZ»"):
            write_value(district, form, "ZZ", "2024Q2", "bts", "th", "1", user="huyen_mot")
        with pytest.raises(BieumauError, match="không có quyền"):
            write_values(district, form, "X11", "2024Q2", {("bts", "kh"): "4"}, user="huyen_mot", source="pasted")
            write_values(district, form, "X21", "2024Q2", {("bts", "kh"): "4"}, user="huyen_mot", source="pasted")
        # The database itself refuses, not only the application.
        with district.engine.connect() as conn:
            with pytest.raises(sa.exc.DBAPIError) as refused:
                conn.exec_driver_sql("UPDATE cell_values SET raw = '999' WHERE unit = 'X21'")
                conn.exec_driver_sql(
                    "INSERT INTO cell_values (form_id, unit, period, indicator, column_id, form_version, raw,"
                    " user_name, changed_at, version) VALUES ('KT-01', 'X21', '2024Q3', 'bts', 'th', 1, '1',"
                    " 'x', now(), 1)")
            assert "row-level security" in str(refused.value)
        assert read_values(pg_db, "KT-01", "X21", "2024Q2")[("bts", "th")].raw == "9"
        assert read_values(district, "KT-01", "X21", "2024Q2")[("bts", "th")].raw == "9"  # reading is allowed
    finally:
        district.close()


def test_an_approved_period_is_locked_on_postgresql(pg_db: Database, form) -> None:
    set_status(pg_db, "KT-01", "H1", "2024Q2", "da_duyet", user="truong_phong")
    with pytest.raises(LockedError):
        write_value(pg_db, form, "H1", "2024Q2", "bts", "th", "1", user="lan")


def test_an_import_is_one_transaction_on_postgresql(pg_db: Database, form) -> None:
    from storage.values import ValueRow, WriteSummary, import_values

    rows = [ValueRow(u, "2024Q2", "bts", "th", "1.242") for u in ("H1", "X11", "X21")]
    assert import_values(pg_db, form, rows, user="lan", source="import:a.csv") == WriteSummary(new=3)
    with pytest.raises(BieumauError):
        import_values(pg_db, form, [*rows[:2], ValueRow("X12", "2024Q2", "bts", "th", "5"),
                                    ValueRow("ZZ", "2024Q2", "bts", "th", "1")], user="lan", source="import:b.csv")
    assert read_values(pg_db, "KT-01", "X12", "2024Q2") == {}
    assert read_values(pg_db, "KT-01", "X21", "2024Q2")[("bts", "th")].number == Decimal(1242)
    assert history(pg_db, "KT-01", "X21", "2024Q2", "bts")[0].source == "import:a.csv"


def test_values_and_notes_share_one_transaction_on_postgresql(pg_db: Database, form) -> None:
    from storage.comments import read_comments
    from storage.values import CommentRow, ValueRow, import_values

    notes = [CommentRow("X11", "2024Q2", "bts", "th", "note", "Số liệu của VNPT")]
    import_values(pg_db, form, [ValueRow("X11", "2024Q2", "bts", "th", "7")], user="lan", source="import:a.xlsx",
                  comments=notes)
    assert read_comments(pg_db, "KT-01", "X11", "2024Q2") == {("bts", "th"): {"note": "Số liệu của VNPT"}}
    with pytest.raises(BieumauError):
        import_values(pg_db, form, [ValueRow("X11", "2024Q2", "bts", "th", "8")], user="lan",
                      source="import:b.xlsx", comments=[*notes, CommentRow("ZZ", "2024Q2", "bts", "th", "note", "x")])
    assert read_values(pg_db, "KT-01", "X11", "2024Q2")[("bts", "th")].raw == "7"
    assert [e.source for e in history(pg_db, "KT-01", "X11", "2024Q2", "bts", "th")] == ["import:a.xlsx"] * 2


def test_a_second_import_updates_values_and_statuses_on_postgresql(pg_db: Database, form) -> None:
    from storage.status import get_status
    from storage.values import ValueRow, WriteSummary, import_values

    rows = [ValueRow(u, p, "cap", "th", "1,5") for u in ("X11", "X12") for p in ("2024Q1", "2024Q2")]
    import_values(pg_db, form, rows, user="lan", source="import:a.csv")
    again = [ValueRow("X11", "2024Q2", "cap", "th", "0,10"), ValueRow("X12", "2024Q2", "cap", "th", ""),
             ValueRow("X12", "2024Q1", "cap", "th", "1,5")]
    assert import_values(pg_db, form, again, user="minh", source="import:b.csv") == WriteSummary(
        changed=1, unchanged=1, deleted=1)
    stored = read_values(pg_db, "KT-01", "X11", "2024Q2")[("cap", "th")]
    assert (stored.number, stored.version, stored.user) == (Decimal("0.10"), 2, "minh")
    assert read_values(pg_db, "KT-01", "X12", "2024Q2") == {}
    assert [(e.old_raw, e.new_raw) for e in history(pg_db, "KT-01", "X12", "2024Q2", "cap")] == [("1,5", ""),
                                                                                               ("", "1,5")]
    assert get_status(pg_db, "KT-01", "X11", "2024Q2").last_value_change == stored.changed_at


def test_a_district_login_imports_its_communes_but_not_another_districts(
    pg_db: Database, pg_url: str, form
) -> None:
    from storage.forms import register_form
    from storage.values import ValueRow, WriteSummary, import_values

    register_form(pg_db, form)  # form definitions are the province's (revision 0003)
    grant_unit_scope(pg_db, "huyen_mot", "H1")
    district_url = sa.make_url(pg_url).set(username="huyen_mot")
    district = open_database(district_url.render_as_string(hide_password=False), user="huyen_mot")
    try:
        mine = [ValueRow(u, "2024Q2", "bts", "th", "4") for u in ("H1", "X11", "X12")]
        assert import_values(district, form, mine, user="huyen_mot", source="import:h1.csv") == WriteSummary(new=3)
        with pytest.raises(BieumauError, match="«X21»"):
            import_values(district, form, [ValueRow("X11", "2024Q2", "bts", "th", "5"),
                                           ValueRow("X21", "2024Q2", "bts", "th", "5")],
                          user="huyen_mot", source="import:h2.csv")
        assert read_values(pg_db, "KT-01", "X11", "2024Q2")[("bts", "th")].raw == "4"
        assert read_values(pg_db, "KT-01", "X21", "2024Q2") == {}
    finally:
        district.close()


def test_a_district_login_cannot_approve_its_own_forms_by_claiming_to_be_the_province(
    pg_db: Database, pg_url: str, form
) -> None:
    from storage import review
    from storage.review import NotReviewerError
    from storage.status import get_status

    for unit in ("H1", "X11"):
        set_status(pg_db, "KT-01", unit, "2024Q2", "da_nop", user="van_thu")
    grant_unit_scope(pg_db, "huyen_duyet", "H1")
    district_url = sa.make_url(pg_url).set(username="huyen_duyet")
    district = open_database(district_url.render_as_string(hide_password=False), user="huyen_duyet")
    try:
        with pytest.raises(NotReviewerError, match="không thuộc «Tỉnh Kiểm Thử»"):
            review.approve(district, "KT-01", "H1", "2024Q2", reviewer="T", user="huyen_duyet")
        assert get_status(pg_db, "KT-01", "H1", "2024Q2").status == "da_nop"
        # as itself it reviews its commune
        assert review.approve(district, "KT-01", "X11", "2024Q2", reviewer="H1", user="huyen_duyet").locked
    finally:
        district.close()
