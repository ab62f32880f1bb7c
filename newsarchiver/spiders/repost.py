"""RepostSpider: finds a site's article pages and hands each one to the extractor.

Discovery, in the order a site offers it: robots.txt ``Sitemap:`` lines and ``/sitemap.xml``
(sitemap indexes too), RSS/Atom feeds linked from pages, listing pagination, and every article's
prev/next chain and related links. The crawl stays on the start URLs' sites (host and port). With an
archive, the archived copies of those sites that are due for a revisit are asked for too: a page taken
down is in no listing any more, and the revisit is what finds it gone.
Whether a page is an article or a listing is the extractor's call (``Article.page_type``), not a
per-site rule. The spider decodes nothing and extracts nothing itself.

    scrapy crawl repost -a start_urls=https://example.com/[,https://other.example/] -O articles.jsonl
    scrapy parse --spider repost https://example.com/2024/05/12/1.html

Arguments (``-a``) are read by :mod:`.arguments`; an article page becomes one
:class:`~newsarchiver.feeds.ArticleItem` (the public record, the crawled page behind it).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.reactor import is_asyncio_reactor_installed
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from ..extract import decode_html, extract_article, load_profiles
from ..extract.reading import FetchedPage, PageReading, ReadingOptions, declared_charset, read_page
from ..extraction_pool import ExtractionPool, PoolUnavailable, WorkerCrashed, workers_setting
from ..failures import NETWORK_KINDS, SKIPPED_UNREACHABLE, SiteUnreachable, network_kind, note_unreachable
from ..feeds import ArticleItem
from ..items import Article, CrawledPage, FetchFailure, NotModified
from ..middlewares import NotDue
from ..outcome import SITES_STAT
from ..safety import RefusedAddress, RefusedRequest
from ..urls import site_of, strip_tracking
from .arguments import CrawlArguments

logger = logging.getLogger(__name__)

_FOLLOWED_MAX = 200_000  # links remembered by RepostSpider._new_on_site before it starts over


class RepostSpider(scrapy.Spider):
    name = "repost"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.arguments = CrawlArguments.parse(kwargs)  # start_urls, sites, backfill, max_articles (-a)
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k.startswith("_")})
        self.backfill = self.arguments.backfill
        self.start_urls = list(self.arguments.start_urls)
        # Without start URLs (`scrapy parse`, `scrapy shell`), the first page parsed sets the site.
        self.sites = {site_of(u) for u in self.start_urls}
        # Links already followed in this process: most links of a page (menus, sidebars, related lists)
        # were seen on earlier pages; skipping them here saves building a Request for each just for the
        # dupefilter to drop it. Bounded; Scrapy's dupefilter (persistent with JOBDIR/Redis) stays the rule.
        self._followed: set[str] = set()
        # Links come from extract.links.page_links (over the tree the extractor parsed: what LinkExtractor
        # finds, without a second response object and parsel tree per page); the site filter is self.on_site.
        self._profiles: tuple[Any, ...] = ()  # from NEWSARCHIVER_PROFILES, loaded in from_crawler
        self._reading_options: ReadingOptions | None = None  # the settings values reading a page needs
        self._workers = 0  # NEWSARCHIVER_EXTRACT_WORKERS, read when the spider opens
        self._pool: ExtractionPool | None = None
        self._pool_wanted = False  # set once the spider is opened in a crawl
        # Start pages requested by this process: a network failure there makes the site unreachable.
        self.start_pages: set[str] = set()

    @classmethod
    def check_arguments(cls, kwargs: dict[str, Any], settings: Any) -> None:
        """Raise ArgumentError for arguments a crawl cannot run with (`scrapy crawl` calls this first)."""
        CrawlArguments.parse(kwargs).check_for_crawl(settings)

    def _distributed(self) -> Any:
        """The DistributedCrawl extension when REDIS_URL is set (distributed mode, docs/distributed.md), else None."""
        if not self.settings.get("REDIS_URL"):
            return None
        from ..distributed.extension import DistributedCrawl  # only now: a local crawl never imports it

        return self.crawler.get_extension(DistributedCrawl)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        distributed = self._distributed()
        if distributed is not None:  # it also takes the start URLs pushed to Redis (repost:start_urls)
            distributed.add_sites(self.start_urls)
        elif not self.start_urls:
            logger.error("no start URLs: run `scrapy crawl repost -a start_urls=https://example.com/[,URL...]`")
        if self.backfill or self.settings.getbool("NEWSARCHIVER_BACKFILL"):
            for url in self.known_gaps():
                yield scrapy.Request(url, callback=self.parse, errback=self.on_error, priority=20)
        for request in self.requests_for(self.start_urls):
            yield request

    def requests_for(self, start_urls: list[str]) -> Iterator[scrapy.Request]:
        """A start URL's page, plus its site's robots.txt and sitemap.xml; then the archived pages of these
        sites due for a revisit (also a distributed crawl's start URLs, taken from Redis, come through here)."""
        for url in start_urls:
            self.sites.add(site_of(url))
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
            self.start_pages.add(url)
            self.crawler.stats.set_value(SITES_STAT, len({site_of(u) for u in self.start_pages}))
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error)
            # Guessed discovery URLs: a site without them is normal, so their 404s are not errors.
            for path, callback in (("/robots.txt", self.parse_robots), ("/sitemap.xml", self.parse_sitemap)):
                yield scrapy.Request(origin + path, callback=callback, errback=self.on_error, priority=10,
                                     meta={"discovery": True})
        for url in self.due_revisits({site_of(u) for u in start_urls}):
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error)

    # -- routing ------------------------------------------------------------------------------
    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """Any page: sitemaps and feeds by their content, everything else as an HTML page."""
        if not self.sites:
            self.sites.add(site_of(response.url))
        if response.status == 304:  # a conditional revisit: the archived copy is current
            self.crawler.stats.inc_value("newsarchiver/not_modified")
            yield NotModified(response.url)
            return
        head = response.body[:512].lstrip()
        if head.startswith(b"\x1f\x8b") or b"<urlset" in head or b"<sitemapindex" in head:
            output: Iterator[Any] = self.parse_sitemap(response)
        elif b"<rss" in head or b"<feed" in head or b"<rdf:RDF" in head:
            output = self.parse_feed(response)
        else:
            output = self.route(await self.read(fetched_page(response)), response.url)
        for result in output:
            yield result

    async def read(self, page: FetchedPage) -> PageReading:
        """The page read by a worker process (NEWSARCHIVER_EXTRACT_WORKERS), else here, in the reactor's."""
        pool = self._extraction_pool()
        if pool is not None and not pool.ready:
            pool.start()  # from a thread: the reactor does not wait
            if pool.starting:  # while the workers start (~0.5 s), pages are read here: no page waits for them
                self.crawler.stats.inc_value("newsarchiver/extract_workers/read_while_starting")
                return read_page(page, self.reading_options)
        if pool is None:
            return read_page(page, self.reading_options)
        try:
            reading = await pool.read(page)
        except WorkerCrashed as exc:  # the crawl goes on without this page
            return PageReading(records=[FetchFailure(page.url, "parse_error", str(exc), page.status)],
                               counts=["newsarchiver/parse_errors"])
        except PoolUnavailable as exc:  # the crawl goes on, reading here
            if self._pool is pool:
                logger.error("%s: reading pages in this process", exc)
                self._pool = None
                pool.close()
            return read_page(page, self.reading_options)
        else:
            self.crawler.stats.inc_value("newsarchiver/extract_workers/pages")
            return reading
        finally:
            self.crawler.stats.set_value("newsarchiver/extract_workers/crashes", pool.crashes)

    def route(self, reading: PageReading, url: str) -> Iterator[Any]:
        """A page's reading to the crawl: its counts to the stats, its records to the pipelines (an article
        as an ArticleItem), its links to the scheduler (prev/next first: the chain reaches what listings miss)."""
        stats = self.crawler.stats
        for key in reading.counts:
            stats.inc_value(key)
        for record in reading.records:
            if isinstance(record, FetchFailure):
                logger.warning("failed %s: %s (%s)", record.url, record.kind, record.message)
            yield ArticleItem.from_page(record) if isinstance(record, CrawledPage) else record
        if reading.hops > self.reading_options.max_listing_hops:
            logger.info("not following links of %s: %d pages in a row without an article", url, reading.hops)
            return
        for link in reading.chain:
            if self._new_on_site(link):
                yield scrapy.Request(strip_tracking(link), callback=self.parse, errback=self.on_error,
                                     priority=1, meta={"listing_hops": reading.hops})
        for feed in reading.feeds:
            if self.on_site(feed):
                yield scrapy.Request(feed, callback=self.parse_feed, errback=self.on_error, priority=5)
        for link in reading.links:
            if self._new_on_site(link):
                yield scrapy.Request(strip_tracking(link), callback=self.parse, errback=self.on_error,
                                     meta={"listing_hops": reading.hops})

    def _extraction_pool(self) -> ExtractionPool | None:
        """The worker pool, started with the first page a crawl reads; None with 0 workers, outside a crawl
        (unit tests, before the spider is opened) or without the asyncio reactor."""
        if self._pool is None and self._pool_wanted:
            self._pool_wanted = False  # one try: a pool that cannot start leaves reading here
            try:
                self._pool = ExtractionPool(self._workers, self.reading_options)
            except Exception as exc:
                logger.error("extraction workers could not start (%s): reading pages in this process", exc)
            else:
                logger.info("reading pages in %d worker process%s (NEWSARCHIVER_EXTRACT_WORKERS)", self._workers,
                            "" if self._workers == 1 else "es")
                self.crawler.stats.set_value("newsarchiver/extract_workers", self._workers)
        return self._pool

    def _open_pool(self) -> None:
        """spider_opened: in a crawl, with workers and the asyncio reactor, pages go to a worker pool."""
        self._workers = workers_setting(self.settings.get("NEWSARCHIVER_EXTRACT_WORKERS", 0))
        if self._workers and is_asyncio_reactor_installed():
            self._pool_wanted = True
        elif self._workers:
            logger.warning("NEWSARCHIVER_EXTRACT_WORKERS needs the asyncio reactor (TWISTED_REACTOR): "
                           "reading pages in this process")

    def _close_pool(self) -> None:
        """spider_closed: the workers exit (the scraper is idle by now: no page is waiting for one)."""
        self._pool_wanted = False
        pool, self._pool = self._pool, None
        if pool is not None:
            self.crawler.stats.set_value("newsarchiver/extract_workers/max_in_flight", pool.max_in_flight)
            self.crawler.stats.set_value("newsarchiver/extract_workers/cpu_seconds", round(pool.cpu_seconds, 3))
            pool.close()

    def _new_on_site(self, url: str) -> bool:
        """A link not followed before in this process, on a crawl site (then remembered as followed).

        A link to a site that is not (yet) a crawl site is not remembered: in a distributed crawl another
        crawler's start URL may add its site later."""
        if url in self._followed or not self.on_site(url):
            return False
        if len(self._followed) >= _FOLLOWED_MAX:
            self._followed.clear()
        self._followed.add(url)
        return True

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        # The robots.txt middleware hands this request the copy it fetched: one download per site.
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self.on_site(url):
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error, priority=10)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            sitemap = Sitemap(body)
        except Exception as exc:
            self.crawler.stats.inc_value("newsarchiver/bad_sitemaps")
            logger.warning("unreadable sitemap %s: %s", response.url, exc)
            return
        callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse
        for entry in sitemap:
            url = entry.get("loc")
            if url and self.on_site(url):
                yield scrapy.Request(strip_tracking(url), callback=callback, errback=self.on_error)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        selector = scrapy.Selector(response=response, type="xml")
        selector.remove_namespaces()
        links = selector.xpath("//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href").getall()
        for url in links:
            url = urljoin(response.url, url.strip())
            if self.on_site(url):
                yield scrapy.Request(strip_tracking(url), callback=self.parse, errback=self.on_error)

    def due_revisits(self, sites: set[str]) -> list[str]:
        """The archived copies of these crawl sites that are due for a revisit (none without an archive or
        with NEWSARCHIVER_INCREMENTAL off: then every page found is fetched anyway)."""
        path = self.settings.get("NEWSARCHIVER_ARCHIVE")
        if not path or not self.settings.getbool("NEWSARCHIVER_INCREMENTAL", True) or not sites:
            return []
        archive = self._read_archive(path, "revisits")
        if archive is None:
            return []
        with archive:
            urls = [u for u in archive.due_revisits(sites) if self.on_site(u)]
        if urls:
            logger.info("revisits: %d archived pages are due", len(urls))
        self.crawler.stats.inc_value("newsarchiver/due_revisits", len(urls))
        return urls

    @staticmethod
    def _read_archive(path: str, purpose: str) -> Any:
        """The archive at ``path`` opened for reading; None when there is none yet, or when it cannot be read
        (logged under ``purpose``: the crawl goes on without what it would have read there)."""
        from ..archive import ArchiveError, ArchiveMissing, ArchiveReader

        try:
            return ArchiveReader.open(path)
        except ArchiveMissing:
            return None
        except ArchiveError as exc:
            logger.warning("%s: %s", purpose, exc)
            return None

    def known_gaps(self) -> list[str]:
        """Pages of the start sites the archive knows only from prev/next links (`newsarchiver gaps`)."""
        from ..archive.queries import gaps

        path = self.settings.get("NEWSARCHIVER_ARCHIVE")
        if not path:
            logger.warning("backfill: no archive (NEWSARCHIVER_ARCHIVE is empty), so no known gaps")
            return []
        archive = self._read_archive(path, "backfill")
        if archive is None:
            return []
        with archive:
            urls = [g["url"] for site in self.sites for g in gaps(archive, site=site)]
        logger.info("backfill: %d pages known only from prev/next links", len(urls))
        self.crawler.stats.set_value("newsarchiver/backfill_requests", len(urls))
        return urls

    # -- helpers ------------------------------------------------------------------------------
    def on_site(self, url: str) -> bool:
        if not url.startswith(("http://", "https://")):
            return False
        site = site_of(url)
        if site in self.sites:
            return True
        distributed = self._distributed()  # another crawler's start URL may have added the site
        if distributed is not None and distributed.is_crawl_site(site):
            self.sites.add(site)
            return True
        return False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RepostSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # -a sites=FILE and -a max_articles=N stand for settings; -s on the command line still wins.
        implied = spider.arguments.settings()
        if implied and crawler.settings.frozen:  # `scrapy shell` builds its spider once settings are final
            logger.warning("-a sites / max_articles are ignored here: settings are already final")
        elif implied:
            crawler.settings.setdict(implied, priority="spider")
        # Site profiles are read once, up front: a mistake in the file stops the crawl with its message.
        paths = crawler.settings.get("NEWSARCHIVER_PROFILES") or []
        paths = [p.strip() for p in paths.split(",")] if isinstance(paths, str) else list(paths)
        spider._profiles = tuple(load_profiles(p) for p in paths if p)
        workers_setting(crawler.settings.get("NEWSARCHIVER_EXTRACT_WORKERS", 0))  # a bad value stops the crawl here
        crawler.signals.connect(spider._open_pool, signal=signals.spider_opened)
        crawler.signals.connect(spider._close_pool, signal=signals.spider_closed)
        return spider

    @property
    def reading_options(self) -> ReadingOptions:
        """The settings values reading a page needs, read once the settings are final (add-ons applied)."""
        if self._reading_options is None:
            settings = self.settings
            self._reading_options = ReadingOptions(
                timezone=settings.get("NEWSARCHIVER_TIMEZONE"),
                site_timezones=dict(settings.getdict("NEWSARCHIVER_SITE_TIMEZONES")),
                profiles=self._profiles,
                min_body_chars=settings.getint("NEWSARCHIVER_MIN_BODY_CHARS", 20),
                max_listing_hops=settings.getint("NEWSARCHIVER_MAX_LISTING_HOPS", 50),
                # the revisit middleware marks every page the archive holds (with an archive, incremental)
                revisits_marked=(settings.getbool("NEWSARCHIVER_INCREMENTAL", True)
                                 and bool(settings.get("NEWSARCHIVER_ARCHIVE"))),
            )
        return self._reading_options

    def profile_for(self, url: str) -> Any:
        """The site profile for a URL from the NEWSARCHIVER_PROFILES files (docs/profiles.md), if any."""
        return self.reading_options.profile_for(url)

    def timezone_for(self, url: str) -> str | None:
        """The site's timezone from NEWSARCHIVER_SITE_TIMEZONES, else NEWSARCHIVER_TIMEZONE (None: the
        extractor's default, Asia/Shanghai for Chinese pages)."""
        return self.reading_options.timezone_for(url)

    def on_error(self, failure: Failure) -> Iterator[FetchFailure]:
        """Log, count and record a failed request; the crawl goes on."""
        request = failure.request
        if failure.check(SiteUnreachable) and not request.meta.get("discovery"):
            yield from self.site_unreachable(request, failure.value.site, failure.value.kind, failure.value.detail)
            return
        kind, status = _failure_kind(failure)
        if request.meta.get("discovery"):
            # a guessed /robots.txt or /sitemap.xml that is not there: normal, not an error of the crawl
            self.crawler.stats.inc_value(f"newsarchiver/discovery_missing/{kind}")
            logger.debug("no %s: %s", request.url, kind)
            return
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the address asked for, not the last hop
        if kind in NETWORK_KINDS and url in self.start_pages:
            # robots.txt answered but the start page did not: the site is unreachable all the same
            yield from self.site_unreachable(request, site_of(url), kind,
                                             f"start page: {failure.getErrorMessage()[:300]}")
            return
        self.crawler.stats.inc_value(f"newsarchiver/errors/{kind}")
        if kind in ("robots_disallowed", "not_due"):
            logger.debug("skipped %s: %s", request.url, kind)
            return
        logger.warning("failed %s: %s (%s)", url, kind, failure.getErrorMessage()[:200])
        yield FetchFailure(url, kind, failure.getErrorMessage()[:500], status)

    def site_unreachable(self, request: scrapy.Request, site: str, kind: str, detail: str) -> Iterator[FetchFailure]:
        """The first failure of an unreachable site is its one error (a line, a fetch_errors row, counted by
        kind); its other requests are skipped quietly (``failures.py``)."""
        stats = self.crawler.stats
        if not note_unreachable(stats, site, kind):
            stats.inc_value(SKIPPED_UNREACHABLE)
            logger.debug("skipped %s: site %s unreachable", request.url, site)
            return
        stats.inc_value(f"newsarchiver/errors/{kind}")
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        logger.warning("site %s unreachable: %s (%s): not crawling that site this run", site, kind, detail)
        yield FetchFailure(url, kind, f"site unreachable: {detail}"[:500], None)


def fetched_page(response: Response) -> FetchedPage:
    """What reading a response needs of it (``extract.reading``): bytes, URLs, headers and the crawl's marks."""
    asked = (response.meta.get("redirect_urls") or [response.url])[0]
    reasons = [r for r in response.meta.get("redirect_reasons") or () if isinstance(r, int)]
    return FetchedPage(url=response.url, body=response.body, fetched_at=datetime.now(UTC), status=response.status,
                       headers=_headers(response), asked=asked if asked != response.url else None,
                       redirect_status=reasons[0] if reasons else None,
                       revisit=bool(response.meta.get("newsarchiver_revisit")),
                       listing_hops=response.meta.get("listing_hops", 0))


def decode_response(response: Response) -> tuple[str, str]:
    """The response's text and the charset it was read with (declared charset checked against the bytes,
    BOM, meta charset, detection). Raises NotHTMLError for a body that is not text."""
    return decode_html(response.body, declared_charset(_headers(response)))


def extract_response(response: Response, *, timezone: str | None = None, profile: Any = None) -> Article:
    """What the extractor makes of a response, read as the spider reads it; for `scrapy shell`:

        >>> from newsarchiver.spiders.repost import extract_response
        >>> extract_response(response).to_record()
    """
    text, _ = decode_response(response)
    return extract_article(text, response.url, fetched_at=datetime.now(UTC), timezone=timezone, profile=profile)


def _headers(response: Response) -> dict[str, str]:
    """Response headers as text (the last value of a repeated header), kept with the raw page."""
    return {k.decode("latin-1"): v[-1].decode("latin-1") for k, v in response.headers.items() if v}


def _failure_kind(failure: Failure) -> tuple[str, int | None]:
    if failure.check(NotDue):
        return "not_due", None
    if failure.check(RefusedRequest, RefusedAddress):  # off the crawl's sites, or inside the network
        return failure.value.kind, None
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", status
    network = network_kind(failure.value)
    if network:
        return network, None
    if "timeout" in type(failure.value).__name__.lower():
        return "timeout", None
    message = failure.getErrorMessage()
    if "robots.txt" in message.lower():
        return "robots_disallowed", None
    if "maxsize" in message.lower() or "max size" in message.lower():
        return "too_large", None
    if "redirect" in message.lower():
        return "redirect_loop", None
    return type(failure.value).__name__.lower(), None
