"""The review operation without Qt: approve, return and unlock several units all or nothing, the refusal in
the same Vietnamese words the window and ``bieumau review`` show, the checks report, and the OpChanges."""

from __future__ import annotations

import pytest

from operations import review
from operations.changes import DocumentKey
from storage.audit import history
from storage.status import get_status, set_status
from storage.units import save_units
from storage.values import write_value
from tests.storage.conftest import UNITS, make_form

FORM, PERIOD = "KT-01", "2024Q2"


@pytest.fixture
def db(sqlite_db):
    save_units(sqlite_db, UNITS, user="kiemthu")
    return sqlite_db


@pytest.fixture
def submitted(db):
    for unit in ("H1", "H2", "X11"):
        set_status(db, FORM, unit, PERIOD, "da_nop", user="van_thu")
    return db


def status_of(db, unit: str) -> str:
    return get_status(db, FORM, unit, PERIOD).status


def test_the_province_approves_two_units_and_says_which_statuses_changed(submitted) -> None:
    result = review.review(submitted, "approve", FORM, "Quý II/2024", ["H1", "X11"], reviewer="T", user="tinh")
    assert [s.status for s in result.statuses] == ["da_duyet", "da_duyet"]
    assert status_of(submitted, "H1") == status_of(submitted, "X11") == "da_duyet"
    assert result.changes.statuses == {DocumentKey(FORM, "H1", PERIOD), DocumentKey(FORM, "X11", PERIOD)}
    assert not result.changes.values
    assert result.changes.touches(FORM, "H1", PERIOD) and not result.changes.touches(FORM, "H2", PERIOD)


def test_one_refused_unit_changes_nothing_and_names_every_reason(submitted) -> None:
    before = {u: (status_of(submitted, u), len(history(submitted, FORM, u, PERIOD))) for u in ("H2", "X21")}
    with pytest.raises(review.ReviewRefused) as refused:
        review.review(submitted, "approve", FORM, PERIOD, ["H2", "X21"], reviewer="T", user="tinh")
    message = refused.value.message
    assert message.startswith("Không thay đổi gì, vì: ") and "Xã Hai Một" in message and "«Chưa nhập»" in message
    assert {u: (status_of(submitted, u), len(history(submitted, FORM, u, PERIOD))) for u in ("H2", "X21")} == before


def test_no_unit_approves_itself_or_a_unit_not_below_it(submitted) -> None:
    with pytest.raises(review.ReviewRefused, match="không được tự duyệt"):
        review.approve(submitted, DocumentKey(FORM, "H1", PERIOD), reviewer="H1", user="huyen")
    with pytest.raises(review.ReviewRefused, match="«Huyện Một» không phải cấp trên của «Huyện Hai»"):
        review.approve(submitted, DocumentKey(FORM, "H2", PERIOD), reviewer="H1", user="huyen")
    assert status_of(submitted, "H1") == status_of(submitted, "H2") == "da_nop"


def test_a_department_reviews_for_its_province(submitted) -> None:
    review.approve(submitted, DocumentKey(FORM, "X11", PERIOD), reviewer="S1", user="so")
    assert status_of(submitted, "X11") == "da_duyet"


def test_returning_and_unlocking_need_a_reason_that_lands_in_the_audit(submitted) -> None:
    key = DocumentKey(FORM, "X11", PERIOD)
    with pytest.raises(review.ReviewRefused, match="ghi rõ lý do"):
        review.return_form(submitted, key, "  ", reviewer="H1", user="huyen")
    review.approve(submitted, key, reviewer="H1", user="huyen")
    with pytest.raises(review.ReviewRefused, match="mở khóa"):
        review.return_form(submitted, key, "Sai số thôn", reviewer="H1", user="huyen")
    result = review.unlock(submitted, key, "Sở yêu cầu bổ sung", reviewer="H1", user="huyen")
    assert result.statuses[0].status == "da_nop" and result.changes.statuses == {key}
    review.return_form(submitted, key, "Sai số thôn", reviewer="H1", user="huyen")
    status = get_status(submitted, FORM, "X11", PERIOD)
    assert status.status == "dang_nhap" and status.reason == "Sai số thôn"
    steps = [e.new_raw for e in history(submitted, FORM, "X11", PERIOD) if e.kind == "status"]
    assert any("Sở yêu cầu bổ sung" in s for s in steps) and any("Sai số thôn" in s for s in steps)


def test_the_refusal_renders_in_another_language_from_its_templates(submitted) -> None:
    english = {"Không thay đổi gì, vì: {reasons}.": "Nothing changed, because: {reasons}.",
               "{unit}: {reason}": "{unit} — {reason}"}
    with pytest.raises(review.ReviewRefused) as refused:
        review.review(submitted, "approve", FORM, PERIOD, ["X21"], reviewer="T", user="tinh")
    shown = refused.value.render(lambda text: english.get(text, text))
    assert shown.startswith("Nothing changed, because: ") and "Xã Hai Một" in shown


def test_who_is_listed_for_the_window_and_for_the_command(db) -> None:
    from forms.periods import parse_period
    from storage.units import load_unit_tree

    units, form, period = load_unit_tree(db), make_form(), parse_period(PERIOD)
    assert [u.code for u in review.children_reporting(units, "H1", form, period)] == ["X11", "X12"]
    assert [u.code for u in review.children_reporting(units, "T", form, period)] == ["H1", "H2"]
    assert {u.code for u in review.reviewable_units(units, "S1", form, period)} == {"H1", "H2", "X11", "X12", "X21"}
    assert [u.code for u in review.reviewers(units)] == ["T", "H1", "H2"]
    assert review.refusal_for(units, None, "H1") is None
    assert "không được tự duyệt" in review.refusal_for(units, "H1", "H1").message


def test_the_checks_report_counts_errors_and_warnings_before_approving(db) -> None:
    from storage.units import load_unit_tree

    form = make_form(rules=[{"id": "r1", "expr": "bts >= bts_4g", "severity": "error"}])
    write_value(db, form, "X11", PERIOD, "bts", "th", "3", user="xa")
    write_value(db, form, "X11", PERIOD, "bts_4g", "th", "5", user="xa")
    write_value(db, form, "X12", PERIOD, "bts", "th", "ba", user="xa")
    seen: list[tuple[int, int]] = []

    class Progress:
        def check(self) -> None:
            pass

        def progress(self, done: int, total: int, text: str) -> None:
            seen.append((done, total))

    counts = review.check_counts(db, form, load_unit_tree(db), ["X11", "X12"], PERIOD, Progress())
    assert counts["X11"][0] >= 1 and counts["X12"][0] >= 1  # a part above its whole; a word in a count
    assert seen == [(0, 2), (1, 2)]


def test_submitting_records_the_file_and_an_approved_form_stays_approved(submitted) -> None:
    key = DocumentKey(FORM, "X12", PERIOD)
    result = review.submit(submitted, key, "x12.xlsx", user="xa")
    status = get_status(submitted, FORM, "X12", PERIOD)
    assert status.status == "da_nop" and status.submitted_file == "x12.xlsx" and status.submitted_at is not None
    assert result.changes.statuses == {key}
    review.approve(submitted, key, reviewer="H1", user="huyen")
    assert review.submit(submitted, key, "lai.xlsx", user="xa").statuses[0].status == "da_duyet"
