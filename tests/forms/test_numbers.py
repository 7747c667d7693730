"""Numbers as clerks type them (FORMS.md §3 and its numbers.csv)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.numbers import format_number, parse_value

CASES = list(csv.DictReader((Path(__file__).parent / "data" / "numbers.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['type']}:{c['raw']!r}" for c in CASES])
def test_every_case_of_the_contract(case: dict[str, str]) -> None:
    parsed = parse_value(case["raw"], case["type"])
    expected = case["value"]
    if expected == "error":
        assert parsed.is_error and parsed.problem, parsed
        assert parsed.value is None
        assert parsed.raw == case["raw"].strip()  # kept as typed
    elif expected == "blank":
        assert parsed.is_blank
    elif case["type"] == "boolean":
        assert parsed.value is (expected == "true")
    else:
        assert parsed.kind == "number"
        assert parsed.value == Decimal(expected)
        assert parsed.decimals == int(case["decimals"])


def test_the_contract_has_every_kind_of_case() -> None:
    assert len(CASES) >= 30
    assert {c["type"] for c in CASES} >= {"integer", "decimal", "percent", "boolean"}


def test_problem_is_in_vietnamese_and_names_the_text() -> None:
    parsed = parse_value("ba nghìn", "integer")
    assert "«ba nghìn»" in parsed.problem and "số nguyên" in parsed.problem


def test_formula_text_is_never_a_value() -> None:
    parsed = parse_value('=HYPERLINK("http://x","y")', "text")
    assert parsed.kind == "text"  # a text cell keeps it as text …
    assert parse_value('=HYPERLINK("http://x","y")', "decimal").is_error  # … a number cell refuses it


def test_choices_match_without_case_and_return_the_canonical_spelling() -> None:
    parsed = parse_value("hoàn thành", "choice", ("Hoàn thành", "Đang thực hiện"))
    assert parsed.value == "Hoàn thành"
    assert parse_value("Xong", "choice", ("Hoàn thành",)).is_error


def test_decomposed_unicode_from_macos_reads_the_same() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Không")
    assert parse_value(nfd, "boolean").value is False


def test_brief_figures_are_written_the_vietnamese_way() -> None:
    assert format_number(Decimal(1242)) == "1.242"
    assert format_number(Decimal("97.45")) == "97,45"
    assert format_number(Decimal("295.5")) == "295,5"
    assert format_number(Decimal("0.10")) == "0,10"
    assert format_number(Decimal(1930110)) == "1.930.110"
    assert format_number(Decimal("75.87"), 1) == "75,9"
    assert format_number(Decimal(1242), locale="en") == "1,242"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integers_round_trip(n: int) -> None:
    text = format_number(Decimal(n))
    parsed = parse_value(text, "integer")
    assert parsed.value == n and parsed.decimals == 0


@given(
    st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_decimals_round_trip_at_written_precision(value: Decimal, places: int) -> None:
    quantized = value.quantize(Decimal(1).scaleb(-places))
    text = format_number(quantized, places)
    parsed = parse_value(text, "decimal")
    assert parsed.value == quantized
    # "1.242" (three digits after a lone dot) reads as a thousands group, so the written decimals
    # survive except where formatting produced no decimal separator at all
    assert parsed.decimals == places


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_percent_round_trip_with_sign(value: Decimal) -> None:
    text = format_number(value, 2) + "%"
    assert parse_value(text, "percent").value == value
