"""A form prepared for checking: its rule and computed expressions parsed once, and the cells each reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from forms.errors import BieumauError
from forms.model import Form, Indicator
from forms.values import CellKey
from validators.expressions import Expr, ExpressionError, names, parse


@dataclass
class Program:
    form: Form
    rules: dict[str, Expr] = field(default_factory=dict)
    computed: dict[str, Expr] = field(default_factory=dict)

    @classmethod
    def of(cls, form: Form) -> Program:
        program = cls(form)
        for rule in form.rules:
            program.rules[rule.id] = _parse(form, f"quy tắc «{rule.id}»", rule.expr)
        for ind in form.indicators:
            if ind.computed:
                program.computed[ind.id] = _parse(form, f"chỉ tiêu «{ind.id}»", ind.computed)
        return program

    def numeric(self, indicator: Indicator, column: str) -> bool:
        return self.form.cell_type(indicator, column)[0] in ("integer", "decimal", "percent")

    def expand(self, cells: Iterable[CellKey]) -> frozenset[CellKey]:
        """The typed cells behind ``cells``: a computed cell stands for the cells its formula reads."""
        out: set[CellKey] = set()
        stack = list(cells)
        while stack:
            key = stack.pop()
            if key in out:
                continue
            out.add(key)
            expr = self.computed.get(key[0])
            if expr is not None:
                stack.extend((n, c or key[1]) for n, c in names(expr, local_only=True))
        return frozenset(out)


def _parse(form: Form, item: str, text: str) -> Expr:
    """``parse``, its refusal naming the form and the rule or indicator the expression belongs to."""
    try:
        return parse(text)
    except ExpressionError as exc:
        raise BieumauError(f"{form.source or form.id}, {item}: {exc.message}", "definition") from None
