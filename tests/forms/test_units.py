"""The unit hierarchy with validity dates and "merged into" links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from forms.units import UnitError, load_unit_tree, read_units_csv

UNITS = """code,name,level,parent,valid_from,valid_to,merged_into
24,Bắc Giang,tinh,,,,
24-STTTT,Sở Thông tin và Truyền thông,so,24,,,
223,Huyện Hiệp Hòa,huyen,24,2008-01-01,2025-06-30,
M223-01,Xã mẫu 01 (Hiệp Hòa),xa,223,,2025-06-30,M223-12
M223-02,Xã mẫu 02 (Hiệp Hòa),xa,223,,2025-06-30,M223-12
M223-03,Xã mẫu 03 (Hiệp Hòa),xa,223,,,
M223-12,Xã mẫu 12 (sáp nhập),xa,24,2025-07-01,,
"""


@pytest.fixture
def tree(tmp_path: Path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    return load_unit_tree(path)


def test_children_respect_validity_dates(tree) -> None:
    before = [u.code for u in tree.reporting_children("223", date(2024, 4, 1), date(2024, 6, 30))]
    assert before == ["M223-01", "M223-02", "M223-03"]
    province_after = [u.code for u in tree.reporting_children("24", date(2025, 7, 1), date(2025, 9, 30))]
    assert "M223-12" in province_after and "223" not in province_after


def test_merged_communes_lead_to_their_successor(tree) -> None:
    assert tree.successor("M223-01", date(2025, 9, 30)).code == "M223-12"
    assert tree.successor("M223-01", date(2024, 6, 30)).code == "M223-01"
    assert {u.code for u in tree.predecessors("M223-12")} == {"M223-01", "M223-02"}


def test_scope_covers_descendants(tree) -> None:
    assert tree.in_scope("223", "M223-02")
    assert not tree.in_scope("223", "24-STTTT")


def test_official_code_list_export_is_understood(tmp_path: Path) -> None:
    path = tmp_path / "gso.csv"
    path.write_text(
        "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n"
        "Tỉnh Bắc Giang,24,Huyện Hiệp Hòa,223,Xã Mẫu Một,07801,Xã\n",
        encoding="utf-8",
    )
    units = {u.code: u for u in read_units_csv(path)}
    assert units["07801"].parent == "223" and units["223"].parent == "24"
    assert units["24"].level == "tinh"


@pytest.mark.parametrize(
    "body,words",
    [
        ("code,name,level\nX,Tên,quan\n", "cấp «quan»"),
        ("code,name,level,parent\nX,Tên,xa,KHONGCO\n", "KHONGCO"),
        ("code,name,level\nX,A,xa\nX,B,xa\n", "hai lần"),
        ("ma,ten\n1,2\n", "không đúng mẫu"),
        ("code,name,level,parent,valid_from\nX,Tên,xa,,2024-13-01\n", "YYYY-MM-DD"),
    ],
)
def test_bad_unit_lists_are_refused_by_name(tmp_path: Path, body: str, words: str) -> None:
    path = tmp_path / "units.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UnitError, match=words):
        load_unit_tree(path)


def test_a_missing_unit_list_or_a_folder_is_refused_in_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(UnitError, match="Không tìm thấy tệp danh mục đơn vị"):
        read_units_csv(tmp_path / "khong-co.csv")
    with pytest.raises(UnitError, match="là thư mục"):
        read_units_csv(tmp_path)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("code,name,level\nX,Hà Noi,xa\n".encode("latin-1"))
    with pytest.raises(UnitError, match="không phải văn bản UTF-8"):
        read_units_csv(latin)
