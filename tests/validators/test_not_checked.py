"""A check whose inputs hold text ("đang thống kê") is never passed silently: it is reported as
«chưa kiểm tra được» with its reason, counted in the text output and listed in the JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from tests.validators.conftest import check, form_data
from validators.messages import render

PARTS = [
    {"id": "cong", "title": "Cổng thành phần", "type": "integer", "complete": True, "columns": ["th"]},
    {"id": "cong_so", "title": "Sở, ngành", "type": "integer", "parent": "cong", "columns": ["th"]},
    {"id": "cong_xa", "title": "Xã", "type": "integer", "parent": "cong", "columns": ["th"]},
]
RULE = {"id": "xa_it_hon", "expr": "cong_xa <= cong", "message": "Số cổng xã không vượt tổng"}


def test_text_in_a_part_leaves_the_sum_not_checked_with_the_text_as_reason(make_form):
    form = make_form(PARTS, [RULE])
    report = check(form, {"cong": "188", "cong_so": "47", "cong_xa": "Sở Tư pháp đang thống kê"})
    assert report.violations == []
    rules = sorted(v.rule for v in report.not_checked)
    assert rules == ["part:cong_xa", "sum:cong", "xa_it_hon"]
    v = next(v for v in report.not_checked if v.rule == "sum:cong")
    assert v.severity == "info" and v.cells == (("cong_xa", "th"),)
    assert "Chưa kiểm tra được" in render(v, form) and "đang thống kê" in render(v, form)


def test_blank_inputs_stay_skipped_and_are_not_listed(make_form):
    form = make_form(PARTS, [RULE])
    report = check(form, {"cong": "188", "cong_so": "47"})
    assert report.violations == [] and report.not_checked == []


def test_text_in_a_share_or_in_an_earlier_period_is_not_checked_either(make_form):
    form = make_form([
        {"id": "tu", "type": "integer", "columns": ["th"]}, {"id": "mau", "type": "integer", "columns": ["th"]},
        {"id": "ty_le", "type": "percent", "aggregate": "ratio", "numerator": "tu", "denominator": "mau",
         "columns": ["th"]},
        {"id": "tram", "type": "integer", "kind": "stock", "columns": ["th"]},
    ])
    report = check(form, {"tu": "chưa có", "mau": "10", "ty_le": "50", "tram": "5"},
                   earlier={"2024Q1": {"tram": "đang rà soát"}})
    assert sorted((v.rule, v.param("period")) for v in report.not_checked) == [
        ("ratio:ty_le", None), ("stock:tram", "2024Q1")]


def test_the_validate_command_lists_and_counts_what_it_could_not_check(tmp_path: Path):
    form = tmp_path / "form.yaml"
    form.write_text(yaml.safe_dump(form_data(PARTS, [RULE]), allow_unicode=True), encoding="utf-8")
    values = tmp_path / "values.csv"
    values.write_text("unit,period,indicator,column,value\nU1,2024Q2,cong,th,188\nU1,2024Q2,cong_so,th,47\n"
                      "U1,2024Q2,cong_xa,th,đang thống kê\n", encoding="utf-8")
    bieumau = Path(sys.executable).with_name("bieumau")
    run = [str(bieumau), "validate", "--form", str(form), "--values", str(values)]
    done = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    out = json.loads(done.stdout)
    assert sorted(item["rule"] for item in out["not_checked"]) == ["part:cong_xa", "sum:cong", "xa_it_hon"]
    item = next(i for i in out["not_checked"] if i["rule"] == "sum:cong")
    assert item["cells"] == [{"indicator": "cong_xa", "column": "th"}] and "đang thống kê" in item["reason"]
    text = subprocess.run([*run, "--format", "text"], capture_output=True, text=True, encoding="utf-8").stdout
    assert "Chưa kiểm tra được: U1 2024Q2 [th] sum:cong" in text
    assert "3 kiểm tra chưa thực hiện được" in text
