"""Checking a values file without a database or a command line: a wrong total and an unreadable value
come back as data and as text lines, a line that cannot be used refuses the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from forms.errors import BieumauError
from operations.validation import validate_values
from tests.validators.conftest import form_data

FORM = form_data([
    {"id": "bts", "title": "Tổng số trạm BTS", "type": "integer", "min": 0, "complete": True},
    {"id": "bts_2g", "title": "Trạm 2G", "type": "integer", "parent": "bts", "columns": ["th"]},
    {"id": "bts_3g", "title": "Trạm 3G", "type": "integer", "parent": "bts", "columns": ["th"]},
])
HEADER = "unit,period,indicator,column,value\n"


def files(tmp_path: Path, values: str) -> tuple[str, str]:
    form = tmp_path / "form.yaml"
    form.write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    path = tmp_path / "values.csv"
    path.write_text(HEADER + values, encoding="utf-8")
    return str(form), str(path)


def test_a_wrong_total_and_an_unreadable_value_fail_the_run(tmp_path: Path) -> None:
    run = validate_values(*files(tmp_path, "U1,Quý II/2024,bts,th,3.775\nU1,2024Q2,bts_2g,th,884\n"
                                           "U1,2024Q2,bts_3g,th,2.892\nU1,2024Q2,bts,kh,ba nghìn\n"))
    assert run.failed and run.sheets == [("U1", "2024Q2")]
    [violation] = run.output["violations"]
    assert (violation["rule"], violation["left"], violation["right"]) == ("sum:bts", 3775, 3776)
    assert len(run.output["parse_errors"]) == 1
    assert any("sum:bts" in line for line in run.lines)
    assert run.totals().startswith("Tổng cộng: 1 lỗi, 0 cảnh báo, 1 giá trị không đọc được")


def test_consistent_values_pass(tmp_path: Path) -> None:
    run = validate_values(*files(tmp_path, "U1,2024Q2,bts,th,3.775\nU1,2024Q2,bts_2g,th,884\n"
                                           "U1,2024Q2,bts_3g,th,2.891\n"))
    assert not run.failed and run.output == {"violations": [], "parse_errors": [], "not_checked": []}


def test_a_line_naming_an_unknown_indicator_refuses_the_file(tmp_path: Path) -> None:
    with pytest.raises(BieumauError, match="không có chỉ tiêu «khong_co»"):
        validate_values(*files(tmp_path, "U1,2024Q2,khong_co,th,1\n"))
