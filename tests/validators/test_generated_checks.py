"""Checks generated from the definition alone, on the figures seen in the real reports."""

from __future__ import annotations

from decimal import Decimal

from tests.validators.conftest import check, rules_hit
from validators.messages import render

BTS = [
    {"id": "bts", "title": "Tổng số trạm BTS", "type": "integer", "min": 0, "complete": True},
    {"id": "bts_2g", "title": "Trạm 2G", "type": "integer", "min": 0, "parent": "bts", "columns": ["th"]},
    {"id": "bts_3g", "title": "Trạm 3G", "type": "integer", "min": 0, "parent": "bts", "columns": ["th"]},
    {"id": "bts_4g", "title": "Trạm 4G", "type": "integer", "min": 0, "parent": "bts", "columns": ["th"]},
    {"id": "bts_5g", "title": "Trạm 5G", "type": "integer", "min": 0, "parent": "bts", "columns": ["th"]},
]


def test_a_total_that_equals_its_parts_holds(make_form):
    form = make_form(BTS)
    report = check(form, {"bts": "3.775", "bts_2g": "884", "bts_3g": "1.242", "bts_4g": "1.647", "bts_5g": "02"})
    assert report.violations == [] and report.parse_errors == []


def test_a_total_that_differs_from_the_sum_of_its_parts_is_flagged_with_both_figures(make_form):
    form = make_form([
        {"id": "cong", "title": "Cổng thành phần", "type": "integer", "complete": True},
        {"id": "cong_so", "title": "Sở, ngành", "type": "integer", "parent": "cong"},
        {"id": "cong_xa", "title": "Xã", "type": "integer", "parent": "cong"},
    ])
    report = check(form, {"cong": "188", "cong_so": "47", "cong_xa": "144"})
    [v] = report.violations
    assert (v.rule, v.kind, v.severity, v.column) == ("sum:cong", "sum", "error", "th")
    assert (v.left, v.right) == (188, 191)
    assert v.cells == (("cong", "th"), ("cong_so", "th"), ("cong_xa", "th"))
    assert render(v, form) == "Cổng thành phần (188) khác tổng các thành phần (191): 47 + 144"


def test_one_total_with_two_breakdowns_checks_each_breakdown(make_form):
    form = make_form([
        {"id": "camera", "title": "Tổng số camera", "type": "integer", "complete": True, "columns": ["th"]},
        *({"id": f"cam_{k}", "type": "integer", "parent": "camera", "breakdown": "theo loại"}
          for k in ("ai", "gt", "an")),
        *({"id": f"cam_h{k}", "type": "integer", "parent": "camera", "breakdown": "theo địa bàn"}
          for k in range(3)),
    ])
    by_type = {"cam_ai": "22", "cam_gt": "125", "cam_an": "1.159"}
    by_district = {"cam_h0": "600", "cam_h1": "405", "cam_h2": "300"}
    report = check(form, {"camera": "1.305", **by_type, **by_district})
    [v] = report.violations
    assert v.rule == "sum:camera:theo loại"
    assert (v.left, v.right) == (1305, 1306)
    assert render(v, form).startswith("Tổng số camera (1.305) khác tổng các thành phần theo loại (1.306)")
    assert check(form, {"camera": "1.306", **by_type, **by_district}).violations[0].rule == "sum:camera:theo địa bàn"


def test_a_total_without_complete_only_requires_parts_not_to_exceed_it(make_form):
    form = make_form([
        {"id": "the_cap", "title": "Số thẻ đã cấp", "type": "integer"},
        {"id": "the_kich_hoat", "title": "Số thẻ đã kích hoạt", "type": "integer", "parent": "the_cap"},
    ])
    assert check(form, {"the_cap": "1.000", "the_kich_hoat": "950"}).violations == []
    [v] = check(form, {"the_cap": "1.000", "the_kich_hoat": "1.020"}).violations
    assert (v.rule, v.left, v.right) == ("part:the_kich_hoat", 1020, 1000)
    assert render(v, form) == "Số thẻ đã kích hoạt (1.020) lớn hơn Số thẻ đã cấp (1.000); phần không được vượt quá tổng"


def test_parts_listed_under_trong_do_cannot_together_exceed_their_whole(make_form):
    # "188 Cổng thành phần (sở, ngành: 47, xã 144)": the parts add up to 191
    form = make_form([
        {"id": "cong", "title": "Số Cổng thành phần", "type": "integer"},
        {"id": "cong_so", "title": "Của sở, ngành", "type": "integer", "parent": "cong"},
        {"id": "cong_xa", "title": "Của xã", "type": "integer", "parent": "cong"},
    ])
    assert check(form, {"cong": "191", "cong_so": "47", "cong_xa": "144"}).violations == []
    assert check(form, {"cong": "200", "cong_so": "47", "cong_xa": "144"}).violations == []  # not declared complete
    [v] = check(form, {"cong": "188", "cong_so": "47", "cong_xa": "144"}).violations
    assert (v.rule, v.left, v.right) == ("parts:cong", 188, 191)
    assert render(v, form) == (
        "Các thành phần «trong đó» cộng lại (191) vượt quá Số Cổng thành phần (188): 47 + 144"
    )


RATIO = [
    {"id": "bb", "title": "Số trường hợp lập biên bản", "type": "integer"},
    {"id": "kt", "title": "Số trường hợp kiểm tra", "type": "integer"},
    {"id": "ty_le", "title": "Tỷ lệ lập biên bản", "unit": "%", "type": "percent", "aggregate": "ratio",
     "numerator": "bb", "denominator": "kt"},
]


def test_a_stated_share_is_compared_with_its_own_numerator_and_denominator_at_the_precision_written(make_form):
    form = make_form(RATIO)
    [v] = check(form, {"bb": "1.109", "kt": "3.453", "ty_le": "32,17"}).violations
    assert (v.rule, v.kind, v.left, v.right) == ("ratio:ty_le", "ratio", Decimal("32.17"), Decimal("32.12"))
    assert render(v, form).endswith("tỷ lệ ghi 32,17 % nhưng 1.109 / 3.453 = 32,12 %")
    assert check(form, {"bb": "1.109", "kt": "3.453", "ty_le": "32,12"}).violations == []
    assert check(form, {"bb": "1.109", "kt": "3.453", "ty_le": "32,1"}).violations == []
    assert check(form, {"bb": "1.109", "kt": "3.453", "ty_le": "32"}).violations == []


def test_a_share_written_without_decimals_is_compared_at_zero_decimals(make_form):
    form = make_form(RATIO)
    [v] = check(form, {"bb": "312.000", "kt": "411.230", "ty_le": "83%"}).violations
    assert (v.left, v.right) == (83, 76)
    assert check(form, {"bb": "312.000", "kt": "411.230", "ty_le": "76%"}).violations == []
    assert check(form, {"bb": "312.000", "kt": "411.230", "ty_le": "75,9%"}).violations == []


def test_a_share_over_a_zero_denominator_is_not_evaluable_rather_than_a_crash(make_form):
    form = make_form(RATIO)
    [v] = check(form, {"bb": "0", "kt": "0", "ty_le": "0"}).violations
    assert (v.kind, v.severity) == ("not_evaluable", "warning")
    assert "chia cho 0" in render(v, form)


def test_an_overall_rate_outside_its_components_range_is_impossible(make_form):
    form = make_form([
        {"id": "chung", "title": "Tỷ lệ đúng hạn chung", "type": "percent", "aggregate": "none", "columns": ["th"]},
        *({"id": k, "type": "percent", "aggregate": "none", "parent": "chung"} for k in ("so", "huyen", "xa")),
    ])
    [v] = check(form, {"chung": "97,45", "so": "99,7", "huyen": "98,7", "xa": "98,9"}).violations
    assert (v.rule, v.left, v.right) == ("range:chung", Decimal("97.45"), Decimal("98.7"))
    assert "97,45 %" in render(v, form) and "98,7 % – 99,7 %" in render(v, form)
    assert rules_hit(check(form, {"chung": "79,08", "so": "98,5", "huyen": "98,7", "xa": "99,7"})) == ["range:chung"]
    assert check(form, {"chung": "98,9", "so": "98,5", "huyen": "98,7", "xa": "99,7"}).violations == []


def test_min_and_max_bound_a_value(make_form):
    form = make_form([{"id": "ty_le", "type": "percent", "min": 0, "max": 100, "aggregate": "none"},
                      {"id": "so", "type": "integer", "min": 0}])
    report = check(form, {"ty_le": "100,5", "so": "-3"})
    assert [(v.rule, v.left, v.right) for v in report.violations] == [
        ("max:ty_le", Decimal("100.5"), 100), ("min:so", -3, 0)]


def test_text_that_is_not_a_number_is_a_parse_problem_never_a_silent_zero(make_form):
    form = make_form(BTS)
    report = check(form, {"bts": "ba nghìn", "bts_2g": "884", "bts_3g": "1.242", "bts_4g": "1.647", "bts_5g": "2"})
    assert report.violations == []  # the sum is not checked against an unreadable total
    [p] = report.parse_errors
    assert (p.indicator, p.column, p.value) == ("bts", "th", "ba nghìn")
    assert "không đọc được" in p.problem


def test_a_required_indicator_left_blank_is_flagged(make_form):
    form = make_form([{"id": "dn", "type": "integer", "required": True, "columns": ["th"]}, {"id": "x"}])
    assert rules_hit(check(form, {"x": "1"})) == ["required:dn"]
    assert check(form, {"dn": "0"}).violations == []


REVENUE = [{"id": "doanh_thu", "title": "Doanh thu viễn thông", "unit": "tỷ đồng", "type": "decimal",
            "columns": ["th"]}]


def test_a_figure_a_thousand_times_the_previous_period_is_a_slip_warning(make_form):
    form = make_form(REVENUE)
    report = check(form, {"doanh_thu": "302.441"}, earlier={"2024Q1": {"doanh_thu": "300,5"}})
    [v] = report.violations  # the plausibility check names the slip; magnitude leaves it to it
    assert (v.rule, v.severity, v.left, v.right) == ("plausibility:doanh_thu", "warning", 302441, Decimal("300.5"))
    assert "Quý I/2024" in render(v, form)
    tenfold = check(form, {"doanh_thu": "3.024"}, earlier={"2024Q1": {"doanh_thu": "300,5"}})
    assert [v.rule for v in tenfold.violations] == ["magnitude:doanh_thu"]
    assert check(form, {"doanh_thu": "302,4"}, earlier={"2024Q1": {"doanh_thu": "300,5"}}).violations == []
    assert check(form, {"doanh_thu": "302.441"}).violations == []  # nothing earlier to compare with


CUMULATIVE = [{"id": "hs", "title": "Hồ sơ tiếp nhận (lũy kế)", "type": "integer", "cumulative": True,
               "columns": ["th"]}]


def test_a_year_to_date_figure_that_decreases_within_a_year_is_flagged(make_form):
    form = make_form(CUMULATIVE)
    earlier = {"2024Q1": {"hs": "1.200"}, "2024Q2": {"hs": "2.500"}}
    [v] = check(form, {"hs": "2.400"}, period="2024Q3", earlier=earlier).violations
    assert (v.rule, v.left, v.right, v.param("period")) == ("cumulative:hs", 2400, 2500, "2024Q2")
    assert check(form, {"hs": "2.600"}, period="2024Q3", earlier=earlier).violations == []


def test_a_year_to_date_figure_restarts_in_a_new_year(make_form):
    form = make_form(CUMULATIVE)
    assert check(form, {"hs": "900"}, period="2025Q1", earlier={"2024Q4": {"hs": "5.000"}}).violations == []


TARGETS = [
    {"id": "ban_kinh", "title": "Bán kính phục vụ", "unit": "km", "type": "decimal", "target": "<= 3",
     "aggregate": "none"},
    {"id": "ho_cq", "title": "Tỷ lệ hộ có cáp quang", "type": "percent", "target": ">= 80", "aggregate": "none"},
    {"id": "muc_do", "title": "Mức độ trưởng thành", "type": "choice", "choices": ["Bậc 1", "Bậc 2", "Bậc 3"],
     "target": ">= bậc 2", "aggregate": "none"},
]


def test_targets_follow_their_operator_and_report_how_many_are_met(make_form):
    from validators.cells import World
    from validators.checks.targets import MET, NO_DATA, NOT_MET, statuses, summary
    from validators.program import Program

    form = make_form(TARGETS, columns=[{"id": "kq", "title": "Kết quả"}])
    cells = {("ban_kinh", "kq"): "2,8", ("ho_cq", "kq"): "79,5%", ("muc_do", "kq"): "Bậc 2"}
    report = check(form, cells)
    assert rules_hit(report) == ["target:ho_cq"]
    assert "không đạt chỉ tiêu (≥ 80)" in render(report.violations[0], form)
    missed = check(form, {("ban_kinh", "kq"): "3,34", ("muc_do", "kq"): "Bậc 1"}).violations
    assert [v.rule for v in missed] == ["target:ban_kinh", "target:muc_do"]
    assert render(missed[0], form) == "Bán kính phục vụ: kết quả 3,34 không đạt chỉ tiêu (≤ 3)"
    assert render(missed[1], form) == "Mức độ trưởng thành: kết quả Bậc 1 không đạt chỉ tiêu (≥ bậc 2)"

    from forms.periods import parse_period
    from tests.validators.conftest import values_of

    world = World(form, Program.of(form).computed, None, values_of(form, {("U1", "2024Q2"): cells}))
    found = statuses(world.sheet("U1", parse_period("2024Q2")))
    assert [s.status for s in found] == [MET, NOT_MET, MET]
    assert summary(found) == "2/3 chỉ tiêu đạt"
    world = World(form, {}, None, values_of(form, {("U1", "2024Q2"): {("ban_kinh", "kq"): "3"}}))
    found = statuses(world.sheet("U1", parse_period("2024Q2")))
    assert [s.status for s in found] == [MET, NO_DATA, NO_DATA]


def test_a_value_typed_into_a_computed_cell_is_flagged_and_the_derived_value_used(make_form):
    form = make_form([
        {"id": "a", "type": "integer", "columns": ["th"]},
        {"id": "b", "type": "integer", "columns": ["th"]},
        {"id": "tong", "type": "integer", "computed": "a + b", "columns": ["th"]},
    ], rules=[{"id": "tong_nho", "expr": "tong <= 100"}])
    assert check(form, {"a": "40", "b": "50"}).violations == []
    assert rules_hit(check(form, {"a": "60", "b": "50"})) == ["tong_nho"]
    assert rules_hit(check(form, {"a": "40", "b": "50", "tong": "90"})) == ["computed:tong"]
