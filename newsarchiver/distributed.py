"""Distributed crawling on scrapy-redis: several crawler processes, one shared frontier, one archive writer.

Distributed mode is configuration: with ``REDIS_URL`` set (scrapy-redis' own setting),
``RepostSpider.update_settings`` calls :func:`configure`, which switches

* ``SCHEDULER`` to :class:`Scheduler` (scrapy-redis' scheduler: the request queue and the seen-set
  live in Redis and are shared by every crawler; it also tracks what this process has in flight),
* ``DUPEFILTER_CLASS`` to scrapy-redis' fingerprint set, or to :class:`BloomDupeFilter` with
  ``NEWSARCHIVER_BLOOM_DUPEFILTER``,
* ``ArchivePipeline`` for :class:`RedisItemPipeline`, which pushes items onto ``repost:items`` for
  ``newsarchiver ingest`` (the single SQLite writer, newsarchiver/ingest.py),
* and adds :class:`DistributedCrawl`, the extension that reads start URLs pushed to
  ``repost:start_urls``, keeps a heartbeat, re-queues the requests of crawlers that died, and closes
  the crawler once the shared frontier has been empty (nothing queued, nothing in flight anywhere)
  for ``NEWSARCHIVER_IDLE_EXIT`` seconds; an idle crawler looks at the shared queue again every
  ``NEWSARCHIVER_IDLE_POLL`` seconds (0.5) instead of Scrapy's 5 s heartbeat.

Without ``REDIS_URL`` nothing here is used. docs/distributed.md has the deployment and the figures.
"""

from __future__ import annotations

import asyncio

import base64
import hashlib
import json
import logging
import math
import os
import socket
import time
import uuid
from dataclasses import asdict
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis import connection
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from .feeds import crawled
from .items import Article, CrawledPage, DateFound, FetchFailure, NavLink, NotModified, Vanished
from .urls import site_of

logger = logging.getLogger(__name__)

#: Redis keys, by spider name (scrapy-redis' own: ``%(spider)s:requests`` and ``%(spider)s:dupefilter``).
ITEMS_KEY = "{spider}:items"  # items waiting for the ingest (a list, RPUSH / BLMOVE)
PROCESSING_KEY = "{spider}:items:processing"  # items the ingest took but has not committed yet
START_URLS_KEY = "{spider}:start_urls"  # start URLs pushed by users (scrapy-redis' START_URLS_KEY)
SITES_KEY = "{spider}:sites"  # the sites of all start URLs: the crawl stays on them
CRAWLERS_KEY = "{spider}:crawlers"  # live crawlers: id -> time of the last heartbeat (a sorted set)
INFLIGHT_KEY = "{spider}:inflight:{id}"  # requests a crawler took from the queue and has not finished
INGEST_LOCK_KEY = "{spider}:ingest:lock"  # one ingest at a time

HEARTBEAT_SECONDS = 2.0
#: How soon an idle crawler looks at the shared queue again (Scrapy's own idle re-check is every 5 s).
IDLE_POLL_SECONDS = 0.5
#: A crawler without a heartbeat for this long is dead: its requests in flight go back to the queue.
DEAD_AFTER_SECONDS = 10.0
_TOKEN = "_newsarchiver_inflight"


def enabled(settings: Any) -> bool:
    return bool(settings.get("REDIS_URL"))


def configure(settings: Any) -> None:
    """Switch a crawl's settings to distributed mode when REDIS_URL is set; otherwise do nothing."""
    if not enabled(settings):
        return
    settings.set("SCHEDULER", "newsarchiver.distributed.Scheduler", priority="spider")
    dupefilter = ("newsarchiver.distributed.BloomDupeFilter" if settings.getbool("NEWSARCHIVER_BLOOM_DUPEFILTER")
                  else "scrapy_redis.dupefilter.RFPDupeFilter")
    settings.set("DUPEFILTER_CLASS", dupefilter, priority="spider")
    # Shared state must survive any one crawler: DistributedCrawl clears it when the last one finishes.
    settings.set("SCHEDULER_PERSIST", True, priority="spider")
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines.pop("newsarchiver.pipelines.ArchivePipeline", None)
    pipelines["newsarchiver.distributed.RedisItemPipeline"] = 800
    settings.set("ITEM_PIPELINES", pipelines, priority="spider")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["newsarchiver.distributed.DistributedCrawl"] = 100
    settings.set("EXTENSIONS", extensions, priority="spider")


def redis_from_url(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=30, retry_on_timeout=True)


def key(template: str, spider: str = "repost", **kw: str) -> str:
    return template.format(spider=spider, **kw)


def push_start_urls(redis_url: str, urls: list[str], spider: str = "repost") -> int:
    """Push start URLs onto the shared ``repost:start_urls`` list (what ``newsarchiver crawl --redis`` does):
    whichever crawler is free takes them, and their sites join the crawl. Returns how many were pushed."""
    urls = [u.strip() for u in urls if u.strip()]
    if urls:
        redis_from_url(redis_url).rpush(key(START_URLS_KEY, spider), *urls)
    return len(urls)


# -- items over the wire ------------------------------------------------------------------------------
def dump_item(item: Any) -> str:
    """An item as one JSON text (raw bytes as base64)."""
    if isinstance(item, CrawledPage):
        data = asdict(item)
        data["raw"] = base64.b64encode(item.raw).decode("ascii") if item.raw is not None else None
        return json.dumps({"type": "page", "item": data}, ensure_ascii=False)
    if isinstance(item, FetchFailure):
        return json.dumps({"type": "failure", "item": asdict(item)}, ensure_ascii=False)
    if isinstance(item, NotModified):
        return json.dumps({"type": "not_modified", "item": asdict(item)}, ensure_ascii=False)
    if isinstance(item, Vanished):
        data = asdict(item)
        data["raw"] = base64.b64encode(item.raw).decode("ascii") if item.raw is not None else None
        return json.dumps({"type": "vanished", "item": data}, ensure_ascii=False)
    raise TypeError(f"not a newsarchiver item: {type(item).__name__}")


def load_item(text: str | bytes) -> CrawledPage | FetchFailure | NotModified | Vanished:
    record = json.loads(text)
    data = record["item"]
    if record["type"] == "failure":
        return FetchFailure(**data)
    if record["type"] == "not_modified":
        return NotModified(**data)
    if record["type"] == "vanished":
        data["raw"] = base64.b64decode(data["raw"]) if data.get("raw") is not None else None
        return Vanished(**data)
    art = dict(data["article"])
    for name in ("published", "updated"):
        art[name] = DateFound(**art[name]) if art.get(name) else None
    for name in ("prev", "next"):
        art[name] = NavLink(**art[name]) if art.get(name) else None
    data["article"] = Article(**art)
    data["raw"] = base64.b64decode(data["raw"]) if data.get("raw") is not None else None
    return CrawledPage(**data)


class RedisItemPipeline:
    """Pushes every item onto ``repost:items`` (instead of writing the archive, which only the ingest does).

    Back-pressure: while the list holds ``NEWSARCHIVER_REDIS_MAX_ITEMS`` items or more (the ingest is
    slower than the crawlers, or not running), an item waits before it is pushed; Scrapy then stops
    taking responses once ``CONCURRENT_ITEMS`` items wait, so the crawl slows to the ingest's pace
    instead of filling Redis' memory (~24 KiB per item with its raw page). 0 turns the cap off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = connection.from_settings(crawler.settings)
        self.key = key(ITEMS_KEY, crawler.spidercls.name)
        self.max_items = crawler.settings.getint("NEWSARCHIVER_REDIS_MAX_ITEMS", 10_000)
        self.poll = crawler.settings.getfloat("NEWSARCHIVER_IDLE_POLL", 0.5)
        self._warned = 0.0
        self._gate: asyncio.Lock | None = None  # one item at a time checks for room and pushes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisItemPipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        page = crawled(item)  # an ArticleItem travels as the crawled page behind it
        if isinstance(page, (CrawledPage, FetchFailure, NotModified, Vanished)):
            data = dump_item(page)
            if self.max_items > 0:
                if self._gate is None:
                    self._gate = asyncio.Lock()
                async with self._gate:  # so the list never outgrows the cap (by one item per crawler)
                    await self._room()
                    self.server.rpush(self.key, data)
            else:
                self.server.rpush(self.key, data)
            self.crawler.stats.inc_value("newsarchiver/redis/items_pushed")
        return item

    async def _room(self) -> None:
        waited = False
        while (queued := self.server.llen(self.key)) >= self.max_items:
            if not waited:
                self.crawler.stats.inc_value("newsarchiver/redis/backpressure_waits")
                waited = True
            if time.monotonic() - self._warned > 30:
                self._warned = time.monotonic()
                logger.warning("%s holds %d items (NEWSARCHIVER_REDIS_MAX_ITEMS=%d): waiting for "
                               "`newsarchiver ingest` to take some", self.key, queued, self.max_items)
            await asyncio.sleep(self.poll)


# -- the shared scheduler ----------------------------------------------------------------------------
class Scheduler(RedisScheduler):
    """scrapy-redis' scheduler, plus a record of the requests this process took and has not finished.

    A crawler killed with SIGKILL loses what it popped from the shared queue; its in-flight record
    lets the surviving crawlers put those requests back (DistributedCrawl.recover_dead)."""

    tracker: DistributedCrawl | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Scheduler:
        instance = super().from_crawler(crawler)
        instance.tracker = DistributedCrawl.instances.get(id(crawler))
        return instance

    def open(self, spider: Any) -> None:
        super().open(spider)
        if self.tracker is not None:
            self.tracker.queue = self.queue

    def enqueue_request(self, request: Any) -> bool:
        # A redirect or a retry re-enters the shared queue: it is no longer this process's to finish.
        token = request.meta.pop(_TOKEN, None)
        added = super().enqueue_request(request)
        if token and self.tracker is not None:
            self.tracker.finished_token(token)
        return added

    def next_request(self) -> Any:
        request = super().next_request()
        if request is not None and self.tracker is not None:
            self.tracker.started(request, self.queue)
        return request


# -- a compact seen-set ------------------------------------------------------------------------------
def bloom_size(capacity: int, error_rate: float) -> tuple[int, int]:
    """(bits, hash functions) of a Bloom filter holding ``capacity`` items at ``error_rate`` false positives."""
    bits = math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2)
    bits = min(bits, 2**32)  # a Redis string holds at most 512 MB
    hashes = max(1, round(bits / capacity * math.log(2)))
    return bits, hashes


def bloom_false_positive_rate(bits: int, hashes: int, items: int) -> float:
    return (1 - math.exp(-hashes * items / bits)) ** hashes


class BloomDupeFilter(RFPDupeFilter):
    """A Bloom filter on a Redis bitmap in place of scrapy-redis' fingerprint set.

    Sized by NEWSARCHIVER_BLOOM_CAPACITY and NEWSARCHIVER_BLOOM_ERROR_RATE: 10 million URLs at 0.1%
    take 18 MB whatever the URLs, where the set takes ~0.9 GB (88 bytes per URL, measured). A false positive is a new URL taken for a seen
    one and not crawled (at most the error rate, while the filter holds no more than its capacity).
    Check-and-set is one MULTI of k SETBITs, so two crawlers never both take a URL as new.
    """

    def __init__(self, server: Any, key: str, debug: bool = False, capacity: int = 10_000_000,
                 error_rate: float = 0.001) -> None:
        super().__init__(server, key, debug)
        self.bits, self.hashes = bloom_size(capacity, error_rate)

    @classmethod
    def from_spider(cls, spider: Any) -> BloomDupeFilter:
        settings = spider.settings
        base = super().from_spider(spider)
        return cls(base.server, base.key, base.debug, settings.getint("NEWSARCHIVER_BLOOM_CAPACITY", 10_000_000),
                   settings.getfloat("NEWSARCHIVER_BLOOM_ERROR_RATE", 0.001))

    @classmethod
    def from_settings(cls, settings: Any) -> BloomDupeFilter:
        base = RFPDupeFilter.from_settings(settings)
        return cls(base.server, base.key, base.debug, settings.getint("NEWSARCHIVER_BLOOM_CAPACITY", 10_000_000),
                   settings.getfloat("NEWSARCHIVER_BLOOM_ERROR_RATE", 0.001))

    def positions(self, fingerprint: str) -> list[int]:
        digest = hashlib.sha256(fingerprint.encode("ascii")).digest()
        h1 = int.from_bytes(digest[:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        return [(h1 + i * h2) % self.bits for i in range(self.hashes)]

    def add(self, fingerprint: str) -> bool:
        """Set the fingerprint's bits; True if they were all set already (seen, or a false positive)."""
        pipe = self.server.pipeline(transaction=True)
        for pos in self.positions(fingerprint):
            pipe.setbit(self.key, pos, 1)
        return all(pipe.execute())

    def contains(self, fingerprint: str) -> bool:
        """Whether the fingerprint's bits are all set, without setting them."""
        pipe = self.server.pipeline(transaction=False)
        for pos in self.positions(fingerprint):
            pipe.getbit(self.key, pos)
        return all(pipe.execute())

    def request_seen(self, request: Any) -> bool:
        return self.add(self.request_fingerprint(request))


# -- the extension: start URLs, heartbeat, dead crawlers, idle exit -------------------------------------
class DistributedCrawl:
    instances: dict[int, DistributedCrawl] = {}

    def __init__(self, crawler: Crawler) -> None:
        if not enabled(crawler.settings):
            raise NotConfigured
        self.crawler = crawler
        self.spider_name = crawler.spidercls.name
        self.server = connection.from_settings(crawler.settings)
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.idle_exit = crawler.settings.getfloat("NEWSARCHIVER_IDLE_EXIT", 30.0)
        self.idle_poll = crawler.settings.getfloat("NEWSARCHIVER_IDLE_POLL", IDLE_POLL_SECONDS)
        self.inflight_key = key(INFLIGHT_KEY, self.spider_name, id=self.id)
        self.queue: Any = None
        self.empty_since: float | None = None
        self.beat: task.LoopingCall | None = None
        self.site_cache: dict[str, tuple[bool, float]] = {}
        DistributedCrawl.instances[id(crawler)] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedCrawl:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def k(self, template: str) -> str:
        return key(template, self.spider_name)

    # lifecycle
    def spider_opened(self, spider: Any) -> None:
        self.heartbeat()
        self.beat = task.LoopingCall(self.heartbeat)
        self.beat.start(HEARTBEAT_SECONDS, now=False)
        scraper = self.crawler.engine.scraper
        original = scraper.enqueue_scrape

        def enqueue_scrape(result: Any, request: Any) -> Any:  # a request is done once its output is handled
            dfd = original(result, request)
            dfd.addBoth(lambda value: (self.finished(request), value)[1])
            return dfd

        scraper.enqueue_scrape = enqueue_scrape
        logger.info("distributed crawl: crawler %s on %s", self.id, self.crawler.settings.get("REDIS_URL"))

    def heartbeat(self) -> None:
        self.server.zadd(self.k(CRAWLERS_KEY), {self.id: time.time()})
        self.server.expire(self.inflight_key, 24 * 3600)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        self.server.zrem(self.k(CRAWLERS_KEY), self.id)
        if reason == "finished" and not self.server.zcard(self.k(CRAWLERS_KEY)) and self._frontier_empty():
            # The last crawler of a finished crawl: the next crawl starts with a fresh seen-set.
            dupefilter = self.crawler.settings.get("SCHEDULER_DUPEFILTER_KEY", "%(spider)s:dupefilter")
            self.server.delete(dupefilter % {"spider": self.spider_name}, self.k(SITES_KEY))
            logger.info("distributed crawl finished: seen-set cleared")
        DistributedCrawl.instances.pop(id(self.crawler), None)

    # in-flight requests
    def started(self, request: Any, queue: Any) -> None:
        self.queue = queue
        token = uuid.uuid4().hex
        request.meta[_TOKEN] = token
        self.server.hset(self.inflight_key, token, queue._encode_request(request))

    def finished(self, request: Any) -> None:
        token = request.meta.pop(_TOKEN, None)
        if token:
            self.finished_token(token)

    def finished_token(self, token: str) -> None:
        self.server.hdel(self.inflight_key, token)

    def recover_dead(self) -> int:
        """Put the in-flight requests of crawlers without a heartbeat back on the shared queue."""
        if self.queue is None:
            return 0
        recovered = 0
        dead = self.server.zrangebyscore(self.k(CRAWLERS_KEY), 0, time.time() - DEAD_AFTER_SECONDS)
        for member in dead:
            other = member.decode() if isinstance(member, bytes) else member
            pipe = self.server.pipeline(transaction=True)  # HGETALL+DEL at once: one crawler recovers them
            pipe.hgetall(key(INFLIGHT_KEY, self.spider_name, id=other))
            pipe.delete(key(INFLIGHT_KEY, self.spider_name, id=other))
            pipe.zrem(self.k(CRAWLERS_KEY), other)
            requests, _, _ = pipe.execute()
            for encoded in requests.values():
                request = self.queue._decode_request(encoded)
                request.meta.pop(_TOKEN, None)
                self.queue.push(request)  # straight onto the queue: the seen-set already has it
                recovered += 1
            if requests:
                logger.warning("crawler %s is gone: %d of its requests back on the queue", other, len(requests))
        if recovered:
            self.crawler.stats.inc_value("newsarchiver/redis/recovered_requests", recovered)
        return recovered

    def _frontier_empty(self) -> bool:
        queue_key = self.crawler.settings.get("SCHEDULER_QUEUE_KEY", "%(spider)s:requests")
        if self.server.exists(queue_key % {"spider": self.spider_name}):
            return False
        live = self.server.zrange(self.k(CRAWLERS_KEY), 0, -1)
        return not any(self.server.hlen(key(INFLIGHT_KEY, self.spider_name, id=m.decode())) for m in live)

    # start URLs and idle exit
    def pop_start_urls(self) -> list[str]:
        urls = []
        while True:
            raw = self.server.lpop(self.k(START_URLS_KEY))
            if raw is None:
                return urls
            url = raw.decode().strip() if isinstance(raw, bytes) else str(raw).strip()
            if url:
                self.add_sites([url])
                urls.append(url)

    def add_sites(self, urls: list[str]) -> None:
        sites = [site_of(u) for u in urls]
        if sites:
            self.server.sadd(self.k(SITES_KEY), *sites)
            for site in sites:
                self.site_cache[site] = (True, time.monotonic())

    def is_crawl_site(self, site: str) -> bool:
        known, at = self.site_cache.get(site, (False, 0.0))
        if known or time.monotonic() - at < 10:
            return known
        known = bool(self.server.sismember(self.k(SITES_KEY), site))
        self.site_cache[site] = (known, time.monotonic())
        return known

    def poll_soon(self) -> None:
        """Have the engine look at the shared queue again in ``idle_poll`` seconds.

        An idle crawler that stays open (DontCloseSpider) is otherwise only woken by Scrapy's 5 s slot
        heartbeat: a crawler whose share of the queue ran dry while another crawler still had requests in
        flight sat up to 5 s idle each time, however fast new links arrived. A blocking pop (scrapy-redis'
        SCHEDULER_IDLE_BEFORE_CLOSE) is no answer: redis-py blocks the reactor thread, and with it every
        download in progress; scrapy-redis' default priority queue ignores the timeout anyway."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None) if engine is not None else None
        if slot is not None and self.idle_poll > 0:
            slot.nextcall.schedule(self.idle_poll)

    def spider_idle(self, spider: Any) -> None:
        urls = self.pop_start_urls()
        if urls:
            for request in spider.requests_for(urls):
                self.crawler.engine.crawl(request)
            self.empty_since = None
            raise DontCloseSpider
        self.recover_dead()
        now = time.monotonic()
        if not self._frontier_empty():
            self.empty_since = None
            self.poll_soon()
            raise DontCloseSpider
        if self.empty_since is None:
            self.empty_since = now
        if now - self.empty_since < self.idle_exit:
            self.poll_soon()
            raise DontCloseSpider
        logger.info("the shared frontier stayed empty for %.0f s: closing", now - self.empty_since)
