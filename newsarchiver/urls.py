"""URL identity: one key per page however it is linked (tracking parameters, fragments, order).

Used by the spider (to request each page once) and by the archive (to key copies), so that
``/a.html?utm_source=rss`` and ``/a.html?from=home#top`` are the same page. Pure: no Scrapy, no SQLite.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

#: Query parameters that identify a campaign or referrer, not a page. Exact names and prefixes.
TRACKING_PARAMS = frozenset(
    {
        # Names seen on Chinese portals and apps (from, spm, scm, wfr, tt_from, isappinstalled) and the
        # usual ad-click ids. Generic names such as "t", "id" or "source" are NOT here: many sites use
        # them to address the page itself.
        "from", "spm", "scm", "ref", "referer", "referrer", "share_token", "sr_share",
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "wt.mc_id",
        "_hsenc", "_hsmi", "mkt_tok", "cmpid", "ncid", "ocid", "isappinstalled", "wfr", "tt_from",
        # UI state, not a page: the comment form's reply target. Blogs print one such "reply" link per
        # comment (rel=nofollow, the page's canonical is the post), so a post with 9 comments was fetched 10 times.
        "replytocom",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "piwik_", "mtm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_INDEX_FILES = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?|shtml)$", re.I)


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """Drop tracking query parameters and the fragment; keep everything else as written."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


@lru_cache(maxsize=4096)  # pure; a page's URL is keyed several times when filed, and links repeat across listings
def url_key(url: str) -> str:
    """The identity of a page: tracking params and fragment dropped, then w3lib canonicalization
    (sorted query, normalised percent-encoding), lower-case host, default port dropped."""
    canonical = canonicalize_url(strip_tracking(url), keep_fragments=False)
    parts = urlsplit(canonical)
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or str(port) == _DEFAULT_PORTS.get(parts.scheme) else f"{host}:{port}"
    path = _INDEX_FILES.sub("/", parts.path) or "/"
    return urlunsplit((parts.scheme, netloc, path, parts.query, ""))


@lru_cache(maxsize=4096)
def site_of(url: str) -> str:
    """The site a URL belongs to: its host, with the port when it is not the default one.

    Two demo sites on 127.0.0.1 differ only by port, so the port is part of a site's identity.
    A leading ``www.`` is dropped: ``www.example.com`` and ``example.com`` are one site.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port is not None and str(port) != _DEFAULT_PORTS.get(parts.scheme):
        return f"{host}:{port}"
    return host


def same_site(url: str, other: str) -> bool:
    return site_of(url) == site_of(other)


def check_start_url(url: str) -> str:
    """``url`` if a crawl can start from it (an absolute http(s) URL with a host); ValueError saying why not."""
    try:
        url.encode("utf-8")
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is no number or out of range)
    except (ValueError, UnicodeEncodeError) as exc:
        reason = "not valid UTF-8" if isinstance(exc, UnicodeEncodeError) else str(exc)
        raise ValueError(f"{url!r} is not a valid URL: {reason}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL with a host (e.g. https://news.example.com/)")
    return url
