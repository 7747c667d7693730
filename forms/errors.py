"""The one base exception for expected failures, carrying a Vietnamese message and a code."""

from __future__ import annotations


class BieumauError(Exception):
    """An expected failure: bad input, refused operation. Never a bug.

    ``message`` is a complete Vietnamese sentence shown as is in the UI and on stderr;
    ``code`` is a stable English token for tests and scripts.
    """

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

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
