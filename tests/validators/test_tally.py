"""One count of errors and warnings for every place that shows them (export, import, self-test, windows)."""

from __future__ import annotations

from validators.violations import ParseProblem, Tally, Violation, tally


def _violation(severity: str) -> Violation:
    return Violation("sum:bts", "sum", severity, "24-STTTT", "2024Q2", "th", (("bts", "th"),))


def test_errors_and_warnings_are_counted_apart() -> None:
    found = tally([_violation("error"), _violation("warning"), _violation("warning")])
    assert found == Tally(errors=1, warnings=2)
    assert found.total == 3


def test_a_value_that_cannot_be_read_counts_as_an_error() -> None:
    unreadable = ParseProblem("24-STTTT", "2024Q2", "bts", "th", "nhiều", "không phải số")
    assert tally([_violation("warning")], [unreadable]) == Tally(errors=1, warnings=1)


def test_nothing_found_is_zero_and_any_other_severity_is_a_warning() -> None:
    assert tally([]) == Tally(0, 0)
    assert tally([_violation("info")]) == Tally(errors=0, warnings=1)
