"""A district approves its communes' forms (locked in the grid and in storage), returns them with a reason,
and unlocks them only with a reason that lands in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.approval import ApprovalWindow
from desktop.change_bus import change_bus
from desktop.main_window import MainWindow
from operations import review
from operations.changes import DocumentKey
from operations.context import open_context
from storage.audit import history
from storage.status import LockedError, get_status, set_status
from storage.values import write_value

FORM, COMMUNE, DISTRICT, PERIOD = "XHS-01", "M213-01", "213", "2024Q2"


# the operations the window calls, acting for «đơn vị của tôi» as the window does
ApprovalError = review.ReviewRefused


def approve(ctx, form_id: str, unit: str, period: str):
    return review.approve(ctx.db, DocumentKey(form_id, unit, period), reviewer=ctx.my_unit(), user=ctx.user)


def return_form(ctx, form_id: str, unit: str, period: str, reason: str):
    return review.return_form(ctx.db, DocumentKey(form_id, unit, period), reason, reviewer=ctx.my_unit(),
                              user=ctx.user)


def unlock(ctx, form_id: str, unit: str, period: str, reason: str):
    return review.unlock(ctx.db, DocumentKey(form_id, unit, period), reason, reviewer=ctx.my_unit(), user=ctx.user)


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"))
    set_status(context.db, FORM, COMMUNE, PERIOD, "da_nop", user="xa")
    set_status(context.db, FORM, "M213-02", PERIOD, "da_nop", user="xa")
    yield context
    context.db.close()


@pytest.fixture
def approval(qtbot, ctx):
    window = ApprovalWindow(ctx, reviewer=DISTRICT, form_id=FORM, period=PERIOD)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    return window


def status_of(ctx, unit: str = COMMUNE) -> str:
    return get_status(ctx.db, FORM, unit, PERIOD).status


def test_the_district_sees_its_communes_and_approves_one(qtbot, approval, ctx) -> None:
    listed = [r.unit.code for r in approval.model.rows]
    assert listed == ["M213-01", "M213-02", "M213-03"]
    # errors and warnings from a full validation, so nobody approves blind
    assert approval.model.data(approval.model.index(0, approval.model.ERRORS)).isdigit()
    assert approval.model.data(approval.model.index(2, approval.model.ERRORS)) == ""  # nothing entered
    approval.select_units([COMMUNE])
    assert approval.approve_button.isEnabled() and not approval.unlock_button.isEnabled()
    changed: list[tuple[int, int]] = []
    approval.model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    qtbot.mouseClick(approval.approve_button, Qt.MouseButton.LeftButton)
    assert status_of(ctx) == "da_duyet"
    assert status_of(ctx, "M213-02") == "da_nop"
    assert changed == [(0, 0)]  # only the approved row repaints
    assert "Đã duyệt" in approval.model.data(approval.model.index(0, 2))
    assert approval.unlock_button.isEnabled()


def test_an_approved_form_cannot_be_edited_in_the_grid(qtbot, ctx) -> None:
    approve(ctx, FORM, COMMUNE, PERIOD)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_place(COMMUNE, FORM, PERIOD)
    assert window.doc.locked
    index = window.model.index_of(("xa_co_to", "th"))
    assert index.isValid()
    assert not window.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    before = window.model.data(index)
    assert not window.model.setData(index, "999")
    assert window.model.data(index) == before
    assert window.banner.isVisible() and "đã được duyệt" in window.banner.text()


def test_an_approved_form_cannot_be_written_through_storage(ctx) -> None:
    approve(ctx, FORM, COMMUNE, PERIOD)
    with pytest.raises(LockedError):
        write_value(ctx.db, ctx.catalogue[FORM], COMMUNE, PERIOD, "xa_co_to", "th", "5", user="xa")


def test_a_form_not_yet_submitted_cannot_be_approved(ctx) -> None:
    with pytest.raises(ApprovalError, match="Chỉ duyệt được"):
        approve(ctx, FORM, "M213-03", PERIOD)
    assert status_of(ctx, "M213-03") == "chua_nhap"


def test_returning_a_form_needs_a_reason_and_reopens_it(qtbot, approval, ctx) -> None:
    with pytest.raises(ApprovalError):
        return_form(ctx, FORM, COMMUNE, PERIOD, "  ")
    approval.select_units([COMMUNE])
    approval.return_selected("Tỷ lệ xã có tổ công nghệ số chưa khớp tử số/mẫu số")
    status = get_status(ctx.db, FORM, COMMUNE, PERIOD)
    assert status.status == "dang_nhap" and "chưa khớp" in status.reason
    write_value(ctx.db, ctx.catalogue[FORM], COMMUNE, PERIOD, "xa_co_to", "th", "5", user="xa")


def test_unlocking_needs_a_reason_and_is_audited(qtbot, approval, ctx) -> None:
    approve(ctx, FORM, COMMUNE, PERIOD)
    with pytest.raises(ApprovalError):
        unlock(ctx, FORM, COMMUNE, PERIOD, "")
    assert status_of(ctx) == "da_duyet"
    approval.reload()
    approval.select_units([COMMUNE])
    approval.unlock_selected("Sở yêu cầu bổ sung số thôn")
    assert status_of(ctx) == "da_nop"
    entries = [e for e in history(ctx.db, FORM, COMMUNE, PERIOD) if e.kind == "status"]
    assert entries[0].old_raw == "da_duyet" and "Sở yêu cầu bổ sung số thôn" in entries[0].new_raw
    write_value(ctx.db, ctx.catalogue[FORM], COMMUNE, PERIOD, "xa_co_to", "th", "5", user="xa")


def test_the_reason_dialog_refuses_an_empty_reason(qtbot) -> None:
    from desktop.approval import ReasonDialog

    dialog = ReasonDialog("return")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Trả lại biểu mẫu" and dialog.ok.text() == "Đồng ý"
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.text, "   ")
    assert not dialog.ok.isEnabled()
    dialog.text.setPlainText("Thiếu số liệu thôn")
    assert dialog.ok.isEnabled() and dialog.reason() == "Thiếu số liệu thôn"


def test_approving_from_the_menu_locks_the_open_form_at_once(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_place(COMMUNE, FORM, PERIOD)
    assert not window.doc.locked
    action = next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                  if a.text() == "Duyệt và khóa số liệu…")
    action.trigger()
    approval = window.findChild(ApprovalWindow)
    assert approval is not None and approval.reviewer_box.currentData() == DISTRICT
    qtbot.waitUntil(lambda: not approval.loading, timeout=10_000)
    approval.select_units([COMMUNE])
    approval.approve_selected()
    assert window.doc.locked and window.banner.isVisible()
    approval.close()


def test_the_province_approves_its_districts_the_same_way(qtbot, ctx) -> None:
    set_status(ctx.db, FORM, DISTRICT, PERIOD, "da_nop", user="huyen")
    window = ApprovalWindow(ctx, reviewer="24", form_id=FORM, period=PERIOD)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    listed = [r.unit.code for r in window.model.rows]
    assert "24-STTTT" in listed and DISTRICT in listed and COMMUNE not in listed
    assert "M223-12" not in listed  # the merged commune starts on 1/7/2025, after this period
    window.select_units([DISTRICT])
    window.approve_selected()
    assert status_of(ctx, DISTRICT) == "da_duyet"


def test_my_unit_defaults_to_the_demo_province(ctx) -> None:
    assert ctx.my_unit() == "24"


def test_a_district_cannot_approve_itself_and_the_button_says_why(qtbot, ctx) -> None:
    ctx.set_my_unit(DISTRICT)
    set_status(ctx.db, FORM, DISTRICT, PERIOD, "da_nop", user="huyen")
    set_status(ctx.db, FORM, "215", PERIOD, "da_nop", user="huyen_ben")
    window = ApprovalWindow(ctx, reviewer="24", form_id=FORM, period=PERIOD)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    name = ctx.units[DISTRICT].name
    assert name in window.my_unit_label.text()

    window.select_units([DISTRICT])
    assert not window.approve_button.isEnabled() and not window.return_button.isEnabled()
    assert "không được tự duyệt" in window.approve_button.toolTip() and name in window.approve_button.toolTip()
    row = next(i for i, r in enumerate(window.model.rows) if r.unit.code == DISTRICT)
    assert "không được tự duyệt" in window.model.data(window.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)

    window.select_units(["215"])  # a neighbouring district
    assert not window.approve_button.isEnabled()
    assert "không phải cấp trên" in window.approve_button.toolTip()
    assert ctx.units["215"].name in window.approve_button.toolTip()

    # pressing on anyway (a script, a stale window) is refused below the window, naming both units
    with pytest.raises(ApprovalError, match="không được tự duyệt"):
        approve(ctx, FORM, DISTRICT, PERIOD)
    assert status_of(ctx, DISTRICT) == "da_nop"

    window.reviewer_box.setCurrentIndex(window.reviewer_box.findData(DISTRICT))
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    window.select_units([COMMUNE])
    assert window.approve_button.isEnabled() and window.approve_button.toolTip() == ""
    window.approve_selected()
    assert status_of(ctx) == "da_duyet"


def test_changing_my_unit_in_the_window_follows_at_once(qtbot, approval, ctx, monkeypatch) -> None:
    import desktop.my_unit

    approval.select_units([COMMUNE])
    assert approval.approve_button.isEnabled()
    monkeypatch.setattr(desktop.my_unit, "choose_my_unit", lambda c, parent=None: c.set_my_unit(COMMUNE) or COMMUNE)
    approval.change_my_unit()
    assert ctx.my_unit() == COMMUNE and ctx.settings.get("my_unit") == COMMUNE
    assert not approval.approve_button.isEnabled()
    assert ctx.units[COMMUNE].name in approval.my_unit_label.text()


def test_the_first_approval_asks_for_my_unit(qtbot, approval, ctx, monkeypatch) -> None:
    import desktop.my_unit

    ctx.settings.set("my_unit", None)
    asked: list[str] = []

    def choose(c, parent=None):
        asked.append("?")
        c.set_my_unit(DISTRICT)
        return DISTRICT

    monkeypatch.setattr(desktop.my_unit, "choose_my_unit", choose)
    approval.select_units([COMMUNE])
    assert approval.approve_button.isEnabled()  # nothing chosen yet: the click asks
    approval.approve_selected()
    assert asked == ["?"] and status_of(ctx) == "da_duyet"


def test_the_my_unit_dialog_saves_the_choice(qtbot, ctx) -> None:
    from desktop.my_unit import MyUnitDialog

    dialog = MyUnitDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == "24"
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findData(DISTRICT))
    dialog.accept()
    assert ctx.my_unit() == DISTRICT
    from operations.context import Settings

    assert Settings(ctx.settings.path).get("my_unit") == DISTRICT


def test_a_status_changed_elsewhere_reaches_the_window_on_the_bus_alone(qtbot, approval, ctx) -> None:
    # another window (or a script in this process) approves through the operation and publishes what it did
    done = approve(ctx, FORM, "M213-02", PERIOD)
    assert "Đã duyệt" not in approval.model.data(approval.model.index(1, 2))  # nobody told the window yet
    changed: list[tuple[int, int]] = []
    approval.model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    change_bus().publish(done.changes)
    assert "Đã duyệt" in approval.model.data(approval.model.index(1, 2))
    assert changed == [(1, 1)]  # only that row
    approval.select_units(["M213-02"])
    assert approval.unlock_button.isEnabled() and not approval.approve_button.isEnabled()


def test_the_window_publishes_what_it_changed(qtbot, approval, ctx) -> None:
    heard = []
    change_bus().changed.connect(heard.append)
    approval.select_units([COMMUNE, "M213-02"])
    approval.approve_selected()
    assert [c.statuses for c in heard] == [{DocumentKey(FORM, COMMUNE, PERIOD), DocumentKey(FORM, "M213-02", PERIOD)}]
    assert heard[0].origin is approval
    change_bus().changed.disconnect(heard.append)


def test_the_window_refuses_with_the_command_lines_sentence_and_changes_nothing(qtbot, approval, ctx,
                                                                                monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    ctx.set_my_unit("215")  # a neighbouring district: the buttons are off, a stale click still reaches the operation
    approval.select_units([COMMUNE])
    approval._take("approve", approval.selected_rows())
    with pytest.raises(review.ReviewRefused) as refused:
        review.approve(ctx.db, DocumentKey(FORM, COMMUNE, PERIOD), reviewer="215", user=ctx.user)
    assert shown == [refused.value.message] and shown[0].startswith("Không thay đổi gì, vì: ")
    assert status_of(ctx) == "da_nop"


def test_a_new_unit_list_on_the_bus_reloads_the_window_and_who_may_be_reviewed(qtbot, approval, ctx) -> None:
    from operations.changes import OpChanges

    approval.select_units([COMMUNE])
    assert approval.approve_button.isEnabled()
    ctx.set_my_unit(COMMUNE)
    change_bus().publish(OpChanges(units=True))
    qtbot.waitUntil(lambda: not approval.loading, timeout=10_000)
    assert ctx.units[COMMUNE].name in approval.my_unit_label.text()
    approval.select_units([COMMUNE])
    assert not approval.approve_button.isEnabled() and "không được tự duyệt" in approval.approve_button.toolTip()


def test_values_changed_elsewhere_are_checked_again_before_anyone_approves(qtbot, approval, ctx) -> None:
    from operations.changes import OpChanges

    def errors() -> str:
        return approval.model.data(approval.model.index(0, approval.model.ERRORS))

    before = int(errors())
    write_value(ctx.db, ctx.catalogue[FORM], COMMUNE, PERIOD, "thon_tong", "th", "ba mươi", user="xa")
    change_bus().publish(OpChanges.of_values([DocumentKey(FORM, COMMUNE, PERIOD)]))
    qtbot.waitUntil(lambda: errors().isdigit() and int(errors()) > before, timeout=10_000)


def test_the_refusals_marked_for_translation_are_the_ones_storage_and_the_operation_use() -> None:
    import storage.review
    from desktop.approval import REFUSAL_TEXTS

    for name, text in REFUSAL_TEXTS.items():
        assert text == getattr(storage.review, name, None) or text == getattr(review, name), name
