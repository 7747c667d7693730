"""Values keep the text as typed, its exact number, who and when, a version, and an audit row per change."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from forms.errors import BieumauError
from storage.audit import history
from storage.comments import read_comments
from storage.database import Database
from storage.schema import cell_values
from storage.status import get_status, set_status
from storage.value_source import DatabaseValueSource
from storage.values import (
    CommentRow,
    ConflictError,
    LockedError,
    ValueRow,
    WriteSummary,
    import_values,
    read_values,
    write_value,
    write_values,
)
from tests.conftest import fail_comment_inserts, stored_state


def test_a_typed_value_keeps_its_text_and_exact_number(db: Database, form) -> None:
    stored = write_value(db, form, "H1", "Quý II/2024", "cap", "th", "295,5", user="lan")
    assert (stored.raw, stored.number, stored.version, stored.form_version) == ("295,5", Decimal("295.5"), 1, 1)
    again = read_values(db, "KT-01", "H1", "2024Q2")[("cap", "th")]
    assert again.raw == "295,5" and again.number == Decimal("295.5") and again.user == "lan"
    assert again.changed_at.tzinfo is not None


def test_large_decimals_are_not_rounded_through_a_float(db: Database, form) -> None:
    write_value(db, form, "H1", "2024Q2", "cap", "th", "12.345.678.901.234,56", user="lan")
    assert read_values(db, "KT-01", "H1", "2024Q2")[("cap", "th")].number == Decimal("12345678901234.56")


def test_text_that_is_not_a_number_is_kept_as_typed_without_a_number(db: Database, form) -> None:
    write_value(db, form, "H1", "2024Q2", "bts", "th", "Sở Tư pháp đang thống kê", user="lan")
    stored = read_values(db, "KT-01", "H1", "2024Q2")[("bts", "th")]
    assert stored.raw == "Sở Tư pháp đang thống kê" and stored.number is None


def test_every_change_is_audited_newest_first_and_blank_deletes(db: Database, form) -> None:
    write_value(db, form, "H1", "2024Q2", "bts", "th", "3.775", user="lan")
    write_value(db, form, "H1", "2024Q2", "bts", "th", "3.776", user="minh", source="pasted")
    write_value(db, form, "H1", "2024Q2", "bts", "th", "", user="minh")
    assert ("bts", "th") not in read_values(db, "KT-01", "H1", "2024Q2")
    entries = history(db, "KT-01", "H1", "2024Q2", "bts", "th")
    assert [(e.old_raw, e.new_raw, e.user, e.source) for e in entries] == [
        ("3.776", "", "minh", "typed"),
        ("3.775", "3.776", "minh", "pasted"),
        ("", "3.775", "lan", "typed"),
    ]


def test_writing_the_same_text_again_changes_nothing(db: Database, form) -> None:
    write_value(db, form, "H1", "2024Q2", "bts", "th", "12", user="lan")
    stored = write_value(db, form, "H1", "2024Q2", "bts", "th", "12", user="minh")
    assert stored.version == 1 and stored.user == "lan"
    assert len(history(db, "KT-01", "H1", "2024Q2", "bts", "th")) == 1


def test_a_second_editor_with_a_stale_version_is_refused_not_lost(db: Database, form) -> None:
    first = write_value(db, form, "H1", "2024Q2", "bts", "th", "10", user="lan")
    write_value(db, form, "H1", "2024Q2", "bts", "th", "11", user="lan", expected_version=first.version)
    with pytest.raises(ConflictError) as refused:
        write_value(db, form, "H1", "2024Q2", "bts", "th", "99", user="minh", expected_version=first.version)
    assert "lan" in refused.value.message and "«11»" in refused.value.message
    assert read_values(db, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "11"


def test_two_connections_editing_one_cell_the_second_is_refused(tmp_path, form) -> None:
    from storage.database import open_database
    from storage.units import save_units
    from tests.storage.conftest import UNITS

    path = tmp_path / "chung.sqlite3"
    one = open_database(path, user="lan")
    save_units(one, UNITS, user="lan")
    two = open_database(path, user="minh")
    try:
        seen_by_both = write_value(one, form, "H1", "2024Q2", "bts", "th", "5", user="lan")
        write_value(one, form, "H1", "2024Q2", "bts", "th", "6", user="lan", expected_version=seen_by_both.version)
        with pytest.raises(ConflictError):
            write_value(two, form, "H1", "2024Q2", "bts", "th", "7", user="minh", expected_version=seen_by_both.version)
        assert read_values(two, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "6"
    finally:
        one.close()
        two.close()


def test_a_cleared_cell_refuses_an_editor_who_saw_the_old_value(db: Database, form) -> None:
    seen = write_value(db, form, "H1", "2024Q2", "bts", "th", "10", user="lan")
    write_value(db, form, "H1", "2024Q2", "bts", "th", "", user="lan")
    with pytest.raises(ConflictError):
        write_value(db, form, "H1", "2024Q2", "bts", "th", "12", user="minh", expected_version=seen.version)
    assert write_value(db, form, "H1", "2024Q2", "bts", "th", "12", user="minh", expected_version=0).raw == "12"


def test_unknown_cells_units_and_periods_are_refused_in_vietnamese(db: Database, form) -> None:
    with pytest.raises(BieumauError, match="không có chỉ tiêu"):
        write_value(db, form, "H1", "2024Q2", "khong_co", "th", "1", user="lan")
    with pytest.raises(BieumauError, match="không dùng cột"):
        write_value(db, form, "H1", "2024Q2", "bts_4g", "kh", "1", user="lan")
    with pytest.raises(BieumauError, match="đơn vị mã «ZZ»"):
        write_value(db, form, "ZZ", "2024Q2", "bts", "th", "1", user="lan")
    with pytest.raises(BieumauError):
        write_value(db, form, "H1", "Quý V/2024", "bts", "th", "1", user="lan")


def test_writing_many_cells_is_one_transaction_all_or_nothing(db: Database, form) -> None:
    summary = write_values(db, form, "H1", "2024Q2", {("bts", "th"): "10", ("cap", "th"): "1,5"},
                           user="lan", source="pasted")
    assert summary == WriteSummary(new=2)
    summary = write_values(db, form, "H1", "2024Q2", {("bts", "th"): "11", ("cap", "th"): "1,5", ("bts", "kh"): "",
                                                      ("ty_le", "th"): "97,45%"}, user="lan", source="pasted")
    assert summary == WriteSummary(new=1, changed=1, unchanged=2, deleted=0)
    with pytest.raises(BieumauError):
        write_values(db, form, "H1", "2024Q2", {("bts", "th"): "12", ("nope", "th"): "1"}, user="lan", source="pasted")
    assert read_values(db, "KT-01", "H1", "2024Q2")[("bts", "th")].raw == "11"


def test_values_and_their_notes_are_written_together_with_an_audit_row_each(db: Database, form) -> None:
    notes = {("bts", "th"): {"note": "Số liệu của VNPT", "justification": "Tăng do lắp mới 5G"}}
    summary = write_values(db, form, "H1", "2024Q2", {("bts", "th"): "3.775"}, user="lan",
                           source="import:nop.xlsx", comments=notes)
    assert summary == WriteSummary(new=1)
    assert read_comments(db, "KT-01", "H1", "2024Q2") == notes
    entries = history(db, "KT-01", "H1", "2024Q2", "bts", "th")
    assert sorted((e.kind, e.new_raw, e.source) for e in entries) == [
        ("justification", "Tăng do lắp mới 5G", "import:nop.xlsx"),
        ("note", "Số liệu của VNPT", "import:nop.xlsx"),
        ("value", "3.775", "import:nop.xlsx"),
    ]
    write_values(db, form, "H1", "2024Q2", {("bts", "th"): "3.775"}, user="lan", source="import:nop.xlsx",
                 comments={("bts", "th"): {"note": " Số liệu của VNPT ", "justification": ""}})
    assert read_comments(db, "KT-01", "H1", "2024Q2") == {("bts", "th"): {"note": "Số liệu của VNPT"}}
    assert len(history(db, "KT-01", "H1", "2024Q2", "bts", "th")) == 4  # only the deleted justification


def test_a_failure_while_writing_notes_stores_none_of_the_values(db: Database, form) -> None:
    write_values(db, form, "H1", "2024Q2", {("bts", "th"): "10"}, user="lan", source="typed",
                 comments={("bts", "th"): {"note": "Số liệu cũ"}})
    before = stored_state(db)
    fail_comment_inserts(db)
    with pytest.raises(BieumauError, match="Ổ đĩa đã đầy"):
        write_values(db, form, "H1", "2024Q2", {("bts", "th"): "11", ("cap", "th"): "1,5"}, user="lan",
                     source="import:nop.xlsx", comments={("bts", "th"): {"note": "Số liệu mới"}})
    assert stored_state(db) == before


def test_notes_on_cells_or_of_kinds_the_form_lacks_refuse_the_batch(db: Database, form) -> None:
    with pytest.raises(BieumauError, match="không có ô bts_4g/kh"):
        write_values(db, form, "H1", "2024Q2", {("bts", "th"): "10"}, user="lan", source="pasted",
                     comments={("bts_4g", "kh"): {"note": "x"}})
    with pytest.raises(BieumauError, match="không hợp lệ"):
        write_values(db, form, "H1", "2024Q2", {("bts", "th"): "10"}, user="lan", source="pasted",
                     comments={("bts", "th"): {"ghi_chu": "x"}})
    assert read_values(db, "KT-01", "H1", "2024Q2") == {}


def test_notes_alone_check_the_lock_and_leave_the_status(db: Database, form) -> None:
    import_values(db, form, [], user="lan", source="import:a.xlsx",
                  comments=[CommentRow("X11", "2024Q2", "bts", "th", "note", "Chưa đủ số liệu")])
    assert read_comments(db, "KT-01", "X11", "2024Q2") == {("bts", "th"): {"note": "Chưa đủ số liệu"}}
    assert get_status(db, "KT-01", "X11", "2024Q2").status == "chua_nhap"
    set_status(db, "KT-01", "X11", "2024Q2", "da_duyet", user="truong_phong")
    with pytest.raises(LockedError):
        import_values(db, form, [], user="lan", source="import:b.xlsx",
                      comments=[CommentRow("X11", "2024Q2", "bts", "th", "note", "Sửa sau khi duyệt")])


def test_an_import_for_several_units_names_the_file_in_the_audit(db: Database, form) -> None:
    rows = [ValueRow(u, "2024Q2", "bts", "th", str(n)) for n, u in enumerate(["X11", "X12", "X21"], 1)]
    assert import_values(db, form, rows, user="lan", source="import:xa.csv") == WriteSummary(new=3)
    assert history(db, "KT-01", "X12", "2024Q2", "bts")[0].source == "import:xa.csv"


def test_an_approved_period_is_locked_until_unlocked_with_a_reason(db: Database, form) -> None:
    write_value(db, form, "H1", "2024Q2", "bts", "th", "10", user="lan")
    set_status(db, "KT-01", "H1", "2024Q2", "da_duyet", user="truong_phong")
    with pytest.raises(LockedError, match="đã được duyệt"):
        write_value(db, form, "H1", "2024Q2", "bts", "th", "11", user="lan")
    with pytest.raises(LockedError):
        write_values(db, form, "H1", "2024Q2", {("bts", "th"): "11"}, user="lan", source="pasted")
    with pytest.raises(BieumauError, match="lý do"):
        set_status(db, "KT-01", "H1", "2024Q2", "dang_nhap", user="truong_phong")
    set_status(db, "KT-01", "H1", "2024Q2", "dang_nhap", user="truong_phong", reason="Sai số trạm 4G")
    assert write_value(db, form, "H1", "2024Q2", "bts", "th", "11", user="lan").raw == "11"
    kinds = [(e.kind, e.old_raw, e.new_raw) for e in history(db, "KT-01", "H1", "2024Q2") if e.kind == "status"]
    assert kinds[0] == ("status", "da_duyet", "dang_nhap: Sai số trạm 4G")


def test_the_first_value_starts_the_form_and_status_remembers_the_change(db: Database, form) -> None:
    assert get_status(db, "KT-01", "H1", "2024Q2").status == "chua_nhap"
    stored = write_value(db, form, "H1", "2024Q2", "bts", "th", "10", user="lan")
    status = get_status(db, "KT-01", "H1", "2024Q2")
    assert status.status == "dang_nhap" and status.last_value_change == stored.changed_at


def test_the_value_source_gives_the_rule_engine_raw_texts(db: Database, form) -> None:
    write_value(db, form, "X11", "2024Q2", "ty_le", "th", "82.5%", user="lan")
    assert DatabaseValueSource(db).raw_values("KT-01", "X11", "2024Q2") == {("ty_le", "th"): "82.5%"}
    assert DatabaseValueSource(db).raw_values("KT-01", "X11", "2024Q3") == {}


def test_numbers_are_stored_exactly_in_the_table(db: Database, form) -> None:
    write_value(db, form, "H1", "2024Q2", "cap", "th", "0,10", user="lan")
    with db.engine.connect() as conn:
        assert conn.execute(sa.select(cell_values.c.number)).scalar() == Decimal("0.10")


def test_a_second_import_changes_clears_and_keeps_values_with_one_audit_row_per_change(db: Database, form) -> None:
    first = [ValueRow(u, p, "bts", "th", "10") for u in ("X11", "X12") for p in ("2024Q1", "2024Q2")]
    import_values(db, form, [*first, ValueRow("X11", "2024Q2", "cap", "th", "1,5")], user="lan", source="import:a.csv")
    before = get_status(db, "KT-01", "X11", "2024Q1")
    again = [
        ValueRow("X11", "2024Q1", "bts", "th", "10"),
        ValueRow("X11", "2024Q2", "bts", "th", "11"),
        ValueRow("X12", "2024Q1", "bts", "th", " "),
        ValueRow("X11", "2024Q2", "cap", "th", ""),
        ValueRow("X12", "2024Q2", "cap", "th", "0,10"),
    ]
    summary = import_values(db, form, again, user="minh", source="import:b.csv")
    assert summary == WriteSummary(new=1, changed=1, unchanged=1, deleted=2)
    changed = read_values(db, "KT-01", "X11", "2024Q2")
    assert (changed[("bts", "th")].raw, changed[("bts", "th")].version, changed[("bts", "th")].user) == ("11", 2, "minh")
    assert ("cap", "th") not in changed
    assert read_values(db, "KT-01", "X12", "2024Q2")[("cap", "th")].number == Decimal("0.10")
    assert [(e.old_raw, e.new_raw, e.user, e.source) for e in history(db, "KT-01", "X12", "2024Q1", "bts")] == [
        ("10", "", "minh", "import:b.csv"),
        ("", "10", "lan", "import:a.csv"),
    ]
    assert get_status(db, "KT-01", "X11", "2024Q1") == before  # nothing of it changed
    status = get_status(db, "KT-01", "X11", "2024Q2")
    assert status.status == "dang_nhap" and status.last_value_change == changed[("bts", "th")].changed_at
    starts = [e for e in history(db, "KT-01", "X12", "2024Q2") if e.kind == "status"]
    assert [(e.old_raw, e.new_raw) for e in starts] == [("chua_nhap", "dang_nhap")]


def test_an_import_stores_numbers_and_times_as_a_typed_edit_does(db: Database, form) -> None:
    write_value(db, form, "X11", "2024Q2", "cap", "th", "0,10", user="lan")
    rows = [ValueRow("X12", "2024Q2", "cap", "th", "0,10"), ValueRow("X12", "2024Q2", "ghi_chu", "th", "Đang đếm"),
            ValueRow("X12", "2024Q2", "bts", "th", "1.242,5")]
    import_values(db, form, rows, user="lan", source="import:a.csv")
    with db.engine.connect() as conn:
        stored = {(u, i): (n, t) for u, i, n, t in conn.exec_driver_sql(
            "SELECT unit, indicator, number, changed_at FROM cell_values")}
        audit_times = conn.exec_driver_sql("SELECT at FROM audit_log").scalars().all()
    assert stored[("X11", "cap")][0] == stored[("X12", "cap")][0] == "0.10"
    assert stored[("X12", "ghi_chu")][0] is None and stored[("X12", "bts")][0] is None  # text; not an integer
    written = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$")  # the driver's own datetime text
    assert all(written.match(t) for _n, t in stored.values()) and all(written.match(t) for t in audit_times)
    imported = read_values(db, "KT-01", "X12", "2024Q2")[("cap", "th")]
    assert history(db, "KT-01", "X12", "2024Q2", "cap", "th")[0].at == imported.changed_at


def test_one_approved_unit_refuses_a_whole_import_of_many(db: Database, form) -> None:
    write_value(db, form, "X12", "2024Q2", "bts", "th", "1", user="lan")
    set_status(db, "KT-01", "X12", "2024Q2", "da_duyet", user="truong_phong")
    rows = [ValueRow(u, "2024Q2", "bts", "th", "7") for u in ("X11", "X12", "X21")]
    with pytest.raises(LockedError, match="X12"):
        import_values(db, form, rows, user="lan", source="import:a.csv")
    assert [read_values(db, "KT-01", u, "2024Q2").get(("bts", "th")) for u in ("X11", "X21")] == [None, None]
    assert read_values(db, "KT-01", "X12", "2024Q2")[("bts", "th")].raw == "1"
