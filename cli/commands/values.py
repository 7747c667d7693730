"""``bieumau values import|export``: values in the VALUES.csv format (FORMS.md §5), all or nothing per file."""

from __future__ import annotations

import argparse
import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from forms.errors import BieumauError
from forms.limits import check_typed
from forms.text_files import csv_failure, read_user_text

if TYPE_CHECKING:
    from forms.model import Form
    from storage.database import Database
    from storage.values import ValueRow

HEADER = ("unit", "period", "indicator", "column", "value")


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


def read_values_csv(path: Path) -> list[object]:
    """Rows of VALUES.csv as ``storage.values.ValueRow`` with their line numbers."""
    from storage.values import ValueRow

    text = read_user_text(path, "tệp số liệu")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [h for h in HEADER if h not in header]
        if missing:
            raise BieumauError(
                f"Tệp «{path.name}» thiếu cột {', '.join(missing)} (cần tiêu đề {','.join(HEADER)}).", "file"
            )
        reader.fieldnames = header
        rows = []
        for row in reader:
            line = reader.line_num
            if None in row or any(row.get(h) is None for h in HEADER):
                raise BieumauError(f"Tệp «{path.name}», dòng {line}: số cột không khớp tiêu đề.", "file")
            check_typed(row["value"], f"Tệp «{path.name}», dòng {line}")  # forms/limits.py, before any work
            rows.append(ValueRow(row["unit"].strip(), row["period"].strip(), row["indicator"].strip(),
                                 row["column"].strip(), row["value"], line))
    except csv.Error as exc:
        raise csv_failure(exc, path.name, reader.line_num + 1) from None
    return rows


def run_import(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from forms.definitions import resolve_form
    from storage.backup import backup
    from storage.values import import_values

    form = resolve_form(args.form)
    path = Path(args.values)
    rows = read_values_csv(path)
    db = open_command_db(args)
    try:
        if db.is_sqlite and rows:
            backup(db, reason="truoc-nhap-so-lieu")
        summary = import_values(db, form, rows, user=db.user, source=f"import:{path.name}")
        errors, lines = _check_stored(db, form, rows)
    finally:
        db.close()
    print(f"{path.name}: đã ghi biểu {form.id} phiên bản {form.version} — {summary.summary_vi()}.")
    for line in lines:
        print(f"  - {line}")
    if lines:
        print(f"Số liệu đã ghi vi phạm {errors} lỗi, {len(lines) - errors} cảnh báo.")
    return 1 if errors else 0


def _check_stored(db: Database, form: Form, rows: list[ValueRow]) -> tuple[int, list[str]]:
    """(error count, one line per violation) of the sheets the file touched, as now stored: the
    values are kept, but error-level violations make the command exit 1, as ``validate`` does."""
    from forms.periods import form_period
    from storage.units import load_unit_tree
    from storage.value_source import DatabaseValueSource
    from validators.engine import Engine
    from validators.messages import SEVERITY_NAMES, render, render_parse_problem

    engine = Engine(form, load_unit_tree(db))
    source = DatabaseValueSource(db)
    errors, lines = 0, []
    for unit, period in dict.fromkeys((r.unit, form_period(form, r.period).code) for r in rows):
        report = engine.validate(unit, period, source)
        for v in report.violations:
            errors += v.is_error
            lines.append(f"{SEVERITY_NAMES['vi'][v.severity]}: {unit} {period} {v.rule}: {render(v, form)}")
        for p in report.parse_errors:
            errors += 1
            lines.append(f"Lỗi nhập liệu: {unit} {period} {p.indicator}/{p.column}: {render_parse_problem(p, form)}")
    return errors, lines


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
