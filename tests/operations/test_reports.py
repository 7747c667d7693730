"""The narrative report operations without a window: a draft for the demo Sở comes out clean when checked,
a written report's findings come back most certain first, and half a comparison place is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.errors import BieumauError
from operations.reports import check_report, draft_report

DATA = Path(__file__).resolve().parents[1] / "reports" / "data"
UNIT = "24-STTTT"



def test_a_draft_checked_against_the_database_has_no_finding(demo, tmp_path: Path) -> None:
    draft = draft_report(demo.db, UNIT, " 2024S1 ", tmp_path / "du-thao.docx")
    assert draft.path.exists()
    checked = check_report(draft.path, demo.db, UNIT, "2024S1")
    assert checked.findings == [] and not checked.has_certain
    assert checked.summary().startswith("0 phát hiện")


def test_a_written_report_lists_its_findings(tmp_path: Path) -> None:
    checked = check_report(DATA / "bao-cao-quy-2-2024-tu-pdf.txt")
    assert checked.findings and checked.has_certain
    assert checked.as_json()["summary"]["total"] == len(checked.findings)
    assert checked.summary().startswith(f"{len(checked.findings)} phát hiện: ")
    assert sum(checked.counts().values()) == len(checked.findings)


def test_refusals_name_what_is_wrong(demo, tmp_path: Path) -> None:
    with pytest.raises(BieumauError, match=r"phải có đuôi \.docx"):
        draft_report(demo.db, UNIT, "2024S1", tmp_path / "du-thao.pdf")
    with pytest.raises(BieumauError, match="chưa có số liệu"):
        draft_report(demo.db, UNIT, "2030", tmp_path / "trong.docx")
    with pytest.raises(BieumauError, match="cần cả --unit và --period"):
        check_report(DATA / "bao-cao-6-thang-2024.txt", demo.db, UNIT, None)
