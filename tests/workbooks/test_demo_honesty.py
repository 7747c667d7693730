"""The demo province shows Bắc Giang's own figures or sample figures labelled as such, never another
province's real figures (Bắc Kạn 2023: 251 = 52 + 95 + 104 service points; 26 = 5 + 17 + 4 systems)."""

from __future__ import annotations

import csv
from pathlib import Path

from forms.definitions import load_catalogue
from operations.demo import DEMO_DIR, seed_demo_if_empty
from storage.comments import read_comments
from storage.database import open_database
from storage.values import read_values

BAC_KAN_2023 = {"BC-01": {"diem_pv": "251", "diem_buu_cuc": "52", "diem_vhx": "95", "diem_khac": "104"},
                "ATTT-01": {"httt_phe_duyet": "26", "httt_cap_1": "5", "httt_cap_2": "17", "httt_cap_3": "4"}}


def _rows(form_id: str) -> list[dict[str, str]]:
    with (DEMO_DIR / "values" / f"{form_id.lower()}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_bac_kans_figures_are_not_shown_as_bac_giangs() -> None:
    for form_id, figures in BAC_KAN_2023.items():
        by_sheet: dict[tuple[str, str], dict[str, str]] = {}
        for r in _rows(form_id):
            if r["column"] == "th" and r["indicator"] in figures:
                by_sheet.setdefault((r["unit"], r["period"]), {})[r["indicator"]] = r["value"]
        total = next(iter(figures))
        for sheet, found in by_sheet.items():
            assert found.get(total) != figures[total], (form_id, sheet)
            assert found != figures, (form_id, sheet)


def test_the_demo_readme_says_which_figures_are_samples_and_whose_figures_are_real() -> None:
    text = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert "dữ liệu mẫu" in text and "Bắc Kạn" in text and "số minh họa" in text


def test_the_sample_figures_carry_a_note_on_screen(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    db = open_database(tmp_path / "demo.sqlite3", user="demo", daily_backup=False)
    try:
        assert seed_demo_if_empty(db, catalogue, user="demo")
        notes = read_comments(db, "BC-01", "24-STTTT", "2024S1")
        assert "minh họa" in notes[("diem_pv", "th")]["note"]
        assert read_values(db, "BC-01", "24-STTTT", "2024S1")[("diem_pv", "th")].raw == "256"
        assert "minh họa" in read_comments(db, "ATTT-01", "24-STTTT", "2024S1")[("httt_phe_duyet", "th")]["note"]
    finally:
        db.close()
