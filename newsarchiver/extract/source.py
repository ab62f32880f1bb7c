"""Source: the outlet a repost credits (来源 / 转载自 / 稿源), and the original's URL (原文链接).

Evidence, best first:

1. a labelled source in the info line under the headline ("来源：海滨日报");
2. a labelled source line in the text ("本文来源：…", "(来源：…)");
3. a labelled source line printed just outside the text block;
4. an unlabelled outlet in a source-classed slot of the info line ("date-source": date + outlet);
5. the page's ``<meta name=source>`` claim;
6. on Chinese pages: an outlet named without a label under the headline (a line that is only the
   outlet and the date, or an author slot holding an outlet rather than a person), then the outlet a
   credit names as the writer's (the info line's "澎湃新闻记者 段彦超", the text's opening dispatch
   "新华社北京12月9日电"), then the outlet in the page's script data.

The original's URL: a 原文链接 / 来源 URL in the info line, else in the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .body import BodyResult
from .bylines import credited_outlet, outlet_name, parse_byline, split_person_names
from .dom import Element, class_tokens, has_class_match, norm_ws
from .patterns import (
    AUTHOR_HINT_RE,
    CJK_RE,
    DATE_LABEL_RE,
    OUTLET_ENDINGS,
    POSTER_HINT_RE,
    SCRIPT_SOURCE_RE,
    SOURCE_HINT_RE,
    UPDATE_LABEL_RE,
)
from .walk import spaced_text

if TYPE_CHECKING:
    from .context import Choice, PageContext

__all__ = ["choose_source", "choose_source_url"]


def choose_source(page: PageContext, body: BodyResult) -> Choice[str | None]:
    """The outlet the page credits (see the module docstring for the order of evidence)."""
    from .context import Choice

    evidence = (
        ("info-line", lambda: page.info_byline.source),
        ("text", lambda: body.byline.source),
        ("credit-line", lambda: page.credit_lines.source),
        ("source-slot", lambda: _source_slot(page)),
        ("meta", lambda: _meta_source(page)),
    )
    if page.language == "zh":
        evidence += (
            ("unlabelled-outlet", lambda: _unlabelled_outlet(page)),
            ("credited-outlet", lambda: _credited_outlet(page, body)),
            ("script", lambda: _script_source(page)),
        )
    for origin, read in evidence:
        value = read()
        if value:
            return Choice(value, origin)
    return Choice(None, None)


def choose_source_url(page: PageContext, body: BodyResult) -> Choice[str | None]:
    """The original's URL (原文链接): the info line's, else the text's."""
    from .context import Choice

    if page.info_byline.source_url:
        return Choice(page.info_byline.source_url, "info-line")
    if body.byline.source_url:
        return Choice(body.byline.source_url, "text")
    return Choice(None, None)


def _without_dates(page: PageContext, text: str) -> str:
    for m in reversed(page.find_dates(text)):
        text = text[:m.start] + " " + text[m.end:]
    return text


def _source_slot(page: PageContext) -> str | None:
    """An unlabelled outlet name in a source-classed slot of the info line ("date-source": date + outlet)."""
    seen: set[Element] = set()
    for p in page.info:
        if p.owner is page.root or len(p.owner) > 40:
            continue
        for el in p.owner.iter():
            if el in seen or not isinstance(el.tag, str) or not has_class_match(el, SOURCE_HINT_RE):
                continue
            seen.update(el.iter())
            text = spaced_text(el)
            if not text or len(text) > 60 or not parse_byline(text).is_empty():
                continue
            text = DATE_LABEL_RE.sub("", norm_ws(_without_dates(page, text))).strip(" |丨/·:：-[]【】()（）")
            if 2 <= len(text) <= 20 and len(text.split()) <= 2 and not any(ch.isdigit() for ch in text):
                return text
    return None


def _meta_source(page: PageContext) -> str | None:
    value = page.meta.source
    if not value or value.startswith("http") or len(value) > 40 or value.isdigit():
        return None
    return value


def _unlabelled_outlet(page: PageContext) -> str | None:
    """An outlet named without a label under the headline: a line that is only the outlet (and the
    date: "原创 南方都市报 2019-09-09 16:01"), or an author/nickname slot holding an outlet rather than
    a person (self-media accounts: "爱否科技", "IT之家")."""
    title = page.headline.text
    for p in page.info:
        if p.owner is page.root or len(p.owner) > 40 or len(p.spaced) > 60 or not parse_byline(p.spaced).is_empty():
            continue
        dates = page.find_dates(p.spaced)
        rest = DATE_LABEL_RE.sub("", norm_ws(_without_dates(page, p.spaced)))
        if re.search(r"[:：]", rest) or UPDATE_LABEL_RE.search(rest):
            continue  # "最新更新：<date>": a label whose value was the date
        name = outlet_name(rest)
        if name and (title is None or name not in title) and (dates or name.endswith(OUTLET_ENDINGS)):
            return name
    for p in page.info:
        if p.owner is page.root or len(p.owner) > 40:
            continue
        for el in p.owner.iter():
            if not isinstance(el.tag, str) or not any(AUTHOR_HINT_RE.search(t) or POSTER_HINT_RE.search(t) for t in class_tokens(el)):
                continue
            text = spaced_text(el)
            if text and len(text) <= 30 and parse_byline(text).is_empty() and not split_person_names(text)[0]:
                name = outlet_name(text)
                if name:
                    return name
    return None


def _credited_outlet(page: PageContext, body: BodyResult) -> str | None:
    """The outlet a credit under the headline or the text's first paragraph names as the writer's."""
    lines = [norm_ws(_without_dates(page, p.spaced)) for p in page.info if len(p.spaced) <= 60] + body.paragraphs[:1]
    for line in lines:
        name = credited_outlet(line)
        if name:
            return name
    return None


def _script_source(page: PageContext) -> str | None:
    """Last resort on Chinese pages: the outlet in the page's script data (its first claim only: later
    ones describe related items)."""
    if not page.source:
        return None
    for m in SCRIPT_SOURCE_RE.finditer(page.source[:400000]):
        value = norm_ws(m.group("v"))
        if CJK_RE.search(value) and not value.startswith("http") and parse_byline(value).is_empty():
            name = outlet_name(value, labelled=True)
            if name:
                return name
        break
    return None
