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
from .dom import Element, Paragraph, cached, collect_paragraphs, has_class_match, is_boilerplate, tag_of
from .patterns import (
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

__all__ = ["BodyResult", "find_main", "clean_body", "score_paragraph", "same_title"]

_MIN_PARAGRAPH = 10
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
    depth_of: dict[Element, int] = {}
    prose: dict[Element, float] = {}  # all prose below an element, however deep
    for p in paragraphs:
        s = score_paragraph(p)
        node: Element | None = p.owner
        level = 0
        while node is not None:
            text_len[node] = text_len.get(node, 0) + len(p.text)
            link_len[node] = link_len.get(node, 0) + p.link_chars
            if s:
                prose[node] = prose.get(node, 0.0) + s
                if level < 3:
                    # owner and parent get the full score, the grandparent half (readability's propagation)
                    scores[node] = scores.get(node, 0.0) + s * (1.0, 1.0, 0.5)[level]
            node = node.getparent()
            level += 1
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
        if el not in depth_of:
            depth_of[el] = sum(1 for _ in el.iterancestors())
        key = (round(score, 3), depth_of[el])
        if key > best_key:
            best, best_key = el, key
    if best is not None:
        best = _climb(best, prose, text_len, link_len)
    return best, best_key[0]


#: Climbing from the best-scored block to its parent needs this much more prose in the parent.
_CLIMB_GAIN = 1.25
_CLIMB_MAX_LINK_DENSITY = 0.35


def _climb(best: Element, prose: dict[Element, float], text_len: dict[Element, int], link_len: dict[Element, int]) -> Element:
    """Article text split over sibling blocks (sections, widgets, steps): take the parent that holds them.

    The best-scored element only sees the prose two levels below it; a parent whose subtree holds
    clearly more prose, and whose extra text is not link lists, is the article container.
    """
    node = best
    while True:
        parent = node.getparent()
        if parent is None or tag_of(parent) in ("body", "html"):
            return node
        here, there = prose.get(node, 0.0), prose.get(parent, 0.0)
        if there < here * _CLIMB_GAIN:
            # nothing more to gain one level up; but a thin wrapper may sit in between
            grand = parent.getparent()
            if grand is None or tag_of(grand) in ("body", "html") or prose.get(grand, 0.0) < here * _CLIMB_GAIN:
                return node
        extra_text = text_len.get(parent, 0) - text_len.get(node, 0)
        extra_links = link_len.get(parent, 0) - link_len.get(node, 0)
        if extra_text > 0 and extra_links > extra_text * _CLIMB_MAX_LINK_DENSITY:
            return node
        node = parent


def _is_boilerplate_text(text: str) -> bool:
    return any(r.search(text) for r in BOILERPLATE_PARAGRAPH_RES)


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
        if looks_like_byline(p.spaced):
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


_LETTER_RE = re.compile(r"[^\W\d_]")


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among letters."""
    if not text:
        return 0.0
    letters = len(_LETTER_RE.findall(text))
    return len(CJK_RE.findall(text)) / letters if letters else 0.0
