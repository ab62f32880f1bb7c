"""Published and updated: when the page says the article went out, and when it was last changed.

Two kinds of evidence are weighed. The page's **claims** (JSON-LD ``datePublished``, ``<meta>`` dates,
microdata) are machine stamps; repost templates often leave them pointing at the repost or the last
save. The **visible** date is what readers see; the first found wins:

1. a date in the info line under the headline (a ``<time>`` there when it is more precise than the
   text it decorates);
2. a ``<time>`` in the text block or the headline's block;
3. a dateline just above the headline (a short line of a date and labels);
4. a ``<time>`` in the article's own element (its ``<article>``, else its ``<main>``): the entry header or
   footer, a block theme's post-date — one hinted as the publication's first;
5. without a headline element: a line of just a date and info fields right above the text;
6. a labelled date anywhere ("发布时间：…", "Posted on …") outside excluded zones — it also beats a
   year-less visible date ("08-23 11:19");
7. a date line at the top (then the bottom) of the text block;
8. when the page shows nothing else, its "updated" date.

Dates labelled as updates ("Last updated:", "更新时间", ``<time class="updated">``) are the update's, never
the publication's, except as the last visible resort. A year-less visible date takes the year of another
full date of the page on the same month and day. The claim stands unless the visible date is more
precise, shows a time of day on the same day (the byline's time is the one editors publish; template
meta carry save times), or is a dateline (1-4) that names another day and the claim is not the CMS's
OpenGraph post date (``article:published_time``): JSON-LD blocks are often a page builder's first draft.
Then, when nothing was found: on Chinese pages a publication time in script data; on other pages a
``<time>`` anywhere, a short dated line above the text, a script-data key, an "updated" line, a line
that is only a date, the URL's ``/2020/08/24/`` and at last the updated date. The site profile's
``published`` selector beats all.

Updated: the claims' modified date, else a date labelled 更新/updated in the info line or just above the
headline.

Zones: no date is read from prev/next items, related lists, comments, sidebars or the page's footer; a
footer or aside *inside the article's own element* is the article's (WordPress prints the date there).
Every date is read in the page's timezone and carries the precision the page gives it (``dates.py``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..items import DateFound
from .body import BodyResult
from .bylines import only_info_fields
from .dom import Element, norm_ws, tag_of
from .navigation import is_nav_label
from .patterns import (
    BARE_RELATIVE_DAY_RE, DATE_LABEL_RE, FOUR_DIGIT_RE, FULL_DATE_RE, HEADLINE_DATE_RE, MONTHS_EN,
    PUBLISHED_HINT_RE, PUBLISH_LABEL_RE, SCRIPT_DATE_RE, SCRIPT_PUBLISHED_RE, UPDATED_HINT_RE,
    UPDATE_LABEL_RE, URL_DATE_RE, URL_FULL_DATE_RE, URL_NAMED_MONTH_DATE_RE, YEAR_OR_RELATIVE_RE,
)
from .walk import Paragraph, spaced_text, spaced_text_before

if TYPE_CHECKING:
    from .context import Choice, PageContext

__all__ = ["choose_published", "choose_updated"]

PRECISION_RANK = {"month": -1, "day": 0, "hour": 1, "minute": 2, "second": 3}
#: Visible evidence strong enough to overrule a claim that names another day: the dateline under or just
#: above the headline, and the article's own <time>. Date lines found at the top or bottom of the text
#: and labelled dates elsewhere on the page are weaker than the page's claim.
#: How many elements after the page's <h1> are looked at for a dateline the walk skipped.
NEAR_HEADING_ELEMENTS = 30
NEAR_HEADING_BEFORE = 8
DATELINE_ORIGINS = frozenset({"byline", "dateline", "headline", "time", "time[datetime]"})


def choose_published(page: PageContext, body: BodyResult) -> Choice[DateFound | None]:
    """The publication date (see the module docstring for the order of evidence)."""
    from .context import Choice

    found = _published(page, body)
    profiled = _profile_date(page)
    if profiled is not None:
        found = profiled
    return Choice(found, found.origin if found else None)


def choose_updated(page: PageContext) -> Choice[DateFound | None]:
    """The last-update date: the claims' modified date, else a 更新/updated date in the info line."""
    from .context import Choice

    found = _claimed(page, page.meta.modified) or _visible(page)[1]
    if found is None:
        before = _dateline_before_headline(page)
        found = before if before is not None and before.origin == "dateline-updated" else None
    return Choice(found, found.origin if found else None)


def _published(page: PageContext, body: BodyResult) -> DateFound | None:
    claimed = _claimed(page, page.meta.published)
    visible, visible_updated = _visible(page)
    if visible is None:
        visible = _dateline_before_headline(page)
    if visible is None:
        visible = _article_time(page)
    if visible is None and page.headline.element is None and page.main.element is not None:
        visible = _meta_line_before_main(page)
    if visible is None:
        visible = _labelled_anywhere(page)
    elif not YEAR_OR_RELATIVE_RE.search(visible.raw):
        # a year-less "08-23 11:19" near a guessed headline loses to a labelled full date
        labelled = _labelled_anywhere(page)
        if labelled is not None and YEAR_OR_RELATIVE_RE.search(labelled.raw) and not labelled.relative:
            visible = labelled
    if visible is None:
        for raw, where in sorted(body.meta_dates, key=lambda d: d[1] != "top"):
            visible = page.parse_date(raw, f"body-{where}")
            if visible:
                break
    if visible is None and visible_updated is not None:
        # a page that shows its readers only when it was last updated: dated by that when it claims nothing
        visible = replace(visible_updated, origin=visible_updated.origin + "-updated")
    if visible is not None and not YEAR_OR_RELATIVE_RE.search(visible.raw):
        visible = _infer_year(page, visible, [d for d in (claimed, choose_updated(page).value) if d])
    published = _arbitrate(claimed, visible)
    if published is None and page.language == "zh":
        published = _script_date(page)  # Chinese portals often print the time with scripts from page data
    if published is None and page.language != "zh":
        published = _fallback(page) or choose_updated(page).value
    elif published is not None and published is claimed and published.value.endswith("+00:00"):
        published = _url_local_day(page, published) or published
    return published


def _arbitrate(claimed: DateFound | None, visible: DateFound | None) -> DateFound | None:
    """The claim, unless the visible date names another day, is more precise, or shows a time on the
    same day. Readers see the visible date; templates' claims carry repost and last-save times, and
    JSON-LD often keeps a first draft's date."""
    if claimed is None:
        return visible
    if visible is None:
        return claimed
    if (visible.value[:10] != claimed.value[:10] and visible.origin in DATELINE_ORIGINS and _names_its_day(visible)
            and not claimed.origin.startswith("meta:")):
        return visible
    if PRECISION_RANK[visible.precision] > PRECISION_RANK[claimed.precision]:
        return visible
    if PRECISION_RANK[visible.precision] >= PRECISION_RANK["minute"] and visible.value[:10] == claimed.value[:10]:
        # the same day: the time printed in the byline is the one readers (and editors) see;
        # templates' meta often carry the repost or last-save time with seconds
        return visible
    return claimed


def _names_its_day(found: DateFound) -> bool:
    """A visible date that writes out its year, month and day (not a relative or year-less one)."""
    return (not found.relative and found.precision != "month" and "+year" not in found.origin
            and FOUR_DIGIT_RE.search(found.raw) is not None)


def _claimed(page: PageContext, claims: list[tuple[str, str]]) -> DateFound | None:
    return next((d for d in (page.parse_date(raw, origin) for raw, origin in claims) if d), None)


def _profile_date(page: PageContext) -> DateFound | None:
    """The profile's ``published`` element: its datetime/content attribute, else its text."""
    profile = page.profile
    for el in profile.select(page.tree, "published") if profile is not None and profile.published else []:
        for raw, origin in ((el.get("datetime"), "profile[datetime]"), (el.get("content"), "profile[content]"),
                            (norm_ws(el.text_content()), "profile")):
            found = page.parse_date(raw, origin) if raw else None
            if found:
                return found
    return None


# -- visible dates ---------------------------------------------------------------------------------

def _visible(page: PageContext) -> tuple[DateFound | None, DateFound | None]:
    """(published, updated) as the info line (or a ``<time>`` in the text's blocks) shows them."""
    published: DateFound | None = None
    updated: DateFound | None = None
    yearless: DateFound | None = None
    headline = page.headline.element
    if headline is not None:
        # a date printed inside the headline's element, after it ("标题<span class=post-date>…</span>")
        shown = norm_ws(headline.text_content())
        dated = HEADLINE_DATE_RE.search(shown)
        if dated and dated.start() >= 2:
            found = page.find_dates(shown[dated.start():], "headline")
            if found and _names_its_day(found[0].found):
                return found[0].found, None
    for p in page.info:
        matches = page.find_dates(p.spaced, "byline")
        # "3年前 (2024-01-03)": the written date says what the relative one rounds
        absolute = any(not m.found.relative and FOUR_DIGIT_RE.search(m.found.raw) for m in matches)
        for m in matches:
            before = p.spaced[max(0, m.start - 16):m.start]  # "Last updated: ", "最后更新时间："
            if BARE_RELATIVE_DAY_RE.match(m.found.raw) or (absolute and m.found.relative):
                continue  # a bare "昨天" is a script's rendering of some time, not a date we can trust
            if UPDATE_LABEL_RE.search(before):
                updated = updated or m.found
            elif not YEAR_OR_RELATIVE_RE.search(m.found.raw):
                # "12月12日" / "08-23 11:19": a guessed year; only if nothing better shows up
                if yearless is None and (m.found.precision != "day" or DATE_LABEL_RE.search(p.spaced)):
                    yearless = m.found
            elif published is None:
                published = m.found
        update_line = UPDATE_LABEL_RE.search(p.spaced) is not None and not PUBLISH_LABEL_RE.search(p.spaced)
        for t in p.owner.iter("time"):
            found = _time_element(page, t)
            if found and (update_line or _update_hinted(t)):
                updated = updated or found  # "Last updated: <time …>" dates the update, not the article
                continue
            # the machine-readable stamp beats the text it decorates when it is more precise
            if found and (published is None or PRECISION_RANK[found.precision] > PRECISION_RANK[published.precision]):
                published = found
        if published is not None:
            break
    if published is None or updated is None:
        # a <time> in the text's block or next to the headline: the publication's, or the update's if labelled so
        scope = [page.main.element] if page.main.element is not None else []
        headline = page.headline.element
        if headline is not None and headline.getparent() is not None:
            scope.append(headline.getparent())
        looked = 0
        for root in scope:
            for t in root.iter("time"):
                if published is not None and updated is not None or looked >= 20:  # 20: not a comment thread's
                    break
                if page.excluded(t):
                    continue
                looked += 1
                if _update_hinted(t):
                    updated = updated or _time_element(page, t)
                elif published is None:
                    published = _time_element(page, t)
    return published or yearless, updated


def _time_element(page: PageContext, t: Element) -> DateFound | None:
    if page.excluded(t):
        return None
    raw = t.get("datetime") or t.get("content") or ""
    found = page.parse_date(raw, "time[datetime]") if raw else None
    text = norm_ws(t.text_content())
    shown = (page.parse_date_regex(text, "time") if found else page.parse_date(text, "time")) if text else None
    if found and shown and PRECISION_RANK[shown.precision] > PRECISION_RANK[found.precision]:
        return shown
    return found or shown


def _dateline_before_headline(page: PageContext) -> DateFound | None:
    """A line just above the headline that is only a date and info fields ("Last updated: Dec 12, 2025")."""
    for p in page.before_headline:
        found = page.find_dates(p.spaced, "dateline")
        if len(found) != 1 or not _names_its_day(found[0].found):
            continue
        rest = p.spaced[:found[0].start] + " " + p.spaced[found[0].end:]
        if only_info_fields(DATE_LABEL_RE.sub("", UPDATE_LABEL_RE.sub("", rest).strip())):
            origin = "dateline-updated" if UPDATE_LABEL_RE.search(rest) else "dateline"
            return replace(found[0].found, origin=origin)
    return None


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _hints(t: Element) -> str:
    parent = t.getparent()
    return " ".join(filter(None, (t.get("class"), t.get("itemprop"), parent.get("class") if parent is not None else None)))


def _update_hinted(t: Element) -> bool:
    """A ``<time class="updated">``, in an "updated" slot, or after an "Updated:" label in its short line:
    the update's date, not the publication's. Only the words before the ``<time>`` or in it label it, the nearest
    label winning ("发布时间：… 更新时间：<time>"), and a headline's are never a label: a title that says
    "（更新）" does not make the byline's time under it an update."""
    hints = _hints(t)
    if UPDATED_HINT_RE.search(hints) and not PUBLISHED_HINT_RE.search(hints):
        return True
    own = spaced_text(t)  # its own words label it too: "<time>Last Updated: Dec 17…</time>"
    node = t
    for _ in range(3):
        if node is None:
            return False
        if len(spaced_text(node)) > 80:
            return False
        before = spaced_text_before(node, t, _HEADINGS) + " " + own
        update = [m.start() for m in UPDATE_LABEL_RE.finditer(before)]
        if update:
            publish = [m.start() for m in PUBLISH_LABEL_RE.finditer(before)]
            return not publish or publish[-1] < update[-1]
        node = node.getparent()
    return False


def _article_time(page: PageContext) -> DateFound | None:
    """A ``<time>`` in the article's own element (its entry header or footer, a block theme's post-date),
    a publication-hinted one first, an update-hinted one never."""
    scope = page.article
    if scope is None:
        return None
    hinted: list[Element] = []
    plain: list[Element] = []
    for t in scope.iter("time"):
        if _update_hinted(t):
            continue
        (hinted if PUBLISHED_HINT_RE.search(_hints(t)) else plain).append(t)
    for t in hinted + plain:
        found = _time_element(page, t)
        if found is not None:
            return found
    return None


def _meta_line_before_main(page: PageContext) -> DateFound | None:
    """No headline element: a line of just a date and info fields ("2004-12-10  阅读10544次") right
    above the text block."""
    paragraphs = page.walk.paragraphs
    inside = page.main.elements
    first = next((i for i, p in enumerate(paragraphs) if p.owner in inside), None)
    if first is None:
        return None
    for p in reversed(paragraphs[max(0, first - 3):first]):
        if len(p.spaced) > 60 or page.excluded(p.owner) or is_nav_label(p.text):
            continue
        found = page.find_dates(p.spaced, "meta-line")
        if len(found) != 1 or not YEAR_OR_RELATIVE_RE.search(found[0].found.raw) or found[0].found.relative:
            continue
        rest = p.spaced[:found[0].start] + " " + p.spaced[found[0].end:]
        if only_info_fields(DATE_LABEL_RE.sub("", rest.strip())):
            return found[0].found
    return None


def _labelled_anywhere(page: PageContext) -> DateFound | None:
    """A 发布时间/Published: date anywhere on the page, outside excluded zones."""
    for p in page.walk.paragraphs:
        if len(p.spaced) > 200 or is_nav_label(p.text):
            continue
        label = PUBLISH_LABEL_RE.search(p.spaced)
        if not label or page.excluded(p.owner):
            continue
        for m in page.find_dates(p.spaced[label.start():], "labelled"):
            return m.found
    return None


def _infer_year(page: PageContext, found: DateFound, known: list[DateFound]) -> DateFound:
    """A year-less "09-30 22:46" got the fetch year: take the year of another full date of the page
    on the same month and day (meta, the URL, script data), else the URL's year."""
    value = found.value  # "2023-09-30T22:46:00+08:00", or "2023-09-30" when no time was shown
    month_day = value[4:10]
    candidates = [d.value[:10] for d in known]
    url_date = URL_DATE_RE.search(page.url)
    url_year = None
    if url_date:
        url_year = int(url_date.group("y"))
        if url_date.group("m"):
            candidates.append(f"{url_year}-{url_date.group('m')}-{url_date.group('d') or '00'}")
    if page.source:
        candidates.extend(m.group(0)[:10].replace("/", "-") for m in FULL_DATE_RE.finditer(page.source[:300000]))
    year = next((int(c[:4]) for c in candidates if c[4:10] == month_day and c[:4].isdigit()), None)
    if year is None:
        year = url_year
    if year is None or year == int(value[:4]):
        return found
    fixed = f"{year:04d}{value[4:]}"
    try:
        if len(fixed) > 10:
            moment = datetime.fromisoformat(fixed)
            too_late = moment > page.fetched_at + timedelta(days=1)
        else:
            too_late = date.fromisoformat(fixed) > (page.fetched_at + timedelta(days=1)).date()
    except ValueError:  # 29 February
        return found
    if too_late:
        return found
    return DateFound(fixed, found.raw, found.origin + "+year", found.precision, found.relative)


# -- last resorts ------------------------------------------------------------------------------------

def _script_date(page: PageContext) -> DateFound | None:
    """A publication time in the page's script data ("pubtime": "2019-09-07 19:02:26")."""
    m = SCRIPT_DATE_RE.search(page.source) if page.source else None
    return page.parse_date(m.group("v"), f"script:{m.group('k')}") if m else None


def _url_local_day(page: PageContext, found: DateFound) -> DateFound | None:
    """A UTC claim one day after the date in the URL path: the story went out in the evening of a
    site west of Greenwich, and the page (and its URL) show the local day."""
    m = URL_FULL_DATE_RE.search(page.url)
    if not m:
        return None
    try:
        url_day = datetime(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        claimed = datetime.fromisoformat(found.value)
    except ValueError:
        return None
    if (claimed.replace(tzinfo=None).date() - url_day.date()).days != 1 or claimed.hour >= 12:
        return None
    return page.parse_date(url_day.strftime("%Y-%m-%d"), "url+utc-claim")


def _near_page_heading(page: PageContext) -> DateFound | None:
    """A short dated element right after (else just before) the page's ``<h1>`` in its block, read from
    the tree (the headline may sit in a banner the paragraph walk skips): "Dec 15, 2025" under a hero
    headline, "Last updated: Dec 12, 2025" over it."""
    h1 = next((h for h in page.root.iter("h1") if not page.excluded(h)), None)
    if h1 is None:
        return None
    scope = h1
    for _ in range(3):
        parent = scope.getparent()
        if parent is None or tag_of(parent) in ("body", "html"):
            break
        scope = parent
    before: list[Element] = []
    after: list[Element] = []
    seen_h1 = False
    around = set(h1.iterancestors()) | set(h1.iter())
    for el in scope.iter():
        if el is h1:
            seen_h1 = True
        elif not isinstance(el.tag, str) or el in around:
            continue
        elif not seen_h1:
            before.append(el)
        elif len(after) < NEAR_HEADING_ELEMENTS:
            after.append(el)
        else:
            break
    for el in after + before[::-1][:NEAR_HEADING_BEFORE]:
        text = norm_ws(el.text_content())
        if not text or len(text) > 60 or not FOUR_DIGIT_RE.search(text) or page.excluded(el):
            continue
        found = page.find_dates(text, "near-heading")
        if found and len(text) - (found[0].end - found[0].start) <= 24 and _names_its_day(found[0].found):
            return found[0].found
    return None


def _fallback(page: PageContext) -> DateFound | None:
    """No dated info line, meta or JSON-LD (pages not in Chinese): see the module docstring."""
    for i, t in enumerate(page.root.iter("time")):
        if i >= 12:
            break
        # text-only stamps need a year written out (and stay off the slow dateparser path otherwise)
        if not t.get("datetime") and not (len(t) <= 3 and FOUR_DIGIT_RE.search(t.text_content())):
            continue
        found = _time_element(page, t)
        if found is not None and YEAR_OR_RELATIVE_RE.search(found.raw):
            return found
    paragraphs = page.walk.paragraphs
    main_set = page.main.elements
    start = next((i for i, p in enumerate(paragraphs) if p.owner in main_set and len(p.text) >= 80), len(paragraphs))
    for p in paragraphs[: min(start + 3, 60)]:
        if len(p.spaced) > 120 or is_nav_label(p.text) or not FOUR_DIGIT_RE.search(p.spaced):
            continue
        dates = page.find_dates(p.spaced, "text")
        if dates and not page.excluded(p.owner) and YEAR_OR_RELATIVE_RE.search(dates[0].found.raw):
            return dates[0].found
    near = _near_page_heading(page)
    if near is not None:
        return near
    if page.source:
        m = SCRIPT_PUBLISHED_RE.search(page.source)
        if m:
            return page.parse_date(m.group("v"), f"script:{m.group('k')}")
    return _updated_line(page, paragraphs) or _date_line(page, paragraphs) or _url_date(page)


def _updated_line(page: PageContext, paragraphs: list[Paragraph]) -> DateFound | None:
    """"Last updated: …" is the only date some pages show."""
    for p in paragraphs:
        if len(p.spaced) > 120 or not FOUR_DIGIT_RE.search(p.spaced):
            continue
        label = UPDATE_LABEL_RE.search(p.spaced)
        if label is None or page.excluded(p.owner):
            continue
        dates = page.find_dates(p.spaced[label.start():], "updated-line")
        if dates:
            return dates[0].found
    return None


def _date_line(page: PageContext, paragraphs: list[Paragraph]) -> DateFound | None:
    """A line that is nothing but a date ("Feb 2, 2023", "Published: March 30, 2023"), anywhere."""
    for p in paragraphs:
        if len(p.spaced) > 40 or not FOUR_DIGIT_RE.search(p.spaced) or is_nav_label(p.text):
            continue
        dates = page.find_dates(p.spaced, "date-line")
        if not dates or len(DATE_LABEL_RE.sub("", p.spaced[: dates[0].start]).strip(" |·:-")) > 12:
            continue
        if len(p.spaced) - (dates[0].end - dates[0].start) <= 16 and not page.excluded(p.owner):
            return dates[0].found
    return None


def _url_date(page: PageContext) -> DateFound | None:
    """A full /2020/08/24/ (or /2023/october/03/) date in the URL path."""
    m = URL_FULL_DATE_RE.search(page.url)
    if m:
        return page.parse_date(f"{m.group('y')}-{m.group('m')}-{m.group('d')}", "url")
    m = URL_NAMED_MONTH_DATE_RE.search(page.url)
    if m:
        month = MONTHS_EN[m.group("mon")[:3].lower()]
        return page.parse_date(f"{m.group('y')}-{month:02d}-{int(m.group('d')):02d}", "url")
    return None
