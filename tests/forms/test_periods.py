"""Reporting periods: codes, Vietnamese names, neighbours (FORMS.md §4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.periods import Period, PeriodError, parse_period

NAMES = {
    "2024": "Năm 2024",
    "2024S1": "6 tháng đầu năm 2024",
    "2024S2": "6 tháng cuối năm 2024",
    "2024Q2": "Quý II/2024",
    "202406": "Tháng 6/2024",
    "2024Q1-Q3": "9 tháng đầu năm 2024",
}


@pytest.mark.parametrize("code,name", NAMES.items())
def test_codes_and_vietnamese_names_read_both_ways(code: str, name: str) -> None:
    assert parse_period(code).code == code
    assert parse_period(code).name_vi == name
    assert parse_period(name).code == code


def test_names_are_read_however_they_are_typed() -> None:
    assert parse_period("quý 2/2024").code == "2024Q2"
    assert parse_period("Quy II nam 2024").code == "2024Q2"
    assert parse_period("Tháng 06/2024").code == "202406"
    assert parse_period("Giai đoạn 2021–2025").code == "2021-2025"


def test_prev_and_prev_year_follow_the_contract() -> None:
    assert parse_period("2024Q1").prev().code == "2023Q4"
    assert parse_period("2024S1").prev_year().code == "2023S1"
    assert parse_period("202401").prev().code == "202312"
    assert parse_period("2024").prev().code == "2023"
    assert parse_period("2024Q1-Q3").prev().code == "2023Q1-Q3"
    assert parse_period("2026-2030").prev().code == "2021-2025"


def test_dates_and_ordering() -> None:
    q2 = parse_period("2024Q2")
    assert (q2.start, q2.end) == (date(2024, 4, 1), date(2024, 6, 30))
    assert parse_period("202402").end == date(2024, 2, 29)
    assert parse_period("2024Q1") < q2 < parse_period("2024Q3")
    assert q2.deadline(15) == date(2024, 7, 15)
    assert [p.code for p in parse_period("2024Q3").same_year_earlier()] == ["2024Q1", "2024Q2"]


@pytest.mark.parametrize("bad", ["", "2024Q5", "202413", "Quý V/2024", "hôm qua", "2025-2021"])
def test_unreadable_periods_are_refused_in_vietnamese(bad: str) -> None:
    with pytest.raises(PeriodError, match="Không đọc được kỳ báo cáo"):
        parse_period(bad)


PERIODS = st.one_of(
    st.builds(Period, st.just("month"), st.integers(1990, 2100), st.integers(1, 12)),
    st.builds(Period, st.just("quarter"), st.integers(1990, 2100), st.integers(1, 4)),
    st.builds(Period, st.just("half"), st.integers(1990, 2100), st.integers(1, 2)),
    st.builds(Period, st.just("year"), st.integers(1990, 2100)),
    st.builds(Period, st.just("nine_months"), st.integers(1990, 2100)),
)


@given(PERIODS)
def test_every_period_round_trips_through_code_and_name(period: Period) -> None:
    assert parse_period(period.code) == period
    assert parse_period(period.name_vi) == period
    assert period.prev().next() == period
    assert period.prev() < period


def test_periods_of_other_types_around_a_period() -> None:
    from forms.periods import ending_earlier, periods_within

    kinds = ("month", "quarter", "half", "nine_months", "year")
    assert [p.code for p in periods_within(parse_period("2024S1"), kinds)][:3] == ["2024Q1", "2024Q2", "202401"]
    assert parse_period("2024Q2").in_year("half").code == "2024S1"
    assert parse_period("2024").in_year("quarter").code == "2024Q4"
    assert parse_period("202408").in_year("nine_months").code == "2024Q1-Q3"
    # a leap day's period looks back a year without failing
    earlier = ending_earlier(parse_period("202402"), kinds, same_year=False)
    assert earlier[0].code == "202401" and earlier[-1].end.year == 2023
    assert [p.code for p in ending_earlier(parse_period("2024S1"), ("quarter",), same_year=True, same_end=True)] == [
        "2024Q2", "2024Q1"]
