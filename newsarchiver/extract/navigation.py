"""Links to the previous / next article (上一篇 / 下一篇, rel=prev/next, theme post-navigation).

Order of evidence: containers labelled 上一篇/下一篇 in their text (they also carry the neighbour's date),
theme classes (entry-page-prev, nav-previous ...), ``a[rel=prev|next]``, and finally ``<link rel>``.
Listing pagination (上一页/下一页, page numbers, ?page=2) is never taken for a neighbouring article.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from ..items import NavLink
from .dates import find_dates
from .dom import Element, class_tokens, norm_ws, spaced_text, tag_of
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
)

logger = logging.getLogger(__name__)

__all__ = ["NavResult", "find_navigation"]

_MAX_CLIMB = 4
_MAX_CONTAINER_CHARS = 400
#: Whole class tokens of listing pagers ("entry-page-prev" is a post navigation, not a pager).
_PAGINATION_CLASS_RE = re.compile(
    r"^(?:pagination|pager|pages|paging|fenye|page-?(?:nav|numbers?|list|bar|links|box|num)|pagelist|pagenav"
    r"|pagebar|dede_pages|wp-pagenavi|page)$",
    re.IGNORECASE,
)
_BARE_PREV_RE = re.compile(r"^(?:prev|previous|pre)$", re.IGNORECASE)
_BARE_NEXT_RE = re.compile(r"^next$", re.IGNORECASE)



@dataclass
class NavResult:
    prev: NavLink | None = None
    next: NavLink | None = None
    #: elements holding prev/next links: no date or text may be read from inside them
    containers: list[Element] = field(default_factory=list)
    #: True when the page says explicitly that there is no previous / next article (没有了)
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


def _is_pagination(a: Element, url: str, base_url: str) -> bool:
    text = norm_ws(a.text_content())
    if text and PAGINATION_TEXT_RE.match(text):
        return True
    node: Element | None = a.getparent()
    for _ in range(3):
        if node is None:
            break
        if any(_PAGINATION_CLASS_RE.match(t) for t in class_tokens(node)):
            return True
        node = node.getparent()
    if PAGINATION_URL_RE.search(url):
        # "x_2.html" next to "x.html" is page 2 of the same article or list, not a neighbour
        here = re.sub(r"(?:_\d+)?\.s?html?$|/$", "", urlsplit(base_url).path)
        there = re.sub(r"(?:_\d+)?\.s?html?$|/page/\d+/?$|/$", "", urlsplit(url).path)
        if here == there or "page" in url.lower():
            return True
    return False


def _link_title(a: Element, label_re: re.Pattern[str]) -> str | None:
    text = norm_ws(a.text_content())
    text = label_re.sub("", text).strip(" :：»«>‹›←→")
    if not text or label_re.fullmatch(text):
        text = norm_ws(a.get("title") or "")
    return text or None


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


def _date_outside(container: Element, link: Element, now: datetime, tz: str | None) -> tuple[str | None, str | None]:
    link_text = norm_ws(link.text_content())
    text = spaced_text(container)
    if link_text:
        text = text.replace(link_text, " ")
    found = find_dates(text, now=now, tz=tz, origin="nav")
    if not found:
        return None, None
    return found[0].found.value, found[0].found.raw


def _make(link: Element, container: Element, base_url: str, label_re: re.Pattern[str], now: datetime, tz: str | None) -> NavLink | None:
    url = _usable_href(link, base_url)
    if url is None or _is_pagination(link, url, base_url):
        return None
    published, raw = _date_outside(container, link, now, tz)
    return NavLink(url=url, title=_link_title(link, label_re), published=published, published_raw=raw)


def _by_label(tree: Element, base_url: str, now: datetime, tz: str | None, result: NavResult, html_text: str | None) -> None:
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
            nav = _make(link, container, base_url, label_re, now, tz)
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


def _by_class(roots: list[Element], base_url: str, now: datetime, tz: str | None, result: NavResult) -> None:
    for el in _class_candidates(roots):
        tokens = class_tokens(el)
        joined = " ".join(tokens)
        for direction, cls_re, label_re, bare_re in (
            ("prev", NAV_PREV_CLASS_RE, PREV_LABEL_RE, _BARE_PREV_RE),
            ("next", NAV_NEXT_CLASS_RE, NEXT_LABEL_RE, _BARE_NEXT_RE),
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
            nav = _make(link, container, base_url, label_re, now, tz)
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


_REL_RE = re.compile(r"""rel\s*=\s*["']?[^"'>]*\b(?:prev|previous|next)\b""", re.IGNORECASE)


def _by_rel(tree: Element, base_url: str, now: datetime, tz: str | None, result: NavResult, link_prev: str | None, link_next: str | None, html_text: str | None = None) -> None:
    # lxml finds rel anchors faster than a case-insensitive regex pre-scan of the whole source could rule them out
    anchors = tree.xpath("//a[@rel]")
    for a in anchors:
        rels = (a.get("rel") or "").lower().split()
        for direction, names, label_re in (("prev", ("prev", "previous"), PREV_LABEL_RE), ("next", ("next",), NEXT_LABEL_RE)):
            if getattr(result, direction) is None and any(r in names for r in rels):
                parent = a.getparent() if a.getparent() is not None else a
                nav = _make(a, parent, base_url, label_re, now, tz)
                if nav is not None:
                    setattr(result, direction, nav)
                    result.containers.append(parent)
    for direction, url in (("prev", link_prev), ("next", link_next)):
        if url and getattr(result, direction) is None and not getattr(result, f"{direction}_none"):
            if PAGINATION_URL_RE.search(url):
                continue
            setattr(result, direction, NavLink(url=url))


def find_navigation(
    tree: Element,
    base_url: str,
    *,
    now: datetime,
    tz: str | None = "Asia/Shanghai",
    link_prev: str | None = None,
    link_next: str | None = None,
    html_text: str | None = None,
    class_roots: list[Element] | None = None,
) -> NavResult:
    """Find the previous / next article links of an article page.

    ``html_text`` (the page source) lets us skip the text scan on pages without 上一篇/下一篇;
    ``class_roots`` limits the class scan to those subtrees (the boilerplate zones, where theme
    navigation lives) instead of the whole tree.
    """
    result = NavResult()
    try:
        _by_label(tree, base_url, now, tz, result, html_text)
        if result.prev is None or result.next is None:
            _by_class(class_roots if class_roots is not None else [tree], base_url, now, tz, result)
        if result.prev is None or result.next is None:
            _by_rel(tree, base_url, now, tz, result, link_prev, link_next, html_text)
    except Exception:  # noqa: BLE001 - navigation is a nicety: never fail the whole page for it
        logger.exception("navigation extraction failed for %s", base_url)
    return result
