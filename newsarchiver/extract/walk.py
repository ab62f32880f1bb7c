"""The paragraph walker: a subtree in document order as paragraphs, boilerplate subtrees skipped.

Block elements and ``<br>`` start a new paragraph; inline elements stay in it (marked, so label parsing
sees a space where two inline elements meet). The walk never copies or mutates the tree: one lxml parse
serves every extractor. :func:`walk_page` also records what later steps need (headings, classed
elements, skipped subtrees), so nothing walks the whole page twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .dom import (
    GATE_ATTRIBUTES, GATED_TAGS, Element, _attrs_match, has_class_match, is_boilerplate, norm_ws, prefilter, tag_of,
)
from .patterns import BLOCK_TAGS

#: Inline-element boundary marker: dropped for body text, a space for info-line parsing.
MARK = "\x1f"


@dataclass(slots=True)
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
    classed_raw: list[str] = field(default_factory=list)  # "class id" of each ``classed`` element
    _joined: str | None = field(default=None, repr=False, compare=False)  # classed_raw, lowercased, one string

    def classed_matching(self, pattern: re.Pattern[str]) -> list[Element]:
        """The ``classed`` elements with a class/id token matching ``pattern`` (as :func:`has_class_match`)."""
        if len(self.classed_raw) != len(self.classed):
            return [el for el in self.classed if has_class_match(el, pattern)]
        needed = prefilter(pattern)
        if needed is not None:  # one look over all the page's class strings rules most patterns out
            if self._joined is None:
                self._joined = "\n".join(self.classed_raw).lower()
            if not any(s in self._joined for s in needed):
                return []
        return [el for el, raw in zip(self.classed, self.classed_raw) if _attrs_match(raw, pattern)]


class _Enough(Exception):
    """Raised inside the walker once ``limit`` paragraphs were collected."""


class _Collector:
    def __init__(self, skip: Callable[[Element], bool], record: bool = False, limit: int | None = None) -> None:
        self.skip = skip
        self.gated = bool(getattr(skip, "attribute_gated", False))
        self.limit = limit
        self.record = record
        self.headings: list[Element] = []
        self.classed: list[Element] = []
        self.classed_raw: list[str] = []
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
        if MARK in raw:
            text = norm_ws(raw.replace(MARK, ""))
            # the marker is whitespace to str.split(): inline boundaries become spaces
            spaced = norm_ws(raw) if text else ""
        else:
            text = spaced = norm_ws(raw)
        if not text:
            return
        self.out.append(Paragraph(text, spaced, owner, min(link, len(text)), tag_of(owner) in _HEADING_TAGS))
        if self.limit is not None and len(self.out) >= self.limit:
            raise _Enough

    def visit(self, el: Element) -> None:
        text = el.text
        if text:
            self.buf.append(text)
            self.size += len(text)
        for child in el:
            self.child(child, el)

    # the hot loop of every extraction: attribute lookups and method calls are kept out of it
    def child(self, c: Element, owner: Element) -> None:
        tag = c.tag
        buf = self.buf
        if not isinstance(tag, str):  # comment or processing instruction
            tail = c.tail
            if tail:
                buf.append(tail)
                self.size += len(tail)
            return
        tag = tag.lower()
        keys = c.keys()  # most elements have no attributes: nothing to look up then
        if (not self.gated or tag in GATED_TAGS or (keys and not GATE_ATTRIBUTES.isdisjoint(keys))) and self.skip(c):
            if buf and (tag in BLOCK_TAGS or tag in _FLUSHING_SKIPS):
                self.flush(owner)
            if self.record and tag not in _NEVER_CONTENT:
                self.skipped.append(c)
        else:
            if self.record:
                if tag in _RECORDED_HEADINGS:
                    self.headings.append(c)
                if keys:
                    cls, ident = c.get("class"), c.get("id")
                    if cls or ident:
                        self.classed.append(c)
                        self.classed_raw.append(f"{cls or ''} {ident or ''}")
            if tag == "br":
                if buf:
                    self.flush(owner)
            elif tag in BLOCK_TAGS:
                if buf:
                    self.flush(owner)
                self.visit(c)
                if self.buf:
                    self.flush(c)
            else:
                before = self.size
                buf.append(MARK)
                text = c.text
                if text:
                    buf.append(text)
                    self.size += len(text) + 1
                else:
                    self.size += 1
                for g in c:
                    self.child(g, owner)
                self.buf.append(MARK)
                self.size += 1
                if tag == "a":
                    self.link += self.size - before - 2
        tail = c.tail
        if tail:
            self.buf.append(tail)
            self.size += len(tail)


_FLUSHING_SKIPS = frozenset({"nav", "aside", "footer", "form", "iframe"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_RECORDED_HEADINGS = frozenset({"h1", "h2", "h3"})
_NEVER_CONTENT = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link", "option", "select", "input", "textarea", "button"})


def walk_page(root: Element, skip: Callable[[Element], bool]) -> PageWalk:
    """Paragraphs of the whole page plus headings, classed elements and skipped subtrees."""
    collector = _Collector(skip, record=True)
    collector.visit(root)
    collector.flush(root)
    return PageWalk(collector.out, collector.headings, collector.classed, collector.skipped, collector.classed_raw)


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
        value = memo.get(el)  # most lookups are first visits: no KeyError to raise and catch
        if value is None:
            memo[el] = value = fn(el)
        return value

    if getattr(fn, "attribute_gated", False):
        wrapper.attribute_gated = True  # type: ignore[attr-defined]
    return wrapper



def spaced_text(el: Element) -> str:
    """Visible text of a small element with a space between text nodes (script/style dropped)."""
    parts: list[str] = []
    _spaced_parts(el, parts)
    return norm_ws(" ".join(parts))


def spaced_text_before(el: Element, target: Element, quiet: frozenset[str] = frozenset()) -> str:
    """:func:`spaced_text` of ``el`` up to ``target``, one of its descendants; the text inside elements whose
    tag is in ``quiet`` (headings, say) left out."""
    parts: list[str] = []
    _spaced_parts(el, parts, target, quiet)
    return norm_ws(" ".join(parts))


def _spaced_parts(el: Element, parts: list[str], until: Element | None = None, quiet: frozenset[str] = frozenset(),
                  silent: bool = False) -> bool:
    """Collect the text of ``el`` into ``parts``; True once ``until`` is reached (nothing after it is read)."""
    if el is until:
        return True
    tag = tag_of(el)
    if not tag or tag in ("script", "style", "noscript"):
        return False
    silent = silent or tag in quiet
    if el.text and not silent:
        parts.append(el.text)
    for child in el:
        if _spaced_parts(child, parts, until, quiet, silent):
            return True
        if child.tail and not silent:
            parts.append(child.tail)
    return False
