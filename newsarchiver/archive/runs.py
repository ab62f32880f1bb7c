"""Crawl runs and their failures: one ``crawl_runs`` row per crawl or ingest session, ``fetch_errors`` rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from .times import utcnow

#: What ``add_page`` reports: a page not archived before, one whose content changed, one unchanged.
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
#: ... and what filing reports for a revisit that found an archived copy removed (copystatus.py).
GONE = "gone"


class Runs:
    """Writes ``crawl_runs`` and ``fetch_errors``. start/finish commit on their own; add_error joins a batch."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start(self, spider: str, start_urls: list[str]) -> int:
        cursor = self.db.execute(
            "INSERT INTO crawl_runs (started, spider, start_urls, status) VALUES (?, ?, ?, 'running')",
            [datetime.now(UTC).isoformat(timespec="milliseconds"), spider, json.dumps(start_urls, ensure_ascii=False)],
        )
        return cursor.lastrowid

    def finish(self, run_id: int, status: str, counts: dict[str, int], stats: dict[str, Any],
               errors_by_kind: dict[str, int] | None = None) -> None:
        started = self.db.execute("SELECT started FROM crawl_runs WHERE id = ?", [run_id]).fetchone()[0]
        finished = datetime.now(UTC).isoformat(timespec="milliseconds")
        duration = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
        self.db.execute(
            "UPDATE crawl_runs SET finished = ?, status = ?, pages = ?, articles_new = ?, articles_changed = ?, "
            "articles_unchanged = ?, errors = ?, not_modified = ?, skipped = ?, errors_by_kind = ?, "
            "duration = ?, stats = ?, gone = ?, restored = ? WHERE id = ?",
            [finished, status, counts.get("pages", 0), counts.get(NEW, 0), counts.get(CHANGED, 0),
             counts.get(UNCHANGED, 0), counts.get("errors", 0), counts.get("not_modified", 0),
             counts.get("skipped", 0), json.dumps(errors_by_kind or {}, ensure_ascii=False), duration,
             json.dumps(stats, ensure_ascii=False, default=str), counts.get(GONE, 0), counts.get("restored", 0),
             run_id],
        )

    def add_error(self, run_id: int | None, url: str, kind: str, message: str, status: int | None = None) -> None:
        self.db.execute(
            "INSERT INTO fetch_errors (run_id, url, kind, status, message, at) VALUES (?, ?, ?, ?, ?, ?)",
            [run_id, url, kind, status, message[:2000], utcnow()],
        )


_RUN_COLUMNS = ("id", "started", "finished", "status", "spider", "start_urls", "pages", "articles_new",
                "articles_changed", "articles_unchanged", "not_modified", "skipped", "errors", "errors_by_kind",
                "duration", "gone", "restored")


def crawl_runs(db: Database, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first, with their counts (stats JSON left out)."""
    out = []
    for row in db.execute(f"SELECT {', '.join(_RUN_COLUMNS)} FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]):
        record = dict(zip(_RUN_COLUMNS, row))
        for key in ("start_urls", "errors_by_kind"):
            record[key] = json.loads(record[key]) if record[key] else ([] if key == "start_urls" else {})
        out.append(record)
    return out
