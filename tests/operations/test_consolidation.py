"""``operations.consolidation`` without Qt: consolidate a parent into a workbook, store the figures when
asked, refuse a parent with nothing to consolidate — and say what changed."""

from __future__ import annotations

import pytest

from forms.errors import BieumauError
from operations.changes import DocumentKey
from operations.consolidation import consolidate_unit, store_consolidated
from storage.values import read_values
from tests.workbooks.test_consolidation import db as db  # the fixture, re-exported
from tests.workbooks.test_consolidation import filled as filled  # the fixture, re-exported
from tests.workbooks.test_consolidation import form as form  # the fixture, re-exported
from tests.workbooks.test_consolidation import units as units  # the fixture, re-exported


def test_the_children_are_consolidated_into_a_workbook_and_nothing_is_stored(filled, form, units, tmp_path):
    out = tmp_path / "tong-hop.xlsx"
    outcome = consolidate_unit(filled, form, "T", "2024Q2", units, out, user="tinh")
    assert outcome.path == out and out.exists()
    assert outcome.result.reported == ("H1", "H2") and outcome.result.missing == ("H3",)
    assert outcome.result.raws[("diem_cau", "th")] == "268"
    assert outcome.stored is None and not outcome.changes
    assert read_values(filled, form.id, "T", "2024Q2") == {}


def test_stored_figures_become_the_parents_own_and_the_changes_name_its_sheet(filled, form, units, tmp_path):
    outcome = consolidate_unit(filled, form, "T", "2024Q2", units, tmp_path / "th.xlsx", user="tinh", store=True)
    assert outcome.stored is not None and outcome.stored.new == len(outcome.result.raws)
    assert read_values(filled, form.id, "T", "2024Q2")[("diem_cau", "th")].raw == "268"
    assert outcome.changes.values == {DocumentKey(form.id, "T", "2024Q2")}


def test_storing_after_the_officer_said_yes_is_the_same_write(filled, form, units, tmp_path):
    outcome = consolidate_unit(filled, form, "T", "2024Q2", units, tmp_path / "th.xlsx", user="tinh")
    summary, changes = store_consolidated(filled, outcome.result, user="tinh")
    assert summary.new == len(outcome.result.raws) and changes.touches_values(form.id, "T", "2024Q2")


def test_the_rules_run_on_the_consolidated_figures(filled, form, units, tmp_path):
    outcome = consolidate_unit(filled, form, "T", "2024Q2", units, tmp_path / "th.xlsx", user="tinh")
    # 80 on time out of 300 solved, 26,67 % — no rule broken by the sums of two consistent districts
    assert outcome.errors == 0 and outcome.result.raws[("ty_le_dung_han", "th")] == "26,67"


@pytest.mark.parametrize(("parent", "code"), [("X11", "no_children"), ("H2", "nothing_reported"),
                                              ("KHONG-CO", "unknown_unit")])
def test_a_parent_with_nothing_to_consolidate_is_refused_before_any_file(filled, form, units, tmp_path, parent,
                                                                          code):
    out = tmp_path / "th.xlsx"
    with pytest.raises(BieumauError) as refused:
        consolidate_unit(filled, form, parent, "2024Q2", units, out, user="tinh")
    assert refused.value.code == code and not out.exists()
