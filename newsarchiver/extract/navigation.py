"""Links to the previous / next article (上一篇 / 下一篇, rel=prev/next, theme post-navigation).

Evidence, best first: containers labelled 上一篇/下一篇 in their text (they also carry the neighbour's
date), theme classes (entry-page-prev, nav-previous ...), ``a[rel=prev|next]``, and finally ``<link rel>``.
Listing pagination (上一页/下一页, page numbers, ?page=2) is never taken for a neighbouring article.

Two steps: :func:`find_navigation_zones` finds the links and the containers that hold them while the page
context is built (no date or credit may be read from inside them); :func:`choose_neighbours` then reads
each neighbour's date in the page's timezone. A link's title is the text the theme shows, without
screen-reader words ("Previous post", "上一篇") or the label.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..items import NavLink
from .dates import find_dates
from .dom import Element, class_tokens, has_class_match, norm_ws, tag_of
from .walk import PageWalk, spaced_text
from .patterns import (
    NAV_CONTAINER_RE,
    NAV_NEXT_CLASS_RE,
    NAV_NONE_RE,
    NAV_PREV_CLASS_RE,
    NAV_LABELS,
    NEXT_LABEL_RE,
    PAGINATION_TEXT_RE,
    PAGINATION_URL_RE,
    PREV_LABEL_RE,
    BARE_NEXT_CLASS_RE,
    BLOCK_TAGS,
    BARE_PREV_CLASS_RE,
    NAV_ANY_CLASS_RE,
    NAV_TITLE_END_RE,
    PAGINATION_CLASS_RE,
    SCREEN_READER_CLASS_RE,
)

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .context import Choice, PageContext
    from .metadata import PageMetadata

__all__ = ["NavResult", "NavZones", "choose_neighbours", "find_navigation", "find_navigation_zones", "is_nav_label"]

_MAX_CLIMB = 4
_MAX_CONTAINER_CHARS = 400



@dataclass
class Neighbour:
    """A prev/next link found on the page, not yet dated."""

    url: str
    title: str | None
    link: Element | None  # the <a> (None for a <link rel> in the head)
    container: Element | None  # the element around it that may show the neighbour's date
    origin: str  # "label", "class", "rel" or "link-rel"


@dataclass
class NavZones:
    """The page's prev/next links and the containers holding them."""

    prev: Neighbour | None = None
    next: Neighbour | None = None
    #: elements holding prev/next links: no date or text may be read from inside them
    containers: list[Element] = field(default_factory=list)
    #: True when the page says explicitly that there is no previous / next article (没有了)
    prev_none: bool = False
    next_none: bool = False


@dataclass
class NavResult:
    """Prev/next links with their dates (what :func:`find_navigation` returns)."""

    prev: NavLink | None = None
    next: NavLink | None = None
    containers: list[Element] = field(default_factory=list)
    prev_none: bool = False
    next_none: bool = False


def _usable_href(a: Element, base_url: str) -> str | None:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("javascript:", "#", "mailto:", "tel:")):
        return None
    url = urljoin(base_url, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    if url.split("#")[0] == base_url.split("#")[0]:
        return None
    return url


def _is_pagination(a: Element, url: str, base_url: str, labelled: bool = False) -> bool:
    """A link of a listing's pager. ``labelled``: the link sits under a 上一篇/下一篇 label, which names
    an article; a pager-like class around it ("pages") then proves nothing."""
    text = norm_ws(a.text_content())
    if text and PAGINATION_TEXT_RE.match(text):
        return True
    node: Element | None = a.getparent()
    for _ in range(3):
        if node is None or labelled:
            break
        if any(PAGINATION_CLASS_RE.match(t) for t in class_tokens(node)):
            return True
        node = node.getparent()
    if PAGINATION_URL_RE.search(url):
        # "x_2.html" next to "x.html" is page 2 of the same article or list, not a neighbour
        here = re.sub(r"(?:_\d+)?\.s?html?$|/$", "", urlsplit(base_url).path)
        there = re.sub(r"(?:_\d+)?\.s?html?$|/page/\d+/?$|/$", "", urlsplit(url).path)
        if here == there or "page" in url.lower():
            return True
    return False


def _nearest_link(container: Element, anchor: Element, base_url: str) -> Element | None:
    nodes = list(container.iter())
    try:
        pos = nodes.index(anchor)
    except ValueError:
        pos = 0
    best: tuple[int, Element] | None = None
    for i, node in enumerate(nodes):
        if tag_of(node) != "a" or _usable_href(node, base_url) is None:
            continue
        distance = abs(i - pos) + (0 if i >= pos else 1)  # ties go to the link after the label
        if best is None or distance < best[0]:
            best = (distance, node)
    return best[1] if best else None


def _link_title(a: Element, label_re: re.Pattern[str]) -> str | None:
    """The neighbour's title as the theme shows it: no screen-reader words, no 上一篇/Previous label."""
    text = norm_ws(_visible_text(a))
    text = label_re.sub("", text).strip(" :：»«>‹›←→")
    end = NAV_TITLE_END_RE.search(text)
    if end and end.start() >= 2:
        text = text[: end.start()].rstrip(" |·:：-")  # "标题 发表于2024-01-05 浏览0": the card's meta is no title
    if not text or label_re.fullmatch(text):
        text = norm_ws(a.get("title") or "")
    return text or None


def _visible_text(a: Element) -> str:
    """The link's text as shown: parts only screen readers get ("<span class="screen-reader-text">")
    dropped, and a space where block children meet ("<p>Previous post</p><p>Title</p>")."""
    parts: list[str] = []

    def visit(el: Element) -> None:
        if el is not a and has_class_match(el, SCREEN_READER_CLASS_RE):
            return
        block = el is not a and tag_of(el) in BLOCK_TAGS
        if block:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    visit(a)
    return "".join(parts)


def _make(link: Element, container: Element, base_url: str, label_re: re.Pattern[str], origin: str) -> Neighbour | None:
    url = _usable_href(link, base_url)
    if url is None or _is_pagination(link, url, base_url, labelled=origin == "label"):
        return None
    return Neighbour(url, _link_title(link, label_re), link, container, origin)


def _by_label(tree: Element, base_url: str, result: NavZones, html_text: str | None) -> None:
    if html_text is not None and not any(c in html_text for c in ("篇", "条", "則")):
        return  # three single-character scans of the source are cheaper than ten substring scans
    labels = NAV_LABELS if html_text is None else [label for label in NAV_LABELS if label in html_text]
    if not labels:
        return  # the raw-text check is far cheaper than an XPath text scan
    # one contains() per distinct last character: each condition costs a pass over every text node
    tails = sorted({label[-1] for label in labels})
    xpath = "//text()[" + " or ".join(f"contains(., '{c}')" for c in tails) + "]"
    for text in tree.xpath(xpath):
        owner = text.getparent()
        if owner is None:
            continue
        if getattr(text, "is_tail", False):
            anchor, start = owner, owner.getparent()
        else:
            anchor, start = owner, owner
        stripped = norm_ws(str(text))
        for direction, label_re in (("prev", PREV_LABEL_RE), ("next", NEXT_LABEL_RE)):
            m = label_re.match(stripped)
            if not m or getattr(result, direction) is not None:
                continue
            rest = stripped[m.end():]
            container = start
            if NAV_NONE_RE.match(rest.strip(" :：")):
                setattr(result, f"{direction}_none", True)
                if container is not None:
                    result.containers.append(container)
                continue
            link = anchor if tag_of(anchor) == "a" else None
            climbed = 0
            while link is None and container is not None and climbed <= _MAX_CLIMB:
                if len(norm_ws(container.text_content())) > _MAX_CONTAINER_CHARS:
                    break
                link = _nearest_link(container, anchor, base_url)
                if link is None:
                    none_text = label_re.sub("", norm_ws(container.text_content())).strip(" :：")
                    if NAV_NONE_RE.match(none_text):
                        setattr(result, f"{direction}_none", True)
                        result.containers.append(container)
                        break
                    container = container.getparent()
                    climbed += 1
            if link is None:
                continue
            if container is None or tag_of(container) == "a":
                container = link.getparent() if link.getparent() is not None else link
            nav = _make(link, container, base_url, label_re, "label")
            if nav is not None:
                setattr(result, direction, nav)
                result.containers.append(container)
            break


def _class_candidates(roots: list[Element]):
    for root in roots:
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
            if "pre" in raw or "next" in raw:
                yield el


def _by_class(roots: list[Element], base_url: str, result: NavZones) -> None:
    for el in _class_candidates(roots):
        tokens = class_tokens(el)
        joined = " ".join(tokens)
        for direction, cls_re, label_re, bare_re in (
            ("prev", NAV_PREV_CLASS_RE, PREV_LABEL_RE, BARE_PREV_CLASS_RE),
            ("next", NAV_NEXT_CLASS_RE, NEXT_LABEL_RE, BARE_NEXT_CLASS_RE),
        ):
            if getattr(result, direction) is not None or getattr(result, f"{direction}_none"):
                continue
            if not cls_re.search(joined):
                continue
            # bare "prev"/"next" classes are also carousels and pagers: require a post-navigation parent
            if all(bare_re.match(t) for t in tokens if cls_re.search(t)) and not _has_nav_ancestor(el):
                continue
            link = el if tag_of(el) == "a" else next((a for a in el.iter("a") if _usable_href(a, base_url)), None)
            if link is None:
                continue
            parent = el.getparent()
            container = el if el is not link or parent is None else parent
            nav = _make(link, container, base_url, label_re, "class")
            if nav is not None:
                setattr(result, direction, nav)
                result.containers.append(container)


def _has_nav_ancestor(el: Element) -> bool:
    node = el.getparent()
    for _ in range(3):
        if node is None:
            return False
        if any(NAV_CONTAINER_RE.search(t) for t in class_tokens(node)) or tag_of(node) == "nav":
            return True
        node = node.getparent()
    return False


def _by_rel(tree: Element, base_url: str, result: NavZones, link_prev: str | None, link_next: str | None) -> None:
    # lxml finds rel anchors faster than a case-insensitive regex pre-scan of the whole source could rule them out
    anchors = tree.xpath("//a[@rel]")
    for a in anchors:
        rels = (a.get("rel") or "").lower().split()
        for direction, names, label_re in (("prev", ("prev", "previous"), PREV_LABEL_RE), ("next", ("next",), NEXT_LABEL_RE)):
            if getattr(result, direction) is None and any(r in names for r in rels):
                parent = a.getparent() if a.getparent() is not None else a
                nav = _make(a, parent, base_url, label_re, "rel")
                if nav is not None:
                    setattr(result, direction, nav)
                    result.containers.append(parent)
    for direction, url in (("prev", link_prev), ("next", link_next)):
        if url and getattr(result, direction) is None and not getattr(result, f"{direction}_none"):
            if PAGINATION_URL_RE.search(url):
                continue
            setattr(result, direction, Neighbour(url, None, None, None, "link-rel"))


def _maybe_nav(el: Element) -> bool:
    """Subtrees worth a class scan for prev/next: navigation-ish class names only (keeps it cheap)."""
    return has_class_match(el, NAV_ANY_CLASS_RE)


def find_navigation_zones(
    tree: Element,
    base_url: str,
    walk: PageWalk | None = None,
    *,
    meta: PageMetadata | None = None,
    html_text: str | None = None,
) -> NavZones:
    """The previous / next article links of a page and the containers holding them (not yet dated).

    ``html_text`` (the page source) lets us skip the text scan on pages without 上一篇/下一篇; with
    ``walk``, the class scan looks only at the subtrees the walk skipped or recorded with navigation-ish
    classes (where theme navigation lives) instead of the whole tree.
    """
    result = NavZones()
    class_roots = [tree] if walk is None else (
        [e for e in walk.skipped if _maybe_nav(e)] + walk.classed_matching(NAV_ANY_CLASS_RE))
    try:
        _by_label(tree, base_url, result, html_text)
        if result.prev is None or result.next is None:
            _by_class(class_roots, base_url, result)
        if result.prev is None or result.next is None:
            _by_rel(tree, base_url, result, meta.link_prev if meta else None, meta.link_next if meta else None)
    except Exception:  # noqa: BLE001 - navigation is a nicety: never fail the whole page for it
        logger.exception("navigation extraction failed for %s", base_url)
    return result


def _dated(n: Neighbour | None, now: datetime, tz: str | None) -> NavLink | None:
    """The neighbour with the date its container shows next to the link (outside the link's own text)."""
    if n is None:
        return None
    if n.container is None or n.link is None:
        return NavLink(url=n.url, title=n.title)
    link_text = norm_ws(n.link.text_content())
    text = spaced_text(n.container)
    if link_text:
        text = text.replace(link_text, " ")
    found = find_dates(text, now=now, tz=tz, origin="nav")
    if not found:
        return NavLink(url=n.url, title=n.title)
    return NavLink(url=n.url, title=n.title, published=found[0].found.value, published_raw=found[0].found.raw)


def choose_neighbours(page: PageContext) -> tuple[Choice[NavLink | None], Choice[NavLink | None]]:
    """The previous and next articles (see the module docstring), dated in the page's timezone."""
    from .context import Choice

    zones = page.nav
    return (Choice(_dated(zones.prev, page.fetched_at, page.tz), zones.prev.origin if zones.prev else None),
            Choice(_dated(zones.next, page.fetched_at, page.tz), zones.next.origin if zones.next else None))


def find_navigation(
    tree: Element,
    base_url: str,
    *,
    now: datetime,
    tz: str | None = "Asia/Shanghai",
    link_prev: str | None = None,
    link_next: str | None = None,
    html_text: str | None = None,
) -> NavResult:
    """Prev/next links of a parsed page with their dates: :func:`find_navigation_zones` then dating."""
    from .metadata import PageMetadata

    zones = find_navigation_zones(tree, base_url, meta=PageMetadata(link_prev=link_prev, link_next=link_next),
                                  html_text=html_text)
    return NavResult(_dated(zones.prev, now, tz), _dated(zones.next, now, tz), zones.containers,
                     zones.prev_none, zones.next_none)


def is_nav_label(text: str) -> bool:
    """A line that starts with a prev/next label ("上一篇：…", "下一篇：…"): the neighbour, not the page."""
    return bool(PREV_LABEL_RE.match(text) and text.lstrip("«‹<←[【(（ ").startswith(("上", "前")) or
                NEXT_LABEL_RE.match(text) and text.lstrip("«‹<[【(（ ").startswith(("下", "后")))
