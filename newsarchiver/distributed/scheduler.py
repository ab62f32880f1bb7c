"""The scheduler of a distributed crawl: scrapy-redis' scheduler on the leased queue.

* ``enqueue_request``: the seen-set check and the queue push are one Redis script
  (:meth:`SeenSet.add_and_push <.dupefilter.SeenSet.add_and_push>`); a redirect or retry of a leased
  request ends that lease once it is queued; a request a callback yielded releases its parent's hold.
* ``next_request``: pops under a lease (:meth:`LeasedQueue.lease <.queue.LeasedQueue.lease>`) and wraps
  the request's errback (:class:`~.tracking.TrackedErrback`); an entry that does not decode is dropped.
* a Redis lost for good (:class:`~.outage.RedisLost`, past NEWSARCHIVER_REDIS_RETRY_SECONDS) makes the
  scheduler empty: nothing more is taken, the crawler closes (``redis_lost``); what it had leased comes
  back to the queue once the leases expire;
* every heartbeat: renews this crawler's leases and puts the expired leases of dead crawlers back on
  the queue (:class:`~.leases.Leases`); on close, hands its unfinished requests back.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from .keys import Keys
from .leases import Leases
from .outage import RedisLost
from .tracking import PARENT, TOKEN, TrackedErrback

logger = logging.getLogger(__name__)

#: Seconds a lease lasts without renewal (NEWSARCHIVER_LEASE_SECONDS); crawlers renew 4 times per lease.
LEASE_SECONDS = 10.0


class Scheduler(RedisScheduler):
    crawler: Crawler
    leases: Leases

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Scheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        instance.lease_seconds = max(0.5, crawler.settings.getfloat("NEWSARCHIVER_LEASE_SECONDS", LEASE_SECONDS))
        instance.heartbeat = None
        return instance

    def open(self, spider: Any) -> None:
        super().open(spider)
        keys = Keys.from_settings(self.crawler.settings, spider.name)
        self.leases = Leases(self.server, keys, self.lease_seconds, self.crawler.stats)
        self.heartbeat = task.LoopingCall(self.tick)
        self.heartbeat.start(self.lease_seconds / 4, now=True)

    def close(self, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        try:
            self.leases.give_back()
            super().close(reason)
        except RedisLost:  # the leases expire in Redis and other crawlers (or the next one) take them back
            pass

    def has_pending_requests(self) -> bool:
        try:
            return super().has_pending_requests()
        except RedisLost:
            return False

    def tick(self) -> None:
        try:
            self.leases.renew()
            self.leases.reclaim()
        except RedisLost:
            if self.heartbeat is not None and self.heartbeat.running:
                self.heartbeat.stop()
        except Exception:  # a Redis hiccup must not stop the heartbeat for good (LoopingCall would)
            logger.exception("could not renew or reclaim leases")

    def enqueue_request(self, request: Request) -> bool:
        parent = request.meta.pop(PARENT, None)  # yielded by the callback of a leased request
        replaced = request.meta.pop(TOKEN, None)  # a redirect or retry of a leased request
        try:
            score, entry = self.queue.entry(request)
            if request.dont_filter:
                self.server.zadd(self.queue.key, {entry: score})
                added = True
            else:
                added = self.df.add_and_push(request, self.queue.key, score, entry)
            if added:
                self.stats.inc_value("scheduler/enqueued/redis")
            else:
                self.df.log(request, self.spider)
            return added
        except RedisLost:  # the crawler is closing; its parent's lease expires and the parent is fetched again
            return False
        except (TypeError, ValueError) as exc:  # not JSON-able: a request the shared queue cannot carry
            self.stats.inc_value("newsarchiver/redis/unencodable_requests")
            logger.error("cannot queue %s in Redis: %s", request, exc)
            return False
        finally:
            try:
                self.leases.release(replaced)
                self.leases.release(parent)
            except RedisLost:
                pass

    def next_request(self) -> Request | None:
        try:
            return self._next_request()
        except RedisLost:
            return None

    def _next_request(self) -> Request | None:
        while True:
            token = uuid.uuid4().hex
            entry = self.queue.lease(token, self.lease_seconds)
            if entry is None:
                return None
            request = self.queue.decode(entry)
            if request is None:  # logged and counted by the queue
                self.leases.finish(token)
                continue
            self.leases.taken(token)
            request.meta[TOKEN] = token
            request.errback = TrackedErrback(request.errback, token, self.leases)
            self.stats.inc_value("scheduler/dequeued/redis")
            return request
