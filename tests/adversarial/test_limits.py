"""Inputs past forms/limits.py are refused with a Vietnamese reason before any work starts — by the
command line with exit 2, no traceback and the database unchanged — and nothing accepted makes
checking, exporting or consolidating fail later."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms import limits
from forms.definitions import build_form
from forms.numbers import format_number, parse_value
from forms.values import InMemoryValues
from tests.adversarial.conftest import ROOT, refused_cleanly, rewrite, run_cli, sha256
from validators.engine import Engine
from validators.expressions import ExpressionError, parse, syntax_problem

FORM = {
    "id": "GH-01", "version": 1, "title": "Biểu thử giới hạn", "period": "quarter", "levels": ["so"],
    "columns": [{"id": "th", "title": "Thực hiện"}],
    "indicators": [
        {"id": "a", "title": "Chỉ tiêu a", "type": "decimal"},
        {"id": "b", "title": "Chỉ tiêu b", "type": "decimal"},
        {"id": "c", "title": "Chỉ tiêu c", "type": "integer"},
    ],
    "rules": [{"id": "r1", "expr": "a >= 0", "message": "a không âm"}],
}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _form_file(directory: Path, **changes: object) -> Path:
    data = json.loads(json.dumps(FORM))
    data.update(changes)
    path = directory / "gh-01.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _with_rule(directory: Path, expr: str) -> Path:
    return _form_file(directory, rules=[{"id": "r1", "expr": expr, "message": "thử"}])


# --- numbers ---------------------------------------------------------------------------------------
NUMBER_TEXTS = st.one_of(
    st.from_regex(r"-?[0-9]{1,40}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,20},[0-9]{1,25}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{3}){1,9}(,[0-9]{1,15})?", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{1,20})?[eE][+-]?[0-9]{1,4}", fullmatch=True),
    st.sampled_from(["inf", "-inf", "Infinity", "nan", "NaN", "1e999", "-1E+308", "1.7976931348623157e308"]),
)


@SETTINGS
@given(text=NUMBER_TEXTS, cell_type=st.sampled_from(["integer", "decimal", "percent"]))
def test_an_accepted_figure_can_always_be_shown_rounded_and_summed(text: str, cell_type: str) -> None:
    parsed = parse_value(text, cell_type)
    if parsed.kind != "number":
        assert parsed.problem  # refused with a reason, kept as typed
        return
    value = parsed.number
    assert value is not None and limits.number_problem(value) is None
    format_number(value, parsed.decimals)
    format_number(value * 100, 2)  # a share of it, shown at the written precision
    sum([value] * 1000, Decimal(0)).quantize(Decimal("0.01"))


@SETTINGS
@given(text=NUMBER_TEXTS)
def test_a_values_file_past_the_number_limits_is_refused_by_validate(tmp_path: Path, capsys, text: str) -> None:
    values = tmp_path / "values.csv"
    values.write_text(f"unit,period,indicator,column,value\nX1,2024Q2,a,th,\"{text}\"\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "validate", "--form", _form_file(tmp_path), "--values", values)
    parsed = parse_value(text, "decimal")
    if parsed.kind == "number":
        assert code in (0, 1), err
    elif code == 2:
        refused_cleanly(code, err, "a/th")
    else:  # not a number at all ("1.2.3"): a parse error of the report, as before
        assert code == 1 and "Traceback" not in err


def test_a_29_digit_figure_is_refused_by_values_import_and_nothing_is_stored(world, capsys) -> None:
    before = sha256(world["db"])
    values = world["dir"] / "qua-lon.csv"
    values.write_text("unit,period,indicator,column,value\n"
                      "24-STTTT,2024Q3,bts,th,3.775\n"
                      "24-STTTT,2024Q3,bts_4g,th,12345678901234567890123456789\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "values", "import", "--form", "VT-01", "--values", values,
                              "--db", world["db"])
    refused_cleanly(code, err, "qua-lon.csv", "dòng 3", "vượt giới hạn")
    assert sha256(world["db"]) == before


def test_inf_nan_and_powers_are_refused_by_values_import(world, capsys) -> None:
    before = sha256(world["db"])
    for text in ("inf", "-Infinity", "NaN", "1e999", "1,5E+20"):
        values = world["dir"] / "la.csv"
        values.write_text(f"unit,period,indicator,column,value\n24-STTTT,2024Q3,bts,th,\"{text}\"\n",
                          encoding="utf-8")
        code, _out, err = run_cli(capsys, "values", "import", "--form", "VT-01", "--values", values,
                                  "--db", world["db"])
        refused_cleanly(code, err, "la.csv", "dòng 2")
    assert sha256(world["db"]) == before


def test_a_typed_figure_past_the_limits_is_flagged_in_the_cell_never_stored_as_a_number() -> None:
    for text in ("12345678901234567890123456789", "1.000.000.000.000.000", "0,000000000001"):
        parsed = parse_value(text, "decimal")
        assert parsed.kind == "error" and "vượt giới hạn" in (parsed.problem or "")


# --- workbooks ------------------------------------------------------------------------------------
def _with_figure(source: Path, target: Path, figure: bytes) -> Path:
    """The submission with D12 (a figure the reader reads) holding ``figure`` as Excel stores numbers."""
    from tests.adversarial.conftest import part

    sheet = part(source, "xl/worksheets/sheet1.xml")
    cell = sheet.index(b'<c r="D12"')
    end = sheet.index(b"</c>", cell) + 4
    sheet = sheet[:cell] + b'<c r="D12" s="13"><v>' + figure + b"</v></c>" + sheet[end:]
    return rewrite(source, target, {"xl/worksheets/sheet1.xml": sheet})


def test_huge_and_infinite_excel_figures_are_refused_and_the_batch_goes_on(world, capsys) -> None:
    before = sha256(world["db"])
    files = [_with_figure(world["submission"], world["dir"] / f"so-{n}.xlsx", figure)
             for n, figure in enumerate((b"1.7976931348623157e308", b"1e999", b"-inf", b"NaN",
                                         b"12345678901234567890123456789"))]
    good = world["dir"] / "tot.xlsx"
    good.write_bytes(world["submission"].read_bytes())
    code, out, err = run_cli(capsys, "import", *files, good, "--db", world["db"], "--dry-run")
    assert code == 2 and "Traceback" not in out + err
    for path in files:
        line = next(line for line in out.splitlines() if line.startswith(path.name))
        assert "bị từ chối" in line and "D12" in line, line
    assert "tot.xlsx: sẽ nhập" in out
    assert sha256(world["db"]) == before


# --- rule expressions -------------------------------------------------------------------------------
def test_crafted_rules_are_refused_by_forms_check(tmp_path: Path, capsys) -> None:
    cases = {
        "(" * 500 + "a" + ")" * 500: "",
        "(" * 150 + "a" + ")" * 150 + " >= 0": "lồng quá sâu",
        " + ".join(["a"] * 500) + " >= 0": "",
        " + ".join(["a"] * 150) + " >= 0": "lồng quá sâu",
        "round(a, 999999999) == b": "làm tròn",
        "round(a, -3) == b": "làm tròn",
        "a * 1000000000000000000000000000000 ~= b": "quá lớn",
        "-" * 300 + "a >= 0": "lồng quá sâu",
        "not " * 200 + "a": "lồng quá sâu",
        "a >= " + "1" * 5000: "quá dài",
    }
    for expr, words in cases.items():
        code, _out, err = run_cli(capsys, "forms", "check", _with_rule(tmp_path, expr))
        refused_cleanly(code, err, "gh-01.yaml", "r1", *([words] if words else []))


def _expressions(depth: int) -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(["a", "b", "c", "a.th"]), st.from_regex(r"[0-9]{1,30}(\.[0-9]{1,12})?",
                                                                               fullmatch=True))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(" ".join),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
            st.lists(inner, min_size=1, max_size=6).map(lambda xs: f"sum({', '.join(xs)})"),
            st.tuples(inner, st.integers(-5, 10**12)).map(lambda t: f"round({t[0]}, {t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"abs({t[0]}) * {t[1]}"),
        ),
        max_leaves=depth,
    )


@SETTINGS
@given(expr=_expressions(400), comparison=st.sampled_from(["~=", "==", ">=", "<"]),
       a=NUMBER_TEXTS, b=NUMBER_TEXTS)
def test_a_rule_that_passes_the_check_always_evaluates(expr: str, comparison: str, a: str, b: str) -> None:
    text = f"{expr} {comparison} b"
    problem = syntax_problem(text)
    if problem is not None:
        assert isinstance(problem[1], str) and problem[1]
        return
    data = json.loads(json.dumps(FORM))
    data["rules"] = [{"id": "r1", "expr": text, "message": "thử"}]
    form = build_form(data, "gh-01.yaml", syntax_problem)
    values = InMemoryValues()
    for indicator, raw in (("a", a), ("b", b), ("c", "7")):
        if parse_value(raw, "decimal").kind == "number":
            values.set(form.id, "X1", "2024Q2", indicator, "th", raw)
    report = Engine(form).validate("X1", "2024Q2", values)
    assert report is not None


def test_huge_factors_within_the_limits_evaluate_to_a_warning_not_a_crash() -> None:
    data = json.loads(json.dumps(FORM))
    data["rules"] = [{"id": "r1", "expr": "a * 999999999999999 * 999999999999999 ~= b", "message": "thử"},
                     {"id": "r2", "expr": "round(a * 999999999999999, 10) == b", "message": "thử"}]
    form = build_form(data, "gh-01.yaml", syntax_problem)
    values = InMemoryValues()
    values.set(form.id, "X1", "2024Q2", "a", "th", "999999999999999")
    values.set(form.id, "X1", "2024Q2", "b", "th", "0,0000000001")
    report = Engine(form).validate("X1", "2024Q2", values)
    assert {v.rule for v in report.violations} >= {"r1", "r2"}


def test_a_deep_tree_is_refused_by_the_parser_itself() -> None:
    for text in ("(" * 400 + "1" + ")" * 400, " + ".join(["a"] * 400)):
        try:
            parse(text)
        except ExpressionError as exc:
            assert "sâu" in exc.reason or "quá lớn" in exc.reason
        else:
            raise AssertionError("accepted")


# --- form definitions -----------------------------------------------------------------------------
def test_a_yaml_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path: Path, capsys) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    path = tmp_path / "bom.yaml"
    body = yaml.safe_dump({k: v for k, v in FORM.items() if k != "title"}, allow_unicode=True)
    path.write_text("\n".join(lines) + "\ntitle: *a9\n" + body, encoding="utf-8")
    code, _out, err = run_cli(capsys, "forms", "check", path)
    refused_cleanly(code, err, "bom.yaml", "tham chiếu YAML")


def test_few_aliases_that_expand_far_are_refused_by_the_size_of_the_definition(tmp_path: Path, capsys) -> None:
    lines = ["a0: &a0 [" + ", ".join(['"x"'] * 60) + "]"]
    for n in range(1, 4):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 30) + "]")
    path = tmp_path / "bom2.yaml"
    body = yaml.safe_dump({k: v for k, v in FORM.items() if k != "title"}, allow_unicode=True)
    path.write_text("\n".join(lines) + "\ntitle: *a3\n" + body, encoding="utf-8")
    code, _out, err = run_cli(capsys, "forms", "check", path)
    refused_cleanly(code, err, "bom2.yaml", "quá lớn")


def test_long_strings_many_items_and_deep_yaml_are_refused(tmp_path: Path, capsys) -> None:
    code, _out, err = run_cli(capsys, "forms", "check", _form_file(tmp_path, title="Báo cáo " * 1000))
    refused_cleanly(code, err, "title", "quá dài")
    many = [{"id": f"c{n}", "title": f"Cột {n}"} for n in range(limits.MAX_COLUMNS + 1)]
    code, _out, err = run_cli(capsys, "forms", "check", _form_file(tmp_path, columns=many))
    refused_cleanly(code, err, "columns", "quá nhiều")
    deep = tmp_path / "sau.yaml"
    deep.write_text("title: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "forms", "check", deep)
    refused_cleanly(code, err, "sau.yaml")
    code, _out, err = run_cli(capsys, "forms", "check", _form_file(tmp_path, indicators=[
        {"id": "a", "title": "a", "type": "decimal", "max": 10**30}]))
    refused_cleanly(code, err, "max", "quá lớn")
    for target in (">= 1e999", "<= NaN", ">= Infinity", ">= bậc 99999999999999999999", "> 0,000000000001"):
        code, _out, err = run_cli(capsys, "forms", "check", _form_file(tmp_path, indicators=[
            {"id": "a", "title": "a", "type": "decimal", "target": target}]))
        refused_cleanly(code, err, "target")


def _catalogue_definition(name: str) -> dict[str, object]:
    return yaml.safe_load((ROOT / "forms" / "catalogue" / name).read_text(encoding="utf-8"))


def test_stored_definitions_past_a_limit_are_refused_when_opened_and_the_others_still_work(
        world, monkeypatch, capsys, qapp) -> None:
    from forms.errors import BieumauError
    from operations.context import open_context
    from storage.database import open_database
    from storage.forms import stored_form
    from storage.schema import forms
    from validators.program import Program

    deep = _catalogue_definition("vt-01.yaml")
    deep = dict(deep, version=deep["version"] + 1,
                rules=[{"id": "sau", "expr": "(" * 300 + "bts" + ")" * 300 + " >= 0", "message": "x"}])
    long = _catalogue_definition("cqs-01.yaml")
    long = dict(long, version=long["version"] + 1, title="Báo cáo " * 1000)
    good = _catalogue_definition("bc-01.yaml")
    good = dict(good, version=good["version"] + 1, title="Bản mới nạp vào cơ sở dữ liệu")
    db = open_database(world["db"])
    try:
        with db.session() as session:
            for data in (deep, long, good):
                session.execute(forms.insert().values(
                    form_id=data["id"], version=data["version"], checksum="x" * 64,
                    definition=json.dumps(data, ensure_ascii=False), registered_at=sa.func.current_timestamp()))
        try:
            Program.of(stored_form(db, deep["id"], deep["version"]))
        except BieumauError as exc:
            assert "lồng quá sâu" in exc.message and "sau" in exc.message
        else:
            raise AssertionError("a stored rule past a limit was accepted")
        try:
            stored_form(db, long["id"], long["version"])
        except BieumauError as exc:
            assert "quá dài" in exc.message and len(exc.message) < 1000
        else:
            raise AssertionError("a stored title past a limit was accepted")
    finally:
        db.close()
    monkeypatch.setenv("BIEUMAU_HOME", str(world["dir"] / "home"))
    ctx = open_context(str(world["db"]), seed_demo=False)
    try:
        assert ctx.catalogue["VT-01"].version == deep["version"] - 1  # the bundled one stays in use
        assert ctx.catalogue["CQS-01"].version == long["version"] - 1
        assert ctx.catalogue[good["id"]].title == "Bản mới nạp vào cơ sở dữ liệu"
    finally:
        ctx.db.close()
    # and the window opens on that database, on the form whose stored definition was refused
    shot = world["dir"] / "man-hinh.png"
    code, _out, err = run_cli(capsys, "gui", "--db", world["db"], "--form", "VT-01", "--unit", "24-STTTT",
                              "--period", "2024Q2", "--screenshot", shot)
    assert code == 0 and shot.stat().st_size > 0, err


def test_a_figure_past_the_limits_typed_in_the_grid_never_stops_export_or_consolidation(world, capsys) -> None:
    from forms.definitions import resolve_form
    from storage.database import open_database
    from storage.values import write_value

    form = resolve_form("VT-01")
    db = open_database(world["db"])
    try:
        for unit, raw in (("213", "12345678901234567890123456789"), ("215", "1.000.000.000.000.000,5"),
                          ("24-STTTT", "99999999999999999999999")):
            stored = write_value(db, form, unit, "2024Q2", "bts_4g", "th", raw, user="lan")
            assert stored.raw == raw and stored.number is None  # kept as typed, flagged, never a number
    finally:
        db.close()
    out = world["dir"] / "xuat.xlsx"
    code, _o, err = run_cli(capsys, "export", "--form", "VT-01", "--unit", "24-STTTT", "--period", "2024Q2",
                            "--db", world["db"], "--out", out)
    assert code in (0, 1) and out.exists(), err
    code, _o, err = run_cli(capsys, "consolidate", "--form", "VT-01", "--unit", "24", "--period", "2024Q2",
                            "--db", world["db"], "--out", world["dir"] / "tong-hop.xlsx")
    assert code in (0, 1, 2) and "Traceback" not in err, err
    # one level up, the figure the clerk left flagged is refused with its cell named, before any work
    code, printed, err = run_cli(capsys, "import", out, "--db", world["db"], "--dry-run")
    assert code == 2 and "bị từ chối" in printed and "vượt giới hạn" in printed and "Traceback" not in err


def test_an_xlsx_definition_with_a_far_cell_is_refused_before_it_is_laid_out(tmp_path: Path, capsys) -> None:
    import zipfile

    source = tmp_path / "attt-01.xlsx"
    code, _out, err = run_cli(capsys, "forms", "to-xlsx", ROOT / "forms" / "catalogue" / "attt-01.yaml",
                              "--out", source)
    assert code == 0, err
    with zipfile.ZipFile(source) as archive:
        name = next(n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        sheet = archive.read(name)
    sheet = sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    hostile = rewrite(source, tmp_path / "xa.xlsx", {name: sheet})
    code, _out, err = run_cli(capsys, "forms", "check", hostile)
    refused_cleanly(code, err, "xa.xlsx", "1.048.576")


def test_a_text_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("forms.text_files.MAX_TEXT_FILE_BYTES", 1000)
    values = tmp_path / "lon.csv"
    values.write_text("unit,period,indicator,column,value\n" + "X1,2024Q2,a,th,1\n" * 100, encoding="utf-8")
    code, _out, err = run_cli(capsys, "validate", "--form", _form_file(tmp_path), "--values", values)
    refused_cleanly(code, err, "lon.csv", "quá lớn")


def test_a_figure_stored_before_the_limits_existed_never_stops_consolidation_or_export(world, capsys) -> None:
    from forms.definitions import resolve_form
    from storage.database import open_database
    from storage.schema import cell_values
    from storage.values import write_value

    form = resolve_form("VT-01")
    db = open_database(world["db"])
    try:
        write_value(db, form, "213", "2024Q2", "bts_4g", "th", "5", user="lan")
        with db.session() as session:  # as an older version stored it: the 29 digits as the number
            session.execute(sa.update(cell_values).where(cell_values.c.unit == "213",
                                                         cell_values.c.indicator == "bts_4g")
                            .values(raw="12345678901234567890123456789",
                                    number=Decimal("12345678901234567890123456789")))
    finally:
        db.close()
    for args in (["consolidate", "--form", "VT-01", "--unit", "24", "--period", "2024Q2", "--out",
                  world["dir"] / "tong-hop.xlsx"],
                 ["export", "--form", "VT-01", "--unit", "213", "--period", "2024Q2", "--out", world["dir"] / "x.xlsx"],
                 ["values", "export", "--form", "VT-01", "--unit", "213", "--period", "2024Q2", "--out",
                  world["dir"] / "x.csv"]):
        code, _out, err = run_cli(capsys, *args, "--db", world["db"])
        assert code in (0, 1) and "Traceback" not in err, (args[0], err)
