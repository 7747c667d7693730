"""The one tokenizer of rule expressions (FORMS.md §2), shared by the loader's name check
(``forms.expression_names``) and the parser (``validators.expressions``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<number>\d+(?:\.\d+)?)
    | (?P<string>"[^"]*"|'[^']*')
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
    | (?P<op>~=|==|!=|<=|>=|[-+*/()<>,])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number string name op keyword end
    text: str
    pos: int  # 1-based


class TokenError(ValueError):
    """A character that starts no token; ``pos`` is 1-based, ``char`` the character itself."""

    def __init__(self, pos: int, char: str) -> None:
        super().__init__(pos)
        self.pos = pos
        self.char = char


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, keywords lower-cased, ending with an ``end`` token; raises ``TokenError``."""
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise TokenError(pos + 1, text[pos])
        kind = m.lastgroup or ""
        if kind != "space":
            value = m.group(kind)
            if kind == "name" and value.lower() in KEYWORDS:
                kind, value = "keyword", value.lower()
            out.append(Token(kind, value, pos + 1))
        pos = m.end()
    out.append(Token("end", "", len(text) + 1))
    return out
