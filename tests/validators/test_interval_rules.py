"""Rules over qualified figures and dates: held or failed only when certain, else «chưa kiểm tra được»."""

from __future__ import annotations

from decimal import Decimal

from tests.validators.conftest import check
from validators.messages import render

SHARE = [
    {"id": "ty_le", "title": "Tỷ lệ hồ sơ trực tuyến", "unit": "%", "type": "percent", "aggregate": "none",
     "columns": ["th"]},
    {"id": "ty_le_bc", "title": "Tỷ lệ nêu trong báo cáo", "unit": "%", "type": "percent", "aggregate": "none",
     "columns": ["th"]},
]
RULES = [
    {"id": "dat_85", "expr": "ty_le >= 85", "severity": "error"},
    {"id": "khop", "expr": "ty_le == ty_le_bc", "severity": "error", "message": "Hai tỷ lệ phải khớp"},
]


def test_above_85_satisfies_at_least_85_and_contradicts_a_stated_84(make_form):
    form = make_form(SHARE, RULES)
    report = check(form, {"ty_le": "trên 85 %", "ty_le_bc": "84%"})
    by_rule = {v.rule: v for v in report.violations}
    assert "dat_85" not in by_rule
    assert by_rule["khop"].kind == "rule" and by_rule["khop"].severity == "error"
    assert by_rule["khop"].right == Decimal(84)
    # the figure is kept and flagged once, as a warning: not a parse error, not a number
    assert by_rule["qualified:ty_le"].severity == "warning" and report.parse_errors == []
    assert "«trên 85 %»" in render(by_rule["qualified:ty_le"], form)


def test_a_rule_the_interval_cuts_through_cannot_be_checked_yet(make_form):
    form = make_form(SHARE, [{"id": "dat_90", "expr": "ty_le >= 90", "severity": "error"}])
    [v] = [v for v in check(form, {"ty_le": "trên 85 %"}).violations if v.rule == "dat_90"]
    assert v.kind == "not_evaluable" and v.severity == "warning"
    assert "chưa kiểm tra được" in render(v, form) and "(85; +∞)" in render(v, form)
    assert [v.rule for v in check(form, {"ty_le": "dưới 80 %"}).violations if v.rule == "dat_90"] == ["dat_90"]


def test_a_range_and_a_fraction_in_arithmetic(make_form):
    form = make_form([
        {"id": "xa", "title": "Xã có tổ công nghệ", "unit": "xã", "type": "integer", "columns": ["th"]},
        {"id": "tong", "title": "Tổng số xã", "unit": "xã", "type": "integer", "columns": ["th"]},
    ], [{"id": "phan", "expr": "xa <= tong", "severity": "error"}])
    assert [v.rule for v in check(form, {"xa": "42/209", "tong": "209"}).violations] == ["qualified:xa"]
    hit = [v.rule for v in check(form, {"xa": "42/209", "tong": "40"}).violations]
    assert "phan" in hit  # 42 of 209 is still 42 communes


def test_a_number_followed_by_its_own_unit_is_read_by_the_rules(make_form):
    form = make_form([
        {"id": "cap", "title": "Cáp ngầm hóa", "unit": "km", "type": "decimal", "columns": ["th"]},
        {"id": "ngam", "title": "Cáp ngầm", "unit": "km", "type": "decimal", "parent": "cap", "columns": ["th"]},
        {"id": "treo", "title": "Cáp treo gọn", "unit": "km", "type": "decimal", "parent": "cap", "columns": ["th"]},
    ])
    assert check(form, {"cap": "295,5 km", "ngam": "140 km", "treo": "155,5"}).violations == []
    report = check(form, {"cap": "295,5 m", "ngam": "140", "treo": "155,5"})
    assert [p.value for p in report.parse_errors] == ["295,5 m"]


def test_a_date_rule_done_before_its_deadline(make_form):
    form = make_form([
        {"id": "han", "title": "Thời hạn", "type": "date", "columns": ["th"]},
        {"id": "xong", "title": "Ngày hoàn thành", "type": "date", "columns": ["th"]},
    ], [{"id": "dung_han", "expr": "xong <= han", "severity": "warning", "message": "Hoàn thành sau thời hạn"}])
    assert check(form, {"han": "Quý IV/2022", "xong": "ngày 15/11/2022"}).violations == []
    [late] = check(form, {"han": "Quý IV/2022", "xong": "23/5/2023"}).violations
    assert late.rule == "dung_han" and late.kind == "rule"
    [unsure] = check(form, {"han": "15/12/2022", "xong": "Tháng 12/2022"}).violations
    assert unsure.kind == "not_evaluable"
    [bad] = check(form, {"han": "31/2/2024", "xong": "1/1/2024"}).parse_errors
    assert bad.value == "31/2/2024"
