"""The plan import without a command line: stored whole after a backup, saying which forms it touches."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.errors import BieumauError
from operations.targets import import_plan, read_plan
from storage.plans import load_plan


def test_a_plan_is_stored_and_touches_the_forms_it_names(demo, tmp_path: Path) -> None:
    form = demo.catalogue["BC-01"]
    plan = tmp_path / "ke-hoach.csv"
    plan.write_text(f"unit,year,indicator,target\n24-STTTT,2024,{form.indicators[0].id},≥ 90%\n", encoding="utf-8")
    imported = import_plan(demo.db, plan, user="so", catalogue=demo.catalogue)
    assert "BC-01" in imported.op_changes.forms and imported.op_changes.touches("BC-01")
    assert imported.summary("ke-hoach.csv") == ("Đã nạp kế hoạch năm 2024 từ ke-hoach.csv: 1 chỉ tiêu mới, "
                                                 "0 thay đổi, 0 giữ nguyên.")
    assert [r.unit for r in load_plan(demo.db, 2024).rows] == ["24-STTTT"]
    assert list((tmp_path / "backups").glob("*truoc-nhap-ke-hoach*"))


def test_an_unusable_plan_is_refused_before_anything_is_stored(demo, tmp_path: Path) -> None:
    plan = tmp_path / "hong.csv"
    plan.write_text("unit,year,indicator\n24-STTTT,2024,x\n", encoding="utf-8")
    with pytest.raises(BieumauError):
        read_plan(plan)
    assert load_plan(demo.db).rows == ()
