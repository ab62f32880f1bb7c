"""Revisits: when a known article page is due again, and what a 304 answer records.

Each copy carries its schedule (``next_visit``, ``unchanged_visits``) and the validators of its last
response (``etag``, ``last_modified``) that a revisit sends back as a conditional request. A copy found
removed is tried again soon to confirm it (the schedule's first interval), a gone one every
``gone_revisit`` so that a return is noticed, an unreachable one after the first interval. Sites where
copies vanish often get faster schedules (``schedule.vanish_speedup``, with ``adaptive``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlite_utils import Database

from ..schedule import RevisitSchedule, parse_duration, vanish_speedup
from ..urls import site_of, url_key
from .times import instant, utcnow

#: How long a site's vanish rate is trusted before it is counted again (seconds).
_RATE_TTL = 600.0
DEFAULT_GONE_REVISIT = "7d"


class Revisits:
    """Reads and writes the revisit columns of ``copies``."""

    def __init__(self, db: Database, schedule: RevisitSchedule | None = None,
                 site_schedules: dict[str, RevisitSchedule] | None = None, *,
                 gone_revisit: timedelta | str = DEFAULT_GONE_REVISIT, adaptive: bool = True) -> None:
        self.db = db
        self.schedule = schedule or RevisitSchedule()  # when known article pages are due again
        self.site_schedules = site_schedules or {}  # per site (host, or a domain its subdomains share)
        self.gone_revisit = parse_duration(gone_revisit) if isinstance(gone_revisit, str) else gone_revisit
        self.adaptive = adaptive  # sites where copies vanish often are revisited faster
        self._speedups: dict[str, tuple[float, int]] = {}  # host -> (when counted, factor)

    def visit_plan(self, url: str) -> tuple[bool, str | None, str | None] | None:
        """For a known article page: (due for a revisit, ETag, Last-Modified); None for a page the archive
        does not hold (a new page, a listing, a feed)."""
        row = self.db.execute(
            "SELECT c.next_visit, c.etag, c.last_modified FROM urls u JOIN copies c ON c.id = u.copy_id "
            "WHERE u.url = ?", [url_key(url)]
        ).fetchone()
        if row is None:
            return None
        next_visit, etag, last_modified = row
        due = next_visit is not None and instant(next_visit) <= instant(utcnow())
        return due, etag, last_modified

    def due_urls(self, sites: Iterable[str]) -> list[str]:
        """The addresses of the copies of ``sites`` (host[:port]) due for a revisit, most overdue first.
        A crawl asks for them itself: a page taken down is in no listing, feed or sitemap any more."""
        hosts = sorted(set(sites))
        if not hosts:
            return []
        marks = ",".join("?" * len(hosts))
        now = utcnow()  # next_visit is written in UTC, so text order is time order (and the index serves)
        rows = self.db.execute(
            f"SELECT coalesce(c.fetched_url, c.url), c.next_visit FROM copies c JOIN sites s ON s.id = c.site_id "
            f"WHERE c.next_visit <= ? AND s.host IN ({marks}) ORDER BY c.next_visit", [now, *hosts]).fetchall()
        return [url for url, due in rows if instant(due) <= instant(now)]

    def not_modified(self, url: str) -> bool:
        """Record a 304 answer to a conditional request: an unchanged visit. False if the page is unknown."""
        row = self.db.execute("SELECT copy_id FROM urls WHERE url = ?", [url_key(url)]).fetchone()
        if row is None:
            return False
        now = utcnow()
        self.db.execute("UPDATE copies SET last_seen = ?, fetch_count = fetch_count + 1 WHERE id = ?", [now, row[0]])
        self.visited(row[0], url, changed=False, now=now, headers=None)
        return True

    def visited(self, copy_id: int, url: str, *, changed: bool, now: str, headers: dict[str, str] | None) -> None:
        """Schedule a copy's next visit after this one, and keep its response's validators."""
        first_seen, visits = self.db.execute(
            "SELECT first_seen, unchanged_visits FROM copies WHERE id = ?", [copy_id]).fetchone()
        visits = 0 if changed else visits + 1
        schedule = self.schedule_for(site_of(url))
        due = schedule.next_visit(now=datetime.fromisoformat(now), first_seen=datetime.fromisoformat(first_seen),
                                  unchanged_visits=visits)
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        self.db.execute(
            "UPDATE copies SET next_visit = ?, unchanged_visits = ?, etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified), last_checked = ? WHERE id = ?",
            [_iso(due), visits, lowered.get("etag"), lowered.get("last-modified"), now, copy_id],
        )

    def after_removal(self, copy_id: int, url: str, *, now: str, confirmed: bool, gone_at: str | None) -> None:
        """Schedule the revisit after one that found the copy removed: soon (the schedule's first interval)
        to confirm it, or every ``gone_revisit`` once it is gone, for ``stop_after`` from when it was first
        seen gone."""
        schedule = self.schedule_for(site_of(url))
        when = datetime.fromisoformat(now)
        if not confirmed:
            due: datetime | None = when + schedule.first
        else:
            due = when + self.gone_revisit
            since = datetime.fromisoformat(gone_at) if gone_at else when
            if due - since > schedule.stop_after:
                due = None
        self.db.execute("UPDATE copies SET next_visit = ?, last_checked = ? WHERE id = ?", [_iso(due), now, copy_id])

    def retry(self, copy_id: int, url: str, *, now: str, gone: bool) -> None:
        """Schedule the revisit after one that got no answer: after the schedule's first interval (a gone
        copy: after ``gone_revisit``). The copy's place in its schedule does not move."""
        wait = self.gone_revisit if gone else self.schedule_for(site_of(url)).first
        due = datetime.fromisoformat(now) + wait
        self.db.execute("UPDATE copies SET next_visit = ? WHERE id = ?", [_iso(due), copy_id])

    def schedule_for(self, host: str) -> RevisitSchedule:
        """The site's schedule (NEWSARCHIVER_SITE_REVISIT, else the default), faster where copies vanish often."""
        schedule = self.schedule
        for site, own in self.site_schedules.items():
            if host == site or host.endswith("." + site):
                schedule = own
                break
        return schedule.faster(self.speedup(host, schedule)) if self.adaptive else schedule

    def speedup(self, host: str, schedule: RevisitSchedule | None = None) -> int:
        """By how much a site's intervals are divided: from the share of its copies first seen within the
        schedule's window that were seen gone (counted again every 10 minutes)."""
        cached = self._speedups.get(host)
        if cached and time.monotonic() - cached[0] < _RATE_TTL:
            return cached[1]
        window = (schedule or self.schedule).stop_after
        since = _iso(datetime.fromisoformat(utcnow()) - window)
        recent, vanished = self.db.execute(
            "SELECT count(*), count(c.gone_at) FROM copies c JOIN sites s ON s.id = c.site_id "
            "WHERE s.host = ? AND c.first_seen >= ?", [host, since]).fetchone()
        factor = vanish_speedup(vanished, recent)
        self._speedups[host] = (time.monotonic(), factor)
        return factor


def _iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None
