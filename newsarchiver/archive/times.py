"""Timestamps as the archive stores them: ISO 8601 text, compared as instants."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> str:
    """Now, in UTC, to the second: how the archive records when something happened."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def instant(iso: str) -> str:
    """Sort key for ISO timestamps with offsets: compare as UTC (text that is no timestamp sorts as itself).
    A date without a time of day ("2019-09-25", "2019-09") sorts at the start of its period, as SQLite's
    julianday() reads it: no time is invented for it."""
    if len(iso) <= 10:
        return iso
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).isoformat()
    except ValueError:
        return iso
