"""Stored times as the user's clock shows them: light enough for the entry window's first paint."""

from __future__ import annotations

from datetime import datetime


def local(moment: datetime) -> datetime:
    """A stored (UTC) time as the clock on the wall shows it."""
    return moment.astimezone() if moment.tzinfo is not None else moment
