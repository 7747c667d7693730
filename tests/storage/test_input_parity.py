"""SQLite and PostgreSQL accept the same inputs: what one refuses the other refuses first, with the same reason."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from forms.errors import BieumauError
from forms.model import Form
from forms.units import Unit
from storage.comments import read_comments, set_comment
from storage.database import Database
from storage.forms import register_form
from storage.status import get_status, set_status
from storage.units import save_units
from storage.values import CommentRow, ValueRow, import_values, read_values, write_value
from tests.conftest import stored_state
from tests.storage.conftest import make_form

LONG_CODE = "X" * 71
HUGE = "1" * 100_000
NUL = "Trạm\x00BTS"

Action = Callable[[Database, Form], Any]

HOSTILE: dict[str, Action] = {
    "NUL in a typed text": lambda db, form: write_value(db, form, "X11", "2024Q2", "ghi_chu", "th", NUL, user="lan"),
    "NUL in an imported text": lambda db, form: import_values(
        db, form, [ValueRow("X11", "2024Q2", "bts", "th", "3"), ValueRow("X12", "2024Q2", "ghi_chu", "th", NUL)],
        user="lan", source="import:a.csv"),
    "NUL in a note": lambda db, form: set_comment(db, "KT-01", "X11", "2024Q2", "bts", "th", NUL, user="lan"),
    "NUL in an imported note": lambda db, form: import_values(
        db, form, [ValueRow("X11", "2024Q2", "bts", "th", "3")], user="lan", source="import:a.xlsx",
        comments=[CommentRow("X11", "2024Q2", "bts", "th", "justification", NUL)]),
    "NUL in a unit name": lambda db, form: save_units(db, [Unit("X13", NUL, "xa", "H1")], user="lan"),
    "NUL in the user name": lambda db, form: write_value(db, form, "X11", "2024Q2", "bts", "th", "1", user="l\x00n"),
    "71-character unit code in a value": lambda db, form: write_value(
        db, form, LONG_CODE, "2024Q2", "bts", "th", "1", user="lan"),
    "71-character unit code in an import": lambda db, form: import_values(
        db, form, [ValueRow("X11", "2024Q2", "bts", "th", "1"), ValueRow(LONG_CODE, "2024Q2", "bts", "th", "1")],
        user="lan", source="import:a.csv"),
    "71-character unit code in the unit list": lambda db, form: save_units(
        db, [Unit(LONG_CODE, "Xã Dài", "xa", "H1")], user="lan"),
    "71-character unit code in a note": lambda db, form: set_comment(
        db, "KT-01", LONG_CODE, "2024Q2", "bts", "th", "ghi chú", user="lan"),
    "71-character unit code looked up": lambda db, form: get_status(db, "KT-01", LONG_CODE, "2024Q2"),
    "form version beyond INTEGER": lambda db, form: write_value(
        db, make_form(version=3_000_000_000), "X11", "2024Q2", "bts", "th", "1", user="lan"),
    "error count beyond INTEGER": lambda db, form: set_status(
        db, "KT-01", "X11", "2024Q2", "da_kiem_tra", user="lan", error_count=2**40),
}


def _outcome(db: Database, form: Form, action: Action) -> tuple[str, str, str]:
    before = stored_state(db)
    try:
        action(db, form)
    except BieumauError as exc:
        assert stored_state(db) == before, "a refused input left rows behind"
        return type(exc).__name__, exc.code, exc.message
    return "stored", "", ""


def test_hostile_inputs_are_refused_alike_before_either_database(db: Database, pg_db: Database, form) -> None:
    register_form(db, form)
    register_form(pg_db, form)
    for name, action in HOSTILE.items():
        on_sqlite, on_postgres = _outcome(db, form, action), _outcome(pg_db, form, action)
        assert on_sqlite == on_postgres, name
        kind, code, message = on_sqlite
        assert kind == "InputError" and code in ("nul_character", "too_long", "number_range"), (name, on_sqlite)
        assert "Traceback" not in message and message.endswith("."), message


def test_the_reasons_name_what_and_why(db: Database, form) -> None:
    outcomes = {name: _outcome(db, form, action)[2] for name, action in HOSTILE.items()}
    assert outcomes["NUL in a typed text"].startswith("Giá trị «Trạm␀BTS» chứa ký tự NUL")
    assert outcomes["NUL in a note"].startswith("Ghi chú «Trạm␀BTS» chứa ký tự NUL")
    assert outcomes["NUL in a unit name"].startswith("Tên đơn vị «Trạm␀BTS»")
    assert "Mã đơn vị «XXXXXXXXXXXXXXXXXXXXXXXX…» dài 71 ký tự, vượt giới hạn 64 ký tự." in (
        outcomes["71-character unit code in a value"])


def test_inputs_at_the_limits_are_stored_alike(db: Database, pg_db: Database, form) -> None:
    code = "X" * 64
    number = "9" * 15 + ",5"  # forms/limits.py: 15 digits before the separator
    results = []
    for target in (db, pg_db):
        save_units(target, [Unit(code, "Xã Mã Dài", "xa", "H1")], user="lan")
        write_value(target, form, code, "2024Q2", "cap", "th", number, user="lan")
        set_comment(target, "KT-01", code, "2024Q2", "cap", "th", "Ghi chú\tcó tab", user="lan")
        results.append((read_values(target, "KT-01", code, "2024Q2")[("cap", "th")].number,
                        read_comments(target, "KT-01", code, "2024Q2")))
    assert results[0] == results[1]
    assert results[0][0] == Decimal("9" * 15 + ".5")


def test_a_figure_of_100_000_digits_is_kept_as_typed_and_never_a_number_on_either_database(
        db: Database, pg_db: Database, form) -> None:
    # forms/limits.py reads it as past the limits before storage sees a number: the same on both databases
    for target in (db, pg_db):
        register_form(target, form)
        write_value(target, form, "X11", "2024Q2", "bts", "th", HUGE, user="lan")
        import_values(target, form, [ValueRow("X11", "2024Q2", "cap", "th", "0," + "5" * 100_000)],
                      user="lan", source="api")
    stored = [read_values(target, "KT-01", "X11", "2024Q2") for target in (db, pg_db)]
    for values in stored:
        assert values[("bts", "th")].raw == HUGE and values[("bts", "th")].number is None
        assert values[("cap", "th")].number is None
