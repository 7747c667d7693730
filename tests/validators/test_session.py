"""The entry grid's incremental checking: an edit re-runs only the checks reading that cell, and the
result is always the same as validating the whole sheet again."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.definitions import build_form
from forms.values import InMemoryValues
from tests.validators.conftest import form_data
from validators.engine import Engine
from validators.expressions import syntax_problem

FORM = build_form(form_data(
    [
        {"id": "bts", "title": "Tổng số trạm BTS", "type": "integer", "min": 0, "complete": True},
        {"id": "bts_2g", "type": "integer", "min": 0, "parent": "bts", "columns": ["th"]},
        {"id": "bts_3g", "type": "integer", "min": 0, "parent": "bts", "columns": ["th"]},
        {"id": "bb", "type": "integer", "columns": ["th"]},
        {"id": "kt", "type": "integer", "columns": ["th"]},
        {"id": "ty_le", "type": "percent", "aggregate": "ratio", "numerator": "bb", "denominator": "kt",
         "columns": ["th"], "target": ">= 30"},
        {"id": "tong", "type": "integer", "computed": "bb + kt", "columns": ["th"]},
        {"id": "dt", "type": "decimal", "required": True, "cumulative": True},
    ],
    rules=[
        {"id": "bb_le_kt", "expr": "bb <= kt"},
        {"id": "tong_nho", "expr": "tong <= 10000", "severity": "warning"},
        {"id": "dt_tang", "expr": "dt >= prev(dt)", "missing": "zero", "severity": "warning"},
        {"id": "dt_khop", "expr": "dt.th ~= dt.kh", "missing": "error"},
    ],
), "session.yaml", syntax_problem)

CELLS = [(i.id, c) for i in FORM.indicators for c in FORM.columns_of(i)]
RAWS = ["", "0", "1", "02", "5", "884", "1.242", "3.775", "32,17", "32,12", "-3", "ba", "100%", "9.999"]


def _source() -> InMemoryValues:
    source = InMemoryValues()
    source.set(FORM.id, "U1", "2024Q1", "dt", "th", "50")
    return source


def test_an_edit_reports_exactly_what_appeared_and_went_and_which_cells_to_repaint():
    session = Engine(FORM).session("U1", "2024Q2", _source())
    for (indicator, column), raw in {("bts", "th"): "3.775", ("bts_2g", "th"): "884", ("dt", "th"): "60",
                                     ("dt", "kh"): "60"}.items():
        session.set_raw(indicator, column, raw)
    delta = session.set_raw("bts_3g", "th", "2.892")
    [added] = delta.added
    assert added.rule == "sum:bts" and (added.left, added.right) == (3775, 3776)
    assert delta.removed == ()
    assert {("bts", "th"), ("bts_2g", "th"), ("bts_3g", "th")} <= delta.cells_affected
    assert session.cell_state("bts_2g", "th") == "error"
    assert session.cell_state("bb", "th") is None
    fixed = session.set_raw("bts_3g", "th", "2.891")
    assert fixed.removed == (added,) and fixed.added == ()
    assert session.cell_state("bts_2g", "th") is None


def test_a_warning_marks_its_cells_and_a_computed_cell_follows_its_inputs():
    session = Engine(FORM).session("U1", "2024Q2", _source())
    session.set_raw("bb", "th", "6.000")
    delta = session.set_raw("kt", "th", "7.000")
    assert ("tong", "th") in delta.cells_affected
    assert session.computed("tong", "th") == Decimal(13000)
    assert session.cell_state("tong", "th") == "warning"
    assert [v.rule for v in delta.added] == ["tong_nho"]


def test_an_edit_reruns_only_the_checks_that_read_the_cell():
    engine = Engine(FORM)
    readers = {engine.checks[i].key for i in engine.readers[("bts_2g", "th")]}
    assert readers == {"type:bts_2g@th", "bounds:bts_2g@th", "part:bts_2g@th", "sum:bts@th",
                       "magnitude:bts_2g@th", "plausibility:bts_2g@th"}
    assert {engine.checks[i].key for i in engine.readers[("kt", "th")]} >= {"rule:tong_nho@th", "ratio:ty_le@th"}


def _full(values: dict[tuple[str, str], str]) -> Counter:
    source = _source()
    for (indicator, column), raw in values.items():
        source.set(FORM.id, "U1", "2024Q2", indicator, column, raw)
    report = Engine(FORM).validate("U1", "2024Q2", source)
    return Counter(report.violations) + Counter(report.parse_errors)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(CELLS), st.sampled_from(RAWS)), min_size=1, max_size=25))
def test_any_sequence_of_edits_gives_the_same_violations_as_a_full_validation(edits):
    session = Engine(FORM).session("U1", "2024Q2", _source())
    typed: dict[tuple[str, str], str] = {}
    for cell, raw in edits:
        session.set_raw(*cell, raw)
        typed[cell] = raw
    report = session.report
    assert Counter(report.violations) + Counter(report.parse_errors) == _full(typed)
    for cell in CELLS:
        touching = [v for v in session.violations if cell in v.cells]
        expected = ("error" if any(v.severity == "error" for v in touching)
                    else "warning" if touching else None)
        assert session.cell_state(*cell) == expected
