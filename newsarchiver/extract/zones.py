"""Zones around the article text: the info lines under the headline, and the lines just above it.

The info line ("2024-03-11 16:40　来源：海滨日报　作者：张建国", "By Jane Doe · May 12, 2024") is where most
pages print their date, source and credits. It sits between the headline and the first paragraph of
prose; templates often wrap it in containers whose class looks like boilerplate ("share_box" holding the
date), so the neighbourhood of the headline is walked again with a lenient filter.
"""

from __future__ import annotations

from collections.abc import Callable

from .dom import Element, attribute_gated, has_class_match, tag_of
from .navigation import is_nav_label
from .patterns import DATE_EXCLUDE_RE, SKIP_TAGS
from .walk import Paragraph, cached, collect_paragraphs

__all__ = ["headline_zone", "info_paragraphs"]

#: At most this many lines between the headline and the text are read as its info lines.
MAX_INFO_PARAGRAPHS = 10
#: The lenient re-walk around the headline stops after this many paragraphs (the info line is near).
LENIENT_LIMIT = 80


@attribute_gated
def _lenient_skip(el: Element) -> bool:
    """Skip only what never holds an info line: by tag, hidden, or a comment/related/nav zone."""
    tag = tag_of(el)
    if not tag or tag in SKIP_TAGS:
        return True
    return has_class_match(el, DATE_EXCLUDE_RE)


#: At most this many short lines just above the headline are read as a dateline printed before it.
MAX_LINES_BEFORE = 3


def _headline_scope(headline: Element) -> Element:
    scope = headline
    for _ in range(2):
        parent = scope.getparent()
        if parent is None or tag_of(parent) in ("body", "html"):
            break
        scope = parent
    return scope


def headline_zone(
    paragraphs: list[Paragraph], headline: Element | None, main: frozenset[Element], excluded: Callable[[Element], bool],
) -> tuple[list[Paragraph], list[Paragraph]]:
    """(the info lines under the headline, the short lines just above it, nearest first): one lenient
    walk of the headline's block serves both."""
    if headline is None:
        return info_paragraphs(paragraphs, None, main, excluded), []
    scope = _headline_scope(headline)
    local = _block_lines(scope, headline) if scope is not headline else None
    info = info_paragraphs(paragraphs, headline, main, excluded, local=local)
    return info, _lines_before(local or [], headline, excluded)


#: Lines of the headline's block read first: enough when the headline is among them with the info lines after it.
FIRST_LOOK = MAX_LINES_BEFORE + MAX_INFO_PARAGRAPHS + 8


def _block_lines(scope: Element, headline: Element) -> list[Paragraph]:
    """The lenient walk of the headline's block, as far as the info lines and the lines above the headline
    need it: a first look of :data:`FIRST_LOOK` lines, the walk to :data:`LENIENT_LIMIT` only when the
    headline and the lines after it are not all in it (both readings give the same info lines)."""
    skip = cached(_lenient_skip)
    lines = collect_paragraphs(scope, skip, limit=FIRST_LOOK)
    if len(lines) < FIRST_LOOK:
        return lines  # the whole block
    at = next((i for i, p in enumerate(lines) if p.owner is headline or headline in set(p.owner.iterancestors())), None)
    if at is not None and at + 1 + MAX_INFO_PARAGRAPHS <= len(lines):
        return lines
    return collect_paragraphs(scope, skip, limit=LENIENT_LIMIT)


def _lines_before(paragraphs: list[Paragraph], headline: Element, excluded: Callable[[Element], bool]) -> list[Paragraph]:
    """The few short lines printed just above the headline in its block ("Last updated: Dec 12, 2025",
    a category and a date), nearest first."""
    index = next((i for i, p in enumerate(paragraphs) if p.owner is headline or headline in set(p.owner.iterancestors())), None)
    if not index:
        return []
    before = paragraphs[max(0, index - MAX_LINES_BEFORE):index]
    return [p for p in reversed(before) if len(p.spaced) <= 80 and not excluded(p.owner) and not is_nav_label(p.text)]


def info_paragraphs(
    paragraphs: list[Paragraph], headline: Element | None, main: frozenset[Element],
    excluded: Callable[[Element], bool], *, rescope: bool = True, local: list[Paragraph] | None = None,
) -> list[Paragraph]:
    """The short lines between the headline and the article text (date, source, author).

    ``paragraphs`` is the page's walk; ``main`` the elements of the text block; with no headline element,
    the few lines just above the text.
    """
    page_paragraphs = paragraphs
    if headline is not None and rescope:
        if local is None:
            scope = _headline_scope(headline)
            local = collect_paragraphs(scope, cached(_lenient_skip), limit=LENIENT_LIMIT) if scope is not headline else None
        if local is not None:
            paragraphs = local
    title_index = None
    if headline is not None:
        for i, p in enumerate(paragraphs):
            if p.owner is headline or headline in set(p.owner.iterancestors()):
                title_index = i
                break
    start = title_index + 1 if title_index is not None else 0
    end = len(paragraphs)
    for i in range(start, len(paragraphs)):
        p = paragraphs[i]
        if p.owner in main and len(p.text) >= 50 and p.link_chars < len(p.text) * 0.3:
            end = i
            break
    if title_index is None:
        start = max(0, end - 6)
    region = paragraphs[start:min(end, start + MAX_INFO_PARAGRAPHS)]
    info = [p for p in region if len(p.text) <= 300 and not excluded(p.owner) and not is_nav_label(p.text)]
    if not info and paragraphs is not page_paragraphs:
        # the headline's own small block (a table row) holds nothing more: the info line is in the next one
        return info_paragraphs(page_paragraphs, headline, main, excluded, rescope=False)
    return info
