"""Loading definitions: the bundled catalogue loads; broken files are refused by file, item and name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from forms.definitions import build_form, load_form
from forms.errors import BieumauError, DefinitionError

GOOD = {
    "id": "VT-01",
    "version": 3,
    "title": "Báo cáo hạ tầng viễn thông",
    "period": "quarter",
    "levels": ["so", "huyen"],
    "columns": [{"id": "th", "title": "Thực hiện"}, {"id": "kh", "title": "Kế hoạch"}],
    "indicators": [
        {"id": "bts", "title": "Tổng số trạm BTS", "unit": "trạm", "type": "integer", "min": 0,
         "aggregate": "sum", "complete": True},
        {"id": "bts_2g", "title": "Trạm 2G", "unit": "trạm", "type": "integer", "parent": "bts"},
        {"id": "bts_3g", "title": "Trạm 3G", "unit": "trạm", "type": "integer", "parent": "bts"},
        {"id": "hh_fibre", "title": "Hộ có cáp quang", "unit": "hộ", "type": "integer"},
        {"id": "hh_total", "title": "Tổng số hộ", "unit": "hộ", "type": "integer"},
        {"id": "pct_fibre", "title": "Tỷ lệ hộ có cáp quang", "unit": "%", "type": "percent", "decimals": 1,
         "aggregate": "ratio", "numerator": "hh_fibre", "denominator": "hh_total", "target": ">= 80"},
    ],
    "rules": [{"id": "bts_sum", "expr": "bts == bts_2g + bts_3g", "severity": "error",
               "message": "Tổng số trạm BTS phải bằng 2G + 3G"}],
}


def _write(tmp_path: Path, data: dict, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _broken(**changes) -> dict:
    import copy

    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        data[key] = value
    return data


def test_a_good_definition_loads_into_the_model(tmp_path: Path) -> None:
    form = load_form(_write(tmp_path, GOOD))
    assert form.key == "VT-01@3"
    assert form.indicator("bts_2g").parent == "bts"
    assert form.indicator("pct_fibre").aggregate == "ratio"
    assert form.indicator("pct_fibre").target.met_by(85)
    assert form.indicator("hh_total").aggregate == "sum"  # default for counts
    assert form.row_numbers["bts_3g"] == "1.2"
    assert form.depth(form.indicator("bts_2g")) == 1


def test_the_same_form_authored_in_excel_loads_identically(tmp_path: Path) -> None:
    from forms.xlsform import write_xlsform

    xlsx = tmp_path / "vt.xlsx"
    write_xlsform(GOOD, xlsx)
    assert load_form(xlsx) == load_form(_write(tmp_path, GOOD))


def _problems(tmp_path: Path, data: dict) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        load_form(_write(tmp_path, data))
    return [p.render() for p in info.value.problems]


def test_a_rule_naming_an_unknown_indicator_is_named(tmp_path: Path) -> None:
    rules = [{"id": "bts_sum", "expr": "bts == bts_2g + bts_9g"}]
    (problem,) = _problems(tmp_path, _broken(rules=rules))
    assert "form.yaml" in problem and "bts_sum" in problem and "«bts_9g»" in problem


def test_an_unknown_function_is_named(tmp_path: Path) -> None:
    rules = [{"id": "r", "expr": "bts == median(bts_2g)"}]
    (problem,) = _problems(tmp_path, _broken(rules=rules))
    assert "«median»" in problem and "hàm" in problem


def test_a_wrong_key_and_a_wrong_type_are_both_reported(tmp_path: Path) -> None:
    data = _broken(colour="red", period="weekly")
    problems = _problems(tmp_path, data)
    assert any("colour" in p for p in problems)
    assert any("weekly" in p and "quarter" in p for p in problems)


def test_duplicate_ids_and_parent_cycles_are_refused(tmp_path: Path) -> None:
    indicators = [dict(i) for i in GOOD["indicators"]]
    indicators[0]["parent"] = "bts_2g"
    indicators.append({"id": "bts_3g", "title": "Trùng", "parent": "bts"})
    problems = _problems(tmp_path, _broken(indicators=indicators))
    assert any("trùng" in p and "bts_3g" in p for p in problems)
    assert any("lặp vòng" in p for p in problems)


def test_a_share_may_not_be_summed(tmp_path: Path) -> None:
    indicators = [dict(i) for i in GOOD["indicators"]]
    indicators[-1] = {"id": "pct_fibre", "title": "Tỷ lệ", "type": "percent", "aggregate": "sum"}
    (problem,) = _problems(tmp_path, _broken(indicators=indicators))
    assert "pct_fibre" in problem and "ratio" in problem


def test_files_that_are_not_definitions_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(BieumauError, match="không phải tệp định nghĩa"):
        load_form(text)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(BieumauError, match="YAML không hợp lệ"):
        load_form(bad_yaml)
    fake_xlsx = tmp_path / "fake.xlsx"
    fake_xlsx.write_bytes(b"not a zip")
    with pytest.raises(BieumauError, match="không đọc được sổ Excel"):
        load_form(fake_xlsx)


def test_build_form_needs_no_file() -> None:
    assert build_form(GOOD, "memory").id == "VT-01"
