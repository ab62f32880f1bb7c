"""The single archive writer of a distributed crawl: moves items from Redis into the SQLite archive.

Crawlers push items onto ``repost:items``. The ingest takes them with the reliable-queue pattern: LMOVE
moves a batch onto a list of its own, ``repost:items:processing:<ingest id>``; the batch is filed in one
transaction (:class:`~newsarchiver.filing.BatchFiler`: the same dedup, stories and versions as a local
crawl), and only after the commit is that list deleted (acknowledged).

One ingest at a time: a redis-py ``Lock`` (``repost:ingest:lock``) with a short lifetime
(``NEWSARCHIVER_INGEST_LOCK_SECONDS``) that a thread of the running ingest extends, owner-checked, for as
long as the process lives, however long SQLite makes a batch wait. An ingest that finds the lock held
refuses to start, unless the holder is a dead process on this machine (then it takes over at once). An
ingest that lost its lock (it stalled longer than the lifetime) acknowledges nothing more and stops.

A new ingest first moves every processing list left by earlier ones (killed before acknowledging) onto
its own and files them. A batch committed but not acknowledged is thus filed again, which changes
nothing: the archive finds the copy by URL and the page is "unchanged". An item that is not JSON of
ours is logged, counted (``undecodable``) and dropped.

Faults: a Redis restart is waited out (:mod:`.distributed.outage`, up to
``NEWSARCHIVER_REDIS_RETRY_SECONDS``; a lock that expired meanwhile is taken again if no other ingest took
it), past that the ingest stops with :class:`~.distributed.outage.RedisLost`; an archive that cannot be
written (:class:`~.archive.ArchiveStorageError`) stops it at once, the open batch rolled back and left in
Redis. Either way its run is closed ``failed`` with the error, and ``newsarchiver ingest`` exits 1.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .archive import Archive, ArchiveStorageError
from .distributed.codec import UndecodableItem, load_item
from .distributed.connection import redis_from_url
from .distributed.keys import DEAD_AFTER_SECONDS, Keys
from .filing import BatchFiler
from .pipelines import archive_options
from .processes import process_gone

logger = logging.getLogger(__name__)

#: Default lifetime of the ingest lock; the running ingest extends it every third of it.
LOCK_SECONDS = 30.0

# Delete the lock only if it still holds the given token (a dead holder's), as redis-py's own release does.
_DELETE_IF = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class IngestBusy(RuntimeError):
    """Another ingest holds the lock: one writer per archive and queue."""


class LockLost(RuntimeError):
    """This ingest's lock expired and may be another's now: it must not acknowledge anything more."""


def project_settings(overrides: dict[str, str] | None = None) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newsarchiver.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def open_archive(path: str | Path, settings: Any) -> Archive:
    return Archive(path, **archive_options(settings))


class IngestLock:
    """redis-py's Lock, extended by a thread while the ingest runs; takes over a dead local holder's lock."""

    def __init__(self, server: Any, name: str, seconds: float, token: str, outage: Any = None) -> None:
        self.server = server
        self.outage = outage  # the client's outage record: a lock lost to a Redis restart may be taken again
        self.name = name
        self.seconds = max(1.0, seconds)
        self.token = token
        self.lock = server.lock(name, timeout=self.seconds, thread_local=False)
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._keeper: threading.Thread | None = None

    def acquire(self) -> None:
        if not self.lock.acquire(blocking=False, token=self.token):
            holder = self.server.get(self.name)
            holder = holder.decode("utf-8", "replace") if holder else ""
            if not (holder and _dead_here(holder) and self.server.eval(_DELETE_IF, 1, self.name, holder)
                    and self.lock.acquire(blocking=False, token=self.token)):
                raise IngestBusy(f"another ingest is running ({holder or '?'}); if it is dead, its lock "
                                 f"expires within {self.seconds:.0f} s")
            logger.warning("ingest %s is gone: took over its lock", holder)
        self._keeper = threading.Thread(target=self._keep, name="ingest-lock", daemon=True)
        self._keeper.start()

    def _keep(self) -> None:
        from redis.exceptions import LockError

        outages = self.outage.outages if self.outage is not None else 0
        while not self._stop.wait(self.seconds / 3):
            try:
                self.lock.reacquire()  # owner-checked: fails if the lock expired and is someone else's
                outages = self.outage.outages if self.outage is not None else 0
            except LockError:
                if self.outage is not None and self.outage.outages > outages and not self._stop.is_set() \
                        and self.lock.acquire(blocking=False, token=self.token):
                    # it expired while Redis was away, and no other ingest took it since
                    logger.warning("the ingest lock expired while Redis was unreachable: taken again")
                    outages = self.outage.outages
                    continue
                logger.error("the ingest lock expired (this process stalled for more than %.0f s): stopping",
                             self.seconds)
                self.lost.set()
                return
            except Exception as exc:  # Redis unreachable past the limit: the main thread says so and stops
                logger.debug("could not extend the ingest lock: %s", exc)

    def check(self) -> None:
        if self.lost.is_set():
            raise LockLost("the ingest lock was lost; a restarted ingest files what this one took")

    def release(self) -> None:
        self._stop.set()
        if self._keeper is not None:
            self._keeper.join(timeout=5)
        if not self.lost.is_set():
            try:
                self.lock.release()
            except Exception:  # expired or taken over: nothing of ours to release
                logger.debug("ingest lock already gone", exc_info=True)


class Ingest:
    def __init__(self, redis_url: str, archive_path: str | Path, *, spider: str = "repost", batch_size: int = 100,
                 settings: Any = None) -> None:
        self.settings = settings or project_settings()
        from .distributed.outage import retry_for

        self.retry = retry_for(self.settings, "Redis (ingest)")
        self.server = redis_from_url(redis_url, retry=self.retry)
        self.keys = Keys.from_settings(self.settings, spider)
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.processing = f"{self.keys.processing}:{self.id}"
        self.lock = IngestLock(self.server, self.keys.ingest_lock,
                               self.settings.getfloat("NEWSARCHIVER_INGEST_LOCK_SECONDS", LOCK_SECONDS), self.id,
                               self.retry.outage)
        self.archive_path = archive_path
        self.archive: Archive | None = None
        self.filer: BatchFiler | None = None
        self.batch_size = max(1, batch_size)
        self.counts: dict[str, int] = {"recovered": 0, "undecodable": 0}
        self.run_id: int | None = None
        self.error: str | None = None  # what stopped a failed ingest (a storage failure, Redis lost)

    # -- moving items ----------------------------------------------------------------------------------
    def file(self, raws: list[bytes]) -> None:
        """File one batch in one transaction, then acknowledge it (delete this ingest's processing list)."""
        assert self.filer is not None
        for raw in raws:
            try:
                item = load_item(raw)
            except UndecodableItem as exc:
                self.counts["undecodable"] += 1
                logger.warning("dropped an entry of %s that is not an item of ours (%s): %.120r",
                               self.keys.items, exc, raw)
                continue
            self.filer.file(item)
        self.filer.commit()
        self.lock.check()  # lost the lock: leave the list for the ingest that has it
        self.server.delete(self.processing)  # acknowledged: only after the commit

    def take(self, timeout: float) -> list[bytes]:
        """Move up to batch_size items onto this ingest's processing list (waiting up to timeout for the first)."""
        first = self.server.blmove(self.keys.items, self.processing, timeout, "LEFT", "RIGHT")
        if first is None:
            return []
        raws = [first]
        if self.batch_size > 1:
            # the rest in one round trip: each LMOVE is still atomic, and one that finds the list empty
            # returns None (the moves after it find it empty too, or take what a crawler just pushed)
            pipe = self.server.pipeline(transaction=False)
            for _ in range(self.batch_size - 1):
                pipe.lmove(self.keys.items, self.processing, "LEFT", "RIGHT")
            raws.extend(raw for raw in pipe.execute() if raw is not None)
        # The processing list is this ingest's alone, so it is the batch. A move that Redis made but whose
        # reply was lost (Redis shutting down while it was on its way) is sent again by the client's retry
        # (outage.PatientRetry) and moves one more item: the first is on the list but not in ``raws``, and
        # deleting the list after the commit would drop it. Read the list back when the counts differ.
        if self.server.llen(self.processing) != len(raws):
            raws = self.server.lrange(self.processing, 0, -1)
        return raws

    def take_left_over(self) -> list[bytes]:
        """Move what earlier ingests took and never acknowledged onto this ingest's list; return it all."""
        for name in self.server.scan_iter(match=f"{self.keys.processing}*", count=100):
            name = name.decode() if isinstance(name, bytes) else name
            if name != self.processing:
                while self.server.lmove(name, self.processing, "LEFT", "RIGHT") is not None:
                    pass
        return self.server.lrange(self.processing, 0, -1)

    def crawlers_alive(self) -> bool:
        return bool(self.server.zcount(self.keys.crawlers, time.time() - DEAD_AFTER_SECONDS, "+inf"))

    def run(self, exit_when_idle: float | None = None,
            progress: Callable[[dict[str, int]], None] | None = None) -> dict[str, int]:
        """Ingest until stopped, or until no item came for ``exit_when_idle`` seconds while no crawler
        was alive. Returns the counts."""
        from .distributed.outage import RedisLost

        self.lock.acquire()
        status = "failed"
        try:
            self.archive = open_archive(self.archive_path, self.settings)
            self.run_id = self.archive.start_run("ingest", [])
            self.filer = BatchFiler(self.archive, self.run_id)
            left = self.take_left_over()
            if left:  # what a killed ingest took and did not acknowledge
                logger.info("re-filing %d items a previous ingest took but did not acknowledge", len(left))
                self.counts["recovered"] = len(left)
                self.file(left)
            idle_since = time.monotonic()
            while True:
                self.lock.check()
                raws = self.take(timeout=1)
                if raws:
                    self.file(raws)
                    idle_since = time.monotonic()
                    if progress:
                        progress(self.all_counts())
                    continue
                if self.crawlers_alive():
                    idle_since = time.monotonic()
                elif exit_when_idle is not None and time.monotonic() - idle_since >= exit_when_idle:
                    status = "finished"
                    return self.all_counts()
        except KeyboardInterrupt:
            status = "shutdown"
            return self.all_counts()
        except ArchiveStorageError as exc:
            filed = self.filer.articles_filed if self.filer is not None else 0
            self.error = exc.line(filed, "ingest stopped; the rest stays in Redis")
            raise
        except RedisLost as exc:
            self.error = f"{exc}: ingest stopped; what it took and did not file stays in Redis"
            raise
        finally:
            if self.filer is not None:
                self.filer.rollback()  # an uncommitted batch stays in Redis, for the next ingest
            if self.archive is not None:
                if self.run_id is not None:
                    counts = self.all_counts()
                    self.archive.finish_run(self.run_id, status, counts, {"ingest": counts},
                                            error=self.error if status == "failed" else None)
                self.archive.close()
            self.lock.release()

    def all_counts(self) -> dict[str, int]:
        """What this ingest filed (with the archive's disappearances: gone, restored) and dropped, and the
        pages whose prepared values it could not use (``prepared_rejected``, ``prepared_wrong``; the
        writer computed theirs), when there were any."""
        prepared = self.archive.filing.prepared_counts if self.archive is not None else {}
        bad = {f"prepared_{name}": prepared[name] for name in ("rejected", "wrong") if prepared.get(name)}
        return {**(self.filer.run_counts() if self.filer else {}), **self.counts, **bad}


def _dead_here(holder: str) -> bool:
    """Whether the lock token (``host:pid:random``) names a process of this machine that no longer exists."""
    host, pid = (holder.split(":") + ["", ""])[:2]
    return process_gone(host, pid)
