"""``bieumau forms check FILE…``: load definitions and report every problem with file, item and name;
``bieumau forms load FILE [--db DB] [--dry-run]``: show what a new version changes, then use it."""

from __future__ import annotations

import argparse
import sys

from forms.errors import BieumauError, DefinitionError


def add_parser(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help="làm việc với định nghĩa biểu mẫu")
    forms_sub = forms.add_subparsers(dest="forms_command", parser_class=type(forms))
    check = forms_sub.add_parser("check", help="kiểm tra tệp định nghĩa biểu mẫu (YAML hoặc xlsx)")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(run=run_check)
    convert = forms_sub.add_parser("to-xlsx", help="chuyển định nghĩa YAML sang sổ Excel kiểu XLSForm")
    convert.add_argument("file", metavar="FORM.yaml")
    convert.add_argument("--out", required=True, metavar="FORM.xlsx")
    convert.set_defaults(run=run_to_xlsx)
    load = forms_sub.add_parser("load", help="xem thay đổi của một phiên bản định nghĩa mới rồi dùng nó")
    load.add_argument("file", metavar="FORM.yaml|FORM.xlsx")
    load.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    load.add_argument("--dry-run", action="store_true", help="chỉ xem trước thay đổi, không ghi")
    load.set_defaults(run=run_load)


def _checker():
    from validators.expressions import syntax_problem

    return syntax_problem


def run_check(args: argparse.Namespace) -> int:
    from forms.definitions import load_form
    from forms.inventory import unknown_codes

    failed = 0
    for name in args.files:
        try:
            form = load_form(name, _checker())
        except DefinitionError as exc:
            failed += 1
            for problem in exc.problems:
                sys.stderr.write(problem.render() + "\n")
        except BieumauError as exc:
            failed += 1
            sys.stderr.write(exc.message + "\n")
        else:
            unknown = unknown_codes(form)
            if unknown:
                failed += 1
                for indicator, code in unknown:
                    sys.stderr.write(f"{name}: chỉ tiêu {indicator}: mã «{code}» không có trong danh mục chỉ tiêu "
                                     "(indicators.csv).\n")
                continue
            print(f"{name}: hợp lệ — {form.id} phiên bản {form.version}, {len(form.indicators)} chỉ tiêu, "
                  f"{len(form.rules)} quy tắc.")
    return 2 if failed else 0


def run_to_xlsx(args: argparse.Namespace) -> int:
    from pathlib import Path

    from forms.definitions import build_form, read_definition
    from forms.output_paths import check_output_path, output_target
    from forms.xlsform import write_xlsform

    if check_output_path(args.out, "xlsx").suffix.lower() != ".xlsx":
        raise BieumauError(f"Tệp xuất «{Path(args.out).name}» phải có đuôi .xlsx.", "out")
    data = read_definition(args.file)
    build_form(data, Path(args.file).name, _checker())
    with output_target(args.out, "xlsx") as temp:
        write_xlsform(data, temp)
    print(f"Đã ghi {args.out}")
    return 0


def run_load(args: argparse.Namespace) -> int:
    from operations.context import open_context
    from operations.forms_admin import CHANGES, KINDS, group_title, load_form_version, preview_form_version

    ctx = open_context(args.db, seed_demo=False, create=not args.db)
    try:
        preview = preview_form_version(ctx.catalogue, args.file)
        print(preview.summary())
        for kind in KINDS:
            for change in CHANGES:
                rows = preview.rows(kind, change)
                if rows:
                    print(f"  {group_title(kind, change)} ({len(rows)}):")
                    for item_id, text in rows:
                        print(f"    {item_id}: {text}")
        problem = preview.problem()
        if problem is not None:
            raise BieumauError(problem, "form_version")
        if args.dry_run or not preview.changed:
            return 0
        print(load_form_version(ctx.db, ctx.catalogue, preview).summary())
    finally:
        ctx.db.close()
    return 0
