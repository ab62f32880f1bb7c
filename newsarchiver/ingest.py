"""The single archive writer of a distributed crawl: moves items from Redis into the SQLite archive.

Crawlers (``scrapy crawl repost -s REDIS_URL=...``) push items onto ``repost:items``. The ingest takes
them with the reliable-queue pattern: BLMOVE/LMOVE moves a batch onto ``repost:items:processing``, the
batch goes into the archive in one transaction (``Archive.add_page`` / ``add_error`` / ``not_modified``:
the same dedup, stories and versions as a local crawl), and only after the commit is the processing
list emptied. An ingest killed at any point leaves its uncommitted batch in ``processing``; the next
ingest files it first. A batch committed but not yet acknowledged is filed again, which changes nothing:
the archive finds the copy by URL and the page is "unchanged".
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .archive import CHANGED, NEW, UNCHANGED, Archive
from .distributed import (CRAWLERS_KEY, DEAD_AFTER_SECONDS, INGEST_LOCK_KEY, ITEMS_KEY, PROCESSING_KEY, key,
                          load_item, redis_from_url)
from .pipelines import archive_options

logger = logging.getLogger(__name__)

LOCK_SECONDS = 30


class IngestBusy(RuntimeError):
    """Another ingest holds the lock: one writer per archive and queue."""


def project_settings(overrides: dict[str, str] | None = None) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newsarchiver.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def open_archive(path: str | Path, settings: Any) -> Archive:
    return Archive(path, **archive_options(settings))


class Ingest:
    def __init__(self, redis_url: str, archive_path: str | Path, *, spider: str = "repost", batch_size: int = 100,
                 settings: Any = None) -> None:
        self.server = redis_from_url(redis_url)
        self.settings = settings or project_settings()
        self.archive = open_archive(archive_path, self.settings)
        self.items = key(ITEMS_KEY, spider)
        self.processing = key(PROCESSING_KEY, spider)
        self.crawlers = key(CRAWLERS_KEY, spider)
        self.lock = key(INGEST_LOCK_KEY, spider)
        self.batch_size = max(1, batch_size)
        self.id = f"{socket.gethostname()}:{os.getpid()}"
        self.counts: dict[str, int] = {NEW: 0, CHANGED: 0, UNCHANGED: 0, "errors": 0, "not_modified": 0,
                                       "pages": 0, "recovered": 0, "archive_errors": 0}
        self.run_id: int | None = None

    # -- the lock: one writer ------------------------------------------------------------------------
    def acquire(self) -> None:
        if not self.server.set(self.lock, self.id, nx=True, ex=LOCK_SECONDS):
            holder = self.server.get(self.lock)
            if holder and _dead_here(holder.decode()):  # a killed ingest on this machine: take over
                logger.warning("ingest %s is gone: taking over its lock", holder.decode())
                self.server.set(self.lock, self.id, ex=LOCK_SECONDS)
                return
            raise IngestBusy(f"another ingest is running ({holder.decode() if holder else '?'}); "
                             f"if it is dead, its lock expires within {LOCK_SECONDS} s")

    def refresh(self) -> None:
        self.server.set(self.lock, self.id, ex=LOCK_SECONDS)

    def release(self) -> None:
        if self.server.get(self.lock) == self.id.encode():
            self.server.delete(self.lock)

    # -- moving items ----------------------------------------------------------------------------------
    def file(self, raws: list[bytes]) -> None:
        """File one batch in one transaction, then acknowledge it (empty the processing list)."""
        if raws:
            with self.archive.batch():
                for raw in raws:
                    self.file_one(raw)
                if self.archive.templates_grown:  # clean what was filed before a site's template grew
                    self.counts["template_cleaned"] = self.counts.get("template_cleaned", 0) + \
                        self.archive.apply_templates()
        self.server.delete(self.processing)  # acknowledged: only after the commit

    def file_one(self, raw: bytes) -> None:
        try:
            with self.archive.savepoint():  # a failing item never spoils its batch
                outcome = self.archive.file_item(load_item(raw), run_id=self.run_id)
            if outcome:
                self.counts[outcome] = self.counts.get(outcome, 0) + 1
            if outcome in (NEW, CHANGED, UNCHANGED):
                self.counts["pages"] += 1
        except Exception:
            self.counts["archive_errors"] += 1
            logger.exception("could not archive an item: %.200r", raw)

    def take(self, timeout: float) -> list[bytes]:
        """Move up to batch_size items onto the processing list (waiting up to timeout for the first)."""
        first = self.server.blmove(self.items, self.processing, timeout, "LEFT", "RIGHT")
        if first is None:
            return []
        raws = [first]
        while len(raws) < self.batch_size:
            raw = self.server.lmove(self.items, self.processing, "LEFT", "RIGHT")
            if raw is None:
                break
            raws.append(raw)
        return raws

    def crawlers_alive(self) -> bool:
        return bool(self.server.zcount(self.crawlers, time.time() - DEAD_AFTER_SECONDS, "+inf"))

    def run(self, exit_when_idle: float | None = None,
            progress: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
        """Ingest until stopped, or until no item came for ``exit_when_idle`` seconds while no crawler
        was alive. Returns the counts."""
        self.acquire()
        status = "failed"
        try:
            self.run_id = self.archive.start_run("ingest", [])
            left = self.server.lrange(self.processing, 0, -1)
            if left:  # what a killed ingest took and did not acknowledge
                logger.info("re-filing %d items a previous ingest took but did not acknowledge", len(left))
                self.counts["recovered"] = len(left)
                self.file(left)
            idle_since = time.monotonic()
            while True:
                self.refresh()
                raws = self.take(timeout=1)
                if raws:
                    self.file(raws)
                    idle_since = time.monotonic()
                    if progress:
                        progress(self.counts)
                    continue
                if self.crawlers_alive():
                    idle_since = time.monotonic()
                elif exit_when_idle is not None and time.monotonic() - idle_since >= exit_when_idle:
                    status = "finished"
                    return self.counts
        except KeyboardInterrupt:
            status = "shutdown"
            return self.counts
        finally:
            if self.run_id is not None:
                counts = {**self.counts, **self.archive.status_counts}
                self.archive.finish_run(self.run_id, status, counts, {"ingest": counts})
            self.archive.close()
            self.release()


def _dead_here(holder: str) -> bool:
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
