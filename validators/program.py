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
            try:
                program.rules[rule.id] = parse(rule.expr)
            except ExpressionError as exc:
                raise BieumauError(
                    f"{form.source or form.id}, quy tắc «{rule.id}»: {exc.message}", "definition"
                ) from None
        for ind in form.indicators:
            if ind.computed:
                try:
                    program.computed[ind.id] = parse(ind.computed)
                except ExpressionError as exc:
                    raise BieumauError(
                        f"{form.source or form.id}, chỉ tiêu «{ind.id}»: {exc.message}", "definition"
                    ) from None
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
