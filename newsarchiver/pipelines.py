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
  before. The first storage failure (disk full, read-only, I/O error, a lock held past the timeout) stops
  the crawl (reason ``archive_failed``): the open batch is rolled back, the run closed ``failed`` with one
  line saying what happened. At start it warns when the archive has less room than
  ``NEWSARCHIVER_MIN_FREE_SPACE``. In distributed mode ``RedisItemPipeline`` takes its place;
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

from .archive import CHANGED, GONE, NEW, UNCHANGED, Archive, ArchiveError, ArchiveStorageError
from .archive.files import format_size, parse_size
from .extract.removal import only_a_notice
from .failures import unreachable_sites
from .feeds import ArticleItem, crawled
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
        "max_size": parse_size(settings.get("NEWSARCHIVER_ARCHIVE_MAX_SIZE", 0)),
        "busy_timeout": settings.getfloat("NEWSARCHIVER_ARCHIVE_BUSY_TIMEOUT", 60.0),
    }


#: The close reason of a crawl stopped by a storage failure of its archive (its run is ``failed``).
ARCHIVE_FAILED = "archive_failed"
#: Stats: the room the archive had at start, when less than NEWSARCHIVER_MIN_FREE_SPACE (bytes).
LOW_SPACE_STAT = "newsarchiver/low_disk_space"


def space_warning(archive: Archive, settings: Any) -> str | None:
    """A warning when the archive can grow by less than NEWSARCHIVER_MIN_FREE_SPACE (free space on its disk,
    or room below NEWSARCHIVER_ARCHIVE_MAX_SIZE), else None."""
    margin = parse_size(settings.get("NEWSARCHIVER_MIN_FREE_SPACE", "500MB"))
    room = archive.room()
    if not margin or room >= margin:
        return None
    where = f"below NEWSARCHIVER_ARCHIVE_MAX_SIZE ({format_size(archive.max_size)})" \
        if archive.max_size and room < archive.max_size and room < _disk_free(archive) else "free on its disk"
    return (f"low disk space: the archive {archive.path} has {format_size(room)} {where}, less than "
            f"NEWSARCHIVER_MIN_FREE_SPACE ({format_size(margin)}); a crawl that fills it stops there")


def _disk_free(archive: Archive) -> int:
    from .archive.files import free_space

    return free_space(archive.path)


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
        self.failed: str | None = None  # the line saying why the archive stopped the crawl

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
        try:
            self.archive = Archive(self.path, **self.options)
            self.run_id = self.archive.start_run(spider.name, list(getattr(spider, "start_urls", [])))
        except ArchiveError as exc:  # a read-only or full archive, a file that is no archive...
            line = exc.line(0) if isinstance(exc, ArchiveStorageError) else f"{exc}: crawl stopped"
            if self.archive is not None:
                self.archive.close()
                self.archive = None
            self._stop(line)
            return
        self.filer = BatchFiler(self.archive, self.run_id)
        self.crawler.stats.set_value("newsarchiver/run_id", self.run_id)
        logger.info("archiving into %s (crawl run %s)", self.archive.path, self.run_id)
        warning = space_warning(self.archive, self.crawler.settings)
        if warning:
            self.crawler.stats.set_value(LOW_SPACE_STAT, self.archive.room())
            logger.warning("%s", warning)
        # A slow crawl must not hold the write lock (and its unsaved items) for long: commit on a timer too.
        self.flusher = task.LoopingCall(self.flush)
        self.flusher.start(self.batch_seconds, now=False)

    def process_item(self, item: Any) -> Any:
        if not self.failed and self.filer is None:
            return item
        outcome = None
        if not self.failed:
            try:
                outcome = self.filer.file(item)  # an ArticleItem gets its story_id and status here
                if outcome != ARCHIVE_ERROR and self.filer.pending >= self.batch_size:
                    self.flush()
            except ArchiveStorageError as exc:
                self.fail(exc)
        if self.failed:  # the crawl is closing: what is still in flight is not archived
            self.crawler.stats.inc_value("newsarchiver/not_archived")
            raise DropItem(f"not archived, the archive failed: {getattr(crawled(item), 'url', '')}",
                           log_level="DEBUG")
        if outcome == ARCHIVE_ERROR:
            self.crawler.stats.inc_value("newsarchiver/archive_errors")
            return item
        if outcome == GONE and isinstance(item, ArticleItem):
            # a revisit whose page, once the site's template is out, is only a notice or nothing: no article
            self.crawler.stats.inc_value("newsarchiver/dropped/removed")
            raise DropItem(f"removed: the archived page now shows no article: {item['url']}", log_level="INFO")
        return item

    def flush(self) -> None:
        """Commit the open batch; the articles it holds count from now on (stats, progress line, run row)."""
        if self.filer is None or self.failed:
            return
        try:
            cleaned = self.filer.commit()
        except ArchiveStorageError as exc:
            self.fail(exc)
            return
        if cleaned:
            self.crawler.stats.inc_value("newsarchiver/template_cleaned", cleaned)
        for outcome in (NEW, CHANGED, UNCHANGED):
            if self.filer.counts[outcome]:
                self.crawler.stats.set_value(f"newsarchiver/articles/{outcome}", self.filer.counts[outcome])

    def fail(self, exc: ArchiveStorageError) -> None:
        """The archive cannot be written: roll back the open batch and stop the crawl (nothing more is
        fetched to be thrown away). Logged once, as the one line an operator reads."""
        if self.failed or self.filer is None:
            return
        self.filer.rollback()
        self.crawler.stats.set_value("newsarchiver/archive_failed", exc.kind)
        self._stop(exc.line(self.filer.articles_filed))

    def _stop(self, line: str) -> None:
        self.failed = line
        logger.error("%s", line)
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        from twisted.internet import reactor

        # not from inside the engine's own call (open_spider, an item in the scraper): once it returned
        reactor.callLater(0, lambda: deferred_from_coro(self.crawler.engine.close_spider_async(reason=ARCHIVE_FAILED)))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        if self.archive is None:
            return
        self.flush()
        filer = self.filer
        stats = self.crawler.stats.get_stats()
        kinds = errors_by_kind(stats)
        # the progress line counts errors with the same function: the run's summary says the same number
        counts = {**filer.run_counts(), "pages": stats.get("downloader/response_count", 0),
                  "skipped": stats.get("newsarchiver/skipped_not_due", 0), "errors": sum(kinds.values())}
        for name, value in filer.run_counts().items():
            if name in ("gone", "restored"):
                self.crawler.stats.set_value(f"newsarchiver/copies/{name}", value)
        # pages whose filing values a worker computed (prepared), and how the writer could use them
        for name, value in self.archive.filing.prepared_counts.items():
            self.crawler.stats.set_value(f"newsarchiver/prepared/{name}", value)
        self.archive.finish_run(self.run_id, "failed" if self.failed else reason, counts, stats, kinds,
                                error=self.failed, unreachable=unreachable_sites(stats))
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
