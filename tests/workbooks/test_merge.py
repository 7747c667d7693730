"""Merging many submissions into a real SQLite file: each file all or nothing, cancel keeps what is
done, resubmissions of one sheet detected as duplicates or conflicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from forms.errors import BieumauError
from forms.units import UnitTree
from storage.audit import history
from storage.values import read_values
from tests.workbooks.test_consolidation import H1_Q2, H2_Q2, UNITS, put
from tests.workbooks.test_consolidation import db as db  # the fixture, re-exported
from tests.workbooks.test_consolidation import form as form  # the fixture, re-exported
from workbooks.heading import sheet_context
from workbooks.merge import Conflict, merge_files
from workbooks.submission import write_submission

EARLY = datetime(2024, 7, 5, 8, 0, tzinfo=UTC)


def submission(form, unit: str, values: dict, path: Path, at: datetime | None = None, period: str = "2024Q2") -> Path:
    ctx = sheet_context(form, unit, period, UnitTree(UNITS), app_version="0.1.0")
    return write_submission(ctx, values, path, exported_at=at)


def stored(db, form, unit: str, period: str = "2024Q2") -> dict:
    return {key: value.raw for key, value in read_values(db, form.id, unit, period).items()}


class Cancelled(BieumauError):
    code = "cancelled"


class State:
    """A stand-in for the desktop's TaskState that presses Cancel once ``cancel_after`` files are done."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.cancel_after = cancel_after
        self.seen: list[tuple[int, int, str]] = []

    def progress(self, done: int, total: int, label: str = "") -> None:
        self.seen.append((done, total, label))

    def check(self) -> None:
        done = self.seen[-1][0] if self.seen else 0
        if self.cancel_after is not None and done >= self.cancel_after:
            raise Cancelled("Đã hủy.")


def test_many_files_are_stored_each_as_one_and_progress_is_reported(db, form, tmp_path):
    files = [
        submission(form, "H1", H1_Q2, tmp_path / "h1.xlsx"),
        submission(form, "H2", H2_Q2, tmp_path / "h2.xlsx"),
        tmp_path / "hong.xlsx",
    ]
    files[2].write_bytes(b"not a workbook")
    state = State()
    results = merge_files(db, files, user="tinh", state=state, catalogue={form.id: form})
    assert [r.file.name for r in results] == ["h1.xlsx", "h2.xlsx", "hong.xlsx"]
    assert [r.ok for r in results] == [True, True, False]
    assert stored(db, form, "H1") == H1_Q2 and stored(db, form, "H2") == H2_Q2
    assert state.seen[-1][:2] == (3, 3)


def test_a_cancelled_merge_keeps_the_files_done_and_leaves_the_rest_untouched(db, form, tmp_path):
    files = [submission(form, unit, {("diem_cau", "th"): str(i + 1)}, tmp_path / f"{unit}.xlsx")
             for i, unit in enumerate(("X11", "X12", "X21", "H3"))]
    done: list[str] = []
    with pytest.raises(Cancelled):
        merge_files(db, files, user="tinh", state=State(cancel_after=2), catalogue={form.id: form},
                    on_result=lambda r: done.append(r.unit))
    assert done == ["X11", "X12"]
    assert stored(db, form, "X11") == {("diem_cau", "th"): "1"}
    assert stored(db, form, "X12") == {("diem_cau", "th"): "2"}
    assert stored(db, form, "X21") == {} and stored(db, form, "H3") == {}


def test_a_merge_cancelled_while_reading_the_files_changes_nothing(db, form, tmp_path):
    files = [submission(form, unit, {("diem_cau", "th"): "1"}, tmp_path / f"{unit}.xlsx") for unit in ("X11", "X12")]
    with pytest.raises(Cancelled):
        merge_files(db, files, user="tinh", state=State(cancel_after=0), catalogue={form.id: form})
    assert stored(db, form, "X11") == {} and stored(db, form, "X12") == {}


def test_two_different_versions_of_one_sheet_are_refused_and_reported_by_default(db, form, tmp_path):
    old = submission(form, "H1", H1_Q2, tmp_path / "h1-cu.xlsx", EARLY)
    new = submission(form, "H1", {**H1_Q2, ("diem_cau", "th"): "151"}, tmp_path / "h1-moi.xlsx",
                     EARLY + timedelta(days=1))
    results = merge_files(db, [new, old], user="tinh", catalogue={form.id: form})
    assert not any(r.ok for r in results)
    assert "h1-cu.xlsx" in results[0].refused and "h1-moi.xlsx" in results[0].refused
    assert "xác nhận" in results[0].refused
    assert stored(db, form, "H1") == {}


def test_the_newest_version_wins_when_confirmed_and_the_audit_keeps_both(db, form, tmp_path):
    old = submission(form, "H1", H1_Q2, tmp_path / "h1-cu.xlsx", EARLY)
    new = submission(form, "H1", {**H1_Q2, ("diem_cau", "th"): "151"}, tmp_path / "h1-moi.xlsx",
                     EARLY + timedelta(days=1))
    asked: list[Conflict] = []

    def confirm(conflict: Conflict) -> bool:
        asked.append(conflict)
        return True

    results = merge_files(db, [new, old], user="tinh", confirm_conflict=confirm, catalogue={form.id: form})
    assert all(r.ok for r in results)
    assert [v.label for v in asked[0].versions] == ["h1-cu.xlsx", "h1-moi.xlsx"]
    assert stored(db, form, "H1")[("diem_cau", "th")] == "151"
    changes = [(e.old_raw, e.new_raw) for e in history(db, form.id, "H1", "2024Q2", "diem_cau", "th")]
    assert changes == [("150", "151"), ("", "150")]


def test_an_identical_resubmission_is_a_duplicate_not_a_conflict(db, form, tmp_path):
    first = submission(form, "H1", H1_Q2, tmp_path / "h1.xlsx", EARLY)
    again = submission(form, "H1", H1_Q2, tmp_path / "h1-gui-lai.xlsx", EARLY + timedelta(hours=2))
    results = merge_files(db, [first, again], user="tinh", catalogue={form.id: form})
    assert all(r.ok for r in results)
    assert results[1].unchanged == len(H1_Q2) and any("trùng" in p for p in results[1].problems)


def test_a_file_older_than_the_stored_figures_is_refused(db, form, tmp_path):
    put(db, form, "H1", "2024Q2", {**H1_Q2, ("diem_cau", "th"): "152"})
    old = submission(form, "H1", H1_Q2, tmp_path / "h1-cu.xlsx", EARLY)
    [result] = merge_files(db, [old], user="tinh", confirm_conflict=lambda c: True, catalogue={form.id: form})
    assert not result.ok and "mới hơn" in result.refused
    assert stored(db, form, "H1")[("diem_cau", "th")] == "152"


def test_a_file_newer_than_the_stored_figures_replaces_them_only_when_confirmed(db, form, tmp_path):
    put(db, form, "H1", "2024Q2", H1_Q2)
    newer = submission(form, "H1", {**H1_Q2, ("diem_cau", "th"): "153"}, tmp_path / "h1-moi.xlsx",
                       datetime.now(UTC) + timedelta(minutes=5))
    [refused] = merge_files(db, [newer], user="tinh", catalogue={form.id: form})
    assert not refused.ok and "cơ sở dữ liệu" in refused.refused
    [taken] = merge_files(db, [newer], user="tinh", confirm_conflict=lambda c: True, catalogue={form.id: form})
    assert taken.ok and taken.changed == 1
    changes = [(e.old_raw, e.new_raw) for e in history(db, form.id, "H1", "2024Q2", "diem_cau", "th")]
    assert changes[0] == ("150", "153")
