"""Reading one fetched page: bytes, URL, headers and a few flags in; what the crawl does with it out.

:func:`read_page` is everything the crawler does with an HTML response that needs nothing but the
response itself and settings values: decode it, extract the article, judge a revisit for a removal
(``extract.removal``) and find the links to follow (``extract.links``). Pure, like the rest of
``extract/``: no Scrapy, network or SQLite, and its input (:class:`FetchedPage`, :class:`ReadingOptions`)
and output (:class:`PageReading`) pickle, so it runs as well in a worker process
(``newsarchiver.extraction_pool``) as in the reactor's. The spider only routes what it returns: records
to the pipelines, links to the scheduler, counts to the stats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Union

from ..items import Article, CrawledPage, FetchFailure, NotArticle, Vanished
from ..urls import site_of, url_key
from . import removal
from .decode import NotHTMLError, decode_html
from .links import page_links
from .parse import parse_page
from .page import extract_article
from .profiles import Profile, ProfileSet

__all__ = ["FetchedPage", "PageReading", "ReadingOptions", "article_page", "read_page"]

#: What a page reading hands the pipelines, in the order the spider yields them.
Record = Union[FetchFailure, NotArticle, Vanished, CrawledPage]


@dataclass(frozen=True)
class ReadingOptions:
    """The settings values reading a page needs; the same for every page of a crawl (a worker gets them once)."""

    timezone: str | None = None  # NEWSARCHIVER_TIMEZONE
    site_timezones: dict[str, str] = field(default_factory=dict)  # NEWSARCHIVER_SITE_TIMEZONES
    profiles: tuple[ProfileSet, ...] = ()  # loaded from NEWSARCHIVER_PROFILES
    min_body_chars: int = 20  # NEWSARCHIVER_MIN_BODY_CHARS
    max_listing_hops: int = 50  # NEWSARCHIVER_MAX_LISTING_HOPS
    #: the revisit middleware marks every page the archive holds (NEWSARCHIVER_INCREMENTAL with an archive)
    revisits_marked: bool = False

    def timezone_for(self, url: str) -> str | None:
        """The site's timezone from NEWSARCHIVER_SITE_TIMEZONES, else NEWSARCHIVER_TIMEZONE (None: the
        extractor's default, Asia/Shanghai for Chinese pages)."""
        host = site_of(url)
        for site, tz in self.site_timezones.items():
            if host == site or host.endswith("." + site):
                return tz
        return self.timezone

    def profile_for(self, url: str) -> Profile | None:
        """The site profile for a URL from the NEWSARCHIVER_PROFILES files (docs/profiles.md), if any."""
        for profiles in self.profiles:
            profile = profiles.for_url(url)
            if profile is not None:
                return profile
        return None


@dataclass
class FetchedPage:
    """One HTML response as the crawler received it, and what the crawl knows about its request."""

    url: str  # as fetched (after redirects)
    body: bytes
    fetched_at: datetime  # aware, UTC: relative dates ("3天前") are read against it
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)  # as text, the last value of a repeated header
    asked: str | None = None  # the address asked for, when redirects led from it to ``url``
    redirect_status: int | None = None  # the first redirect's status (301, 302…), if any
    revisit: bool = False  # a revisit of a page the archive holds (marked by the revisit middleware)
    listing_hops: int = 0  # pages in a row without an article on the way here


@dataclass
class PageReading:
    """What a page gives the crawl: records for the pipelines, stats to count, links to follow."""

    records: list[Record] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)  # stats keys to increment by one
    hops: int = 0  # listing_hops for the requests this page leads to
    chain: list[str] = field(default_factory=list)  # prev/next links, followed first
    feeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def read_page(page: FetchedPage, options: ReadingOptions) -> PageReading:
    """Decode, extract, judge a revisit and find the links of one page; never raises for a bad page
    (an empty body, a body that is not text or a page the extractor fails on is a FetchFailure record)."""
    out = PageReading()
    if not page.body.strip():  # a 200 with nothing in it: a broken page, not an empty article
        out.counts.append("newsarchiver/empty_body")
        out.records.append(FetchFailure(page.url, "empty_body", "the server sent no content", page.status))
        return out
    try:
        text, encoding = decode_html(page.body, declared_charset(page.headers))
    except NotHTMLError as exc:
        out.counts.append("newsarchiver/not_html")
        out.records.append(FetchFailure(page.url, "not_html", str(exc), page.status))
        return out
    article: Article | None
    tree = parse_page(text, page.url)  # one parse: the links are read first (a profile's `remove` changes the tree)
    found_links = page_links(tree, page.url)
    try:
        article = extract_article(text, page.url, fetched_at=page.fetched_at, timezone=options.timezone_for(page.url),
                                  profile=options.profile_for(page.url), tree=tree)
    except Exception as exc:  # a page we cannot read must never stop the crawl
        out.counts.append("newsarchiver/parse_errors")
        out.records.append(FetchFailure(page.url, "parse_error", f"{type(exc).__name__}: {exc}", page.status))
        article = None
    stamp = page.fetched_at.isoformat(timespec="seconds")
    # Consecutive pages without an article along a discovery path: an infinite calendar or a filter
    # maze never yields one, so it ends after NEWSARCHIVER_MAX_LISTING_HOPS (article pages reset it).
    # A prev/next chain counts too: a chain of non-article pages linked by 下一篇 is a maze like any other.
    is_article = article is not None and article.page_type == "article"
    out.hops = 0 if is_article else page.listing_hops + 1
    asked = page.asked or page.url
    # A listing at the address asked for: a copy the archive holds there was archived by mistake (or the
    # address serves a list now) and leaves its story. Not a removal: the page is there, just no article.
    # With revisit scheduling on, every page the archive holds comes marked as a revisit: only those can
    # concern a copy. Without it, the archive looks the address up itself.
    listing_here = (article is not None and article.page_type == "listing"
                    and url_key(asked) == url_key(page.url)
                    and (page.revisit or not options.revisits_marked))
    found = removal_found(page, asked, article, text, options) if article is not None else None
    if listing_here and (found is None or found.how == removal.EMPTY_SHELL):
        # a removal notice says more than the page's shape: only "no article here" gives way to the listing
        found = None
        out.records.append(NotArticle(page.url, article.page_type, stamp))
    if found is not None:  # a revisit of an archived copy that found it taken down: evidence, no article
        out.counts.append(f"newsarchiver/removals/{found.how}")
        # a redirect's evidence is the redirect's own status (301, 302…), not the page it led to
        status = page.redirect_status if found.how == removal.REDIRECT and page.redirect_status else page.status
        out.records.append(Vanished(asked, found.how, stamp, status=status, target=found.target,
                                    notice=found.notice, detail=found.detail, page_text=found.page_text,
                                    encoding=encoding, headers=page.headers,
                                    raw=None if found.how == removal.REDIRECT else page.body))  # not the home page
    if article is not None:
        out.counts.append(f"newsarchiver/pages/{article.page_type}")
        if is_article and found is None:
            out.records.append(article_page(article, page, encoding, asked))
    if out.hops > options.max_listing_hops:
        out.counts.append("newsarchiver/listing_hops_exceeded")
        return out
    if article is not None:
        out.chain = [link.url for link in (article.prev, article.next) if link and link.url]
    out.feeds, out.links = found_links.feeds, found_links.links
    return out


def article_page(article: Article, page: FetchedPage, encoding: str, asked: str) -> CrawledPage:
    """The CrawledPage of an article: the one place a page the archive files is built (a worker process
    adds its filing values, ``archive.prepare``, before handing it back: ``extraction_pool``)."""
    return CrawledPage(article=article, url=page.url, status=page.status, encoding=encoding,
                       fetched_at=page.fetched_at.isoformat(timespec="seconds"), raw=page.body,
                       headers=page.headers, requested_url=asked if asked != page.url else None)


def removal_found(page: FetchedPage, asked: str, article: Article, text: str,
                  options: ReadingOptions) -> removal.Removal | None:
    """For a revisit of an archived copy (the revisit middleware marks it): what says the page was taken
    down — a redirect home or to a listing, a removal notice, an empty template (``extract.removal``) —
    or None. Pages the archive does not hold are never judged so."""
    if not page.revisit:
        return None
    return removal.assess_revisit(url=asked, final_url=page.url, page_type=article.page_type,
                                  title=article.title, body=article.body, html=text,
                                  min_body_chars=options.min_body_chars)


def declared_charset(headers: dict[str, str]) -> str | None:
    """The charset the Content-Type header declares, if any."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
