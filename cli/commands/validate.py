"""``bieumau validate --form FORM --values VALUES.csv [--units UNITS.csv] [--targets TARGETS.csv]
[--format json|text]`` (FORMS.md §5).

Input that cannot be used (a file, a header, a period, a unit, an indicator or a column) refuses with
exit 2; a value that cannot be read as its cell's type is a parse error in the report (exit 1).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.errors import BieumauError, DefinitionError
from forms.model import Form
from forms.periods import PeriodError, form_period
from forms.text_files import csv_rows, read_user_text
from forms.units import UnitTree
from forms.values import InMemoryValues

if TYPE_CHECKING:
    from validators.violations import Violation

VALUES_HEADER = ("unit", "period", "indicator", "column", "value")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="kiểm tra số liệu của một biểu mẫu theo các quy tắc")
    parser.add_argument("--form", required=True, metavar="FORM", help="mã biểu mẫu hoặc đường dẫn tệp định nghĩa")
    parser.add_argument("--values", required=True, metavar="VALUES.csv")
    parser.add_argument("--units", metavar="UNITS.csv", help="danh mục đơn vị (cần cho children())")
    parser.add_argument("--targets", metavar="TARGETS.csv",
                        help="kế hoạch của tỉnh (unit,year,indicator,target): chấm đạt / không đạt theo kế hoạch")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.set_defaults(run=run)


def _load_form(reference: str) -> Form:
    from forms.definitions import resolve_form
    from validators.expressions import syntax_problem

    try:
        return resolve_form(reference, check_expression=syntax_problem)
    except DefinitionError as exc:
        first = exc.problems[0].render() if exc.problems else str(exc)
        more = f" (và {len(exc.problems) - 1} lỗi khác)" if len(exc.problems) > 1 else ""
        raise BieumauError(f"Định nghĩa biểu mẫu không dùng được: {first}{more}", "definition") from None


def read_values(path: str, form: Form, units: UnitTree | None) -> tuple[InMemoryValues, list[tuple[str, str]]]:
    """The values of ``VALUES.csv`` and the (unit, period code) sheets it holds, in file order."""
    name = Path(path).name
    text = read_user_text(path, "tệp số liệu")
    rows = csv_rows(csv.reader(io.StringIO(text)), name)
    header = next(rows, None)
    if header is None or tuple(h.strip().lower() for h in header) != VALUES_HEADER:
        raise BieumauError(
            f"Tệp «{name}» không đúng mẫu: dòng đầu phải là {','.join(VALUES_HEADER)}.", "format"
        )
    values = InMemoryValues()
    sheets: dict[tuple[str, str], None] = {}
    seen: dict[tuple[str, str, str, str], str] = {}
    periods: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}, dòng {line}"
        if len(row) != len(VALUES_HEADER):
            raise BieumauError(f"{where}: cần đúng 5 cột (có {len(row)}).", "format")
        unit, period_text, indicator, column = (row[0].strip(), row[1].strip(), row[2].strip(), row[3].strip())
        raw = row[4]
        if not unit:
            raise BieumauError(f"{where}: thiếu mã đơn vị.", "format")
        if units is not None and unit not in units:
            raise BieumauError(f"{where}: đơn vị «{unit}» không có trong danh mục đơn vị.", "unknown_unit")
        code = periods.get(period_text)
        if code is None:
            try:
                period = form_period(form, period_text)
            except PeriodError as exc:
                raise BieumauError(f"{where}: {exc.message}", "period") from None
            code = periods[period_text] = period.code
        ind = form.find_indicator(indicator)
        if ind is None:
            raise BieumauError(f"{where}: biểu mẫu {form.id} không có chỉ tiêu «{indicator}».", "unknown_indicator")
        indicator = ind.id
        if column not in form.column_map:
            raise BieumauError(f"{where}: biểu mẫu {form.id} không có cột «{column}».", "unknown_column")
        if not form.uses_cell(indicator, column):
            raise BieumauError(f"{where}: chỉ tiêu «{indicator}» không dùng cột «{column}».", "unknown_column")
        key = (unit, code, indicator, column)
        if key in seen and seen[key].strip() != raw.strip():
            raise BieumauError(
                f"{where}: ô {indicator}/{column} của {unit}, kỳ {code} có hai giá trị khác nhau "
                f"(«{seen[key]}» và «{raw}»).", "duplicate"
            )
        seen[key] = raw
        values.set(form.id, unit, code, indicator, column, raw)
        sheets[(unit, code)] = None
    return values, list(sheets)


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def run(args: argparse.Namespace) -> int:
    from forms.units import load_unit_tree
    from validators.engine import Engine
    from validators.messages import SEVERITY_NAMES, render, render_parse_problem
    from validators.targets import summary

    form = _load_form(args.form)
    units = load_unit_tree(args.units) if args.units else None
    plan = None
    if args.targets:
        from operations.targets import read_plan

        plan = read_plan(args.targets)
    values, sheets = read_values(args.values, form, units)
    engine = Engine(form, units)
    world = engine.world(values)
    violations: list[dict[str, Any]] = []
    parse_errors: list[dict[str, Any]] = []
    not_checked: list[dict[str, Any]] = []
    lines: list[str] = []
    failed = False

    def add(v: Violation) -> None:
        message = render(v, form)
        violations.append({
            "rule": v.rule, "severity": v.severity, "unit": v.unit, "period": v.period,
            "column": v.column, "message": message, "left": _json_number(v.left),
            "right": _json_number(v.right), "kind": v.kind,
            "cells": [{"indicator": i, "column": c} for i, c in v.cells],
        })
        where = f"{v.unit} {v.period}" + (f" [{v.column}]" if v.column else "")
        lines.append(f"{SEVERITY_NAMES['vi'][v.severity]}: {where} {v.rule}: {message}")

    for unit, period in sheets:
        report = engine.validate(unit, period, values, world)
        for v in report.violations:
            failed = failed or v.is_error
            add(v)
        for p in report.parse_errors:
            failed = True
            message = render_parse_problem(p, form)
            parse_errors.append({
                "unit": p.unit, "period": p.period, "indicator": p.indicator, "column": p.column,
                "value": p.value, "message": message,
            })
            lines.append(f"Lỗi nhập liệu: {p.unit} {p.period} [{p.column}] {p.indicator}: {message}")
        for v in report.not_checked:
            message = render(v, form)
            not_checked.append({
                "rule": v.rule, "unit": v.unit, "period": v.period, "column": v.column, "message": message,
                "reason": "; ".join(f"{i}: «{t}» là chữ, không phải số" for i, t in v.param("texts", ())),
                "cells": [{"indicator": i, "column": c} for i, c in v.cells],
            })
            where = f"{v.unit} {v.period}" + (f" [{v.column}]" if v.column else "")
            lines.append(f"{SEVERITY_NAMES['vi']['info']}: {where} {v.rule}: {message}")
    output: dict[str, Any] = {"violations": violations, "parse_errors": parse_errors, "not_checked": not_checked}
    if plan is not None:
        from validators.targets import judge_run

        judged, found = judge_run(form, plan, world, sheets)
        # judged against the plan, listed after the arithmetic checks and never mixed with them
        for v in found:
            failed = failed or v.is_error
            add(v)
        output["targets"] = [{
            "unit": j.unit, "period": j.period, "indicator": j.indicator, "column": j.column,
            "target": j.target.text, "value": j.shown, "status": j.status,
        } for j in judged]
        for (unit, period) in sheets:
            mine = [j for j in judged if j.unit == unit and j.period == period]
            if mine:
                lines.append(f"Kế hoạch: {unit} {period}: {summary(mine)}")
    if args.format == "json":
        json.dump(output, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for line in lines:
            print(line)
        errors = sum(1 for v in violations if v["severity"] == "error")
        print(f"Tổng cộng: {errors} lỗi, {len(violations) - errors} cảnh báo, "
              f"{len(parse_errors)} giá trị không đọc được, {len(not_checked)} kiểm tra chưa thực hiện được "
              f"({len(sheets)} bộ số liệu).")
    return 1 if failed else 0
