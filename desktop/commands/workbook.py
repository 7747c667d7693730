"""``bieumau export``, ``bieumau pdf``, ``bieumau template`` and ``bieumau import``: submission workbooks,
the printed paper as a PDF, fill-in templates, and reading filled ones back into the database (all or
nothing per file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from forms.errors import BieumauError


def add_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="xuất sổ Excel báo cáo (bản nộp) của một đơn vị, một kỳ")
    export.add_argument("--form", required=True, metavar="FORM", help="mã biểu trong danh mục hoặc tệp định nghĩa")
    export.add_argument("--unit", required=True, metavar="U")
    export.add_argument("--period", required=True, metavar="P")
    export.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.add_argument("--agency", help="cơ quan chủ quản in góc trái (mặc định: UBND cấp trên của đơn vị)")
    export.add_argument("--place", help="địa danh ở dòng ngày tháng (mặc định: tên tỉnh)")
    export.set_defaults(run=run_export)

    pdf = sub.add_parser("pdf", help="in bản giấy của biểu ra tệp PDF (số viết kiểu Việt Nam, khổ A4)")
    pdf.add_argument("--form", required=True, metavar="FORM", help="mã biểu trong danh mục hoặc tệp định nghĩa")
    pdf.add_argument("--unit", required=True, metavar="U")
    pdf.add_argument("--period", required=True, metavar="P")
    pdf.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    pdf.add_argument("--out", required=True, metavar="FILE.pdf")
    pdf.add_argument("--agency", help="cơ quan chủ quản in góc trái (mặc định: UBND cấp trên của đơn vị)")
    pdf.add_argument("--place", help="địa danh ở dòng ngày tháng (mặc định: tên tỉnh)")
    pdf.set_defaults(run=run_pdf)

    template = sub.add_parser("template", help="tạo biểu mẫu Excel để điền không cần phần mềm")
    template.add_argument("--form", required=True, metavar="FORM")
    template.add_argument("--unit", required=True, metavar="U")
    template.add_argument("--period", required=True, metavar="P")
    template.add_argument("--db", metavar="DB", help="lấy tên đơn vị từ cơ sở dữ liệu này (không bắt buộc)")
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    template.add_argument("--agency")
    template.add_argument("--place")
    template.set_defaults(run=run_template)

    load = sub.add_parser("import", help="nhập các sổ Excel đã điền hoặc bản nộp (cả tệp hoặc không gì cả)")
    load.add_argument("files", nargs="+", metavar="FILE.xlsx")
    load.add_argument("--db", metavar="DB")
    load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và báo cáo, không ghi gì")
    load.add_argument("--scope", metavar="U", help="chỉ nhận tệp của đơn vị U và các đơn vị trực thuộc")
    load.set_defaults(run=run_import)


def _xlsx_out(name: str) -> Path:
    out = Path(name)
    if out.suffix.lower() != ".xlsx":
        raise BieumauError(f"Tệp xuất «{out.name}» phải có đuôi .xlsx.", "out")
    return out


def run_export(args: argparse.Namespace) -> int:
    from desktop.commands.units import database_target
    from desktop.version import version
    from forms.definitions import resolve_form
    from storage.database import open_database
    from workbooks.submission_export import export_submission

    form = resolve_form(args.form)
    out = _xlsx_out(args.out)
    db = open_database(database_target(args))
    try:
        result = export_submission(db, form, args.unit, args.period, out, app_version=version(),
                                   agency=args.agency, place=args.place)
    finally:
        db.close()
    checks = (f"{result.errors} lỗi, {result.warnings} cảnh báo (đánh dấu trên ô và ở trang «Kiểm tra»)"
              if result.errors or result.warnings else "không có vi phạm")
    print(f"Đã xuất {result.values} giá trị biểu {form.id} của đơn vị {args.unit} vào {out}; {checks}.")
    return 1 if result.errors else 0


def run_pdf(args: argparse.Namespace) -> int:
    from desktop.commands.units import database_target
    from desktop.version import version
    from forms.definitions import resolve_form
    from storage.database import open_database
    from workbooks.submission_export import export_pdf

    form = resolve_form(args.form)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise BieumauError(f"Tệp xuất «{out.name}» phải có đuôi .pdf.", "out")
    db = open_database(database_target(args))
    try:
        result = export_pdf(db, form, args.unit, args.period, out, app_version=version(), agency=args.agency,
                            place=args.place)
    finally:
        db.close()
    print(f"Đã in bản giấy biểu {form.id} của đơn vị {args.unit} ({result.values} giá trị) ra {out}.")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from desktop.version import version
    from forms.definitions import resolve_form
    from forms.periods import parse_period
    from workbooks.heading import sheet_context
    from workbooks.template import write_template

    form = resolve_form(args.form)
    period = parse_period(args.period).code
    out = _xlsx_out(args.out)
    tree = _unit_tree(args)
    if tree is not None and len(tree) and args.unit not in tree:
        raise BieumauError(f"Không có đơn vị mã «{args.unit}» trong danh mục đơn vị.", "unknown_unit")
    ctx = sheet_context(form, args.unit, period, tree, app_version=version(), agency=args.agency, place=args.place)
    write_template(ctx, out)
    print(f"Đã tạo biểu mẫu {form.id} phiên bản {form.version} cho {ctx.unit_name}, "
          f"{ctx.period.name_vi}: {out}")
    return 0


def _unit_tree(args: argparse.Namespace):
    """Units from ``--db`` when given, else the bundled demo list, else none (the code is printed)."""
    if args.db:
        from storage.database import open_database
        from storage.units import load_unit_tree

        db = open_database(args.db)
        try:
            return load_unit_tree(db)
        finally:
            db.close()
    import resources
    from forms.units import load_unit_tree

    demo = Path(resources.__file__).parent / "demo" / "units.csv"
    return load_unit_tree(demo) if demo.exists() else None


def run_import(args: argparse.Namespace) -> int:
    from desktop.commands.units import database_target
    from forms.definitions import load_catalogue
    from storage.backup import backup
    from storage.database import open_database
    from workbooks.submission_import import import_workbook

    catalogue = load_catalogue()
    db = open_database(database_target(args))
    refused = errors = 0
    try:
        if db.is_sqlite and not args.dry_run:
            backup(db, reason="truoc-nhap-excel")
        for name in args.files:
            result = import_workbook(db, Path(name), user=db.user, scope_unit=args.scope,
                                     dry_run=args.dry_run, catalogue=catalogue)
            print(result.summary_vi())
            for problem in result.problems:
                print(f"  - {problem}")
            refused += not result.ok
            errors += result.errors > 0
    finally:
        db.close()
    if len(args.files) > 1:
        print(f"Tổng cộng {len(args.files)} tệp: {len(args.files) - refused} nhận, {refused} từ chối.")
    if refused:
        return 2
    return 1 if errors else 0
