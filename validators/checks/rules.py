"""The form's own rules: each checked once per value column (bare names mean that column's cell),
skipped for a column none of its rows use; a rule naming only ``id.col`` cells is checked once."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from forms.messages import say
from forms.model import Rule
from forms.notation import Figure
from validators.cells import Cells, NotEvaluable, Sentinel
from validators.checks import Check, texts_in, unchecked, violation
from validators.evaluation import Env, Missing, Skip, compile_expr
from validators.expressions import Expr, Name, children_of, names
from validators.program import Program
from validators.violations import Violation


def rule_columns(program: Program, rule: Rule, expr: Expr) -> list[str]:
    """The columns a rule is checked on."""
    form = program.form
    used = names(expr)
    bare = {ind for ind, col in used if col is None}
    if not bare:
        return [_first_explicit(expr) or form.column_ids[0]]
    candidates = rule.columns or form.column_ids
    return [c for c in candidates if any(form.uses_cell(ind, c) for ind in bare)]


def _first_explicit(expr: Expr) -> str | None:
    found: list[tuple[int, str]] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name) and node.column:
            found.append((node.pos, node.column))
        stack.extend(children_of(node))
    return min(found)[1] if found else None


def checks(program: Program) -> Iterator[Check]:
    for rule in program.form.rules:
        expr = program.rules[rule.id]
        for column in rule_columns(program, rule, expr):
            local = [(ind, col or column) for ind, col in sorted(names(expr, local_only=True), key=str)]
            cells = tuple(dict.fromkeys(k for k in local if program.form.uses_cell(*k)))
            yield Check(f"rule:{rule.id}@{column}", program.expand(local), _run(rule, expr, column, cells))


def _number(value: object) -> Decimal | None:
    if isinstance(value, Figure):  # the bound the comparison failed on; a date is no figure
        if value.qualifier == "date":
            return None
        return value.lo if value.lo is not None else value.hi
    return value if isinstance(value, Decimal) else None


def _run(rule: Rule, expr: Expr, column: str, cell_keys: tuple[tuple[str, str], ...]):
    evaluate = compile_expr(expr, column, rule.missing)

    def run(cells: Cells) -> list[Violation]:
        env = Env(cells)
        try:
            result = evaluate(env)
            if isinstance(result, Sentinel):
                return []  # a rule that is a bare blank cell states nothing
            ok = result if isinstance(result, bool) else (isinstance(result, Decimal) and result != 0)
        except Skip:
            return unchecked(cells, rule.id, column, texts_in(cells, cell_keys))
        except Missing:
            blanks = tuple(dict.fromkeys(env.blanks))
            return [violation(cells, rule.id, "missing", rule.severity, column, blanks or cell_keys,
                              params=(("blanks", blanks),), text=rule.message)]
        except NotEvaluable as exc:
            texts = texts_in(cells, cell_keys)
            if texts:  # text where the rule computes: not checked, said so, never a pass
                return unchecked(cells, rule.id, column, texts)
            return [violation(cells, rule.id, "not_evaluable", "warning", column, cell_keys,
                              params=(("reason", exc.reason),), text=rule.message)]
        except ArithmeticError:  # figures within the limits whose products or sums outgrow the arithmetic
            return [violation(cells, rule.id, "not_evaluable", "warning", column, cell_keys,
                              params=(("reason", say("violation.reason.overflow")),),
                              text=rule.message)]
        if ok:
            return []
        left, right = env.compared if env.compared else (None, None)
        return [violation(cells, rule.id, "rule", rule.severity, column, cell_keys,
                          _number(left), _number(right), (("expr", rule.expr),), rule.message)]
    return run
