"""RobotsTxtMiddleware: obeys robots.txt, fetching each site's robots.txt once per crawler process.

In place of Scrapy's middleware (whose fixes needed its private ``_parsers`` and ``_robots_error``), on
Scrapy's public pieces: ``engine.download_async`` fetches robots.txt, ``ROBOTSTXT_PARSER`` parses it, the
``robots_parsed`` signal is sent. What differs from Scrapy's:

* every request waiting for a site's robots.txt gets its rules (each waiter has a Deferred of its own;
  Scrapy's shared Deferred, awaited by many under the asyncio reactor, handed all but the first "no
  rules", so a crawl resumed from JOBDIR or sharing a Redis queue fetched disallowed pages);
* a robots.txt that cannot be fetched (timeout, refused connection) forbids the site for the run
  instead of allowing it all; one that answers (404 included) is parsed as Scrapy does; when the crawl
  itself refused to connect (a host name resolving inside the network, newsarchiver.safety), every
  request of the site fails with that refusal, so it is recorded with its kind; when the network failed
  (DNS, refused connection, TLS, timeout: ``failures.network_kind``), every request of the site fails with
  :class:`~newsarchiver.failures.SiteUnreachable`, which the spider reports once for the site;
* the spider's own request for ``/robots.txt`` (for its ``Sitemap:`` lines) gets the copy fetched here:
  one download of robots.txt per site, not two.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from .failures import SiteUnreachable, network_kind
from .urls import site_of

logger = logging.getLogger(__name__)


class _DisallowAll:
    """The rules of a site whose robots.txt could not be fetched: nothing is allowed."""

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class SiteRobots:
    """One site's robots.txt: the response (None if it could not be fetched) and its parsed rules."""

    def __init__(self, response: Response | None, parser: Any, error: Exception | None = None) -> None:
        self.response = response
        self.parser = parser
        self.error = error  # why it could not be fetched


class RobotsTxtMiddleware:
    DOWNLOAD_PRIORITY = 1000  # robots.txt before the pages waiting for it

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.parser_class = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        build_from_crawler(self.parser_class, crawler, b"")  # the parser's dependencies are installed
        self.sites: dict[str, SiteRobots | list[Deferred[SiteRobots]]] = {}  # netloc -> rules, or its waiters

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> Response | None:
        if request.meta.get("dont_obey_robotstxt") or urlparse_cached(request).scheme not in ("http", "https"):
            return None
        robots = await self.robots(request)
        if getattr(robots.error, "kind", None):  # the crawl refused the site itself (newsarchiver.safety)
            raise robots.error.with_traceback(None)
        unreachable = network_kind(robots.error)
        if unreachable:  # the network failed: the site is unreachable this run (the spider says so once)
            raise SiteUnreachable(site_of(request.url), unreachable, f"robots.txt: {_message(robots.error)}")
        if is_robots_txt(request):  # the spider's own request for robots.txt: the copy we have
            if robots.response is None:
                raise IgnoreRequest("robots.txt could not be fetched")
            self.stats.inc_value("robotstxt/served_again")
            return robots.response.replace(request=request)
        user_agent = self.user_agent or request.headers.get(b"User-Agent", b"")
        if not robots.parser.allowed(request.url, user_agent):
            logger.debug("Forbidden by robots.txt: %s", request)
            self.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")
        return None

    async def robots(self, request: Request) -> SiteRobots:
        """The robots.txt of the request's site: fetched by the first request, awaited by the others."""
        url = urlparse_cached(request)
        entry = self.sites.get(url.netloc)
        if isinstance(entry, SiteRobots):
            return entry
        if entry is not None:  # being fetched: wait with a Deferred of our own
            waiter: Deferred[SiteRobots] = Deferred()
            entry.append(waiter)
            return await maybe_deferred_to_future(waiter)
        waiters: list[Deferred[SiteRobots]] = []
        self.sites[url.netloc] = waiters
        robots = await self._fetch(f"{url.scheme}://{url.netloc}/robots.txt", url.netloc, request)
        self.sites[url.netloc] = robots
        for waiter in waiters:
            waiter.callback(robots)
        return robots

    async def _fetch(self, robots_url: str, netloc: str, request: Request) -> SiteRobots:
        fetch = Request(robots_url, priority=self.DOWNLOAD_PRIORITY, meta={"dont_obey_robotstxt": True},
                        callback=NO_CALLBACK)
        self.stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(fetch)
        except Exception as exc:
            self.stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
            # a network failure is reported by the spider, once, as the site being unreachable
            logger.log(logging.DEBUG if network_kind(exc) else logging.WARNING,
                       "robots.txt of %s could not be fetched (%s): not crawling that site this run",
                       netloc, type(exc).__name__)
            return SiteRobots(None, _DisallowAll(), exc)
        self.stats.inc_value("robotstxt/response_count")
        self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        parser = build_from_crawler(self.parser_class, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(signal=signals.robots_parsed, robotparser=parser,
                                                        request=request)
        return SiteRobots(response, parser)


def _message(exc: Exception | None) -> str:
    return (str(exc) or type(exc).__name__)[:300]


def is_robots_txt(request: Request) -> bool:
    url = urlparse_cached(request)
    return url.path == "/robots.txt" and not url.query
