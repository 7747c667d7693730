"""``bieumau validate --form FORM --values VALUES.csv [--units UNITS.csv] [--targets TARGETS.csv]
[--format json|text]`` (FORMS.md §5).

Input that cannot be used (a file, a header, a period, a unit, an indicator or a column) refuses with
exit 2; a value that cannot be read as its cell's type is a parse error in the report (exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="kiểm tra số liệu của một biểu mẫu theo các quy tắc")
    parser.add_argument("--form", required=True, metavar="FORM", help="mã biểu mẫu hoặc đường dẫn tệp định nghĩa")
    parser.add_argument("--values", required=True, metavar="VALUES.csv")
    parser.add_argument("--units", metavar="UNITS.csv", help="danh mục đơn vị (cần cho children())")
    parser.add_argument("--targets", metavar="TARGETS.csv",
                        help="kế hoạch của tỉnh (unit,year,indicator,target): chấm đạt / không đạt theo kế hoạch")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from operations.validation import validate_values

    checked = validate_values(args.form, args.values, args.units, args.targets)
    if args.format == "json":
        json.dump(checked.output, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for line in checked.lines:
            print(line)
        print(checked.totals())
    return 1 if checked.failed else 0
