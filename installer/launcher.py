"""Entry point of the PyInstaller bundle: the ``bieumau`` command line, as the console script runs it."""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    # A windowed Windows build has no console: print() and argparse would fail on a None stream.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")


if __name__ == "__main__":
    _ensure_streams()
    from desktop.cli import main

    raise SystemExit(main())
