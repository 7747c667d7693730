"""Hostile workbooks made from a real submission exported by the app: each is refused by
``bieumau import`` with a Vietnamese reason, exit 2, no traceback, the database unchanged, and the
files after it in the batch are still read."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.conftest import ROOT, part, rewrite, run_cli, sha256
from workbooks import WorkbookError, read_workbook

SHEET = "xl/worksheets/sheet1.xml"  # VT-01, the figures
META = "xl/worksheets/sheet3.xml"  # _meta
TYPES = "[Content_Types].xml"
RELS = "xl/_rels/workbook.xml.rels"


def _import_batch(capsys, world, hostile: Path, *words: str) -> str:
    """Import ``hostile`` then the untouched submission in one batch (dry run, then for real)."""
    good = world["dir"] / "sau-do.xlsx"
    good.write_bytes(world["submission"].read_bytes())
    before = sha256(world["db"])
    for dry in (["--dry-run"], []):
        code, out, err = run_cli(capsys, "import", hostile, good, "--db", world["db"], *dry)
        assert code == 2 and "Traceback" not in out + err, out + err
        line = next(line for line in out.splitlines() if line.startswith(hostile.name))
        assert "bị từ chối" in line, line
        for word in words:
            assert word in line, line
        assert re.search(r"sau-do\.xlsx: (sẽ nhập|đã nhập)", out), out
    after = sha256(world["db"])
    assert after == before  # the good file changes nothing: it holds what is stored
    return line


def _with_cell(sheet: bytes, ref: bytes, cell: bytes) -> bytes:
    start = sheet.index(b'<c r="' + ref + b'"')
    end = sheet.index(b"</c>", start) + 4
    return sheet[:start] + cell + sheet[end:]


def test_a_cell_at_the_last_excel_address_is_refused_before_the_reader_lays_it_out(world, capsys) -> None:
    sheet = part(world["submission"], SHEET)
    sheet = sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    hostile = rewrite(world["submission"], world["dir"] / "xfd.xlsx", {SHEET: sheet})
    _import_batch(capsys, world, hostile, "1.048.576")


def test_a_cell_address_hidden_behind_character_references_is_refused(world, capsys) -> None:
    sheet = part(world["submission"], SHEET)
    sheet = sheet.replace(b"</sheetData>", b'<row r="40"><c r="&#88;FD40"><v>1</v></c></row></sheetData>')
    hostile = rewrite(world["submission"], world["dir"] / "ma-ky-tu.xlsx", {SHEET: sheet})
    _import_batch(capsys, world, hostile, "mã ký tự")


def test_a_far_dimension_alone_is_refused_and_the_process_survives(world) -> None:
    sheet = part(world["submission"], META)
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    hostile = rewrite(world["submission"], world["dir"] / "dim.xlsx", {META: sheet})
    good = world["dir"] / "sau-do.xlsx"
    good.write_bytes(world["submission"].read_bytes())
    # a separate process: the Rust allocation failure this guards against aborts the interpreter
    result = subprocess.run([sys.executable, "-m", "cli.main", "import", str(hostile), str(good), "--db",
                             str(world["db"]), "--dry-run"], capture_output=True, text=True, cwd=ROOT,
                            timeout=300)
    assert result.returncode == 2, result.stderr
    assert "dim.xlsx: bị từ chối" in result.stdout and "sau-do.xlsx: sẽ nhập" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("target, words", [
    (b"other/sheet1.xml", ("D12", "công thức")),
    (b"/xl/other/sheet1.xml", ("D12", "công thức")),
    (b"../xl/other/./sheet1.xml", ()),  # calamine does not find these two: refused all the same,
    (b"Other/Sheet1.XML", ()),  # never read unchecked
])
def test_a_formula_in_a_sheet_part_moved_to_another_name_is_found(world, capsys, target, words) -> None:
    sheet = _with_cell(part(world["submission"], SHEET), b"D12",
                       b'<c r="D12" s="13"><f>HYPERLINK("http://x.example/","2146")</f><v>2146</v></c>')
    types = part(world["submission"], TYPES).replace(b"/xl/worksheets/sheet1.xml", b"/xl/other/sheet1.xml")
    rels = part(world["submission"], RELS).replace(b'Target="worksheets/sheet1.xml"', b'Target="' + target + b'"')
    hostile = rewrite(world["submission"], world["dir"] / "doi-ten.xlsx", {SHEET: None, TYPES: types, RELS: rels},
                      {"xl/other/sheet1.xml": sheet})
    _import_batch(capsys, world, hostile, *words)


@pytest.mark.parametrize("name, change", [
    ("macro.xlsx", {"add": {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100}}),
    ("macro-type.xlsx", {"types": (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                   b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")}),
    ("vba-ten-khac.xlsx", {"add": {"xl/media/anh.png": b"\xd0\xcf\x11\xe0"},
                           "types_add": b'<Override PartName="/xl/media/anh.png" '
                                        b'ContentType="application/vnd.ms-office.vbaProject"/>'}),
    ("lien-ket.xlsx", {"add": {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
                       "types_add": b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>',
                       "rels_add": b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                                   b'2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'}),
    ("ngoai.xlsx", {"rels_add": b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/'
                                b'2006/relationships/externalLinkPath" Target="file:///C:/so.xlsx" '
                                b'TargetMode="External"/>'}),
])
def test_macros_and_external_links_are_refused_by_type_whatever_their_name(world, capsys, name, change) -> None:
    types = part(world["submission"], TYPES)
    rels = part(world["submission"], RELS)
    if "types" in change:
        types = types.replace(*change["types"])
    if "types_add" in change:
        types = types.replace(b"</Types>", change["types_add"] + b"</Types>")
    if "rels_add" in change:
        rels = rels.replace(b"</Relationships>", change["rels_add"] + b"</Relationships>")
    hostile = rewrite(world["submission"], world["dir"] / name, {TYPES: types, RELS: rels}, change.get("add"))
    line = _import_batch(capsys, world, hostile)
    assert "macro" in line or "liên kết" in line, line


def _shared(world, old: bytes, new: bytes, name: str) -> Path:
    strings = part(world["submission"], "xl/sharedStrings.xml")
    assert old in strings
    return rewrite(world["submission"], world["dir"] / name,
                   {"xl/sharedStrings.xml": strings.replace(old, new, 1)})


def test_turning_a_submission_into_a_template_breaks_the_checksum(world, capsys) -> None:
    hostile = _shared(world, b"<t>submission</t>", b"<t>template</t>", "thanh-mau.xlsx")
    _import_batch(capsys, world, hostile, "SHA-256")


def test_another_unit_or_period_in_meta_breaks_the_checksum(world, capsys) -> None:
    hostile = _shared(world, b"<t>2024Q2</t>", b"<t>2024Q3</t>", "ky-khac.xlsx")
    _import_batch(capsys, world, hostile, "SHA-256")


def test_notes_and_justifications_are_inside_the_checksum(world) -> None:
    from forms.definitions import resolve_form
    from workbooks import write_submission
    from workbooks.heading import sheet_context

    ctx = sheet_context(resolve_form("VT-01"), "24-STTTT", "2024Q2", None, app_version="0.0.0")
    made = write_submission(ctx, {("bts", "th"): "3775", ("bts_2g", "th"): "884"},
                            world["dir"] / "co-ghi-chu.xlsx", comments={("bts", "th"): "Số liệu ước tính"},
                            justifications={("bts_2g", "th"): "Đã xác minh với doanh nghiệp"})
    assert read_workbook(made).comments == {("bts", "th"): "Số liệu ước tính"}
    for old, new, name in (("Số liệu ước tính", "Số liệu chính thức", "ghi-chu.xlsx"),
                           ("Đã xác minh với doanh nghiệp", "Không cần giải trình", "giai-trinh.xlsx")):
        strings = part(made, "xl/sharedStrings.xml")
        assert old.encode() in strings, name
        hostile = rewrite(made, world["dir"] / name,
                          {"xl/sharedStrings.xml": strings.replace(old.encode(), new.encode())})
        with pytest.raises(WorkbookError) as refused:
            read_workbook(hostile)
        assert refused.value.code == "tampered" and name in refused.value.message


def test_an_excel_error_cell_is_refused_and_named(world, capsys) -> None:
    sheet = _with_cell(part(world["submission"], SHEET), b"D12", b'<c r="D12" s="13" t="e"><v>#DIV/0!</v></c>')
    hostile = rewrite(world["submission"], world["dir"] / "loi.xlsx", {SHEET: sheet})
    _import_batch(capsys, world, hostile, "D12", "#DIV/0!")


def test_duplicate_zip_entries_are_refused(world, capsys) -> None:
    hostile = world["dir"] / "trung.xlsx"
    with zipfile.ZipFile(world["submission"]) as old, zipfile.ZipFile(hostile, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
        with pytest.warns(UserWarning):
            new.writestr(SHEET, _with_cell(part(world["submission"], SHEET), b"D12",
                                           b'<c r="D12" s="13"><v>9999</v></c>'))
    _import_batch(capsys, world, hostile, "cùng tên")


MUTATIONS = st.lists(st.tuples(st.sampled_from([SHEET, META, TYPES, RELS, "xl/workbook.xml", "xl/sharedStrings.xml",
                                                "xl/styles.xml"]),
                               st.integers(0, 10**6), st.binary(min_size=0, max_size=12)), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=MUTATIONS)
def test_random_mutations_of_a_real_submission_are_read_or_refused_never_crash(pristine, tmp_path_factory,
                                                                                 mutations) -> None:
    source = pristine["submission"]
    parts: dict[str, bytes] = {}
    for name, at, data in mutations:
        body = parts.get(name, part(source, name))
        at %= max(len(body), 1)
        parts[name] = body[:at] + data + body[at + len(data):]
    hostile = rewrite(source, tmp_path_factory.mktemp("mutation") / "dot-bien.xlsx", parts)
    try:
        content = read_workbook(hostile)
    except WorkbookError as exc:
        assert "dot-bien.xlsx" in exc.message
    else:
        assert content.form_id  # whatever is read went through the same checks


FIGURES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: repr(x).encode()),
    st.from_regex(rb"-?[0-9]{1,40}(\.[0-9]{1,30})?([eE][+-]?[0-9]{1,4})?", fullmatch=True),
)


@settings(max_examples=60, deadline=None)
@given(figure=FIGURES)
def test_any_figure_excel_may_hold_is_read_within_the_limits_or_refused(pristine, tmp_path_factory, figure) -> None:
    from forms.limits import number_problem
    from forms.numbers import parse_value

    source = pristine["submission"]
    sheet = _with_cell(part(source, SHEET), b"D12", b'<c r="D12" s="13"><v>' + figure + b"</v></c>")
    hostile = rewrite(source, tmp_path_factory.mktemp("so") / "so.xlsx", {SHEET: sheet})
    try:
        content = read_workbook(hostile)
    except WorkbookError as exc:
        assert "so.xlsx" in exc.message
        return
    for raw in content.values.values():
        parsed = parse_value(raw, "decimal")
        assert parsed.kind != "number" or number_problem(parsed.number) is None
