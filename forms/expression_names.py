"""The names a rule expression reads, found by a small tokenizer.

The full parser lives in ``validators.expressions``; this is enough for the loader to check that
every identifier and function names something that exists, without ``forms`` importing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTIONS = frozenset(
    {"sum", "count", "min", "max", "abs", "round", "blank", "if", "prev", "prev_year", "same_year", "children"}
)
KEYWORDS = frozenset({"and", "or", "not", "true", "false"})

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"[^"]*"|'[^']*')
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
      | (?P<op>~=|==|!=|<=|>=|[-+*/()<>,])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class NameUse:
    name: str
    column: str | None
    is_function: bool
    position: int


def names_in(expression: str) -> list[NameUse]:
    """Every identifier and function call of ``expression``, in order.

    Raises ``ValueError`` with the position of the first character that is not a token.
    """
    uses: list[NameUse] = []
    pos = 0
    text = expression.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(pos + 1)
        name = m.group("name")
        if name and name.lower() not in KEYWORDS:
            following = text[m.end():].lstrip()
            is_function = following.startswith("(") and "." not in name
            base, _, column = name.partition(".")
            uses.append(NameUse(base, column or None, is_function, m.start("name") + 1))
        pos = m.end()
    return uses


def second_arguments(expression: str, function: str) -> list[str]:
    """The text of the second argument of every call to ``function`` ("half" in same_year(x, "half"))."""
    tokens: list[str] = []
    pos, text = 0, expression.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return []  # the loader reports the bad character itself
        tokens.append(m.group().strip())
        pos = m.end()
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
