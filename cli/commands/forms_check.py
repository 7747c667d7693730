"""``bieumau forms check FILE…``: load definitions and report every problem with file, item and name."""

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
