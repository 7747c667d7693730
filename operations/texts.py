"""Texts an operation words for both the command line and the windows: written in Vietnamese inside a
``tr("…")`` call whose ``tr`` is a parameter, so the CLI passes nothing (Vietnamese as written) and a
window passes ``desktop.i18n.tr`` (the installed language); lupdate reads the marks here as in desktop/."""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def vietnamese(text: str) -> str:
    """The untranslated source text: what the command line prints."""
    return text


def arg(template: str, *values: object) -> str:
    """``%1``, ``%2``… replaced, highest number first (so %1 never eats %10), as ``QString.arg``."""
    out = template
    for i in range(len(values), 0, -1):
        out = out.replace(f"%{i}", str(values[i - 1]))
    return out


def date_vi(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""
