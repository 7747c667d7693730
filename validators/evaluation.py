"""Evaluating an expression tree on ``Decimal`` values of one sheet, with the three missing-value modes.

A blank reaching an operator skips the rule (``skip``), counts as 0 (``zero``) or is itself the
violation (``error``); an unreadable cell always skips, since its parse problem is reported already.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import TYPE_CHECKING

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
    """Where an expression is evaluated: a sheet, the column bare names mean, the missing mode."""

    __slots__ = ("blanks", "cells", "column", "compared", "mode")

    def __init__(self, cells: Cells, column: str, mode: str = "skip") -> None:
        self.cells = cells
        self.column = column
        self.mode = mode
        self.blanks: list[tuple[str, str]] = []
        # the last comparison that came out false: (left, right) for the violation's two figures
        self.compared: tuple[Value, Value] | None = None

    def elsewhere(self, cells: Cells) -> Env:
        other = Env(cells, self.column, self.mode)
        other.blanks = self.blanks
        return other


def quantize(value: Decimal, places: int) -> Decimal:
    """Round half-up, as people do: 32,125 → 32,13."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _present(value: Value, env: Env) -> Decimal | bool | str:
    if isinstance(value, Sentinel):
        if value is UNREADABLE:
            raise Skip
        if env.mode == "zero":
            return ZERO
        if env.mode == "error":
            raise Missing
        raise Skip
    return value


def _number(value: Value, env: Env) -> Decimal:
    found = _present(value, env)
    if isinstance(found, bool):
        return Decimal(int(found))
    if isinstance(found, Decimal):
        return found
    raise NotEvaluable(f"«{found}» là chữ, không tính toán được")


def _truth(value: Value, env: Env) -> bool:
    found = _present(value, env)
    if isinstance(found, bool):
        return found
    if isinstance(found, Decimal):
        return found != 0
    raise NotEvaluable(f"«{found}» không phải điều kiện đúng/sai")


def evaluate(expr: Expr, env: Env) -> Value:
    """The value of ``expr``; raises ``Skip``, ``Missing`` or ``NotEvaluable``."""
    kind = type(expr)
    if kind is Name:
        column = expr.column or env.column  # type: ignore[union-attr]
        value = env.cells.value(expr.indicator, column)  # type: ignore[union-attr]
        if value is BLANK:
            env.blanks.append((expr.indicator, column))  # type: ignore[union-attr]
        return value
    if kind is Number or kind is String or kind is Boolean:
        return expr.value  # type: ignore[union-attr]
    if kind is Arithmetic:
        left = _number(evaluate(expr.left, env), env)  # type: ignore[union-attr]
        right = _number(evaluate(expr.right, env), env)  # type: ignore[union-attr]
        op = expr.op  # type: ignore[union-attr]
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if right == 0:
            raise NotEvaluable("chia cho 0")
        try:
            return left / right
        except (DivisionByZero, InvalidOperation):  # pragma: no cover - guarded above
            raise NotEvaluable("chia cho 0") from None
    if kind is Compare:
        return _compare(expr, env)  # type: ignore[arg-type]
    if kind is Logical:
        left_true = _truth(evaluate(expr.left, env), env)  # type: ignore[union-attr]
        if expr.op == "and":  # type: ignore[union-attr]
            return left_true and _truth(evaluate(expr.right, env), env)  # type: ignore[union-attr]
        return left_true or _truth(evaluate(expr.right, env), env)  # type: ignore[union-attr]
    if kind is Not:
        return not _truth(evaluate(expr.operand, env), env)  # type: ignore[union-attr]
    if kind is Negate:
        return -_number(evaluate(expr.operand, env), env)  # type: ignore[union-attr]
    if kind is Call:
        return _call(expr, env)  # type: ignore[arg-type]
    raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover


def written_decimals(expr: Expr, env: Env) -> int:
    """The precision the left side of ``~=`` was written with: the cell's, or the most of its cells'."""
    if isinstance(expr, Name):
        return env.cells.decimals(expr.indicator, expr.column or env.column)
    places = [env.cells.decimals(n, c or env.column) for n, c in names(expr, local_only=True)]
    return max(places, default=0)


def _compare(expr: Compare, env: Env) -> bool:
    left = _present(evaluate(expr.left, env), env)
    right = _present(evaluate(expr.right, env), env)
    op = expr.op
    if op == "~=":
        places = written_decimals(expr.left, env)
        left_n, right_n = _number(left, env), _number(right, env)
        left, right = quantize(left_n, places), quantize(right_n, places)
        result = left == right
    elif op in ("==", "!="):
        if isinstance(left, Decimal) and isinstance(right, Decimal):
            same = left == right
        elif isinstance(left, str) and isinstance(right, str):
            same = left.casefold() == right.casefold()
        else:
            same = left == right and type(left) is type(right)
        result = same if op == "==" else not same
    else:
        left_n, right_n = _number(left, env), _number(right, env)
        if op == "<":
            result = left_n < right_n
        elif op == "<=":
            result = left_n <= right_n
        elif op == ">":
            result = left_n > right_n
        else:
            result = left_n >= right_n
    if not result:
        env.compared = (left, right)
    return result


def _call(expr: Call, env: Env) -> Value:
    fn = expr.function
    args = expr.args
    if fn == "if":
        if _truth(evaluate(args[0], env), env):
            return evaluate(args[1], env)
        return evaluate(args[2], env)
    if fn == "blank":
        return evaluate(args[0], env) is BLANK
    if fn == "count":
        return Decimal(sum(1 for a in args if evaluate(a, env) is not BLANK))
    if fn in ("prev", "prev_year"):
        cells = env.cells
        if cells.world is None:
            raise NotEvaluable(f"không đọc được số liệu kỳ trước cho {fn}()")
        sheets = cells.previous if fn == "prev" else cells.year_before
        return summed([evaluate(args[0], env.elsewhere(s)) for s in sheets])
    if fn == "children":
        cells = env.cells
        if cells.world is None:
            raise NotEvaluable("cần danh mục đơn vị (--units) để tính children()")
        kids = cells.world.children(cells.unit, cells.period)
        return summed([evaluate(args[0], env.elsewhere(s)) for s in kids])
    values = [_number(evaluate(a, env), env) for a in args]
    if fn == "sum":
        return sum(values, ZERO)
    if fn == "min":
        return min(values)
    if fn == "max":
        return max(values)
    if fn == "abs":
        return abs(values[0])
    if fn == "round":
        places = int(values[1]) if len(values) > 1 else 0
        return quantize(values[0], places)
    raise NotEvaluable(f"hàm «{fn}» không được hỗ trợ")  # pragma: no cover - the parser refuses it


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
