"""Page rendering shared by the three site families, and the request router of a site.

Each family module (``theme_justnews``, ``theme_dede``, ``theme_blog``) renders HTML text;
this module picks the family, encodes the text in the site's encoding, and routes a
request path to an article, a listing page, robots.txt, the sitemap, the feed or a 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from . import feeds, theme_blog, theme_dede, theme_justnews
from .model import DemoArticle
from .pagekit import PAGE_SIZE, Page, encode, listing_number

if TYPE_CHECKING:
    from .world import Site, Withdrawal

Response = tuple[int, dict[str, str], bytes]
FAMILIES = ("justnews", "dede", "blog")


def render_article_page(
    site: Site,
    article: DemoArticle,
    *,
    base_url: str,
    now: datetime,
    prev: DemoArticle | None,
    next: DemoArticle | None,  # noqa: A002 - the public API names it so
    related: list[DemoArticle],
) -> bytes:
    """One article page in the site's family template, encoded in the site's encoding."""
    page = Page(site, base_url, now)
    renderer = _module(site.family).article_page
    return encode(site, renderer(page, article, prev, next, related))


def render_site_page(site: Site, path: str, base_url: str, now: datetime) -> Response:
    """Route one request path (query string ignored) to the page that serves it."""
    page = Page(site, base_url, now)
    clean = path.split("#", 1)[0].split("?", 1)[0] or "/"
    module = _module(site.family)
    if clean == "/robots.txt":
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, feeds.robots(page).encode()
    if clean == "/sitemap.xml":
        return 200, {"Content-Type": "application/xml; charset=utf-8"}, feeds.sitemap(page)
    if clean == module.FEED_PATH:
        return 200, {"Content-Type": feeds.feed_content_type(site)}, feeds.rss(page)
    withdrawn = site.withdrawn.get(clean)
    if withdrawn is not None:
        return _withdrawn_page(site, withdrawn, page, base_url, now)
    index = site.index_of(clean)
    if index is not None:
        article = site.articles[index]
        body = render_article_page(
            site,
            article,
            base_url=base_url,
            now=now,
            prev=site.articles[index - 1] if index > 0 else None,
            next=site.articles[index + 1] if index + 1 < len(site.articles) else None,
            related=site.related(index),
        )
        return 200, html_headers(site), body
    private = site.private_article
    if private is not None and clean == private.path:
        body = render_article_page(
            site, private, base_url=base_url, now=now, prev=None, next=None, related=[]
        )
        return 200, html_headers(site), body
    if site.family == "justnews" and clean.startswith("/author/"):
        # a poster's archive: WordPress lists the account's posts, like the front page
        return 200, html_headers(site), encode(site, module.listing_page(page, 1))
    if site.family == "blog" and clean == "/about/":
        return 200, html_headers(site), encode(site, module.about_page(page))
    listing_page = listing_number(module.LISTING_RE, clean)
    if listing_page is not None and 1 <= listing_page <= site.page_count(PAGE_SIZE):
        return 200, html_headers(site), encode(site, module.listing_page(page, listing_page))
    return 404, html_headers(site), encode(site, module.not_found_page(page))


def _withdrawn_page(site: Site, withdrawn: Withdrawal, page: Page, base_url: str, now: datetime) -> Response:
    """What the address of a withdrawn article answers (see :data:`~.world.WITHDRAWALS`)."""
    module = _module(site.family)
    if withdrawn.how == "redirect":
        return 302, {"Location": base_url, "Content-Type": "text/html"}, b""
    if withdrawn.how == "unavailable":
        return 503, {"Retry-After": "60", "Content-Type": "text/html"}, b"<h1>503 Service Unavailable</h1>"
    if withdrawn.how in ("delete", "gone"):
        status = 404 if withdrawn.how == "delete" else 410
        return status, html_headers(site), encode(site, module.not_found_page(page))
    # the article template around a stand-in: the notice as title and text, or nothing at all
    gone = withdrawn.article
    notice = withdrawn.notice if withdrawn.how == "notice" else None
    stand_in = DemoArticle(id=gone.id, story_key="", site=site.name, path=gone.path,
                           title=notice or "", paragraphs=[notice] if notice else [], published=gone.published,
                           published_precision=gone.published_precision)
    body = render_article_page(site, stand_in, base_url=base_url, now=now, prev=None, next=None, related=[])
    return 200, html_headers(site), body


def html_headers(site: Site) -> dict[str, str]:
    """Content-Type as each family's server sends it (GBK portals omit the charset)."""
    if site.family == "dede":
        return {"Content-Type": "text/html"}
    if site.family == "justnews":
        return {"Content-Type": "text/html; charset=UTF-8"}
    return {"Content-Type": "text/html; charset=utf-8"}


def _module(family: str):  # noqa: ANN202 - returns a theme module
    modules = {"justnews": theme_justnews, "dede": theme_dede, "blog": theme_blog}
    try:
        return modules[family]
    except KeyError:
        raise ValueError(f"unknown site family {family!r}; expected one of {FAMILIES}") from None
