"""Targets as data: a province's plan read from CSV, judged per unit, and ``validate --targets``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from forms.notation import read_figure
from forms.plans import PlanError, parse_target, read_plan_csv
from tests.validators.conftest import form_data, values_of
from validators.engine import Engine
from validators.targets import MET, NO_DATA, NOT_MET, UNCERTAIN, judge, judge_run, summary

BIEUMAU = Path(sys.executable).with_name("bieumau")

FORM = form_data(
    [
        {"id": "dvc", "title": "Tỷ lệ hồ sơ trực tuyến", "unit": "%", "type": "percent", "aggregate": "none",
         "target": True},
        {"id": "ban_kinh", "title": "Bán kính phục vụ bình quân", "unit": "km", "type": "decimal", "target": True},
        {"id": "su_co", "title": "Số sự cố", "type": "integer", "target": True},
        {"id": "dti", "title": "Xếp hạng DTI", "unit": "thứ hạng", "type": "integer", "aggregate": "none",
         "target": True},
        {"id": "dat", "title": "Số chỉ tiêu đạt", "type": "integer"},
    ],
    columns=[{"id": "th", "title": "Thực hiện"}], period="year",
)
PLAN = """unit,year,indicator,target
U1,2024,dvc,≥ 90%
U1,2024,ban_kinh,tối đa 3 km
U1,2024,su_co,giảm 10%
U1,2024,dti,top 15
U2,2024,dvc,100%
U2,2024,ban_kinh,"1.400"
"""


def _load(tmp_path: Path):
    from forms.definitions import load_form
    from validators.expressions import syntax_problem

    path = tmp_path / "form.yaml"
    path.write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    return load_form(path, syntax_problem)


def d(text: str) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize(("target", "value", "previous", "status"), [
    ("≥ 90%", "90", None, MET), ("≥ 90%", "89,9", None, NOT_MET), ("100%", "100", None, MET),
    ("100%", "99,5", None, NOT_MET), ("tối đa 3 km", "3", None, MET), ("tối đa 3 km", "3,1", None, NOT_MET),
    ("trên 70 %", "70", None, NOT_MET), ("trên 70 %", "70,1", None, MET), ("1.400", "1.400", None, MET),
    ("1.400", "1.399", None, NOT_MET), ("giảm 10%", "90", "100", MET), ("giảm 10%", "91", "100", NOT_MET),
    ("giảm 10%", "50", None, NO_DATA), ("tăng 5 %", "105", "100", MET), ("tăng 5 %", "104", "100", NOT_MET),
    ("top 15", "15", None, MET), ("top 15", "16", None, NOT_MET), ("≥ bậc 2", "3", None, MET),
])
def test_each_operator_is_judged(target, value, previous, status):
    assert judge(parse_target(target), d(value.replace(".", "").replace(",", ".")),
                 d(previous) if previous else None) == status


def test_a_blank_result_has_no_data_and_an_interval_is_judged_only_when_certain():
    at_least_85 = parse_target("≥ 85%")
    assert judge(at_least_85, None) == NO_DATA
    assert judge(at_least_85, read_figure("trên 85 %", "percent")) == MET
    assert judge(at_least_85, read_figure("dưới 80 %", "percent")) == NOT_MET
    assert judge(at_least_85, read_figure("khoảng 85 %", "percent")) == UNCERTAIN
    assert judge(at_least_85, read_figure("80–90 %", "percent")) == UNCERTAIN
    assert judge(parse_target("top 15"), read_figure("10/63", "integer", "thứ hạng")) == MET


@pytest.mark.parametrize("text", ["nhiều", "", "top 0", "top 1,5", "giảm"])
def test_an_unreadable_target_is_refused_in_vietnamese(text):
    with pytest.raises(PlanError) as caught:
        parse_target(text)
    assert "không đọc được" in caught.value.message


def test_the_plan_is_read_from_csv_and_judged_per_unit(tmp_path):
    form = _load(tmp_path)
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(PLAN, encoding="utf-8")
    plan = read_plan_csv(plan_path)
    assert plan.years == [2024] and len(plan.for_unit("U1", 2024)) == 4
    values = values_of(form, {
        ("U1", "2023"): {"su_co": "40"},
        ("U1", "2024"): {"dvc": "92,5%", "ban_kinh": "3,4 km", "su_co": "36", "dti": "12/63"},
        ("U2", "2024"): {"dvc": "100%", "ban_kinh": "1.200"},
    })
    engine = Engine(form)
    judged, found = judge_run(form, plan, engine.world(values), [("U1", "2024"), ("U2", "2024")])
    by = {(j.unit, j.indicator): j.status for j in judged}
    assert by == {("U1", "dvc"): MET, ("U1", "ban_kinh"): NOT_MET, ("U1", "su_co"): MET, ("U1", "dti"): MET,
                  ("U2", "dvc"): MET, ("U2", "ban_kinh"): NOT_MET}
    assert summary([j for j in judged if j.unit == "U1"]) == "3/4 chỉ tiêu đạt"
    assert sorted((v.unit, v.rule) for v in found) == [("U1", "target:ban_kinh"), ("U2", "target:ban_kinh")]
    assert all(v.rule.startswith("target") and v.severity == "warning" for v in found)


def test_a_plan_names_an_indicator_of_another_year_or_unit_only_for_them(tmp_path):
    form = _load(tmp_path)
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text("unit,year,indicator,target\nU1,2023,dvc,≥ 90%\n", encoding="utf-8")
    values = values_of(form, {("U1", "2024"): {"dvc": "10"}})
    judged, found = judge_run(form, read_plan_csv(plan_path), Engine(form).world(values), [("U1", "2024")])
    assert judged == [] and found == []


def _with_summary_row(form):
    """The form with its last row named by the KQCT code of "targets met" (the code a report states)."""
    row = replace(form.indicators[-1], id="kqct.chi_tieu.dat")
    return replace(form, indicators=(*form.indicators[:-1], row))


@pytest.mark.parametrize(("stated", "flagged"), [("3", False), ("4", True), ("3/4", False), ("3/5", True),
                                                 ("2/4", True)])
def test_a_stated_count_that_disagrees_with_the_judged_statuses_is_flagged(tmp_path, stated, flagged):
    form = _with_summary_row(_load(tmp_path))
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(PLAN, encoding="utf-8")
    values = values_of(form, {
        ("U1", "2023"): {"su_co": "40"},
        ("U1", "2024"): {"dvc": "92,5%", "ban_kinh": "3,4", "su_co": "36", "dti": "12/63",
                         "kqct.chi_tieu.dat": stated},
    })
    _, found = judge_run(form, read_plan_csv(plan_path), Engine(form).world(values), [("U1", "2024")])
    summaries = [v for v in found if v.rule == "target:summary"]
    assert bool(summaries) is flagged
    if flagged:
        assert summaries[0].severity == "error" and summaries[0].right == 3


def test_a_stated_count_may_lie_anywhere_the_results_not_yet_known_allow(tmp_path):
    form = _with_summary_row(_load(tmp_path))
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(PLAN, encoding="utf-8")
    # dvc blank and dti an interval: 1 met for sure, 3 at most
    values = values_of(form, {("U1", "2024"): {"ban_kinh": "2", "su_co": "36", "dti": "khoảng 15",
                                                "kqct.chi_tieu.dat": "3"}})
    judged, found = judge_run(form, read_plan_csv(plan_path), Engine(form).world(values), [("U1", "2024")])
    assert [j.status for j in judged] == [NO_DATA, MET, NO_DATA, UNCERTAIN]
    assert not [v for v in found if v.rule == "target:summary"]


def run(tmp_path: Path, values: str, *extra: str) -> subprocess.CompletedProcess[str]:
    form_path = tmp_path / "form.yaml"
    form_path.write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    values_path = tmp_path / "values.csv"
    values_path.write_text(values, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [str(BIEUMAU), "validate", "--form", str(form_path), "--values", str(values_path), *extra],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )


VALUES = ("unit,period,indicator,column,value\nU1,2023,su_co,th,40\nU1,2024,dvc,th,\"92,5%\"\n"
          "U1,2024,ban_kinh,th,\"3,4\"\nU1,2024,su_co,th,36\nU1,2024,dti,th,12\n")


def test_validate_with_targets_reports_misses_under_target_rule_ids(tmp_path):
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(PLAN, encoding="utf-8")
    done = run(tmp_path, VALUES, "--targets", str(plan_path), "--format", "json")
    assert done.returncode == 0, done.stderr  # a missed target is a warning to explain
    out = json.loads(done.stdout)
    [miss] = out["violations"]
    assert miss["rule"] == "target:ban_kinh" and miss["severity"] == "warning"
    assert miss["left"] == 3.4 and miss["right"] == 3
    assert "tối đa 3 km" in miss["message"] and "không đạt" in miss["message"]
    statuses = {t["indicator"]: t["status"] for t in out["targets"] if t["unit"] == "U1"}
    assert statuses == {"dvc": "Đạt", "ban_kinh": "Không đạt", "su_co": "Đạt", "dti": "Đạt"}


def test_a_stated_count_that_disagrees_exits_1_under_target_summary(tmp_path):
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(PLAN, encoding="utf-8")
    form = dict(FORM, indicators=[*FORM["indicators"][:-1],
                                  {"id": "kqct_chi_tieu_dat", "title": "Số chỉ tiêu đạt", "type": "integer"}])
    (tmp_path / "form.yaml").write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    for stated, code in (("3/4", 0), ("4/4", 1), ("3/5", 1)):
        values = VALUES + f"U1,2024,kqct_chi_tieu_dat,th,{stated}\n"
        (tmp_path / "values.csv").write_text(values, encoding="utf-8")
        done = subprocess.run(
            [str(BIEUMAU), "validate", "--form", str(tmp_path / "form.yaml"), "--values",
             str(tmp_path / "values.csv"), "--targets", str(plan_path), "--format", "json"],
            capture_output=True, text=True, encoding="utf-8", timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert done.returncode == code, (stated, done.stderr)
        out = json.loads(done.stdout)
        rules = [v["rule"] for v in out["violations"]]
        assert rules.index("target:ban_kinh") > rules.index("qualified:kqct_chi_tieu_dat")  # plan after checks
        summaries = [v for v in out["violations"] if v["rule"] == "target:summary"]
        assert len(summaries) == code
        if code:
            assert summaries[0]["severity"] == "error" and "3/4 chỉ tiêu đạt" in summaries[0]["message"]


def test_validate_without_targets_judges_no_plan(tmp_path):
    done = run(tmp_path, VALUES, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"violations": [], "parse_errors": [], "not_checked": []}


def test_validate_text_output_gives_the_summary_per_unit(tmp_path):
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(PLAN, encoding="utf-8")
    done = run(tmp_path, VALUES, "--targets", str(plan_path))
    assert done.returncode == 0, done.stderr
    assert "U1 2024: 3/4 chỉ tiêu đạt" in done.stdout


@pytest.mark.parametrize(("plan", "reason"), [
    (None, "Không tìm thấy tệp kế hoạch"),
    ("unit,year,indicator\nU1,2024,dvc\n", "dòng đầu phải là unit,year,indicator,target"),
    ("unit,year,indicator,target\nU1,2024,dvc,nhiều lắm\n", "dòng 2: chỉ tiêu kế hoạch «nhiều lắm» không đọc được"),
    ("unit,year,indicator,target\nU1,24,dvc,≥ 90%\n", "năm «24» không hợp lệ"),
    ("unit,year,indicator,target\nU1,2024,dvc,≥ 90%\nU1,2024,dvc,≥ 95%\n", "có hai kế hoạch khác nhau"),
])
def test_an_unusable_plan_exits_2_with_one_vietnamese_line(tmp_path, plan, reason):
    plan_path = tmp_path / "plan.csv"
    if plan is not None:
        plan_path.write_text(plan, encoding="utf-8")
    done = run(tmp_path, VALUES, "--targets", str(plan_path), "--format", "json")
    assert done.returncode == 2
    assert reason in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_form_says_only_that_a_row_can_have_a_target(tmp_path):
    import openpyxl

    from forms.definitions import load_form
    from validators.expressions import syntax_problem

    form = _load(tmp_path)
    assert form.indicator_map["dvc"].plan_target and form.indicator_map["dvc"].target is None
    assert not form.indicator_map["dat"].plan_target
    # the same key in an XLSForm-style workbook: "có" / TRUE
    path = tmp_path / "form.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "form"
    book["form"].append(["id", "version", "title", "period", "levels"])
    book["form"].append(["T-02", 1, "Biểu", "year", "so"])
    book.create_sheet("columns").append(["id", "title"])
    book["columns"].append(["th", "Thực hiện"])
    book.create_sheet("indicators").append(["id", "title", "type", "target"])
    book["indicators"].append(["dvc", "Tỷ lệ", "integer", "có"])
    book["indicators"].append(["kq", "Kết quả", "integer", True])
    book["indicators"].append(["khac", "Khác", "integer", ">= 80"])
    book.save(path)
    loaded = load_form(path, syntax_problem)
    assert [i.plan_target for i in loaded.indicators] == [True, True, True]
    assert loaded.indicator_map["khac"].target is not None and loaded.indicator_map["kq"].target is None


def test_a_yearly_plan_is_judged_once_per_unit_and_year_on_the_latest_figure():
    from validators.targets import judged_sheets

    sheets = [("U1", "2024Q1"), ("U1", "2024Q2"), ("U2", "2024Q1"), ("U1", "2023Q4"), ("U1", "2024Q1-Q3")]
    assert [(u, p.code) for u, p in judged_sheets(sheets)] == [("U2", "2024Q1"), ("U1", "2023Q4"),
                                                              ("U1", "2024Q1-Q3")]
    assert [(u, p.code) for u, p in judged_sheets([("U1", "2024Q4"), ("U1", "2024"), ("U1", "2024S2")])] == [
        ("U1", "2024")]


def test_a_quarterly_form_is_judged_on_its_last_quarter_of_the_year(tmp_path):
    form = replace(_load(tmp_path), period="quarter")
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text("unit,year,indicator,target\nU1,2024,dvc,≥ 90%\n", encoding="utf-8")
    values = values_of(form, {("U1", "2024Q1"): {"dvc": "60%"}, ("U1", "2024Q2"): {"dvc": "91%"}})
    judged, found = judge_run(form, read_plan_csv(plan_path), Engine(form).world(values),
                              [("U1", "2024Q1"), ("U1", "2024Q2")])
    assert [(j.period, j.status) for j in judged] == [("2024Q2", MET)] and found == []
