"""RedisItemPipeline: a distributed crawler's items go to Redis, where ``newsarchiver ingest`` files them."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ..archive.prepare import prepare
from ..feeds import crawled
from ..items import CrawledPage, FetchFailure, NotArticle, NotModified, Vanished
from .codec import dump_item
from .connection import server_from_settings
from .keys import Keys
from .outage import RedisLost

logger = logging.getLogger(__name__)


class RedisItemPipeline:
    """Pushes every item onto ``repost:items`` (instead of writing the archive, which only the ingest does),
    a page with its prepared values (``archive.prepare``).

    Back-pressure: while the list holds ``NEWSARCHIVER_REDIS_MAX_ITEMS`` items or more (the ingest is
    slower than the crawlers, or not running), an item waits before it is pushed; Scrapy then stops
    taking responses once ``CONCURRENT_ITEMS`` items wait, so the crawl slows to the ingest's pace
    instead of filling Redis' memory (~24 KiB per item with its raw page). 0 turns the cap off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = server_from_settings(crawler.settings)
        self.key = Keys.from_settings(crawler.settings, crawler.spidercls.name).items
        self.max_items = crawler.settings.getint("NEWSARCHIVER_REDIS_MAX_ITEMS", 10_000)
        self.poll = crawler.settings.getfloat("NEWSARCHIVER_IDLE_POLL", 0.5)
        self._warned = 0.0
        self._gate: asyncio.Lock | None = None  # one item at a time checks for room and pushes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisItemPipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        page = crawled(item)  # an ArticleItem travels as the crawled page behind it
        if isinstance(page, (CrawledPage, FetchFailure, NotModified, Vanished, NotArticle)):
            # a page goes with its prepared values (what filing computes from the page alone): computed here,
            # by each crawler, so the single writer (`newsarchiver ingest`) only checks them and writes rows
            data = dump_item(prepare(page) if isinstance(page, CrawledPage) else page)
            try:
                if self.max_items > 0:
                    if self._gate is None:
                        self._gate = asyncio.Lock()
                    async with self._gate:  # so the list never outgrows the cap (by one item per crawler)
                        await self._room()
                        self.server.rpush(self.key, data)
                else:
                    self.server.rpush(self.key, data)
            except RedisLost:
                # the crawler is closing; the request's lease is not released, so it is fetched again
                self.crawler.stats.inc_value("newsarchiver/redis/items_not_pushed")
                raise DropItem(f"not pushed, Redis lost: {getattr(page, 'url', '')}", log_level="DEBUG") from None
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
