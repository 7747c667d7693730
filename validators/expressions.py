"""Rule expressions (FORMS.md §2) parsed by a small Pratt parser into a frozen, typed tree.

Nothing here evaluates anything; ``validators.evaluation`` compiles the tree into closures. No ``eval`` anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from forms.errors import BieumauError
from forms.expression_names import FUNCTIONS
from forms.expression_tokens import Token, TokenError, tokenize
from forms.limits import (
    MAX_EXPRESSION_DEPTH,
    MAX_EXPRESSION_TOKENS,
    depth_problem,
    expression_length_problem,
    number_problem,
    round_places_problem,
    tokens_problem,
)
from forms.messages import Msg

CROSS_FUNCTIONS = frozenset({"prev", "prev_year", "same_year", "children"})
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "~="})
_ARITY: dict[str, tuple[int, int | None]] = {
    "sum": (1, None), "count": (1, None), "min": (1, None), "max": (1, None), "abs": (1, 1),
    "round": (1, 2), "blank": (1, 1), "if": (3, 3), "prev": (1, 1), "prev_year": (1, 1),
    "same_year": (2, 2), "children": (1, 1),
}


class ExpressionError(BieumauError):
    """An expression that cannot be parsed; ``column`` is 1-based."""

    code = "expression"

    def __init__(self, text: str, column: int, reason: str | Msg) -> None:
        super().__init__(Msg("expression.at", text=text, column=column, reason=reason))
        self.column = column
        self.reason = str(reason)  # Vietnamese


# --- the tree -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal
    pos: int


@dataclass(frozen=True, slots=True)
class String:
    value: str
    pos: int


@dataclass(frozen=True, slots=True)
class Boolean:
    value: bool
    pos: int


@dataclass(frozen=True, slots=True)
class Name:
    """An indicator, optionally fixed to one column (``bts.th``)."""

    indicator: str
    column: str | None
    pos: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class Arithmetic:
    op: str  # + - * /
    left: Expr
    right: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # == != < <= > >= ~=
    left: Expr
    right: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class Logical:
    op: str  # and | or
    left: Expr
    right: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    pos: int


Expr = Number | String | Boolean | Name | Negate | Arithmetic | Compare | Logical | Not | Call


# --- tokens ---------------------------------------------------------------------------------------
def _tokens(text: str) -> list[Token]:
    """``forms.expression_tokens.tokenize``, with the reason a character starts no token."""
    try:
        return tokenize(text)
    except TokenError as exc:
        if exc.char == "=":
            raise ExpressionError(text, exc.pos, Msg("expression.single_equals")) from None
        if exc.char in "\"'":
            raise ExpressionError(text, exc.pos, Msg("expression.open_string")) from None
        raise ExpressionError(text, exc.pos, Msg("expression.bad_char", char=exc.char)) from None


# --- parser ---------------------------------------------------------------------------------------
_BINDING = {"or": 10, "and": 20, "==": 40, "!=": 40, "<": 40, "<=": 40, ">": 40, ">=": 40, "~=": 40,
            "+": 50, "-": 50, "*": 60, "/": 60}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        too_long = expression_length_problem(text)
        if too_long is not None:
            raise ExpressionError(text[:60] + "…", 1, too_long)
        self.tokens = _tokens(text)
        if len(self.tokens) > MAX_EXPRESSION_TOKENS:
            raise ExpressionError(text, 1, tokens_problem())
        self.i = 0
        self.depth = 0  # nested expression() calls: brackets, calls, prefix operators

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, token: Token, reason: str | Msg) -> ExpressionError:
        return ExpressionError(self.text, token.pos, reason)

    def expect(self, text: str) -> Token:
        token = self.peek()
        if token.text != text or token.kind not in ("op", "keyword"):
            found = Msg("expression.the_end") if token.kind == "end" else f"«{token.text}»"
            raise self.fail(token, Msg("expression.expected", wanted=text, found=found))
        return self.take()

    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise self.fail(self.peek(), Msg("expression.empty"))
        expr = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            raise self.fail(token, Msg("expression.trailing", token=token.text))
        return expr

    def expression(self, min_binding: int) -> Expr:
        self.depth += 1
        if self.depth > MAX_EXPRESSION_DEPTH:
            raise self.fail(self.peek(), depth_problem())
        try:
            return self._expression(min_binding)
        finally:
            self.depth -= 1

    def _expression(self, min_binding: int) -> Expr:
        left = self.prefix()
        compared = False  # a comparison built here, not one in brackets: "(a == b) == c" is allowed
        while True:
            token = self.peek()
            op = token.text if token.kind in ("op", "keyword") else None
            binding = _BINDING.get(op or "")
            if binding is None or binding <= min_binding:
                return left
            self.take()
            right = self.expression(binding)
            if op in ("and", "or"):
                left, compared = Logical(op, left, right, token.pos), False
            elif op in COMPARISONS:
                if compared:
                    raise self.fail(token, Msg("expression.chained"))
                left = Compare(op, left, right, token.pos)
                compared = True
            else:
                left, compared = Arithmetic(op, left, right, token.pos), False  # type: ignore[arg-type]

    def prefix(self) -> Expr:
        token = self.take()
        if token.kind == "number":
            value = Decimal(token.text)
            beyond = number_problem(value)
            if beyond is not None:
                raise self.fail(token, f"hằng số «{token.text[:60]}»: {beyond}")
            return Number(value, token.pos)
        if token.kind == "string":
            return String(token.text[1:-1], token.pos)
        if token.kind == "keyword":
            if token.text in ("true", "false"):
                return Boolean(token.text == "true", token.pos)
            if token.text == "not":
                return Not(self.expression(30), token.pos)
            raise self.fail(token, Msg("expression.no_left", token=token.text))
        if token.kind == "op":
            if token.text == "-":
                return Negate(self.expression(70), token.pos)
            if token.text == "+":
                return self.expression(70)
            if token.text == "(":
                inner = self.expression(0)
                self.expect(")")
                return inner
            raise self.fail(token, Msg("expression.unexpected", token=token.text))
        if token.kind == "name":
            if self.peek().text == "(" and self.peek().kind == "op":
                return self.call(token)
            indicator, _, column = token.text.partition(".")
            return Name(indicator, column or None, token.pos)
        raise self.fail(token, Msg("expression.unfinished"))

    def call(self, name: Token) -> Call:
        function = name.text
        if "." in function or function not in FUNCTIONS:
            raise self.fail(name, Msg("expression.unknown_function", function=function))
        self.expect("(")
        args: list[Expr] = []
        if not (self.peek().kind == "op" and self.peek().text == ")"):
            while True:
                args.append(self.expression(0))
                if self.peek().kind == "op" and self.peek().text == ",":
                    self.take()
                    continue
                break
        self.expect(")")
        low, high = _ARITY[function]
        if len(args) < low or (high is not None and len(args) > high):
            wanted = str(low) if low == high else (f"{low}–{high}" if high else f"ít nhất {low}")
            raise self.fail(name, f"hàm «{function}» cần {wanted} đối số, có {len(args)}")
        if function == "round" and len(args) == 2:
            places = _constant(args[1])
            wrong = round_places_problem(places) if places is not None else None
            if wrong is not None:
                raise self.fail(name, wrong)
        return Call(function, tuple(args), name.pos)


def _constant(expr: Expr) -> Decimal | None:
    """The value of a number written as a literal ("2", "-1"), else None."""
    if isinstance(expr, Number):
        return expr.value
    if isinstance(expr, Negate) and isinstance(expr.operand, Number):
        return -expr.operand.value
    return None


def _depth(expr: Expr) -> int:
    """How deep the tree nests, walked without recursion: "a + b + c + …" nests one level per term."""
    deepest = 0
    stack = [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children_of(node))
    return deepest


def parse(text: str) -> Expr:
    """Parse a rule expression; raises ``ExpressionError`` with the 1-based column. A tree deeper than
    the limit is refused here, since compiling and evaluating it recurse once per level."""
    tree = _Parser(text).parse()
    if _depth(tree) > MAX_EXPRESSION_DEPTH:
        raise ExpressionError(text, 1, depth_problem())
    return tree


def syntax_problem(text: str) -> tuple[int, str] | None:
    """``(column, Vietnamese reason)`` of the first syntax problem, or ``None`` (the loader's hook)."""
    try:
        parse(text)
    except ExpressionError as exc:
        return exc.column, exc.reason
    return None


# --- what a tree reads ----------------------------------------------------------------------------
def children_of(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, (Negate, Not)):
        return (expr.operand,)
    if isinstance(expr, (Arithmetic, Compare, Logical)):
        return (expr.left, expr.right)
    if isinstance(expr, Call):
        return expr.args
    return ()


def names(expr: Expr, local_only: bool = False) -> set[tuple[str, str | None]]:
    """Every ``(indicator, column or None)`` the expression names.

    ``local_only`` leaves out names read inside ``prev``/``prev_year``/``children``: those are
    other periods or units, not cells of the sheet being edited.
    """
    found: set[tuple[str, str | None]] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            found.add((node.indicator, node.column))
        elif local_only and isinstance(node, Call) and node.function in CROSS_FUNCTIONS:
            continue
        stack.extend(children_of(node))
    return found


def functions(expr: Expr) -> set[str]:
    """The functions an expression calls."""
    found: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Call):
            found.add(node.function)
        stack.extend(children_of(node))
    return found


def uses_prev(expr: Expr) -> bool:
    return bool(functions(expr) & {"prev", "prev_year", "same_year"})


def uses_children(expr: Expr) -> bool:
    return "children" in functions(expr)
