"""The form's own rules: per-column checking, ``~=`` at written precision, missing modes, and the
functions that read other periods (``prev``, ``prev_year``) and other units (``children``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from forms.errors import DefinitionError
from forms.units import Unit, UnitTree
from tests.validators.conftest import check, rules_hit, values_of
from validators.engine import Engine
from validators.messages import render


def test_activated_never_exceeds_issued(make_form):
    form = make_form(
        [{"id": "ho_so", "type": "integer"}, {"id": "kich_hoat", "type": "integer"}],
        rules=[{"id": "kich_hoat_le_ho_so", "expr": "kich_hoat <= ho_so",
                "message": "Số đã kích hoạt không được lớn hơn số hồ sơ"}],
    )
    report = check(form, {"ho_so": "12.400", "kich_hoat": "12.950", ("ho_so", "kh"): "100", ("kich_hoat", "kh"): "90"})
    [v] = report.violations
    assert (v.rule, v.kind, v.column, v.left, v.right) == ("kich_hoat_le_ho_so", "rule", "th", 12950, 12400)
    assert render(v, form) == "Số đã kích hoạt không được lớn hơn số hồ sơ (12.950 so với 12.400)"


def test_a_rule_without_columns_is_checked_once_per_column_and_skipped_where_no_row_uses_it(make_form):
    form = make_form(
        [{"id": "a", "type": "integer"}, {"id": "b", "type": "integer"},
         {"id": "c", "type": "integer", "columns": ["th"]}],
        rules=[{"id": "ab", "expr": "a <= b"}, {"id": "cc", "expr": "c >= 0", "missing": "error"}],
    )
    report = check(form, {"a": "5", "b": "4", ("a", "kh"): "7", ("b", "kh"): "6", "c": "1"})
    assert [(v.rule, v.column) for v in report.violations] == [("ab", "th"), ("ab", "kh")]


def test_a_rule_with_explicit_columns_and_fixed_cells(make_form):
    form = make_form(
        [{"id": "a", "type": "integer"}, {"id": "b", "type": "integer"}],
        rules=[{"id": "th_le_kh", "expr": "a.th <= a.kh"}, {"id": "only_kh", "expr": "a <= b", "columns": ["kh"]}],
    )
    report = check(form, {"a": "10", ("a", "kh"): "8", "b": "1", ("b", "kh"): "9"})
    assert [(v.rule, v.column, v.left, v.right) for v in report.violations] == [("th_le_kh", "th", 10, 8)]
    assert report.violations[0].cells == (("a", "kh"), ("a", "th"))


def test_the_same_quantity_stated_twice_must_agree_at_the_precision_written(make_form):
    form = make_form(
        [{"id": "than_bai", "type": "percent", "aggregate": "none"},
         {"id": "phu_luc", "type": "percent", "aggregate": "none"}],
        rules=[{"id": "khop", "expr": "than_bai ~= phu_luc", "columns": ["th"],
                "message": "Tỷ lệ ở thân báo cáo và phụ lục phải khớp nhau"}],
    )
    [v] = check(form, {"than_bai": "79,08", "phu_luc": "79,2"}).violations
    assert (v.left, v.right) == (Decimal("79.08"), Decimal("79.20"))
    assert render(v, form) == "Tỷ lệ ở thân báo cáo và phụ lục phải khớp nhau (79,08 so với 79,20)"
    assert check(form, {"than_bai": "79,1", "phu_luc": "79,08"}).violations == []


def test_about_equal_rounds_half_up_like_people_do(make_form):
    form = make_form([{"id": "x", "type": "decimal"}, {"id": "y", "type": "decimal"}],
                     rules=[{"id": "r", "expr": "x ~= y", "columns": ["th"]}])
    assert check(form, {"x": "2,13", "y": "2,125"}).violations == []
    assert check(form, {"x": "3", "y": "2,5"}).violations == []
    assert rules_hit(check(form, {"x": "2", "y": "2,5"})) == ["r"]


MISSING = [{"id": "a", "type": "integer", "columns": ["th"]}, {"id": "b", "type": "integer", "columns": ["th"]}]


@pytest.mark.parametrize(("mode", "expected"), [("skip", []), ("zero", ["r"]), ("error", ["r"])])
def test_missing_modes_skip_count_as_zero_or_flag_the_blank(make_form, mode, expected):
    form = make_form(MISSING, rules=[{"id": "r", "expr": "a == b + 1", "missing": mode}])
    report = check(form, {"a": "5"})
    assert rules_hit(report) == expected
    if mode == "zero":
        assert (report.violations[0].left, report.violations[0].right) == (5, 1)
    if mode == "error":
        [v] = report.violations
        assert v.kind == "missing" and v.cells == (("b", "th"),)
        assert render(v, form) == "thiếu số liệu (b)"
    assert check(form, {"a": "5", "b": "4"}).violations == []


def test_blank_and_count_read_blanks_without_skipping(make_form):
    form = make_form(
        [{"id": "tinh_trang", "type": "choice", "choices": ["Hoàn thành", "Đang thực hiện"]},
         {"id": "van_ban", "type": "text"}],
        rules=[{"id": "co_van_ban", "expr": 'if(tinh_trang == "Hoàn thành", not blank(van_ban), true)',
                "columns": ["th"]},
               {"id": "dem", "expr": "count(tinh_trang, van_ban) >= 1", "columns": ["th"], "missing": "error"}],
    )
    assert rules_hit(check(form, {"tinh_trang": "hoàn thành"})) == ["co_van_ban"]
    assert check(form, {"tinh_trang": "Hoàn thành", "van_ban": "Quyết định 12/QĐ-UBND"}).violations == []
    assert check(form, {"tinh_trang": "Đang thực hiện"}).violations == []
    assert rules_hit(check(form, {})) == ["dem"]


def test_division_by_zero_makes_the_rule_not_evaluable_never_a_crash(make_form):
    form = make_form(MISSING, rules=[{"id": "r", "expr": "a / b >= 1", "message": "Tỷ số phải từ 1"}])
    [v] = check(form, {"a": "5", "b": "0"}).violations
    assert (v.kind, v.severity, v.rule) == ("not_evaluable", "warning", "r")
    assert render(v, form) == "Tỷ số phải từ 1 — không tính được (chia cho 0)"


def test_prev_of_the_first_quarter_reads_the_last_quarter_of_the_year_before(make_form):
    form = make_form([{"id": "httt", "type": "integer", "columns": ["th"]}],
                     rules=[{"id": "khong_giam", "expr": "httt >= prev(httt)", "severity": "warning"}])
    [v] = check(form, {"httt": "20"}, period="2024Q1", earlier={"2023Q4": {"httt": "26"}}).violations
    assert (v.left, v.right, v.severity) == (20, 26, "warning")
    assert check(form, {"httt": "20"}, period="2024Q1", earlier={"2023Q3": {"httt": "26"}}).violations == []


def test_prev_year_reads_the_same_period_a_year_earlier(make_form):
    form = make_form([{"id": "dt", "type": "decimal", "columns": ["th"]}],
                     rules=[{"id": "gap5", "expr": "dt <= 5 * prev_year(dt)", "severity": "warning"}],
                     period="half")
    earlier = {"2023S1": {"dt": "100"}, "2023S2": {"dt": "90"}}
    assert rules_hit(check(form, {"dt": "600"}, period="2024S1", earlier=earlier)) == ["gap5"]
    assert check(form, {"dt": "400"}, period="2024S1", earlier=earlier).violations == []


def test_prev_with_no_earlier_value_is_blank_and_the_missing_mode_applies(make_form):
    form = make_form([{"id": "x", "type": "integer", "columns": ["th"]}],
                     rules=[{"id": "skip", "expr": "x >= prev(x)"},
                            {"id": "zero", "expr": "x <= prev(x)", "missing": "zero"}])
    assert rules_hit(check(form, {"x": "3"}, period="2024Q1")) == ["zero"]


def _province() -> UnitTree:
    reform = date(2025, 7, 1)
    return UnitTree([
        Unit("H1", "Huyện Một", "huyen", None),
        Unit("X1", "Xã Một", "xa", "H1", valid_to=date(2025, 6, 30), merged_into="X9"),
        Unit("X2", "Xã Hai", "xa", "H1", valid_to=date(2025, 6, 30), merged_into="X9"),
        Unit("X3", "Xã Ba", "xa", "H1"),
        Unit("X9", "Xã Mới", "xa", "H1", valid_from=reform),
    ])


def test_children_sums_the_child_units_in_force_at_the_end_of_the_period(make_form):
    form = make_form([{"id": "to_cn", "type": "integer", "columns": ["th"]}],
                     rules=[{"id": "khop_xa", "expr": "to_cn == children(to_cn)",
                             "message": "Số tổ của huyện phải bằng tổng các xã"}])
    sheets = {
        ("H1", "2025Q2"): {"to_cn": "30"}, ("X1", "2025Q2"): {"to_cn": "10"},
        ("X2", "2025Q2"): {"to_cn": "8"}, ("X3", "2025Q2"): {"to_cn": "12"},
        ("H1", "2025Q3"): {"to_cn": "31"}, ("X9", "2025Q3"): {"to_cn": "18"}, ("X3", "2025Q3"): {"to_cn": "12"},
    }
    engine = Engine(form, _province())
    source = values_of(form, sheets)
    assert engine.validate("H1", "2025Q2", source).violations == []
    [v] = engine.validate("H1", "2025Q3", source).violations
    assert (v.left, v.right) == (31, 30)


def test_prev_of_a_merged_commune_before_the_merge_sums_its_predecessors(make_form):
    form = make_form([{"id": "to_cn", "type": "integer", "columns": ["th"]}],
                     rules=[{"id": "khong_giam", "expr": "to_cn >= prev(to_cn)"}])
    sheets = {("X1", "2025Q2"): {"to_cn": "10"}, ("X2", "2025Q2"): {"to_cn": "8"},
              ("X9", "2025Q3"): {"to_cn": "17"}}
    [v] = Engine(form, _province()).validate("X9", "2025Q3", values_of(form, sheets)).violations
    assert (v.left, v.right) == (17, 18)


def test_children_without_a_unit_list_is_not_evaluable_with_a_clear_reason(make_form):
    form = make_form([{"id": "x", "type": "integer", "columns": ["th"]}],
                     rules=[{"id": "r", "expr": "x == children(x)"}])
    [v] = check(form, {"x": "3"}).violations
    assert v.kind == "not_evaluable" and "danh mục đơn vị" in render(v, form)


def test_a_definition_with_a_malformed_rule_is_refused_with_rule_id_and_column(make_form):
    with pytest.raises(DefinitionError) as caught:
        make_form(MISSING, rules=[{"id": "hong", "expr": "a == (b + 1"}])
    text = str(caught.value)
    assert "quy tắc hong" in text and "ký tự 12" in text
