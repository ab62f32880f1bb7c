"""Credits: the article's authors, its editors, and the account that posted it (the poster).

Authors — the people the text credits first, then the page's own author credit:

1. the site profile's ``authors`` selector;
2. a byline in the text ("(作者:…)", "新华社…电（记者…）", a closing "(张三)") — when the text names its
   authors, the template's author slots hold the poster account — with the labelled info line under
   the headline ("作者：…", "By …");
3. the labelled info line alone (on Chinese pages it beats a structured claim);
4. a list of unlabelled names heading the text or the info line ("赵延东、风笑天");
5. the page's own claim (JSON-LD / ``<meta name=author>``), unless on a Chinese page the visible author
   slot names someone else (the slot is the reporter, the claim the template's);
6. an author slot of the info line (``<a rel="author">``, an author-classed element), then one in the
   article's own element (a WordPress entry footer's ``rel=author`` link);
7. on Chinese pages a labelled "作者：" line anywhere outside excluded zones; on other pages the outlet a
   structured claim names when it credits nobody else;
8. when nobody at all is credited and the page names no outlet it comes from (来源): the poster, if it
   is a person's or a user's name (a blog's or a forum's poster), never a site account (小编, admin), an
   outlet, a place or a menu word.

Poster — the account that put the page on the site: a nickname/user slot of the info line, an account
named by a label (作者：小编), the CMS's ``rel=author`` link, a forum or blog post header (the user
beside the post's date: "王海涛 2003-5-29 09:07", "admin 发表于 …"), a site account in the structured
claim, or a personal blog's owner (a site named after a person). It is reported whatever the authors
are. Editors come only from labelled editor credits (责任编辑 / 编辑 / 责编 …) in the info line, the text
or a credit line just outside it; a display name that starts with 编辑 ("编辑小李") is a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .body import BodyResult
from .bylines import (
    Byline, classify_name, is_place, is_unlabelled_name, looks_like_byline, names_line, outlet_name, parse_byline,
    split_person_names,
)
from .dom import Element, class_tokens, is_boilerplate_minimal, norm_ws
from .patterns import (
    AUTHOR_HINT_RE,
    AUTHOR_LINK_RE,
    AUTHOR_LINE_RE,
    BY_PREFIX_RE,
    CJK_RE,
    CLAIM_NAME_RE,
    CLAIM_SPLIT_RE,
    CREDIT_LINE_LABELS,
    HANGUL_RE,
    KANA_RE,
    LATIN_OUTLET_WORDS,
    NAV_WORDS,
    ORG_SUFFIXES,
    OUTLET_BADGE_RE,
    POST_HEADER_RE,
    POST_HEADER_WORDS_RE,
    POSTER_HINT_RE,
    SENTENCE_END_RE,
    TEMPLATE_CREDIT_LABELS,
    DATE_LABEL_RE,
    TIME_WORD_RE,
    TITLE_SEP_RE,
    UPDATE_LABEL_RE,
)
from .title import clean_title_tag, loose
from .walk import cached, collect_paragraphs, spaced_text

if TYPE_CHECKING:
    from .context import Choice, PageContext

__all__ = ["Credits", "article_author_slots", "choose_credits", "credit_lines"]


@dataclass(frozen=True)
class Credits:
    """Who the page credits, each list with where it came from."""

    authors: Choice[list[str]]
    editors: Choice[list[str]]
    poster: Choice[str | None]


def choose_credits(page: PageContext, body: BodyResult, source: str | None = None) -> Credits:
    """Authors, editors and poster (see the module docstring for the order of evidence). ``source``: the
    outlet the page credits (:func:`.source.choose_source`), if any."""
    from .context import Choice

    slots, slot_poster = _accounts(page)
    authors, authors_from = _authors(page, body, slots)
    poster, poster_from = _poster(page, body, slot_poster)
    credits_an_outlet = source is not None
    if not authors and poster and not credits_an_outlet and _could_be_author(page, poster, poster_from):
        # a blog's or forum's entry credits nobody in its text: the account that posted it is its author
        # (a page naming the outlet it comes from, 来源, is a repost or a news item: its poster is staff)
        authors, authors_from = [poster], f"poster:{poster_from}"
    outside = page.credit_lines
    editors = list(dict.fromkeys(page.info_byline.editors + body.byline.editors + outside.editors))
    editors = [e for e in editors if e not in authors]
    editors_from = ("info-line" if page.info_byline.editors else "text" if body.byline.editors
                    else "credit-line" if outside.editors else None)
    if page.profile is not None:
        profiled = _profile_authors(page)
        if profiled:
            authors, authors_from = profiled, "profile"
    return Credits(Choice(authors, authors_from if authors else None), Choice(editors, editors_from),
                   Choice(poster, poster_from))


# -- authors -------------------------------------------------------------------------------------------

def _outlets(page: PageContext, body: BodyResult, *, title_suffix: bool = False) -> list[str]:
    """The outlets the page names (its site, the source it credits, the publisher), compare-ready; with
    ``title_suffix``, also the last part of ``<title>`` (a structured claim naming it names the site,
    while a visible byline naming it is a personal site's owner)."""
    source = page.info_byline.source or body.byline.source
    suffix = clean_title_tag(page.meta.title_tag)[1] if title_suffix else None
    return [loose(x) for x in (page.site_name, source, page.meta.jsonld_publisher, suffix) if x]


def _people(names: list[str], outlets: list[str]) -> list[str]:
    """``names`` without the outlet itself ("(中時 )" under a page of 中時電子報 names no person)."""
    return [n for n in names if not any(loose(n) and o and (loose(n) in o or o in loose(n)) for o in outlets)]


def _authors(page: PageContext, body: BodyResult, slots: list[str]) -> tuple[list[str], str | None]:
    """(authors, where from): the text's credits first, then the page's own author credit."""
    info_byline = page.info_byline
    outlets = _outlets(page, body)
    structured, org_named = _structured_authors(page, _outlets(page, body, title_suffix=True))
    text_authors = _people(body.byline.authors, outlets)
    labelled = list(dict.fromkeys(info_byline.authors + text_authors))
    unlabelled = _people(body.unlabelled_names or _info_names(page), outlets)
    if text_authors:
        return labelled, "text"  # the article names its authors in its own text
    if labelled and not (structured and page.language != "zh"):
        return labelled, "info-line"
    if unlabelled and not labelled:
        return unlabelled, "unlabelled-byline"
    if structured and not (page.language == "zh" and slots and not set(slots) & set(structured)):
        return structured, page.meta.author_origin or "structured"
    if structured and not labelled:
        # a Chinese page's visible author slot names someone else: the structured claim is the
        # template's (the desk editor or the poster account), the slot is the reporter
        return slots, "account-slot"
    if labelled:
        return labelled, "info-line"
    if slots:
        return slots, "account-slot"
    article_slots = _people(page.author_slots[0], outlets)
    if article_slots:
        return article_slots, "article-author"
    if page.language == "zh":
        anywhere = _labelled_authors_anywhere(page)
        if anywhere:
            return anywhere, "labelled-line"
    elif org_named:
        return list(org_named), "structured-outlet"  # the page credits only its outlet
    return [], None


def _info_names(page: PageContext) -> list[str]:
    """A line of the info block that is nothing but names ("赵延东、风笑天" under the headline)."""
    for p in page.info[:2]:
        names = names_line(p.spaced)
        if names:
            return names
    return []


def _poster(page: PageContext, body: BodyResult, slot_poster: str | None) -> tuple[str | None, str | None]:
    """The account that put the page on the site, and where it was seen."""
    evidence = (
        ("account-slot", lambda: slot_poster),
        ("info-line", lambda: page.info_byline.poster),
        ("text", lambda: body.byline.poster),
        ("rel-author", lambda: next(iter(page.author_slots[1]), None)),
        ("template-credit", lambda: _template_credit(page)),
        ("post-header", lambda: _post_header_user(page)),
        ("structured", lambda: _structured_poster(page)),
        ("blog-owner", lambda: _blog_owner(page)),
    )
    for origin, read in evidence:
        value = read()
        if value:
            return value, origin
    return None, None


def _could_be_author(page: PageContext, poster: str, origin: str | None) -> bool:
    """A poster that may stand as the author: a person's or a user's name, never a site account
    (小编, admin, 编辑部), an outlet, a place or a word of the page's furniture."""
    if classify_name(poster) == "poster" or is_place(poster) or poster in NAV_WORDS:
        return False
    if not CJK_RE.search(poster):
        return is_unlabelled_name(poster)  # "Jane Doe", not "Daily Legal News" or a handle
    if _outlet_like(poster):
        return False  # "南方都市报", "IT之家": the outlet, not a person
    if origin == "blog-owner":
        return True  # the site is named after the person
    site = loose(page.site_name or "")
    return not (site and loose(poster) and (loose(poster) in site or site in loose(poster)))


def _outlet_like(name: str) -> bool:
    """An outlet's name rather than a user's: an organisation ending ("日报", "网"), or Latin letters
    mixed with Chinese ("IT之家")."""
    return (len(name) >= 3 and name.endswith(ORG_SUFFIXES)) or bool(CJK_RE.search(name) and re.search(r"[A-Za-z]", name))


def _post_header_user(page: PageContext) -> str | None:
    """A blog's or forum's post header: the info line giving only the post's date and the user who
    posted it ("2003-5-29 09:07 高山流水", "admin 发表于 2019-03-01", "Posted by jdoe on May 1, 2019")."""
    for p in page.info:
        if len(p.spaced) > 60:
            continue
        dates = page.find_dates(p.spaced)
        if not dates:
            continue
        rest = p.spaced
        for m in reversed(dates):
            rest = rest[:m.start] + " " + rest[m.end:]
        worded = POST_HEADER_RE.search(rest) is not None
        rest = POST_HEADER_WORDS_RE.sub(" ", DATE_LABEL_RE.sub(" ", rest)).strip(" |丨/·•:：-()（）[]【】")
        if not rest or not parse_byline(rest).is_empty() or rest in NAV_WORDS or is_place(rest):
            continue
        if not worded and (outlet_name(rest) is not None and not is_unlabelled_name(rest)):
            continue  # "新京报 2019-…", "爱否科技 …": an outlet or a self-media account beside the date
        if UPDATE_LABEL_RE.search(rest) or TIME_WORD_RE.search(rest):
            continue  # "最后更新", "下午": what is left of a label or a clock
        if re.fullmatch(r"[\u3400-\u9fff·]{2,10}", rest) and not OUTLET_BADGE_RE.fullmatch(rest):
            return rest  # a user name alone beside the date
        if worded and re.fullmatch(r"[A-Za-z][\w.'’-]{1,30}(?: [A-Za-z][\w.'’-]*){0,2}", rest):
            return rest  # "Posted by jdoe", "admin 发表于"
    return None


def _blog_owner(page: PageContext) -> str | None:
    """A personal blog is named after its owner: the site's name, or a site part of ``<title>``, that is
    a person's name ("海姑娘 | blog.example.com", "很高兴入住博客堂 - 李建忠")."""
    title = page.meta.title_tag or ""
    parts = [p.strip() for p in TITLE_SEP_RE.split(title) if p and p.strip()]
    candidates = ([page.meta.site_name] if page.meta.site_name else []) + (parts[1:] + parts[:1] if len(parts) > 1 else [])
    for part in candidates:
        # only Chinese names: a Latin site name of two words is as often an outlet ("La Prensa") as a person
        if part and part != page.headline.text and CJK_RE.search(part) and len(part) >= 3 and is_unlabelled_name(part):
            return part  # three characters at least: a two-character part is as often a channel ("纪检")
    return None


def _structured_poster(page: PageContext) -> str | None:
    for claim in page.meta.authors:
        account = split_person_names(claim)[1]
        if account:
            return account
    return None


def _structured_authors(page: PageContext, outlets: list[str]) -> tuple[list[str], list[str]]:
    """The page's author claim (JSON-LD / meta): (persons, names that are the outlet)."""
    persons: list[str] = []
    org_named: list[str] = []
    for claim in page.meta.authors:
        names, _ = split_person_names(claim)
        if page.language != "zh":
            names = _claimed_names(claim, names)
        for name in names:
            ln = loose(name)
            if any(ln and (ln in o or o in ln) for o in outlets if o):
                if name not in org_named:
                    org_named.append(name)
                continue  # the site or publisher named as "author"
            if name not in persons:
                persons.append(name)
    return persons, org_named


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
            href = el.get("href") if el.tag == "a" else None
            account_link = bool(href) and AUTHOR_LINK_RE.search(_path_and_query(href)) is not None
            if not hinted and not account_link and (el.get("rel") or "").lower() != "author" \
                    and (el.get("itemprop") or "").lower() != "author":
                continue
            text = spaced_text(el)
            if not text or len(text) > 40 or not parse_byline(text).is_empty():
                continue  # labelled text is read by parse_byline already
            if (account_link or not hinted) and _account_name(text) is None:
                continue  # "View all of 周建国's posts.": a link about the account, not its name
            names, account = split_person_names(text)
            if any(POSTER_HINT_RE.search(t) for t in tokens) and (names or _account_name(text)):
                poster = poster or (names[0] if names else _account_name(text))
                continue  # a nickname slot names the account, not the author
            if account_link and not poster:
                poster = names[0] if names else _account_name(text)  # the account's archive: also its author
            persons.extend(n for n in names if n not in persons)
            poster = poster or account
    return persons, poster


def article_author_slots(page: PageContext) -> tuple[list[str], list[str]]:
    """Names in the article's own author slots outside its text and info line: ``<a rel="author">``,
    ``itemprop=author``, an author- or byline-classed element of its entry header or footer or author
    box ("By 周建国", a block theme's post-author name). With ``accounts``, the account names as shown
    (site accounts included): the poster — a name-like ``rel=author`` link first. Returns (people, accounts)."""
    scope = page.article
    if scope is None:
        return [], []
    linked: list[str] = []
    classed: list[str] = []
    accounts: list[str] = []
    text_blocks = {p.owner for p in page.main.paragraphs or page.walk.paragraphs if p.owner in page.main.elements}
    for el in scope.xpath(".//*[@rel or @itemprop or contains(@class, 'author') or contains(@class, 'byline')]"):
        rel = (el.get("rel") or "").lower().split()
        is_link = "author" in rel or (el.get("itemprop") or "").lower() == "author"
        if not is_link and not any(AUTHOR_HINT_RE.search(t) for t in class_tokens(el)):
            continue
        if el in text_blocks or any(a in text_blocks for a in el.iterancestors()):
            continue  # a credit inside the text itself is read with the text
        text = spaced_text(el)
        if not text or len(text) > 40 or page.excluded(el):
            continue
        if is_link and _account_name(text) is None:
            continue  # "View all of 周建国's posts.": the author box's link, not a name
        for m in reversed(page.find_dates(text)):
            text = text[:m.start] + " " + text[m.end:]  # "July 22, 2017" beside the name is no name
        text = norm_ws(text)
        if not text:
            continue
        parsed = parse_byline(text)
        names = [n for n in parsed.authors or split_person_names(text, lenient=True)[0]
                 if CJK_RE.search(n) or not any(w.lower() in LATIN_OUTLET_WORDS for w in n.split())]
        shown = _account_name(text) if is_link else None
        if shown and (classify_name(shown) is not None or CJK_RE.search(shown)):
            account = [shown]  # the CMS's author link names the account as the site shows it
        else:
            account = [parsed.poster] if parsed.poster else names
        target = linked if is_link else classed
        target.extend(n for n in names if n and n not in linked and n not in classed)
        accounts.extend(n for n in account if n and n not in accounts and not (is_link is False and accounts))
    return classed + linked, _linked_first(accounts, linked, classed)


def _linked_first(accounts: list[str], linked: list[str], classed: list[str]) -> list[str]:
    """The account names, those the CMS's author link shows first."""
    return sorted(accounts, key=lambda n: (n not in linked and n in classed))


def _template_credit(page: PageContext) -> str | None:
    """The account a post's own template credits below the text ("作者:编辑小李 | 分类:… | 浏览:0" in the
    post's footer): the line the CMS prints for every post, whoever the text credits."""
    scope = page.article
    main = page.main.element
    if scope is None or main is None or page.language not in (None, "zh") or not any(
            label in page.source for label in TEMPLATE_CREDIT_LABELS):
        return None
    text_blocks = {p.owner for p in page.main.paragraphs or page.walk.paragraphs if p.owner in page.main.elements}
    below = False
    for p in collect_paragraphs(scope, cached(is_boilerplate_minimal), limit=200):
        if p.owner in text_blocks:
            below = True
            continue
        if not below or len(p.spaced) > 80 or page.excluded(p.owner):
            continue
        if AUTHOR_LINE_RE.match(p.spaced):
            parsed = parse_byline(p.spaced)
            name = (parsed.authors or [parsed.poster])[0]
            if name:
                return name
    return None


def _path_and_query(href: str) -> str:
    """The path and query of a link, without scheme, host and fragment."""
    href = href.split("#", 1)[0]
    if "//" in href:
        rest = href.split("//", 1)[1]
        href = rest[rest.find("/"):] if "/" in rest else ""
    return href


def _account_name(text: str) -> str | None:
    """A user name as an account link shows it ("秋水", "jdoe", "编辑小李"), when it is short and plain."""
    text = norm_ws(BY_PREFIX_RE.sub("", text))
    if 2 <= len(text) <= 20 and not SENTENCE_END_RE.search(text) and text not in NAV_WORDS:
        return text
    return None


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

