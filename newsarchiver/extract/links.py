"""The links of a page a crawler follows: ``<a>``/``<area>`` targets and the feeds it announces.

What Scrapy's ``LinkExtractor(canonicalize=False, unique=True)`` returns for a page (``<base href>``
honoured, HTML5 whitespace stripped, URLs made safe with w3lib, links to images, media, archives and
documents dropped (our own list; extraction imports no Scrapy), each URL once in page order), read with lxml from the tree the extractor parsed: the
crawler no longer builds a second response object and parsel tree for every page just to find its
links (measured: 4.2 ms of LinkExtractor vs ~1 ms here on a 13 kB page). Which links stay on the site
is the spider's call, not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from .dom import Element
from .parse import parse_page

__all__ = ["FEED_TYPES", "PageLinks", "page_links"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"})
#: Links to these are files, not pages: images, audio, video, office documents, archives, binaries.
_IGNORED = frozenset("." + ext for ext in (
    "jpg jpeg png gif webp bmp tif tiff svg ico psd ai eps heic avif "
    "mp3 wav ogg oga flac aac m4a wma ra aiff au mid midi "
    "mp4 m4v mov avi wmv flv mkv webm mpg mpeg 3gp qt rm swf asf asx vob "
    "pdf doc docx xls xlsx ppt pptx pps odt ods odp odg rtf "
    "zip rar 7z gz tgz bz2 xz tar cab iso dmg exe msi bin apk deb rpm jar css js"
).split())
_SCHEMES = ("http", "https")


@dataclass
class PageLinks:
    """``links``: pages linked from ``<a>``/``<area>``; ``feeds``: RSS/Atom feeds from ``<link rel=alternate>``."""

    links: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)


def page_links(page: str | Element | None, url: str) -> PageLinks:
    """Absolute http(s) URLs linked from a page — its decoded text, or its tree as the extractor parsed it
    (``parse.parse_page``: one parse for both) — each once, in page order. Never raises."""
    found = PageLinks()
    tree = parse_page(page, url) if isinstance(page, str) else page
    if tree is None:
        return found
    base = url
    for el in tree.iter("base"):
        href = el.get("href")
        if href and href.strip():
            base = urljoin(url, strip_html5_whitespace(href))
            break
    origin = _origin(base)
    seen: dict[str, set[str]] = {"feeds": set(), "links": set()}
    for el in tree.iter("a", "area", "link"):
        href = el.get("href")
        if not href:
            continue
        if el.tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "alternate" not in rel or (el.get("type") or "").strip().lower() not in FEED_TYPES:
                continue
        resolved = _absolute(base, origin, href)
        if resolved is None:
            continue
        target, ignored = resolved
        kind = "feeds" if el.tag == "link" else "links"
        if target in seen[kind] or (kind == "links" and ignored):
            continue
        seen[kind].add(target)
        getattr(found, kind).append(target)
    return found


def _origin(base: str) -> str | None:
    """``scheme://host/`` of an http(s) base URL: all that resolving a root-relative or absolute link needs
    of it (urljoin takes the rest from the link), so that one resolution serves every page of a site."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme in _SCHEMES and parts.netloc else None


def _absolute(base: str, origin: str | None, href: str) -> tuple[str, bool] | None:
    """The link's absolute URL without its fragment, and whether it names a file (:func:`_ignored`); None
    for what is not an http(s) page address."""
    href = strip_html5_whitespace(href)
    if not href or href.startswith("#"):
        return None
    # A site's navigation repeats on each of its pages: links whose resolution depends on the base's
    # scheme and host alone are resolved against those only, and remembered for the site's next pages.
    return _resolved(origin if origin is not None and _site_wide(href) else base, href)


def _site_wide(href: str) -> bool:
    """Whether ``urljoin(base, href)`` reads nothing of the base but its scheme and host: a link with a host
    of its own ("//host/x", "http://host/x") or a path from the root ("/x"). Not "//" or "http://#",
    which have no host (urljoin then takes the base's, and its path)."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme in _SCHEMES and bool(parts.netloc)
    return bool(parts.netloc) or parts.path.startswith("/")


@lru_cache(maxsize=16384)
def _resolved(base: str, href: str) -> tuple[str, bool] | None:
    try:
        target = safe_url_string(urljoin(base, href))
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme not in _SCHEMES or not parts.netloc:
        return None
    return target.split("#", 1)[0], _ignored(target)


def _ignored(target: str) -> bool:
    path = urlsplit(target).path.lower()
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:] in _IGNORED
