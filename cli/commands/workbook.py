"""``bieumau export``, ``bieumau pdf``, ``bieumau template`` and ``bieumau import``: submission workbooks,
the printed paper as a PDF, fill-in templates, and reading filled ones back into the database (all or
nothing per file)."""

from __future__ import annotations

import argparse
import sys
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
    load.add_argument("--each", action="store_true",
                      help="nhập riêng từng tệp hợp lệ dù có tệp bị từ chối (mặc định: cả lô hoặc không tệp nào)")
    load.set_defaults(run=run_import)


def _xlsx_out(name: str) -> Path:
    from forms.output_paths import check_output_path

    out = check_output_path(name, "xlsx")
    if out.suffix.lower() != ".xlsx":
        raise BieumauError(f"Tệp xuất «{out.name}» phải có đuôi .xlsx.", "out")
    return out


def run_export(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from forms.definitions import resolve_form
    from forms.periods import form_period
    from operations.imports import export_submission

    form = resolve_form(args.form)
    form_period(form, args.period)
    out = _xlsx_out(args.out)
    db = open_command_db(args)
    try:
        result = export_submission(db, form, args.unit, args.period, out, agency=args.agency,
                                   place=args.place).result
    finally:
        db.close()
    checks = (f"{result.errors} lỗi, {result.warnings} cảnh báo (đánh dấu trên ô và ở trang «Kiểm tra»)"
              if result.errors or result.warnings else "không có vi phạm")
    print(f"Đã xuất {result.values} giá trị biểu {form.id} của đơn vị {args.unit} vào {out}; {checks}.")
    return 1 if result.errors else 0


def run_pdf(args: argparse.Namespace) -> int:
    from cli.commands.opening import database_target
    from forms.definitions import resolve_form
    from operations.imports import export_pdf
    from storage.database import open_database

    form = resolve_form(args.form)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise BieumauError(f"Tệp xuất «{out.name}» phải có đuôi .pdf.", "out")
    db = open_database(database_target(args))
    try:
        result = export_pdf(db, form, args.unit, args.period, out, agency=args.agency, place=args.place)
    finally:
        db.close()
    print(f"Đã in bản giấy biểu {form.id} của đơn vị {args.unit} ({result.values} giá trị) ra {out}.")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from forms.definitions import resolve_form
    from forms.periods import form_period
    from operations.imports import write_blank_template

    form = resolve_form(args.form)
    form_period(form, args.period)
    out = _xlsx_out(args.out)
    ctx = write_blank_template(form, args.unit, args.period, _unit_tree(args), out, agency=args.agency,
                               place=args.place)
    print(f"Đã tạo biểu mẫu {form.id} phiên bản {form.version} cho {ctx.unit_name}, "
          f"{ctx.period.name_vi}: {out}")
    return 0


def _unit_tree(args: argparse.Namespace):
    """Units from ``--db`` when given, else the bundled demo list, else none (the code is printed)."""
    if args.db:
        from cli.commands.opening import open_command_db
        from storage.units import load_unit_tree

        db = open_command_db(args, daily_backup=False)
        try:
            return load_unit_tree(db)
        finally:
            db.close()
    import resources
    from forms.units import load_unit_tree

    demo = Path(resources.__file__).parent / "demo" / "units.csv"
    return load_unit_tree(demo) if demo.exists() else None


def run_import(args: argparse.Namespace) -> int:
    """A batch is all or nothing: every file is checked first (the same rules as the window's merge,
    an older file never over newer figures); one refusal stores nothing and exits 2. ``--each``
    stores the files that pass and refuses the others (exit 2 too, the summary says which went in)."""
    from cli.commands.opening import open_command_db
    from forms.definitions import load_catalogue
    from operations.imports import import_workbooks
    from workbooks.merge import newest_wins

    catalogue = load_catalogue()
    files = [Path(name) for name in args.files]
    db = open_command_db(args)
    try:
        outcome = import_workbooks(db, files, user=db.user, catalogue=catalogue, scope_unit=args.scope,
                                   each=args.each, dry_run=args.dry_run, confirm_conflict=newest_wins,
                                   backup_reason="truoc-nhap-excel")
    finally:
        db.close()
    results = list(outcome.results)
    if outcome.dry_run or outcome.batch_refused:
        _print_results(results)
        if outcome.batch_refused:
            refused = outcome.refused
            names = ", ".join(r.file.name for r in refused)
            if len(files) == 1:
                raise BieumauError(f"«{refused[0].file.name}» bị từ chối: {refused[0].refused} Không có gì được "
                                   "nhập.", "refused")
            print(f"Lô {len(files)} tệp bị hủy: {len(refused)} tệp bị từ chối ({names}); không tệp nào được nhập.")
            raise BieumauError(f"{len(refused)}/{len(files)} tệp bị từ chối ({names}); không tệp nào được nhập "
                               "(thêm --each để nhập riêng các tệp hợp lệ).", "batch_refused")
        return _exit_code(results)
    _print_results(results)
    taken = outcome.taken
    if len(files) > 1 or len(taken) != len(results):
        print(f"Tổng cộng {len(files)} tệp: {len(taken)} đã nhập, {len(results) - len(taken)} bị từ chối.")
    if len(taken) != len(results):
        names = ", ".join(r.file.name for r in outcome.refused)
        sys.stderr.write(f"bieumau: {len(results) - len(taken)}/{len(results)} tệp bị từ chối ({names}); "
                         f"{len(taken)} tệp đã nhập như liệt kê ở trên.\n")
    return _exit_code(results)


def _print_results(results: list) -> None:
    for result in results:
        print(result.summary_vi())
        for problem in result.problems:
            print(f"  - {problem}")


def _exit_code(results: list) -> int:
    if any(not r.ok for r in results):
        return 2
    return 1 if any(r.errors for r in results) else 0
