"""The bundled catalogue: the ten forms of the brief load, one of them authored in Excel."""

from __future__ import annotations

from forms.definitions import catalogue_files, load_catalogue

BRIEF_FORMS = {"BC-01", "VT-01", "CQS-01", "KTS-01", "XHS-01", "TTCS-01", "ATTT-01", "TTR-01", "KQCT-01", "TDNV-01"}


def test_the_ten_forms_of_the_brief_are_bundled() -> None:
    catalogue = load_catalogue()
    assert set(catalogue) == BRIEF_FORMS
    assert any(p.suffix == ".xlsx" for p in catalogue_files())
    assert catalogue["ATTT-01"].source.endswith(".xlsx")


def test_bts_total_is_the_sum_of_its_generations() -> None:
    vt = load_catalogue()["VT-01"]
    children = [i.id for i in vt.children_of["bts"]] if "bts" in vt.children_of else []
    assert len(children) == 4
    assert vt.indicator("bts").complete


def test_every_share_is_recomputed_never_summed() -> None:
    for form in load_catalogue().values():
        for ind in form.indicators:
            if ind.type == "percent":
                assert ind.aggregate != "sum", (form.id, ind.id)


def test_a_cached_catalogue_gives_the_same_forms_and_notices_an_edit(tmp_path) -> None:
    import shutil

    from forms.definitions import CATALOGUE_DIR

    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    cache = tmp_path / "cache"
    first = load_catalogue(folder, cache_dir=cache)
    assert any(cache.iterdir())
    again = load_catalogue(folder, cache_dir=cache)
    assert again == first and again["VT-01"].checksum == first["VT-01"].checksum
    vt = folder / "vt-01.yaml"
    vt.write_text(vt.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1), encoding="utf-8")
    assert load_catalogue(folder, cache_dir=cache)["VT-01"].version == 2
