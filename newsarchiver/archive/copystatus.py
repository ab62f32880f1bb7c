"""Whether an archived copy is still on its site: its status, the evidence of every revisit that found it
removed or could not reach it, and its return.

A copy's ``status`` (``copies.status``):

``alive``
    every copy starts so, and stays so while revisits find the article;
``missing``
    the last revisit(s) found it removed, fewer times in a row than ``gone_after``
    (``NEWSARCHIVER_GONE_AFTER``, 2): not believed yet — a CMS that answers 404 for a minute while it
    rebuilds its cache must not make a copy "gone";
``gone``
    found removed ``gone_after`` revisits in a row. ``gone_at`` is the *first* of them ("first seen
    gone"), ``last_seen`` the last revisit that found it ("last seen alive"): the removal happened between
    the two. A gone copy is still revisited, less often, so that a return is noticed;
``restored``
    found again after it was gone (``restored_at``); ``gone_at`` and the history stay.

Removed means (``gone_how``, ``copy_events.kind``): ``http_404``, ``http_410``, ``redirect`` (to the site's
home, a listing or a directory above), ``removal_notice``, ``empty_shell`` (``extract.removal``). Any other
failure — a 5xx, a timeout, a refused connection — is no evidence of anything: it is ``unreachable``,
counted in ``failed_visits``, and the copy is tried again after its schedule's first interval. Only
revisits that find something else than "alive as before" are logged in ``copy_events``, each with its
evidence (status, redirect target, notice text, the page as received); the archived text, versions and
raw pages of a copy are never touched by any of this, and a removal notice never becomes a version.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlite_utils import Database

from .revisits import Revisits
from .stories import Stories
from .times import utcnow

ALIVE, MISSING, GONE, RESTORED = "alive", "missing", "gone", "restored"
STATUSES = (ALIVE, MISSING, GONE, RESTORED)
#: HTTP answers that say a page was removed (any other failure is "unreachable").
GONE_HTTP = {404: "http_404", 410: "http_410"}
UNREACHABLE, FOUND_AGAIN, MISREAD, MOVED = "unreachable", "alive", "misread", "moved"
#: a revisit or recrawl read the copy's page as a listing: the copy left its story (``Filing.not_an_article``)
NOT_ARTICLE = "not_article"
DEFAULT_GONE_AFTER = 2


class CopyStatus:
    """Keeps ``copies.status`` and its columns, ``copy_events`` and the stories' ``surviving`` counts.

    ``counts`` adds up what this writer saw: ``gone`` (revisits that found a copy removed), ``restored``."""

    def __init__(self, db: Database, *, stories: Stories, revisits: Revisits,
                 gone_after: int = DEFAULT_GONE_AFTER) -> None:
        self.db = db
        self.stories = stories
        self.revisits = revisits
        self.gone_after = max(1, gone_after)
        self.counts: Counter[str] = Counter()

    def copy_of(self, url_key: str) -> int | None:
        row = self.db.execute("SELECT copy_id FROM urls WHERE url = ?", [url_key]).fetchone()
        return row[0] if row else None

    def seen_alive(self, copy_id: int, *, now: str, run_id: int | None) -> str | None:
        """A revisit found the article. Returns ``restored`` or ``alive`` when that changed the copy's
        status (from gone, or from missing), else None."""
        status, streak, failed, story_id = self.db.execute(
            "SELECT status, gone_streak, failed_visits, story_id FROM copies WHERE id = ?", [copy_id]).fetchone()
        if status in (ALIVE, RESTORED) and not streak and not failed:
            return None
        new = RESTORED if status == GONE else ALIVE if status == MISSING else status
        if status == MISSING:  # a blip: the streak's evidence stays in copy_events, its dates go
            self.db.execute("UPDATE copies SET status = ?, gone_streak = 0, failed_visits = 0, gone_at = NULL, "
                            "gone_how = NULL WHERE id = ?", [new, copy_id])
        elif status == GONE:  # back: the dates of its disappearance stay
            self.db.execute("UPDATE copies SET status = ?, gone_streak = 0, failed_visits = 0, restored_at = ? "
                            "WHERE id = ?", [new, now, copy_id])
        else:
            self.db.execute("UPDATE copies SET gone_streak = 0, failed_visits = 0 WHERE id = ?", [copy_id])
        if new == status:
            return None
        self._event(copy_id, FOUND_AGAIN, new, now=now, run_id=run_id)
        if status == GONE:
            self.counts[RESTORED] += 1
            self._refresh(story_id)
        return new

    def seen_gone(self, copy_id: int, how: str, *, url: str, now: str, run_id: int | None,
                  http_status: int | None = None, target: str | None = None, notice: str | None = None,
                  detail: str | None = None, raw_sha256: str | None = None) -> str:
        """A revisit found the copy removed (``how``); record the evidence, move the status on and
        schedule the next revisit. Returns the new status (``missing`` or ``gone``)."""
        status, streak, story_id = self.db.execute(
            "SELECT status, gone_streak, story_id FROM copies WHERE id = ?", [copy_id]).fetchone()
        streak += 1
        new = GONE if status == GONE or streak >= self.gone_after else MISSING
        starts = status in (ALIVE, RESTORED)  # the first revisit of a streak is when it was first seen gone
        self.db.execute(
            "UPDATE copies SET status = ?, gone_streak = ?, failed_visits = 0, last_checked = ?, "
            "gone_at = CASE WHEN ? THEN ? ELSE gone_at END, gone_how = CASE WHEN ? THEN ? ELSE gone_how END "
            "WHERE id = ?", [new, streak, now, starts, now, starts, how, copy_id])
        self._event(copy_id, how, new, now=now, run_id=run_id, url=url, http_status=http_status, target=target,
                    notice=notice, detail=detail, raw_sha256=raw_sha256)
        self.counts[GONE] += 1
        if new == GONE and status != GONE:
            self._refresh(story_id)
        gone_at = self.db.execute("SELECT gone_at FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
        self.revisits.after_removal(copy_id, url, now=now, confirmed=new == GONE, gone_at=gone_at)
        return new

    def unreachable(self, copy_id: int, kind: str, *, url: str, now: str, run_id: int | None,
                    http_status: int | None = None, message: str | None = None) -> None:
        """A revisit got no answer worth the name (5xx, timeout…): counted, logged, tried again soon."""
        status = self.db.execute("SELECT status FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
        self.db.execute("UPDATE copies SET failed_visits = failed_visits + 1, last_checked = ? WHERE id = ?",
                        [now, copy_id])
        self._event(copy_id, UNREACHABLE, status, now=now, run_id=run_id, url=url, http_status=http_status,
                    detail=f"{kind}: {message}"[:500] if message else kind)
        self.revisits.retry(copy_id, url, now=now, gone=status == GONE)

    def note(self, copy_id: int, kind: str, *, url: str, now: str, run_id: int | None, target: str | None = None,
             detail: str | None = None, raw_sha256: str | None = None) -> None:
        """Log a revisit that found the copy alive, but not plainly (``misread``, ``moved``)."""
        status = self.db.execute("SELECT status FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
        self._event(copy_id, kind, status, now=now, run_id=run_id, url=url, target=target, detail=detail,
                    raw_sha256=raw_sha256)

    def failed(self, url_key: str, kind: str, *, url: str, status: int | None, message: str,
               run_id: int | None) -> str | None:
        """A fetch failure of ``url``: evidence when the page is an archived copy and the site answered 404
        or 410, else an unreachable revisit. None when no copy is archived at that address."""
        copy_id = self.copy_of(url_key)
        if copy_id is None:
            return None
        now = utcnow()
        if status in GONE_HTTP:
            return self.seen_gone(copy_id, GONE_HTTP[status], url=url, now=now, run_id=run_id, http_status=status)
        self.unreachable(copy_id, kind, url=url, now=now, run_id=run_id, http_status=status, message=message)
        return UNREACHABLE

    def _event(self, copy_id: int, kind: str, status: str, *, now: str, run_id: int | None, url: str | None = None,
               http_status: int | None = None, target: str | None = None, notice: str | None = None,
               detail: str | None = None, raw_sha256: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO copy_events (copy_id, at, run_id, kind, status, http_status, url, target_url, notice, "
            "detail, raw_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [copy_id, now, run_id, kind, status, http_status, url, target, notice, detail, raw_sha256])

    def _refresh(self, story_id: int | None) -> None:
        if story_id is not None:
            self.stories.refresh(story_id)


def events(db: Database, copy_id: int) -> list[dict[str, Any]]:
    """A copy's logged revisits, oldest first."""
    cursor = db.execute(
        "SELECT at, kind, status, http_status, url, target_url, notice, detail, run_id FROM copy_events "
        "WHERE copy_id = ? ORDER BY at, id", [copy_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
