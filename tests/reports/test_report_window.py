"""The narrative report window (real widgets, offscreen): open a report, list its findings, highlight the
quoted sentences; draft one for a unit and period and save it."""

from __future__ import annotations

from pathlib import Path

from desktop.report_window import ReportWindow
from reports.check import check_file

DATA = Path(__file__).resolve().parent / "data"


def test_the_window_lists_findings_highlights_quotes_and_saves_a_draft(qtbot, demo, tmp_path) -> None:
    window = ReportWindow(demo, unit="24-STTTT", period="2024S1")
    qtbot.addWidget(window)
    window.show()
    assert window.open_report(DATA / "bao-cao-6-thang-2024.docx")
    assert window.list.count() == len(window.findings) > 0
    assert window.list.item(0).text().startswith("✖ [chắc chắn]")
    shown = window.text.toPlainText()
    assert all(q in shown for f in window.findings for q in f.quotes)  # every quoted sentence can be highlighted
    assert len(window.highlighted_texts()) >= len(window.findings)
    target = next(i for i, f in enumerate(window.findings) if "188 Cổng thành phần" in f.quotes[0])
    window.list.setCurrentRow(target)
    assert "188 Cổng thành phần" in window.text.textCursor().block().text()

    window.tabs.setCurrentIndex(1)
    out = tmp_path / "du-thao.docx"
    assert window.save_draft(out) and out.exists()
    assert str(out) in window.draft_status.text()
    assert check_file(out)[1] == []
    window.period_edit.setText("2030")
    assert not window.save_draft(tmp_path / "trong.docx")
    assert "chưa có số liệu" in window.draft_status.text()


def test_a_report_is_checked_against_the_stored_figures_of_the_chosen_unit_and_period(qtbot, demo, tmp_path) -> None:
    window = ReportWindow(demo, unit="24-STTTT", period="2024S1")
    qtbot.addWidget(window)
    out = tmp_path / "du-thao.docx"
    assert window.save_draft(out)
    window.compare_box.setChecked(True)
    assert window.open_report(out)
    assert window.findings == [] and window.file_label.text() == "du-thao.docx: 0 phát hiện"
