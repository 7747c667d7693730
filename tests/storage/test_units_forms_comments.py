"""Unit lists change over time, forms are stored by version, cells carry notes and justifications."""

from __future__ import annotations

from datetime import date

import pytest

from forms.errors import BieumauError
from forms.units import Unit, UnitError
from storage.audit import history
from storage.comments import read_comments, set_comment
from storage.database import Database
from storage.forms import register_form, stored_form
from storage.status import list_statuses, set_status
from storage.units import diff_units, load_unit_tree, save_units
from tests.storage.conftest import UNITS, make_form


def test_a_new_unit_list_is_previewed_then_applied_keeping_old_units(db: Database) -> None:
    reform = [
        Unit("H1", "Huyện Một Mới", "huyen", "T"),
        Unit("X11", "Xã Một Một", "xa", "H1", valid_to=date(2025, 6, 30), merged_into="X30"),
        Unit("X12", "Xã Một Hai", "xa", "H1", valid_to=date(2025, 6, 30)),
        Unit("X21", "Xã Hai Một", "xa", "H2"),
        Unit("X30", "Xã Hợp Nhất", "xa", "T", valid_from=date(2025, 7, 1)),
    ]
    preview = diff_units(db, reform)
    assert (preview.new, preview.renamed, preview.merged, preview.ended, preview.unchanged) == (
        ["X30"], ["H1"], ["X11"], ["X12"], ["X21"])
    assert "Huyện Một Mới" not in {u.name for u in load_unit_tree(db)}
    assert save_units(db, reform, code_list_version="2025-07", user="lan") == preview
    tree = load_unit_tree(db)
    assert len(tree) == len(UNITS) + 1 and tree["H1"].name == "Huyện Một Mới"
    assert tree.successor("X11", date(2025, 8, 1)).code == "X30"


def test_a_unit_list_with_an_unknown_parent_is_refused_and_nothing_changes(db: Database) -> None:
    with pytest.raises(UnitError, match="«H9»"):
        save_units(db, [Unit("X99", "Xã Lạ", "xa", "H9"), Unit("H1", "Đổi tên", "huyen", "T")], user="lan")
    assert load_unit_tree(db)["H1"].name == "Huyện Một"


def test_a_form_is_stored_by_version_and_a_changed_definition_needs_a_new_version(db: Database) -> None:
    form = make_form()
    register_form(db, form)
    register_form(db, make_form())
    assert stored_form(db, "KT-01", 1).indicator_map.keys() == form.indicator_map.keys()
    with pytest.raises(BieumauError, match="phiên bản"):
        register_form(db, make_form(title="Tiêu đề khác"))
    register_form(db, make_form(title="Tiêu đề khác", version=2))
    assert stored_form(db, "KT-01", 2).title == "Tiêu đề khác"


def test_notes_and_justifications_are_kept_per_cell_and_audited(db: Database) -> None:
    set_comment(db, "KT-01", "H1", "2024Q2", "bts", "th", "Số liệu của VNPT", user="lan")
    set_comment(db, "KT-01", "H1", "2024Q2", "bts", "th", "Tăng do lắp mới 5G", kind="justification", user="lan")
    assert read_comments(db, "KT-01", "H1", "2024Q2") == {
        ("bts", "th"): {"note": "Số liệu của VNPT", "justification": "Tăng do lắp mới 5G"}}
    set_comment(db, "KT-01", "H1", "2024Q2", "bts", "th", "", user="minh")
    assert read_comments(db, "KT-01", "H1", "2024Q2") == {("bts", "th"): {"justification": "Tăng do lắp mới 5G"}}
    kinds = [(e.kind, e.new_raw, e.user) for e in history(db, "KT-01", "H1", "2024Q2", "bts", "th")]
    assert kinds[0] == ("note", "", "minh")


def test_statuses_of_a_period_are_listed_with_their_counts(db: Database) -> None:
    set_status(db, "KT-01", "H1", "2024Q2", "da_kiem_tra", user="lan", error_count=0, warning_count=2)
    set_status(db, "KT-01", "H2", "2024Q2", "da_nop", user="minh")
    set_status(db, "KT-02", "H2", "2024Q2", "da_nop", user="minh")
    statuses = list_statuses(db, "Quý II/2024", ["KT-01"])
    assert [(s.unit, s.status, s.warning_count) for s in statuses] == [("H1", "da_kiem_tra", 2), ("H2", "da_nop", 0)]
    with pytest.raises(BieumauError):
        set_status(db, "KT-01", "H1", "2024Q2", "xong", user="lan")
