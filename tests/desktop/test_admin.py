"""Administration: a new unit list (the 2025 reform merging two communes) and a new form version are
shown change by change before anything is saved, and old data stays where it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator

from desktop.admin_dialogs import FormUpdateDialog, UnitImportDialog
from forms.units import read_units_csv
from operations.context import open_context
from storage.units import save_units
from tests.operations.admin_files import DEMO_UNITS, new_form_version, pre_reform_list


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"), seed_demo=False)
    save_units(context.db, read_units_csv(pre_reform_list(tmp_path / "before.csv")), user="admin")
    context.reload_units()
    yield context
    context.db.close()


def test_the_unit_reform_merge_is_shown_before_it_is_applied(qtbot, ctx) -> None:
    dialog = UnitImportDialog(ctx, path=DEMO_UNITS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert dialog.group_codes("merged") == ["M223-01", "M223-02"]
    assert dialog.group_codes("new") == ["M223-12"]
    assert len(dialog.group_codes("ended")) == 10  # the district level ends on 30/06/2025
    text = dialog.preview.describe("merged", "M223-01")
    assert "Xã mẫu 12 (sáp nhập, Hiệp Hòa)" in text and "01/07/2025" in text
    assert "2 sáp nhập" in dialog.summary.text() and "1 đơn vị mới" in dialog.summary.text()
    # nothing is saved by looking
    assert "M223-12" not in ctx.units
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã áp dụng" in dialog.summary.text(), timeout=10_000)
    assert ctx.units["M223-01"].merged_into == "M223-12"
    assert ctx.units.successor("M223-02", ctx.units["M223-12"].valid_from).code == "M223-12"
    assert not dialog.apply_button.isEnabled()


def test_the_official_code_list_export_is_accepted(qtbot, ctx, tmp_path: Path) -> None:
    official = tmp_path / "danh_muc.csv"
    official.write_text(
        "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n"
        "Tỉnh Bắc Giang,24,Huyện Hiệp Hòa,223,Xã Đoan Bái,07777,Xã\n",
        encoding="utf-8",
    )
    dialog = UnitImportDialog(ctx, path=official)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert dialog.group_codes("new") == ["07777"]


def test_a_broken_unit_list_is_refused_in_words(qtbot, ctx, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level\nX1,Xã lạ,thon\n", encoding="utf-8")
    dialog = UnitImportDialog(ctx, path=bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert "Không dùng được tệp" in dialog.summary.text() and "thon" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()


def test_a_new_form_version_shows_its_differences_and_keeps_the_old_one(qtbot, ctx, tmp_path: Path) -> None:
    from storage.forms import register_form, stored_versions
    from storage.values import read_values, write_value

    old = ctx.catalogue["TTR-01"]
    register_form(ctx.db, old)
    write_value(ctx.db, old, "24-STTTT", "2024S1", "cuoc_tt", "th", "12", user="so")
    dialog = FormUpdateDialog(ctx, path=new_form_version(ctx, tmp_path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert dialog.group_ids("indicators", "added") == ["kien_nghi"]
    assert dialog.group_ids("rules", "removed") == ["giai_quyet_le_don"]
    assert dialog.group_ids("indicators", "changed") == ["cuoc_tt"]
    assert f"phiên bản {old.version} → {old.version + 1}" in dialog.summary.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert ctx.catalogue["TTR-01"].version == old.version + 1
    assert stored_versions(ctx.db, "TTR-01") == [old.version, old.version + 1]
    assert read_values(ctx.db, "TTR-01", "24-STTTT", "2024S1")[("cuoc_tt", "th")].raw == "12"


def test_changed_content_under_the_same_version_is_refused(qtbot, ctx, tmp_path: Path) -> None:
    dialog = FormUpdateDialog(ctx, path=new_form_version(ctx, tmp_path, bump=0))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert "tăng số phiên bản" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()


def test_applying_publishes_what_changed_on_the_bus(qtbot, ctx, tmp_path: Path) -> None:
    from desktop.change_bus import change_bus

    heard = []
    change_bus().changed.connect(heard.append)
    dialog = UnitImportDialog(ctx, path=DEMO_UNITS)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    assert heard[-1].units
    form_dialog = FormUpdateDialog(ctx, path=new_form_version(ctx, tmp_path))
    qtbot.addWidget(form_dialog)
    qtbot.waitUntil(lambda: not form_dialog.loading, timeout=10_000)
    qtbot.mouseClick(form_dialog.apply_button, Qt.MouseButton.LeftButton)
    assert heard[-1].forms == {"TTR-01"}
    change_bus().changed.disconnect(heard.append)


class Marking(QTranslator):
    """A stand-in language: every marked text comes back wrapped, so an unmarked one stands out."""

    def isEmpty(self) -> bool:
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»" if context == "" else None


def test_the_dialogs_and_windows_say_their_texts_again_when_the_language_changes(qtbot, ctx, qapp) -> None:
    from desktop.charts import ChartsWindow
    from desktop.my_unit import MyUnitDialog
    from desktop.report_window import ReportWindow

    units = UnitImportDialog(ctx, path=DEMO_UNITS)
    windows = [units, FormUpdateDialog(ctx), MyUnitDialog(ctx), ReportWindow(ctx, unit="24-STTTT"),
               ChartsWindow(ctx, form_id="BC-01", unit="24", period="2024S1")]
    for window in windows:
        qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not any(getattr(w, "loading", False) for w in windows), timeout=30_000)
    before = [w.windowTitle() for w in windows]
    merged_head = units.tree.topLevelItem(0).text(0)
    translator = Marking()
    qapp.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: windows[0].windowTitle().startswith("«"), timeout=5_000)
        assert [w.windowTitle() for w in windows] == [f"«{t}»" for t in before]
        assert units.summary.text().startswith("«Nếu áp dụng: «%1 đơn vị mới".replace("%1", "1"))
        assert units.tree.topLevelItem(0).text(0).startswith("«Sáp nhập»")
        assert windows[3].save_button.text() == "«Lưu dự thảo…»"
    finally:
        qapp.removeTranslator(translator)
    qtbot.waitUntil(lambda: windows[0].windowTitle() == before[0], timeout=5_000)
    assert units.tree.topLevelItem(0).text(0) == merged_head


def test_the_charts_follow_values_changed_elsewhere_through_the_bus(qtbot, ctx) -> None:
    from decimal import Decimal

    from desktop.change_bus import change_bus
    from desktop.charts import ChartsWindow
    from forms.periods import parse_period
    from operations.changes import DocumentKey, OpChanges
    from storage.values import write_value

    form = ctx.catalogue["BC-01"]
    half = parse_period("2024S1")
    district = next(u for u in ctx.units.reporting_children("24", half.start, half.end) if u.level in form.levels)
    write_value(ctx.db, form, district.code, "2024S1", "ban_kinh_pv", "th", "3,5", user="huyen")
    charts = ChartsWindow(ctx, form_id="BC-01", unit="24", period="2024S1", indicator="ban_kinh_pv")
    qtbot.addWidget(charts)
    qtbot.waitUntil(lambda: not charts.loading and charts.chart.series is not None, timeout=10_000)
    assert dict(charts.chart.series.points)[district.name] == Decimal("3.5")
    write_value(ctx.db, form, district.code, "2024S1", "ban_kinh_pv", "th", "2", user="huyen")
    change_bus().publish(OpChanges.of_values([DocumentKey("XHS-01", district.code, "2024S1")]))
    assert not charts.loading  # another form's values: nothing to read again
    change_bus().publish(OpChanges.of_values([DocumentKey("BC-01", district.code, "2024S1")]))
    qtbot.waitUntil(lambda: dict(charts.chart.series.points)[district.name] == Decimal("2"), timeout=10_000)
