"""The one catalogue of core messages — violations, refusals, hints and summaries — in Vietnamese and English.

``say(key, lang, **params)`` renders the key's template in ``lang`` (Vietnamese when the language has
none). Templates live in ``forms/messages.toml``, each key with a ``vi`` and an ``en`` text whose ``{name}``
fields are the params. A language may leave a param out only where the entry says so under ``ignores``
(the English of a parse problem cannot repeat the Vietnamese reason the parser wrote, for example).

New core messages go here and nowhere else; windows translate their own texts with Qt (desktop/i18n.py).
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOGUE_FILE = Path(__file__).with_name("messages.toml")  # shipped beside: wheel and installer both


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """Every entry by key, read once from the data file that ships beside this module."""
    # TOML, read by the standard library: a refusal at start-up (a bad --period) loads no YAML parser
    import tomllib

    with CATALOGUE_FILE.open("rb") as handle:
        return tomllib.load(handle)


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The raw template of ``key`` in ``lang``; a ``KeyError`` names an unknown key (a bug, not user input)."""
    entry = catalogue()[key]
    return entry.get(lang) or entry[DEFAULT_LANGUAGE]


def say(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; params a language does not use are ignored."""
    shown = {name: value.text(lang) if isinstance(value, Msg) else value for name, value in params.items()}
    return template(key, lang).format_map(shown)


def fields(text: str) -> set[str]:
    """The ``{name}`` params a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Msg:
    """A message not yet rendered: its key and params, so each reader gets it in their own language.

    A param that is itself a ``Msg`` (a refusal's reason) is rendered in the same language.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key, self.params = key, params

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return say(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Msg({self.key!r}, **{self.params!r})"
