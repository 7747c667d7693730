"""Translation the Qt way: the committed .ts holds exactly the texts marked in desktop/, all translated,
and the committed .qm files are what lrelease makes of them; English comes from the .qm, and Qt's own
texts (buttons, text-field menus, file dialogs) are Vietnamese under Vietnamese."""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QWidget

from desktop import i18n_build
from desktop.i18n import LANGUAGES, arg, install_language, tr, translations_dir
from operations.context import open_context

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def vietnamese(qapp):
    install_language(qapp, "vi")
    yield qapp
    install_language(qapp, "vi")


@pytest.fixture
def english(qapp):
    install_language(qapp, "en")
    yield qapp
    install_language(qapp, "vi")


def keys(ts: Path) -> set[tuple[str, str]]:
    return {(context, source) for context, source, _ in i18n_build.messages(ts)}


def test_the_committed_ts_holds_exactly_the_marked_texts_all_translated(tmp_path: Path) -> None:
    committed = translations_dir() / "bieumau_en.ts"
    fresh = tmp_path / "bieumau_en.ts"
    shutil.copy(committed, fresh)
    i18n_build.lupdate(fresh)
    assert keys(fresh) == keys(committed), "run ./dev.sh translations and commit resources/translations"
    unfinished = [source for _, source, translation in i18n_build.messages(committed) if translation is None]
    assert unfinished == [], "translate these in resources/translations/bieumau_en.ts"
    assert 'type="unfinished"' not in committed.read_text(encoding="utf-8")
    assert len(keys(committed)) > 100


@pytest.mark.parametrize("name", i18n_build.COMPILED)
def test_the_committed_qm_is_what_lrelease_makes_of_the_committed_ts(tmp_path: Path, name: str) -> None:
    qm = tmp_path / f"{name}.qm"
    i18n_build.lrelease(translations_dir() / f"{name}.ts", qm)
    assert qm.read_bytes() == (translations_dir() / f"{name}.qm").read_bytes()


def test_the_seed_keeps_the_old_vietnamese_english_pairs() -> None:
    seed = i18n_build.known_translations(i18n_build.SEED)
    assert len(seed) >= 355
    assert seed["Đóng"] == "Close"


def test_a_rerun_fills_a_new_text_from_earlier_translations_whatever_its_context(tmp_path: Path) -> None:
    ts = tmp_path / "x.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="en_GB">\n'
                  "<context><name>SomeWindow</name>\n"
                  '<message><source>Đóng</source><translation type="unfinished"></translation></message>\n'
                  '<message><source>Chưa ai dịch</source><translation type="unfinished"></translation></message>\n'
                  '<message><source>&amp;Đóng…</source><translation type="unfinished"></translation></message>\n'
                  "</context></TS>\n", encoding="utf-8")
    missing = i18n_build.fill(ts, i18n_build.known_translations(i18n_build.SEED))
    assert missing == ["Chưa ai dịch", "&Đóng…"]
    assert ("SomeWindow", "Đóng", "Close") in i18n_build.messages(ts)
    # known only loosely: the English is there as a suggestion, left unfinished for a person to confirm
    assert 'type="unfinished">Close</translation>' in ts.read_text(encoding="utf-8")


def test_the_build_fails_loudly_without_lupdate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(i18n_build.BuildError, match="pyside6-lupdate"):
        i18n_build.lupdate(tmp_path / "x.ts")
    monkeypatch.setattr(i18n_build, "build", lambda: i18n_build.lupdate(tmp_path / "x.ts"))
    assert i18n_build.main() == 1


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


def test_the_app_never_imports_the_build_step() -> None:
    importers = [p for folder in ("desktop", "cli", "operations") for p in (ROOT / folder).rglob("*.py")
                 if "desktop.i18n_build" in imported_modules(p)]
    assert importers == []


def test_english_comes_from_the_compiled_file(english) -> None:
    assert tr("Đóng") == "Close"
    assert tr("Đang xử lý") == "Working"
    assert arg(tr("Không ghi được ảnh «%1»."), "a.png") == "Could not write the image «a.png»."
    assert tr("Một câu chưa dịch") == "Một câu chưa dịch"  # an unknown text falls back to Vietnamese


def test_vietnamese_is_the_source_text(vietnamese) -> None:
    assert tr("Đóng") == "Đóng"
    assert set(LANGUAGES) == {"vi", "en"}
    with pytest.raises(ValueError):
        install_language(vietnamese, "fr")


def message_box() -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Đồng ý?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Close)
    box.setDetailedText("chi tiết")
    return box


def shown(text: str) -> str:
    """A button's or action's text as read: no accelerator mark, no shortcut."""
    return text.replace("&", "").split("\t")[0]


def test_qt_buttons_speak_vietnamese(vietnamese) -> None:
    box = message_box()
    B = QMessageBox.StandardButton
    assert [shown(box.button(b).text()) for b in (B.Yes, B.No, B.Cancel, B.Close)] == ["Có", "Không", "Hủy", "Đóng"]
    details = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole)
    assert details.text() == "Xem chi tiết…"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Discard
                               | QDialogButtonBox.StandardButton.Cancel)
    assert shown(buttons.button(QDialogButtonBox.StandardButton.Cancel).text()) == "Hủy"
    assert shown(buttons.button(QDialogButtonBox.StandardButton.Save).text()) == "Lưu"


def test_qt_buttons_follow_a_switch_to_english(english) -> None:
    box = message_box()
    assert shown(box.button(QMessageBox.StandardButton.Yes).text()) == "Yes"
    assert shown(box.button(QMessageBox.StandardButton.Cancel).text()) == "Cancel"


def test_the_text_field_menu_speaks_vietnamese(vietnamese) -> None:
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    texts = {shown(a.text()) for a in menu.actions() if not a.isSeparator()}
    assert {"Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"} <= texts


def test_qts_own_file_dialog_speaks_vietnamese(vietnamese) -> None:
    dialog = QFileDialog(None, "Chọn tệp")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels
    assert dialog.findChild(QWidget, "backButton").toolTip() == "Lùi"
    assert "Mọi tệp (*)" in dialog.nameFilters()


def test_the_language_comes_from_the_settings_unless_given(vietnamese, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.application import apply_language

    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    ctx = open_context(str(tmp_path / "db.sqlite3"))
    try:
        ctx.settings.set("lang", "en")
        apply_language(vietnamese, ctx)
        assert ctx.lang == "en" and tr("Đóng") == "Close"
        apply_language(vietnamese, ctx, "vi")
        assert ctx.lang == "vi" and tr("Đóng") == "Đóng"
    finally:
        ctx.db.close()


def test_the_level_names_marked_for_lupdate_are_the_domain_s_own() -> None:
    from desktop.i18n import LEVEL_MARKS
    from forms.units import LEVEL_NAMES_VI

    assert set(LEVEL_MARKS) == set(LEVEL_NAMES_VI.values())


def test_a_core_refusal_shows_in_the_interface_language(qapp) -> None:
    from desktop.i18n import install_language, refusal_text
    from forms.periods import PeriodError, parse_period

    try:
        parse_period("quý 5")
    except PeriodError as exc:
        refused = exc
    try:
        install_language(qapp, "en")
        english = refusal_text(refused)
        install_language(qapp, "vi")
        vietnamese = refusal_text(refused)
    finally:
        install_language(qapp, "vi")
    assert vietnamese == refused.message and english == refused.text("en") and english != vietnamese
