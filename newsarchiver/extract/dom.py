"""Small DOM helpers shared by the extractors: class/id tests, zone guards, a paragraph walker.

The walker turns a subtree into paragraphs in document order (block elements and ``<br>`` start a new
one), skipping boilerplate subtrees without copying or mutating the tree — one lxml parse serves every
extractor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lxml import html as lxml_html

from .patterns import (
    CJK_RE as _CJK_RE,
    BLOCK_TAGS,
    BOILERPLATE_ANYWHERE_RE,
    BOILERPLATE_TOKEN_RE,
    DATE_EXCLUDE_RE,
    DATE_EXCLUDE_TAGS,
    SKIP_TAGS,
    WS_RE,
)

Element = lxml_html.HtmlElement

#: Inline-element boundary marker: dropped for body text, a space for info-line parsing.
MARK = "\x1f"
_MARK_RUN_RE = re.compile(MARK + "+")
#: Class tokens describing a state ("has-sidebar", "no-comments") rather than a role.
_STATE_PREFIXES = ("has-", "has_", "with-", "no-", "no_", "show-", "hide-", "is-", "enable-", "disable-")


def norm_ws(text: str) -> str:
    """Collapse runs of whitespace (incl. U+3000/NBSP) to one space and strip; full-width punctuation stays."""
    return WS_RE.sub(" ", text).strip()


def tag_of(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def class_tokens(el: Element) -> list[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return [t for t in raw.split() if not t.lower().startswith(_STATE_PREFIXES)]


def is_boilerplate(el: Element) -> bool:
    """A subtree that is never article text: by tag, or by a boilerplate class/id token."""
    tag = tag_of(el)
    if not tag or tag in SKIP_TAGS:
        # ASP.NET-style pages wrap the whole page in one <form>; an unclosed <nav>/<aside> swallows
        # the rest of the page. Such a subtree holding the article's prose is a wrapper.
        # (it also holds the headline: a sidebar of teasers does not)
        return not (
            tag in _WRAPPER_TAGS
            and (tag == "form" or el.find(".//h1") is not None)
            and holds_prose(el, paragraphs=5, chars=1000, cjk=400)
        )
    if tag in ("body", "html", "main", "article"):
        # page-level classes ("single-post sidebar-right") describe layout, not this element
        return False
    if el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", "").lower():
        # streamed server rendering parks the whole article in a hidden container until scripts run
        # (hidden schema.org microdata blocks repeat the article: never rescued)
        return el.get("itemscope") is not None or not (
            el.find(".//h1") is not None and holds_prose(el, paragraphs=5, chars=1000, cjk=400)
        )
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    raw = f"{cls or ''} {ident or ''}"
    if not _boilerplate_attrs(raw):
        return False
    # Layout words ("sidebar-right", "widget-wrap", "__next", "padding-bottom") also name the wrappers
    # that hold the article: a class-matched subtree with a lot of prose is a wrapper, not boilerplate.
    # Comment/related blocks hold prose too, so they are never rescued.
    return _strong_boilerplate_attrs(raw) or not holds_prose(el)


#: Tokens whose subtrees are boilerplate even when they hold a lot of prose (comments, related excerpts).
_STRONG_BOILERPLATE_RE = re.compile(
    r"comment|related|relate|recommend|reply|pinglun|youlike|you-like|tuijian|xgyd|xgtj|xgwz|disclaimer"
    r"|copyright|statement|shengming|newsletter|subscribe|cookie|popup|modal|author-?bio|about-author|author-?box",
    re.IGNORECASE,
)
#: Prose that makes a class-matched subtree an article wrapper: paragraphs of real text.
_RESCUE_PARAGRAPHS = 1
_RESCUE_CHARS = 150
_RESCUE_CJK_CHARS = 60
_RESCUE_TEXT_CHARS = 1500


@lru_cache(maxsize=4096)
def _strong_boilerplate_attrs(raw: str) -> bool:
    return any(
        _STRONG_BOILERPLATE_RE.search(token) for token in raw.split() if not token.lower().startswith(_STATE_PREFIXES)
    )


_WRAPPER_TAGS = frozenset({"form", "nav", "aside", "header", "button", "label"})


def holds_prose(el: Element, paragraphs: int = 0, chars: int = 0, cjk: int = 0) -> bool:
    """A few long ``<p>`` paragraphs (or one big text block) inside ``el``; stops early."""
    min_count, min_chars, min_cjk = paragraphs or _RESCUE_PARAGRAPHS, chars or _RESCUE_CHARS, cjk or _RESCUE_CJK_CHARS
    count = chars = cjk = 0
    for p in el.iter("p"):
        text = p.text_content()
        n = len(text.strip())
        if n < 40:
            continue
        n -= sum(len(a.text_content()) for a in p.iter("a"))
        if n < 40:
            continue
        count += 1
        chars += n
        cjk += len(_CJK_RE.findall(text)) if n < 2000 else 2000
        if count >= min_count and (chars >= min_chars or cjk >= min_cjk):
            return True
    # text in <div>/<section> blocks rather than <p>: enough non-link, non-script text
    text = el.text_content()
    if len(text) < _RESCUE_TEXT_CHARS // 3:
        return False
    junk = sum(len(x.text_content()) for x in el.iter("a", "script", "style", "noscript", "template"))
    rest = len(text) - junk
    if rest >= _RESCUE_TEXT_CHARS and junk <= 0.5 * len(text):
        return True
    return rest >= _RESCUE_TEXT_CHARS // 3 and len(_CJK_RE.findall(text[:20000])) >= _RESCUE_CJK_CHARS * 2


@lru_cache(maxsize=4096)
def _boilerplate_attrs(raw: str) -> bool:
    # templates repeat the same class strings hundreds of times: memoise on the string
    for token in raw.split():
        if token.lower().startswith(_STATE_PREFIXES):
            continue
        if BOILERPLATE_ANYWHERE_RE.search(token) or BOILERPLATE_TOKEN_RE.search(token):
            return True
    return False


@lru_cache(maxsize=4096)
def _excluded_attrs(raw: str) -> bool:
    return any(
        DATE_EXCLUDE_RE.search(token) for token in raw.split() if not token.lower().startswith(_STATE_PREFIXES)
    )


def has_class_match(el: Element, pattern: re.Pattern[str]) -> bool:
    """Any class/id token of ``el`` matches ``pattern`` (memoised per class string)."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _attrs_match(f"{cls or ''} {ident or ''}", pattern)


@lru_cache(maxsize=8192)
def _attrs_match(raw: str, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(t) for t in raw.split() if not t.lower().startswith(_STATE_PREFIXES))


def in_excluded_zone(el: Element, stop: Element | None = None) -> bool:
    """True if ``el`` or an ancestor is a prev/next, related, comment, sidebar or footer container."""
    node: Element | None = el
    while node is not None and node is not stop:
        tag = tag_of(node)
        if tag in DATE_EXCLUDE_TAGS:
            return True
        if tag not in ("body", "html"):
            cls, ident = node.get("class"), node.get("id")
            if (cls or ident) and _excluded_attrs(f"{cls or ''} {ident or ''}"):
                return True
        node = node.getparent()
    return False


@dataclass
class Paragraph:
    """One paragraph of visible text, with the block element that holds it."""

    text: str  # whitespace-normalised
    spaced: str  # same, with a space wherever inline elements meet (for label parsing)
    owner: Element
    link_chars: int
    heading: bool = False


@dataclass
class PageWalk:
    """One walk over the page: its paragraphs plus the elements later steps need (no second scan)."""

    paragraphs: list[Paragraph]
    headings: list[Element]  # h1-h3 outside boilerplate
    classed: list[Element]  # visited elements carrying a class or id
    skipped: list[Element]  # roots of skipped boilerplate subtrees (nav, footer, related, ...)


class _Enough(Exception):
    """Raised inside the walker once ``limit`` paragraphs were collected."""


class _Collector:
    def __init__(self, skip: Callable[[Element], bool], record: bool = False, limit: int | None = None) -> None:
        self.skip = skip
        self.limit = limit
        self.record = record
        self.headings: list[Element] = []
        self.classed: list[Element] = []
        self.skipped: list[Element] = []
        self.out: list[Paragraph] = []
        self.buf: list[str] = []
        self.size = 0
        self.link = 0

    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text)
            self.size += len(text)

    def flush(self, owner: Element) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf.clear()
        self.size = 0
        link, self.link = self.link, 0
        text = norm_ws(raw.replace(MARK, ""))
        if not text:
            return
        spaced = norm_ws(_MARK_RUN_RE.sub(" ", raw))
        tag = tag_of(owner)
        self.out.append(Paragraph(text, spaced, owner, min(link, len(text)), tag in ("h1", "h2", "h3", "h4", "h5", "h6")))
        if self.limit is not None and len(self.out) >= self.limit:
            raise _Enough

    def visit(self, el: Element) -> None:
        self.add(el.text)
        for child in el:
            self.child(child, el)

    def child(self, c: Element, owner: Element) -> None:
        tag = tag_of(c)
        if not tag:  # comment or processing instruction
            self.add(c.tail)
            return
        if self.skip(c):
            if tag in BLOCK_TAGS or tag in ("nav", "aside", "footer", "form", "iframe"):
                self.flush(owner)
            if self.record and tag not in _NEVER_CONTENT:
                self.skipped.append(c)
            self.add(c.tail)
            return
        if self.record:
            if tag in ("h1", "h2", "h3"):
                self.headings.append(c)
            if c.get("class") or c.get("id"):
                self.classed.append(c)
        if tag == "br":
            self.flush(owner)
        elif tag in BLOCK_TAGS:
            self.flush(owner)
            self.visit(c)
            self.flush(c)
        else:
            before = self.size
            self.add(MARK)
            self.add(c.text)
            for g in c:
                self.child(g, owner)
            self.add(MARK)
            if tag == "a":
                self.link += self.size - before - 2
        self.add(c.tail)


_NEVER_CONTENT = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link", "option", "select", "input", "textarea", "button"})


def walk_page(root: Element, skip: Callable[[Element], bool]) -> PageWalk:
    """Paragraphs of the whole page plus headings, classed elements and skipped subtrees."""
    collector = _Collector(skip, record=True)
    collector.visit(root)
    collector.flush(root)
    return PageWalk(collector.out, collector.headings, collector.classed, collector.skipped)


def collect_paragraphs(
    root: Element, skip: Callable[[Element], bool] = is_boilerplate, limit: int | None = None
) -> list[Paragraph]:
    """Paragraphs of ``root`` in document order, boilerplate subtrees skipped; at most ``limit``."""
    collector = _Collector(skip, limit=limit)
    try:
        collector.visit(root)
        collector.flush(root)
    except _Enough:
        pass
    return collector.out


def cached(fn: Callable[[Element], bool]) -> Callable[[Element], bool]:
    """Memoise a per-element predicate for one page (elements are kept alive by the cache)."""
    memo: dict[Element, bool] = {}

    def wrapper(el: Element) -> bool:
        try:
            return memo[el]
        except KeyError:
            memo[el] = value = fn(el)
            return value

    return wrapper


def spaced_text(el: Element) -> str:
    """Visible text of a small element with a space between text nodes (script/style dropped)."""
    parts: list[str] = []
    _spaced_parts(el, parts)
    return norm_ws(" ".join(parts))


def _spaced_parts(el: Element, parts: list[str]) -> None:
    tag = tag_of(el)
    if tag and tag not in ("script", "style", "noscript") and el.text:
        parts.append(el.text)
    if tag and tag not in ("script", "style", "noscript"):
        for child in el:
            _spaced_parts(child, parts)
            if child.tail:
                parts.append(child.tail)
