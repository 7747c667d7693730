"""``bieumau gui [--db DB] [--form F --unit U --period P] [--screenshot PNG | --screenshot-all DIR]``:
the desktop app, or pictures of it at an office screen's size (1366×768 unless ``--screen-size``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

VIEWS = ("entry", "dashboard", "charts", "approval")


def add_parser(sub: argparse._SubParsersAction) -> None:
    gui = sub.add_parser("gui", help="mở ứng dụng nhập liệu")
    gui.add_argument("--db", help="cơ sở dữ liệu: đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    gui.add_argument("--form", help="mã biểu mẫu hoặc đường dẫn tệp định nghĩa")
    gui.add_argument("--unit", help="mã đơn vị")
    gui.add_argument("--period", help="kỳ báo cáo, ví dụ 2024Q2 hoặc «Quý II/2024»")
    gui.add_argument("--screenshot", metavar="PNG", help="mở biểu mẫu, lưu ảnh cửa sổ rồi thoát")
    gui.add_argument("--screenshot-all", metavar="DIR",
                     help="lưu ảnh cửa sổ nhập liệu của mọi biểu mẫu ở mọi cấp (BIEU-cap.png) và ảnh tổng quan vào DIR")
    gui.add_argument("--screen-size", metavar="RỘNGxCAO", default="1366x768", type=_size,
                     help="kích thước cửa sổ khi chụp ảnh (mặc định 1366x768, màn hình văn phòng phổ biến)")
    gui.add_argument("--view", choices=VIEWS, default="entry",
                     help="cửa sổ mở ra: nhập liệu (entry), tổng quan (dashboard), biểu đồ (charts), duyệt (approval)")
    gui.add_argument("--lang", choices=("vi", "en"), help="ngôn ngữ giao diện (mặc định theo cài đặt, tiếng Việt)")
    gui.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from forms.periods import parse_period

    if args.period:
        parse_period(args.period)  # refuse a bad period before any window opens
    if args.screenshot:
        from forms.output_paths import check_output_path

        check_output_path(args.screenshot, "png")
    from operations.context import open_context

    # The data before Qt: once Qt's Python binding is imported it reads the source of every module imported after
    # it (its __feature__ hook), and the database and the rule engine bring in a few hundred.
    ctx = open_context(args.db)  # the window may start a new database: it fills it with the demo province
    from desktop.application import build_main_window, ensure_application

    if args.screenshot or args.screenshot_all:
        from desktop.qt_start import offscreen_screen

        offscreen_screen(args.screen_size)
    app = ensure_application()
    from desktop.application import apply_language

    apply_language(app, ctx, args.lang)
    form_id = None
    if args.form:
        from forms.definitions import resolve_form

        form = resolve_form(args.form, ctx.catalogue)
        ctx.catalogue[form.id] = form
        form_id = form.id
        if args.period:
            from forms.periods import form_period

            form_period(form, args.period)
    if args.unit and args.unit not in ctx.units:
        from forms.errors import BieumauError

        raise BieumauError(f"Không có đơn vị mã «{args.unit}» trong danh mục đơn vị.", "unknown_unit")
    if args.screenshot_all:
        return _screenshot_all(app, ctx, Path(args.screenshot_all), args.screen_size)
    if args.view == "entry":
        window = build_main_window(ctx, unit=args.unit, form=form_id, period=args.period)
    else:
        from desktop.application import build_view

        window = build_view(args.view, ctx, unit=args.unit, form=form_id, period=args.period)
    if args.screenshot:
        _prepare(window, args.screen_size)
    window.show()
    if args.screenshot:
        _shoot(app, window, Path(args.screenshot))
        window.close()
        ctx.db.close()
        _collect()
        return 0
    status = app.exec()
    ctx.db.close()
    _collect()
    return status


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"kích thước «{text}» không hợp lệ, ví dụ 1366x768") from None
    if width < 320 or height < 240:
        raise argparse.ArgumentTypeError(f"kích thước «{text}» quá nhỏ (tối thiểu 320x240)")
    return width, height


def _prepare(window, size: tuple[int, int]) -> None:
    """The window as a first start shows it (every dock), at the screen size asked for."""
    default_layout = getattr(window, "default_layout", None)
    window.resize(*size)
    if callable(default_layout):
        default_layout()


def _shoot(app, window, png: Path) -> None:
    for _ in range(5):
        app.processEvents()
    from desktop.qt_start import wait_until_loaded

    wait_until_loaded(window)
    for _ in range(5):
        app.processEvents()
    from desktop.image_files import save_png

    save_png(window.grab(), png)
    sys.stdout.write(f"Đã lưu ảnh cửa sổ vào {png}\n")


def _screenshot_all(app, ctx, folder: Path, size: tuple[int, int]) -> int:
    """One picture of the entry window per form and level it is reported at, on the first unit of that
    level and the newest period holding its values; then the dashboard."""
    from desktop.application import build_main_window, build_view
    from desktop.screenshots import shots

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from forms.errors import BieumauError

        raise BieumauError(f"Không tạo được thư mục «{folder}»: {exc.strerror}.", "screenshot") from exc
    window = build_main_window(ctx)
    _prepare(window, size)
    window.show()
    for name, (unit, form_id, period) in shots(ctx):
        window.open_place(unit, form_id, period)
        _shoot(app, window, folder / f"{name}.png")
    window.close()
    dashboard = build_view("dashboard", ctx)
    _prepare(dashboard, size)
    dashboard.show()
    _shoot(app, dashboard, folder / "dashboard.png")
    dashboard.close()
    ctx.db.close()
    _collect()
    return 0


def _collect() -> None:
    # Qt for Python 6.12.0 under Python 3.11 drops a reference to None on every void call and to True on
    # every signal emit; objects freed during interpreter finalization can then hit "none_dealloc".
    # Freeing them here, while the interpreter is whole, avoids that abort at exit.
    import gc

    gc.unfreeze()  # what ensure_application set aside at start-up is freed here too, as before
    gc.collect()
