"""Revisit schedules: when a known article page is due to be fetched again.

A page is revisited after each interval of the schedule in turn (default 1 d, 1 d, 4 d, then every
4 d), counted from its last visit; a change starts the schedule over; once the page is older than
``stop_after`` (default 60 d since first seen) it is not revisited by scheduled crawls any more.
Listing pages, feeds and sitemaps are not scheduled: every crawl fetches them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)


def parse_duration(text: str | float | int) -> timedelta:
    """'1d', '12h', '30m', '45s', '2w', or a number of seconds."""
    if isinstance(text, (int, float)):
        return timedelta(seconds=float(text))
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration: write e.g. 30m, 12h, 1d or 2w")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2).lower()])


@dataclass(frozen=True)
class RevisitSchedule:
    intervals: tuple[timedelta, ...] = (timedelta(days=1), timedelta(days=1), timedelta(days=4))
    stop_after: timedelta = timedelta(days=60)

    @classmethod
    def parse(cls, intervals: Sequence[str | float] | str, stop_after: str | float) -> RevisitSchedule:
        items = intervals.split(",") if isinstance(intervals, str) else list(intervals)
        parsed = tuple(parse_duration(i) for i in items if str(i).strip())
        if not parsed:
            raise ValueError("a revisit schedule needs at least one interval, e.g. 1d,1d,4d")
        return cls(parsed, parse_duration(stop_after))

    def next_visit(self, *, now: datetime, first_seen: datetime, unchanged_visits: int) -> datetime | None:
        """When to fetch again after a visit; None once the page is past ``stop_after``."""
        interval = self.intervals[min(unchanged_visits, len(self.intervals) - 1)]
        due = now + interval
        if due - first_seen > self.stop_after:
            return None
        return due
