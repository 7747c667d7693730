"""``bieumau validate`` as staff and scripts run it: the real console script, JSON on stdout, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.validators.conftest import form_data

BIEUMAU = Path(sys.executable).with_name("bieumau")

FORM = form_data(
    [
        {"id": "bts", "title": "Tổng số trạm BTS", "type": "integer", "min": 0, "complete": True},
        {"id": "bts_2g", "title": "Trạm 2G", "type": "integer", "parent": "bts", "columns": ["th"]},
        {"id": "bts_3g", "title": "Trạm 3G", "type": "integer", "parent": "bts", "columns": ["th"]},
        {"id": "dia_ban", "title": "Số tổ công nghệ", "type": "integer", "columns": ["th"]},
    ],
    rules=[{"id": "to_khop", "expr": "dia_ban == children(dia_ban)", "severity": "warning",
            "message": "Số tổ của huyện phải bằng tổng các xã"}],
)
HEADER = "unit,period,indicator,column,value\n"


def run(tmp_path: Path, values: str, *extra: str, form: dict | None = None) -> subprocess.CompletedProcess[str]:
    form_path = tmp_path / "form.yaml"
    form_path.write_text(yaml.safe_dump(form or FORM, allow_unicode=True), encoding="utf-8")
    values_path = tmp_path / "values.csv"
    values_path.write_text(values, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [str(BIEUMAU), "validate", "--form", str(form_path), "--values", str(values_path), *extra],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )


def test_consistent_values_exit_0_with_an_empty_report(tmp_path):
    done = run(tmp_path, HEADER + "U1,2024Q2,bts,th,3.775\nU1,2024Q2,bts_2g,th,884\nU1,2024Q2,bts_3g,th,2.891\n",
               "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"violations": [], "parse_errors": [], "not_checked": []}


def test_a_wrong_total_and_an_unreadable_value_exit_1_with_the_json_of_the_contract(tmp_path):
    values = HEADER + ("U1,Quý II/2024,bts,th,3.775\nU1,2024Q2,bts_2g,th,884\nU1,2024Q2,bts_3g,th,2.892\n"
                       "U1,2024Q2,bts,kh,ba nghìn\n")
    done = run(tmp_path, values, "--format", "json")
    assert done.returncode == 1, done.stderr
    out = json.loads(done.stdout)
    [v] = out["violations"]
    assert {k: v[k] for k in ("rule", "severity", "unit", "period", "column", "left", "right")} == {
        "rule": "sum:bts", "severity": "error", "unit": "U1", "period": "2024Q2", "column": "th",
        "left": 3775, "right": 3776}
    assert isinstance(v["left"], int)
    assert v["message"].startswith("Tổng số trạm BTS (3.775) khác tổng các thành phần (3.776)")
    assert v["cells"][0] == {"indicator": "bts", "column": "th"}
    assert out["parse_errors"] == [{"unit": "U1", "period": "2024Q2", "indicator": "bts", "column": "kh",
                                    "value": "ba nghìn",
                                    "message": "Tổng số trạm BTS: «ba nghìn» không đọc được thành số nguyên"}]


def test_the_text_format_prints_one_vietnamese_line_per_violation(tmp_path):
    done = run(tmp_path, HEADER + "U1,2024Q2,bts,th,10\nU1,2024Q2,bts_2g,th,4\nU1,2024Q2,bts_3g,th,5\n")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "Lỗi: U1 2024Q2 [th] sum:bts: Tổng số trạm BTS (10) khác tổng các thành phần (9): 4 + 5"
    assert lines[-1].startswith("Tổng cộng: 1 lỗi, 0 cảnh báo")


def test_children_reads_the_unit_list(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent,valid_from,valid_to\nH1,Huyện Một,huyen,,,\n"
                     "X1,Xã Một,xa,H1,,\nX2,Xã Hai,xa,H1,,\n", encoding="utf-8")
    values = HEADER + "H1,2024Q2,dia_ban,th,7\nX1,2024Q2,dia_ban,th,3\nX2,2024Q2,dia_ban,th,3\n"
    done = run(tmp_path, values, "--units", str(units), "--format", "json")
    assert done.returncode == 0  # a warning alone does not fail
    [v] = json.loads(done.stdout)["violations"]
    assert (v["rule"], v["severity"], v["left"], v["right"]) == ("to_khop", "warning", 7, 6)
    without = run(tmp_path, values, "--format", "json")
    assert json.loads(without.stdout)["violations"][0]["kind"] == "not_evaluable"


@pytest.mark.parametrize(("values", "reason"), [
    ("unit;period;indicator;column;value\n", "không đúng mẫu"),
    (HEADER + "U1,quý năm,bts,th,1\n", "kỳ báo cáo"),
    (HEADER + "U1,2024,bts,th,1\n", "không phải kỳ quý"),
    (HEADER + "U1,2024Q2,tram,th,1\n", "không có chỉ tiêu «tram»"),
    (HEADER + "U1,2024Q2,bts,tt,1\n", "không có cột «tt»"),
    (HEADER + "U1,2024Q2,bts_2g,kh,1\n", "không dùng cột «kh»"),
    (HEADER + "U1,2024Q2,bts,th,1\nU1,2024Q2,bts,th,2\n", "hai giá trị khác nhau"),
])
def test_input_that_cannot_be_used_is_refused_with_exit_2_and_one_line(tmp_path, values, reason):
    done = run(tmp_path, values)
    assert done.returncode == 2
    assert done.stdout == ""
    assert reason in done.stderr and done.stderr.count("\n") == 1, done.stderr


def test_missing_files_and_an_invalid_form_are_refused(tmp_path):
    done = subprocess.run([str(BIEUMAU), "validate", "--form", str(tmp_path / "none.yaml"), "--values", "x.csv"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2 and "Không tìm thấy" in done.stderr
    broken = dict(FORM, rules=[{"id": "hong", "expr": "bts == (bts_2g"}])
    done = run(tmp_path, HEADER, form=broken)
    assert done.returncode == 2 and "hong" in done.stderr and done.stderr.count("\n") == 1
    (tmp_path / "form.yaml").write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    done = subprocess.run([str(BIEUMAU), "validate", "--form", str(tmp_path / "form.yaml"),
                           "--values", str(tmp_path / "missing.csv")],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2 and "Không tìm thấy tệp số liệu" in done.stderr
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent,valid_from,valid_to\nH1,Huyện Một,huyen,,,\n", encoding="utf-8")
    done = run(tmp_path, HEADER + "U9,2024Q2,bts,th,1\n", "--units", str(units))
    assert done.returncode == 2 and "«U9»" in done.stderr
