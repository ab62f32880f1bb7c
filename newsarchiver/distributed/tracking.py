"""When a leased request is done: everything it caused is safely in Redis.

A request popped from the shared queue holds its lease (:mod:`.leases`) until

* its response went through the spider callback and every output was handled: each request the
  callback yielded reached the scheduler (queued, or seen before), each item left the item pipelines
  (pushed to Redis, dropped, or failed) — counted by :class:`LeaseTracking`, the spider middleware
  closest to the engine, and the ``item_*`` signals;
* or, for a request that failed before any response reached the spider (a network error, robots.txt,
  a refused redirect), the same for its errback's output — counted by :class:`TrackedErrback`, which the
  scheduler puts around the errback of every request it hands out (Scrapy passes such errback output
  through no spider middleware);
* or a redirect or retry of it reached the scheduler (the scheduler releases it).

Counting these through Scrapy's public hooks replaces a patched ``Scraper.enqueue_scrape``.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.spider import iterate_spider_output
from twisted.python.failure import Failure

from . import enabled

logger = logging.getLogger(__name__)

TOKEN = "_newsarchiver_lease"  # meta of a leased request: its lease token
PARENT = "_newsarchiver_parent"  # meta of a request a callback yielded: the lease of the request it came from
SCRAPED = "_newsarchiver_scraped"  # meta of a leased request whose response reached the spider middlewares


def token_of(response: Response | Failure | None) -> str | None:
    """The lease token of the request a response or a failure belongs to."""
    request = getattr(response, "request", None)
    return request.meta.get(TOKEN) if request is not None else None


class TrackedErrback:
    """A leased request's errback: counts the output of a failure that never reached the spider middlewares."""

    def __init__(self, original: Callable[..., Any] | None, token: str, leases: Any) -> None:
        self.original = original
        self.token = token
        self.leases = leases

    def __call__(self, failure: Failure) -> Any:
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get(SCRAPED):
            # an HTTP error found by a spider middleware: LeaseTracking counts this output
            return self.original(failure) if self.original is not None else failure
        self.leases.tracked.add(self.token)
        try:
            output = self.original(failure) if self.original is not None else failure
        except Exception:
            self.leases.release(self.token)
            raise
        if output is None or isinstance(output, Failure):
            self.leases.release(self.token)
            return output
        if inspect.isasyncgen(output):
            return _count_async(output, self.token, self.leases)
        return _count(iterate_spider_output(output), self.token, self.leases)


def _count(output: Iterable[Any], token: str, leases: Any) -> Iterator[Any]:
    try:
        for item in output:
            _expect(item, token, leases)
            yield item
    finally:
        leases.release(token)  # the output is complete: the response's own hold


async def _count_async(output: AsyncIterator[Any], token: str, leases: Any) -> AsyncIterator[Any]:
    try:
        async for item in output:
            _expect(item, token, leases)
            yield item
    finally:
        leases.release(token)


def _expect(output: Any, token: str, leases: Any) -> None:
    if output is None:
        return
    if isinstance(output, Request):
        output.meta.pop(TOKEN, None)  # a copy of the leased request (response.follow, replace) is a new one
        output.meta[PARENT] = token  # released by the scheduler once queued
    leases.hold(token)  # an item: released by the item_* signals


class LeaseTracking:
    """Spider middleware, closest to the engine: counts what each leased response's callback yields."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseTracking:
        if not enabled(crawler.settings):
            raise NotConfigured
        mw = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(mw.item_done, signal=signal)
        crawler.signals.connect(mw.spider_error, signal=signals.spider_error)
        return mw

    @property
    def leases(self) -> Any:
        return getattr(self.crawler.engine.scheduler, "leases", None)

    def process_spider_input(self, response: Response) -> None:
        if TOKEN in response.meta:
            response.meta[SCRAPED] = True  # its errback, if called now, runs inside the spider middlewares

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        token, leases = self._start(response)
        if token is None:
            yield from result
            return
        yield from _count(result, token, leases)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        token, leases = self._start(response)
        if token is None:
            async for item in result:
                yield item
            return
        async for item in _count_async(result, token, leases):
            yield item

    def _start(self, response: Response) -> tuple[str | None, Any]:
        leases = self.leases
        token = response.meta.get(TOKEN)
        if leases is None or token not in leases.holds:
            return None, leases
        leases.tracked.add(token)
        return token, leases

    def item_done(self, item: Any, response: Any = None, **kwargs: Any) -> None:
        """An item left the pipelines (pushed, dropped or failed): one hold of its request less."""
        leases = self.leases
        if leases is not None:
            leases.release(token_of(response))

    def spider_error(self, failure: Failure, response: Any, spider: Any = None) -> None:
        """A callback that raised before yielding anything: its output will never be counted."""
        leases, token = self.leases, token_of(response)
        if leases is not None and token in leases.holds and token not in leases.tracked:
            leases.release(token)
