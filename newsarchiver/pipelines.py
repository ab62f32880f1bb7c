"""Item pipelines: thin, settings-driven steps between the spider and the archive (or a feed).

In order (``ITEM_PIPELINES``):

* ``ValidatePipeline`` (100) drops what is not an article worth keeping (no title, too little text, a
  removal notice);
* ``ArticleLimitPipeline`` (200) stops the crawl after ``NEWSARCHIVER_MAX_ARTICLES`` articles
  (``-a max_articles=N``) and lets no more through;
* ``ArchivePipeline`` (800) files articles and fetch failures into the SQLite archive
  (``NEWSARCHIVER_ARCHIVE``; empty: no archive) in batches of ``NEWSARCHIVER_ARCHIVE_BATCH_SIZE``
  (committed at least every ``NEWSARCHIVER_ARCHIVE_BATCH_SECONDS``), records the crawl in ``crawl_runs``
  and gives each article its ``story_id``. The archive learns each site's template as it files pages
  (``NEWSARCHIVER_TEMPLATE_MIN_STORIES``); when a template grows, the batch also cleans the copies filed
  before. In distributed mode ``RedisItemPipeline`` takes its place;
* ``ArticlesOnlyPipeline`` (900) ends our part: fetch failures, 304 markers and pages found removed
  (``Vanished``), filed by then, go no further, so feed exports and pipelines placed after it get
  article records only.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from .archive import CHANGED, GONE, NEW, UNCHANGED, Archive
from .extract.removal import only_a_notice
from .feeds import ArticleItem
from .filing import ARCHIVE_ERROR, BatchFiler
from .items import FetchFailure, NotArticle, NotModified, Vanished
from .schedule import DEFAULT_INTERVALS, DEFAULT_STOP, RevisitSchedule

logger = logging.getLogger(__name__)


def archive_options(settings: Any) -> dict[str, Any]:
    """The :class:`Archive` options the NEWSARCHIVER_* settings give (what a crawl and an ingest write with)."""
    stop = settings.get("NEWSARCHIVER_REVISIT_STOP", DEFAULT_STOP)
    return {
        "threshold": settings.getfloat("NEWSARCHIVER_DEDUP_THRESHOLD", 0.5),
        "keep_raw": settings.getbool("NEWSARCHIVER_KEEP_RAW", True),
        "schedule": RevisitSchedule.parse(settings.get("NEWSARCHIVER_REVISIT", DEFAULT_INTERVALS), stop),
        "site_schedules": {site: RevisitSchedule.parse(intervals, stop)
                           for site, intervals in settings.getdict("NEWSARCHIVER_SITE_REVISIT").items()},
        "template_min_stories": settings.getint("NEWSARCHIVER_TEMPLATE_MIN_STORIES", 4),
        "gone_after": settings.getint("NEWSARCHIVER_GONE_AFTER", 2),
        "gone_revisit": settings.get("NEWSARCHIVER_GONE_REVISIT", "7d"),
        "adaptive_revisits": settings.getbool("NEWSARCHIVER_REVISIT_ADAPTIVE", True),
        "min_body_chars": settings.getint("NEWSARCHIVER_MIN_BODY_CHARS", 20),
    }


class ValidatePipeline:
    """Drops articles without a title, with less than NEWSARCHIVER_MIN_BODY_CHARS of body text, or that are
    only a removal notice ("该内容已被删除", "page not found": ``extract.removal.only_a_notice``)."""

    def __init__(self, crawler: Crawler, min_body_chars: int) -> None:
        self.crawler = crawler
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("NEWSARCHIVER_MIN_BODY_CHARS", 20))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            if not item["title"]:
                self._drop("no_title", item)
            if len((item["body"] or "").strip()) < self.min_body_chars:
                self._drop("short_body", item)
            if only_a_notice(item["title"], item["body"], self.min_body_chars):
                self._drop("removal_notice", item)
        return item

    def _drop(self, reason: str, item: ArticleItem) -> None:
        self.crawler.stats.inc_value(f"newsarchiver/dropped/{reason}")
        raise DropItem(f"{reason}: {item['url']}")


class ArticleLimitPipeline:
    """At most NEWSARCHIVER_MAX_ARTICLES articles (``-a max_articles=N``): the N-th closes the spider
    (reason ``max_articles``), articles still in flight then are dropped, not archived or exported."""

    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleLimitPipeline:
        limit = crawler.settings.getint("NEWSARCHIVER_MAX_ARTICLES", 0)
        if limit <= 0:
            raise NotConfigured
        return cls(crawler, limit)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if self.count >= self.limit:
            self.crawler.stats.inc_value("newsarchiver/dropped/max_articles")
            raise DropItem(f"max_articles: {self.limit} articles reached: {item['url']}", log_level="DEBUG")
        self.count += 1
        if self.count == self.limit:
            logger.info("%d articles (NEWSARCHIVER_MAX_ARTICLES): closing the spider", self.limit)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))
        return item


class ArchivePipeline:
    """Writes items into the archive; one crawl_runs row per crawl with its counts and stats."""

    def __init__(self, crawler: Crawler, path: str, batch_size: int, batch_seconds: float) -> None:
        self.crawler = crawler
        self.path = path
        self.batch_size = max(1, batch_size)
        self.batch_seconds = batch_seconds
        self.options = archive_options(crawler.settings)
        self.flusher: task.LoopingCall | None = None
        self.archive: Archive | None = None
        self.filer: BatchFiler | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        settings = crawler.settings
        if not settings.get("NEWSARCHIVER_ARCHIVE"):
            logger.info("NEWSARCHIVER_ARCHIVE is empty: no archive, the crawl only extracts (for feed exports)")
            raise NotConfigured
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
        self.archive = Archive(self.path, **self.options)
        self.run_id = self.archive.start_run(spider.name, list(getattr(spider, "start_urls", [])))
        self.filer = BatchFiler(self.archive, self.run_id)
        logger.info("archiving into %s (crawl run %s)", self.archive.path, self.run_id)
        # A slow crawl must not hold the write lock (and its unsaved items) for long: commit on a timer too.
        self.flusher = task.LoopingCall(self.flush)
        self.flusher.start(self.batch_seconds, now=False)

    def process_item(self, item: Any) -> Any:
        if self.filer is None:
            return item
        outcome = self.filer.file(item)  # an ArticleItem gets its story_id and status here
        if outcome in (NEW, CHANGED, UNCHANGED):
            self.crawler.stats.inc_value(f"newsarchiver/articles/{outcome}")
        elif outcome == ARCHIVE_ERROR:
            self.crawler.stats.inc_value("newsarchiver/archive_errors")
            return item
        if self.filer.pending >= self.batch_size:
            self.flush()
        if outcome == GONE and isinstance(item, ArticleItem):
            # a revisit whose page, once the site's template is out, is only a notice or nothing: no article
            self.crawler.stats.inc_value("newsarchiver/dropped/removed")
            raise DropItem(f"removed: the archived page now shows no article: {item['url']}", log_level="INFO")
        return item

    def flush(self) -> None:
        if self.filer is not None:
            cleaned = self.filer.commit()
            if cleaned:
                self.crawler.stats.inc_value("newsarchiver/template_cleaned", cleaned)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        if self.archive is None:
            return
        self.flush()
        stats = self.crawler.stats.get_stats()
        kinds = errors_by_kind(stats)
        # the progress line counts errors with the same function: the run's summary says the same number
        counts = {**self.filer.run_counts(), "pages": stats.get("downloader/response_count", 0),
                  "skipped": stats.get("newsarchiver/skipped_not_due", 0), "errors": sum(kinds.values())}
        for name, value in self.archive.status_counts.items():
            self.crawler.stats.set_value(f"newsarchiver/copies/{name}", value)
        self.archive.finish_run(self.run_id, reason, counts, stats, kinds)
        self.archive.close()
        self.archive = self.filer = None
        logger.info(
            "archived: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(errors)s errors",
            {"new": counts[NEW], "changed": counts[CHANGED], "unchanged": counts[UNCHANGED],
             "errors": counts["errors"]},
        )


class ArticlesOnlyPipeline:
    """The last of ours: fetch failures and 304 markers (already filed by the archive or pushed to Redis)
    stop here, so feed exports and pipelines after this one get one ArticleItem per article."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, (FetchFailure, NotModified, Vanished, NotArticle)):
            raise DropItem(f"not an article: {type(item).__name__} {item.url}", log_level="DEBUG")
        return item


def errors_by_kind(stats: dict[str, Any]) -> dict[str, int]:
    """The errors of a crawl by kind, from its stats: the one definition that the progress line, the
    run's summary and ``crawl_runs.errors`` share. An error is a page that failed and is recorded in
    ``fetch_errors`` (fetch errors, unreadable and non-HTML pages), or an item the archive could not
    file; pages skipped by robots.txt or as not due, and guessed discovery URLs that do not exist
    (``newsarchiver/discovery_missing/*``), are not errors."""
    kinds = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newsarchiver/errors/")}
    kinds.pop("robots_disallowed", None)
    kinds.pop("not_due", None)
    for key, name in (("newsarchiver/parse_errors", "parse_error"), ("newsarchiver/not_html", "not_html"),
                      ("newsarchiver/empty_body", "empty_body"), ("newsarchiver/archive_errors", "archive_error")):
        if stats.get(key):
            kinds[name] = stats[key]
    return kinds
