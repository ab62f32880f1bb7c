"""DistributedCrawl: the crawl-wide side of one crawler process.

* start URLs pushed to ``repost:start_urls`` (by users or ``newsarchiver crawl --redis``): taken at start
  and whenever the crawler is idle, queued, and only then removed from the list;
* the crawl's sites (``repost:sites``): the spider asks :meth:`DistributedCrawl.is_crawl_site`;
* a heartbeat in ``repost:crawlers``, which the ingest reads to know whether crawlers are still at work;
* a Redis lost for longer than ``NEWSARCHIVER_REDIS_RETRY_SECONDS`` (:mod:`.outage`) closes the crawler
  with reason ``redis_lost`` (exit status 1); a shorter outage is waited out;
* the idle exit: a crawler closes once the shared frontier (the queue and every crawler's leases) stayed
  empty for ``NEWSARCHIVER_IDLE_EXIT`` seconds; an idle crawler looks at the queue again every
  ``NEWSARCHIVER_IDLE_POLL`` seconds (0.5) instead of Scrapy's 5 s heartbeat. The last crawler of a
  finished crawl clears the seen-set.

Other components reach it through ``crawler.get_extension(DistributedCrawl)``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from ..urls import site_of
from . import enabled
from .connection import mask_log_handlers, mask_url, server_from_settings
from .keys import DEAD_AFTER_SECONDS, HEARTBEAT_SECONDS, Keys
from .outage import RedisLost, outage_of

logger = logging.getLogger(__name__)

#: The close reason of a crawler that lost Redis for longer than NEWSARCHIVER_REDIS_RETRY_SECONDS.
REDIS_LOST = "redis_lost"
#: How soon an idle crawler looks at the shared queue again (Scrapy's own idle re-check is every 5 s).
IDLE_POLL_SECONDS = 0.5
START_URLS_PER_TAKE = 100


class DistributedCrawl:
    def __init__(self, crawler: Crawler) -> None:
        if not enabled(crawler.settings):
            raise NotConfigured
        mask_log_handlers()  # before Scrapy logs its settings, REDIS_URL (and its password) among them
        self.crawler = crawler
        self.keys = Keys.from_settings(crawler.settings, crawler.spidercls.name)
        self.server = server_from_settings(crawler.settings)
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.idle_exit = crawler.settings.getfloat("NEWSARCHIVER_IDLE_EXIT", 30.0)
        self.idle_poll = crawler.settings.getfloat("NEWSARCHIVER_IDLE_POLL", IDLE_POLL_SECONDS)
        self.empty_since: float | None = None
        self.empty_since_wall: float | None = None  # the same moment, as Redis heartbeats count time
        self.beat: task.LoopingCall | None = None
        self.site_cache: dict[str, tuple[bool, float]] = {}
        self.outage = outage_of(crawler.settings)
        if self.outage is not None:
            self.outage.on_lost = self.redis_lost

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedCrawl:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    # -- life cycle ---------------------------------------------------------------------------------
    def spider_opened(self, spider: Any) -> None:
        self.heartbeat()
        self.beat = task.LoopingCall(self.heartbeat)
        self.beat.start(HEARTBEAT_SECONDS, now=False)
        logger.info("distributed crawl: crawler %s on %s", self.id, mask_url(self.crawler.settings.get("REDIS_URL")))
        self.take_start_urls(spider)

    def redis_lost(self, error: RedisLost) -> None:
        """Redis stayed away too long: close the crawler (from the reactor, once the failing call returned)."""
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        self.crawler.stats.set_value("newsarchiver/redis_lost", str(error))
        engine = self.crawler.engine
        if engine is not None:
            reactor.callLater(0, lambda: deferred_from_coro(engine.close_spider_async(reason=REDIS_LOST)))

    @property
    def lost(self) -> bool:
        return self.outage is not None and self.outage.lost is not None

    def heartbeat(self) -> None:
        if self.lost:
            return
        now = time.time()
        pipe = self.server.pipeline(transaction=False)
        pipe.zadd(self.keys.crawlers, {self.id: now})
        pipe.zremrangebyscore(self.keys.crawlers, 0, now - DEAD_AFTER_SECONDS)  # crawlers that died
        try:
            pipe.execute()
        except RedisLost:  # said once, by the outage
            pass
        except Exception:  # a Redis hiccup must not stop the heartbeat for good (LoopingCall would)
            logger.exception("heartbeat failed")

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        if self.lost:  # nothing to tidy in a Redis that is not there: the heartbeat ages out
            return
        self.server.zrem(self.keys.crawlers, self.id)
        # Another crawler still running heartbeats every HEARTBEAT_SECONDS, idle or not; one that died
        # before the frontier emptied (its leases had to expire first) has been silent since then.
        since = max(time.time() - 2.5 * HEARTBEAT_SECONDS, self.empty_since_wall or 0.0)
        alive = self.server.zcount(self.keys.crawlers, since, "+inf")
        if reason == "finished" and not alive and self.frontier_empty():
            # The last crawler of a finished crawl: the next crawl starts with a fresh seen-set.
            self.server.delete(self.keys.dupefilter, self.keys.sites, self.keys.requeued, self.keys.crawlers)
            logger.info("distributed crawl finished: seen-set cleared")

    # -- start URLs and sites -----------------------------------------------------------------------
    def take_start_urls(self, spider: Any) -> int:
        """Queue the start URLs waiting in Redis, then remove them from the list; how many were queued.

        Removed only once queued: a crawler killed in between leaves them for the next one, and the
        seen-set drops a start URL queued twice."""
        raws = self.server.lrange(self.keys.start_urls, 0, START_URLS_PER_TAKE - 1)
        queued = 0
        for raw in raws:
            url = raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else str(raw).strip()
            if url.startswith(("http://", "https://")):
                self.add_sites([url])
                for request in spider.requests_for([url]):
                    self.crawler.engine.crawl(request)
                queued += 1
            elif url:
                logger.warning("ignored a start URL from %s that is not an http(s) URL: %.200r",
                               self.keys.start_urls, url)
            self.server.lrem(self.keys.start_urls, 1, raw)
        return queued

    def add_sites(self, urls: list[str]) -> None:
        sites = [site_of(u) for u in urls]
        if sites:
            self.server.sadd(self.keys.sites, *sites)
            for site in sites:
                self.site_cache[site] = (True, time.monotonic())

    def is_crawl_site(self, site: str) -> bool:
        """Whether a start URL of any crawler is on this site (asked again after 10 s when it was not)."""
        known, at = self.site_cache.get(site, (False, 0.0))
        if known or time.monotonic() - at < 10:
            return known
        known = bool(self.server.sismember(self.keys.sites, site))
        self.site_cache[site] = (known, time.monotonic())
        return known

    # -- idle exit ------------------------------------------------------------------------------------
    def frontier_empty(self) -> bool:
        """Nothing queued and nothing leased by any crawler, dead or alive."""
        return not self.server.exists(self.keys.queue, self.keys.lease_expiry)

    def poll_soon(self) -> None:
        """Have the engine look at the shared queue again in ``idle_poll`` seconds.

        An idle crawler that stays open (DontCloseSpider) is otherwise only woken by Scrapy's 5 s slot
        heartbeat: a crawler whose share of the queue ran dry while another crawler still had requests in
        flight sat up to 5 s idle each time, however fast new links arrived. A blocking pop (scrapy-redis'
        SCHEDULER_IDLE_BEFORE_CLOSE) is no answer: redis-py blocks the reactor thread, and with it every
        download in progress. Scrapy has no public call for "look at the scheduler again": this uses the
        engine's private ``_slot.nextcall`` (tested with the Scrapy versions pyproject.toml allows) and
        falls back to Scrapy's own 5 s heartbeat if it is gone."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None) if engine is not None else None
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None and self.idle_poll > 0:
            nextcall.schedule(self.idle_poll)

    def spider_idle(self, spider: Any) -> None:
        if self.lost:
            return  # closing (redis_lost)
        try:
            self._spider_idle(spider)
        except RedisLost:
            return

    def _spider_idle(self, spider: Any) -> None:
        if self.take_start_urls(spider):
            self.empty_since = self.empty_since_wall = None
            raise DontCloseSpider
        now = time.monotonic()
        if not self.frontier_empty():
            self.empty_since = self.empty_since_wall = None
            self.poll_soon()
            raise DontCloseSpider
        if self.empty_since is None:
            self.empty_since, self.empty_since_wall = now, time.time()
        if now - self.empty_since < self.idle_exit:
            self.poll_soon()
            raise DontCloseSpider
        logger.info("the shared frontier stayed empty for %.0f s: closing", now - self.empty_since)
