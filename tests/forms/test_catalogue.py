"""The bundled catalogue: the forms of the brief and the ones the inventory needs load, and together
they carry every indicator of the inventory (indicators.csv) under its code."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from forms.definitions import CATALOGUE_DIR, catalogue_files, load_catalogue
from forms.inventory import INVENTORY_FILE, coverage, load_inventory, unknown_codes
from validators.expressions import syntax_problem

BRIEF_FORMS = {"BC-01", "VT-01", "CQS-01", "KTS-01", "XHS-01", "TTCS-01", "ATTT-01", "TTR-01", "KQCT-01", "TDNV-01"}
# shared/ lies beside the checkout, on a developer's machine and in CI
SHARED_INVENTORY = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "indicators.csv"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(check_expression=syntax_problem)


@pytest.fixture(scope="module")
def inventory():
    return load_inventory()


def test_the_forms_of_the_brief_and_the_added_ones_are_bundled(catalogue) -> None:
    assert BRIEF_FORMS <= set(catalogue)
    assert {"BCXB-01", "CDS-01", "DB-01"} <= set(catalogue)
    assert all(p.suffix == ".yaml" for p in catalogue_files())


def test_the_bundled_inventory_is_the_shared_one_when_it_is_there() -> None:
    if SHARED_INVENTORY.exists():
        assert INVENTORY_FILE.read_bytes() == SHARED_INVENTORY.read_bytes()
    with INVENTORY_FILE.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(load_inventory())


def test_every_inventory_code_is_in_some_form(catalogue, inventory) -> None:
    carried = {ind.code for form in catalogue.values() for ind in form.indicators if ind.code}
    assert sorted(set(inventory) - carried) == []
    assert coverage(catalogue) == (len(inventory), len(inventory))


def test_every_form_code_is_in_the_inventory_and_unique_within_its_form(catalogue) -> None:
    for form in catalogue.values():
        assert unknown_codes(form) == [], form.id
        codes = [ind.code for ind in form.indicators if ind.code]
        assert len(codes) == len(set(codes)), form.id


def test_rows_carry_the_kind_of_their_inventory_indicator(catalogue, inventory) -> None:
    for form in catalogue.values():
        for ind in form.indicators:
            if ind.code:
                assert ind.kind == inventory[ind.code].kind, (form.id, ind.id)


def test_every_share_has_its_numerator_and_denominator(catalogue) -> None:
    for form in catalogue.values():
        for ind in form.indicators:
            if ind.kind == "share":
                assert ind.aggregate == "ratio", (form.id, ind.id)
                assert ind.numerator in form.indicator_map and ind.denominator in form.indicator_map, (form.id, ind.id)


def test_inventory_numerators_and_denominators_are_the_ones_used(catalogue, inventory) -> None:
    for form in catalogue.values():
        for ind in form.indicators:
            item = inventory.get(ind.code or "")
            if item is None or item.kind != "share":
                continue
            for side, code in (("numerator", item.numerator), ("denominator", item.denominator)):
                if code:
                    assert form.indicator(getattr(ind, side)).code == code, (form.id, ind.id, side)


def test_breakdowns_become_parents_so_sums_are_generated(catalogue, inventory) -> None:
    for form in catalogue.values():
        for ind in form.indicators:
            item = inventory.get(ind.code or "")
            if item is None or not item.parts:
                continue
            for group in item.parts.split("|"):
                label, _, expr = group.partition(":")
                if "children(" in expr:
                    continue
                for part in (c.strip() for c in expr.split("+")):
                    kid = form.code_map.get(part)
                    assert kid is not None and kid.parent == ind.id, (form.id, ind.id, part)
                if label.strip() != "trong đó":
                    assert ind.complete, (form.id, ind.id)


def test_cumulative_flows_of_the_inventory_are_cumulative_rows(catalogue, inventory) -> None:
    for form in catalogue.values():
        for ind in form.indicators:
            item = inventory.get(ind.code or "")
            if item is not None and item.kind in ("count", "amount"):
                assert ind.cumulative == item.cumulative, (form.id, ind.id)


def test_each_form_accepts_the_period_types_of_its_indicators(catalogue, inventory) -> None:
    for form in catalogue.values():
        assert form.period == form.period_kinds[0]
        for ind in form.indicators:
            item = inventory.get(ind.code or "")
            if item is not None:
                kinds = [k for k in item.period_types if k != "cumulative"]
                assert all(form.accepts(k) for k in kinds), (form.id, ind.id, kinds)


def test_bts_total_is_the_sum_of_its_generations(catalogue) -> None:
    vt = catalogue["VT-01"]
    assert [i.id for i in vt.children_of["bts"]] == ["bts_2g", "bts_3g", "bts_4g", "bts_5g"]
    assert vt.indicator("bts").complete and vt.find_indicator("vt.tram_bts") is vt.indicator("bts")


def test_every_share_is_recomputed_never_summed(catalogue) -> None:
    for form in catalogue.values():
        for ind in form.indicators:
            if ind.type == "percent":
                assert ind.aggregate != "sum", (form.id, ind.id)


def test_forms_check_passes_on_the_catalogue_and_names_an_unknown_code(tmp_path, capsys) -> None:
    from cli.main import main

    assert main(["forms", "check", *map(str, catalogue_files())]) == 0
    bad = tmp_path / "vt-01.yaml"
    text = (CATALOGUE_DIR / "vt-01.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("code: vt.tram_bts,", "code: vt.tram_bts_moi,", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["forms", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "vt.tram_bts_moi" in err and "danh mục chỉ tiêu" in err


def test_a_code_twice_in_one_form_is_refused(tmp_path) -> None:
    from forms.definitions import load_form
    from forms.errors import DefinitionError

    bad = tmp_path / "vt-01.yaml"
    text = (CATALOGUE_DIR / "vt-01.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("code: vt.tram_bts.3g,", "code: vt.tram_bts.2g,", 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_form(bad)
    assert "vt.tram_bts.2g" in str(caught.value)


def test_a_cached_catalogue_gives_the_same_forms_and_notices_an_edit(tmp_path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    cache = tmp_path / "cache"
    first = load_catalogue(folder, cache_dir=cache)
    assert any(cache.iterdir())
    again = load_catalogue(folder, cache_dir=cache)
    assert again == first and again["VT-01"].checksum == first["VT-01"].checksum
    vt = folder / "vt-01.yaml"
    version = first["VT-01"].version
    vt.write_text(vt.read_text(encoding="utf-8").replace(f"version: {version}", f"version: {version + 1}", 1),
                  encoding="utf-8")
    assert load_catalogue(folder, cache_dir=cache)["VT-01"].version == version + 1


def test_an_excel_authored_form_keeps_periods_codes_and_kinds(tmp_path, catalogue) -> None:
    from cli.main import main
    from forms.definitions import load_form

    out = tmp_path / "vt-01.xlsx"
    assert main(["forms", "to-xlsx", str(CATALOGUE_DIR / "vt-01.yaml"), "--out", str(out)]) == 0
    again = load_form(out, syntax_problem)
    assert again.period_kinds == catalogue["VT-01"].period_kinds
    assert [(i.id, i.code, i.kind) for i in again.indicators] == [
        (i.id, i.code, i.kind) for i in catalogue["VT-01"].indicators]
