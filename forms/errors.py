"""The one base exception for expected failures, carrying a Vietnamese message, a code and, when it was
raised from the message catalogue, the key and params to render it in another language."""

from __future__ import annotations

from typing import Any

from forms.messages import DEFAULT_LANGUAGE, Msg


class BieumauError(Exception):
    """An expected failure: bad input, refused operation. Never a bug.

    ``message`` is a complete Vietnamese sentence (what the command line prints);
    ``text(lang)`` is the same sentence in the reader's language when it was raised with a catalogue
    ``Msg`` (``key`` and ``params``), else the Vietnamese one; ``code`` is a stable English token for
    tests and scripts.
    """

    code = "error"
    key: str | None = None
    params: dict[str, Any]

    def __init__(self, message: str | Msg, code: str | None = None) -> None:
        self.params = {}
        if isinstance(message, Msg):
            self.key, self.params = message.key, message.params
            message = message.text(DEFAULT_LANGUAGE)
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``lang``; Vietnamese for one not raised from the catalogue."""
        return Msg(self.key, **self.params).text(lang) if self.key else self.message

    def as_msg(self) -> Msg | str:
        """The message to pass on inside another (a refusal's reason), still in every language."""
        return Msg(self.key, **self.params) if self.key else self.message

    def __str__(self) -> str:
        return self.message


class DefinitionError(BieumauError):
    """A form definition could not be used; ``problems`` lists every problem found."""

    code = "definition"

    def __init__(self, problems: list[DefinitionProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


class DefinitionProblem:
    """One problem of a definition file: where (file, item) and what (name, sentence)."""

    __slots__ = ("file", "item", "name", "text")

    def __init__(self, file: str, item: str, name: str, text: str) -> None:
        self.file, self.item, self.name, self.text = file, item, name, text

    def render(self) -> str:
        where = f"{self.file}" + (f", mục «{self.item}»" if self.item else "")
        what = f" «{self.name}»" if self.name else ""
        return f"{where}:{what} {self.text}"

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DefinitionProblem({self.render()!r})"
