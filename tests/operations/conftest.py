"""Fixtures of the operation tests (no Qt here: these tests prove the operations run without it)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The app's demo province in a real SQLite file, as the app builds it on first start."""
    from operations.context import open_context

    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "demo.sqlite3"))
    try:
        yield context
    finally:
        context.db.close()
