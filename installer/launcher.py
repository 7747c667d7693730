"""Entry point of the PyInstaller bundle: the ``bieumau`` command line, as the console script runs it.

It also serves the desktop integrations, which hand over a bare file: ``bieumau FILE.xlsx`` (the Windows
"Mở bằng bieumau" menu, the Linux .desktop entry) opens the app on that workbook's form, unit and period.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _ensure_streams() -> None:
    # A windowed Windows build has no console: print() and argparse would fail on a None stream.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")


def opened_file_arguments(argv: list[str]) -> list[str]:
    """``[FILE.xlsx]`` → the ``gui`` arguments for the place the workbook holds; other lines unchanged."""
    if len(argv) != 1 or not argv[0].lower().endswith(".xlsx") or not Path(argv[0]).is_file():
        return argv
    try:
        from workbooks.reading import read_workbook

        content = read_workbook(Path(argv[0]))
        return ["gui", "--form", content.form_id, "--unit", content.unit_code, "--period", content.period_code]
    except Exception:  # not a bieumau workbook, or a damaged one: just open the app
        return ["gui"]


if __name__ == "__main__":
    _ensure_streams()
    from cli.main import main

    raise SystemExit(main(opened_file_arguments(sys.argv[1:])))
