"""Opening the app's context loads what the first window needs and nothing heavier: the spreadsheet,
PDF and Word libraries, the migration tool, the YAML parser, the ORM and Babel's locale data wait until something asks for them.

Each check runs in a fresh interpreter, since this test process has long imported everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "openpyxl", "xlsxwriter", "python_calamine", "reportlab", "docx", "docxtpl", "pandas", "alembic", "yaml",
    "sqlalchemy.orm", "PySide6", "babel",
)

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _loaded(body: str, home: Path) -> list[str]:
    env = {**os.environ, "BIEUMAU_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", PROBE.format(body=body, heavy=HEAVY)], capture_output=True,
                         text=True, env=env, check=True, cwd=Path(__file__).resolve().parents[2])
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_command_line_starts_without_any_heavy_library(tmp_path: Path) -> None:
    assert _loaded("import cli.main, operations.context", tmp_path) == []


def test_opening_the_context_loads_no_spreadsheet_pdf_word_yaml_or_orm_library(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    _loaded(f"from operations.context import open_context; open_context({str(db)!r})", tmp_path)  # seeds demo data
    body = f"from operations.context import open_context; ctx = open_context({str(db)!r}); assert ctx.catalogue"
    assert _loaded(body, tmp_path) == []


def test_a_stored_definition_the_bundle_already_holds_is_not_checked_again(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    _loaded(f"from operations.context import open_context; open_context({str(db)!r})", tmp_path)
    body = f"from operations.context import open_context; open_context({str(db)!r})"
    probe = PROBE.replace("{heavy!r}", "('cerberus',)")
    env = {**os.environ, "BIEUMAU_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe.format(body=body)], capture_output=True, text=True, env=env,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []  # the definition checker never ran


def test_vietnamese_figures_are_written_without_loading_locale_data(tmp_path: Path) -> None:
    body = ("from decimal import Decimal; from forms.numbers import format_number; "
            "assert format_number(Decimal('1242.5'), 1) == '1.242,5'")
    assert _loaded(body, tmp_path) == []


def test_opening_the_app_parses_its_own_arguments_without_importing_the_other_commands(tmp_path: Path) -> None:
    body = ("from cli.main import main; import sys; assert main(['--period', 'quý 9']) == 2; "
            "assert not [m for m in sys.modules if m.startswith('cli.commands.') and m != 'cli.commands.gui']")
    assert _loaded(body, tmp_path) == []  # a bad period is refused before any window or database opens
