"""Find the article's main text block and clean it into paragraphs.

1. Score: every paragraph with real prose (length, punctuation, few links) adds to its block element and
   that element's ancestors (readability-style); the score is damped by link density and boosted by
   content-ish class names. Boilerplate subtrees (by tag, by class/id) never take part.
2. Clean: walk the chosen block again, drop boilerplate paragraphs (a data table in :mod:`.patterns`),
   read byline lines (the pasted "(作者:…)" line yields authors) before removing them, remove a leading
   copy of the headline, and stop at tail markers (版权声明, 相关推荐, 上一篇 ...) once the article ran.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from .bylines import Byline, find_inline_bylines, looks_like_byline, parse_byline
from .dates import find_dates
from .dom import (
    Element, Paragraph, cached, collect_paragraphs, has_class_match, is_boilerplate, is_boilerplate_minimal,
    is_boilerplate_relaxed, tag_of,
)
from .patterns import (
    SKIP_TAGS,
    BOILERPLATE_PARAGRAPH_RES,
    CJK_RE,
    CONTENT_HINT_RE,
    DATE_LABEL_RE,
    AD_PARAGRAPH_RE,
    INLINE_JUNK_RE,
    PUNCT_RE,
    TAIL_MARKER_RE,
)

logger = logging.getLogger(__name__)

__all__ = ["BodyResult", "find_main", "find_main_relaxed", "lead_siblings", "clean_body", "score_paragraph", "same_title"]

_MIN_PARAGRAPH = 10
#: Longest paragraph made of one link that is still taken for a button rather than text.
_BUTTON_MAX = 40
_DIGITISH_RE = re.compile(r"\d|[今昨前]天|刚刚|[一二三四五六七八九十〇]{1,4}[年月]")
_LOOSE_RE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass
class BodyResult:
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    byline: Byline = field(default_factory=Byline)
    #: dates printed on meta lines inside the block: (raw line, position "top" | "bottom")
    meta_dates: list[tuple[str, str]] = field(default_factory=list)


def loose(text: str) -> str:
    """Compare-friendly form: lowercase, no punctuation or spaces."""
    return _LOOSE_RE.sub("", text).lower()


def same_title(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    la, lb = loose(a), loose(b)
    return bool(la) and la == lb


def score_paragraph(p: Paragraph) -> float:
    """Content score of one paragraph; 0 for short or link-heavy text."""
    n = len(p.text)
    if n < _MIN_PARAGRAPH or p.link_chars > n * 0.5:
        return 0.0
    if tag_of(p.owner) == "pre":
        return 0.0  # code: punctuation-rich, but never what picks the article block
    if n >= 60 and p.text.count(" ") < n / 25 and not CJK_RE.search(p.text[:200]):
        return 0.0  # a run of identifiers, URLs or a comma list without spaces is not prose
    punct = len(PUNCT_RE.findall(p.text))
    return 1.0 + min(punct, 40) + min(n / 100.0, 3.0)


def find_main(root: Element, paragraphs: list[Paragraph] | None = None) -> tuple[Element | None, float]:
    """The element holding the article text, and its score (0 when the page has no prose)."""
    if paragraphs is None:
        paragraphs = collect_paragraphs(root, cached(is_boilerplate))
    scores: dict[Element, float] = {}
    text_len: dict[Element, int] = {}
    link_len: dict[Element, int] = {}
    prose: dict[Element, float] = {}  # all prose below an element, however deep
    chains: dict[Element, tuple[Element, ...]] = {}  # element -> itself and its ancestors

    def chain_of(el: Element) -> tuple[Element, ...]:
        # memoised: paragraphs share most of their ancestors, and lxml proxies are slow to walk
        path: list[Element] = []
        node: Element | None = el
        while node is not None and node not in chains:
            path.append(node)
            node = node.getparent()
        tail = chains[node] if node is not None else ()
        for n in reversed(path):
            tail = (n,) + tail
            chains[n] = tail
        return chains[el]

    # sums per owner first, then one bottom-up pass over the union of their ancestor chains
    own_prose: dict[Element, float] = {}
    for p in paragraphs:
        owner = p.owner
        text_len[owner] = text_len.get(owner, 0) + len(p.text)
        link_len[owner] = link_len.get(owner, 0) + p.link_chars
        s = score_paragraph(p)
        if s:
            own_prose[owner] = own_prose.get(owner, 0.0) + s
    for owner in list(text_len):
        chain_of(owner)
    for owner, s in own_prose.items():
        for level, node in enumerate(chains[owner][:3]):
            # owner and parent get the full score, the grandparent half (readability's propagation)
            scores[node] = scores.get(node, 0.0) + s * (1.0, 1.0, 0.5)[level]
    prose.update(own_prose)
    for node in sorted(chains, key=lambda n: len(chains[n]), reverse=True):
        chain = chains[node]
        if len(chain) > 1:  # children before parents: each node hands its subtree totals up once
            parent = chain[1]
            text_len[parent] = text_len.get(parent, 0) + text_len.get(node, 0)
            link_len[parent] = link_len.get(parent, 0) + link_len.get(node, 0)
            if node in prose:
                prose[parent] = prose.get(parent, 0.0) + prose[node]
    best: Element | None = None
    best_key = (0.0, 0)
    for el, raw in scores.items():
        total = text_len.get(el, 0) or 1
        density = link_len.get(el, 0) / total
        score = raw * (1.0 - density)
        if has_class_match(el, CONTENT_HINT_RE):
            score *= 1.25
        if tag_of(el) in ("body", "html"):
            score *= 0.8  # a real container is almost always better than the whole page
        key = (round(score, 3), len(chains[el]) - 1)
        if key > best_key:
            best, best_key = el, key
    if best is not None:
        best = _climb(best, prose, text_len, link_len)
    return best, best_key[0]


#: A lead block before the article container: some prose, few links, not a second article.
_LEAD_MAX_CHARS = 1500
_LEAD_MIN_SENTENCE = 80


def lead_siblings(main: Element, paragraphs: list[Paragraph]) -> list[Element]:
    """Blocks just before ``main`` holding the article's intro ("article-intro", a standfirst): templates
    print the lead apart from the body container. Stops at the first block that is not lead-like."""
    found: list[Element] = []
    node = main.getprevious()
    for _ in range(4):
        if node is None or not isinstance(node.tag, str) or tag_of(node) in ("body", "html"):
            break
        inside = set(node.iter())
        own = [p for p in paragraphs if p.owner in inside]
        if not own:
            if (node.text_content() or "").strip():
                break  # a skipped block with text (share bar, ad slot ...) ends the lead
            node = node.getprevious()
            continue  # an empty spacer or image
        chars = sum(len(p.text) for p in own)
        links = sum(p.link_chars for p in own)
        if chars > _LEAD_MAX_CHARS or links > 0.2 * chars:
            break
        if not any(not p.heading and len(p.text) >= _LEAD_MIN_SENTENCE and score_paragraph(p) > 0 for p in own):
            break
        found.append(node)
        node = node.getprevious()
    found.reverse()
    return found


#: Below this score the strict boilerplate filter may have hidden the article (see :func:`find_main_relaxed`).
_RELAX_BELOW = 40.0
#: A block scoring less than this holds no real paragraph of prose.
_NO_PROSE = 10.0


def find_main_relaxed(
    root: Element, strict_score: float, skipped: list[Element] | None = None
) -> tuple[Element | None, list[Paragraph]]:
    """Second chance when the strict walk found little prose: the article may sit in a container whose
    layout class looks like boilerplate ("widget", "left-side") but holds too little text to be rescued.

    Walks again trusting only strong boilerplate words; the relaxed block is taken when it clearly beats
    the strict one. Returns the block and its paragraphs (strict filter, walked from the block), or
    ``(None, [])``.
    """
    if strict_score >= _RELAX_BELOW:
        return None, []
    if skipped is not None and strict_score >= _NO_PROSE and not any(
        tag_of(el) not in SKIP_TAGS and len(el.text_content()) >= 200 and is_boilerplate_relaxed(el) is False
        for el in skipped
    ):
        return None, []  # the strict walk hid no text block the relaxed one would read
    main, score = find_main(root, collect_paragraphs(root, cached(is_boilerplate_relaxed)))
    if (main is None or score < _NO_PROSE) and strict_score < _NO_PROSE:
        # still nothing: the article may sit in a block named like a strong boilerplate word
        main, score = find_main(root, collect_paragraphs(root, cached(is_boilerplate_minimal)))
        if main is not None and score >= _NO_PROSE:
            return main, collect_paragraphs(main, cached(is_boilerplate_relaxed))
    if main is None or score < max(2.0 * strict_score, _NO_PROSE):
        return None, []
    paragraphs = collect_paragraphs(main, cached(is_boilerplate))
    return main, paragraphs


#: Climbing from the best-scored block to its parent needs this much more prose in the parent.
_CLIMB_GAIN = 1.25
_CLIMB_MAX_LINK_DENSITY = 0.35
_CLIMB_MAX_LINK_DENSITY_BIG_GAIN = 0.5
#: How many levels up the climb looks for an ancestor with more prose.
_CLIMB_LEVELS = 7


def _climb(best: Element, prose: dict[Element, float], text_len: dict[Element, int], link_len: dict[Element, int]) -> Element:
    """Article text split over sibling blocks (sections, widgets, steps): take the parent that holds them.

    The best-scored element only sees the prose two levels below it; a parent whose subtree holds
    clearly more prose, and whose extra text is not link lists, is the article container.
    """
    node = best
    while True:
        here = prose.get(node, 0.0)
        # the nearest ancestor with clearly more prose; thin wrappers (cards, widget shells) may sit in
        # between, and the further up it is, the more it must add
        child, target, gain = node, node.getparent(), _CLIMB_GAIN
        crossed = False  # left an <article>/<main>: the page outside it must add a lot more
        for _ in range(_CLIMB_LEVELS):
            if target is None or tag_of(target) in ("body", "html"):
                return node
            crossed = crossed or tag_of(child) in ("article", "main")
            if prose.get(target, 0.0) >= here * (max(gain, 3.0) if crossed else gain):
                break
            child, target, gain = target, target.getparent(), min(gain + 0.25, 2.0)
        else:
            return node
        if target is None:
            return node
        extra_text = text_len.get(target, 0) - text_len.get(node, 0)
        extra_links = link_len.get(target, 0) - link_len.get(node, 0)
        # many times the prose (an article split into blocks) may come with its inline links and a list
        limit = _CLIMB_MAX_LINK_DENSITY if prose.get(target, 0.0) < here * 3 else _CLIMB_MAX_LINK_DENSITY_BIG_GAIN
        if extra_text > 0 and extra_links > extra_text * limit:
            return node
        node = target


def _combine(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One alternation of patterns, each keeping its own case flag."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?i:{r.pattern})" if r.flags & re.IGNORECASE else f"(?:{r.pattern})" for r in patterns))


def _top_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its top level (groups and classes kept whole)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = pattern.find("]", i + 2)
            i = end + 1 if end > 0 else len(pattern)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _needs_cjk(r: re.Pattern[str]) -> bool:
    """Every top-level alternative of ``r`` starts with a CJK character: no match in text without one."""
    return all(alt and CJK_RE.match(alt[0]) for alt in _top_alternatives(r.pattern))


#: patterns tied to the paragraph start are tried there only (one ``match``); the rest scan the text,
#: those spelled in CJK only when the text has CJK at all
def _anchored(r: re.Pattern[str]) -> bool:
    return not (r.flags & re.MULTILINE) and all(alt.startswith("^") for alt in _top_alternatives(r.pattern))


_BP_START_RE = _combine([r for r in BOILERPLATE_PARAGRAPH_RES if _anchored(r)])
_BP_ANYWHERE = [r for r in BOILERPLATE_PARAGRAPH_RES if not _anchored(r)]
_BP_CJK = [r for r in _BP_ANYWHERE if _needs_cjk(r)]
_BP_OTHER = [r for r in _BP_ANYWHERE if not _needs_cjk(r)]


def _is_boilerplate_text(text: str) -> bool:
    if _BP_START_RE is not None and _BP_START_RE.match(text):
        return True
    if any(r.search(text) for r in _BP_OTHER):
        return True
    return bool(_BP_CJK) and CJK_RE.search(text) is not None and any(r.search(text) for r in _BP_CJK)


def _meta_line_dates(text: str, now: datetime, tz: str | None) -> list[str]:
    """Dates of a line that is nothing but a date (plus labels/source): "2019-05-17 来源：…"."""
    found = find_dates(text, now=now, tz=tz)
    if not found:
        return []
    rest = text
    for d in reversed(found):
        rest = rest[: d.start] + rest[d.end:]
    rest = DATE_LABEL_RE.sub("", rest.strip())
    if len(rest.strip(" |丨/·:：-")) <= 6 or (len(text) <= 80 and looks_like_byline(rest)):
        return [d.found.raw for d in found]
    return []


def clean_body(
    main: Element,
    title: str | None,
    *,
    now: datetime,
    tz: str | None,
    paragraphs: list[Paragraph] | None = None,
) -> BodyResult:
    """Clean paragraphs of the main block into the article body.

    ``paragraphs`` may be the page-wide paragraphs already filtered to ``main`` (saves a second walk).
    """
    result = BodyResult()
    if paragraphs is None:
        paragraphs = collect_paragraphs(main, cached(is_boilerplate))
    kept: list[str] = []
    kept_chars = 0
    total = len(paragraphs)
    # CJK pages (wiki lists of linked names) keep short link lines; the button rule is for Latin-script pages
    latin_page = cjk_ratio("".join(p.text for p in paragraphs[:40])[:3000]) < 0.3
    for index, p in enumerate(paragraphs):
        if AD_PARAGRAPH_RE.match(p.text.strip()):
            continue  # checked before the inline marker is stripped below
        text = INLINE_JUNK_RE.sub("", p.text).strip()
        if not text:
            continue
        if kept_chars >= 60 and TAIL_MARKER_RE.match(text):
            break  # the article is over: disclaimers, related lists and prev/next follow
        if p.heading and tag_of(p.owner) == "h1" and title and not kept:
            continue  # the headline itself
        if not kept and title and (same_title(text, title) or same_title(text, title + title)):
            continue  # doubled title: the repost template prints it again as the first line
        if len(p.spaced) <= 150 and looks_like_byline(p.spaced):  # bylines are short: skip the parser on prose
            result.byline.merge(parse_byline(p.spaced))
            continue
        if len(text) <= 120 and (index < 4 or index >= total - 4) and _DIGITISH_RE.search(text):
            dates = _meta_line_dates(p.spaced, now, tz)
            if dates:
                result.meta_dates.extend((d, "top" if not kept else "bottom") for d in dates)
                result.byline.merge(parse_byline(p.spaced))
                continue
        if _is_boilerplate_text(text):
            continue
        if latin_page and not p.heading and len(text) <= _BUTTON_MAX and p.link_chars >= 0.9 * len(text):
            continue  # a lone short link: a call-to-action button ("Check price", "Book now"), not prose
        if kept and text == kept[-1]:
            continue
        kept.append(text)
        kept_chars += len(text)
    # credits in prose: "新华社巴黎12月9日电（记者唐霁）……" in the first or the last paragraphs
    for text in kept[:2]:
        result.byline.merge(find_inline_bylines(text))
    if kept:
        result.byline.merge(find_inline_bylines(kept[-1], last=True))
        # a "扬子晚报记者 张楠" closing line is a credit, not article text
        if len(kept[-1]) <= 30 and find_inline_bylines(kept[-1], last=True).authors and "。" not in kept[-1]:
            kept.pop()
    result.paragraphs = kept
    result.text = "\n\n".join(kept)
    return result


_NON_LETTER_RE = re.compile(r"[\W\d_]+")
_NON_CJK_RE = re.compile("[^" + CJK_RE.pattern[1:-1] + "]+") if CJK_RE.pattern.startswith("[") and CJK_RE.pattern.endswith("]") else None


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among letters."""
    if not text or text.isascii():
        return 0.0
    # counting by deletion (no list of one-character matches); the letter count only when there is CJK
    cjk = len(_NON_CJK_RE.sub("", text)) if _NON_CJK_RE is not None else len(CJK_RE.findall(text))
    if not cjk:
        return 0.0
    letters = len(_NON_LETTER_RE.sub("", text))
    return cjk / letters if letters else 0.0
