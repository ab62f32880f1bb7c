"""What each page shows: ``webqueries`` records turned into a template context, pictures included.

A page is a function ``(conn, ..., links) -> context | None`` (None: nothing by that id). ``links`` says
where a page links to: :class:`ServedLinks` inside Datasette, :class:`ReportLinks` in a self-contained
report (no links into the archive, only to the pages on their sites). Templates:
``templates/newsarchiver/<page>.html``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from typing import Any

from markupsafe import Markup, escape

from ..archive import changes, search, webqueries
from . import pictures, rows


class ServedLinks:
    """URLs of the pages and tables inside ``newsarchiver serve`` (Datasette), for one database."""

    def __init__(self, database_path: str) -> None:
        self.db = database_path.rstrip("/")  # "/newsarchiver" (Datasette's urls.database(name))

    def article(self, copy_id: Any) -> str | None:
        return f"{self.db}/article/{copy_id}" if copy_id is not None else None

    def story(self, story_id: Any) -> str | None:
        return f"{self.db}/story/{story_id}" if story_id is not None else None

    def site(self, host: str | None) -> str | None:
        return f"{self.db}/site/{urllib.parse.quote(host, safe=':')}" if host else None

    def network(self) -> str | None:
        return f"{self.db}/network"

    def search(self, q: str = "", **filters: Any) -> str | None:
        params = {"q": q, **{k: v for k, v in filters.items() if v}}
        return f"{self.db}/find?" + urllib.parse.urlencode(params)

    def search_action(self) -> str | None:
        return f"{self.db}/find"

    def stories(self) -> str | None:
        return f"{self.db}/top_stories"

    def table(self, name: str, **params: Any) -> str | None:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        return f"{self.db}/{name}" + (f"?{query}" if query else "")

    def row(self, table: str, pk: Any) -> str | None:
        return f"{self.db}/{table}/{pk}"

    def database(self) -> str | None:
        return self.db


class ReportLinks(ServedLinks):
    """A report is one file: it links to no other page of the archive (the text says what they are)."""

    def __init__(self) -> None:
        super().__init__("")

    def article(self, copy_id: Any) -> str | None:
        return None

    def story(self, story_id: Any) -> str | None:
        return None

    def site(self, host: str | None) -> str | None:
        return None

    def network(self) -> str | None:
        return None

    def search(self, q: str = "", **filters: Any) -> str | None:
        return None

    def search_action(self) -> str | None:
        return None

    def stories(self) -> str | None:
        return None

    def table(self, name: str, **params: Any) -> str | None:
        return None

    def row(self, table: str, pk: Any) -> str | None:
        return None

    def database(self) -> str | None:
        return None


paragraphs = changes.paragraphs  # the body's paragraphs (the archive separates them with blank lines)


def display_when(value: str | None) -> str | None:
    """``2026-11-16T13:10:00+08:00`` → ``2026-11-16 13:10 +08:00`` (seconds kept when not zero); a date
    known only to the day or month stays as it is."""
    if not value or "T" not in value:
        return value
    day, _, rest = value.partition("T")
    m = re.match(r"(\d\d:\d\d)(:\d\d(?:\.\d+)?)?(.*)$", rest)
    if not m:
        return value.replace("T", " ")
    clock, seconds, offset = m.groups()
    if seconds and seconds.strip(":0."):
        clock += seconds
    return f"{day} {clock}" + (f" {offset}" if offset else "")


def similarity_label(reason: str | None, similarity: float | None) -> str:
    label = pictures.REASON_LABELS.get(reason or "new", reason or "")
    if reason == "near-duplicate" and similarity is not None:
        label += f" {similarity:.2f}"
    return label


# -- article --------------------------------------------------------------------------------------------
def article_page(conn: sqlite3.Connection, copy_id: int, links: ServedLinks) -> dict[str, Any] | None:
    record = webqueries.article(conn, copy_id)
    if record is None:
        return None
    record["paragraphs"] = paragraphs(record["body"])
    story = record["story"]
    original = None
    if story and story["original_copy_id"] is not None:
        original = {"copy_id": story["original_copy_id"], "site": story["original_site"],
                    "url": story["original_fetched_url"] or story["original_url"],
                    "is_self": story["original_copy_id"] == copy_id, "reason": story["original_reason"]}
    return {"page": "article", "a": record, "story": story, "original": original,
            "versions": version_changes(record), "links": links,
            "title": record["title"] or f"copy {copy_id}"}


def version_changes(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Each earlier version and what changed from it to the next (title, authors, dates, prev/next links,
    paragraphs added and removed: ``archive.changes``, the summary the archive stored with the version, or
    computed the same way for versions an older newsarchiver stored without one), newest change first."""
    versions = list(record["versions"])
    if not versions:
        return []
    current = {"version": record["version"], "title": record["title"], "body": record["body"],
               "authors": record["authors"], "editors": record["editors"],
               "source": record["source"], "source_url": record["source_url"], "published": record["published"],
               "updated": record["updated"], "valid_from": record["last_changed"], "valid_to": None}
    chain = versions + [current]
    out = []
    for old, new in zip(chain, chain[1:]):
        stored = old.get("changes")
        diff = json.loads(stored) if stored else changes.what_changed(old, new)
        out.append({"from_version": old["version"], "to_version": new["version"], "at": old.get("valid_to"),
                    "fields": diff["fields"], "old": {**old, "authors": "、".join(changes.names(old.get("authors")))},
                    "added": diff["added"], "removed": diff["removed"], "summary": changes.summary(diff)})
    return list(reversed(out))


# -- story ----------------------------------------------------------------------------------------------
def story_page(conn: sqlite3.Connection, story_id: int, links: ServedLinks, *,
               archive_option: str = "") -> dict[str, Any] | None:
    story = webqueries.story(conn, story_id)
    if story is None:
        return None
    copies = story["copies_list"]
    whens, first = pictures.timeline_positions(copies)
    same_title = False
    for c, w in zip(copies, whens):
        c["hours_after_first"] = (w.start - first).total_seconds() / 3600 if w and first else None
        c["delay"] = pictures.hours_label(c["hours_after_first"]) if c["hours_after_first"] is not None else None
        c["joined"] = similarity_label(c["story_reason"], c["story_similarity"])
        c["when"] = display_when(c["published"])
        c["href"], c["site_href"] = links.article(c["copy_id"]), links.site(c["site"])
        c["matched_href"] = links.article(c["story_matched_copy_id"]) \
            if c["story_reason"] == "near-duplicate" and c["story_matched_copy_id"] else None
        # the title only where it differs from the story's: a decorated title stands out in a long list
        if c["title"] == story["title"] and not c["is_original"]:
            c["shown_title"], same_title = "same title", True
        else:
            c["shown_title"] = c["title"] or "(no title)"
        c["row_class"] = " ".join(filter(None, ["na-original" if c["is_original"] else "",
                                                f"na-status-{c['status']}" if c.get("status") else ""]))
    svg = pictures.timeline_svg(copies, article_href=links.article, site_href=links.site)
    by_reason: dict[str, int] = {}
    for c in copies:
        by_reason[c["story_reason"] or "new"] = by_reason.get(c["story_reason"] or "new", 0) + 1
    spread = max((c["hours_after_first"] for c in copies if c["hours_after_first"] is not None), default=None)
    return {"page": "story", "story": story, "copies": copies, "timeline": svg, "links": links,
            "copy_rows": rows.copy_rows(copies),
            "by_reason": by_reason, "spread": pictures.hours_label(spread) if spread else None,
            "reason_labels": pictures.REASON_LABELS, "archive_option": archive_option,
            "others": [c["copy_id"] for c in copies if not c["is_original"]], "same_title": same_title,
            "title": story["title"] or f"story {story_id}"}


# -- site -----------------------------------------------------------------------------------------------
def site_page(conn: sqlite3.Connection, host: str, links: ServedLinks, *,
              template_min_stories: int = 4) -> dict[str, Any] | None:
    site = webqueries.site(conn, host, template_min_stories=template_min_stories)
    if site is None:
        return None
    chart = pictures.activity_svg(site["dated"])
    share = site["reposts"] / site["copies"] if site["copies"] else 0.0
    most = max((r["reposts"] for r in site["reposted_from"] + site["reposted_by"]), default=1)
    return {"page": "site", "site": site, "chart": chart, "share": share, "most": most, "links": links,
            "template_min_stories": template_min_stories, "title": site["name"] or host}


# -- network --------------------------------------------------------------------------------------------
def network_page(conn: sqlite3.Connection, links: ServedLinks) -> dict[str, Any]:
    data = webqueries.network(conn)
    svg = pictures.network_svg(data["nodes"], data["edges"], site_href=links.site)
    hosts = {n["id"]: n["host"] for n in data["nodes"]}
    pairs = sorted(({"source": hosts[e["source_id"]], "target": hosts[e["target_id"]], "reposts": e["reposts"]}
                    for e in data["edges"]), key=lambda p: (-p["reposts"], p["source"], p["target"]))
    nodes = sorted(data["nodes"], key=lambda n: (-n["reposts_out"], -n["copies"], n["host"]))
    return {"page": "network", "network": svg, "nodes": nodes, "pairs": pairs, "links": links,
            "title": "Repost network"}


# -- search ---------------------------------------------------------------------------------------------
def highlight(text: str | None, terms: list[str]) -> Markup:
    """The text, escaped, with every occurrence of a term in ``<mark>``: Chinese terms anywhere, a Latin
    word only as a whole word (as the index matches it), case-insensitively."""
    text = text or ""
    patterns = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        if re.fullmatch(r"[\w'-]+", term, re.ASCII):
            patterns.append(rf"(?<![\w]){re.escape(term)}(?![\w])")
        else:
            patterns.append(re.escape(term))
    if not patterns:
        return escape(text)
    out, last = [], 0
    for m in re.finditer("|".join(patterns), text, re.IGNORECASE):
        out.append(escape(text[last:m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def search_terms(query: str) -> list[str]:
    """What to highlight: the typed terms that the index can match (words, or runs of Chinese)."""
    terms = []
    for term in query.split():
        terms.extend(re.findall(r"[^\W_]+", term))
    return terms


def excerpt(body: str, terms: list[str], width: int = 120) -> str:
    """The body around its first matched term, on one line."""
    flat = re.sub(r"\s+", " ", body or "")
    lower = flat.lower()
    hits = [i for i in (lower.find(t.lower()) for t in terms) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    return ("…" if start else "") + flat[start:start + width] + ("…" if start + width < len(flat) else "")


#: The search page's orders (its ``sort`` argument; ``auto`` when absent), as the page names them.
SEARCH_SORTS = {"relevance": "best match", "title": "title matches first", "archived": "archived last"}


def search_page(conn: sqlite3.Connection, query: str, links: ServedLinks, *, site: str | None = None,
                month: str | None = None, page: int = 1, per_page: int = 30, sort: str | None = None) -> dict[str, Any]:
    sort = sort if sort in SEARCH_SORTS else None  # anything else: auto
    context: dict[str, Any] = {"page": "search", "q": query, "links": links, "title": "Search", "sort": sort,
                               "sorts": SEARCH_SORTS, "site": site, "month": month, "results": None, "error": None}
    if not query.strip():
        return context
    try:
        search.fts_query(query)
    except ValueError as exc:
        context["error"] = str(exc)
        return context
    page = max(1, page)
    data = webqueries.search_page(conn, query, site=site, month=month, limit=per_page,
                                  offset=(page - 1) * per_page, order=sort or "auto")
    terms = search_terms(query)
    for r in data["results"]:
        r["title_html"] = highlight(r["title"], terms)
        r["excerpt_html"] = highlight(excerpt(r.pop("body") or "", terms), terms)
    data["page"] = page
    # an exact count gives the number of pages; a bounded one only whether there is a next page
    data["pages"] = max(1, -(-data["total"] // per_page)) if data["exact"] else None
    data["has_next"] = data["more"]
    context.update(results=data, title=f"Search: {query}")
    return context
