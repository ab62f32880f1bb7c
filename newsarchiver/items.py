"""The records every layer shares: what extraction returns and what the spider hands the pipelines.

Data flows one way: response -> ``extract.extract_article`` -> :class:`Article` ->
:class:`CrawledPage` (the article plus how it was fetched) -> pipelines -> archive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

#: The keys of one extraction record, in output order (``newsarchiver extract`` prints exactly these).
EXTRACT_KEYS = (
    "url",
    "canonical_url",
    "title",
    "body",
    "authors",
    "editors",
    "poster",
    "source",
    "source_url",
    "published",
    "updated",
    "prev",
    "next",
    "language",
    "site_name",
)

#: The keys of one article record (one archived copy), in output order: the extraction record plus where
#: and when it was archived. A feed export (``scrapy crawl -O``) and ``newsarchiver export`` write these.
RECORD_KEYS = (*EXTRACT_KEYS, "story_id", "site", "fetched_at", "status")


@dataclass
class NavLink:
    """A link to the previous or next article as the page shows it (上一篇 / 下一篇, rel=prev/next)."""

    url: str
    title: str | None = None
    published: str | None = None  # as DateFound.value ("2022-12-28T10:05:00+08:00" or "2022-12-28"), or None
    published_raw: str | None = None  # the date text as written next to the link


@dataclass
class DateFound:
    """A timestamp with where it came from, so the archive can show its provenance."""

    #: as precise as the page: ISO 8601 with offset for a time of day ("2022-12-28T10:05:00+08:00"), the day
    #: for a date shown without one ("2022-12-28"), the month for a stamp naming only the month ("2022-12")
    value: str
    raw: str  # the text it was read from, e.g. "2022年12月28日 上午10:05"
    origin: str  # where: "json-ld", "meta:article:published_time", "time[datetime]", "byline", "profile", ...
    precision: str = "minute"  # "month" | "day" | "hour" ("6小时前") | "minute" | "second"
    relative: bool = False  # read from a relative form ("3天前", "昨天 14:30", "刚刚"): resolved at fetch time

    def at_precision(self) -> str:
        """The value as ISO 8601 written only as precisely as the page gave it: ``2022-12-28`` for a day,
        ``2022-12-28T10+08:00`` for an hour ("6小时前"), ``2022-12-28T10:05+08:00`` for a minute."""
        value = datetime.fromisoformat(self.value)
        if self.precision == "day":
            return value.date().isoformat()
        return value.isoformat(timespec={"hour": "hours", "minute": "minutes"}.get(self.precision, "seconds"))


@dataclass
class Article:
    """What the extractor reads from one article page. Pure data: no Scrapy, no SQLite."""

    url: str
    canonical_url: str | None = None
    title: str | None = None
    body: str = ""
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    source_url: str | None = None
    published: DateFound | None = None
    updated: DateFound | None = None
    prev: NavLink | None = None
    next: NavLink | None = None
    language: str | None = None
    site_name: str | None = None
    #: "article" when the page holds one article, "listing" for index/category pages, "other" otherwise.
    page_type: str = "article"
    #: the account that put the page on the site (小编, admin, a blog's or forum's user): kept apart from
    #: ``authors``, which name the people the text credits.
    poster: str | None = None
    #: where each field came from, as its chooser says ("title": "h1~og:title", "authors": "text", ...):
    #: provenance for debugging and re-extraction reports, not part of the extraction record
    origins: dict[str, str | None] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The public extraction record: exactly :data:`EXTRACT_KEYS`, dates as ISO strings."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "body": self.body,
            "authors": list(self.authors),
            "editors": list(self.editors),
            "poster": self.poster,
            "source": self.source,
            "source_url": self.source_url,
            "published": self.published.value if self.published else None,
            "updated": self.updated.value if self.updated else None,
            "prev": _link_record(self.prev),
            "next": _link_record(self.next),
            "language": self.language,
            "site_name": self.site_name,
        }


def _link_record(link: NavLink | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {"url": link.url, "title": link.title, "published": link.published}


@dataclass
class CrawledPage:
    """An extracted article plus the facts of its fetch: the item the spider yields."""

    article: Article
    url: str  # the URL as fetched (after redirects)
    fetched_at: str  # ISO 8601, UTC
    status: int = 200
    encoding: str | None = None  # the charset the body was decoded with
    raw: bytes | None = field(default=None, repr=False)  # the response body, for archives that keep it
    headers: dict[str, str] | None = field(default=None, repr=False)  # response headers, as received
    requested_url: str | None = None  # the address asked for, when a redirect led from it to ``url``
    #: what filing computes from the page alone, computed ahead (``archive.prepare``): an
    #: ``archive.prepare.Prepared``, or its JSON as read from Redis; the archive checks it before use
    prepared: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("raw", None)
        data.pop("prepared", None)
        return data


@dataclass
class FetchFailure:
    """A page that could not be fetched or read: recorded in the archive's fetch_errors, never fatal."""

    url: str
    kind: str  # "http_404", "timeout", "dns", "not_html", "parse_error", ...
    message: str
    status: int | None = None


@dataclass
class NotModified:
    """A 304 answer to a conditional revisit: the archived page is unchanged."""

    url: str


@dataclass
class NotArticle:
    """A page read as a listing (not one article), fetched at the address it was asked at: if the archive
    holds a copy there — archived as an article by mistake, or the address now serves a list — that copy is
    taken out of its story (``Filing.file_not_article``). Pages the archive does not hold are ignored."""

    url: str  # the address fetched (no redirect)
    page_type: str  # what the extractor read it as ("listing")
    fetched_at: str  # ISO 8601, UTC


@dataclass
class Vanished:
    """A revisit of an archived article page that found it removed though the site answered: a redirect to
    the home page or a listing, a removal notice, an empty article template (``extract.removal``). A 404
    or 410 arrives as a :class:`FetchFailure` instead. The archive records it as evidence against the
    copy (never as a version of it); the page it found is kept as evidence, not as the article."""

    url: str  # the archived page's address, as revisited (before any redirect)
    how: str  # "redirect" | "removal_notice" | "empty_shell"
    fetched_at: str  # ISO 8601, UTC
    status: int = 200  # of the page the revisit ended on
    target: str | None = None  # where a redirect went
    notice: str | None = None  # what a removal notice says
    detail: str | None = None  # what the page held instead ("other page, no title, 0 characters of body")
    page_text: str | None = field(default=None, repr=False)  # its visible text: the archive checks that the
    # archived text is really gone from it
    encoding: str | None = None
    raw: bytes | None = field(default=None, repr=False)  # the page as received (not for redirects)
    headers: dict[str, str] | None = field(default=None, repr=False)
