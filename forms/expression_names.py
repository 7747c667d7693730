"""The names a rule expression reads, from the shared tokenizer (``forms.expression_tokens``).

The full parser lives in ``validators.expressions``; this is enough for the loader to check that
every identifier and function names something that exists, without ``forms`` importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from forms.expression_tokens import Token, tokenize

FUNCTIONS = frozenset(
    {"sum", "count", "min", "max", "abs", "round", "blank", "if", "prev", "prev_year", "same_year", "children"}
)


@dataclass(frozen=True, slots=True)
class NameUse:
    name: str
    column: str | None
    is_function: bool
    position: int


def names_in(expression: str) -> list[NameUse]:
    """Every identifier and function call of ``expression``, in order.

    Raises ``ValueError`` (a ``TokenError``) with the position of the first character that is not a token.
    """
    tokens = tokenize(expression)
    uses: list[NameUse] = []
    for token, following in pairwise(tokens):
        if token.kind != "name":
            continue
        is_function = _is_open(following) and "." not in token.text
        base, _, column = token.text.partition(".")
        uses.append(NameUse(base, column or None, is_function, token.pos))
    return uses


def _is_open(token: Token) -> bool:
    return token.kind == "op" and token.text == "("


def second_arguments(expression: str, function: str) -> list[str]:
    """The text of the second argument of every call to ``function`` ("half" in same_year(x, "half"))."""
    try:
        tokens = [t.text for t in tokenize(expression) if t.kind != "end"]
    except ValueError:
        return []  # the loader reports the bad character itself
    found: list[str] = []
    for i, token in enumerate(tokens):
        if token != function or i + 1 >= len(tokens) or tokens[i + 1] != "(":
            continue
        depth, argument, parts = 0, 0, []
        for t in tokens[i + 1:]:
            if t == "(":
                depth += 1
                if depth == 1:
                    continue
            elif t == ")":
                depth -= 1
                if depth == 0:
                    break
            elif t == "," and depth == 1:
                argument += 1
                continue
            if argument == 1:
                parts.append(t)
        found.append(" ".join(parts))
    return found
