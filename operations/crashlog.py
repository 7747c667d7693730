"""Unexpected errors go to a log file in the user data folder, never as a traceback on screen."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path


def log_dir() -> Path:
    from operations.paths import data_dir

    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_crash_log(exc: BaseException) -> Path:
    path = log_dir() / f"loi-{datetime.now():%Y%m%d-%H%M%S}.txt"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    path.write_text(text, encoding="utf-8")
    return path
