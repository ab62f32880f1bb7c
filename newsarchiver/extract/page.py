"""Extract one article page: ties decoding, metadata, body, bylines, dates and navigation together.

The page is parsed once with lxml; every step reads the same tree without mutating it. Visible evidence
is weighed against the page's structured claims: repost templates keep JSON-LD/meta that describe the
*poster* account or the repost time, while the visible info line and the pasted credit lines describe the
article.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone

from lxml import etree
from lxml import html as lxml_html

from ..items import Article, DateFound
from .body import BodyResult, clean_body, cjk_ratio, find_main, find_main_relaxed, lead_siblings, loose, same_title
from .bylines import Byline, looks_like_byline, only_info_fields, outlet_name, parse_byline, split_person_names
from .dates import find_dates, parse_date
from .decode import check_not_binary, decode_html
from .dom import Element, Paragraph, attribute_gated, cached, class_tokens, collect_paragraphs, has_class_match, walk_page, in_excluded_zone, is_boilerplate, norm_ws, spaced_text, tag_of
from .errors import ExtractionError, NotHTMLError
from .metadata import PageMetadata, normalise_language, read_metadata
from .navigation import NavResult, find_navigation
from .profiles import Profile
from .patterns import (
    AUTHOR_HINT_RE,
    DATE_EXCLUDE_RE,
    DATE_LABEL_RE,
    SKIP_TAGS,
    CJK_RE,
    HANGUL_RE,
    INFO_HINT_RE,
    KANA_RE,
    LATIN_WORD_RE,
    NAV_CONTAINER_RE,
    NAV_NEXT_CLASS_RE,
    NAV_PREV_CLASS_RE,
    NEXT_LABEL_RE,
    POSTER_HINT_RE,
    PREV_LABEL_RE,
    TITLE_HINT_RE,
    UPDATE_LABEL_RE,
    XML_DECL_RE,
)

logger = logging.getLogger(__name__)

__all__ = ["extract_article", "classify_page", "clean_title_tag", "ExtractionError", "NotHTMLError"]

CHINESE_TZ = "Asia/Shanghai"
_PRECISION_RANK = {"day": 0, "hour": 1, "minute": 2, "second": 3}
_TITLE_SEP_RE = re.compile(
    r"\s*[_|｜]\s*|\s+[-–—·:»]\s+|(?<=[\u4e00-\u9fff）」”!?！？])\s*-{1,2}\s*(?=[\u4e00-\u9fff])"
)
_PUBLISH_LABEL_RE = re.compile(
    r"(?:发布|發布|發佈|发表|發表|出版|上传|录入|添加|创建)(?:时间|時間|日期|于|於)|(?<![更新修改])(?:时间|時間|日期)\s*[:：]"
    r"|posted\s+on|published(?:\s+on)?\s*:?",
    re.IGNORECASE,
)
_EN_STOPWORDS = frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "as", "it"})
_MAX_INFO_PARAGRAPHS = 10
#: The lenient re-walk around the headline stops after this many paragraphs (the info line is near).
_LENIENT_LIMIT = 80
_YEAR_OR_RELATIVE_RE = re.compile(r"\d{4}|[〇零○一二]{4}|前|刚|剛|今|昨|ago|today|yesterday|just", re.IGNORECASE)
_BARE_RELATIVE_DAY_RE = re.compile(r"^\s*(?:今天|今日|昨天|昨日|前天|前日|today|yesterday)\s*$", re.IGNORECASE)
_SOURCE_HINT_RE = re.compile(r"source|laiyuan|(?:^|[-_])(?:ly|media|from|origin)(?:$|[-_])", re.IGNORECASE)
_URL_DATE_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-]?(?P<m>[01]\d)?(?:[/_-]?(?P<d>[0-3]\d))?(?=[/_.-])")
_FULL_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}[-/][01]\d[-/][0-3]\d(?!\d)")
_SCRIPT_DATE_RE = re.compile(
    r"[\"'](?P<k>pubtime|pub_time|pubDate|pub_date|publishTime|publish_time|publishDate|publish_date|datePublished"
    r"|ptime|createTime|create_time)[\"']\s*:\s*[\"'](?P<v>(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?)",
    re.IGNORECASE,
)
_CREDIT_LABELS = ("编辑", "责编", "編輯", "責編", "来源", "來源")
#: A line that starts with a labelled author (after a date or a bullet, at most).
_AUTHOR_LINE_RE = re.compile(r"^[\s\d:：年月日/\-.□■●]{0,20}(?:作者|作\s者|記者|记者|文)\s*[:：/]")
_LEADING_YEAR_RE = re.compile(r"^\s*(\d{4})(?:-|(\d{4})\s*$)")
_URL_FULL_DATE_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?=[/_.-])")
_FOUR_DIGIT_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: Publication keys of JS page data (CMS/JAMstack state), case-sensitive: a last resort for the date.
_SCRIPT_PUBLISHED_RE = re.compile(
    r"(?:[\"']|&quot;)(?P<k>first_publication_date|firstPublishedAt|firstPublicationDate|publishedAt|published_at|publishedDate"
    r"|published_date|datePublished|date_published|publishDate|publish_date|pubDate)(?:[\"']|&quot;)\s*:\s*(?:[\"']|&quot;)"
    r"(?P<v>(?:19|20)\d{2}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)"
)
#: The outlet in a page's script data (portal and self-media platforms): "media": "…", source: '…'.
_SCRIPT_SOURCE_RE = re.compile(
    r"(?<![\w-])[\"']?(?:media|media_?name|source|source_?name)[\"']?\s*:\s*[\"'](?P<v>[^\"'<>\\]{2,30})[\"']", re.IGNORECASE
)



# ----------------------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------------------

_PARSERS = threading.local()


def _html_parser() -> lxml_html.HTMLParser:
    """lxml.html's parser with one element class for every tag, chosen in C: the stock parser asks a
    Python lookup for each element proxy (form/input/label classes we never use). One per thread, as
    lxml parsers are not thread-safe."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml_html.HTMLParser()
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
        ))
        _PARSERS.parser = parser
    return parser


def extract_article(
    html: str | bytes,
    url: str,
    *,
    fetched_at: datetime | None = None,
    encoding: str | None = None,
    timezone: str | None = None,
    profile: Profile | None = None,
) -> Article:
    """Extract an :class:`Article` from one page. Raises :class:`ExtractionError` only for non-HTML.

    ``profile`` (see :mod:`.profiles`): its selectors take precedence field by field, its ``remove``
    subtrees are dropped first, and its timezone replaces ``timezone`` for dates written without one.
    """
    now = fetched_at or datetime.now(dt_timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt_timezone.utc)
    if isinstance(html, (bytes, bytearray)):
        text, _ = decode_html(bytes(html), encoding)
    else:
        text = html or ""
        if "\x00" in text[:1024]:
            raise NotHTMLError("not HTML: text contains NUL characters")
    text = XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        return Article(url=url, page_type="other")
    try:
        tree = lxml_html.document_fromstring(text, parser=_html_parser())
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparseable page %s: %s", url, exc)
        return Article(url=url, page_type="other")
    if profile is not None and profile.timezone:
        timezone = profile.timezone
    try:
        if profile is not None and profile.remove:
            for el in profile.select(tree, "remove"):
                if el.getparent() is not None:
                    el.drop_tree()
        return _PageExtractor(tree, url, now, timezone, text, profile).run()
    except RecursionError:  # pathological nesting: give back what we can rather than crash
        logger.warning("page too deeply nested: %s", url)
        return Article(url=url, page_type="other")


# ----------------------------------------------------------------------------------------------------
# title
# ----------------------------------------------------------------------------------------------------

def clean_title_tag(title: str | None, site_name: str | None = None) -> tuple[str | None, str | None]:
    """('Headline_Channel_Site', site) -> ('Headline', 'Site'): drop site-name parts, keep the longest."""
    if not title:
        return None, None
    title = undouble(norm_ws(title))
    parts = [p.strip() for p in _TITLE_SEP_RE.split(title) if p and p.strip()]
    if len(parts) <= 1:
        return title, None
    site_loose = loose(site_name or "")
    kept = [p for p in parts if not (site_loose and (loose(p) == site_loose or (loose(p) and loose(p) in site_loose)))]
    kept = kept or parts
    best = max(kept, key=len)
    suffix = parts[-1] if parts[-1] != best else None
    return best, suffix


def undouble(title: str) -> str:
    """'T T' -> 'T' (templates that print the headline twice in one element)."""
    n = len(title)
    for sep_len in (0, 1):
        half = (n - sep_len) // 2
        if half >= 2 and (n - sep_len) % 2 == 0 and title[:half] == title[half + sep_len:]:
            return title[:half].strip()
    return title


# ----------------------------------------------------------------------------------------------------
# page type
# ----------------------------------------------------------------------------------------------------

def _repeated_link_items(root: Element, min_members: int = 4) -> tuple[int, int]:
    """(items, chars): the largest group of same-tag/class siblings each linking to a different page."""
    best = (0, 0)
    for node in root.iter():
        if not isinstance(node.tag, str) or len(node) < min_members:
            continue
        groups: dict[tuple[str, str], list[Element]] = {}
        for child in node:
            if isinstance(child.tag, str):
                groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) < min_members:
                continue
            hrefs: set[str] = set()
            chars = 0
            for item in members:
                link = next((a for a in ([item] if item.tag == "a" else item.iter("a")) if a.get("href") and len(norm_ws(a.text_content())) >= 5), None)
                if link is not None and link.get("href") not in hrefs:
                    hrefs.add(link.get("href"))
                    chars += len(norm_ws(item.text_content()))
            if len(hrefs) > best[0]:
                best = (len(hrefs), chars)
    return best


#: The least prose (non-link text in the main block) an article page has.
ARTICLE_MIN_CJK = 75
ARTICLE_MIN_WORDS = 40


def classify_page(
    tree: Element,
    *,
    paragraphs: list[Paragraph] | None = None,
    main: Element | None = None,
    title: str | None = None,
    main_elements: set[Element] | None = None,
) -> str:
    """'article' (one dominant text block and a title), 'listing' (many linked items) or 'other'."""
    root = tree.body if tree.find(".//body") is not None else tree
    if paragraphs is None:
        paragraphs = collect_paragraphs(root, cached(is_boilerplate))
    if main is None:
        main, _ = find_main(tree, paragraphs)
    if title is None:
        title_el = tree.find(".//title")
        h1 = tree.find(".//h1")
        title = norm_ws((h1 if h1 is not None else title_el).text_content()) if (h1 is not None or title_el is not None) else None
    if main is None:
        items, _ = _repeated_link_items(root)
        return "listing" if items >= 8 else "other"
    inside = main_elements if main_elements is not None else set(main.iter())
    main_paragraphs = [p for p in paragraphs if p.owner in inside]
    prose = "".join(p.text for p in main_paragraphs if p.link_chars < len(p.text) * 0.5)
    total = sum(len(p.text) for p in main_paragraphs) or 1
    density = sum(p.link_chars for p in main_paragraphs) / total
    # only compared with the thresholds below: a prefix usually settles it without scanning the whole text
    cjk = len(CJK_RE.findall(prose[:4000]))
    if cjk < ARTICLE_MIN_CJK and len(prose) > 4000:
        cjk = len(CJK_RE.findall(prose))
    words = len(LATIN_WORD_RE.findall(prose[:4000])) if cjk < ARTICLE_MIN_CJK else 0
    if cjk < ARTICLE_MIN_CJK and words < ARTICLE_MIN_WORDS and len(prose) > 4000:
        words = len(LATIN_WORD_RE.findall(prose))
    # Listing pages: link-led items (title link + excerpt) carry the text. Many items with a fair share
    # of it, or a few (the last page of a listing) with most of it.
    items, item_chars = _repeated_link_items(main, min_members=2)
    if (items >= 5 and item_chars >= 0.4 * total) or (items >= 2 and item_chars >= 0.6 * total):
        return "listing"
    # Short news items ("本报讯" briefs) run to 80-150 characters of prose.
    if (cjk >= ARTICLE_MIN_CJK or words >= ARTICLE_MIN_WORDS) and density < 0.5 and title:
        return "article"
    page_items, _ = _repeated_link_items(root)
    if page_items >= 8:
        return "listing"
    return "other"


# ----------------------------------------------------------------------------------------------------
# the extractor
# ----------------------------------------------------------------------------------------------------

@dataclass
class _DateCandidate:
    found: DateFound
    rank: int  # lower is better evidence


class _PageExtractor:
    def __init__(
        self, tree: Element, url: str, now: datetime, timezone: str | None, source: str | None = None,
        profile: Profile | None = None,
    ) -> None:
        self.tree = tree
        self.profile = profile
        self.source = source
        self.url = url
        self.now = now
        self.tz_arg = timezone
        self.skip = is_boilerplate  # one walk visits each element once: a memo would only cost
        self.excluded = cached(self._excluded_uncached)
        self.lenient_skip = cached(_lenient_skip)
        self.root: Element = tree.body if tree.find(".//body") is not None else tree
        self.nav_containers: set[Element] = set()
        self.main_chain: set[Element] = set()
        self.language: str | None = None

    # -- helpers --------------------------------------------------------------------------------
    def _elements_of(self, el: Element | None) -> set[Element]:
        """``set(el.iter())``, kept for the last element asked (the text block, asked by several steps)."""
        if el is None:
            return set()
        cached_for = getattr(self, "_elements_for", None)
        if cached_for is not el:
            self._elements_for, self._elements_set = el, set(el.iter())
        return self._elements_set

    def _excluded_uncached(self, el: Element) -> bool:
        node: Element | None = el
        while node is not None:
            if node in self.nav_containers:
                return True
            node = node.getparent()
        # a zone that holds the article text is a layout wrapper ("has-sidebar", "__next"), not a zone
        node = el
        while node is not None:
            if node in self.main_chain:
                return in_excluded_zone(el, stop=node)
            node = node.getparent()
        return in_excluded_zone(el)

    def _parse(self, raw: str, origin: str) -> DateFound | None:
        lead = _LEADING_YEAR_RE.match(raw)
        if lead:
            if int(lead.group(1)) < 1900:
                return None  # "0001-01-01T00:00:00Z": an unset CMS field (kept off the slow dateparser path)
            if lead.group(2):
                raw = f"{raw.strip()[:4]}-{raw.strip()[4:6]}-{raw.strip()[6:8]}"  # "20191119"
        return parse_date(raw, now=self.now, tz=self.tz, origin=origin)

    def _parse_regex(self, raw: str, origin: str) -> DateFound | None:
        """:meth:`_parse` with the regex forms only (no dateparser): for text that merely decorates a stamp."""
        found = find_dates(DATE_LABEL_RE.sub("", raw.strip(), count=1), now=self.now, tz=self.tz, origin=origin)
        return found[0].found if found else None

    # -- main flow ------------------------------------------------------------------------------
    def run(self) -> Article:
        tree = self.tree
        meta = read_metadata(tree, self.url)
        walk = walk_page(self.root, self.skip)
        self.walk = walk
        paragraphs = walk.paragraphs
        profile = self.profile
        profile_bodies = _outermost(profile.select(tree, "body")) if profile and profile.body else []
        main_paragraphs: list[Paragraph] | None = None  # set when the block comes from the relaxed walk
        if profile_bodies:
            main = profile_bodies[0]
        else:
            main, main_score = find_main(tree, paragraphs)
            relaxed, relaxed_paragraphs = find_main_relaxed(self.root, main_score, walk.skipped)
            if relaxed is not None:
                main, main_paragraphs = relaxed, relaxed_paragraphs
        if main is not None:
            self.main_chain = {main, *main.iterancestors()}
        site_name = meta.site_name or meta.jsonld_publisher
        title, title_el, title_suffix = self._title(meta, paragraphs, main, site_name)
        profile_title = profile.select(tree, "title") if profile and profile.title else []
        for el in profile_title:
            text = norm_ws(el.text_content())
            if text:
                title, title_el = text, el
                break
        site_name = site_name or title_suffix
        language = self.language = self._language(meta, paragraphs, main, title)
        self.tz = self.tz_arg or (CHINESE_TZ if language == "zh" else None)

        body = BodyResult()
        if profile_bodies:
            # the profile's block(s), cleaned like any other (boilerplate paragraphs, byline lines)
            parts = [clean_body(el, title, now=self.now, tz=self.tz, paragraphs=collect_paragraphs(el, self.skip)) for el in profile_bodies]
            body = parts[0]
            for extra in parts[1:]:
                body.paragraphs.extend(extra.paragraphs)
                body.byline.merge(extra.byline)
                body.meta_dates.extend(extra.meta_dates)
            body.text = "\n\n".join(body.paragraphs)
        elif main is not None:
            if main_paragraphs is None:
                inside = set(self._elements_of(main))
                for lead in lead_siblings(main, paragraphs):
                    inside.update(lead.iter())  # the intro printed apart from the body container
                main_paragraphs = [p for p in paragraphs if p.owner in inside]
            body = clean_body(main, title, now=self.now, tz=self.tz, paragraphs=main_paragraphs)
        nav = find_navigation(
            tree, self.url, now=self.now, tz=self.tz, link_prev=meta.link_prev, link_next=meta.link_next,
            html_text=self.source, class_roots=[e for e in walk.skipped if _maybe_nav(e)] + walk.classed_matching(_NAV_ANY_CLASS_RE),
        )
        self.nav_containers = set(nav.containers)

        info = self._info_paragraphs(paragraphs, title_el, main)
        info_byline = Byline()
        for p in info:
            info_byline.merge(parse_byline(p.spaced))
        authors, poster = self._authors(meta, info, info_byline, body.byline, site_name)
        credits = self._credit_lines(main)
        editors = list(dict.fromkeys(info_byline.editors + body.byline.editors + credits.editors))
        editors = [e for e in editors if e not in authors]
        published, updated = self._dates(meta, info, body, main, title_el, paragraphs)
        if profile is not None:
            authors = self._profile_authors() or authors
            published = self._profile_date() or published
        source = (info_byline.source or body.byline.source or credits.source or self._source_slot(info)
                  or self._meta_source(meta, site_name))
        if source is None and language == "zh":
            source = self._unlabelled_outlet(info, title) or self._script_source()

        article = Article(
            url=self.url,
            canonical_url=meta.canonical or meta.og_url,
            title=title,
            body=body.text,
            authors=authors,
            editors=editors,
            source=source,
            source_url=info_byline.source_url or body.byline.source_url,
            published=published,
            updated=updated,
            prev=nav.prev,
            next=nav.next,
            language=language,
            site_name=site_name,
            poster=poster,
        )
        article.page_type = classify_page(
            tree, paragraphs=main_paragraphs or paragraphs, main=main, title=title,
            main_elements=self._elements_of(main) if main is not None else None,
        )
        return article

    # -- title ----------------------------------------------------------------------------------
    def _title(
        self, meta: PageMetadata, paragraphs: list[Paragraph], main: Element | None, site_name: str | None
    ) -> tuple[str | None, Element | None, str | None]:
        tag_title, suffix = clean_title_tag(meta.title_tag, site_name)
        refs = [r for r in (
            clean_title_tag(meta.og_title, site_name)[0], clean_title_tag(meta.jsonld_headline, site_name)[0], tag_title
        ) if r]
        refs = [r for r in refs if loose(r)]
        ref_loose = [loose(r) for r in refs]
        refs_for_loose = refs
        site_loose = loose(site_name or suffix or "")
        main_set = self._elements_of(main)
        best: tuple[tuple[int, int], str, Element] | None = None
        first_h1: tuple[str, Element] | None = None
        for el in self._title_candidates():
            tag = tag_of(el)
            if not tag:
                continue
            is_heading = tag in ("h1", "h2", "h3")
            if not is_heading and not (el.get("class") or el.get("id")):
                continue
            if not is_heading and not any(TITLE_HINT_RE.search(t) for t in class_tokens(el)):
                continue
            text = undouble(norm_ws(el.text_content()))
            if not 2 <= len(text) <= 200:
                continue
            lt = loose(text)
            if not lt or lt == site_loose:
                continue
            if tag != "h1" and not any(
                lt == ref or (len(lt) >= 4 and lt in ref and len(lt) >= 0.5 * len(ref)) or (ref in lt and len(ref) >= 0.6 * len(lt))
                for ref in ref_loose
            ):
                continue  # can match no reference title (the test below): spare the zone walk
            if self.excluded(el):
                continue
            if tag == "h1" and first_h1 is None and not self._in_skipped(el):
                first_h1 = (text, el)
            if "原标题" in text or "原標題" in text:
                continue
            kind = {"h1": 3, "h2": 1, "h3": 0}.get(tag, 2)
            near = 1 if (tag == "h1" or el in main_set or not main_set) else 0
            for ref, ref_text in zip(ref_loose, refs_for_loose):
                if lt == ref:
                    key, shown = (kind + near + 2, len(lt)), text
                elif len(lt) >= 4 and lt in ref and len(lt) >= 0.5 * len(ref):
                    key, shown = (kind + near, len(lt)), text
                elif ref in lt and len(ref) >= 0.6 * len(lt):
                    # the element adds a badge ("原创", "置顶") to the headline: keep the headline
                    key, shown = (kind + near, len(ref)), ref_text
                else:
                    continue
                if best is None or key > best[0]:
                    best = (key, shown, el)
        if best is not None:
            return best[1], best[2], suffix
        if first_h1 is not None and (not refs or len(first_h1[0]) >= 4):
            return first_h1[0], first_h1[1], suffix
        if refs:
            return refs[0], None, suffix
        return None, None, suffix

    def _title_candidates(self) -> list[Element]:
        hinted = self.walk.classed_matching(TITLE_HINT_RE)
        seen = set(self.walk.headings)
        return self.walk.headings + [e for e in hinted if e not in seen]

    def _in_skipped(self, el: Element) -> bool:
        node: Element | None = el
        while node is not None:
            if tag_of(node) in ("header", "nav") and not any("article" in t.lower() or "entry" in t.lower() or "post" in t.lower() for t in class_tokens(node)):
                # a site header's h1 is usually the logo; an article header's is the headline
                return tag_of(node) == "nav"
            node = node.getparent()
        return False

    # -- language -------------------------------------------------------------------------------
    def _language(self, meta: PageMetadata, paragraphs: list[Paragraph], main: Element | None, title: str | None) -> str | None:
        sample = "".join(p.text for p in paragraphs[:200])[:6000] + (title or "")
        ratio = cjk_ratio(sample)
        kana = len(KANA_RE.findall(sample))
        hangul = len(HANGUL_RE.findall(sample))
        hanzi = len(CJK_RE.findall(sample))
        # Japanese prose is a good part kana, Korean mostly hangul; a Chinese page's language menu
        # ("日本語") or a Korean name in an article about Korea is neither
        if kana > 20 and kana >= 0.1 * (kana + hanzi):
            content_lang = "ja"
        elif hangul > 20 and hangul >= 0.5 * (hangul + hanzi):
            content_lang = "ko"
        elif ratio >= 0.3:
            content_lang = "zh"
        else:
            words = [w.lower() for w in LATIN_WORD_RE.findall(sample)]
            hits = sum(1 for w in words if w in _EN_STOPWORDS)
            content_lang = "en" if words and hits / len(words) > 0.04 else None
        declared = meta.lang
        # templates often keep lang="en" on Chinese pages: strong content evidence wins
        if declared and content_lang and declared != content_lang and (ratio >= 0.5 or declared == "zh"):
            return content_lang
        return declared or content_lang

    # -- info line ------------------------------------------------------------------------------
    def _info_paragraphs(
        self, paragraphs: list[Paragraph], title_el: Element | None, main: Element | None, *, rescope: bool = True
    ) -> list[Paragraph]:
        """The short lines between the headline and the article text (date, source, author).

        Walked again around the headline with a lenient filter: info lines often sit in containers
        whose class looks like boilerplate ("share_box" holding the date), which the body walk skips.
        """
        page_paragraphs = paragraphs
        if title_el is not None and rescope:
            scope = title_el
            for _ in range(2):
                parent = scope.getparent()
                if parent is None or tag_of(parent) in ("body", "html"):
                    break
                scope = parent
            if scope is not title_el:
                paragraphs = collect_paragraphs(scope, self.lenient_skip, limit=_LENIENT_LIMIT)
        main_set = self._elements_of(main)
        title_index = None
        if title_el is not None:
            for i, p in enumerate(paragraphs):
                if p.owner is title_el or title_el in set(p.owner.iterancestors()):
                    title_index = i
                    break
        start = title_index + 1 if title_index is not None else 0
        end = len(paragraphs)
        for i in range(start, len(paragraphs)):
            p = paragraphs[i]
            if p.owner in main_set and len(p.text) >= 50 and p.link_chars < len(p.text) * 0.3:
                end = i
                break
        if title_index is None:
            start = max(0, end - 6)
        region = paragraphs[start:min(end, start + _MAX_INFO_PARAGRAPHS)]
        info = [p for p in region if len(p.text) <= 300 and not self.excluded(p.owner) and not _nav_text(p.text)]
        if not info and paragraphs is not page_paragraphs:
            # the headline's own small block (a table row) holds nothing more: the info line is in the next one
            return self._info_paragraphs(page_paragraphs, title_el, main, rescope=False)
        return info

    def _credit_lines(self, main: Element | None) -> Byline:
        """Editor / source credit lines printed just outside the text block ("责任编辑：…", "[责任编辑：…]").

        Templates put them in toolbars and share boxes the body walk skips, so they are found by
        their label text, then parsed from their own (short) element.
        """
        result = Byline()
        if self.language not in (None, "zh", "ja", "ko"):
            return result  # Chinese credit labels: not worth scanning the source of a page in another language
        if not self.source or not any(label in self.source for label in _CREDIT_LABELS):
            return result
        xpath = "//text()[" + " or ".join(f"contains(., '{c}')" for c in ("编", "編", "来源", "來源")) + "]"
        for text in self.tree.xpath(xpath):
            owner = text.getparent()
            if owner is None or self.excluded(owner):
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

    # -- authors --------------------------------------------------------------------------------
    def _accounts(self, info: list[Paragraph]) -> tuple[list[str], str | None]:
        """Unlabelled names in author/nickname slots of the info line: a person or a poster account."""
        persons: list[str] = []
        poster: str | None = None
        seen: set[Element] = set()
        for p in info:
            if p.owner is self.root or len(p.owner) > 40:
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

    def _structured_authors(self, meta: PageMetadata, site_name: str | None, source: str | None) -> tuple[list[str], str | None]:
        persons: list[str] = []
        poster: str | None = None
        org = [loose(x) for x in (site_name, source, meta.jsonld_publisher, clean_title_tag(meta.title_tag)[1]) if x]
        self._org_authors: list[str] = []
        for claim in meta.authors:
            names, account = split_person_names(claim)
            poster = poster or account
            if self.language != "zh":
                names = _claimed_names(claim, names)
            for name in names:
                ln = loose(name)
                if any(ln and (ln in o or o in ln) for o in org if o):
                    if name not in self._org_authors:
                        self._org_authors.append(name)
                    continue  # the site or publisher named as "author"
                if name not in persons:
                    persons.append(name)
        return persons, poster

    def _authors(
        self, meta: PageMetadata, info: list[Paragraph], info_byline: Byline, body_byline: Byline, site_name: str | None
    ) -> tuple[list[str], str | None]:
        structured, structured_poster = self._structured_authors(meta, site_name, info_byline.source or body_byline.source)
        accounts, account_poster = self._accounts(info)
        # a credit naming the outlet ("(中時 )" under a page of 中時電子報) names no person
        org = [loose(x) for x in (site_name, info_byline.source or body_byline.source, meta.jsonld_publisher) if x]
        body_authors = [n for n in body_byline.authors if not any(loose(n) and o and (loose(n) in o or o in loose(n)) for o in org)]
        labelled = list(dict.fromkeys(info_byline.authors + body_authors))
        poster = info_byline.poster or body_byline.poster or account_poster or structured_poster
        if body_authors:
            # the article names its authors in its own text: template slots hold the poster account
            authors = labelled
            others = [n for n in structured + accounts if n not in authors]
            poster = poster or (others[0] if others else None)
        elif structured and not (self.language == "zh" and accounts and not set(accounts) & set(structured)):
            authors = structured
        elif structured and not labelled:
            # a Chinese page's visible author slot names someone else: the structured claim is the
            # template's (the desk editor or the poster account), the slot is the reporter
            authors = accounts
            poster = poster or structured[0]
        elif labelled:
            authors = labelled
        else:
            authors = accounts
        if not authors and self.language == "zh":
            authors = self._labelled_authors_anywhere()
        if not authors and self.language != "zh":
            authors = list(self._org_authors)  # the page credits only its outlet: that is its author claim
        return authors, (poster if poster not in authors else None)

    def _labelled_authors_anywhere(self) -> list[str]:
        """A "作者：…" line anywhere outside comment/related zones, when the info line was not found."""
        for p in self.walk.paragraphs:
            if len(p.spaced) > 80 or not _AUTHOR_LINE_RE.match(p.spaced) or self.excluded(p.owner):
                continue
            parsed = parse_byline(p.spaced)
            if parsed.authors:
                return parsed.authors
        return []

    # -- dates ----------------------------------------------------------------------------------
    def _dates(
        self,
        meta: PageMetadata,
        info: list[Paragraph],
        body: BodyResult,
        main: Element | None,
        title_el: Element | None,
        paragraphs: list[Paragraph],
    ) -> tuple[DateFound | None, DateFound | None]:
        structured = next((d for d in (self._parse(raw, origin) for raw, origin in meta.published) if d), None)
        updated = next((d for d in (self._parse(raw, origin) for raw, origin in meta.modified) if d), None)
        visible, visible_updated = self._visible_date(info, main, title_el)
        updated = updated or visible_updated
        if visible is None and title_el is None and main is not None:
            visible = self._meta_line_before_main(paragraphs, main)
        if visible is None:
            visible = self._labelled_date_anywhere(paragraphs)
        elif not _YEAR_OR_RELATIVE_RE.search(visible.raw):
            # a year-less "08-23 11:19" near a guessed headline loses to a labelled full date
            labelled = self._labelled_date_anywhere(paragraphs)
            if labelled is not None and _YEAR_OR_RELATIVE_RE.search(labelled.raw) and not labelled.relative:
                visible = labelled
        if visible is None:
            for raw, where in sorted(body.meta_dates, key=lambda d: d[1] != "top"):
                visible = self._parse(raw, f"body-{where}")
                if visible:
                    break
        if visible is not None and not _YEAR_OR_RELATIVE_RE.search(visible.raw):
            visible = self._infer_year(visible, [d for d in (structured, updated) if d])
        published = structured
        if structured is None:
            published = visible
        elif visible is not None:
            if _PRECISION_RANK[visible.precision] > _PRECISION_RANK[structured.precision]:
                published = visible
            elif _PRECISION_RANK[visible.precision] >= _PRECISION_RANK["minute"] and visible.value[:10] == structured.value[:10]:
                # the same day: the time printed in the byline is the one readers (and editors) see;
                # templates' meta often carry the repost or last-save time with seconds
                published = visible
        if published is None and self.language == "zh":
            # Chinese portals often print the time with scripts from page data
            published = self._script_date()
        if published is None and self.language != "zh":
            published = self._fallback_date(paragraphs, main) or updated
        elif published is not None and published is structured and published.value.endswith("+00:00"):
            published = self._url_local_day(published) or published
        return published, updated

    def _url_local_day(self, found: DateFound) -> DateFound | None:
        """A UTC claim one day after the date in the URL path: the story went out in the evening of a
        site west of Greenwich, and the page (and its URL) show the local day."""
        m = _URL_FULL_DATE_RE.search(self.url)
        if not m:
            return None
        try:
            url_day = datetime(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            claimed = datetime.fromisoformat(found.value)
        except ValueError:
            return None
        if (claimed.replace(tzinfo=None).date() - url_day.date()).days != 1 or claimed.hour >= 12:
            return None
        return self._parse(url_day.strftime("%Y-%m-%d"), "url+utc-claim")

    def _fallback_date(self, paragraphs: list[Paragraph], main: Element | None) -> DateFound | None:
        """No dated info line, meta or JSON-LD: a ``<time>`` anywhere outside excluded zones, then a
        short dated line above the article text, then a publication key in script data."""
        for i, t in enumerate(self.root.iter("time")):
            if i >= 12:
                break
            # text-only stamps need a year written out (and stay off the slow dateparser path otherwise)
            if not t.get("datetime") and not (len(t) <= 3 and _FOUR_DIGIT_RE.search(t.text_content())):
                continue
            found = self._time_element(t)
            if found is not None and _YEAR_OR_RELATIVE_RE.search(found.raw):
                return found
        main_set = self._elements_of(main)
        start = next((i for i, p in enumerate(paragraphs) if p.owner in main_set and len(p.text) >= 80), len(paragraphs))
        for p in paragraphs[: min(start + 3, 60)]:
            if len(p.spaced) > 120 or _nav_text(p.text) or not _FOUR_DIGIT_RE.search(p.spaced):
                continue
            dates = find_dates(p.spaced, now=self.now, tz=self.tz, origin="text")
            if dates and not self.excluded(p.owner) and _YEAR_OR_RELATIVE_RE.search(dates[0].found.raw):
                return dates[0].found
        if self.source:
            m = _SCRIPT_PUBLISHED_RE.search(self.source)
            if m:
                return self._parse(m.group("v"), f"script:{m.group('k')}")
        # "Last updated: …" is the only date some pages show
        for p in paragraphs:
            if len(p.spaced) > 120 or not _FOUR_DIGIT_RE.search(p.spaced):
                continue
            label = UPDATE_LABEL_RE.search(p.spaced)
            if label is None or self.excluded(p.owner):
                continue
            dates = find_dates(p.spaced[label.start():], now=self.now, tz=self.tz, origin="updated-line")
            if dates:
                return dates[0].found
        # a line that is nothing but a date ("Feb 2, 2023", "Published: March 30, 2023"), anywhere
        for p in paragraphs:
            if len(p.spaced) > 40 or not _FOUR_DIGIT_RE.search(p.spaced) or _nav_text(p.text):
                continue
            dates = find_dates(p.spaced, now=self.now, tz=self.tz, origin="date-line")
            if not dates or len(DATE_LABEL_RE.sub("", p.spaced[: dates[0].start]).strip(" |·:-")) > 12:
                continue
            if len(p.spaced) - (dates[0].end - dates[0].start) <= 16 and not self.excluded(p.owner):
                return dates[0].found
        # a full /2020/08/24/ date in the URL path
        m = _URL_FULL_DATE_RE.search(self.url)
        if m:
            return self._parse(f"{m.group('y')}-{m.group('m')}-{m.group('d')}", "url")
        return None

    def _infer_year(self, found: DateFound, known: list[DateFound]) -> DateFound:
        """A year-less "09-30 22:46" got the fetch year: take the year of another full date of the page
        on the same month and day (meta, the URL, script data), else the URL's year."""
        try:
            value = datetime.fromisoformat(found.value)
        except ValueError:
            return found
        month_day = value.strftime("-%m-%d")
        candidates = [d.value[:10] for d in known]
        url_date = _URL_DATE_RE.search(self.url)
        url_year = None
        if url_date:
            url_year = int(url_date.group("y"))
            if url_date.group("m"):
                candidates.append(f"{url_year}-{url_date.group('m')}-{url_date.group('d') or '00'}")
        if self.source:
            candidates.extend(m.group(0)[:10].replace("/", "-") for m in _FULL_DATE_RE.finditer(self.source[:300000]))
        year = next((int(c[:4]) for c in candidates if c[4:10] == month_day and c[:4].isdigit()), None)
        if year is None:
            year = url_year
        if year is None or year == value.year:
            return found
        try:
            fixed = value.replace(year=year)
        except ValueError:  # 29 February
            return found
        if fixed > self.now.astimezone(fixed.tzinfo) + timedelta(days=1):
            return found
        return DateFound(fixed.isoformat(), found.raw, found.origin + "+year", found.precision, found.relative)

    def _script_date(self) -> DateFound | None:
        """Last resort: a publication time in the page's script data ("pubtime": "2019-09-07 19:02:26")."""
        if not self.source:
            return None
        m = _SCRIPT_DATE_RE.search(self.source)
        return self._parse(m.group("v"), f"script:{m.group('k')}") if m else None

    def _visible_date(self, info: list[Paragraph], main: Element | None, title_el: Element | None) -> tuple[DateFound | None, DateFound | None]:
        published: DateFound | None = None
        updated: DateFound | None = None
        yearless: DateFound | None = None
        for p in info:
            for m in find_dates(p.spaced, now=self.now, tz=self.tz, origin="byline"):
                before = p.spaced[max(0, m.start - 8):m.start]
                if _BARE_RELATIVE_DAY_RE.match(m.found.raw):
                    continue  # a bare "昨天" is a script's rendering of some time, not a date we can trust
                if UPDATE_LABEL_RE.search(before):
                    updated = updated or m.found
                elif not _YEAR_OR_RELATIVE_RE.search(m.found.raw):
                    # "12月12日" / "08-23 11:19": a guessed year; only if nothing better shows up
                    if yearless is None and (m.found.precision != "day" or DATE_LABEL_RE.search(p.spaced)):
                        yearless = m.found
                elif published is None:
                    published = m.found
            for t in p.owner.iter("time"):
                found = self._time_element(t)
                # the machine-readable stamp beats the text it decorates when it is more precise
                if found and (published is None or _PRECISION_RANK[found.precision] > _PRECISION_RANK[published.precision]):
                    published = found
            if published is not None:
                break
        if published is None:
            scope = [main] if main is not None else []
            if title_el is not None and title_el.getparent() is not None:
                scope.append(title_el.getparent())
            for root in scope:
                for t in root.iter("time"):
                    if not self.excluded(t):
                        published = self._time_element(t)
                        if published:
                            break
                if published:
                    break
        return published or yearless, updated

    def _time_element(self, t: Element) -> DateFound | None:
        if self.excluded(t):
            return None
        raw = t.get("datetime") or t.get("content") or ""
        found = self._parse(raw, "time[datetime]") if raw else None
        text = norm_ws(t.text_content())
        shown = (self._parse_regex(text, "time") if found else self._parse(text, "time")) if text else None
        if found and shown and _PRECISION_RANK[shown.precision] > _PRECISION_RANK[found.precision]:
            return shown
        return found or shown

    def _meta_line_before_main(self, paragraphs: list[Paragraph], main: Element) -> DateFound | None:
        """No headline element: a line of just a date and info fields ("2004-12-10  阅读10544次") right
        above the text block."""
        inside = self._elements_of(main)
        first = next((i for i, p in enumerate(paragraphs) if p.owner in inside), None)
        if first is None:
            return None
        for p in reversed(paragraphs[max(0, first - 3):first]):
            if len(p.spaced) > 60 or self.excluded(p.owner) or _nav_text(p.text):
                continue
            found = find_dates(p.spaced, now=self.now, tz=self.tz, origin="meta-line")
            if len(found) != 1 or not _YEAR_OR_RELATIVE_RE.search(found[0].found.raw) or found[0].found.relative:
                continue
            rest = p.spaced[:found[0].start] + " " + p.spaced[found[0].end:]
            if only_info_fields(DATE_LABEL_RE.sub("", rest.strip())):
                return found[0].found
        return None

    def _labelled_date_anywhere(self, paragraphs: list[Paragraph]) -> DateFound | None:
        """A 发布时间/Published: date anywhere on the page, outside excluded zones."""
        for p in paragraphs:
            if len(p.spaced) > 200 or _nav_text(p.text):
                continue
            label = _PUBLISH_LABEL_RE.search(p.spaced)
            if not label or self.excluded(p.owner):
                continue
            for m in find_dates(p.spaced[label.start():], now=self.now, tz=self.tz, origin="labelled"):
                return m.found
        return None

    # -- site profile ---------------------------------------------------------------------------
    def _profile_authors(self) -> list[str]:
        """Each match of the profile's ``authors`` selector: one name, or a labelled line ("作者：甲 乙")."""
        assert self.profile is not None
        names: list[str] = []
        for el in self.profile.select(self.tree, "authors") if self.profile.authors else []:
            text = spaced_text(el)
            if not text:
                continue
            parsed = parse_byline(text)
            found = parsed.authors if parsed.authors else split_person_names(text, lenient=True)[0]
            if not found and not parsed.authors and len(text) <= 60 and not parsed.editors and not parsed.source:
                found = [text]  # the user said this element is a name: trust it
            names.extend(n for n in found if n not in names)
        return names

    def _profile_date(self) -> DateFound | None:
        """The profile's ``published`` element: its datetime/content attribute, else its text."""
        assert self.profile is not None
        for el in self.profile.select(self.tree, "published") if self.profile.published else []:
            for raw, origin in ((el.get("datetime"), "profile[datetime]"), (el.get("content"), "profile[content]"),
                                (norm_ws(el.text_content()), "profile")):
                found = self._parse(raw, origin) if raw else None
                if found:
                    return found
        return None

    def _source_slot(self, info: list[Paragraph]) -> str | None:
        """An unlabelled outlet name in a source-classed slot of the info line ("date-source": date + outlet)."""
        seen: set[Element] = set()
        for p in info:
            if p.owner is self.root or len(p.owner) > 40:
                continue
            for el in p.owner.iter():
                if el in seen or not isinstance(el.tag, str) or not has_class_match(el, _SOURCE_HINT_RE):
                    continue
                seen.update(el.iter())
                text = spaced_text(el)
                if not text or len(text) > 60 or not parse_byline(text).is_empty():
                    continue
                for m in reversed(find_dates(text, now=self.now, tz=self.tz)):
                    text = text[:m.start] + " " + text[m.end:]
                text = DATE_LABEL_RE.sub("", norm_ws(text)).strip(" |丨/·:：-[]【】()（）")
                if 2 <= len(text) <= 20 and len(text.split()) <= 2 and not any(ch.isdigit() for ch in text):
                    return text
        return None

    def _unlabelled_outlet(self, info: list[Paragraph], title: str | None) -> str | None:
        """An outlet named without a label under the headline: a line that is only the outlet (and the
        date: "原创 南方都市报 2019-09-09 16:01"), or an author/nickname slot holding an outlet
        rather than a person (self-media accounts: "爱否科技", "IT之家")."""
        for p in info:
            if p.owner is self.root or len(p.owner) > 40 or len(p.spaced) > 60 or not parse_byline(p.spaced).is_empty():
                continue
            text = p.spaced
            dates = find_dates(text, now=self.now, tz=self.tz)
            for m in reversed(dates):
                text = text[:m.start] + " " + text[m.end:]
            rest = DATE_LABEL_RE.sub("", norm_ws(text))
            if re.search(r"[:：]", rest) or UPDATE_LABEL_RE.search(rest):
                continue  # "最新更新：<date>": a label whose value was the date
            name = outlet_name(rest)
            if name and (title is None or name not in title) and (dates or any(name.endswith(s) for s in ("社", "报", "報", "网", "網", "台"))):
                return name
        for p in info:
            if p.owner is self.root or len(p.owner) > 40:
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

    def _script_source(self) -> str | None:
        """Last resort on Chinese pages: the outlet in the page's script data."""
        if not self.source:
            return None
        for m in _SCRIPT_SOURCE_RE.finditer(self.source[:400000]):
            value = norm_ws(m.group("v"))
            if CJK_RE.search(value) and not value.startswith("http") and parse_byline(value).is_empty():
                name = outlet_name(value, labelled=True)
                if name:
                    return name
            break  # only the first claim: later ones describe related items
        return None

    def _meta_source(self, meta: PageMetadata, site_name: str | None) -> str | None:
        value = meta.source
        if not value or value.startswith("http") or len(value) > 40 or value.isdigit():
            return None
        return value


_CLAIM_SPLIT_RE = re.compile(r"\s*(?:[|;/&]|,|\band\b)\s*")
_CLAIM_NAME_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*(?:\s+[^\W\d_](?:[^\W\d_]|['’.\-])*){0,3}")


def _claimed_names(claim: str, names: list[str]) -> list[str]:
    """A structured author claim (meta/JSON-LD) on a non-Chinese page, taken as written when each part is
    name-shaped: accented and lowercase names ("Josef Průša", "kirstin boatto") and handles stay whole."""
    if CJK_RE.search(claim) or KANA_RE.search(claim) or HANGUL_RE.search(claim):
        return names  # East Asian names and credits follow the byline parser's rules
    parts = [re.sub(r"^by\s+", "", part, flags=re.IGNORECASE) for part in _CLAIM_SPLIT_RE.split(norm_ws(claim)) if part]
    if not parts or len(parts) > 6 or not all(_CLAIM_NAME_RE.fullmatch(part) for part in parts):
        return names
    if any(not any(name in part for part in parts) for name in names):
        return names  # the byline parser read something the plain split does not see
    return list(dict.fromkeys(parts))


def _outermost(elements: list[Element]) -> list[Element]:
    """Matches in document order without those nested inside another match."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


@attribute_gated
def _lenient_skip(el: Element) -> bool:
    """Skip only what never holds an info line: by tag, hidden, or a comment/related/nav zone."""
    tag = tag_of(el)
    if not tag or tag in SKIP_TAGS:
        return True
    return has_class_match(el, DATE_EXCLUDE_RE)


#: the three navigation class tables as one pattern (one memoised test per class string, not three)
_NAV_CLASS_RES = (NAV_CONTAINER_RE, NAV_PREV_CLASS_RE, NAV_NEXT_CLASS_RE)
_NAV_ANY_CLASS_RE = (
    re.compile("|".join(f"(?:{r.pattern})" for r in _NAV_CLASS_RES), _NAV_CLASS_RES[0].flags)
    if len({r.flags for r in _NAV_CLASS_RES}) == 1
    else re.compile("|".join(f"(?i:{r.pattern})" if r.flags & re.IGNORECASE else f"(?:{r.pattern})" for r in _NAV_CLASS_RES))
)


def _maybe_nav(el: Element) -> bool:
    """Subtrees worth a class scan for prev/next: navigation-ish class names only (keeps it cheap)."""
    return has_class_match(el, _NAV_ANY_CLASS_RE)


def _nav_text(text: str) -> bool:
    return bool(PREV_LABEL_RE.match(text) and text.lstrip("«‹<←[【(（ ").startswith(("上", "前")) or
                NEXT_LABEL_RE.match(text) and text.lstrip("«‹<[【(（ ").startswith(("下", "后")))
