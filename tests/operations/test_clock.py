"""operations.clock.local: stored UTC times shown on the wall clock, without the approval window."""

from __future__ import annotations

from datetime import UTC, datetime

from operations.clock import local
from operations.completeness import local as completeness_local


def test_a_stored_utc_time_is_the_same_moment_on_the_local_clock() -> None:
    stored = datetime(2024, 7, 1, 2, 30, tzinfo=UTC)
    shown = local(stored)
    assert shown == stored  # the same instant
    assert shown.replace(tzinfo=None) == (stored + shown.utcoffset()).replace(tzinfo=None)  # as the wall shows it


def test_a_naive_time_is_left_as_it_is_and_completeness_uses_the_same_helper() -> None:
    naive = datetime(2024, 7, 1, 9, 30)
    assert local(naive) is naive
    assert completeness_local is local
