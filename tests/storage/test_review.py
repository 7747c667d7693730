"""Only the level above reviews: a district approves, returns and unlocks its communes' forms, the province
its districts' (and their communes'); a unit never its own, a sibling's or its parent's — and a refusal
changes nothing."""

from __future__ import annotations

import pytest

from forms.errors import BieumauError
from storage import review
from storage.audit import history
from storage.database import Database
from storage.review import NotReviewerError, ReviewError
from storage.status import get_status, set_status

FORM, PERIOD = "KT-01", "2024Q2"


def submitted(db: Database, unit: str) -> None:
    set_status(db, FORM, unit, PERIOD, "da_nop", user="nguoi_nop")


def state(db: Database, unit: str) -> tuple:
    status = get_status(db, FORM, unit, PERIOD)
    return status.status, status.user, status.reason, len(history(db, FORM, unit, PERIOD))


@pytest.mark.parametrize(("reviewer", "unit"), [
    ("H1", "X11"), ("T", "H1"), ("T", "X21"), ("T", "S1"),
    ("S1", "H1"), ("S1", "X21"), ("S1", "S2"),  # the Sở consolidates for the province
])
def test_a_unit_above_approves_returns_and_unlocks(db: Database, reviewer: str, unit: str) -> None:
    submitted(db, unit)
    assert review.approve(db, FORM, unit, PERIOD, reviewer=reviewer, user="truong_phong").status == "da_duyet"
    unlocked = review.unlock(db, FORM, unit, PERIOD, "Bổ sung số liệu", reviewer=reviewer, user="truong_phong")
    assert unlocked.status == "da_nop" and unlocked.reason == "Bổ sung số liệu"
    back = review.return_submission(db, FORM, unit, PERIOD, "Sai tổng", reviewer=reviewer, user="truong_phong")
    assert back.status == "dang_nhap"


@pytest.mark.parametrize(("reviewer", "unit", "code", "names"), [
    ("H1", "H1", "own_unit", ("Huyện Một",)),
    ("T", "T", "own_unit", ("Tỉnh Kiểm Thử",)),
    ("H2", "X11", "not_reviewer", ("Huyện Hai", "Xã Một Một")),  # another district's commune
    ("H2", "H1", "not_reviewer", ("Huyện Hai", "Huyện Một")),  # a sibling district
    ("X12", "X11", "not_reviewer", ("Xã Một Hai", "Xã Một Một")),  # a sibling commune
    ("X11", "H1", "not_reviewer", ("Xã Một Một", "Huyện Một")),  # a commune over its own district
    ("H1", "T", "not_reviewer", ("Huyện Một", "Tỉnh Kiểm Thử")),  # a district over the province
    ("S1", "S1", "own_unit", ("Sở Một",)),  # the Sở acts for the province, never for itself
    ("S1", "T", "not_reviewer", ("Sở Một", "Tỉnh Kiểm Thử")),  # nor over the province
    ("H1", "S1", "not_reviewer", ("Huyện Một", "Sở Một")),
])
def test_a_unit_not_above_is_refused_naming_both_and_nothing_changes(
    db: Database, reviewer: str, unit: str, code: str, names: tuple[str, ...]
) -> None:
    submitted(db, unit)
    before = state(db, unit)
    with pytest.raises(NotReviewerError) as refused:
        review.approve(db, FORM, unit, PERIOD, reviewer=reviewer, user="ai_do")
    assert refused.value.code == code
    assert all(f"«{name}»" in refused.value.message for name in names)
    with pytest.raises(NotReviewerError):
        review.return_submission(db, FORM, unit, PERIOD, "Sai tổng", reviewer=reviewer, user="ai_do")
    assert state(db, unit) == before

    set_status(db, FORM, unit, PERIOD, "da_duyet", user="cap_tren")
    locked = state(db, unit)
    with pytest.raises(NotReviewerError):
        review.unlock(db, FORM, unit, PERIOD, "Muốn sửa", reviewer=reviewer, user="ai_do")
    assert state(db, unit) == locked


def test_without_my_unit_or_with_an_unknown_one_nobody_reviews(db: Database) -> None:
    submitted(db, "X11")
    with pytest.raises(NotReviewerError, match="Chưa chọn «đơn vị của tôi»"):
        review.approve(db, FORM, "X11", PERIOD, reviewer=None, user="ai_do")
    with pytest.raises(NotReviewerError, match="«H9»") as refused:
        review.approve(db, FORM, "X11", PERIOD, reviewer="H9", user="ai_do")
    assert refused.value.code == "unknown_unit"
    assert get_status(db, FORM, "X11", PERIOD).status == "da_nop"


def test_the_status_rules_still_hold_for_the_unit_above(db: Database) -> None:
    with pytest.raises(ReviewError, match="Chỉ duyệt được") as refused:
        review.approve(db, FORM, "X11", PERIOD, reviewer="H1", user="truong_phong")
    assert refused.value.fields["status"] == "Chưa nhập"
    submitted(db, "X11")
    with pytest.raises(ReviewError) as refused:
        review.return_submission(db, FORM, "X11", PERIOD, "  ", reviewer="H1", user="truong_phong")
    assert refused.value.code == "reason_required"
    review.approve(db, FORM, "X11", PERIOD, reviewer="H1", user="truong_phong")
    with pytest.raises(ReviewError, match="mở khóa"):
        review.return_submission(db, FORM, "X11", PERIOD, "Sai", reviewer="H1", user="truong_phong")
    with pytest.raises(ReviewError) as refused:
        review.unlock(db, FORM, "X11", PERIOD, "", reviewer="H1", user="truong_phong")
    assert refused.value.code == "reason_required"
    assert get_status(db, FORM, "X11", PERIOD).status == "da_duyet"


def test_a_form_changed_by_someone_else_since_it_was_read_is_refused_not_moved_on(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted(db, "X11")
    seen = get_status(db, FORM, "X11", PERIOD)  # what the reviewer's window shows: đã nộp
    set_status(db, FORM, "X11", PERIOD, "dang_nhap", user="van_thu", reason="Rút lại để sửa")
    before = state(db, "X11")
    monkeypatch.setattr(review, "get_status", lambda *_args: seen)
    with pytest.raises(BieumauError) as refused:
        review.approve(db, FORM, "X11", PERIOD, reviewer="H1", user="truong_phong")
    assert refused.value.code == "status_changed" and "«Đang nhập»" in refused.value.message
    with pytest.raises(BieumauError):
        review.return_submission(db, FORM, "X11", PERIOD, "Sai", reviewer="H1", user="truong_phong")
    assert state(db, "X11") == before
