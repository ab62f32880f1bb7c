"""Extract one article page: decode, parse once, build the page context, run one chooser per field.

Where each field comes from, one file each (the order of evidence is written at the top of each):

========================  =======================================================
title                     :mod:`.title`
authors, editors, poster  :mod:`.credits`
published, updated        :mod:`.published` (date text: :mod:`.dates`)
source, source URL        :mod:`.source`
body                      :mod:`.body` (the text block: :mod:`.block`)
prev / next               :mod:`.navigation`
page type                 :mod:`.classify`
========================  =======================================================

The context (:mod:`.context`) is built once and never changed: no chooser sees another's side effects;
where one weighs another's result (credits and dates read the credit and date lines the body found in
the text), it gets it as an argument here.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone as dt_timezone

from ..items import Article
from .body import choose_body
from .classify import classify_page
from .context import build_context
from .credits import choose_credits
from .decode import decode_html
from .errors import ExtractionError, NotHTMLError
from .navigation import choose_neighbours
from .dom import Element
from .parse import parse_page
from .patterns import XML_DECL_RE
from .profiles import Profile
from .published import choose_published, choose_updated
from .source import choose_source, choose_source_url
from .title import choose_title, clean_title_tag

logger = logging.getLogger(__name__)

__all__ = ["extract_article", "classify_page", "clean_title_tag", "ExtractionError", "NotHTMLError"]

def extract_article(
    html: str | bytes,
    url: str,
    *,
    fetched_at: datetime | None = None,
    encoding: str | None = None,
    timezone: str | None = None,
    profile: Profile | None = None,
    tree: Element | None = None,
) -> Article:
    """Extract an :class:`Article` from one page. Raises :class:`ExtractionError` only for non-HTML
    (and for a timezone that cannot be loaded).

    ``profile`` (see :mod:`.profiles`): its selectors take precedence field by field, its ``remove``
    subtrees are dropped first, and its timezone replaces ``timezone`` for dates written without one.
    ``tree``: the page already parsed (:func:`.parse.parse_page` of ``html`` as text), read instead of
    parsing it again; a profile's ``remove`` changes it.
    """
    now = fetched_at or datetime.now(dt_timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt_timezone.utc)
    if isinstance(html, (bytes, bytearray)):
        text, _ = decode_html(bytes(html), encoding)
    else:
        text = html or ""
        if "\x00" in text[:1024]:
            raise NotHTMLError("not HTML: text contains NUL characters")
    if tree is None:
        tree = parse_page(text, url)
    if tree is None:  # empty, or not parseable at all
        return Article(url=url, page_type="other")
    text = XML_DECL_RE.sub("", text, count=1)
    try:
        if profile is not None and profile.remove:
            for el in profile.select(tree, "remove"):
                if el.getparent() is not None:
                    el.drop_tree()
        return _read(tree, url, now, text, timezone, profile)
    except RecursionError:  # pathological nesting: give back what we can rather than crash
        logger.warning("page too deeply nested: %s", url)
        return Article(url=url, page_type="other")


def _read(tree, url: str, now: datetime, text: str, timezone: str | None, profile: Profile | None) -> Article:
    """Run the choosers over one parsed page."""
    page = build_context(tree, url, now, text, timezone=timezone, profile=profile)
    title = choose_title(page)
    body = choose_body(page)
    source, source_url = choose_source(page, body.value), choose_source_url(page, body.value)
    credits = choose_credits(page, body.value, source.value)
    published = choose_published(page, body.value)
    updated = choose_updated(page)
    prev, next_ = choose_neighbours(page)
    article = Article(
        url=url,
        canonical_url=page.meta.canonical or page.meta.og_url,
        title=title.value,
        body=body.value.text,
        authors=credits.authors.value,
        editors=credits.editors.value,
        source=source.value,
        source_url=source_url.value,
        published=published.value,
        updated=updated.value,
        prev=prev.value,
        next=next_.value,
        language=page.language,
        site_name=page.site_name,
        poster=credits.poster.value,
        origins={
            "title": title.origin, "body": body.origin, "authors": credits.authors.origin,
            "editors": credits.editors.origin, "poster": credits.poster.origin, "source": source.origin,
            "source_url": source_url.origin, "published": published.origin, "updated": updated.origin,
            "prev": prev.origin, "next": next_.origin,
        },
    )
    main = page.main
    article.page_type = classify_page(
        tree, paragraphs=main.paragraphs or page.walk.paragraphs, main=main.element, title=title.value,
        main_elements=main.elements if main.element is not None else None, meta=page.meta, url=url,
        headline=page.headline.element, site_name=page.site_name, dated=published.value is not None,
    )
    return article
