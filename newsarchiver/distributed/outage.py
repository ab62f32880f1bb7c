"""Riding out a Redis restart: every Redis command of a crawler or the ingest waits for Redis to come back,
up to ``NEWSARCHIVER_REDIS_RETRY_SECONDS``, then the process stops with one clear line.

redis-py retries a command that failed at the connection level (refused, reset, timed out) with the
client's ``retry`` object; :class:`PatientRetry` is that object, shared by every client of the process
(scrapy-redis' scheduler and seen-set, our queue, leases, pipeline and extension, the ingest): it retries
with a growing pause (0.1 s to 2 s) for as long as Redis has been unreachable for less than the limit,
counted from the first failure of the outage, whichever command saw it. Past the limit the command raises
:class:`RedisLost` (a ``redis.ConnectionError``), and so does every command after it at once: a crawler
closes with reason ``redis_lost``, the ingest stops, both exit with status 1.

While it waits, a crawler waits whole: Scrapy's reactor is one thread, and redis-py blocks it. No request
is fetched, no item pushed, nothing is lost: what was queued or leased is in Redis, and with Redis'
persistence on (``appendonly yes``, docs/distributed.md) it is there again after the restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

logger = logging.getLogger(__name__)

#: Default of NEWSARCHIVER_REDIS_RETRY_SECONDS: how long a crawler or the ingest waits for a lost Redis.
RETRY_SECONDS = 300.0


class RedisLost(RedisConnectionError):
    """Redis stayed unreachable for longer than NEWSARCHIVER_REDIS_RETRY_SECONDS."""


class Outage:
    """How long Redis has been unreachable, for all the clients of one process."""

    def __init__(self, limit: float, where: str = "Redis") -> None:
        self.limit = max(0.0, limit)
        self.where = where
        self.since: float | None = None  # monotonic time of the first failure of the current outage
        self.lost: RedisLost | None = None
        self.on_lost: Callable[[RedisLost], None] | None = None
        self.outages = 0
        self._lock = threading.Lock()

    def failed(self, error: BaseException) -> None:
        """A command failed at the connection level: raises :class:`RedisLost` once past the limit."""
        with self._lock:
            if self.lost is not None:
                raise self.lost
            now = time.monotonic()
            if self.since is None:
                self.since = now
                self.outages += 1
                logger.warning("%s unreachable (%s): waiting for it, up to %.0f s (NEWSARCHIVER_REDIS_RETRY_SECONDS)",
                               self.where, error, self.limit)
            if now - self.since < self.limit:
                return
            self.lost = RedisLost(f"{self.where} unreachable for {now - self.since:.0f} s, longer than "
                                  f"NEWSARCHIVER_REDIS_RETRY_SECONDS ({self.limit:.0f} s): {error}")
            lost, callback = self.lost, self.on_lost
        logger.error("%s", lost)
        if callback is not None:
            callback(lost)
        raise lost

    def succeeded(self) -> None:
        if self.since is not None and self.lost is None:
            with self._lock:
                if self.since is not None:
                    logger.warning("%s is back after %.1f s: going on", self.where, time.monotonic() - self.since)
                    self.since = None


class PatientRetry(Retry):
    """redis-py's Retry, bounded by the time Redis has been unreachable instead of a number of attempts.

    One instance is shared by every connection (redis-py deep-copies a client's ``retry`` into each of its
    connections: :meth:`__deepcopy__` returns the instance itself, so the outage is counted once)."""

    def __init__(self, outage: Outage) -> None:
        super().__init__(ExponentialBackoff(cap=2.0, base=0.1), retries=-1)
        self.outage = outage

    def __deepcopy__(self, memo: dict[int, Any]) -> PatientRetry:
        return self

    def call_with_retry(self, do: Callable[[], Any], fail: Callable[..., Any],
                        is_retryable: Callable[[Exception], bool] | None = None,
                        with_failure_count: bool = False) -> Any:
        failures = 0
        while True:
            if self.outage.lost is not None:
                raise self.outage.lost
            try:
                result = do()
            except RedisLost:
                raise
            except self._supported_errors as error:
                if is_retryable and not is_retryable(error):
                    raise
                failures += 1
                if with_failure_count:
                    fail(error, failures)
                else:
                    fail(error)
                self.outage.failed(error)  # raises RedisLost past the limit
                time.sleep(self._backoff.compute(failures))
            else:
                self.outage.succeeded()
                return result


def retry_for(settings: Any, where: str = "Redis") -> PatientRetry:
    """A retry object with its own outage record (NEWSARCHIVER_REDIS_RETRY_SECONDS): one per crawler or ingest,
    shared by all its clients."""
    return PatientRetry(Outage(settings.getfloat("NEWSARCHIVER_REDIS_RETRY_SECONDS", RETRY_SECONDS), where))


def outage_of(settings: Any) -> Outage | None:
    """The outage record of a distributed crawler's Redis clients (the add-on put their retry in REDIS_PARAMS)."""
    retry = settings.getdict("REDIS_PARAMS").get("retry")
    return retry.outage if isinstance(retry, PatientRetry) else None
