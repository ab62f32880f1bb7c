"""Body: the article text, cleaned into paragraphs, and the credit and date lines printed inside it.

Evidence, best first: the site profile's ``body`` blocks; the block the page context chose (the best
scored one, or the relaxed walk's, see :mod:`.block`). The block's paragraphs are then cleaned:
boilerplate paragraphs go (a data table in :mod:`.patterns`), byline lines are read before they are
removed (the pasted "(作者:…)" line yields authors), a leading copy of the headline goes, and the text
stops at tail markers (版权声明, 相关推荐, 上一篇 ...) once the article ran. What the text credits is
returned with it (:class:`BodyResult`): the credits and dates choosers weigh it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from .bylines import Byline, find_inline_bylines, looks_like_byline, names_line, parse_byline
from .dates import find_dates
from .dom import Element, is_boilerplate, tag_of
from .language import cjk_ratio
from .patterns import (
    AD_MARKER_RE,
    AD_PARAGRAPH_RE,
    INFO_LINE_PROSE_RE,
    BOILERPLATE_PARAGRAPH_RES,
    CJK_RE,
    DATE_LABEL_RE,
    DIGITISH_RE,
    HEADLINE_DATE_RE,
    INLINE_JUNK_RE,
    TAIL_MARKER_RE,
)
from .title import same_title
from .walk import Paragraph, cached, collect_paragraphs

if TYPE_CHECKING:
    from .context import Choice, PageContext

logger = logging.getLogger(__name__)

__all__ = ["BodyResult", "choose_body", "clean_body"]

#: Longest paragraph made of one link that is still taken for a button rather than text.
_BUTTON_MAX = 40
#: The paragraph after a lone "(广告)" marker is taken for the ad up to this length (ads are a line; a
#: paragraph of news after the marker is text).
AD_MAX_CHARS = 50


@dataclass
class BodyResult:
    """The cleaned text and what the text itself says about its credits and dates."""

    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    #: credit lines inside the text ("(作者:…)", "责任编辑：…", "新华社…电（记者…）")
    byline: Byline = field(default_factory=Byline)
    #: dates printed on meta lines inside the block: (raw line, position "top" | "bottom")
    meta_dates: list[tuple[str, str]] = field(default_factory=list)
    #: people named without a label on a line of their own at the top of the text ("胡平", "赵延东、风笑天")
    #: or closing it: a byline printed as text
    unlabelled_names: list[str] = field(default_factory=list)


def choose_body(page: PageContext) -> Choice[BodyResult]:
    """The article text (see the module docstring for the order of evidence)."""
    from .context import Choice

    title = page.headline.text
    if page.main.profile_blocks:
        # the profile's block(s), cleaned like any other (boilerplate paragraphs, byline lines)
        parts = [clean_body(el, title, now=page.fetched_at, tz=page.tz, paragraphs=collect_paragraphs(el, is_boilerplate))
                 for el in page.main.profile_blocks]
        body = parts[0]
        for extra in parts[1:]:
            body.paragraphs.extend(extra.paragraphs)
            body.byline.merge(extra.byline)
            body.meta_dates.extend(extra.meta_dates)
        body.text = "\n\n".join(body.paragraphs)
        return Choice(body, "profile")
    if page.main.element is None:
        return Choice(BodyResult(), None)
    body = clean_body(page.main.element, title, now=page.fetched_at, tz=page.tz, paragraphs=page.main.paragraphs)
    return Choice(body, page.main.origin)


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


def _meta_line_dates(text: str, now: datetime, tz: str | None, *, before_text: bool = False) -> list[str]:
    """Dates of a line that is nothing but a date (plus labels/source): "2019-05-17 来源：…". With
    ``before_text`` (no prose kept yet), an info line of a few short fields qualifies too: "秋水 3年前
    (2024-02-11) 生活百科 0" — a name, the date, a category and a counter."""
    found = find_dates(text, now=now, tz=tz)
    if not found:
        return []
    rest = text
    for d in reversed(found):
        rest = rest[: d.start] + rest[d.end:]
    rest = DATE_LABEL_RE.sub("", rest.strip())
    if len(rest.strip(" |丨/·:：-")) <= 6 or (len(text) <= 80 and looks_like_byline(rest)):
        return [d.found.raw for d in found]
    if before_text and len(text) <= 60 and not INFO_LINE_PROSE_RE.search(rest) and \
            all(len(token) <= 8 for token in rest.split()):
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
    after_marker = False
    for index, p in enumerate(paragraphs):
        if AD_PARAGRAPH_RE.match(p.text.strip()):
            # checked before the inline marker is stripped below; a marker standing alone labels the
            # paragraph after it: that is the ad
            after_marker = AD_MARKER_RE.match(p.text.strip()) is not None
            continue
        if after_marker:
            after_marker = False
            if len(p.text) <= AD_MAX_CHARS:
                continue
        text = INLINE_JUNK_RE.sub("", p.text).strip()
        if not text:
            continue
        if kept_chars >= 60 and TAIL_MARKER_RE.match(text):
            break  # the article is over: disclaimers, related lists and prev/next follow
        if p.heading and tag_of(p.owner) == "h1" and title and not kept:
            continue  # the headline itself
        if not kept and title and (same_title(text, title) or same_title(text, title + title)):
            continue  # doubled title: the repost template prints it again as the first line
        if not kept and title and p.heading and HEADLINE_DATE_RE.search(text) and same_title(
                HEADLINE_DATE_RE.sub("", text), title):
            continue  # the headline with its date ("标题 2024-01-03 10:00:00") opening the block
        if len(p.spaced) <= 150 and looks_like_byline(p.spaced):  # bylines are short: skip the parser on prose
            result.byline.merge(parse_byline(p.spaced))
            continue
        if len(text) <= 120 and (index < 4 or index >= total - 4) and DIGITISH_RE.search(text):
            dates = _meta_line_dates(p.spaced, now, tz, before_text=not kept)
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
    # a line of nothing but names before the prose starts, or closing the text: the byline, unlabelled
    for text in kept[:3]:
        if len(text) >= 40:
            break
        result.unlabelled_names.extend(n for n in names_line(text) if n not in result.unlabelled_names)
    if len(kept) > 3 and not result.unlabelled_names:
        result.unlabelled_names = names_line(kept[-1])
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
