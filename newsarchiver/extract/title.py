"""Title: the headline as the page shows it, and the element it is printed in.

Evidence, best first:

1. the site profile's ``title`` selector;
2. a heading or title-classed element whose text matches one of the page's title claims (``og:title``,
   the JSON-LD headline, ``<title>`` without its site-name parts): an ``<h1>`` over other headings, an
   element inside the text block over one outside, an exact match over a partial one;
3. the first ``<h1>`` outside navigation (a page whose claims are missing or name only the site);
4. the claims themselves, first present.

The headline element is part of the page context (``context.py``): the info lines are the lines under
it, and its text is part of the language sample.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dom import Element, class_tokens, norm_ws, tag_of
from .metadata import PageMetadata
from .patterns import HEADLINE_DATE_RE, ORIGINAL_TITLE_MARKS, TITLE_HINT_RE, TITLE_SEP_RE
from .profiles import Profile
from .walk import PageWalk

if TYPE_CHECKING:
    from .context import Choice, MainBlock, PageContext

__all__ = ["Headline", "choose_title", "clean_title_tag", "locate_headline", "loose", "same_title", "undouble"]

_LOOSE_RE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Headline:
    """The headline's text, the element it was read from (None when only a claim gave it), and how."""

    text: str | None
    element: Element | None
    origin: str | None


def choose_title(page: PageContext) -> Choice[str | None]:
    """The page's title (see the module docstring for the order of evidence)."""
    from .context import Choice

    return Choice(page.headline.text, page.headline.origin)


def loose(text: str) -> str:
    """Compare-friendly form: lowercase, no punctuation or spaces."""
    return _LOOSE_RE.sub("", text).lower()


def same_title(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    la, lb = loose(a), loose(b)
    return bool(la) and la == lb


def undouble(title: str) -> str:
    """'T T' -> 'T' (templates that print the headline twice in one element)."""
    n = len(title)
    for sep_len in (0, 1):
        half = (n - sep_len) // 2
        if half >= 2 and (n - sep_len) % 2 == 0 and title[:half] == title[half + sep_len:]:
            return title[:half].strip()
    return title


def clean_title_tag(title: str | None, site_name: str | None = None) -> tuple[str | None, str | None]:
    """('Headline_Channel_Site', site) -> ('Headline', 'Site'): drop site-name parts, keep the longest."""
    if not title:
        return None, None
    title = undouble(norm_ws(title))
    parts = [p.strip() for p in TITLE_SEP_RE.split(title) if p and p.strip()]
    if len(parts) <= 1:
        return title, None
    site_loose = loose(site_name or "")
    kept = [p for p in parts if not (site_loose and (loose(p) == site_loose or (loose(p) and loose(p) in site_loose)))]
    kept = kept or parts
    best = max(kept, key=len)
    suffix = parts[-1] if parts[-1] != best else None
    return best, suffix


def locate_headline(
    tree: Element, meta: PageMetadata, walk: PageWalk, main: MainBlock, excluded: Callable[[Element], bool],
    profile: Profile | None,
) -> Headline:
    """The headline (see the module docstring): its text, element and origin."""
    for el in profile.select(tree, "title") if profile and profile.title else []:
        text = norm_ws(el.text_content())
        if text:
            return Headline(text, el, "profile")
    site_name = meta.site_name or meta.jsonld_publisher
    _, suffix = clean_title_tag(meta.title_tag, site_name)
    claims = [(clean_title_tag(value, site_name)[0], origin) for value, origin in (
        (meta.og_title, "og:title"), (meta.jsonld_headline, "json-ld"), (meta.title_tag, "title-tag"))]
    claims = [(c, origin) for c, origin in claims if c and loose(c)]
    claim_loose = [loose(c) for c, _ in claims]
    site_loose = loose(site_name or suffix or "")
    main_set = main.elements
    best: tuple[tuple[int, int], str, Element, str] | None = None
    first_h1: tuple[str, Element] | None = None
    for el in _candidates(walk):
        tag = tag_of(el)
        if not tag:
            continue
        is_heading = tag in ("h1", "h2", "h3")
        if not is_heading and not (el.get("class") or el.get("id")):
            continue
        if not is_heading and not any(TITLE_HINT_RE.search(t) for t in class_tokens(el)):
            continue
        text = undouble(norm_ws(el.text_content()))
        dated = HEADLINE_DATE_RE.search(text)
        if dated and dated.start() >= 2 and loose(text) not in claim_loose:
            text = text[: dated.start()].rstrip()  # "标题<span class=post-date>2024-01-03 10:00</span>"
        if not 2 <= len(text) <= 200:
            continue
        lt = loose(text)
        if not lt or lt == site_loose:
            continue
        if tag != "h1" and not any(_matches(lt, ref) for ref in claim_loose):
            continue  # can match no claim (the test below): spare the zone walk
        if excluded(el):
            continue
        if tag == "h1" and first_h1 is None and not _in_navigation(el):
            first_h1 = (text, el)
        if any(mark in text for mark in ORIGINAL_TITLE_MARKS):
            continue  # "原标题：…": the old headline quoted in the text
        kind = {"h1": 3, "h2": 1, "h3": 0}.get(tag, 2)
        near = 1 if (tag == "h1" or el in main_set or not main_set) else 0
        for ref, (ref_text, origin) in zip(claim_loose, claims):
            if lt == ref:
                key, shown = (kind + near + 2, len(lt)), text
            elif len(lt) >= 4 and lt in ref and len(lt) >= 0.5 * len(ref):
                key, shown = (kind + near, len(lt)), text
            elif ref in lt and len(ref) >= 0.6 * len(lt):
                # the element adds a badge ("原创", "置顶") to the headline: keep the headline
                key, shown = (kind + near, len(ref)), ref_text
            else:
                continue
            if best is None or key > best[0]:
                best = (key, shown, el, f"{tag}~{origin}")
    if best is not None:
        return Headline(best[1], best[2], best[3])
    if first_h1 is not None and (not claims or len(first_h1[0]) >= 4):
        return Headline(first_h1[0], first_h1[1], "h1")
    if claims:
        return Headline(claims[0][0], None, claims[0][1])
    return Headline(None, None, None)


def _matches(lt: str, ref: str) -> bool:
    return lt == ref or (len(lt) >= 4 and lt in ref and len(lt) >= 0.5 * len(ref)) or (ref in lt and len(ref) >= 0.6 * len(lt))


def _candidates(walk: PageWalk) -> list[Element]:
    hinted = walk.classed_matching(TITLE_HINT_RE)
    seen = set(walk.headings)
    return walk.headings + [e for e in hinted if e not in seen]


def _in_navigation(el: Element) -> bool:
    """Inside a ``<nav>`` (before any article-ish ``<header>``): a site header's h1 is usually the logo."""
    node: Element | None = el
    while node is not None:
        tag = tag_of(node)
        if tag in ("header", "nav") and not any(w in t.lower() for t in class_tokens(node) for w in ("article", "entry", "post")):
            return tag == "nav"
        node = node.getparent()
    return False
