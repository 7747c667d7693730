"""Chart figures without a window: the demo province's districts against a target, a unit's line over
periods, and nothing entered shown as nothing, never as 0."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.periods import parse_period
from operations.charts import BAR, LINE, across_periods, across_units, chartable, latest_period_with_values


def test_bars_across_districts_show_who_misses_the_target(demo) -> None:
    form = demo.catalogue["BC-01"]
    series = across_units(demo, form, form.indicator("ban_kinh_pv"), "th", "24", parse_period("2024S1"))
    assert series.kind == BAR and series.place_name == demo.units["24"].name and series.period == "2024S1"
    values = dict(series.points)
    assert values["Huyện Lục Ngạn"] == Decimal("3.34")
    lucngan = next(code for code, (name, _) in zip(series.keys, series.points) if name == "Huyện Lục Ngạn")
    assert series.value(lucngan) == Decimal("3.34") and demo.units[lucngan].parent == "24"
    assert series.target is not None and not series.target.met_by(values["Huyện Lục Ngạn"])
    assert values["Huyện Yên Thế"] is None


def test_a_line_across_periods_drops_only_the_leading_empty_periods(demo) -> None:
    form = demo.catalogue["KQCT-01"]
    series = across_periods(demo, form, form.indicator("ty_le_hs_toan_trinh"), "kq", "24-STTTT",
                            parse_period("2024"), count=4)
    assert series.kind == LINE and series.keys[-2:] == ("2023", "2024")
    assert [label for label, _ in series.points][-2:] == ["Năm 2023", "Năm 2024"]
    assert len(series.keys) == len(series.points) and series.points[0][1] is not None
    assert series.target is not None and series.target.value == 80


def test_a_long_read_reports_progress_and_stops_when_cancelled(demo) -> None:
    class Stop(Exception):
        pass

    class Progress:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def check(self) -> None:
            if len(self.seen) == 2:
                raise Stop

        def progress(self, done: int, total: int, label: str = "") -> None:
            self.seen.append(label)

    form = demo.catalogue["BC-01"]
    progress = Progress()
    with pytest.raises(Stop):
        across_units(demo, form, form.indicator("ban_kinh_pv"), "th", "24", parse_period("2024S1"), progress)
    assert len(progress.seen) == 2


def test_the_latest_period_with_values_and_the_chartable_indicators(demo) -> None:
    assert latest_period_with_values(demo, "BC-01") == parse_period("2024S1")
    form = demo.catalogue["BC-01"]
    assert chartable(form) and all(i.is_numeric and not i.computed for i in chartable(form))
