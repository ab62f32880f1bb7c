"""Credits: the article's authors, its editors, and the account that posted it (the poster).

Authors, best first:

1. the site profile's ``authors`` selector;
2. the people the text credits: a byline in the text ("(作者:…)", "新华社…电（记者…）", a closing
   "(张三)"), then the labelled info line under the headline ("作者：…", "By …") — when the text names
   its authors, the template's slots hold the poster account;
3. the page's own author claim (JSON-LD / ``<meta name=author>``) or an author slot of the info line
   (``<a rel="author">``, a "nickname" slot) when nothing labelled credits anybody;
4. on Chinese pages, a labelled "作者：" line anywhere outside excluded zones; on other pages, the outlet
   the structured claim names when it credits nobody else.

Editors come only from labelled editor credits (责任编辑 / 编辑 / 责编 …), in the info line, the text or a
credit line just outside it. The poster is the account that put the page on the site (小编, admin, a
nickname slot, a structured claim the text's byline overrides): kept apart, never an author too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .body import BodyResult
from .bylines import Byline, looks_like_byline, parse_byline, split_person_names
from .dom import Element, class_tokens, norm_ws
from .patterns import (
    AUTHOR_HINT_RE,
    AUTHOR_LINE_RE,
    BY_PREFIX_RE,
    CJK_RE,
    CLAIM_NAME_RE,
    CLAIM_SPLIT_RE,
    CREDIT_LINE_LABELS,
    HANGUL_RE,
    KANA_RE,
    POSTER_HINT_RE,
)
from .title import clean_title_tag, loose
from .walk import spaced_text

if TYPE_CHECKING:
    from .context import Choice, PageContext

__all__ = ["Credits", "choose_credits", "credit_lines"]


@dataclass(frozen=True)
class Credits:
    """Who the page credits, each list with where it came from."""

    authors: Choice[list[str]]
    editors: Choice[list[str]]
    poster: Choice[str | None]


def choose_credits(page: PageContext, body: BodyResult) -> Credits:
    """Authors, editors and poster (see the module docstring for the order of evidence)."""
    from .context import Choice

    authors, authors_from, poster, poster_from = _authors(page, body.byline)
    outside = page.credit_lines
    editors = list(dict.fromkeys(page.info_byline.editors + body.byline.editors + outside.editors))
    editors = [e for e in editors if e not in authors]
    editors_from = ("info-line" if page.info_byline.editors else "text" if body.byline.editors
                    else "credit-line" if outside.editors else None)
    if poster in authors:
        poster, poster_from = None, None
    if page.profile is not None:
        profiled = _profile_authors(page)
        if profiled:
            authors, authors_from = profiled, "profile"
    return Credits(Choice(authors, authors_from if authors else None), Choice(editors, editors_from),
                   Choice(poster, poster_from))


# -- authors -------------------------------------------------------------------------------------------

def _authors(page: PageContext, text_byline: Byline) -> tuple[list[str], str | None, str | None, str | None]:
    """(authors, where from, poster, where from), the profile aside."""
    info_byline = page.info_byline
    structured, structured_poster, org_named = _structured_authors(page, info_byline.source or text_byline.source)
    accounts, account_poster = _accounts(page)
    # a credit naming the outlet ("(中時 )" under a page of 中時電子報) names no person
    org = [loose(x) for x in (page.site_name, info_byline.source or text_byline.source, page.meta.jsonld_publisher) if x]
    text_authors = [n for n in text_byline.authors if not any(loose(n) and o and (loose(n) in o or o in loose(n)) for o in org)]
    labelled = list(dict.fromkeys(info_byline.authors + text_authors))
    poster = info_byline.poster or text_byline.poster or account_poster or structured_poster
    poster_from = ("info-line" if info_byline.poster else "text" if text_byline.poster
                   else "account-slot" if account_poster else "structured" if structured_poster else None)
    if text_authors:
        # the article names its authors in its own text: template slots hold the poster account
        authors, origin = labelled, "text"
        others = [n for n in structured + accounts if n not in authors]
        if poster is None and others:
            poster, poster_from = others[0], "structured" if others[0] in structured else "account-slot"
    elif structured and not (page.language == "zh" and accounts and not set(accounts) & set(structured)):
        authors, origin = structured, page.meta.author_origin or "structured"
    elif structured and not labelled:
        # a Chinese page's visible author slot names someone else: the structured claim is the
        # template's (the desk editor or the poster account), the slot is the reporter
        authors, origin = accounts, "account-slot"
        if poster is None:
            poster, poster_from = structured[0], "structured"
    elif labelled:
        authors, origin = labelled, "info-line"
    else:
        authors, origin = accounts, "account-slot"
    if not authors and page.language == "zh":
        authors, origin = _labelled_authors_anywhere(page), "labelled-line"
    if not authors and page.language != "zh":
        authors, origin = list(org_named), "structured-outlet"  # the page credits only its outlet
    return authors, origin if authors else None, poster, poster_from


def _structured_authors(page: PageContext, source: str | None) -> tuple[list[str], str | None, list[str]]:
    """The page's author claim (JSON-LD / meta): (persons, poster account, names that are the outlet)."""
    persons: list[str] = []
    poster: str | None = None
    org_named: list[str] = []
    meta = page.meta
    org = [loose(x) for x in (page.site_name, source, meta.jsonld_publisher, clean_title_tag(meta.title_tag)[1]) if x]
    for claim in meta.authors:
        names, account = split_person_names(claim)
        poster = poster or account
        if page.language != "zh":
            names = _claimed_names(claim, names)
        for name in names:
            ln = loose(name)
            if any(ln and (ln in o or o in ln) for o in org if o):
                if name not in org_named:
                    org_named.append(name)
                continue  # the site or publisher named as "author"
            if name not in persons:
                persons.append(name)
    return persons, poster, org_named


def _claimed_names(claim: str, names: list[str]) -> list[str]:
    """A structured author claim on a non-Chinese page, taken as written when each part is name-shaped:
    accented and lowercase names ("Josef Průša", "kirstin boatto") and handles stay whole."""
    if CJK_RE.search(claim) or KANA_RE.search(claim) or HANGUL_RE.search(claim):
        return names  # East Asian names and credits follow the byline parser's rules
    parts = [BY_PREFIX_RE.sub("", part) for part in CLAIM_SPLIT_RE.split(norm_ws(claim)) if part]
    if not parts or len(parts) > 6 or not all(CLAIM_NAME_RE.fullmatch(part) for part in parts):
        return names
    if any(not any(name in part for part in parts) for name in names):
        return names  # the byline parser read something the plain split does not see
    return list(dict.fromkeys(parts))


def _accounts(page: PageContext) -> tuple[list[str], str | None]:
    """Unlabelled names in author/nickname slots of the info line: a person or a poster account."""
    persons: list[str] = []
    poster: str | None = None
    seen: set[Element] = set()
    for p in page.info:
        if p.owner is page.root or len(p.owner) > 40:
            continue  # a big block is not an info line; its author slots are not ours to read
        for el in p.owner.iter():
            if el in seen or not isinstance(el.tag, str):
                continue
            seen.add(el)
            tokens = class_tokens(el)
            hinted = any(AUTHOR_HINT_RE.search(t) or POSTER_HINT_RE.search(t) for t in tokens)
            if not hinted and (el.get("rel") or "").lower() != "author" and (el.get("itemprop") or "").lower() != "author":
                continue
            text = spaced_text(el)
            if not text or len(text) > 40 or not parse_byline(text).is_empty():
                continue  # labelled text is read by parse_byline already
            names, account = split_person_names(text)
            if any(POSTER_HINT_RE.search(t) for t in tokens) and names:
                poster = poster or names[0]
                continue
            persons.extend(n for n in names if n not in persons)
            poster = poster or account
    return persons, poster


def _labelled_authors_anywhere(page: PageContext) -> list[str]:
    """A "作者：…" line anywhere outside comment/related zones, when the info line was not found."""
    for p in page.walk.paragraphs:
        if len(p.spaced) > 80 or not AUTHOR_LINE_RE.match(p.spaced) or page.excluded(p.owner):
            continue
        parsed = parse_byline(p.spaced)
        if parsed.authors:
            return parsed.authors
    return []


def _profile_authors(page: PageContext) -> list[str]:
    """Each match of the profile's ``authors`` selector: one name, or a labelled line ("作者：甲 乙")."""
    profile = page.profile
    names: list[str] = []
    for el in profile.select(page.tree, "authors") if profile is not None and profile.authors else []:
        text = spaced_text(el)
        if not text:
            continue
        parsed = parse_byline(text)
        found = parsed.authors if parsed.authors else split_person_names(text, lenient=True)[0]
        if not found and not parsed.authors and len(text) <= 60 and not parsed.editors and not parsed.source:
            found = [text]  # the user said this element is a name: trust it
        names.extend(n for n in found if n not in names)
    return names


# -- credit lines just outside the text ----------------------------------------------------------------

def credit_lines(page: PageContext) -> Byline:
    """Editor / source credit lines printed just outside the text block ("责任编辑：…", "[责任编辑：…]").

    Templates put them in toolbars and share boxes the body walk skips, so they are found by their
    label text, then parsed from their own (short) element. Only the editors and the source are kept.
    """
    result = Byline()
    if page.language not in (None, "zh", "ja", "ko"):
        return result  # Chinese credit labels: not worth scanning the source of a page in another language
    if not page.source or not any(label in page.source for label in CREDIT_LINE_LABELS):
        return result
    xpath = "//text()[" + " or ".join(f"contains(., '{c}')" for c in ("编", "編", "来源", "來源")) + "]"
    for text in page.tree.xpath(xpath):
        owner = text.getparent()
        if owner is None or page.excluded(owner):
            continue
        line = norm_ws(str(text))
        if len(line) > 80:
            continue
        parsed = parse_byline(line)
        if not (parsed.editors or parsed.source):
            # label and value in different nodes ("责任编辑：" then "刘响"): read the small owner
            container = owner.getparent() if getattr(text, "is_tail", False) else owner
            if container is None:
                continue
            whole = spaced_text(container) if len(container) <= 12 else ""
            at = whole.find(line[:6]) if line else -1
            if at < 0:
                continue
            parsed = parse_byline(whole[at:at + 60])
        if parsed.editors and not result.editors:
            result.editors = parsed.editors
        if parsed.source and not result.source and looks_like_byline(line):
            result.source = parsed.source
        if result.editors and result.source:
            break
    return result

