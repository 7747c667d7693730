"""Forms taking several period types: flows add up over time, year-to-date figures never fall within
the year, stocks never fall without a word, and same_year() reads another type of the same year."""

from __future__ import annotations

import pytest

from forms.errors import DefinitionError
from tests.validators.conftest import check, rules_hit
from validators.messages import render

PERIODS = ["quarter", "half", "nine_months", "year"]
FLOW = {"id": "cuoc", "title": "Số cuộc kiểm tra", "type": "integer", "min": 0, "kind": "count", "columns": ["th"]}
YTD = {"id": "doanh_thu", "title": "Doanh thu", "type": "decimal", "kind": "amount", "cumulative": True,
       "columns": ["th"]}
STOCK = {"id": "tram", "title": "Số trạm BTS", "type": "integer", "min": 0, "kind": "stock", "columns": ["th"]}


def test_a_year_smaller_than_one_of_its_quarters_is_an_error_naming_the_quarter(make_form):
    form = make_form([FLOW], periods=PERIODS)
    report = check(form, {"cuoc": "40"}, period="2024", earlier={"2024Q1": {"cuoc": "12"}, "2024Q3": {"cuoc": "45"},
                                                                "2024S1": {"cuoc": "30"}})
    [v] = report.violations
    assert (v.rule, v.kind, v.severity, v.left, v.right) == ("within:cuoc", "within", "error", 40, 45)
    assert "Quý III/2024" in render(v, form)
    ok = check(form, {"cuoc": "80"}, period="2024", earlier={"2024Q3": {"cuoc": "45"}, "2024S1": {"cuoc": "30"}})
    assert ok.violations == []


def test_a_half_is_checked_against_its_quarters_but_not_another_years(make_form):
    form = make_form([FLOW], periods=PERIODS)
    report = check(form, {"cuoc": "20"}, period="2024S1",
                   earlier={"2024Q2": {"cuoc": "25"}, "2023Q2": {"cuoc": "90"}, "2024Q3": {"cuoc": "99"}})
    assert [(v.rule, v.right) for v in report.violations] == [("within:cuoc", 25)]


def test_a_form_of_one_period_type_gets_no_cross_period_flow_check(make_form):
    form = make_form([FLOW])
    assert check(form, {"cuoc": "1"}, earlier={"2024Q1": {"cuoc": "5"}}).violations == []


def test_a_year_to_date_figure_never_falls_within_the_year_whatever_the_period_types(make_form):
    form = make_form([YTD], periods=PERIODS)
    # nine months below the first half: a fall
    report = check(form, {"doanh_thu": "120"}, period="2024Q1-Q3", earlier={"2024S1": {"doanh_thu": "150"},
                                                                            "2024Q1": {"doanh_thu": "60"}})
    [v] = report.violations
    assert (v.rule, v.left, v.right, v.param("period")) == ("cumulative:doanh_thu", 120, 150, "2024S1")
    # the half and the second quarter end on the same day: the half cannot be lower
    same_end = check(form, {"doanh_thu": "140"}, period="2024S1", earlier={"2024Q2": {"doanh_thu": "150"}})
    assert rules_hit(same_end) == ["cumulative:doanh_thu"]
    # a new year starts again
    assert check(form, {"doanh_thu": "10"}, period="2025Q1", earlier={"2024": {"doanh_thu": "500"}}).violations == []


def test_a_falling_stock_is_a_warning_against_the_previous_period_of_any_type(make_form):
    form = make_form([STOCK], periods=PERIODS)
    report = check(form, {"tram": "3.700"}, period="2024S1",
                   earlier={"2024Q1": {"tram": "3.775"}, "2023": {"tram": "3.900"}})
    [v] = report.violations
    assert (v.rule, v.kind, v.severity, v.left, v.right) == ("stock:tram", "stock", "warning", 3700, 3775)
    assert "Quý I/2024" in render(v, form) and "giải trình" in render(v, form)
    # the latest earlier period with a figure is the one compared: here the year before
    back = check(form, {"tram": "3.800"}, period="2024Q1", earlier={"2023": {"tram": "3.900"}})
    assert [(v.rule, v.right, v.param("period")) for v in back.violations] == [("stock:tram", 3900, "2023")]
    assert check(form, {"tram": "3.800"}, period="2024Q2", earlier={"2024Q1": {"tram": "3.775"}}).violations == []


def test_a_stock_on_a_one_type_form_is_checked_against_its_previous_period(make_form):
    form = make_form([STOCK], period="half")
    report = check(form, {"tram": "10"}, period="2024S1", earlier={"2023S2": {"tram": "12"}})
    assert rules_hit(report) == ["stock:tram"]


def test_same_year_reads_another_period_type_of_the_same_year(make_form):
    rule = {"id": "quy_trong_nam", "expr": "cuoc <= same_year(cuoc, \"year\")", "severity": "warning",
            "columns": ["th"]}
    form = make_form([{**FLOW, "kind": None}], [rule], periods=PERIODS)
    report = check(form, {"cuoc": "50"}, period="2024Q3", earlier={"2024": {"cuoc": "45"}})
    assert [(v.rule, v.left, v.right) for v in report.violations] == [("quy_trong_nam", 50, 45)]
    half = {"id": "nua_nam", "expr": "same_year(cuoc, \"half\") >= cuoc", "columns": ["th"]}
    form = make_form([{**FLOW, "kind": None}], [half], periods=PERIODS)
    assert rules_hit(check(form, {"cuoc": "50"}, period="2024Q4", earlier={"2024S2": {"cuoc": "40"},
                                                                          "2024S1": {"cuoc": "90"}})) == ["nua_nam"]


@pytest.mark.parametrize("argument, reason", [("half", "ngoặc kép"), ("\"tuan\"", "ngoặc kép"),
                                              ("\"month\"", "không nhận kỳ loại «month»")])
def test_same_year_names_a_period_type_the_form_accepts(make_form, argument, reason):
    rule = {"id": "r", "expr": f"cuoc <= same_year(cuoc, {argument})"}
    with pytest.raises(DefinitionError) as caught:
        make_form([FLOW], [rule], periods=PERIODS)
    assert reason in str(caught.value)


def test_period_and_periods_must_agree_on_the_default(make_form, tmp_path):
    import yaml

    from forms.definitions import load_form
    from tests.validators.conftest import form_data

    data = form_data([FLOW], periods=PERIODS)
    data["period"] = "year"
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_form(path)
    assert "kỳ mặc định" in str(caught.value)
    data.pop("period")
    data.pop("periods")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_form(path)
    assert "periods" in str(caught.value)
    data["periods"] = "quarter, year"  # one Excel cell
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_form(path).period_kinds == ("quarter", "year")


def test_values_csv_takes_any_accepted_period_type_and_an_indicator_by_its_code(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    import yaml

    from tests.validators.conftest import form_data

    form = tmp_path / "form.yaml"
    form.write_text(yaml.safe_dump(form_data([{**FLOW, "code": "ttr.cuoc"}], periods=["quarter", "year"]),
                                   allow_unicode=True), encoding="utf-8")
    values = tmp_path / "values.csv"
    values.write_text("unit,period,indicator,column,value\nU1,Quý III/2024,ttr.cuoc,th,45\nU1,Năm 2024,cuoc,th,40\n",
                      encoding="utf-8")
    bieumau = str(Path(sys.executable).with_name("bieumau"))
    done = subprocess.run([bieumau, "validate", "--form", str(form), "--values", str(values), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    assert [(v["rule"], v["period"]) for v in json.loads(done.stdout)["violations"]] == [("within:cuoc", "2024")]
    values.write_text("unit,period,indicator,column,value\nU1,2024S1,cuoc,th,1\n", encoding="utf-8")
    done = subprocess.run([bieumau, "validate", "--form", str(form), "--values", str(values)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2 and "không phải kỳ quý hoặc năm" in done.stderr


def test_storage_takes_any_accepted_period_type_and_an_indicator_by_its_code(make_form, tmp_path):
    from forms.errors import BieumauError
    from forms.units import read_units_csv
    from storage.database import open_database
    from storage.units import save_units
    from storage.values import ValueRow, import_values, read_values

    form = make_form([{**FLOW, "code": "ttr.cuoc"}], periods=["quarter", "year"])
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent,valid_from,valid_to\nU1,Sở thử,so,,2008-01-01,\n", encoding="utf-8")
    db = open_database(str(tmp_path / "db.sqlite3"))
    try:
        save_units(db, read_units_csv(units), code_list_version="test", user="test")
        import_values(db, form, [ValueRow("U1", "Năm 2024", "ttr.cuoc", "th", "40")], user="test", source="import:values.csv")
        assert read_values(db, form.id, "U1", "2024")[("cuoc", "th")].raw == "40"
        with pytest.raises(BieumauError) as caught:
            import_values(db, form, [ValueRow("U1", "2024S1", "cuoc", "th", "1")], user="test", source="import:values.csv")
        assert "không phải kỳ quý hoặc năm" in caught.value.message
    finally:
        db.close()


def test_a_part_of_a_stock_is_not_a_flow_whatever_its_kind(make_form):
    form = make_form([
        {"id": "bts", "type": "integer", "kind": "stock", "columns": ["th"]},
        {"id": "bts_2g", "type": "integer", "kind": "count", "parent": "bts", "columns": ["th"]},
    ], periods=PERIODS)
    report = check(form, {"bts": "3.775", "bts_2g": "800"}, period="2024", earlier={"2024Q1": {"bts_2g": "884"}})
    assert "within:bts_2g" not in rules_hit(report)
