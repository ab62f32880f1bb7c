"""Small DOM helpers shared by the extractors: class/id tests, zone guards, a paragraph walker.

The walker turns a subtree into paragraphs in document order (block elements and ``<br>`` start a new
one), skipping boilerplate subtrees without copying or mutating the tree — one lxml parse serves every
extractor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
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
)

Element = lxml_html.HtmlElement

#: Inline-element boundary marker: dropped for body text, a space for info-line parsing.
MARK = "\x1f"
#: Class tokens describing a state ("has-sidebar", "no-comments") rather than a role.
_STATE_PREFIXES = ("has-", "has_", "with-", "no-", "no_", "show-", "hide-", "is-", "enable-", "disable-", "__")
#: ... or a state given as a suffix ("modal-enabled", "sidebar-open"); "__next" / "__nuxt" are framework roots.
_STATE_SUFFIXES = ("-enabled", "_enabled", "-disabled", "-active", "-open", "-loaded", "-ready", "-visible", "-hidden")


def _is_state(token: str) -> bool:
    low = token.lower()
    return low.startswith(_STATE_PREFIXES) or low.endswith(_STATE_SUFFIXES)


def norm_ws(text: str) -> str:
    """Collapse runs of whitespace (incl. U+3000/NBSP) to one space and strip; full-width punctuation stays."""
    # str.split() knows the same whitespace as patterns.WS_RE except the zero-width pair, and is much faster
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def tag_of(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


#: Tags a skip predicate may reject whatever their attributes (see :func:`attribute_gated`).
GATED_TAGS = SKIP_TAGS | frozenset({"figure", "figcaption"})
#: The only attributes an attribute-gated predicate looks at.
GATE_ATTRIBUTES = frozenset({"class", "id", "hidden", "style"})


def attribute_gated(fn: Callable[[Element], bool]) -> Callable[[Element], bool]:
    """Mark a skip predicate that only ever skips by tag (:data:`GATED_TAGS`) or by the attributes in
    :data:`GATE_ATTRIBUTES`: the walker then does not call it for other elements (most of a page:
    plain ``<p>``, ``<a href>``, ``<img src>`` ...)."""
    fn.attribute_gated = True  # type: ignore[attr-defined]
    return fn


def class_tokens(el: Element) -> list[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return [t for t in raw.split() if not _is_state(t)]


@attribute_gated
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
    if tag == "figcaption":
        return True  # image captions and credits are not article text
    if tag == "figure":
        # an image with its caption; some templates wrap a text block (pull quote, box) in a figure
        return not holds_prose(el, paragraphs=2, chars=300, cjk=120)
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
    if _strong_boilerplate_attrs(raw):
        return True
    if _widget_only_attrs(raw):
        # page builders call every block a "widget" (text, heading, image): only link lists and
        # near-empty widgets are boilerplate; sidebars are caught by their own container
        return not _holds_widget_text(el)
    # Layout words ("sidebar-right", "widget-wrap", "__next", "padding-bottom") also name the wrappers
    # that hold the article: a class-matched subtree with a lot of prose is a wrapper, not boilerplate.
    # Comment/related blocks hold prose too, so they are never rescued (strong words, above).
    return not holds_prose(el)


def _strict_rule_decides(el: Element) -> bool:
    """Tags that are never (or always) content and hidden blocks: the relaxed walks keep the strict
    verdict for these and only loosen the class/id words."""
    tag = tag_of(el)
    if not tag or tag in SKIP_TAGS or tag in ("body", "html", "main", "article"):
        return True
    return el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", "").lower()


@attribute_gated
def is_boilerplate_relaxed(el: Element) -> bool:
    """:func:`is_boilerplate` trusting only strong class words (comments, related, newsletter ...).

    For pages where the strict filter leaves no article: a short post inside a "widget" or "left-side"
    container holds too little prose to be rescued as a wrapper.
    """
    if _strict_rule_decides(el):
        return is_boilerplate(el)
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _strong_boilerplate_attrs(f"{cls or ''} {ident or ''}")


@attribute_gated
def is_boilerplate_minimal(el: Element) -> bool:
    """Last resort when neither walk found any prose: only tags, hidden blocks and comment threads are
    skipped (a newsletter archive page keeps its article in a "newsletter" block)."""
    if _strict_rule_decides(el):
        return is_boilerplate(el)
    cls, ident = el.get("class"), el.get("id")
    return bool(cls or ident) and _attrs_match(f"{cls or ''} {ident or ''}", _COMMENT_RE)


_COMMENT_RE = re.compile(r"comment|reply|pinglun|disqus", re.IGNORECASE)
#: Tokens whose subtrees are boilerplate even when they hold a lot of prose (comments, related excerpts).
_STRONG_BOILERPLATE_RE = re.compile(
    r"comment|related|relate|recommend|reply|pinglun|youlike|you-like|tuijian|xgyd|xgtj|xgwz|disclaimer"
    r"|copyright|statement|shengming|newsletter|subscribe|cookie|popup|modal|author-?bio|about-author|author-?box"
    r"|trending|recirculation|nocontent|most-?read|most-?popular|read-?next|more-?stories|up-?next",
    re.IGNORECASE,
)
#: English layout words the shared tables lack: media captions, credits, promos (weak: a block holding
#: prose is still rescued as a wrapper).
_EXTRA_WEAK_RE = re.compile(r"caption|(?:^|[-_])(?:credits?|promo)(?:$|[-_])", re.IGNORECASE)
#: Prose that makes a class-matched subtree an article wrapper: paragraphs of real text.
_RESCUE_PARAGRAPHS = 1
_RESCUE_CHARS = 150
_RESCUE_CJK_CHARS = 60
_RESCUE_TEXT_CHARS = 1500


@lru_cache(maxsize=16384)
def _strong_boilerplate_attrs(raw: str) -> bool:
    return _tokens_pattern(_STRONG_BOILERPLATE_RE).search(_tokens_lower(raw)) is not None


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
    # script/style text is not visible: it counts neither as text nor as links
    hidden = sum(len(x.text_content()) for x in el.iter("script", "style", "noscript", "template"))
    links = sum(len(x.text_content()) for x in el.iter("a"))
    visible = len(text) - hidden
    rest = visible - links
    if rest >= _RESCUE_TEXT_CHARS and links <= 0.5 * visible:
        return True
    return rest >= _RESCUE_TEXT_CHARS // 3 and len(_CJK_RE.findall(text[:20000])) >= _RESCUE_CJK_CHARS * 2


_WIDGET_RE = re.compile(r"widget", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _widget_only_attrs(raw: str) -> bool:
    """Every boilerplate-looking token of ``raw`` is a "widget" word and nothing else."""
    for token in raw.split():
        if _is_state(token):
            continue
        stripped = _WIDGET_RE.sub("", token)
        if stripped != token:
            token = stripped.strip("-_")
            if not token:
                continue
        if _BOILERPLATE_ALL_RE.search(token.lower()):
            return False
    return True


def _holds_widget_text(el: Element) -> bool:
    """A content widget: a sentence or two of non-link text, or a plain heading."""
    text = el.text_content()
    if not text.strip():
        return False
    hidden = sum(len(x.text_content()) for x in el.iter("script", "style", "noscript", "template"))
    links = sum(len(x.text_content()) for x in el.iter("a"))
    visible = len(text) - hidden
    if visible - links >= 100 and links <= 0.3 * visible:
        return True
    return links == 0 and visible <= 300 and any(True for _ in el.iter("h2", "h3", "h4", "h5", "h6"))


def _token_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (written for one class token) run over all tokens at once, lowercased.

    ``^``/``$`` become token boundaries; IGNORECASE is dropped when the pattern's letters are all
    lowercase (matching lowercased input case-sensitively is several times faster).
    """
    out: list[str] = []
    in_class = escaped = False
    upper = False
    src = pattern.pattern
    for i, ch in enumerate(src):
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            out.append(ch)
            escaped = True
            continue
        if ch.isupper():
            upper = True
        if in_class:
            if ch == "]" and src[i - 1] != "[" and src[i - 2:i] != "[^":
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "^":
            out.append(r"(?<!\S)")
        elif ch == "$":
            out.append(r"(?!\S)")
        else:
            out.append(ch)
    flags = pattern.flags & ~re.IGNORECASE if not upper else pattern.flags
    return re.compile("".join(out), flags)


_TOKEN_PATTERNS: dict[re.Pattern[str], re.Pattern[str]] = {}


def _tokens_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    try:
        return _TOKEN_PATTERNS[pattern]
    except KeyError:
        _TOKEN_PATTERNS[pattern] = fast = _token_pattern(pattern)
        return fast


@lru_cache(maxsize=16384)
def _tokens_lower(raw: str) -> str:
    """The class/id tokens that name a role (states dropped), lowercased and space-joined."""
    return " ".join(t for t in raw.lower().split() if not _is_state(t))


@lru_cache(maxsize=16384)
def _role_tokens(raw: str) -> tuple[str, ...]:
    """:func:`_tokens_lower` as a tuple: tokens repeat across class strings far more than strings do."""
    return tuple(t for t in raw.lower().split() if not _is_state(t))


@lru_cache(maxsize=65536)
def _token_matches(token: str, pattern: re.Pattern[str]) -> bool:
    return pattern.search(token) is not None


_BOILERPLATE_PARTS = [
    _token_pattern(r) for r in (BOILERPLATE_ANYWHERE_RE, BOILERPLATE_TOKEN_RE, _EXTRA_WEAK_RE, _STRONG_BOILERPLATE_RE)
]
_BOILERPLATE_ALL_RE = re.compile(
    "|".join(f"(?:{r.pattern})" for r in _BOILERPLATE_PARTS),
    re.IGNORECASE if any(r.flags & re.IGNORECASE for r in _BOILERPLATE_PARTS) else 0,
)


@lru_cache(maxsize=16384)
def _boilerplate_attrs(raw: str) -> bool:
    # templates repeat the same class strings hundreds of times: memoise on the string
    return any(_token_matches(t, _BOILERPLATE_ALL_RE) for t in _role_tokens(raw))


@lru_cache(maxsize=16384)
def _excluded_attrs(raw: str) -> bool:
    return _tokens_pattern(DATE_EXCLUDE_RE).search(_tokens_lower(raw)) is not None


def has_class_match(el: Element, pattern: re.Pattern[str]) -> bool:
    """Any class/id token of ``el`` matches ``pattern`` (memoised per class string)."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _attrs_match(f"{cls or ''} {ident or ''}", pattern)


@lru_cache(maxsize=16384)
def _attrs_match(raw: str, pattern: re.Pattern[str]) -> bool:
    fast = _tokens_pattern(pattern)
    return any(_token_matches(t, fast) for t in _role_tokens(raw))


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

    def classed_matching(self, pattern: re.Pattern[str]) -> list[Element]:
        """The ``classed`` elements with a class/id token matching ``pattern`` (as :func:`has_class_match`)."""
        if len(self.classed_raw) != len(self.classed):
            return [el for el in self.classed if has_class_match(el, pattern)]
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
        if (not self.gated or tag in GATED_TAGS or not GATE_ATTRIBUTES.isdisjoint(c.keys())) and self.skip(c):
            if buf and (tag in BLOCK_TAGS or tag in _FLUSHING_SKIPS):
                self.flush(owner)
            if self.record and tag not in _NEVER_CONTENT:
                self.skipped.append(c)
        else:
            if self.record:
                if tag in _RECORDED_HEADINGS:
                    self.headings.append(c)
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


def _spaced_parts(el: Element, parts: list[str]) -> None:
    tag = tag_of(el)
    if tag and tag not in ("script", "style", "noscript") and el.text:
        parts.append(el.text)
    if tag and tag not in ("script", "style", "noscript"):
        for child in el:
            _spaced_parts(child, parts)
            if child.tail:
                parts.append(child.tail)
