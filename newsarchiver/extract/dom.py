"""Element tests shared by the extractors: class/id words, boilerplate subtrees, excluded zones.

Class and id strings repeat hundreds of times on a page, so every test is memoised on the string; the
words themselves are tables in :mod:`.patterns`. The paragraph walker is in :mod:`.walk`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lxml import html as lxml_html

from .fastre import factor_words, required_literals

from .patterns import (
    ARTICLE_ZONE_EXCLUDE_RE,
    ARTICLE_ZONE_EXCLUDE_TAGS,
    CJK_RE as _CJK_RE,
    BOILERPLATE_ANYWHERE_RE,
    BOILERPLATE_TOKEN_RE,
    DATE_EXCLUDE_RE,
    DATE_EXCLUDE_TAGS,
    COMMENT_CLASS_RE,
    SKIP_TAGS,
    STATE_PREFIXES,
    STATE_SUFFIXES,
    STRONG_BOILERPLATE_RE,
    WEAK_BOILERPLATE_EXTRA_RE,
    WIDGET_CLASS_RE,
    WRAPPER_SKIP_TAGS,
)

Element = lxml_html.HtmlElement



def _is_state(token: str) -> bool:
    low = token.lower()
    return low.startswith(STATE_PREFIXES) or low.endswith(STATE_SUFFIXES)


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
            tag in WRAPPER_SKIP_TAGS
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
        # (a hidden copy of an article shown elsewhere on the page, as republishing boxes hold, neither)
        return el.get("itemscope") is not None or not (
            el.find(".//h1") is not None and holds_prose(el, paragraphs=5, chars=1000, cjk=400)
            and not _headline_outside(el)
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


def _headline_outside(el: Element) -> bool:
    """The page shows an ``<h1>`` outside ``el``."""
    for h in el.getroottree().iter("h1"):
        node = h.getparent()
        while node is not None and node is not el:
            node = node.getparent()
        if node is None:
            return True
    return False


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
    return bool(cls or ident) and _attrs_match(f"{cls or ''} {ident or ''}", COMMENT_CLASS_RE)



#: Prose that makes a class-matched subtree an article wrapper: paragraphs of real text.
_RESCUE_PARAGRAPHS = 1
_RESCUE_CHARS = 150
_RESCUE_CJK_CHARS = 60
_RESCUE_TEXT_CHARS = 1500


@lru_cache(maxsize=16384)
def _strong_boilerplate_attrs(raw: str) -> bool:
    return _tokens_pattern(STRONG_BOILERPLATE_RE).search(_tokens_lower(raw)) is not None




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




@lru_cache(maxsize=4096)
def _widget_only_attrs(raw: str) -> bool:
    """Every boilerplate-looking token of ``raw`` is a "widget" word and nothing else."""
    for token in raw.split():
        if _is_state(token):
            continue
        stripped = WIDGET_CLASS_RE.sub("", token)
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
    return re.compile(factor_words("".join(out)), flags)


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
    _token_pattern(r) for r in (BOILERPLATE_ANYWHERE_RE, BOILERPLATE_TOKEN_RE, WEAK_BOILERPLATE_EXTRA_RE, STRONG_BOILERPLATE_RE)
]
_BOILERPLATE_ALL_RE = re.compile(
    factor_words("|".join(f"(?:{r.pattern})" for r in _BOILERPLATE_PARTS)),
    re.IGNORECASE if any(r.flags & re.IGNORECASE for r in _BOILERPLATE_PARTS) else 0,
)


@lru_cache(maxsize=16384)
def _boilerplate_attrs(raw: str) -> bool:
    # templates repeat the same class strings hundreds of times: memoise on the string
    return any(_token_matches(t, _BOILERPLATE_ALL_RE) for t in _role_tokens(raw))


@lru_cache(maxsize=16384)
def _excluded_attrs(raw: str) -> bool:
    return _tokens_pattern(DATE_EXCLUDE_RE).search(_tokens_lower(raw)) is not None


@lru_cache(maxsize=16384)
def _article_excluded_attrs(raw: str) -> bool:
    return _tokens_pattern(ARTICLE_ZONE_EXCLUDE_RE).search(_tokens_lower(raw)) is not None


def has_class_match(el: Element, pattern: re.Pattern[str]) -> bool:
    """Any class/id token of ``el`` matches ``pattern`` (memoised per class string)."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _attrs_match(f"{cls or ''} {ident or ''}", pattern)


#: Longer lists of required strings cost more substring tests than the regex saves.
MAX_PREFILTER = 16


def prefilter(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which a class/id string must hold (lowercased) to match ``pattern`` token-wise."""
    try:
        return _PREFILTERS[pattern]
    except KeyError:
        found = required_literals(_tokens_pattern(pattern))
        _PREFILTERS[pattern] = found = found if found is not None and len(found) <= MAX_PREFILTER else None
        return found


_PREFILTERS: dict[re.Pattern[str], tuple[str, ...] | None] = {}


@lru_cache(maxsize=16384)
def _attrs_match(raw: str, pattern: re.Pattern[str]) -> bool:
    fast = _tokens_pattern(pattern)
    needed = prefilter(pattern)
    if needed is not None:
        low = raw.lower()
        if not any(s in low for s in needed):
            return False
    return any(_token_matches(t, fast) for t in _role_tokens(raw))


def in_excluded_zone(el: Element, stop: Element | None = None, *, in_article: bool = False) -> bool:
    """True if ``el`` or an ancestor below ``stop`` is a prev/next, related, comment, sidebar or footer
    container. ``in_article``: the walk stays inside the article's own element, where a footer, an aside
    or a "bottom" block belongs to the article; only comment, related and navigation zones count there."""
    tags, attrs = (ARTICLE_ZONE_EXCLUDE_TAGS, _article_excluded_attrs) if in_article else (DATE_EXCLUDE_TAGS, _excluded_attrs)
    node: Element | None = el
    while node is not None and node is not stop:
        tag = tag_of(node)
        if tag in tags:
            return True
        if tag not in ("body", "html"):
            cls, ident = node.get("class"), node.get("id")
            if (cls or ident) and attrs(f"{cls or ''} {ident or ''}"):
                return True
        node = node.getparent()
    return False
