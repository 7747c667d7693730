"""``bieumau selftest [--out DIR]``: headless checks that an installed copy (bundle or source) works.

Each step prints one Vietnamese line, ✓ or ✖; the exit status is 0 only when every step passed. Steps
work in a temporary folder and never touch the user's database.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from forms.errors import BieumauError

if TYPE_CHECKING:
    from forms.model import Form
    from storage.database import Database

SELFTEST_USER = "tu-kiem-tra"
SCREEN_SIZE = (1280, 800)


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("selftest", help="tự kiểm tra bản cài đặt (không cần màn hình)")
    parser.add_argument("--out", metavar="DIR", help="giữ các tệp tạo ra (cơ sở dữ liệu, sổ Excel, ảnh) trong DIR")
    parser.set_defaults(run=run)


class StepFailed(Exception):
    """A step that ran but found something wrong; the message is the Vietnamese reason."""


@dataclass
class SelfTest:
    """State shared by the steps: each later step uses what the earlier ones built."""

    folder: Path
    keep: bool = False
    catalogue: dict[str, Form] = field(default_factory=dict)
    db: Database | None = None
    second_db: Database | None = None
    groups: list[tuple[str, str, str, int]] = field(default_factory=list)  # form, unit, period, cells
    workbook: Path | None = None
    exported: tuple[str, str, str] | None = None

    def close(self) -> None:
        for db in (self.db, self.second_db):
            if db is not None:
                db.close()


def run(args: argparse.Namespace) -> int:
    if args.out:
        folder = Path(args.out)
        if not folder.parent.is_dir():  # the folder itself may be new; no chain of folders is made
            raise BieumauError(f"Thư mục «{folder.parent}» không tồn tại; hãy tạo trước hoặc chọn thư mục khác.",
                               "out")
        if folder.exists() and not folder.is_dir():
            raise BieumauError(f"«{folder}» là một tệp, không phải thư mục.", "out")
        folder.mkdir(exist_ok=True)
        return _run_in(folder, keep=True)
    with tempfile.TemporaryDirectory(prefix="bieumau-tu-kiem-tra-", ignore_cleanup_errors=True) as tmp:
        return _run_in(Path(tmp))


def _run_in(folder: Path, *, keep: bool = False) -> int:
    state = SelfTest(folder, keep)
    steps: list[tuple[str, Callable[[SelfTest], str]]] = [
        ("Phiên bản", _version),
        ("Thư mục dữ liệu người dùng", _data_folder),
        ("Định dạng số kiểu Việt Nam", _numbers),
        ("Nạp danh mục biểu mẫu", _catalogue),
        ("Tạo cơ sở dữ liệu mới", _database),
        ("Nạp dữ liệu mẫu", _demo),
        ("Kiểm tra số liệu", _validate),
        ("Xuất sổ Excel nộp lên", _export),
        ("Nhập lại sổ Excel vào cơ sở dữ liệu mới", _reimport),
        ("Hiển thị cửa sổ chính", _window),
    ]
    failed = 0
    blocked = False
    try:
        for label, step in steps:
            if blocked and step is not _window and step not in _INDEPENDENT:
                _say(f"✖ {label}: bỏ qua vì bước trước không đạt")
                failed += 1
                continue
            try:
                detail = step(state)
            except Exception as exc:
                failed += 1
                blocked = blocked or step not in _INDEPENDENT
                _say(f"✖ {label}: {_reason(exc)}")
            else:
                _say(f"✓ {label}: {detail}")
    finally:
        state.close()
    total = len(steps)
    if failed:
        _say(f"Tự kiểm tra KHÔNG ĐẠT: {failed}/{total} bước có lỗi.")
        return 1
    _say(f"Tự kiểm tra đạt: {total}/{total} bước.")
    return 0


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _reason(exc: BaseException) -> str:
    from forms.errors import BieumauError

    if isinstance(exc, StepFailed):
        return str(exc)
    if isinstance(exc, BieumauError):
        return exc.message
    try:
        from operations.crashlog import write_crash_log

        where = f"; chi tiết trong {write_crash_log(exc)}"
    except Exception:  # the data folder itself may be the problem
        where = ""
    return f"lỗi không mong đợi {type(exc).__name__}: {exc}{where}"


def _version(state: SelfTest) -> str:
    from operations.version import version

    text = version()
    if "unknown" in text:
        raise StepFailed("không đọc được số phiên bản (thiếu thông tin gói bieumau)")
    frozen = " (bản đóng gói)" if getattr(sys, "frozen", False) else " (chạy từ mã nguồn)"
    return f"bieumau {text}{frozen}"


def _data_folder(state: SelfTest) -> str:
    from operations.paths import data_dir

    folder = data_dir()
    probe = folder / ".tu-kiem-tra"
    try:
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise StepFailed(f"không ghi được vào «{folder}»: {exc.strerror}") from None
    return f"{folder} (ghi được)"


def _numbers(state: SelfTest) -> str:
    from decimal import Decimal

    from forms.numbers import format_number, parse_value

    shown = format_number(Decimal("1242.5"), 1)
    if shown != "1.242,5" or parse_value("1.242", "integer").value != Decimal(1242):
        raise StepFailed(f"1242,5 hiển thị thành «{shown}» (cần «1.242,5»)")
    return f"1242,5 → «{shown}»"


def _catalogue(state: SelfTest) -> str:
    from forms.definitions import catalogue_files, load_catalogue
    from operations.context import _syntax_checker

    checker = _syntax_checker()
    if checker is None:
        raise StepFailed("thiếu bộ kiểm tra cú pháp quy tắc (validators)")
    files = catalogue_files()
    state.catalogue = load_catalogue(check_expression=checker)
    if not state.catalogue:
        raise StepFailed("danh mục biểu mẫu trống")
    return f"{len(state.catalogue)} biểu mẫu từ {len(files)} tệp ({', '.join(sorted(state.catalogue))})"


def _database(state: SelfTest) -> str:
    from storage.database import current_revision, head_revision, open_database

    path = state.folder / "tu-kiem-tra.sqlite3"
    path.unlink(missing_ok=True)
    state.db = open_database(path, user=SELFTEST_USER)
    revision = current_revision(state.db.engine)
    if revision != head_revision():
        raise StepFailed(f"lược đồ ở phiên bản {revision}, cần {head_revision()}")
    return f"SQLite, lược đồ {revision}"


def _demo(state: SelfTest) -> str:
    from operations.demo import seed_demo_if_empty
    from storage.units import load_unit_tree

    assert state.db is not None
    if not seed_demo_if_empty(state.db, state.catalogue, user=SELFTEST_USER):
        raise StepFailed("không tìm thấy dữ liệu mẫu (resources/demo)")
    state.groups = _stored_groups(state.db)
    cells = sum(count for *_, count in state.groups)
    if not cells:
        raise StepFailed("dữ liệu mẫu không có số liệu nào")
    units = len(load_unit_tree(state.db))
    return f"{units} đơn vị, {cells} số liệu trong {len(state.groups)} bộ số liệu"


def _stored_groups(db: Database) -> list[tuple[str, str, str, int]]:
    from storage.values import stored_sheets

    return stored_sheets(db)


def _validate(state: SelfTest) -> str:
    from storage.units import load_unit_tree
    from storage.value_source import DatabaseValueSource
    from validators.engine import Engine
    from validators.violations import tally

    assert state.db is not None
    source = DatabaseValueSource(state.db)
    units = load_unit_tree(state.db)
    engines: dict[str, Engine] = {}
    errors = warnings = 0
    for form_id, unit, period, _ in state.groups:
        form = state.catalogue.get(form_id)
        if form is None:
            continue
        engine = engines.get(form_id) or engines.setdefault(form_id, Engine(form, units))
        report = engine.validate(unit, period, source)
        counted = tally(report.violations, report.parse_errors)
        errors, warnings = errors + counted.errors, warnings + counted.warnings
    # The demo province carries real mistakes on purpose: finding none means the checks did not run.
    if not errors + warnings:
        raise StepFailed("không phát hiện lỗi nào trong dữ liệu mẫu (dữ liệu mẫu có lỗi cố ý)")
    return f"{len(state.groups)} bộ số liệu, {errors} lỗi, {warnings} cảnh báo (dữ liệu mẫu có lỗi cố ý)"


def _export(state: SelfTest) -> str:
    from forms.periods import parse_period
    from operations.version import version
    from workbooks.reading import read_workbook
    from workbooks.submission_export import export_submission

    assert state.db is not None
    form_id, unit, period, _ = max(state.groups, key=lambda g: g[3])
    path = state.folder / f"{form_id}-{unit}-{period}.xlsx"
    result = export_submission(state.db, state.catalogue[form_id], unit, period, path, app_version=version())
    if not path.is_file() or path.stat().st_size == 0:
        raise StepFailed(f"không tạo được tệp «{path.name}»")
    stamped = read_workbook(path).meta.get("app_version")
    if stamped != version():
        raise StepFailed(f"trang _meta ghi phiên bản «{stamped}», cần «{version()}»")
    state.workbook = path
    state.exported = (form_id, unit, period)
    return (f"{form_id}, {unit}, {parse_period(period).name_vi} — {result.values} ô, "
            f"{result.errors} lỗi và {result.warnings} cảnh báo được đánh dấu, {path.stat().st_size // 1024} KB")


def _reimport(state: SelfTest) -> str:
    from forms.units import read_units_csv
    from operations.demo import demo_dir
    from storage.database import open_database
    from storage.forms import register_form
    from storage.units import save_units
    from storage.values import read_values
    from workbooks.submission_import import import_workbook

    assert state.db is not None and state.workbook is not None and state.exported is not None
    form_id, unit, period = state.exported
    path = state.folder / "nhap-lai.sqlite3"
    path.unlink(missing_ok=True)
    state.second_db = open_database(path, user=SELFTEST_USER)
    save_units(state.second_db, read_units_csv(demo_dir() / "units.csv"), code_list_version="demo", user=SELFTEST_USER)
    register_form(state.second_db, state.catalogue[form_id])
    result = import_workbook(state.second_db, state.workbook, user=SELFTEST_USER, catalogue=state.catalogue)
    if result.refused is not None:
        raise StepFailed(result.refused)
    before = {cell: v.raw for cell, v in read_values(state.db, form_id, unit, period).items()}
    after = {cell: v.raw for cell, v in read_values(state.second_db, form_id, unit, period).items()}
    differing = set(before.items()) ^ set(after.items())
    if differing:
        raise StepFailed(f"{len(differing)} ô khác nhau sau khi nhập lại, ví dụ {sorted(differing)[:3]}")
    return f"{result.new} ô mới, {len(after)}/{len(before)} ô khớp từng ký tự với bản gốc"


def _window(state: SelfTest) -> str:
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    _check_platform_plugin(platform)

    from desktop.application import build_main_window, ensure_application
    from operations.context import AppContext, Settings
    from storage.units import load_unit_tree

    if state.db is None or not state.catalogue:
        raise StepFailed("bỏ qua vì chưa có cơ sở dữ liệu hoặc danh mục biểu mẫu")
    from desktop.qt_start import quiet_qt_warnings

    quiet_qt_warnings()
    app = ensure_application()
    ctx = AppContext(state.db, state.catalogue, load_unit_tree(state.db),
                     Settings(state.folder / "settings.json"), SELFTEST_USER)
    form_id, unit, period = state.exported or (None, None, None)
    window = build_main_window(ctx, unit=unit, form=form_id, period=period)
    try:
        window.resize(*SCREEN_SIZE)
        window.show()
        for _ in range(5):
            app.processEvents()
        image = window.grab()
        png = state.folder / "cua-so-chinh.png"
        if image.isNull():
            raise StepFailed("không chụp được ảnh cửa sổ")
        from desktop.image_files import save_png

        try:
            save_png(image, png)  # through the output-path guard, as every picture the app writes
        except BieumauError as exc:
            raise StepFailed(exc.message) from None
        if png.stat().st_size == 0:
            raise StepFailed("không chụp được ảnh cửa sổ")
        where = f"nền {platform}" if platform else "màn hình thật"
        saved = f", ảnh lưu tại {png}" if state.keep else ""
        return f"{image.width()}×{image.height()} điểm ảnh ({where}){saved}"
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()


def _check_platform_plugin(platform: str) -> None:
    """Qt aborts the process when its platform plugin cannot be loaded; refuse in words before that,
    naming the system library that is missing (libxcb-cursor0 on many fresh Linux installs)."""
    if not platform and sys.platform.startswith("linux") and os.environ.get("DISPLAY"):
        platform = "xcb"
    if not platform:
        return
    from desktop.qt_start import qt_plugins_folder

    folder = qt_plugins_folder() / "platforms"
    name = platform.split(":")[0]
    found = [p for p in folder.glob("*") if p.name.startswith((f"libq{name}.", f"q{name}."))]
    if not found:
        raise StepFailed(f"thiếu trình cắm nền Qt «{name}» trong «{folder}»")
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(str(found[0]))
        except OSError as exc:
            raise StepFailed(
                f"trình cắm nền Qt «{name}» không nạp được ({exc}); hãy cài thư viện hệ thống còn thiếu, "
                "ví dụ: sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
            ) from None


# Steps that do not need the ones before them, so they still run after a failure.
_INDEPENDENT: tuple[Callable[[SelfTest], str], ...] = (_version, _data_folder, _numbers)
