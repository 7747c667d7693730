"""Checking a values file against a form's rules without a database (``bieumau validate``): read
``VALUES.csv`` (refused whole when a line cannot be used), run the rule engine per sheet, judge against a
plan when one is given, and report every violation as data and as a line of text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
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


def load_form_reference(reference: str) -> Form:
    """A bundled form by id, or a definition file; refused with its first problem."""
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


@dataclass
class ValidationRun:
    """What ``validate_values`` found: ``output`` as the JSON report, ``lines`` as the text report."""

    sheets: list[tuple[str, str]]
    output: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    failed: bool = False  # an error, or a value that could not be read (exit 1)

    def totals(self) -> str:
        violations = self.output["violations"]
        errors = sum(1 for v in violations if v["severity"] == "error")
        return (f"Tổng cộng: {errors} lỗi, {len(violations) - errors} cảnh báo, "
                f"{len(self.output['parse_errors'])} giá trị không đọc được, "
                f"{len(self.output['not_checked'])} kiểm tra chưa thực hiện được ({len(self.sheets)} bộ số liệu).")


def validate_values(form_reference: str, values_path: str, units_path: str | None = None,
                    targets_path: str | None = None) -> ValidationRun:
    """Check every (unit, period) sheet of ``values_path`` against the form's rules (and the plan)."""
    from forms.units import load_unit_tree
    from operations.targets import read_plan
    from validators.engine import Engine
    from validators.messages import SEVERITY_NAMES, render, render_parse_problem
    from validators.targets import summary

    form = load_form_reference(form_reference)
    units = load_unit_tree(units_path) if units_path else None
    plan = read_plan(targets_path) if targets_path else None
    values, sheets = read_values(values_path, form, units)
    engine = Engine(form, units)
    world = engine.world(values)
    run = ValidationRun(sheets)
    violations: list[dict[str, Any]] = []
    parse_errors: list[dict[str, Any]] = []
    not_checked: list[dict[str, Any]] = []
    lines = run.lines

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
            run.failed = run.failed or v.is_error
            add(v)
        for p in report.parse_errors:
            run.failed = True
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
    run.output = {"violations": violations, "parse_errors": parse_errors, "not_checked": not_checked}
    if plan is not None:
        from validators.targets import judge_run

        judged, found = judge_run(form, plan, world, sheets)
        # judged against the plan, listed after the arithmetic checks and never mixed with them
        for v in found:
            run.failed = run.failed or v.is_error
            add(v)
        run.output["targets"] = [{
            "unit": j.unit, "period": j.period, "indicator": j.indicator, "column": j.column,
            "target": j.target.text, "value": j.shown, "status": j.status,
        } for j in judged]
        for (unit, period) in sheets:
            mine = [j for j in judged if j.unit == unit and j.period == period]
            if mine:
                lines.append(f"Kế hoạch: {unit} {period}: {summary(mine)}")
    return run
