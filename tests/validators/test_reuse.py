"""What the engine keeps between reads (parsed cells, readings of repeated texts, earlier sheets) never
hides a change and never lets one cell's reading stand in for another's."""

from __future__ import annotations

from decimal import Decimal

from forms.periods import parse_period
from tests.validators.conftest import rules_hit, values_of
from validators.engine import Engine

COUNTS = [
    {"id": "tong", "type": "integer", "min": 0, "complete": True},
    {"id": "a", "type": "integer", "parent": "tong"},
    {"id": "b", "type": "integer", "parent": "tong"},
]


def test_a_value_changed_between_two_validations_is_seen_by_the_same_engine(make_form):
    form = make_form(COUNTS, rules=[{"id": "tang", "expr": "tong >= prev(tong)", "severity": "warning"}])
    source = values_of(form, {("U1", "2024Q1"): {"tong": "10"},
                              ("U1", "2024Q2"): {"tong": "12", "a": "5", "b": "7"}})
    engine = Engine(form)
    assert engine.validate("U1", "2024Q2", source).violations == []
    source.set(form.id, "U1", "2024Q2", "a", "th", "6")
    source.set(form.id, "U1", "2024Q1", "tong", "th", "20")
    assert rules_hit(engine.validate("U1", "2024Q2", source)) == ["sum:tong", "tang"]
    source.set(form.id, "U1", "2024Q2", "a", "th", "ba")
    report = engine.validate("U1", "2024Q2", source)
    assert [p.value for p in report.parse_errors] == ["ba"]
    assert rules_hit(report) == ["tang"]


def test_the_same_text_in_cells_of_different_types_is_read_by_each_cells_type(make_form):
    form = make_form([
        {"id": "dem", "type": "integer"},
        {"id": "so", "type": "decimal"},
        {"id": "ty_le", "type": "percent", "aggregate": "mean"},
        {"id": "muc", "type": "choice", "choices": ["1,5", "2"], "aggregate": "none"},
        {"id": "loai", "type": "choice", "choices": ["A", "B"], "aggregate": "none"},
    ])
    source = values_of(form, {(unit, "2024Q2"): {"dem": "1,5", "so": "1,5", "ty_le": "1,5", "muc": "1,5",
                                                 "loai": "1,5"} for unit in ("U1", "U2")})
    engine = Engine(form)
    world = engine.world(source)  # one world for both units, as a province-wide run shares it
    for unit in ("U1", "U2"):
        report = engine.validate(unit, "2024Q2", source, world)
        assert [(p.indicator, p.value) for p in report.parse_errors] == [("dem", "1,5"), ("loai", "1,5")]
        sheet = world.sheet(unit, parse_period("2024Q2"))
        assert sheet.value("so", "th") == Decimal("1.5") and sheet.decimals("so", "th") == 1
        assert sheet.value("muc", "th") == "1,5"


def test_an_edit_is_seen_by_every_check_that_read_the_cell_before(make_form):
    form = make_form(
        [*COUNTS, {"id": "tong2", "type": "integer", "computed": "tong * 2", "columns": ["th"]}],
        rules=[{"id": "nho", "expr": "tong2 <= 100"}, {"id": "tang", "expr": "tong >= prev(tong)"}],
    )
    source = values_of(form, {("U1", "2024Q1"): {"tong": "30"},
                              ("U1", "2024Q2"): {"tong": "40", "a": "15", "b": "25"}})
    session = Engine(form).session("U1", "2024Q2", source)
    assert session.violations == []
    session.set_raw("tong", "th", "60")
    assert rules_hit(session.report) == ["sum:tong", "nho"]
    assert session.computed("tong2", "th") == 120
    session.set_raw("tong", "th", "20")
    assert rules_hit(session.report) == ["part:b", "sum:tong", "tang"]
    session.set_raw("tong", "th", None)
    assert session.violations == [] and session.computed("tong2", "th") is None
