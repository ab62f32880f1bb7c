"""RevisitMiddleware: scheduled crawls fetch only what is new or due (NEWSARCHIVER_INCREMENTAL).

Known article pages that are not due for a revisit (see newsarchiver/schedule.py) are not requested;
due ones are requested conditionally (If-None-Match / If-Modified-Since from the stored ETag and
Last-Modified) and marked as revisits (``request.meta["newsarchiver_revisit"]``: the spider then reports
what it found there even when it is no article — a page taken down, ``extract.removal``), and a 304
reaches the spider as "not modified". Pages the archive does not hold — new articles, listings, feeds,
sitemaps — are always fetched.

Without an archive (``NEWSARCHIVER_ARCHIVE`` empty) nothing is known, so everything is fetched; nor
does `scrapy parse` or `scrapy shell` skip a page: they show it as it is now.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from .archive import ArchiveError, ArchiveMissing, ArchiveReader

logger = logging.getLogger(__name__)


class NotDue(IgnoreRequest):
    """The archive holds this page and it is not due for a revisit."""


class RevisitMiddleware:
    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path
        self.archive: ArchiveReader | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitMiddleware:
        if not crawler.settings.getbool("NEWSARCHIVER_INCREMENTAL", True) or not crawler.settings.get(
                "NEWSARCHIVER_ARCHIVE"):
            raise NotConfigured
        mw = cls(crawler, crawler.settings.get("NEWSARCHIVER_ARCHIVE"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider: Any) -> None:
        if (not getattr(spider, "start_urls", None) and not getattr(spider, "backfill", False)
                and not self.crawler.settings.get("REDIS_URL")):
            return  # `scrapy parse` / `scrapy shell`: no start URLs, they only look at a page
        # Read-only: the archive pipeline (or a distributed crawl's ingest) is its one writer.
        try:
            self.archive = ArchiveReader.open(self.path)
        except ArchiveMissing:
            self.archive = None  # a first crawl: everything is new
            return
        except ArchiveError as exc:
            logger.warning("revisit scheduling is off for this crawl: %s", exc)
            self.archive = None
            return
        if self.crawler.settings.getdict("FEEDS"):
            logger.info("feed exports get the articles fetched in this run: known pages not due for a revisit are "
                        "not fetched, unchanged ones answer 304 (-s NEWSARCHIVER_INCREMENTAL=False fetches all)")

    def spider_closed(self, spider: Any) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def process_request(self, request: Request) -> None:
        if self.archive is None or request.meta.get("discovery") or request.meta.get("newsarchiver_always"):
            return None
        if request.meta.get("redirect_urls"):
            return None  # a hop of a redirect: the address asked for was the page, this is where it leads
        plan = self.archive.visit_plan(request.url)
        if plan is None:
            return None
        due, etag, last_modified = plan
        if not due:
            self.crawler.stats.inc_value("newsarchiver/skipped_not_due")
            raise NotDue(f"not due for a revisit: {request.url}")
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))
        request.meta.setdefault("handle_httpstatus_list", [304])
        request.meta["newsarchiver_revisit"] = True  # kept across redirects: the answer is about this copy
        # Where a redirect leads is the evidence (the home page: taken down), even a page fetched before:
        # a redirected request inherits this, so the dupefilter does not drop it.
        request.dont_filter = True
        self.crawler.stats.inc_value("newsarchiver/revisits")
        return None


class _DisallowAll:
    """A robots.txt parser stand-in that forbids everything."""

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class CautiousRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with two holes closed.

    1. Requests that arrive while a site's robots.txt is still downloading all await one shared
       Deferred; under the asyncio reactor the first awaiter consumes its result (a Deferred turned into a
       Future fires with None afterwards), so every other waiting request got ``None`` — "no rules" — and
       was downloaded unchecked. A crawl resumed from JOBDIR or sharing a Redis queue starts with many
       such requests and fetched robots-disallowed pages. Waiters that get None now read the parser
       Scrapy stored for the site.
    2. When robots.txt cannot be fetched at all (timeout, refused connection), Scrapy allows every page
       of the site; we crawl none of it this run. A robots.txt that answers 404 still means no rules.
    """

    async def robot_parser(self, request: Request) -> Any:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        logger.warning("robots.txt of %s could not be fetched (%s): not crawling that site this run",
                       netloc, type(exc).__name__)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = _DisallowAll()
        waiting.callback(self._parsers[netloc])
