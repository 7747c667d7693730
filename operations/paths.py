"""Where the app keeps its data: the user data folder (platformdirs), overridable by BIEUMAU_HOME."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("BIEUMAU_HOME")
    if override:
        folder = Path(override)
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("bieumau", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database_path() -> Path:
    return data_dir() / "bieumau.sqlite3"
