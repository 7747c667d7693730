"""``bieumau values import|export``: values in the VALUES.csv format (FORMS.md §5), all or nothing per file."""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

from forms.errors import BieumauError
from operations.imports import VALUES_HEADER as HEADER


def add_parser(sub: argparse._SubParsersAction) -> None:
    values = sub.add_parser("values", help="nhập, xuất số liệu dạng CSV")
    values_sub = values.add_subparsers(dest="values_command", parser_class=type(values))
    load = values_sub.add_parser("import", help="ghi số liệu từ tệp CSV vào cơ sở dữ liệu (cả tệp hoặc không gì cả)")
    load.add_argument("--form", required=True, metavar="FORM", help="mã biểu trong danh mục hoặc tệp định nghĩa")
    load.add_argument("--values", required=True, metavar="VALUES.csv")
    load.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    load.set_defaults(run=run_import)
    dump = values_sub.add_parser("export", help="xuất số liệu đã lưu của một đơn vị, một kỳ ra CSV")
    dump.add_argument("--form", required=True, metavar="FORM")
    dump.add_argument("--unit", required=True, metavar="U")
    dump.add_argument("--period", required=True, metavar="P")
    dump.add_argument("--db", metavar="DB")
    dump.add_argument("--out", required=True, metavar="VALUES.csv")
    dump.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from forms.definitions import resolve_form
    from operations.imports import import_values_file
    from validators.messages import SEVERITY_NAMES, render, render_parse_problem

    form = resolve_form(args.form)
    path = Path(args.values)
    db = open_command_db(args)
    try:
        done = import_values_file(db, form, path, user=db.user, backup_reason="truoc-nhap-so-lieu")
    finally:
        db.close()
    # the values are kept, but error-level violations make the command exit 1, as ``validate`` does
    lines = []
    for unit, period, report in done.checks:
        lines += [f"{SEVERITY_NAMES['vi'][v.severity]}: {unit} {period} {v.rule}: {render(v, form)}"
                  for v in report.violations]
        lines += [f"Lỗi nhập liệu: {unit} {period} {p.indicator}/{p.column}: {render_parse_problem(p, form)}"
                  for p in report.parse_errors]
    print(f"{path.name}: đã ghi biểu {form.id} phiên bản {form.version} — {done.summary.summary_vi()}.")
    for line in lines:
        print(f"  - {line}")
    if lines:
        print(f"Số liệu đã ghi vi phạm {done.errors} lỗi, {len(lines) - done.errors} cảnh báo.")
    return 1 if done.errors else 0


def run_export(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from forms.definitions import resolve_form
    from forms.output_paths import check_output_path
    from forms.periods import form_period
    from storage.units import load_unit_tree
    from storage.values import read_values

    form = resolve_form(args.form)
    period = form_period(form, args.period).code
    out = check_output_path(args.out, "csv")
    db = open_command_db(args)
    try:
        if args.unit not in load_unit_tree(db):
            raise BieumauError(f"Không có đơn vị mã «{args.unit}» trong cơ sở dữ liệu.", "unknown_unit")
        values = read_values(db, form.id, args.unit, period)
    finally:
        db.close()
    order = {(ind.id, col): n for n, (ind, col) in enumerate(
        (ind, col) for ind in form.indicators for col in form.columns_of(ind))}
    cells = sorted(values, key=lambda cell: (order.get(cell, len(order)), cell))
    write_atomically(out, [HEADER, *((args.unit, period, ind, col, values[(ind, col)].raw) for ind, col in cells)])
    print(f"Đã xuất {len(cells)} giá trị của đơn vị {args.unit}, kỳ {period} vào {out}.")
    return 0


def write_atomically(path: Path, rows: list[tuple[str, ...]]) -> None:
    """Write through the output-path guard: a temporary name beside ``path``, renamed when complete."""
    from forms.output_paths import output_target

    with output_target(path, "csv") as temp:
        with open(temp, "w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows(rows)
            stream.flush()
            os.fsync(stream.fileno())
