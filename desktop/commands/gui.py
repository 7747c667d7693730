"""``bieumau gui [--db DB] [--form F --unit U --period P] [--screenshot PNG]``: the desktop app."""

from __future__ import annotations

import argparse
import sys

VIEWS = ("entry", "dashboard", "charts", "approval")


def add_parser(sub: argparse._SubParsersAction) -> None:
    gui = sub.add_parser("gui", help="mở ứng dụng nhập liệu")
    gui.add_argument("--db", help="cơ sở dữ liệu: đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    gui.add_argument("--form", help="mã biểu mẫu hoặc đường dẫn tệp định nghĩa")
    gui.add_argument("--unit", help="mã đơn vị")
    gui.add_argument("--period", help="kỳ báo cáo, ví dụ 2024Q2 hoặc «Quý II/2024»")
    gui.add_argument("--screenshot", metavar="PNG", help="mở biểu mẫu, lưu ảnh cửa sổ rồi thoát")
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
    from desktop.application import build_main_window, ensure_application
    from desktop.context import open_context

    app = ensure_application()
    ctx = open_context(args.db)  # the window may start a new database: it fills it with the demo province
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
    if args.view == "entry":
        window = build_main_window(ctx, unit=args.unit, form=form_id, period=args.period)
    else:
        from desktop.application import build_view

        window = build_view(args.view, ctx, unit=args.unit, form=form_id, period=args.period)
    if args.screenshot:
        window.resize(1400, 820)  # a picture for documents, whatever the virtual screen's size
    window.show()
    if args.screenshot:
        for _ in range(5):
            app.processEvents()
        _wait_until_loaded(window)
        for _ in range(5):
            app.processEvents()
        from desktop.image_files import save_png

        save_png(window.grab(), args.screenshot)
        sys.stdout.write(f"Đã lưu ảnh cửa sổ vào {args.screenshot}\n")
        window.close()
        ctx.db.close()
        _collect()
        return 0
    status = app.exec()
    ctx.db.close()
    _collect()
    return status


def _wait_until_loaded(window) -> None:
    """The dashboard validates in the background first; wait for it in an event loop, not a busy loop."""
    task = getattr(window, "task", None)
    if task is None or task.done:
        return
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()


def _collect() -> None:
    # PySide6 6.12.0 under Python 3.11 drops a reference to None on every void call and to True on
    # every signal emit; objects freed during interpreter finalization can then hit "none_dealloc".
    # Freeing them here, while the interpreter is whole, avoids that abort at exit.
    import gc

    gc.collect()
