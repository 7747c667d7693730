"""The Tổng hợp menu: merging a folder of submissions and consolidating a unit, from the real window."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop import consolidation_actions, workbook_actions
from desktop.change_bus import change_bus
from desktop.main_window import MainWindow
from operations.context import open_context
from storage.values import read_values

FORM, PERIOD = "XHS-01", "2024Q2"


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    ctx = open_context(str(tmp_path / "db.sqlite3"))
    win = MainWindow(ctx, ("M223-01", FORM, PERIOD))
    qtbot.addWidget(win)
    yield win
    ctx.db.close()


@pytest.fixture
def published():
    """Every OpChanges the change bus broadcasts during the test."""
    seen: list = []

    def keep(changes) -> None:
        seen.append(changes)

    change_bus().changed.connect(keep)
    yield seen
    change_bus().changed.disconnect(keep)


def _wait(qtbot, task) -> None:
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60_000)


def _commune_with_values(win: MainWindow) -> tuple[str, dict]:
    for unit in win.ctx.units.children("223"):
        stored = read_values(win.ctx.db, FORM, unit.code, PERIOD)
        if stored:
            return unit.code, {k: v.raw for k, v in stored.items()}
    raise AssertionError("the demo has no commune figures for XHS-01 in Hiệp Hòa")


def test_a_resubmission_that_differs_is_applied_only_after_the_officer_confirms(qtbot, window, tmp_path) -> None:
    # the district's database holds the commune's first submission …
    district = MainWindow(open_context(str(tmp_path / "district.sqlite3")), ("223", FORM, PERIOD))
    qtbot.addWidget(district)
    unit, before = _commune_with_values(window)
    key = next(iter(before))
    # … then the commune corrects a figure and sends the workbook again, at least a second later
    # (_meta records the export time to the second)
    time.sleep(1.1)
    window.open_place(unit, FORM, PERIOD)
    window.model.edit([(key, "777")], "typed", "Sửa")
    out = tmp_path / "nop-lai.xlsx"
    _wait(qtbot, workbook_actions.export_submission(window, str(out)))

    _wait(qtbot, consolidation_actions.merge_submissions(district, [str(out)], confirm=False))
    assert read_values(district.ctx.db, FORM, unit, PERIOD)[key].raw == before[key]  # not applied silently

    got: list = []
    _wait(qtbot, consolidation_actions.merge_submissions(district, [str(out)], confirm=True, then=got.append))
    qtbot.waitUntil(lambda: bool(got), timeout=60_000)  # after the confirmed version went in
    assert read_values(district.ctx.db, FORM, unit, PERIOD)[key].raw == "777"
    assert got[0].changes.touches_values(FORM, unit, PERIOD)
    from storage.audit import history

    olds = [e.old_raw for e in history(district.ctx.db, FORM, unit, PERIOD, *key)]
    assert before[key] in olds  # the first submission stays in the audit
    district.ctx.db.close()


def test_the_district_consolidates_its_communes_into_a_workbook_and_stores_it(qtbot, window, tmp_path,
                                                                             published) -> None:
    window.open_place("223", FORM, PERIOD)
    out = tmp_path / "tong-hop.xlsx"
    got: list = []
    _wait(qtbot, consolidation_actions.consolidate_open_unit(window, str(out), store=True, then=got.append))
    [outcome] = got
    result = outcome.result
    assert out.exists() and result.reported
    stored = read_values(window.ctx.db, FORM, "223", PERIOD)
    numeric = {k: v for k, v in result.values.items() if v is not None}
    assert numeric and all(stored[k].number == v for k, v in numeric.items() if k in result.raws)
    # the open form (the district's own sheet) is told to read the stored figures again
    assert published[-1] == outcome.changes and outcome.changes.touches_values(FORM, "223", PERIOD)
    assert window.doc.values == {k: v.raw for k, v in stored.items()}  # …and it did, from the bus alone
