"""Revisit schedules: when a known article page is due to be fetched again.

A page is revisited after each interval of the schedule in turn (default 6 h, 6 h, 12 h, 1 d, 1 d, 2 d,
2 d, 4 d, then every 4 d), counted from its last visit; a change starts the schedule over; once the page
is older than ``stop_after`` (default 60 d since first seen) it is not revisited by scheduled crawls any
more. The intervals are also the resolution at which a removal is dated: a copy found gone was taken
down between its last visit that found it and this one (docs/scheduling.md). Sites where copies vanish
often are revisited faster (:func:`vanish_speedup`). Listing pages, feeds and sitemaps are not
scheduled: every crawl fetches them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)

#: The default schedule (``NEWSARCHIVER_REVISIT``): a removal is dated to within 6 h in a copy's first
#: half day, 12 h until its first day is out, a day until the third, two days until the seventh, then four.
DEFAULT_INTERVALS = "6h,6h,12h,1d,1d,2d,2d,4d"
DEFAULT_STOP = "60d"

#: Sites where copies vanish often are revisited faster: when at least this share of a site's copies
#: first seen within the schedule's window (``stop_after``) has been seen gone, its intervals are divided
#: by this factor. Most demanding first.
VANISH_SPEEDUPS: tuple[tuple[float, int], ...] = ((0.20, 4), (0.05, 2))
#: ... judged only on sites with at least this many such copies (a handful of removals proves nothing).
VANISH_MIN_COPIES = 20
#: A faster schedule never goes below this interval (unless the schedule itself does).
MIN_ADAPTED_INTERVAL = timedelta(hours=1)


def parse_duration(text: str | float | int) -> timedelta:
    """'1d', '12h', '30m', '45s', '2w', or a number of seconds."""
    if isinstance(text, (int, float)):
        return timedelta(seconds=float(text))
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration: write e.g. 30m, 12h, 1d or 2w")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2).lower()])


def _parse_intervals(intervals: Sequence[str | float] | str) -> tuple[timedelta, ...]:
    items = intervals.split(",") if isinstance(intervals, str) else list(intervals)
    return tuple(parse_duration(i) for i in items if str(i).strip())


@dataclass(frozen=True)
class RevisitSchedule:
    intervals: tuple[timedelta, ...] = _parse_intervals(DEFAULT_INTERVALS)
    stop_after: timedelta = parse_duration(DEFAULT_STOP)

    @classmethod
    def parse(cls, intervals: Sequence[str | float] | str, stop_after: str | float) -> RevisitSchedule:
        parsed = _parse_intervals(intervals)
        if not parsed:
            raise ValueError(f"a revisit schedule needs at least one interval, e.g. {DEFAULT_INTERVALS}")
        return cls(parsed, parse_duration(stop_after))

    def next_visit(self, *, now: datetime, first_seen: datetime, unchanged_visits: int) -> datetime | None:
        """When to fetch again after a visit; None once the page is past ``stop_after``."""
        interval = self.intervals[min(unchanged_visits, len(self.intervals) - 1)]
        due = now + interval
        if due - first_seen > self.stop_after:
            return None
        return due

    @property
    def first(self) -> timedelta:
        """The shortest wait of the schedule: how soon a copy found missing or unreachable is tried again."""
        return self.intervals[0]

    def faster(self, factor: int) -> RevisitSchedule:
        """This schedule with every interval divided by ``factor``, never below :data:`MIN_ADAPTED_INTERVAL`
        (an interval already shorter stays as it is)."""
        if factor <= 1:
            return self
        return replace(self, intervals=tuple(max(i / factor, min(i, MIN_ADAPTED_INTERVAL)) for i in self.intervals))


def vanish_speedup(vanished: int, recent: int) -> int:
    """By how much to divide a site's revisit intervals, given how many of its ``recent`` copies (first
    seen within the schedule's window) have ``vanished`` (:data:`VANISH_SPEEDUPS`)."""
    if recent < VANISH_MIN_COPIES:
        return 1
    for share, factor in VANISH_SPEEDUPS:
        if vanished / recent >= share:
            return factor
    return 1
