"""What any database accepts: the one guard every stored text, code and number passes, on SQLite and PostgreSQL alike.

PostgreSQL refuses a NUL character, a code longer than its column and numbers beyond its range, where
SQLite stores them; the same input must give the same outcome whichever database a province runs. The
column types in ``storage.schema`` call these checks as they bind each value (writes and look-ups), so
both databases refuse such input before it reaches them, with the same Vietnamese reason.
"""

from __future__ import annotations

from decimal import Decimal

from forms.errors import BieumauError
from forms.messages import Msg

# Digits of a stored number written out in full, before and after the point: far inside PostgreSQL's
# NUMERIC, and its text fits the 64-character column SQLite keeps it in.
NUMBER_DIGITS = 60
_PREVIEW = 24
# PostgreSQL's INTEGER; SQLite's would hold more.
INTEGER_MAX = 2**31 - 1


class InputError(BieumauError):
    code = "input"


def _preview(value: str) -> str:
    shown = value.replace("\x00", "␀")
    return shown if len(shown) <= _PREVIEW else shown[:_PREVIEW] + "…"


def check_text(value: str, limit: int | None, what: str) -> None:
    """Refuse a NUL character anywhere, and more than ``limit`` characters when the column has a limit."""
    if "\x00" in value:
        raise InputError(Msg("input.nul", what=what[:1].upper() + what[1:], value=_preview(value)), "nul_character")
    if limit is not None and len(value) > limit:
        raise InputError(Msg("input.too_long", what=what[:1].upper() + what[1:], value=_preview(value),
                             length=len(value), limit=limit), "too_long")


def check_number(value: Decimal) -> Decimal:
    """Refuse a number not every database can hold: not finite, or more than ``NUMBER_DIGITS`` digits written out."""
    if not value.is_finite():
        raise InputError(Msg("input.not_finite", value=value), "number_range")
    exponent = int(value.as_tuple().exponent)
    digits = max(value.adjusted() + 1, 1) + max(-exponent, 0)
    if digits > NUMBER_DIGITS:
        shown = f"{digits:,}".replace(",", ".")
        raise InputError(Msg("input.too_many_digits", value=_preview(str(value)), digits=shown,
                             limit=NUMBER_DIGITS), "number_range")
    return value


def check_integer(value: int, what: str) -> None:
    """Refuse a whole number outside PostgreSQL's INTEGER, which SQLite would have stored."""
    if not -INTEGER_MAX - 1 <= value <= INTEGER_MAX:
        limit = f"{INTEGER_MAX:,}".replace(",", ".")
        raise InputError(Msg("input.integer_range", what=what[:1].upper() + what[1:], value=_preview(str(value)),
                             limit=limit), "number_range")
