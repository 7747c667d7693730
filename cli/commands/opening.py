"""How every command opens its database: ``--db`` as given, else the app's own database.

Only the app's own database (user data folder) and a creating command (``units import``) may bring a
new database into being; any other command refuses a missing ``--db`` file instead of creating an
empty one under a mistyped name.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.database import Database


def database_target(args: argparse.Namespace) -> str | Path:
    """``--db`` (a URL as given, a path as SQLite), else the app's own database in the user data folder."""
    from operations.context import resolve_db_target

    return resolve_db_target(getattr(args, "db", None))


def open_command_db(args: argparse.Namespace, *, create: bool = False, **options: Any) -> Database:
    """Open the command's database; an explicit ``--db`` must exist unless the command creates one."""
    from storage.database import open_database

    explicit = bool(getattr(args, "db", None))
    return open_database(database_target(args), create=create or not explicit, **options)
