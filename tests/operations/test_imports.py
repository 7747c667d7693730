"""``operations.imports`` without Qt: workbooks in (each file all or nothing, a batch all or nothing
unless ``each``), a submission out, VALUES.csv in — each returning what it touched as OpChanges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from operations.changes import DocumentKey
from operations.imports import export_submission, import_values_file, import_workbooks
from storage.status import get_status
from tests.workbooks.test_consolidation import H1_Q2, H2_Q2, put
from tests.workbooks.test_consolidation import db as db  # the fixture, re-exported
from tests.workbooks.test_consolidation import form as form  # the fixture, re-exported
from tests.workbooks.test_merge import EARLY, stored, submission
from workbooks.merge import newest_wins


def _junk(tmp_path: Path) -> Path:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a workbook")
    return path


def test_each_file_that_passes_is_stored_and_the_changes_name_its_sheet(db, form, tmp_path):
    files = [submission(form, "H1", H1_Q2, tmp_path / "h1.xlsx"), _junk(tmp_path)]
    outcome = import_workbooks(db, files, user="tinh", catalogue={form.id: form})
    assert [r.ok for r in outcome.results] == [True, False] and outcome.stored
    assert stored(db, form, "H1") == H1_Q2
    sheet = DocumentKey(form.id, "H1", "2024Q2")
    # a submission arriving is that unit's submission received: its status changed too
    assert outcome.changes.values == {sheet} and outcome.changes.statuses == {sheet}
    assert get_status(db, form.id, "H1", "2024Q2").status == "da_nop"


def test_a_batch_with_one_refused_file_stores_nothing_unless_each(db, form, tmp_path):
    files = [submission(form, "H1", H1_Q2, tmp_path / "h1.xlsx"), _junk(tmp_path)]
    outcome = import_workbooks(db, files, user="tinh", catalogue={form.id: form}, each=False)
    assert outcome.batch_refused and not outcome.stored and not outcome.changes
    assert [r.file.name for r in outcome.refused] == ["hong.xlsx"]
    assert stored(db, form, "H1") == {}


def test_a_batch_that_passes_is_stored_whole(db, form, tmp_path):
    files = [submission(form, "H1", H1_Q2, tmp_path / "h1.xlsx"), submission(form, "H2", H2_Q2, tmp_path / "h2.xlsx")]
    outcome = import_workbooks(db, files, user="tinh", catalogue={form.id: form}, each=False)
    assert not outcome.batch_refused and all(r.ok and not r.dry_run for r in outcome.results)
    assert stored(db, form, "H1") == H1_Q2 and stored(db, form, "H2") == H2_Q2
    assert {k.unit for k in outcome.changes.values} == {"H1", "H2"}


def test_a_dry_run_reports_what_would_be_stored_and_writes_nothing(db, form, tmp_path):
    outcome = import_workbooks(db, [submission(form, "H1", H1_Q2, tmp_path / "h1.xlsx")], user="tinh",
                               catalogue={form.id: form}, dry_run=True)
    [result] = outcome.results
    assert result.ok and result.dry_run and result.new == len(H1_Q2)
    assert not outcome.changes and not outcome.stored
    assert stored(db, form, "H1") == {}


def test_an_older_file_never_goes_over_newer_figures_even_when_the_newest_wins(db, form, tmp_path):
    put(db, form, "H1", "2024Q2", {**H1_Q2, ("diem_cau", "th"): "152"})
    old = submission(form, "H1", H1_Q2, tmp_path / "h1-cu.xlsx", EARLY)
    outcome = import_workbooks(db, [old], user="tinh", catalogue={form.id: form}, confirm_conflict=newest_wins)
    [result] = outcome.results
    assert not result.ok and "mới hơn" in result.refused
    assert not outcome.changes and stored(db, form, "H1")[("diem_cau", "th")] == "152"


def test_versions_of_one_sheet_not_confirmed_come_back_as_conflicts(db, form, tmp_path):
    old = submission(form, "H1", H1_Q2, tmp_path / "h1-cu.xlsx", EARLY)
    new = submission(form, "H1", {**H1_Q2, ("diem_cau", "th"): "151"}, tmp_path / "h1-moi.xlsx",
                     EARLY + timedelta(days=1))
    outcome = import_workbooks(db, [new, old], user="tinh", catalogue={form.id: form})
    [conflict] = outcome.conflicts
    assert conflict.newest.path == new and not outcome.changes
    again = import_workbooks(db, [new, old], user="tinh", catalogue={form.id: form}, confirm_conflict=newest_wins)
    assert not again.conflicts and stored(db, form, "H1")[("diem_cau", "th")] == "151"


def test_each_file_is_read_once_and_the_unit_tree_and_engine_are_built_once_per_batch(db, form, tmp_path,
                                                                                       monkeypatch):
    import storage.units
    import validators.engine
    import workbooks.submission_import as submission_import

    files = [submission(form, unit, cells, tmp_path / f"{unit}.xlsx")
             for unit, cells in (("H1", H1_Q2), ("H2", H2_Q2), ("H3", {("diem_cau", "th"): "5"}))]
    counts = {"read": 0, "tree": 0, "engine": 0}
    read, tree, engine = submission_import.read_workbook, storage.units.load_unit_tree, validators.engine.Engine

    def counting_read(path):
        counts["read"] += 1
        return read(path)

    def counting_tree(database):
        counts["tree"] += 1
        return tree(database)

    class CountingEngine(engine):
        def __init__(self, *args, **kwargs) -> None:
            counts["engine"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(submission_import, "read_workbook", counting_read)
    monkeypatch.setattr(storage.units, "load_unit_tree", counting_tree)
    monkeypatch.setattr(validators.engine, "Engine", CountingEngine)
    # all or nothing: a check pass over the whole batch, then the import pass — still one read per file
    outcome = import_workbooks(db, files, user="tinh", catalogue={form.id: form}, each=False)
    assert all(r.ok for r in outcome.results)
    assert counts == {"read": 3, "tree": 1, "engine": 1}


def test_the_export_records_the_submission_and_says_so(db, form, tmp_path):
    put(db, form, "H1", "2024Q2", H1_Q2)
    outcome = export_submission(db, form, "H1", "2024Q2", tmp_path / "h1.xlsx")
    assert outcome.result.values == len(H1_Q2) and (tmp_path / "h1.xlsx").exists()
    assert outcome.changes.statuses == {DocumentKey(form.id, "H1", "2024Q2")} and not outcome.changes.values
    assert get_status(db, form.id, "H1", "2024Q2").submitted_file == "h1.xlsx"


def test_an_empty_sheet_exported_to_look_at_is_not_a_submission(db, form, tmp_path):
    outcome = export_submission(db, form, "H3", "2024Q2", tmp_path / "h3.xlsx")
    assert outcome.result.values == 0 and not outcome.changes


def test_a_values_file_is_stored_whole_and_each_sheet_checked_as_stored(db, form, tmp_path):
    csv = tmp_path / "values.csv"
    csv.write_text("unit,period,indicator,column,value\n"
                   "H1,2024Q2,hs_giai_quyet,th,10\n"
                   "H1,2024Q2,hs_dung_han,th,12\n"
                   "H2,2024Q2,diem_cau,th,7\n", encoding="utf-8")
    outcome = import_values_file(db, form, csv, user="tinh")
    assert stored(db, form, "H1") == {("hs_giai_quyet", "th"): "10", ("hs_dung_han", "th"): "12"}
    assert outcome.changes.values == {DocumentKey(form.id, "H1", "2024Q2"), DocumentKey(form.id, "H2", "2024Q2")}
    assert [(unit, period) for unit, period, _ in outcome.checks] == [("H1", "2024Q2"), ("H2", "2024Q2")]
    assert outcome.errors >= 1  # 12 on time out of 10 solved breaks an error rule; the values stay stored


def test_a_values_file_with_a_bad_header_stores_nothing(db, form, tmp_path):
    from forms.errors import BieumauError

    csv = tmp_path / "values.csv"
    csv.write_text("unit,period,indicator,value\nH1,2024Q2,diem_cau,7\n", encoding="utf-8")
    with pytest.raises(BieumauError):
        import_values_file(db, form, csv, user="tinh")
    assert stored(db, form, "H1") == {}


def test_a_sheet_sent_in_the_future_still_counts_as_now(db, form, tmp_path):
    # the receipt's time is the sender's export time, never later than now (a clock set ahead)
    path = submission(form, "H2", H2_Q2, tmp_path / "h2.xlsx", datetime.now(UTC) + timedelta(days=2))
    outcome = import_workbooks(db, [path], user="tinh", catalogue={form.id: form})
    assert outcome.changes.statuses == {DocumentKey(form.id, "H2", "2024Q2")}
    received = get_status(db, form.id, "H2", "2024Q2").submitted_at
    assert received is not None and received <= datetime.now(UTC)


def test_a_blank_template_names_the_unit_and_refuses_one_not_in_the_list(form, tmp_path):
    from forms.errors import BieumauError
    from forms.units import UnitTree
    from operations.imports import write_blank_template
    from tests.workbooks.test_consolidation import UNITS
    from workbooks.reading import read_workbook

    out = tmp_path / "mau.xlsx"
    ctx = write_blank_template(form, "H1", "Quý II/2024", UnitTree(UNITS), out)
    assert ctx.unit_name == "Huyện Hiệp Hòa"
    content = read_workbook(out)
    assert content.kind == "template" and (content.unit_code, content.period_code) == ("H1", "2024Q2")
    with pytest.raises(BieumauError) as refused:
        write_blank_template(form, "KHONG-CO", "2024Q2", UnitTree(UNITS), tmp_path / "khac.xlsx")
    assert refused.value.code == "unknown_unit" and not (tmp_path / "khac.xlsx").exists()
