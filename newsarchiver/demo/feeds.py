"""robots.txt, sitemap.xml and RSS 2.0 feeds of a demo site."""

from __future__ import annotations

from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .pagekit import encode, excerpt

if TYPE_CHECKING:
    from .pagekit import Page
    from .world import Site

FEED_ITEMS = 20


def robots(page: Page) -> str:
    """Everything allowed except /private/, plus the sitemap location."""
    return (
        "User-agent: *\n"
        "Disallow: /private/\n"
        "\n"
        f"Sitemap: {page.url('/sitemap.xml')}\n"
    )


def sitemap(page: Page) -> bytes:
    """A urlset of every public article URL with its lastmod."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for article in reversed(page.site.articles):
        lines.append(
            f"<url><loc>{escape(page.url(article.path))}</loc>"
            f"<lastmod>{article.published.isoformat()}</lastmod></url>"
        )
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed_content_type(site: Site) -> str:
    """The GBK portal leaves the charset to the XML declaration, as such portals do."""
    if site.family == "dede":
        return "application/xml"
    return "application/rss+xml; charset=UTF-8"


def rss(page: Page) -> bytes:
    """An RSS 2.0 feed of the latest :data:`FEED_ITEMS` articles."""
    site = page.site
    latest = list(reversed(site.articles[-FEED_ITEMS:]))
    gbk = site.family == "dede"
    language = "en" if site.family == "blog" else "zh-CN"
    build = format_datetime(latest[0].published) if latest else ""
    lines = [
        f'<?xml version="1.0" encoding="{"gbk" if gbk else "UTF-8"}"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(site.site_name)}</title>",
        f"<link>{escape(page.url('/'))}</link>",
        f'<atom:link href="{escape(page.url(site.feed_path))}" rel="self" type="application/rss+xml"/>',
        f"<description>{escape(site.tagline)}</description>",
        f"<language>{language}</language>",
        f"<lastBuildDate>{build}</lastBuildDate>",
    ]
    for article in latest:
        url = escape(page.url(article.path))
        lines.append("<item>")
        lines.append(f"<title>{escape(article.title)}</title>")
        lines.append(f"<link>{url}</link>")
        lines.append(f'<guid isPermaLink="true">{url}</guid>')
        lines.append(f"<pubDate>{format_datetime(article.published)}</pubDate>")
        creator = article.authors[0] if article.authors else article.poster
        if creator:
            lines.append(f"<dc:creator>{escape(creator)}</dc:creator>")
        lines.append(f"<description>{escape(excerpt(article, 120))}</description>")
        lines.append("</item>")
    lines += ["</channel>", "</rss>"]
    return encode(site, "\n".join(lines) + "\n")
