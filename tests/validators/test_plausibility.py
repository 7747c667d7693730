"""Plausibility: 1.000× slips against last period, last year, other period types and peers, named;
silence on consistent figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from forms.units import Unit, UnitTree
from tests.validators.conftest import check, values_of
from validators.checks.plausibility import slip
from validators.engine import Engine
from validators.messages import render

REVENUE = [{"id": "doanh_thu", "title": "Doanh thu viễn thông", "unit": "tỷ đồng", "type": "decimal",
            "columns": ["th"]}]


def plausibility(report):
    return [v for v in report.violations if v.kind == "plausibility"]


@pytest.mark.parametrize(("ratio", "expected"), [
    ("1000", ("thousand", 3)), ("0.001", ("thousand", -3)), ("1000000", ("million", 6)),
    ("0.000001", ("million", -6)), ("1000000000", ("billion", 9)), ("600", ("thousand", 3)),
    ("20000", ("digits", 4)), ("499", None), ("2", None), ("0.5", None), ("0.0021", None),
])
def test_the_slip_is_named_from_the_ratio(ratio, expected):
    assert slip(Decimal(ratio)) == expected


@pytest.mark.parametrize(("now", "before", "when"), [
    ("302.441", "300,5", "2024Q1"), ("302.441", "300,5", "2023Q2"), ("0,3", "300,5", "2024Q1"),
])
def test_a_thousandfold_figure_is_flagged_with_the_slip_named(make_form, now, before, when):
    form = make_form(REVENUE)
    [v] = plausibility(check(form, {"doanh_thu": now}, earlier={when: {"doanh_thu": before}}))
    assert v.severity == "warning" and v.rule == "plausibility:doanh_thu"
    text = render(v, form)
    if now == "0,3":
        assert "chỉ bằng khoảng 1/1.000" in text and "thiếu 1 nhóm ba chữ số" in text
    else:
        assert "lớn gấp khoảng 1.000 lần" in text and "thừa 1 nhóm ba chữ số" in text
        assert "đồng thay cho nghìn đồng" in text
    assert ("cùng kỳ năm trước" in text) is (when == "2023Q2")
    assert "slip" in dict(v.params) and dict(v.params)["slip"] == "thousand"


def test_a_million_fold_slip_is_named_in_english_too(make_form):
    form = make_form(REVENUE)
    [v] = plausibility(check(form, {"doanh_thu": "300.500.000"}, earlier={"2024Q1": {"doanh_thu": "300,5"}}))
    assert "1.000.000" in render(v, form) and "triệu" in render(v, form)
    assert "million" in render(v, form, "en")


@pytest.mark.parametrize("now", ["601", "3.005", "150", "300,5", "30", "0,9"])
def test_consistent_figures_and_ordinary_growth_raise_nothing(make_form, now):
    form = make_form(REVENUE)
    report = check(form, {"doanh_thu": now}, earlier={"2024Q1": {"doanh_thu": "300,5"},
                                                      "2023Q2": {"doanh_thu": "280"}})
    assert plausibility(report) == []


def test_small_counts_are_never_a_slip(make_form):
    form = make_form([{"id": "su_co", "title": "Số sự cố", "type": "integer", "columns": ["th"]}])
    assert plausibility(check(form, {"su_co": "1"}, earlier={"2024Q1": {"su_co": "0"}})) == []
    assert plausibility(check(form, {"su_co": "9"}, earlier={"2024Q1": {"su_co": "1"}})) == []


def _tree() -> UnitTree:
    units = [Unit("T", "Tỉnh", "tinh")]
    units += [Unit(f"H{i}", f"Huyện {i}", "huyen", "T", date(2000, 1, 1)) for i in range(1, 6)]
    return UnitTree(units)


def _peer_report(make_form, figures: dict[str, str], sizes: dict[str, str] | None = None):
    indicators = [*REVENUE, {"id": "dan_so", "title": "Dân số", "type": "integer", "columns": ["th"]}] if sizes \
        else REVENUE
    form = make_form(indicators)
    sheets = {(u, "2024Q2"): {"doanh_thu": f, **({"dan_so": sizes[u]} if sizes else {})} for u, f in figures.items()}
    engine = Engine(form, _tree())
    values = values_of(form, sheets)
    world = engine.world(values)
    return form, {u: engine.validate(u, "2024Q2", values, world) for u in figures}


def test_a_unit_a_thousand_times_its_peers_is_flagged_and_the_peers_are_not(make_form):
    form, reports = _peer_report(make_form, {"H1": "310", "H2": "295,5", "H3": "280", "H4": "301.000", "H5": "150"})
    assert {u: len(plausibility(r)) for u, r in reports.items()} == {"H1": 0, "H2": 0, "H3": 0, "H4": 1, "H5": 0}
    [v] = plausibility(reports["H4"])
    assert "4 đơn vị cùng cấp" in render(v, form) and "1.000 lần" in render(v, form)


def test_peers_are_compared_per_head_when_the_sheet_states_its_population(make_form):
    # H4 is a city 1.000× the others' population: the same revenue per head is no slip
    populations = {"H1": "100", "H2": "120", "H3": "90", "H4": "100.000", "H5": "110"}
    _, reports = _peer_report(make_form, {"H1": "300", "H2": "350", "H3": "280", "H4": "300.000", "H5": "320"},
                              populations)
    assert all(plausibility(r) == [] for r in reports.values())
    _, reports = _peer_report(make_form, {"H1": "300", "H2": "350", "H3": "280", "H4": "300", "H5": "320"},
                              populations)  # the city reporting what a small district does: 1/1.000 per head
    assert [len(plausibility(r)) for r in reports.values()] == [0, 0, 0, 1, 0]


def test_other_period_types_of_the_same_unit_are_compared_when_the_form_accepts_several(make_form):
    form = make_form(REVENUE)
    form = replace(form)
    object.__setattr__(form, "periods", ("quarter", "year"))  # the multi-period key (issue 15 part 1)
    sheets = {("U1", "2024Q2"): {"doanh_thu": "302.441"}, ("U1", "2024"): {"doanh_thu": "300"}}
    report = Engine(form).validate("U1", "2024Q2", values_of(form, sheets))
    [v] = plausibility(report)
    assert "Năm 2024 của cùng đơn vị" in render(v, form)
    # a quarter a quarter of its year (a flow) or the same as it (a stock) is consistent
    for year in ("1.200", "300,5"):
        sheets = {("U1", "2024Q2"): {"doanh_thu": "300,5"}, ("U1", "2024"): {"doanh_thu": year}}
        assert plausibility(Engine(form).validate("U1", "2024Q2", values_of(form, sheets))) == []
