"""Completeness without Qt: who submitted which forms of a period, "x/y biểu đã nộp", late and missing, the
submission time read from the stored status (never from the audit log), and which cells an OpChanges touches."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from forms.periods import parse_period
from operations.changes import DocumentKey, OpChanges
from operations.completeness import completeness_of, latest_with_data, load_entries, refreshed_entry
from operations.context import AppContext, Settings
from storage.status import record_submission, set_status
from storage.units import load_unit_tree, save_units
from storage.values import write_value
from tests.storage.conftest import UNITS, make_form

PERIOD = "2024Q2"  # deadline of KT-01: 30/06/2024 + its deadline_days


@pytest.fixture
def ctx(sqlite_db, tmp_path: Path) -> AppContext:
    save_units(sqlite_db, UNITS, user="kiemthu")
    form = make_form(rules=[{"id": "r1", "expr": "bts >= bts_4g", "severity": "error"}])
    yearly = make_form(id="KT-NAM", period="year")
    return AppContext(sqlite_db, {form.id: form, yearly.id: yearly}, load_unit_tree(sqlite_db),
                      Settings(tmp_path / "settings.json"), "kiemthu")


def test_who_submitted_what_with_totals_late_and_missing(ctx) -> None:
    form = ctx.catalogue["KT-01"]
    on_time = datetime(2024, 7, 2, 3, 0, tzinfo=UTC)
    record_submission(ctx.db, "KT-01", "X11", PERIOD, user="xa", file="x11.xlsx", at=on_time)
    record_submission(ctx.db, "KT-01", "H1", PERIOD, user="huyen", file="h1.xlsx")  # today: after the deadline
    write_value(ctx.db, form, "X12", PERIOD, "bts", "th", "3", user="xa")
    write_value(ctx.db, form, "X12", PERIOD, "bts_4g", "th", "5", user="xa")

    result = completeness_of(ctx, parse_period("Quý II/2024"), scope="H1")
    assert [f.id for f in result.forms] == ["KT-01"]  # the yearly form is another kind of period
    assert [u.code for u in result.units] == ["H1", "X11", "X12"]
    assert result.total() == (2, 3)
    assert result.submitted_by_level(form) == {"huyen": (1, 1), "xa": (1, 2)}
    assert result.complete_by_level() == {"huyen": (1, 1), "xa": (1, 2)}

    x11, h1, x12 = (result.entries[(u, "KT-01")] for u in ("X11", "H1", "X12"))
    assert x11.submitted_at == on_time.replace(tzinfo=x11.submitted_at.tzinfo) and x11.submitted_file == "x11.xlsx"
    assert not x11.late(result.today) and h1.late(result.today)
    assert x12.status == "dang_nhap" and x12.errors >= 1 and x12.late(result.today)  # overdue, not submitted
    assert [(e.unit, e.status) for e in result.missing()] == [("X12", "dang_nhap")]
    assert {e.unit for e in result.late()} == {"H1", "X12"}


def test_the_submission_time_comes_from_the_status_not_the_audit(ctx) -> None:
    record_submission(ctx.db, "KT-01", "X11", PERIOD, user="xa", file="x11.xlsx",
                      at=datetime(2024, 7, 1, tzinfo=UTC))
    with ctx.db.session() as session:  # an audit log that says nothing must not matter
        session.execute(sa.text("DELETE FROM audit_log"))
    entry = completeness_of(ctx, parse_period(PERIOD), scope="H1").entries[("X11", "KT-01")]
    assert entry.submitted and entry.submitted_at is not None and entry.submitted_file == "x11.xlsx"


def test_an_approval_keeps_the_submission_and_a_refresh_reads_the_new_status(ctx) -> None:
    period = parse_period(PERIOD)
    record_submission(ctx.db, "KT-01", "X11", PERIOD, user="xa", file="x11.xlsx")
    before = completeness_of(ctx, period, scope="H1")
    entry = before.entries[("X11", "KT-01")]
    set_status(ctx.db, "KT-01", "X11", PERIOD, "da_duyet", user="huyen")
    after = refreshed_entry(ctx, entry, period)
    assert after.status == "da_duyet" and after.submitted and after.submitted_file == "x11.xlsx"
    assert after.submitted_at == entry.submitted_at


def test_an_opchanges_names_the_cells_of_the_table_it_touches(ctx) -> None:
    result = completeness_of(ctx, parse_period(PERIOD), scope="H1")
    changes = OpChanges.of_statuses([DocumentKey("KT-01", "X11", PERIOD), DocumentKey("KT-01", "X11", "2024Q1"),
                                     DocumentKey("KT-01", "X21", PERIOD)])
    assert result.concerned_by(changes) == [("X11", "KT-01")]
    assert result.concerned_by(OpChanges.of_values([DocumentKey("KT-01", "H1", PERIOD)])) == [("H1", "KT-01")]


def test_reloading_one_cell_validates_only_it(ctx) -> None:
    form = ctx.catalogue["KT-01"]
    write_value(ctx.db, form, "X12", PERIOD, "bts", "th", "ba", user="xa")
    entries = load_entries(ctx, parse_period(PERIOD), [(form, ctx.units["X12"])])
    assert list(entries) == [("X12", "KT-01")] and entries[("X12", "KT-01")].errors >= 1


def test_the_newest_period_with_data_is_picked_never_a_future_one(ctx) -> None:
    set_status(ctx.db, "KT-01", "X11", "2024Q1", "da_nop", user="xa")
    periods = [parse_period(p) for p in ("2999Q4", "2024Q2", "2024Q1")]
    assert latest_with_data(ctx, periods, ["KT-01"]) == 2
    assert latest_with_data(ctx, periods, []) == 1  # nothing started: the latest finished period
    assert date.today() < periods[0].start
