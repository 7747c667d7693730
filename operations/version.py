"""The app's version, read from the installed package metadata (one place: pyproject.toml)."""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("bieumau")
    except PackageNotFoundError:  # running from a bundle without metadata
        from pathlib import Path

        for candidate in (Path(__file__).resolve().parent.parent / "pyproject.toml",):
            if candidate.exists():
                for line in candidate.read_text(encoding="utf-8").splitlines():
                    if line.startswith("version = "):
                        return line.split('"')[1]
        return "0+unknown"
