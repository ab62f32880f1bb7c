"""RevisitMiddleware: scheduled crawls fetch only what is new or due (NEWSARCHIVER_INCREMENTAL).

Known article pages that are not due for a revisit (see newsarchiver/schedule.py) are not requested;
due ones are requested conditionally (If-None-Match / If-Modified-Since from the stored ETag and
Last-Modified), and a 304 reaches the spider as "not modified". Pages the archive does not hold —
new articles, listings, feeds, sitemaps — are always fetched.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from .archive import Archive

logger = logging.getLogger(__name__)


class NotDue(IgnoreRequest):
    """The archive holds this page and it is not due for a revisit."""


class RevisitMiddleware:
    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitMiddleware:
        if not crawler.settings.getbool("NEWSARCHIVER_INCREMENTAL", True):
            raise NotConfigured
        mw = cls(crawler, crawler.settings.get("NEWSARCHIVER_ARCHIVE"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider: Any) -> None:
        try:
            self.archive = Archive(self.path, create=False)
        except FileNotFoundError:
            self.archive = None  # a first crawl: everything is new

    def spider_closed(self, spider: Any) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def process_request(self, request: Request) -> None:
        if self.archive is None or request.meta.get("discovery") or request.meta.get("newsarchiver_always"):
            return None
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
        self.crawler.stats.inc_value("newsarchiver/revisits")
        return None
