"""The page context: everything the field choosers read, built once per page and never changed after.

:func:`build_context` parses nothing itself (``page.py`` hands it the tree); it reads the page's
self-description, walks its paragraphs once, finds the text block, the prev/next zones and the headline,
and settles the language and the timezone. Each chooser (``title.py``, ``credits.py``, ``published.py``,
``source.py``, ``body.py``, ``navigation.py``) is then a function of this context alone (plus, where it
weighs the text's own credit lines, the body chooser's result, passed explicitly). Nothing a chooser does
changes what another sees.

Why this order: the excluded zones (prev/next, related lists, comments, the page's footer) must be known
before the headline is looked for, the headline before the language (its text is part of the sample) and
the info lines (they follow it), and the language before the timezone (Chinese pages without an offset
are in China Standard Time unless a profile or the caller says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Generic, TypeVar

from ..items import DateFound
from .block import find_main, find_main_relaxed, lead_siblings
from .bylines import Byline, parse_byline
from .dates import DateMatch, check_timezone, find_dates, parse_date
from .dom import Element, in_excluded_zone, is_boilerplate, tag_of
from .language import page_language
from .metadata import PageMetadata, read_metadata
from .navigation import NavZones, find_navigation_zones
from .patterns import DATE_LABEL_RE, LEADING_YEAR_RE
from .profiles import Profile
from .title import Headline, clean_title_tag, locate_headline, loose
from .walk import PageWalk, Paragraph, walk_page
from .zones import headline_zone

__all__ = ["Choice", "MainBlock", "PageContext", "build_context", "CHINESE_TZ"]

#: Dates written without an offset on a Chinese page are China Standard Time unless told otherwise.
CHINESE_TZ = "Asia/Shanghai"

T = TypeVar("T")


@dataclass(frozen=True)
class Choice(Generic[T]):
    """A chooser's answer: the value and where on the page it came from ("profile", "info-line", ...)."""

    value: T
    origin: str | None = None


@dataclass(frozen=True)
class MainBlock:
    """The block holding the article text."""

    element: Element | None
    #: its paragraphs as the body reads them (with a lead printed just before it), or None when the
    #: block came from a site profile (each profile block is walked on its own)
    paragraphs: list[Paragraph] | None
    #: every element inside the block (membership tests)
    elements: frozenset[Element]
    #: "profile", "scored" or "relaxed": how the block was found
    origin: str
    #: the profile's body blocks, outermost matches in document order
    profile_blocks: tuple[Element, ...] = ()

    @cached_property
    def chain(self) -> tuple[Element, ...]:
        """The block and its ancestors, innermost first: layout wrappers, never excluded zones of their own."""
        if self.element is None:
            return ()
        return (self.element, *self.element.iterancestors())

    @cached_property
    def chain_set(self) -> frozenset[Element]:
        return frozenset(self.chain)

    @cached_property
    def article(self) -> Element | None:
        """The article's own element: the ``<article>`` holding the block, else its ``<main>``. Its header,
        footer and asides belong to the article (WordPress prints the date and author in the entry footer)."""
        for tags in (("article",), ("main",)):
            for node in self.chain:
                if tag_of(node) in tags or (tags == ("main",) and (node.get("role") or "").lower() == "main"):
                    return node
        return None


@dataclass(frozen=True, eq=False)
class PageContext:
    """One page, read once: the frozen input of every field chooser."""

    tree: Element
    root: Element  # <body>, or the tree when there is none
    url: str
    fetched_at: datetime
    source: str  # the decoded page text (script data and quick "does the page say X" checks)
    profile: Profile | None
    meta: PageMetadata
    walk: PageWalk
    main: MainBlock
    nav: NavZones
    headline: Headline
    site_name: str | None
    language: str | None
    tz: str | None
    #: the article's own element: its <article>, else its <main>, else the smallest block holding both the
    #: headline and the text; its header, footer and asides belong to the article
    article: Element | None = None
    within_article: frozenset[Element] = frozenset()
    info: list[Paragraph] = field(default_factory=list)
    #: short lines just above the headline (nearest first): some templates print the date there
    before_headline: list[Paragraph] = field(default_factory=list)
    _excluded: dict[Element, bool] = field(default_factory=dict, repr=False)

    def excluded(self, el: Element) -> bool:
        """``el`` sits in a zone no field may be read from: prev/next, related, comments, sidebars, the
        page's footer. A zone that holds the article text is a layout wrapper, not a zone (an article's
        own ``<footer class="entry-footer">`` inside its ``<article>`` is the article's)."""
        value = self._excluded.get(el)
        if value is None:
            value = self._excluded[el] = self._excluded_uncached(el)
        return value

    def _excluded_uncached(self, el: Element, strict: bool = False) -> bool:
        node: Element | None = el
        while node is not None:
            if node in self.nav.containers:
                return True
            node = node.getparent()
        chain = self.main.chain_set
        node = el
        while node is not None:
            if node in chain:
                return in_excluded_zone(el, stop=node, in_article=not strict and node in self.within_article)
            node = node.getparent()
        if self.article is not None and not strict:
            # the headline's block beside the text block, inside the article's element ("post-footer")
            node = el
            while node is not None:
                if node is self.article:
                    return in_excluded_zone(el, stop=node, in_article=True)
                node = node.getparent()
        return in_excluded_zone(el)

    # -- dates, read in the page's timezone ------------------------------------------------------
    def parse_date(self, raw: str, origin: str) -> DateFound | None:
        """One date string (a machine stamp or a labelled text) in the page's timezone."""
        lead = LEADING_YEAR_RE.match(raw)
        if lead:
            if int(lead.group(1)) < 1900:
                return None  # "0001-01-01T00:00:00Z": an unset CMS field (kept off the slow dateparser path)
            if lead.group(2):
                raw = f"{raw.strip()[:4]}-{raw.strip()[4:6]}-{raw.strip()[6:8]}"  # "20191119"
        return parse_date(raw, now=self.fetched_at, tz=self.tz, origin=origin)

    def parse_date_regex(self, raw: str, origin: str) -> DateFound | None:
        """:meth:`parse_date` with the regex forms only (no dateparser): for text that decorates a stamp."""
        found = find_dates(DATE_LABEL_RE.sub("", raw.strip(), count=1), now=self.fetched_at, tz=self.tz, origin=origin)
        return found[0].found if found else None

    def find_dates(self, text: str, origin: str = "text") -> list[DateMatch]:
        """Every date written in ``text``, in the page's timezone."""
        return find_dates(text, now=self.fetched_at, tz=self.tz, origin=origin)

    # -- evidence several choosers weigh (derived once, on first use) ----------------------------
    @cached_property
    def info_byline(self) -> Byline:
        """Every labelled field of the info lines under the headline."""
        found = Byline()
        for p in self.info:
            found.merge(parse_byline(p.spaced))
        return found

    @cached_property
    def author_slots(self) -> tuple[list[str], list[str]]:
        """(people, accounts) named in the article's own author slots (see :func:`.credits.article_author_slots`)."""
        from .credits import article_author_slots

        return article_author_slots(self)

    @cached_property
    def credit_lines(self) -> Byline:
        """Editor and source lines printed just outside the text block (see :func:`.credits.credit_lines`)."""
        from .credits import credit_lines

        return credit_lines(self)


def build_context(
    tree: Element, url: str, fetched_at: datetime, source: str, *, timezone: str | None = None,
    profile: Profile | None = None,
) -> PageContext:
    """Read one parsed page into a :class:`PageContext` (see the module docstring for the order)."""
    root = tree.body if tree.find(".//body") is not None else tree
    meta = read_metadata(tree, url)
    walk = walk_page(root, is_boilerplate)
    main = _main_block(tree, root, walk, profile, meta)
    nav = find_navigation_zones(tree, url, walk, meta=meta, html_text=source)
    # the zone test needs the block and the navigation zones: a partial context answers it for the headline
    probe = _ZoneProbe(nav, main, main.article)
    headline = locate_headline(tree, meta, walk, main, probe.excluded_strictly, profile)
    article = main.article if main.article is not None else _common_block(headline.element, main.element)
    if article is not main.article:
        probe = _ZoneProbe(nav, main, article)  # the article's own zones changed: a fresh memo
    site_name = meta.site_name or meta.jsonld_publisher or clean_title_tag(meta.title_tag, meta.site_name or meta.jsonld_publisher)[1]
    language = page_language(meta.lang, walk.paragraphs, headline.text)
    if profile is not None and profile.timezone:
        timezone = profile.timezone
    tz = timezone or (CHINESE_TZ if language == "zh" else None)
    if tz:
        check_timezone(tz)
    info, before_headline = headline_zone(walk.paragraphs, headline.element, main.elements, probe.excluded)
    return PageContext(
        tree=tree, root=root, url=url, fetched_at=fetched_at, source=source, profile=profile, meta=meta,
        walk=walk, main=main, nav=nav, headline=headline, site_name=site_name, language=language, tz=tz,
        info=info, before_headline=before_headline, article=article, within_article=probe.within_article,
        _excluded=probe.memo,
    )


class _ZoneProbe:
    """The excluded-zone test of :class:`PageContext` before the context exists (same memo, handed on)."""

    def __init__(self, nav: NavZones, main: MainBlock, article: Element | None) -> None:
        self.nav, self.main, self.memo, self.strict_memo = nav, main, {}, {}
        self.article = article
        chain = main.chain
        self.within_article = frozenset(chain[: chain.index(article) + 1]) if article in chain else frozenset()

    def excluded(self, el: Element) -> bool:
        value = self.memo.get(el)
        if value is None:
            value = self.memo[el] = PageContext._excluded_uncached(self, el)  # type: ignore[arg-type]
        return value

    def excluded_strictly(self, el: Element) -> bool:
        """:meth:`excluded` without the article's own footer and asides: no headline is printed there."""
        value = self.strict_memo.get(el)
        if value is None:
            value = self.strict_memo[el] = PageContext._excluded_uncached(self, el, strict=True)  # type: ignore[arg-type]
        return value


#: The article's element found as the common block of headline and text is at most this far above the text.
COMMON_BLOCK_LEVELS = 3


def _common_block(headline: Element | None, text: Element | None) -> Element | None:
    """The smallest element holding both the headline and the text block, when it is close above the
    text (a post's wrapper, not the page's column)."""
    if headline is None or text is None:
        return None
    above = (text, *text.iterancestors())[: COMMON_BLOCK_LEVELS + 1]
    node: Element | None = headline
    while node is not None:
        if node in above:
            # the text block itself when it holds the headline: the post's whole wrapper scored best
            return None if tag_of(node) in ("body", "html") else node
        node = node.getparent()
    return None


def _outermost(elements: list[Element]) -> list[Element]:
    """Matches in document order without those nested inside another match."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _headline_index(paragraphs: list[Paragraph], meta: PageMetadata) -> int | None:
    """Where the headline is among ``paragraphs``: the first h1/h2 that reads like one of the page's
    title claims (the text block is looked for right after it)."""
    claims = [loose(c) for c in (clean_title_tag(meta.og_title)[0], clean_title_tag(meta.jsonld_headline)[0],
                                 clean_title_tag(meta.title_tag, meta.site_name)[0]) if c]
    claims = [c for c in claims if len(c) >= 4]
    if not claims:
        return None
    for i, p in enumerate(paragraphs):
        if tag_of(p.owner) in ("h1", "h2"):
            text = loose(p.text)
            if text and any(text == c or (len(text) >= 4 and (text in c or c in text)) for c in claims):
                return i
    return None


def _main_block(tree: Element, root: Element, walk: PageWalk, profile: Profile | None, meta: PageMetadata) -> MainBlock:
    """The site profile's body selector first; else the best-scored block, or the relaxed walk's when
    the strict one found little prose."""
    profile_blocks = _outermost(profile.select(tree, "body")) if profile and profile.body else []
    if profile_blocks:
        main = profile_blocks[0]
        return MainBlock(main, None, frozenset(main.iter()), "profile", tuple(profile_blocks))
    main, score = find_main(tree, walk.paragraphs, anchor=_headline_index(walk.paragraphs, meta))
    relaxed, relaxed_paragraphs = find_main_relaxed(root, score, walk.skipped,
                                                    anchor_of=lambda ps: _headline_index(ps, meta))
    if relaxed is not None:
        return MainBlock(relaxed, relaxed_paragraphs, frozenset(relaxed.iter()), "relaxed")
    if main is None:
        return MainBlock(None, [], frozenset(), "none")
    elements = frozenset(main.iter())
    inside = set(elements)
    for lead in lead_siblings(main, walk.paragraphs):
        inside.update(lead.iter())  # the intro printed apart from the body container
    return MainBlock(main, [p for p in walk.paragraphs if p.owner in inside], elements, "scored")

