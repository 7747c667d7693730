"""The unit list operation without a window: the 2025 reform (two communes merged, the district level
ended) is previewed change by change, nothing is saved by looking, and applying says what it touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.errors import BieumauError
from operations.changes import OpChanges
from operations.units import apply_unit_list, preview_unit_list, summary
from storage.database import Database, open_database
from storage.units import load_unit_tree, save_units
from tests.operations.admin_files import DEMO_UNITS, pre_reform_list


@pytest.fixture
def db(tmp_path: Path):
    from forms.units import read_units_csv

    database = open_database(tmp_path / "db.sqlite3", user="admin")
    save_units(database, read_units_csv(pre_reform_list(tmp_path / "before.csv")), user="admin")
    yield database
    database.close()


def test_the_reform_is_previewed_without_saving_anything(db: Database) -> None:
    preview = preview_unit_list(db, DEMO_UNITS)
    assert preview.codes("merged") == ["M223-01", "M223-02"]
    assert preview.codes("new") == ["M223-12"]
    assert len(preview.codes("ended")) == 10
    text = preview.describe("merged", "M223-01")
    assert "Xã mẫu 12 (sáp nhập, Hiệp Hòa)" in text and "01/07/2025" in text
    assert preview.describe("new", "M223-12").startswith("Xã, thuộc ")
    assert "1 đơn vị mới" in preview.summary() and "2 sáp nhập" in preview.summary()
    assert "M223-12" not in load_unit_tree(db)


def test_applying_saves_in_one_go_backs_up_first_and_touches_the_units(db: Database, tmp_path: Path) -> None:
    result = apply_unit_list(db, preview_unit_list(db, DEMO_UNITS), user="admin", code_list_version="2025-07")
    assert result.op_changes == OpChanges(units=True)
    assert result.op_changes.touches("XHS-01")  # every open view of units refreshes
    tree = load_unit_tree(db)
    assert tree["M223-01"].merged_into == "M223-12"
    assert list((tmp_path / "backups").glob("*truoc-nhap-don-vi*"))
    again = preview_unit_list(db, DEMO_UNITS)
    assert not again.changed
    assert not apply_unit_list(db, again, user="admin").op_changes


def test_a_broken_list_is_refused_in_words(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level\nX1,Xã lạ,thon\n", encoding="utf-8")
    with pytest.raises(BieumauError) as refused:
        preview_unit_list(db, bad)
    assert "thon" in refused.value.message


def test_a_window_gets_the_same_words_through_its_translator(db: Database) -> None:
    preview = preview_unit_list(db, DEMO_UNITS)
    shouted = preview.describe("merged", "M223-01", str.upper)
    assert shouted.startswith("SÁP NHẬP VÀO Xã mẫu 12")  # the template is translated, the names are not
    assert summary(preview.changes, lambda t: t.replace("sáp nhập", "merged")).count("merged") == 1
