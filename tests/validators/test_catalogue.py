"""Every bundled form loads with the real expression parser and validates its demo values without crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.definitions import catalogue_files, load_form
from validators.engine import Engine
from validators.expressions import syntax_problem
from validators.messages import render

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "values"


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda p: p.name)
def test_a_bundled_form_loads_and_validates_its_demo_values(path):
    from operations.validation import read_values

    form = load_form(path, syntax_problem)
    engine = Engine(form)
    demo = DEMO / f"{path.stem}.csv"
    assert demo.exists(), f"every bundled form ships demo values: {demo.name} is missing"
    values, sheets = read_values(str(demo), form, None)
    assert sheets
    world = engine.world(values)
    for unit, period in sheets:
        report = engine.validate(unit, period, values, world)
        for v in report.violations:
            assert render(v, form) and render(v, form, "en")
        assert report.parse_errors == []
