"""Page type: 'article' (one dominant text block and a title), 'listing' (linked items) or 'other'.

General evidence only, never a rule naming a site, CMS or theme. First what the page says about itself:

1. a listing claim — JSON-LD ``CollectionPage``/``SearchResultsPage``/``ProfilePage``, or ``<body>``
   classes of an archive, a tag, a category, an author, a date archive, search results, a home or a
   paged list — with no article claim: a listing;
2. with no article claim, a headline (or, when none matched the page's title, the first heading of its
   text) that is a link to another page of the site (an archive's entry title over its excerpt, even when
   the archive lists one entry): a listing;
3. a headline that is the site's own name with no article claim: not an article (a home page);
4. an article claim (``og:type=article``, a JSON-LD article type, ``single`` body classes) with a text
   block of prose: an article, whatever lists of links it also holds.

Then the shape of the page: how much prose the text block holds (CJK characters or words of any alphabet), its
link density, and whether link-led items (a title link and an excerpt) carry the text — many items with
a fair share of it, or a few (the last page of a listing) with most of it.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .block import find_main
from .dom import Element, is_boilerplate, norm_ws, tag_of
from .metadata import PageMetadata
from .patterns import (
    ARTICLE_BODY_CLASSES,
    ARTICLE_OG_TYPES,
    ARTICLE_TYPES,
    CJK_RE,
    WORD_RE,
    LISTING_BODY_CLASSES,
    LISTING_TYPES,
)
from .title import loose
from .walk import Paragraph, cached, collect_paragraphs

__all__ = ["classify_page", "ARTICLE_MIN_CJK", "ARTICLE_MIN_WORDS"]


def _repeated_link_items(root: Element, min_members: int = 4) -> tuple[int, int]:
    """(items, chars): the largest group of same-tag/class siblings each linking to a different page."""
    best = (0, 0)
    for node in root.iter():
        if not isinstance(node.tag, str) or len(node) < min_members:
            continue
        groups: dict[tuple[str, str], list[Element]] = {}
        for child in node:
            if isinstance(child.tag, str):
                groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) < min_members:
                continue
            hrefs: set[str] = set()
            chars = 0
            for item in members:
                link = next((a for a in ([item] if item.tag == "a" else item.iter("a")) if a.get("href") and len(norm_ws(a.text_content())) >= 5), None)
                if link is not None and link.get("href") not in hrefs:
                    hrefs.add(link.get("href"))
                    chars += len(norm_ws(item.text_content()))
            if len(hrefs) > best[0]:
                best = (len(hrefs), chars)
    return best


#: The least prose (non-link text in the main block) an article page has.
ARTICLE_MIN_CJK = 75
ARTICLE_MIN_WORDS = 40
#: ... and a page that shows itself as one post (its own claim, or a headline and a date over the text).
SINGLE_MIN_CJK = 30
SINGLE_MIN_WORDS = 20


def classify_page(
    tree: Element,
    *,
    paragraphs: list[Paragraph] | None = None,
    main: Element | None = None,
    title: str | None = None,
    main_elements: set[Element] | None = None,
    meta: PageMetadata | None = None,
    url: str | None = None,
    headline: Element | None = None,
    site_name: str | None = None,
    dated: bool = False,
) -> str:
    """'article' (one dominant text block and a title), 'listing' (linked items) or 'other'.

    ``meta``, ``url``, ``headline`` and ``site_name`` (from the page context) let the page's own
    description speak first (see the module docstring)."""
    root = tree.body if tree.find(".//body") is not None else tree
    claims = _claims(root, meta)
    if "listing" in claims and "article" not in claims:
        return "listing"
    entry_title = headline if headline is not None else _first_heading(main)
    if "article" not in claims and entry_title is not None and url and _links_elsewhere(entry_title, url):
        return "listing"
    if "article" not in claims and title and site_name and loose(title) == loose(site_name):
        items, _ = _repeated_link_items(root)
        return "listing" if items >= 2 else "other"
    if paragraphs is None:
        paragraphs = collect_paragraphs(root, cached(is_boilerplate))
    if main is None:
        main, _ = find_main(tree, paragraphs)
    if title is None:
        title_el = tree.find(".//title")
        h1 = tree.find(".//h1")
        title = norm_ws((h1 if h1 is not None else title_el).text_content()) if (h1 is not None or title_el is not None) else None
    if main is None:
        items, _ = _repeated_link_items(root)
        return "listing" if items >= 8 else "other"
    inside = main_elements if main_elements is not None else set(main.iter())
    main_paragraphs = [p for p in paragraphs if p.owner in inside]
    prose = "".join(p.text for p in main_paragraphs if p.link_chars < len(p.text) * 0.5)
    total = sum(len(p.text) for p in main_paragraphs) or 1
    density = sum(p.link_chars for p in main_paragraphs) / total
    # only compared with the thresholds below: a prefix usually settles it without scanning the whole text
    cjk = 0 if prose.isascii() else len(CJK_RE.findall(prose[:4000]))
    if cjk < ARTICLE_MIN_CJK and len(prose) > 4000 and not prose.isascii():
        cjk = len(CJK_RE.findall(prose))
    words = len(WORD_RE.findall(prose[:4000])) if cjk < ARTICLE_MIN_CJK else 0
    if cjk < ARTICLE_MIN_CJK and words < ARTICLE_MIN_WORDS and len(prose) > 4000:
        words = len(WORD_RE.findall(prose))
    # "本报讯" briefs run to 80-150 characters; a page that shows itself as one post (it says so, or its
    # headline and date stand over the text) may be shorter still: a two-line notice is a post too
    single = "article" in claims or (headline is not None and dated)
    min_cjk, min_words = (SINGLE_MIN_CJK, SINGLE_MIN_WORDS) if single else (ARTICLE_MIN_CJK, ARTICLE_MIN_WORDS)
    prose_enough = cjk >= min_cjk or words >= min_words
    if "article" in claims and prose_enough and title:
        return "article"  # the page says it is one article: its lists of links are related items
    # Listing pages: link-led items (title link + excerpt) carry the text. Many items with a fair share
    # of it, or a few (the last page of a listing) with most of it.
    items, item_chars = _repeated_link_items(main, min_members=2)
    if (items >= 5 and item_chars >= 0.4 * total) or (items >= 2 and item_chars >= 0.6 * total):
        return "listing"
    if prose_enough and density < 0.5 and title:
        return "article"
    page_items, _ = _repeated_link_items(root)
    if page_items >= 8:
        return "listing"
    return "other"


def _claims(body: Element, meta: PageMetadata | None) -> set[str]:
    """What the page says it is: {"article"}, {"listing"}, both or neither."""
    found: set[str] = set()
    if meta is not None:
        if meta.og_type in ARTICLE_OG_TYPES or any(t in ARTICLE_TYPES and t != "webpage" for t in meta.jsonld_types):
            found.add("article")
        if any(t in LISTING_TYPES for t in meta.jsonld_types):
            found.add("listing")
    tokens = {t.lower() for t in (body.get("class") or "").split()} if tag_of(body) == "body" else set()
    if tokens & ARTICLE_BODY_CLASSES or any(t.startswith("postid-") for t in tokens):
        found.add("article")
    if tokens & LISTING_BODY_CLASSES:
        found.add("listing")
    return found


def _first_heading(main: Element | None) -> Element | None:
    """The first heading of the text block's article (or ``<main>``) when no headline was found."""
    if main is None:
        return None
    scope = next((n for n in (main, *main.iterancestors()) if tag_of(n) in ("article", "main")), main)
    return next(scope.iter("h1", "h2", "h3"), None)


def _links_elsewhere(headline: Element, url: str) -> bool:
    """The headline is one link to another page of the site: an archive's entry title."""
    if tag_of(headline) == "a":
        links = [headline]
    else:
        links = [a for a in headline.iter("a") if a.get("href")]
    if len(links) != 1 or len(norm_ws(links[0].text_content())) < 0.8 * len(norm_ws(headline.text_content())):
        return False
    target = urlsplit(urljoin(url, links[0].get("href") or ""))
    here = urlsplit(url)
    if target.scheme not in ("http", "https") or target.netloc != here.netloc:
        return False
    there, path = target.path.rstrip("/"), here.path.rstrip("/")
    if (there, target.query) == (path, here.query):
        return False
    # a link up to the home page or a section ("/", "/blog/") is a site name or logo, not an entry title
    return not (path + "/").startswith(there + "/")
