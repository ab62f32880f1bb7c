"""Item pipelines: thin, settings-driven steps between the spider and the archive.

``ValidatePipeline`` drops what is not an article worth keeping; ``ArchivePipeline`` files articles
and fetch failures into the SQLite archive (``NEWSARCHIVER_ARCHIVE``) in batches of
``NEWSARCHIVER_ARCHIVE_BATCH_SIZE`` (committed at least every ``NEWSARCHIVER_ARCHIVE_BATCH_SECONDS``)
and records the crawl in ``crawl_runs``. The archive learns each site's template as it files pages
(``NEWSARCHIVER_TEMPLATE_MIN_STORIES``); when a template grows, the batch also cleans the copies
filed before.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from twisted.internet import task

from .archive import CHANGED, NEW, UNCHANGED, Archive
from .items import CrawledPage
from .schedule import RevisitSchedule

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """Drops articles without a title or with less than NEWSARCHIVER_MIN_BODY_CHARS of body text."""

    def __init__(self, crawler: Crawler, min_body_chars: int) -> None:
        self.crawler = crawler
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("NEWSARCHIVER_MIN_BODY_CHARS", 20))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, CrawledPage):
            article = item.article
            if not article.title:
                self._drop("no_title", item)
            if len(article.body.strip()) < self.min_body_chars:
                self._drop("short_body", item)
        return item

    def _drop(self, reason: str, item: CrawledPage) -> None:
        self.crawler.stats.inc_value(f"newsarchiver/dropped/{reason}")
        raise DropItem(f"{reason}: {item.url}")


class ArchivePipeline:
    """Writes items into the archive; one crawl_runs row per crawl with its counts and stats."""

    def __init__(self, crawler: Crawler, path: str, batch_size: int, batch_seconds: float) -> None:
        self.crawler = crawler
        self.path = path
        self.batch_size = max(1, batch_size)
        self.batch_seconds = batch_seconds
        settings = crawler.settings
        self.schedule = RevisitSchedule.parse(settings.get("NEWSARCHIVER_REVISIT", "1d,1d,4d"),
                                              settings.get("NEWSARCHIVER_REVISIT_STOP", "60d"))
        self.site_schedules = {site: RevisitSchedule.parse(intervals, settings.get("NEWSARCHIVER_REVISIT_STOP", "60d"))
                               for site, intervals in settings.getdict("NEWSARCHIVER_SITE_REVISIT").items()}
        self.threshold = crawler.settings.getfloat("NEWSARCHIVER_DEDUP_THRESHOLD", 0.5)
        self.keep_raw = crawler.settings.getbool("NEWSARCHIVER_KEEP_RAW", True)
        self.template_min_stories = crawler.settings.getint("NEWSARCHIVER_TEMPLATE_MIN_STORIES", 4)
        self.flusher: task.LoopingCall | None = None
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.pending = 0
        self.counts: dict[str, int] = {NEW: 0, CHANGED: 0, UNCHANGED: 0, "errors": 0, "not_modified": 0}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        pipeline = cls(crawler, settings.get("NEWSARCHIVER_ARCHIVE"),
                       settings.getint("NEWSARCHIVER_ARCHIVE_BATCH_SIZE", 100),
                       settings.getfloat("NEWSARCHIVER_ARCHIVE_BATCH_SECONDS", 2.0))
        # spider_closed carries the finish reason that close_spider does not.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        if not getattr(spider, "start_urls", None) and not getattr(spider, "backfill", False):
            # `scrapy parse` and `scrapy shell` run the spider without start URLs: they only look.
            logger.info("no start URLs: not writing to the archive")
            return
        self.archive = Archive(self.path, threshold=self.threshold, keep_raw=self.keep_raw, schedule=self.schedule,
                               site_schedules=self.site_schedules, template_min_stories=self.template_min_stories)
        self.run_id = self.archive.start_run(spider.name, list(getattr(spider, "start_urls", [])))
        logger.info("archiving into %s (crawl run %s)", self.archive.path, self.run_id)
        # A slow crawl must not hold the write lock (and its unsaved items) for long: commit on a timer too.
        self.flusher = task.LoopingCall(self.flush)
        self.flusher.start(self.batch_seconds, now=False)

    def process_item(self, item: Any) -> Any:
        if self.archive is None:
            return item
        self.archive.begin()
        try:
            with self.archive.savepoint():  # a failing item never spoils its batch
                outcome = self.archive.file_item(item, run_id=self.run_id)
            if outcome:
                self.counts[outcome] += 1
            if outcome in (NEW, CHANGED, UNCHANGED):
                self.crawler.stats.inc_value(f"newsarchiver/articles/{outcome}")
        except Exception:
            self.crawler.stats.inc_value("newsarchiver/archive_errors")
            logger.exception("could not archive %s", getattr(item, "url", item))
            return item
        self.pending += 1
        if self.pending >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if self.archive is not None and self.archive.in_batch:
            if self.archive.templates_grown:
                # pages filed before their site's template was known lose its paragraphs, in this batch
                cleaned = self.archive.apply_templates()
                if cleaned:
                    self.crawler.stats.inc_value("newsarchiver/template_cleaned", cleaned)
                    logger.info("site template grew: %d archived copies cleaned", cleaned)
            self.archive.commit()
        self.pending = 0

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        if self.archive is None:
            return
        self.flush()
        stats = self.crawler.stats.get_stats()
        counts = {**self.counts, "pages": stats.get("downloader/response_count", 0),
                  "skipped": stats.get("newsarchiver/skipped_not_due", 0)}
        self.archive.finish_run(self.run_id, reason, counts, stats, errors_by_kind(stats))
        self.archive.close()
        self.archive = None
        logger.info(
            "archived: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(errors)s errors",
            {"new": counts[NEW], "changed": counts[CHANGED], "unchanged": counts[UNCHANGED],
             "errors": counts["errors"]},
        )


def errors_by_kind(stats: dict[str, Any]) -> dict[str, int]:
    """Failures of a crawl by kind, from its stats: fetch errors, unreadable and non-HTML pages."""
    kinds = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newsarchiver/errors/")}
    kinds.pop("robots_disallowed", None)
    kinds.pop("not_due", None)
    for key, name in (("newsarchiver/parse_errors", "parse_error"), ("newsarchiver/not_html", "not_html"),
                      ("newsarchiver/empty_body", "empty_body")):
        if stats.get(key):
            kinds[name] = stats[key]
    return kinds
