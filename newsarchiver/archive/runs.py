"""Crawl runs and their failures: one ``crawl_runs`` row per crawl or ingest session, ``fetch_errors`` rows.

A run's row is ``running`` from its start until its process closes it with its finish reason (``finished``,
``shutdown``, ``failed``...). A process that dies first (SIGKILL, a crash, a power cut, an archive that could
not be written even to close the row) leaves it ``running``: each row names its process
(``crawl_runs.process``, host:pid:start time), and the next run started on the same machine closes the rows
of processes that no longer exist as ``abandoned``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from ..processes import process_gone, this_process
from ..urls import site_of
from .times import utcnow

logger = logging.getLogger(__name__)

#: What ``add_page`` reports: a page not archived before, one whose content changed, one unchanged.
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
#: ... and what filing reports for a revisit that found an archived copy removed (copystatus.py).
GONE = "gone"


class Runs:
    """Writes ``crawl_runs`` and ``fetch_errors``. start/finish commit on their own; add_error joins a batch."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start(self, spider: str, start_urls: list[str]) -> int:
        self.close_abandoned()
        cursor = self.db.execute(
            "INSERT INTO crawl_runs (started, spider, start_urls, status, process) VALUES (?, ?, ?, 'running', ?)",
            [datetime.now(UTC).isoformat(timespec="milliseconds"), spider, json.dumps(start_urls, ensure_ascii=False),
             this_process()],
        )
        return cursor.lastrowid

    def close_abandoned(self) -> list[int]:
        """Close as ``abandoned`` the ``running`` rows whose process, on this machine, is gone; their ids."""
        closed = []
        for run_id, process in self.db.execute(
                "SELECT id, process FROM crawl_runs WHERE status = 'running' AND process IS NOT NULL").fetchall():
            if not _gone(process):
                continue
            self.db.execute(
                "UPDATE crawl_runs SET status = 'abandoned', error = ? WHERE id = ? AND status = 'running'",
                [f"its process ({process.rsplit(':', 1)[0]}) ended without closing the run: killed, crashed, or "
                 "the archive could not be written even to close it", run_id])
            logger.warning("crawl run %s was left running by a process that is gone: closed as abandoned", run_id)
            closed.append(run_id)
        return closed

    def finish(self, run_id: int, status: str, counts: dict[str, int], stats: dict[str, Any] | None,
               errors_by_kind: dict[str, int] | None = None, *, error: str | None = None,
               unreachable: dict[str, str] | None = None) -> None:
        """Close the run's row; ``stats`` None leaves the stats JSON out (the smallest write that closes it)."""
        started = self.db.execute("SELECT started FROM crawl_runs WHERE id = ?", [run_id]).fetchone()[0]
        finished = datetime.now(UTC).isoformat(timespec="milliseconds")
        duration = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
        values = {"finished": finished, "status": status, "pages": counts.get("pages", 0),
                  "articles_new": counts.get(NEW, 0), "articles_changed": counts.get(CHANGED, 0),
                  "articles_unchanged": counts.get(UNCHANGED, 0), "errors": counts.get("errors", 0),
                  "not_modified": counts.get("not_modified", 0), "skipped": counts.get("skipped", 0),
                  "errors_by_kind": json.dumps(errors_by_kind or {}, ensure_ascii=False), "duration": duration,
                  "gone": counts.get(GONE, 0), "restored": counts.get("restored", 0), "error": error,
                  "unreachable": json.dumps(unreachable, ensure_ascii=False) if unreachable else None}
        if stats is not None:
            values["stats"] = json.dumps(stats, ensure_ascii=False, default=str)
        self.db.execute(f"UPDATE crawl_runs SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                        [*values.values(), run_id])

    def add_error(self, run_id: int | None, url: str, kind: str, message: str, status: int | None = None) -> None:
        self.db.execute(
            "INSERT INTO fetch_errors (run_id, url, site, kind, status, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, url, site_of(url), kind, status, message[:2000], utcnow()],
        )


_RUN_COLUMNS = ("id", "started", "finished", "status", "spider", "start_urls", "pages", "articles_new",
                "articles_changed", "articles_unchanged", "not_modified", "skipped", "errors", "errors_by_kind",
                "duration", "gone", "restored", "error", "unreachable")


def crawl_runs(db: Database, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first, with their counts, the sites they could not reach and their
    errors by site (stats JSON left out)."""
    return [_run_record(db, row) for row in db.execute(
        f"SELECT {', '.join(_RUN_COLUMNS)} FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit])]


def crawl_run(db: Database, run_id: int) -> dict[str, Any] | None:
    """One crawl run, as :func:`crawl_runs` lists them; None if there is no such run."""
    row = db.execute(f"SELECT {', '.join(_RUN_COLUMNS)} FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    return _run_record(db, row) if row else None


def _run_record(db: Database, row: tuple) -> dict[str, Any]:
    record = dict(zip(_RUN_COLUMNS, row))
    for key, empty in (("start_urls", []), ("errors_by_kind", {}), ("unreachable", {})):
        record[key] = json.loads(record[key]) if record[key] else empty
    record["errors_by_site"] = errors_by_site(db, record["id"])
    return record


def errors_by_site(db: Database, run_id: int) -> dict[str, dict[str, int]]:
    """A run's recorded fetch errors by site and kind: {site: {kind: count}}, sites with the most first."""
    found: dict[str, dict[str, int]] = {}
    for site, kind, count in db.execute(
            "SELECT site, kind, count(*) FROM fetch_errors WHERE run_id = ? GROUP BY site, kind "
            "ORDER BY sum(count(*)) OVER (PARTITION BY site) DESC, site, count(*) DESC, kind", [run_id]):
        found.setdefault(site or "?", {})[kind] = count
    return found


def _gone(process: str) -> bool:
    """Whether the process a run's row names (``host:pid:start``) is known to be gone."""
    host, pid, start = (process.rsplit(":", 2) + ["", ""])[:3] if process.count(":") >= 2 else (process, "", "")
    return process_gone(host, pid, start)
