"""A plain English personal blog: semantic HTML, Open Graph metadata, rel=prev/next links."""

from __future__ import annotations

import re

from .dates import english_date
from .model import DemoArticle
from .pagekit import (
    EN_DISCLAIMER,
    PAGE_SIZE,
    Page,
    comment_times,
    content_blocks,
    english_list,
    esc,
    excerpt,
    is_chinese,
    listing_slice,
)

FEED_PATH = "/feed/"
COMMENTS = (
    "This was a lovely read, thank you for writing it down.",
    "I tried the same thing last spring and gave up too early. Maybe again this year.",
    "Great tip about going early. The light there is unreal.",
    "Do you have a link to the workshop schedule?",
)
COMMENTERS = ("Ana", "Bram", "Chidi", "Dot", "Esme", "Farid")
#: Listing pages: ``/`` and ``/page/N/``; group 1 is the page number (none: page 1).
LISTING_RE = re.compile(r"^/(?:page/(\d+)/)?$")


def _head(page: Page, title: str, canonical: str, extra: str = "") -> str:
    site = page.site
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="canonical" href="{esc(canonical)}">
<meta property="og:site_name" content="{esc(site.site_name)}">
<link rel="alternate" type="application/rss+xml" title="{esc(site.site_name)}" href="{esc(page.url(FEED_PATH))}">
<link rel="stylesheet" href="/assets/site.css">
{extra}</head>
"""


def _header(page: Page) -> str:
    site = page.site
    return f"""<header class="site-header">
<a class="site-title" href="/">{esc(site.site_name)}</a>
<p class="site-tagline">{esc(site.tagline)}</p>
<nav><a href="/">Home</a> <a href="/page/2/">Archive</a> <a href="{FEED_PATH}">RSS</a></nav>
</header>
"""


def _footer(page: Page) -> str:
    site = page.site
    return f"""<footer class="site-footer">
<p>&copy; {site.copyright_since}&ndash;{page.now.year} {esc(site.site_name)}. Written by hand, served with care.</p>
</footer>
</body>
</html>
"""


def _byline(article: DemoArticle) -> str:
    if article.style.author_line != "info" or not article.authors:
        return ""
    names = [f'<a class="author" rel="author" href="/about/">{esc(a)}</a>' for a in article.authors]
    if len(names) == 1:
        joined = names[0]
    else:
        joined = ", ".join(names[:-1]) + " and " + names[-1]
    return f'<span class="byline">By {joined}</span> &middot; '


def _source(article: DemoArticle) -> str:
    if not (article.style.source_line and article.source):
        return ""
    chinese = is_chinese(article.source)
    label = "来源：" if chinese else "Originally published by "
    if article.source_url:
        return f'<p class="source">{label}<a href="{esc(article.source_url)}">{esc(article.source)}</a></p>\n'
    return f'<p class="source">{label}{esc(article.source)}</p>\n'


def article_page(
    page: Page,
    article: DemoArticle,
    prev: DemoArticle | None,
    nxt: DemoArticle | None,
    related: list[DemoArticle],
) -> str:
    """One post page."""
    site = page.site
    stamp = article.published.isoformat()
    links = ""
    if prev is not None:
        links += f'<link rel="prev" href="{esc(page.url(prev.path))}">\n'
    if nxt is not None:
        links += f'<link rel="next" href="{esc(page.url(nxt.path))}">\n'
    extra = (
        f'<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{esc(article.title)}">\n'
        f'<meta property="article:published_time" content="{stamp}">\n'
        f'<meta name="description" content="{esc(excerpt(article, 150))}">\n' + links
    )
    nav = []
    if prev is not None:
        nav.append(f'<a class="older" rel="prev" href="{esc(prev.path)}">← Older: {esc(prev.title)}</a>')
    if nxt is not None:
        nav.append(f'<a class="newer" rel="next" href="{esc(nxt.path)}">Newer: {esc(nxt.title)} →</a>')
    editors = ""
    if article.editors:
        editors = f'<p class="edited">Edited by {esc(english_list(article.editors))}.</p>\n'
    disclaimer = f'<p class="disclaimer">{esc(EN_DISCLAIMER)}</p>\n' if article.style.disclaimer else ""
    related_items = "".join(
        f'<li><a href="{esc(o.path)}">{esc(o.title)}</a> <small>{english_date(o.published)}</small></li>'
        for o in related
    )
    return f"""{_head(page, f"{article.title} | {site.site_name}", page.url(article.path), extra)}<body class="post">
{_header(page)}<main>
<article class="post">
<header class="post-header">
<h1 class="post-title">{esc(article.title)}</h1>
<p class="post-meta">{_byline(article)}<time datetime="{stamp}">{english_date(article.published)}</time></p>
</header>
<div class="post-body">
{chr(10).join(content_blocks(article, page.site))}
</div>
{_source(article)}{editors}{disclaimer}</article>
<nav class="post-nav">{" ".join(nav)}</nav>
<section class="related"><h2>Related posts</h2><ul>{related_items}</ul></section>
{_comments(page, article)}
</main>
{_footer(page)}"""


def _comments(page: Page, article: DemoArticle) -> str:
    count = 1 + article.id % 2
    items = []
    for k, when in enumerate(comment_times(page, article, count)):
        who = COMMENTERS[(article.id + k) % len(COMMENTERS)]
        text = COMMENTS[(article.id * 3 + k) % len(COMMENTS)]
        items.append(
            f'<li class="comment"><p class="comment-meta"><strong>{who}</strong> on '
            f'<time datetime="{when.isoformat()}">{english_date(when)}</time></p><p>{esc(text)}</p></li>'
        )
    return f'<section class="comments"><h2>{count} comment{"s" if count > 1 else ""}</h2><ol>{"".join(items)}</ol></section>'


def listing_page(page: Page, number: int) -> str:
    """Listing page ``number`` (10 posts, newest first) with older/newer links."""
    site = page.site
    total = site.page_count(PAGE_SIZE)
    posts = []
    for position, article in enumerate(listing_slice(site, number)):
        href = article.path + ("?ref=home" if number == 1 and position == 0 else "")
        posts.append(
            f'<article class="summary"><h2><a href="{esc(href)}">{esc(article.title)}</a></h2>'
            f'<p class="post-meta"><time datetime="{article.published.isoformat()}">{english_date(article.published)}</time></p>'
            f"<p>{esc(excerpt(article, 140))}</p></article>"
        )
    pager = []
    if number > 1:
        newer = "/" if number == 2 else f"/page/{number - 1}/"
        pager.append(f'<a class="newer" href="{newer}">← Newer posts</a>')
    if number < total:
        pager.append(f'<a class="older" href="/page/{number + 1}/">Older posts →</a>')
    draft = site.private_article
    internal = ""
    if number == 1 and draft is not None:
        internal = f'<p class="drafts"><a href="{esc(draft.path)}">Draft preview: {esc(draft.title)}</a></p>\n'
    canonical = page.url("/" if number == 1 else f"/page/{number}/")
    title = site.site_name if number == 1 else f"{site.site_name} – Page {number}"
    return f"""{_head(page, title, canonical)}<body class="home">
{_header(page)}<main>
{chr(10).join(posts)}
<nav class="pager">{" ".join(pager)}</nav>
{internal}</main>
{_footer(page)}"""


def not_found_page(page: Page) -> str:
    """A small 404 page."""
    return (
        _head(page, f"Not found | {page.site.site_name}", page.url("/"))
        + "<body><main><h1>404</h1><p>Nothing lives at this address.</p><p><a href=\"/\">Go home</a></p></main></body></html>\n"
    )


def about_page(page: Page) -> str:
    """The blog's short About page (linked from every byline)."""
    return (
        _head(page, f"About | {page.site.site_name}", page.url("/about/"))
        + "<body><main><h1>About</h1><p>A few neighbours writing about slow hobbies.</p>"
        "<p><a href=\"/\">Read the latest posts</a></p></main></body></html>\n"
    )
