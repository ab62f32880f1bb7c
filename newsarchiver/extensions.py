"""CrawlProgress: a live progress line on stderr and a summary at the end (NEWSARCHIVER_PROGRESS)."""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from .pipelines import errors_by_kind


class CrawlProgress:
    """Every NEWSARCHIVER_PROGRESS_INTERVAL seconds: pages fetched, articles new/changed/unchanged,
    errors and pages per second, on one refreshed stderr line. A distributed crawler (REDIS_URL) shows
    the article pages it found and the items it pushed to Redis instead: the ingest files them; a crawl
    without an archive, the articles scraped (for its feed)."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        if not crawler.settings.getbool("NEWSARCHIVER_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler, crawler.settings.getfloat("NEWSARCHIVER_PROGRESS_INTERVAL", 1.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def line(self) -> str:
        stats = self.crawler.stats
        pages = stats.get_value("downloader/response_count", 0)
        new = stats.get_value("newsarchiver/articles/new", 0)
        changed = stats.get_value("newsarchiver/articles/changed", 0)
        unchanged = stats.get_value("newsarchiver/articles/unchanged", 0)
        errors = sum(errors_by_kind(stats.get_stats()).values())  # the same count the run's summary shows
        elapsed = max(time.monotonic() - self.started, 1e-6)
        pushed = stats.get_value("newsarchiver/redis/items_pushed")
        if pushed is not None or self.crawler.settings.get("REDIS_URL"):
            # distributed: this process files nothing; `newsarchiver ingest` counts new/changed/unchanged
            articles = stats.get_value("newsarchiver/pages/article", 0)
            waits = stats.get_value("newsarchiver/redis/backpressure_waits", 0)
            return (f"pages {pages} | articles {articles} | items to Redis {pushed or 0}"
                    + (f" (waited for the ingest {waits}x)" if waits else "")
                    + f" | errors {errors} | {pages / elapsed:.1f} pages/s | {elapsed:.0f}s")
        if not self.crawler.settings.get("NEWSARCHIVER_ARCHIVE"):  # nothing filed: the articles that went through
            return (f"pages {pages} | articles {stats.get_value('item_scraped_count', 0)} (no archive) | "
                    f"errors {errors} | {pages / elapsed:.1f} pages/s | {elapsed:.0f}s")
        return (f"pages {pages} | articles {new + changed + unchanged} (new {new}, changed {changed}, "
                f"unchanged {unchanged}) | errors {errors} | {pages / elapsed:.1f} pages/s | {elapsed:.0f}s")

    def warnings(self) -> str:
        """What the line adds when trouble is near: the sites not reached, low disk space."""
        from .archive.files import format_size
        from .failures import unreachable_sites
        from .pipelines import LOW_SPACE_STAT

        stats = self.crawler.stats.get_stats()
        parts = []
        unreachable = unreachable_sites(stats)
        if unreachable:
            parts.append(f"unreachable: {', '.join(sorted(unreachable))}")
        if stats.get(LOW_SPACE_STAT) is not None:
            parts.append(f"low disk space: {format_size(stats[LOW_SPACE_STAT])} free")
        return "".join(f" | {p}" for p in parts)

    def report(self) -> None:
        line = self.line() + self.warnings()
        sys.stderr.write("\r\x1b[K" + line if sys.stderr.isatty() else line + "\n")
        sys.stderr.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.reason = reason

    def engine_stopped(self) -> None:
        """The last line, once every spider_closed handler has run: the archive pipeline commits its last
        batch in its own, and only committed articles count (printed from spider_closed, the articles of
        that batch were missing: a small crawl said "articles 0")."""
        reason = self.reason
        if reason is None:
            return
        sys.stderr.write(("\r\x1b[K" if sys.stderr.isatty() else "") + f"done ({reason}): {self.line()}"
                         f"{self.warnings()}\n")
        sys.stderr.flush()
