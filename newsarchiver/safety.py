"""What a crawl may fetch: only its own sites, and no address inside the network unless asked for by address.

Two checks, one in front of every download:

* :class:`SiteGuardMiddleware` (downloader middleware, before robots.txt and everything else): a request
  must be on one of the crawl's sites (host and port, as ``RepostSpider.on_site`` says). The spider only
  yields links on them, so what this stops is a redirect that leaves them (``offsite_redirect``: another
  host, another port, 169.254.169.254) or a request planted in a shared queue (``offsite``). Nothing is
  connected to, not even for robots.txt: the request fails with its kind, which the spider logs, counts and
  records in ``fetch_errors``.
* a host *name* that resolves to a loopback, private, link-local, shared, reserved, multicast or
  unspecified address is refused (``private_address``): the middleware resolves it through
  :class:`GuardedResolver` (``TWISTED_DNS_RESOLVER``, Scrapy's caching resolver plus this check), whose cached
  answer is the address the download then connects to; the resolver refuses such answers itself too,
  so a name that answers a public address first and an inner one later (DNS rebinding) is refused
  either way. A site on such an address is crawled when its start URL gives the address itself
  (``http://127.0.0.1:8701/``, ``http://10.0.0.5/``): a literal address is not looked up, and being a
  start site is what lets it through the site check.

Not covered: requests sent through an HTTP proxy (``http_proxy``) resolve names at the proxy.
docs/security.md has the whole picture.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


class RefusedRequest(IgnoreRequest):
    """A request the crawl will not send; ``kind`` is what ``fetch_errors`` records."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class RefusedAddress(Exception):
    """A host name resolved to an address inside the network (raised by the resolver, not retried)."""

    kind = "private_address"


def inner_address(address: str) -> str | None:
    """Why ``address`` is not a public one ("loopback", "private", ...); None for a public address."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    for reason in ("unspecified", "loopback", "link_local", "private", "multicast", "reserved"):
        if getattr(ip, f"is_{reason}"):
            return reason.replace("_", "-")
    if not ip.is_global:  # 100.64.0.0/10 (shared), 192.0.0.0/24 and the like
        return "not global"
    return None


def is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class SiteGuardMiddleware:
    """Refuses, before any connection, a request off the crawl's sites or to a name that resolves inside the network."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteGuardMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        self.check_site(request)
        host = urlparse_cached(request).hostname
        if host and not is_address(host):
            await self.check_address(host)
        return None

    def check_site(self, request: Request) -> None:
        spider = self.crawler.spider
        on_site = getattr(spider, "on_site", None)
        if on_site is None or not getattr(spider, "sites", None):
            return  # `scrapy shell URL`, `scrapy parse URL`: the URL typed is the site
        if on_site(request.url):
            return
        redirected = request.meta.get("redirect_urls")
        kind = "offsite_redirect" if redirected else "offsite"
        where = f" (redirected from {redirected[0]})" if redirected else ""
        self.refuse(kind, f"not fetched: {urlparse_cached(request).netloc} is not one of the crawl's sites{where}")

    async def check_address(self, host: str) -> None:
        """Resolve the name now, through the crawl's resolver (GuardedResolver, which caches the answer the
        download then connects to) and refuse it here, with its kind, if it points inside the network."""
        from twisted.internet import reactor

        try:
            await maybe_deferred_to_future(reactor.resolve(host))
        except RefusedAddress as exc:
            self.refuse(RefusedAddress.kind, str(exc))
        except Exception:  # noqa: BLE001 - a name that does not resolve: the download reports it (kind "dns")
            return

    def refuse(self, kind: str, message: str) -> None:
        self.crawler.stats.inc_value(f"newsarchiver/refused/{kind}")
        raise RefusedRequest(kind, message)


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver that refuses host names resolving to addresses inside the network."""

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # noqa: N802 - Twisted's interface
        deferred = super().getHostByName(name, timeout)
        deferred.addCallback(self._check, name)
        return deferred

    @staticmethod
    def _check(address: str, name: str) -> str:
        reason = inner_address(address)
        if reason and not is_address(name):
            logger.warning("refused %s: it resolves to %s (%s); crawl a site inside the network by its address",
                           name, address, reason)
            raise RefusedAddress(f"{name} resolves to {address}, a {reason} address: refused")
        return address
