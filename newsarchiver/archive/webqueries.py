"""The queries behind the web pages (``newsarchiver serve``) and ``newsarchiver report``.

Every function takes an open ``sqlite3.Connection`` (Datasette runs them through ``db.execute_fn``; the
report command on a read-only connection from :func:`connect_readonly`), only reads, and returns plain
dicts and lists. Columns that later migrations add (``copies.poster``, a copy's ``status``) are read
when the archive has them, so the pages work on archives of every schema version.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from . import files, search

#: Columns of ``copies`` read only when the archive has them (NULL otherwise): ``poster`` (issue 11's
#: migration), ``status`` (a copy's state once disappearances are recorded, migration 010: the pages grey
#: out a copy whose status is "gone" and print any other status but "alive" as a label) and the dates and
#: way of its disappearance (``gone_at``, ``gone_how``, ``restored_at``).
OPTIONAL_COPY_COLUMNS = ("poster", "status", "gone_at", "gone_how", "restored_at")

#: Repost pairs of the network: how many copies site ``target`` holds of stories whose original is on
#: site ``source`` (a different site). Also Datasette's canned query ``repost_network``.
REPOST_EDGES_SQL = """
SELECT o.site_id AS source_id, c.site_id AS target_id, count(*) AS reposts
FROM copies c JOIN stories st ON st.id = c.story_id JOIN copies o ON o.id = st.original_copy_id
WHERE c.site_id != o.site_id
GROUP BY o.site_id, c.site_id
"""

REPOST_NETWORK_QUERY = """
SELECT os.host AS original_site, cs.host AS copy_site, e.reposts
FROM (""" + REPOST_EDGES_SQL + """) e JOIN sites os ON os.id = e.source_id JOIN sites cs ON cs.id = e.target_id
ORDER BY e.reposts DESC, os.host, cs.host
"""


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an archive (``mode=ro``, ``query_only``): reports never write, even by
    accident (``files.connect_readonly``)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}")
    return files.connect_readonly(path, timeout=30)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def _optional(conn: sqlite3.Connection, alias: str = "c") -> str:
    """``, c.poster, NULL AS status, ...``: the optional copy columns, NULL where the archive lacks them."""
    have = _columns(conn, "copies")
    parts = []
    for col in OPTIONAL_COPY_COLUMNS:
        if col not in have:
            parts.append(f", NULL AS {col}")
        elif col == "status":  # a copy still there has nothing to show
            parts.append(f", CASE WHEN {alias}.status IN ('alive', '') THEN NULL ELSE {alias}.status END AS status")
        else:
            parts.append(f", {alias}.{col}")
    return "".join(parts)


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def is_archive(conn: sqlite3.Connection) -> bool:
    """Whether the database is a newsarchiver archive (has its copies, stories and sites)."""
    return all(_has_table(conn, t) for t in ("copies", "stories", "sites"))


# -- an article (one copy) --------------------------------------------------------------------------
def article(conn: sqlite3.Connection, copy_id: int) -> dict[str, Any] | None:
    """One copy with everything its page shows: fields, date provenance, credits, links, story, versions."""
    rows = _dicts(conn.execute(
        f"""SELECT c.id, c.url, c.fetched_url, c.canonical_url, c.title, c.body, c.source, c.source_url,
                   c.published, c.published_raw, c.published_from, c.published_precision,
                   c.updated, c.updated_raw, c.updated_from, c.language, c.site_name, c.encoding, c.http_status,
                   c.first_seen, c.last_seen, c.last_changed, c.fetch_count, c.version, c.story_id, c.story_reason,
                   c.story_similarity, c.story_matched_copy_id, c.template_removed,
                   s.host AS site, s.name AS site_display_name {_optional(conn)}
            FROM copies c JOIN sites s ON s.id = c.site_id WHERE c.id = ?""",
        [copy_id]))
    if not rows:
        return None
    record = rows[0]
    removed = record.pop("template_removed")
    record["template_removed"] = [text for _, text in json.loads(removed)] if removed else []
    credits: dict[str, list[str]] = {}
    for role, name in conn.execute(
            "SELECT cr.role, p.name FROM credits cr JOIN people p ON p.id = cr.person_id WHERE cr.copy_id = ? "
            "ORDER BY cr.role, cr.position", [copy_id]):
        credits.setdefault(role, []).append(name)
    record["authors"] = credits.get("author", [])
    record["editors"] = credits.get("editor", [])
    record["links"] = _dicts(conn.execute(
        """SELECT l.rel, l.url, l.title, l.published, u.copy_id AS target_copy_id
           FROM links l LEFT JOIN urls u ON u.url = l.target_url WHERE l.copy_id = ? ORDER BY l.rel DESC""",
        [copy_id]))
    record["seen_at"] = [r[0] for r in conn.execute("SELECT url FROM urls WHERE copy_id = ? ORDER BY url", [copy_id])]
    record["story"] = story_summary(conn, record["story_id"]) if record["story_id"] is not None else None
    changes = "changes" if "changes" in _columns(conn, "article_versions") else "NULL AS changes"
    record["versions"] = _dicts(conn.execute(
        f"""SELECT version, title, body, authors, editors, source, source_url, published, updated,
                  valid_from, valid_to, {changes}
           FROM article_versions WHERE copy_id = ? ORDER BY version""", [copy_id]))
    record["events"] = _dicts(conn.execute(
        """SELECT at, kind, status, http_status, url, target_url, notice, detail FROM copy_events
           WHERE copy_id = ? ORDER BY at, id""", [copy_id])) if _has_table(conn, "copy_events") else []
    return record


def story_summary(conn: sqlite3.Connection, story_id: int) -> dict[str, Any] | None:
    """A story's row (with how many copies survive: not gone) with its original copy's site and URL, and its
    copies in publication order (short)."""
    surviving = "st.surviving" if "surviving" in _columns(conn, "stories") else "st.copies"
    rows = _dicts(conn.execute(
        f"""SELECT st.id, st.title, st.copies, st.sites, st.first_published, st.original_copy_id,
                  st.original_reason, o.url AS original_url, o.fetched_url AS original_fetched_url,
                  os.host AS original_site, coalesce({surviving}, st.copies) AS surviving
           FROM stories st LEFT JOIN copies o ON o.id = st.original_copy_id LEFT JOIN sites os ON os.id = o.site_id
           WHERE st.id = ?""", [story_id]))
    if not rows:
        return None
    story = rows[0]
    story["copies_list"] = _dicts(conn.execute(
        f"""SELECT c.id AS copy_id, s.host AS site, c.url, c.fetched_url, c.title, c.published,
                   c.published_precision, (c.id = st.original_copy_id) AS is_original, c.story_reason,
                   c.story_similarity {_optional(conn)}
            FROM copies c JOIN sites s ON s.id = c.site_id JOIN stories st ON st.id = c.story_id
            WHERE c.story_id = ? ORDER BY c.published IS NULL, c.published, c.id""", [story_id]))
    return story


# -- a story: every copy, for the timeline -------------------------------------------------------------
def story(conn: sqlite3.Connection, story_id: int) -> dict[str, Any] | None:
    """A story and all its copies (publication order) with site, dates, how each joined and its 来源."""
    summary = story_summary(conn, story_id)
    if summary is None:
        return None
    summary.pop("copies_list")
    summary["copies_list"] = _dicts(conn.execute(
        f"""SELECT c.id AS copy_id, c.site_id, s.host AS site, s.name AS site_display_name, c.url, c.fetched_url,
                   c.title, c.published, c.published_precision, c.first_seen,
                   (c.id = st.original_copy_id) AS is_original, c.story_reason, c.story_similarity,
                   c.story_matched_copy_id, c.source, c.source_url {_optional(conn)}
            FROM copies c JOIN sites s ON s.id = c.site_id JOIN stories st ON st.id = c.story_id
            WHERE c.story_id = ? ORDER BY c.published IS NULL, c.published, c.id""", [story_id]))
    return summary


# -- a site ---------------------------------------------------------------------------------------------
def site(conn: sqlite3.Connection, host: str, *, template_min_stories: int = 4) -> dict[str, Any] | None:
    """One site: counts, publication dates (for the chart), where its reposts come from and go to, the
    template paragraphs learned for it, the crawl runs that fetched it and its fetch errors."""
    rows = _dicts(conn.execute("SELECT id, host, name, language, first_seen, last_seen FROM sites WHERE host = ?",
                               [host]))
    if not rows:
        return None
    record = rows[0]
    site_id = record["id"]
    (record["copies"], record["first_published"], record["last_published"],
     record["undated"]) = conn.execute(
        "SELECT count(*), min(published), max(published), sum(published IS NULL) FROM copies WHERE site_id = ?",
        [site_id]).fetchone()
    # per copy: its publication date, and whether it is a repost (its story's original is another site's)
    record["dated"] = [
        {"published": published, "repost": bool(repost)}
        for published, repost in conn.execute(
            """SELECT c.published, (o.site_id IS NOT NULL AND o.site_id != c.site_id)
               FROM copies c LEFT JOIN stories st ON st.id = c.story_id LEFT JOIN copies o ON o.id = st.original_copy_id
               WHERE c.site_id = ? AND c.published IS NOT NULL""", [site_id])]
    edges = f"({REPOST_EDGES_SQL})"
    record["reposted_from"] = _dicts(conn.execute(
        f"SELECT s.host AS site, e.reposts FROM {edges} e JOIN sites s ON s.id = e.source_id "
        "WHERE e.target_id = ? ORDER BY e.reposts DESC, s.host", [site_id]))
    record["reposted_by"] = _dicts(conn.execute(
        f"SELECT s.host AS site, e.reposts FROM {edges} e JOIN sites s ON s.id = e.target_id "
        "WHERE e.source_id = ? ORDER BY e.reposts DESC, s.host", [site_id]))
    record["reposts"] = sum(r["reposts"] for r in record["reposted_from"])
    record["originals"], record["originals_reposted"] = conn.execute(
        """SELECT count(*), sum(st.sites > 1) FROM stories st JOIN copies o ON o.id = st.original_copy_id
           WHERE o.site_id = ?""", [site_id]).fetchone()
    record["latest"] = _dicts(conn.execute(
        """SELECT c.id AS copy_id, c.title, c.published, c.story_id, st.copies AS story_copies,
                  (c.id = st.original_copy_id) AS is_original
           FROM copies c LEFT JOIN stories st ON st.id = c.story_id WHERE c.site_id = ?
           ORDER BY c.published IS NULL, c.published DESC, c.id DESC LIMIT 20""", [site_id]))
    record["templates"] = []
    if _has_table(conn, "site_blocks") and template_min_stories > 0:
        record["templates"] = _dicts(conn.execute(
            "SELECT stories, sample AS text FROM site_blocks WHERE site_id = ? AND stories >= ? "
            "ORDER BY stories DESC, key", [site_id, template_min_stories]))
    record["template_cleaned"] = conn.execute(
        "SELECT count(*) FROM copies WHERE site_id = ? AND template_removed IS NOT NULL", [site_id]).fetchone()[0] \
        if "template_removed" in _columns(conn, "copies") else 0
    # A fetch error belongs to the site its URL is on; a run to the site when it fetched or failed there.
    prefixes = [f"http://{host}/%", f"https://{host}/%"]
    record["errors_by_kind"] = _dicts(conn.execute(
        "SELECT kind, count(*) AS count FROM fetch_errors WHERE url LIKE ? OR url LIKE ? "
        "GROUP BY kind ORDER BY count(*) DESC, kind", prefixes))
    record["errors"] = _dicts(conn.execute(
        "SELECT run_id, url, kind, status, message, at FROM fetch_errors WHERE url LIKE ? OR url LIKE ? "
        "ORDER BY at DESC, id DESC LIMIT 50", prefixes))
    run_columns = _columns(conn, "crawl_runs")
    wanted = [c for c in ("id", "started", "finished", "status", "pages", "articles_new", "articles_changed",
                          "articles_unchanged", "not_modified", "skipped", "errors", "duration") if c in run_columns]
    record["runs"] = _dicts(conn.execute(
        f"""SELECT {', '.join('r.' + c for c in wanted)},
                   (SELECT count(*) FROM fetches f JOIN copies c ON c.id = f.copy_id
                    WHERE f.run_id = r.id AND c.site_id = :site) AS site_fetches,
                   (SELECT count(*) FROM fetch_errors e WHERE e.run_id = r.id
                    AND (e.url LIKE :p1 OR e.url LIKE :p2)) AS site_errors
            FROM crawl_runs r
            WHERE r.start_urls LIKE :like
               OR EXISTS (SELECT 1 FROM fetches f JOIN copies c ON c.id = f.copy_id
                          WHERE f.run_id = r.id AND c.site_id = :site)
               OR EXISTS (SELECT 1 FROM fetch_errors e WHERE e.run_id = r.id AND (e.url LIKE :p1 OR e.url LIKE :p2))
            ORDER BY r.id DESC LIMIT 30""",
        {"site": site_id, "p1": prefixes[0], "p2": prefixes[1], "like": f'%//{host}/%'}))
    return record


# -- the network of sites -------------------------------------------------------------------------------
def network(conn: sqlite3.Connection) -> dict[str, Any]:
    """Sites (with copies, reposts they hold, their originals reposted elsewhere) and repost pairs."""
    edges = _dicts(conn.execute(REPOST_EDGES_SQL))
    nodes = _dicts(conn.execute(
        "SELECT s.id, s.host, s.name, count(c.id) AS copies FROM sites s LEFT JOIN copies c ON c.site_id = s.id "
        "GROUP BY s.id ORDER BY s.host"))
    by_id = {n["id"]: n for n in nodes}
    for n in nodes:
        n["reposts_in"] = n["reposts_out"] = 0
    for e in edges:
        by_id[e["target_id"]]["reposts_in"] += e["reposts"]
        by_id[e["source_id"]]["reposts_out"] += e["reposts"]
    return {"nodes": nodes, "edges": edges}


# -- search ---------------------------------------------------------------------------------------------
#: The search page counts and facets at most this many matches (the ones archived last) of a query:
#: counting a term found in 200,000 copies, by site and by month, took seconds at 1M copies.
SEARCH_COUNT_AT_MOST = search.RANK_AT_MOST


def search_page(conn: sqlite3.Connection, query: str, *, site: str | None = None, month: str | None = None,
                limit: int = 50, offset: int = 0, order: str = "auto") -> dict[str, Any]:
    """Copies matching every term (``search.fts_query``) in ``order`` (``search.ORDERS``), with facets by site
    and month (``YYYY-MM`` of the publication date). Raises ValueError for an empty query.

    Counts and facets are exact when at most :data:`SEARCH_COUNT_AT_MOST` copies match; beyond that
    (``exact`` false) they are counted among the matches archived last, that many of them, and ``auto``
    lists the copies with every term in their title first rather than ranking every match."""
    match = search.fts_query(query)
    if order not in search.ORDERS:
        raise ValueError(f"unknown order {order!r}: use one of {', '.join(search.ORDERS)}")
    exact = search.count_at_most(conn, match, SEARCH_COUNT_AT_MOST) <= SEARCH_COUNT_AT_MOST
    # auto as search.choose_order decides it, from the count made here (the same bound)
    used = order if order != "auto" else "relevance" if exact else "title"
    params = {"match": match, "window": SEARCH_COUNT_AT_MOST}
    # the count and both facets from one pass over the matches archived last (all of them when there are
    # few): the index read backwards and stopped, only those copies joined, counted by (site, month)
    cells = conn.execute(
        """SELECT s.host, substr(c.published, 1, 7), count(*)
           FROM (SELECT rowid FROM copies_fts WHERE copies_fts MATCH :match ORDER BY rowid DESC LIMIT :window) f
           JOIN copies c ON c.id = f.rowid JOIN sites s ON s.id = c.site_id GROUP BY 1, 2""", params).fetchall()
    total = sum(n for host, when, n in cells if site in (None, host) and month in (None, when))
    found = search.ordered_matches(conn, match, used, limit=limit + 1, offset=offset, site=site, month=month)
    more = len(found) > limit
    found = found[:limit]
    results = []
    if found:
        by_id = {r["copy_id"]: r for r in _dicts(conn.execute(
            f"""SELECT c.id AS copy_id, c.title, s.host AS site, c.published, c.story_id, c.body, c.url,
                       st.copies AS story_copies, (c.id = st.original_copy_id) AS is_original
                FROM copies c JOIN sites s ON s.id = c.site_id LEFT JOIN stories st ON st.id = c.story_id
                WHERE c.id IN ({", ".join("?" * len(found))})""", [copy_id for copy_id, _ in found]))}
        results = [by_id[copy_id] for copy_id, _ in found if copy_id in by_id]
    # facets count the matches (of the window); each facet keeps the other facet's filter
    by_site: dict[str, int] = {}
    by_month: dict[str | None, int] = {}
    for host, when, n in cells:
        if month in (None, when):
            by_site[host] = by_site.get(host, 0) + n
        if site in (None, host):
            by_month[when] = by_month.get(when, 0) + n
    site_facet = [{"value": host, "count": n} for host, n in sorted(by_site.items(), key=lambda kv: (-kv[1], kv[0]))]
    month_facet = [{"value": when, "count": by_month[when]}  # newest first, undated last
                   for when in sorted(by_month, key=lambda w: (w is not None, w or ""), reverse=True)]
    return {"query": query, "total": total, "exact": exact, "counted": SEARCH_COUNT_AT_MOST, "more": more,
            "results": results, "sites": site_facet, "months": month_facet, "order": order, "used_order": used,
            "site": site, "month": month, "limit": limit, "offset": offset}


# -- lists ------------------------------------------------------------------------------------------------
def top_stories(conn: sqlite3.Connection, limit: int = 20) -> list[dict[str, Any]]:
    """Stories with the most copies, for the pages' "more stories" lists."""
    return _dicts(conn.execute(
        """SELECT st.id AS story_id, st.title, st.copies, st.sites, st.first_published
           FROM stories st WHERE st.copies > 1 ORDER BY st.copies DESC, st.sites DESC, st.id LIMIT ?""", [limit]))
