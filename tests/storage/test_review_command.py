"""``bieumau review``: the approval steps from the command line, on a real database file — several units all
or nothing, the acting unit from --as-unit or «đơn vị của tôi», refusals in Vietnamese with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cli.main import main
from storage.audit import history
from storage.database import open_database
from storage.status import get_status, set_status
from tests.storage.conftest import FORM_DATA

UNITS_CSV = """code,name,level,parent,valid_from,valid_to
T,Tỉnh Kiểm Thử,tinh,,,
S1,Sở Một,so,T,,
H1,Huyện Một,huyen,T,,
H2,Huyện Hai,huyen,T,,
X11,Xã Một Một,xa,H1,,
X21,Xã Hai Một,xa,H2,,
"""
PERIOD = "2024Q2"


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    form = tmp_path / "kt-01.yaml"
    form.write_text(yaml.safe_dump(FORM_DATA, allow_unicode=True), encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    db = tmp_path / "bieumau.sqlite3"
    assert main(["units", "import", str(units), "--db", str(db)]) == 0
    opened = open_database(db, daily_backup=False)
    for unit in ("H1", "H2", "X11"):
        set_status(opened, "KT-01", unit, PERIOD, "da_nop", user="van_thu")
    opened.close()
    return {"form": str(form), "db": str(db), "home": str(tmp_path / "home")}


def _run(place: dict[str, str], *args: str) -> int:
    step, *rest = args
    return main(["review", step, "--form", place["form"], "--period", PERIOD, "--db", place["db"], *rest])


def _statuses(place: dict[str, str], *units: str) -> dict[str, tuple[str, int]]:
    db = open_database(place["db"], daily_backup=False)
    try:
        return {u: (get_status(db, "KT-01", u, PERIOD).status, len(history(db, "KT-01", u, PERIOD)))
                for u in units}
    finally:
        db.close()


def test_the_province_lists_approves_returns_and_unlocks_its_units(place, capsys) -> None:
    assert _run(place, "list", "--as-unit", "T") == 0
    listing = capsys.readouterr().out
    assert "đơn vị duyệt: Tỉnh Kiểm Thử" in listing
    assert "H1\tHuyện Một\tĐã nộp\tvan_thu" in listing and "X21\tXã Hai Một\tChưa nhập" in listing
    assert "S1" not in listing  # KT-01 is a district and commune form

    assert _run(place, "approve", "H1", "X11", "--as-unit", "T") == 0
    assert "H1\tHuyện Một\tĐã duyệt" in capsys.readouterr().out
    assert _run(place, "unlock", "H1", "--as-unit", "T", "--reason", "Bổ sung số liệu quý") == 0
    assert _run(place, "return", "H1", "--as-unit", "T", "--reason", "Sai tổng số trạm BTS") == 0
    assert {u: s for u, (s, _) in _statuses(place, "H1", "X11").items()} == {"H1": "dang_nhap", "X11": "da_duyet"}


def test_my_unit_from_the_settings_is_the_default_acting_unit(place, capsys) -> None:
    Path(place["home"]).mkdir(parents=True, exist_ok=True)
    (Path(place["home"]) / "settings.json").write_text(json.dumps({"my_unit": "H1"}), encoding="utf-8")
    assert _run(place, "approve", "X11") == 0
    assert _statuses(place, "X11")["X11"][0] == "da_duyet"
    assert _run(place, "approve", "H2") == 2  # H1 is not above H2
    assert "«Huyện Một» không phải cấp trên của «Huyện Hai»" in capsys.readouterr().err


def test_without_my_unit_the_command_says_how_to_give_one(place, capsys) -> None:
    assert _run(place, "approve", "H1") == 2
    err = capsys.readouterr().err
    assert "Chưa chọn «đơn vị của tôi»" in err and "--as-unit" in err and "Traceback" not in err


def test_one_refused_unit_leaves_all_the_others_unchanged(place, capsys) -> None:
    before = _statuses(place, "H1", "H2", "X11", "X21")
    # X21 has not submitted and H1 cannot approve H2's commune: nothing is approved, both reasons are given
    assert _run(place, "approve", "H2", "X21", "--as-unit", "T") == 2
    err = capsys.readouterr().err
    assert "Không thay đổi gì" in err and "Xã Hai Một" in err and "«Chưa nhập»" in err
    assert _run(place, "approve", "X11", "X21", "--as-unit", "H1") == 2
    assert "«Huyện Một» không phải cấp trên của «Xã Hai Một»" in capsys.readouterr().err
    assert _run(place, "return", "H1", "--as-unit", "T", "--reason", "   ") == 2
    assert _statuses(place, "H1", "H2", "X11", "X21") == before


def test_the_sở_reviews_for_its_province_but_not_itself(place, capsys) -> None:
    assert _run(place, "approve", "H1", "--as-unit", "S1") == 0
    assert _run(place, "list", "--as-unit", "S1") == 0
    assert "H1\tHuyện Một\tĐã duyệt" in capsys.readouterr().out
    assert _run(place, "approve", "S1", "--as-unit", "S1") == 2
    assert "không được tự duyệt" in capsys.readouterr().err


def test_status_prints_who_submitted_what_like_the_dashboard(place, capsys) -> None:
    from datetime import UTC, datetime

    from storage.status import record_submission

    db = open_database(place["db"], daily_backup=False)
    record_submission(db, "KT-01", "X21", PERIOD, user="xa", file="x21.xlsx", at=datetime(2024, 7, 1, tzinfo=UTC))
    db.close()
    assert main(["review", "status", "--period", "Quý II/2024", "--unit", "H2", "--form", place["form"],
                 "--db", place["db"]]) == 0
    out = capsys.readouterr().out
    assert "Quý II/2024" in out
    assert "H2\tHuyện Hai\t1/1 đã nộp\tKT-01: Đã nộp" in out and "Nộp trễ hạn" in out  # set today, long after
    assert "X21\tXã Hai Một\t1/1 đã nộp\tKT-01: Đã nộp" in out and "nộp lúc 01/07/2024" in out
    assert "1/1 huyện đã nộp · 1/1 xã đã nộp" in out
    assert "Tổng: 2/2 biểu đã nộp; còn thiếu 0" in out
    assert "Đã nộp đủ các biểu: 1/1 huyện · 1/1 xã" in out


def test_status_of_an_unknown_unit_is_refused_in_vietnamese(place, capsys) -> None:
    assert main(["review", "status", "--period", PERIOD, "--unit", "KHONG", "--db", place["db"]]) == 2
    assert "Không có đơn vị mã «KHONG»" in capsys.readouterr().err


def test_the_window_and_the_command_refuse_with_the_same_sentence(place, capsys) -> None:
    from operations.review import ReviewRefused, review

    assert _run(place, "approve", "X21", "--as-unit", "H1") == 2
    said = capsys.readouterr().err.strip()
    db = open_database(place["db"], daily_backup=False)
    try:
        with pytest.raises(ReviewRefused) as refused:
            review(db, "approve", "KT-01", PERIOD, ["X21"], reviewer="H1", user="huyen")
    finally:
        db.close()
    assert refused.value.message in said
