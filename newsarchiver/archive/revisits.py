"""Revisits: when a known article page is due again, and what a 304 answer records.

Each copy carries its schedule (``next_visit``, ``unchanged_visits``) and the validators of its last
response (``etag``, ``last_modified``) that a revisit sends back as a conditional request.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from ..schedule import RevisitSchedule
from ..urls import site_of, url_key
from .times import instant, utcnow


class Revisits:
    """Reads and writes the revisit columns of ``copies``."""

    def __init__(self, db: Database, schedule: RevisitSchedule | None = None,
                 site_schedules: dict[str, RevisitSchedule] | None = None) -> None:
        self.db = db
        self.schedule = schedule or RevisitSchedule()  # when known article pages are due again
        self.site_schedules = site_schedules or {}  # per site (host, or a domain its subdomains share)

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
            "last_modified = coalesce(?, last_modified) WHERE id = ?",
            [due.isoformat(timespec="seconds") if due else None, visits, lowered.get("etag"),
             lowered.get("last-modified"), copy_id],
        )

    def schedule_for(self, host: str) -> RevisitSchedule:
        for site, schedule in self.site_schedules.items():
            if host == site or host.endswith("." + site):
                return schedule
        return self.schedule
