"""The `repost` spider's arguments, ``scrapy crawl repost -a NAME=VALUE``, each checked with a clear message.

    -a start_urls=URL[,URL...]   where to start; the crawl stays on these sites (host and port)
    -a sites=FILE                a sites file (TOML): start URLs and per-site timezone, revisits, profile
    -a backfill=1                also fetch the pages the archive knows only from prev/next links
    -a max_articles=N            stop after N articles (NEWSARCHIVER_MAX_ARTICLES)

``scrapy crawl`` checks them before it starts (newsarchiver/commands/crawl.py), so a mistake is one
line and exit status 2, not a traceback; the spider checks them again for every other way it is run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..sites import SitesFile, SitesFileError, load_sites
from ..urls import check_start_url

NAMES = ("start_urls", "sites", "backfill", "max_articles")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message names it and says what is expected."""


@dataclass
class CrawlArguments:
    start_urls: list[str]
    sites: SitesFile | None = None
    backfill: bool = False
    max_articles: int = 0  # 0: no limit

    @classmethod
    def parse(cls, kwargs: Mapping[str, Any]) -> CrawlArguments:
        """The arguments among ``kwargs``; names starting with "_" (Scrapyd's ``_job``) are not ours."""
        unknown = sorted(k for k in kwargs if k not in NAMES and not k.startswith("_"))
        if unknown:
            raise ArgumentError(f"unknown argument -a {unknown[0]}=… (the repost spider takes "
                                + ", ".join(f"-a {n}" for n in NAMES) + ")")
        urls = [check_url(u) for u in _split(kwargs.get("start_urls"))]
        sites = None
        if kwargs.get("sites"):
            try:
                sites = load_sites(str(kwargs["sites"]))
            except (SitesFileError, OSError, ValueError) as exc:  # ValueError: bytes that are not UTF-8
                raise ArgumentError(f"-a sites: {exc}") from None
            urls += [u for u in sites.start_urls if u not in urls]
        return cls(urls, sites, _flag("backfill", kwargs.get("backfill", False)),
                   _count("max_articles", kwargs.get("max_articles")))

    def settings(self) -> dict[str, Any]:
        """The settings these arguments stand for (the spider sets them at "spider" priority)."""
        out = dict(self.sites.settings()) if self.sites else {}
        if self.max_articles:
            out["NEWSARCHIVER_MAX_ARTICLES"] = self.max_articles
        return out

    def check_for_crawl(self, settings: Any) -> None:
        """What a crawl (not `scrapy parse` or `shell`) also needs: somewhere to start, an archive to backfill."""
        if not self.start_urls and not settings.get("REDIS_URL"):
            raise ArgumentError("no start URLs: give -a start_urls=URL[,URL...] or -a sites=FILE")
        if (self.backfill or settings.getbool("NEWSARCHIVER_BACKFILL")) and not settings.get("NEWSARCHIVER_ARCHIVE"):
            raise ArgumentError("-a backfill needs an archive (NEWSARCHIVER_ARCHIVE is empty): it fetches the "
                                "pages that archive knows only from prev/next links")


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else ArgumentError (``urls.check_start_url``,
    the check the CLI and the sites file make too)."""
    try:
        return check_start_url(url)
    except ValueError as exc:
        raise ArgumentError(f"-a start_urls: {exc}") from None


def _split(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [str(u).strip() for u in items if str(u).strip()]


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ArgumentError(f"-a {name}: {value!r} is not 1 or 0 (true/false, yes/no)")


def _count(name: str, value: Any) -> int:
    if value is None or value == "":
        return 0
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ArgumentError(f"-a {name}: {value!r} is not a whole number of 1 or more")
    return int(text)
