"""Real notations (issue 15, item 6): qualified figures, ranges, fractions, ranks, units after the number,
a sentence's full stop, and dates — kept with their qualifier, compared over their interval."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.notation import Figure, as_dates, compare, read_date, read_figure
from forms.numbers import format_number, parse_value

INF = None


@pytest.mark.parametrize(("raw", "cell_type", "unit", "qualifier", "lo", "hi", "lo_open", "hi_open"), [
    ("trên 85 %", "percent", "%", "above", "85", INF, True, False),
    ("hơn 17.000", "integer", "", "above", "17000", INF, True, False),
    ("khoảng 557", "integer", "", "about", "529.15", "584.85", False, False),
    ("≥ 2", "integer", "", "at_least", "2", INF, False, False),
    ("dưới 5 %", "percent", "", "below", INF, "5", False, True),
    ("tối đa 3 km", "decimal", "km", "at_most", INF, "3", False, False),
    ("20–25 %", "percent", "%", "range", "20", "25", False, False),
    ("từ 20 đến 25", "integer", "", "range", "20", "25", False, False),
    ("42/209", "integer", "xã", "fraction", "42", "42", False, False),
    ("10/63", "integer", "thứ hạng", "rank", "10", "10", False, False),
    ("hạng 10/63", "integer", "", "rank", "10", "10", False, False),
    ("xếp thứ 10/63 tỉnh, thành phố", "integer", "thứ hạng", "rank", "10", "10", False, False),
    ("10/63 tỉnh", "integer", "thứ hạng", "rank", "10", "10", False, False),
])
def test_each_qualified_notation_keeps_its_interval_and_is_flagged(raw, cell_type, unit, qualifier, lo, hi,
                                                                   lo_open, hi_open):
    parsed = parse_value(raw, cell_type, (), unit)
    assert parsed.is_error and parsed.value is None  # never a bare different number
    assert parsed.raw == raw  # kept exactly as typed
    figure = parsed.figure
    assert figure is not None and figure.text == raw and figure.qualifier == qualifier
    assert figure.lo == (Decimal(lo) if lo else None) and figure.hi == (Decimal(hi) if hi else None)
    assert (figure.lo_open, figure.hi_open) == (lo_open, hi_open)
    assert f"«{raw}»" in parsed.problem and "không phải một số" in parsed.problem


def test_a_fraction_and_a_rank_keep_their_whole():
    assert parse_value("42/209", "integer", (), "xã").figure.of == 209
    rank = parse_value("10/63", "integer", (), "thứ hạng").figure
    assert rank.of == 63 and "hạng 10 trong 63" in parse_value("10/63", "integer", (), "thứ hạng").problem
    share = parse_value("42/209", "percent").figure
    assert share.of == 209 and abs(share.lo - Decimal("20.0957")) < Decimal("0.0001")


@pytest.mark.parametrize(("raw", "cell_type", "unit", "value", "decimals"), [
    ("295,5 km", "decimal", "km", "295.5", 1),
    ("295,5 Km", "decimal", "km", "295.5", 1),
    ("82 %", "percent", "%", "82", 0),
    ("1.242 trạm", "integer", "trạm", "1242", 0),
    ("2.750.", "integer", "", "2750", 0),
    ("295,5.", "decimal", "", "295.5", 1),
    ("97,45%.", "percent", "", "97.45", 2),
])
def test_a_unit_that_matches_and_a_sentence_end_read_as_the_plain_number(raw, cell_type, unit, value, decimals):
    parsed = parse_value(raw, cell_type, (), unit)
    assert parsed.kind == "number" and parsed.value == Decimal(value) and parsed.decimals == decimals
    assert parsed.raw == raw


@pytest.mark.parametrize(("raw", "cell_type", "unit"), [
    ("295,5 m", "decimal", "km"),  # another unit is a problem, never read as km
    ("295,5 km", "decimal", ""),  # a row without a unit accepts none
    ("1.242 trạm", "integer", "xã"),
    ("1.24.", "integer", ""),  # the full stop does not make a decimal a count
    ("1,5 trạm", "integer", "trạm"),
    ("ba nghìn", "integer", ""),
    ("trên", "integer", ""),
    ("25–20 %", "percent", ""),  # a range upside down
    ("0/0", "integer", ""),
])
def test_what_states_no_figure_stays_a_plain_parse_problem(raw, cell_type, unit):
    parsed = parse_value(raw, cell_type, (), unit)
    assert parsed.is_error and parsed.value is None and parsed.figure is None


@pytest.mark.parametrize(("raw", "first", "last"), [
    ("23/5/2023", date(2023, 5, 23), date(2023, 5, 23)),
    ("ngày 05/10/2024", date(2024, 10, 5), date(2024, 10, 5)),
    ("ngày 5 tháng 10 năm 2024", date(2024, 10, 5), date(2024, 10, 5)),
    ("Quý IV/2022", date(2022, 10, 1), date(2022, 12, 31)),
    ("Quý 2/2024", date(2024, 4, 1), date(2024, 6, 30)),
    ("Tháng 4/2023", date(2023, 4, 1), date(2023, 4, 30)),
    ("Tháng 2/2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("Năm 2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2023-05-23", date(2023, 5, 23), date(2023, 5, 23)),
    ("6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30)),
    ("9 tháng đầu năm 2024.", date(2024, 1, 1), date(2024, 9, 30)),
])
def test_dates_read_as_the_days_they_cover(raw, first, last):
    parsed = parse_value(raw, "date")
    assert parsed.kind == "date" and parsed.raw == raw
    assert as_dates(parsed.value) == (first, last)


@pytest.mark.parametrize("raw", ["31/2/2024", "Quý V/2024", "Tháng 13/2024", "hôm qua", "23/5"])
def test_what_is_not_a_day_is_a_parse_problem(raw):
    parsed = parse_value(raw, "date")
    assert parsed.is_error and "ngày" in parsed.problem


def test_comparisons_hold_or_fail_only_when_certain_over_the_interval():
    above_85 = read_figure("trên 85 %", "percent")
    assert compare(above_85, ">=", Decimal(85)) is True  # "trên 85 %" satisfies "≥ 85 %"
    assert compare(above_85, "==", Decimal(84)) is False  # and contradicts a stated 84 %
    assert compare(above_85, ">", Decimal(85)) is True
    assert compare(above_85, ">=", Decimal(90)) is None  # chưa kiểm tra được
    about = read_figure("khoảng 557", "integer")
    assert compare(about, "<", Decimal(600)) is True and compare(about, "<", Decimal(560)) is None
    span = read_figure("20–25 %", "percent")
    assert compare(span, "<=", Decimal(25)) is True and compare(span, "<", Decimal(25)) is None
    assert compare(span, ">", read_figure("dưới 20 %", "percent")) is True
    deadline, done = read_date("Quý IV/2022"), read_date("23/5/2023")
    assert compare(done, "<=", deadline) is False
    assert compare(read_date("15/11/2022"), "<=", deadline) is True
    assert compare(read_date("Tháng 12/2022"), "<=", read_date("15/12/2022")) is None


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False))
def test_a_number_with_its_unit_or_a_full_stop_reads_back_the_same(value):
    written = format_number(value, 2)
    for text in (f"{written} km", f"{written}."):
        parsed = parse_value(text, "decimal", (), "km")
        assert parsed.kind == "number" and parsed.value == value, text


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["trên", "hơn", "dưới", "tối đa", "≥", "≤"]))
def test_a_bound_round_trips_to_its_figure(value, word):
    text = f"{word} {format_number(value)}"
    figure = parse_value(text, "integer").figure
    assert isinstance(figure, Figure) and figure.text == text
    assert Decimal(value) in (figure.lo, figure.hi)
    inside = Decimal(value) + (1 if word in ("trên", "hơn", "≥") else -1)
    assert compare(inside, "==", figure) is None  # a value inside the bound cannot be told apart


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_range_round_trips(a, b):
    lo, hi = min(a, b), max(a, b)
    figure = parse_value(f"{format_number(lo)}–{format_number(hi)}", "integer").figure
    assert (figure.qualifier, figure.lo, figure.hi) == ("range", lo, hi)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_round_trips(day):
    for text in (f"{day.day}/{day.month}/{day.year}", f"ngày {day.day:02d}/{day.month:02d}/{day.year}"):
        assert as_dates(parse_value(text, "date").value) == (day, day)


def test_a_period_as_the_other_side_of_a_date_rule_means_its_first_or_last_day():
    q4 = read_date("Quý IV/2022")
    assert compare(read_date("Tháng 12/2022"), "<=", q4) is True  # done within the quarter due
    assert compare(read_date("1/10/2022"), ">=", q4) is True and compare(read_date("30/9/2022"), ">=", q4) is False
    assert compare(read_date("30/9/2022"), "<", q4) is True and compare(read_date("1/10/2022"), "<", q4) is False
    assert compare(read_date("1/1/2023"), ">", q4) is True and compare(read_date("Tháng 12/2022"), ">", q4) is False
    assert compare(read_date("Quý IV/2022"), ">=", read_date("15/11/2022")) is None
