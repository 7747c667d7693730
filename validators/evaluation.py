"""Evaluating an expression tree on ``Decimal`` values of one sheet, with the three missing-value modes.

``compile_expr`` turns a parsed tree into nested Python closures once per rule and column, so a
full validation does not walk the tree for every sheet; no source text is generated or executed.
A blank reaching an operator skips the rule (``skip``), counts as 0 (``zero``) or is itself the
violation (``error``); an unreadable cell always skips, since its parse problem is reported already.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import TYPE_CHECKING

from forms.errors import BieumauError
from forms.limits import round_places_problem
from forms.messages import say
from forms.notation import Figure
from forms.notation import compare as compare_intervals
from validators.cells import BLANK, UNREADABLE, NotEvaluable, Sentinel, Value
from validators.expressions import (
    Arithmetic,
    Boolean,
    Call,
    Compare,
    Expr,
    Logical,
    Name,
    Negate,
    Not,
    Number,
    String,
    names,
)

if TYPE_CHECKING:
    from validators.cells import Cells

ZERO = Decimal(0)


class Skip(Exception):
    """The rule reads a blank (``missing: skip``) or unreadable value: not checked."""


class Missing(Exception):
    """A blank read under ``missing: error``."""


class Env:
    """Where a compiled expression is evaluated: a sheet, and what the evaluation noticed."""

    __slots__ = ("blanks", "cells", "compared")

    def __init__(self, cells: Cells) -> None:
        self.cells = cells
        self.blanks: list[tuple[str, str]] = []
        # the last comparison that came out false: (left, right) for the violation's two figures
        self.compared: tuple[Value, Value] | None = None

    def elsewhere(self, cells: Cells) -> Env:
        other = Env(cells)
        other.blanks = self.blanks
        return other


Evaluator = Callable[[Env], Value]
Present = Callable[[Value], "Decimal | bool | str"]


_STEPS = tuple(Decimal(1).scaleb(-places) for places in range(13))  # 1, 0.1, 0.01 …


def quantize(value: Decimal, places: int) -> Decimal:
    """Round half-up, as people do: 32,125 → 32,13."""
    step = _STEPS[places] if 0 <= places < len(_STEPS) else Decimal(1).scaleb(-places)
    try:
        return value.quantize(step, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the arithmetic holds: products of large figures
        raise NotEvaluable(f"kết quả quá lớn để làm tròn tới {places} chữ số thập phân") from None


def _presenter(mode: str) -> Present:
    """What a blank or unreadable value becomes when an operator reads it."""
    def present(value: Value) -> Decimal | bool | str:
        if type(value) is Sentinel:
            if value is UNREADABLE:
                raise Skip
            if mode == "zero":
                return ZERO
            if mode == "error":
                raise Missing
            raise Skip
        return value  # type: ignore[return-value]
    return present


def _as_number(found: Decimal | bool | str | Figure) -> Decimal:
    if isinstance(found, bool):
        return Decimal(int(found))
    if isinstance(found, Decimal):
        return found
    if isinstance(found, Figure):
        if found.point is not None:  # "42/209" in a count is 42, "10/63" rank 10
            return found.point
        raise NotEvaluable(_uncertain(found))
    raise NotEvaluable(f"«{found}» là chữ, không tính toán được")


def _uncertain(*values: object) -> str:
    shown = ", ".join(f"«{v.text}» = {v.describe()}" for v in values if isinstance(v, Figure))
    return f"chưa kiểm tra được: {shown} là một khoảng, quy tắc không chắc đúng hay sai trên cả khoảng"


def _over_intervals(a: object, op: str, b: object) -> bool:
    """A comparison where a side is a qualified figure or a date: held or failed only when certain."""
    sides = []
    for side in (a, b):
        if isinstance(side, bool) or not isinstance(side, (Decimal, Figure)):
            raise NotEvaluable(f"«{side}» không so sánh được với một khoảng")
        sides.append(side)
    found = compare_intervals(sides[0], op, sides[1])
    if found is None:
        raise NotEvaluable(_uncertain(a, b))
    return found


def _as_truth(found: Decimal | bool | str) -> bool:
    if isinstance(found, bool):
        return found
    if isinstance(found, Decimal):
        return found != 0
    raise NotEvaluable(f"«{found}» không phải điều kiện đúng/sai")


_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def compile_expr(expr: Expr, column: str, mode: str = "skip") -> Evaluator:
    """A function of an ``Env`` giving ``expr``'s value, bare names meaning ``column``'s cells;
    it raises ``Skip``, ``Missing`` or ``NotEvaluable`` as the tree's evaluation would."""
    return _Compiler(column, mode).compile(expr)


class _Compiler:
    def __init__(self, column: str, mode: str) -> None:
        self.column = column
        self.mode = mode
        self.present = _presenter(mode)

    def number(self, expr: Expr) -> Callable[[Env], Decimal]:
        """``expr`` read as a number: a blank as the missing mode says, text refused."""
        present = self.present
        if type(expr) is Number:
            constant = expr.value
            return lambda env: constant
        if type(expr) is Name:  # the commonest operand, read without a separate call for the name
            key = (expr.indicator, expr.column or self.column)

            def cell(env: Env) -> Decimal:
                value = env.cells.value_at(key)
                if type(value) is Decimal:
                    return value
                if value is BLANK:
                    env.blanks.append(key)
                return _as_number(present(value))
            return cell
        part = self.compile(expr)

        def number(env: Env) -> Decimal:
            value = part(env)
            if type(value) is Decimal:
                return value
            return _as_number(present(value))
        return number

    def truth(self, part: Evaluator) -> Callable[[Env], bool]:
        present = self.present

        def truth(env: Env) -> bool:
            value = part(env)
            if type(value) is bool:
                return value
            return _as_truth(present(value))
        return truth

    def compile(self, expr: Expr) -> Evaluator:
        kind = type(expr)
        if kind is Name:
            return self.name(expr)  # type: ignore[arg-type]
        if kind is Number or kind is String or kind is Boolean:
            constant = expr.value  # type: ignore[union-attr]
            return lambda env: constant
        if kind is Arithmetic:
            return self.arithmetic(expr)  # type: ignore[arg-type]
        if kind is Compare:
            return self.compare(expr)  # type: ignore[arg-type]
        if kind is Logical:
            return self.logical(expr)  # type: ignore[arg-type]
        if kind is Not:
            operand = self.truth(self.compile(expr.operand))  # type: ignore[union-attr]
            return lambda env: not operand(env)
        if kind is Negate:
            negated = self.number(expr.operand)  # type: ignore[union-attr]
            return lambda env: -negated(env)
        if kind is Call:
            return self.call(expr)  # type: ignore[arg-type]
        raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover

    def name(self, expr: Name) -> Evaluator:
        key = (expr.indicator, expr.column or self.column)

        def name(env: Env) -> Value:
            value = env.cells.value_at(key)
            if value is BLANK:
                env.blanks.append(key)
            return value
        return name

    def arithmetic(self, expr: Arithmetic) -> Evaluator:
        left, right = self.number(expr.left), self.number(expr.right)
        op = expr.op
        if type(expr.right) is Number and op in ("+", "-", "*"):  # "prev(x) - 100"
            constant = expr.right.value
            if op == "+":
                return lambda env: left(env) + constant
            if op == "-":
                return lambda env: left(env) - constant
            return lambda env: left(env) * constant
        if op == "+":
            return lambda env: left(env) + right(env)
        if op == "-":
            return lambda env: left(env) - right(env)
        if op == "*":
            return lambda env: left(env) * right(env)

        def divide(env: Env) -> Decimal:
            top = left(env)
            bottom = right(env)
            if bottom == 0:
                raise NotEvaluable(say("violation.reason.division_by_zero"))
            try:
                return top / bottom
            except (DivisionByZero, InvalidOperation):  # pragma: no cover - guarded above
                raise NotEvaluable(say("violation.reason.division_by_zero")) from None
        return divide

    def compare(self, expr: Compare) -> Evaluator:
        left, right = self.compile(expr.left), self.compile(expr.right)
        present = self.present
        op = expr.op
        if op == "~=":
            return self.approximately(expr, left, right)
        if op in ("==", "!="):
            equal = op == "=="

            def same(env: Env) -> bool:
                a = present(left(env))
                b = present(right(env))
                if isinstance(a, Decimal) and isinstance(b, Decimal):
                    found = a == b
                elif type(a) is Figure or type(b) is Figure:
                    found = _over_intervals(a, "==", b)
                elif isinstance(a, str) and isinstance(b, str):
                    found = a.casefold() == b.casefold()
                else:
                    found = a == b and type(a) is type(b)
                result = found if equal else not found
                if not result:
                    env.compared = (a, b)
                return result
            return same
        holds = _ORDER[op]

        def ordered(env: Env) -> bool:
            a = left(env)
            if type(a) is not Decimal:
                a = present(a)
            b = right(env)
            if type(b) is not Decimal:
                b = present(b)
            if type(a) is Figure or type(b) is Figure:
                result = _over_intervals(a, op, b)
                if not result:
                    env.compared = (a, b)
                return result
            result = holds(a if type(a) is Decimal else _as_number(a), b if type(b) is Decimal else _as_number(b))
            if not result:
                env.compared = (a, b)
            return result
        return ordered

    def approximately(self, expr: Compare, left: Evaluator, right: Evaluator) -> Evaluator:
        """``a ~= b``: equal at the precision the left side was written with, the cell's or the most
        of its cells'."""
        present = self.present
        if isinstance(expr.left, Name):
            keys: tuple[tuple[str, str], ...] = ((expr.left.indicator, expr.left.column or self.column),)
        else:
            keys = tuple((n, c or self.column) for n, c in names(expr.left, local_only=True))

        def approximately(env: Env) -> bool:
            a = present(left(env))
            b = present(right(env))
            places = max((env.cells.reading_at(key)[1] for key in keys), default=0)
            a_n, b_n = _as_number(a), _as_number(b)
            a, b = quantize(a_n, places), quantize(b_n, places)
            result = a == b
            if not result:
                env.compared = (a, b)
            return result
        return approximately

    def logical(self, expr: Logical) -> Evaluator:
        left, right = self.truth(self.compile(expr.left)), self.truth(self.compile(expr.right))
        if expr.op == "and":
            return lambda env: left(env) and right(env)
        return lambda env: left(env) or right(env)

    def call(self, expr: Call) -> Evaluator:
        fn = expr.function
        if fn in ("sum", "min", "max", "abs", "round"):
            return self.numeric_call(fn, tuple(self.number(a) for a in expr.args))
        args = tuple(self.compile(a) for a in expr.args)
        if fn == "if":
            condition, then, otherwise = self.truth(args[0]), args[1], args[2]
            return lambda env: then(env) if condition(env) else otherwise(env)
        if fn == "blank":
            arg = args[0]
            return lambda env: arg(env) is BLANK
        if fn == "count":
            return lambda env: Decimal(sum(1 for a in args if a(env) is not BLANK))
        if fn in ("prev", "prev_year"):
            return self.earlier(fn, args[0])
        if fn == "same_year":
            return self.same_year(args[0], str(getattr(expr.args[1], "value", "")))
        if fn == "children":
            return self.children(args[0])
        raise TypeError(f"hàm «{fn}» không được hỗ trợ")  # pragma: no cover - the parser refuses it

    def numeric_call(self, fn: str, numbers: tuple[Callable[[Env], Decimal], ...]) -> Evaluator:
        if fn == "sum":
            return lambda env: sum([n(env) for n in numbers], ZERO)
        if fn == "min":
            return lambda env: min([n(env) for n in numbers])
        if fn == "max":
            return lambda env: max([n(env) for n in numbers])
        if fn == "abs":
            return lambda env: abs(numbers[0](env))

        def rounded(env: Env) -> Decimal:
            values = [n(env) for n in numbers]
            if len(values) > 1:
                wrong = round_places_problem(values[1])
                if wrong is not None:
                    raise NotEvaluable(f"round(): {wrong}")
            places = int(values[1]) if len(values) > 1 else 0
            return quantize(values[0], places)
        return rounded

    def earlier(self, fn: str, arg: Evaluator) -> Evaluator:
        def earlier(env: Env) -> Value:
            cells = env.cells
            if cells.world is None:
                raise NotEvaluable(f"không đọc được số liệu kỳ trước cho {fn}()")
            sheets = cells.previous if fn == "prev" else cells.year_before
            if len(sheets) == 1:  # summed() of one value is that value
                return arg(env.elsewhere(sheets[0]))
            return summed([arg(env.elsewhere(s)) for s in sheets])
        return earlier

    def same_year(self, arg: Evaluator, kind: str) -> Evaluator:
        """``same_year(x, "half")``: x in the period of that type holding this period's last day."""
        def same_year(env: Env) -> Value:
            cells = env.cells
            if cells.world is None:
                raise NotEvaluable(say("violation.reason.other_periods"))
            try:
                other = cells.period.in_year(kind)
            except BieumauError as exc:
                raise NotEvaluable(exc.message) from None
            if other == cells.period:
                return arg(env)
            sheets = cells.world.earlier(cells.unit, other)
            if len(sheets) == 1:
                return arg(env.elsewhere(sheets[0]))
            return summed([arg(env.elsewhere(s)) for s in sheets])
        return same_year

    def children(self, arg: Evaluator) -> Evaluator:
        def children(env: Env) -> Value:
            cells = env.cells
            if cells.world is None:
                raise NotEvaluable(say("violation.reason.no_units"))
            kids = cells.world.children(cells.unit, cells.period)
            return summed([arg(env.elsewhere(s)) for s in kids])
        return children


def summed(found: list[Value]) -> Value:
    """Sum over units (children, merged predecessors); blank when none of them has a value."""
    if any(v is UNREADABLE for v in found):
        return UNREADABLE
    present = [v for v in found if v is not BLANK]
    if not present:
        return BLANK
    if len(present) == 1:
        return present[0]
    numbers = [v for v in present if isinstance(v, Decimal) and not isinstance(v, bool)]
    if len(numbers) != len(present):
        return present[0]
    return sum(numbers, ZERO)
