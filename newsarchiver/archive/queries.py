"""Reading the archive: search, one copy in full, statistics, stories, gaps and runs.

Every function takes an open :class:`~newsarchiver.archive.core.ArchiveReader` (or an ``Archive``) and
only reads. Export records are in ``records.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..urls import url_key
from . import copystatus, records, runs, search
from .core import ArchiveReader

#: The largest integer SQLite stores: a copy or story id beyond it cannot exist.
MAX_ID = 2**63 - 1


#: How ``search_copies`` can order its results (``search.ORDERS``): ``auto`` (the default) ranks by BM25 a
#: query with at most ``search.RANK_AT_MOST`` matches, else puts the copies with every term in their title
#: first; ``relevance`` always ranks by BM25; ``title``; ``archived``: the copies archived last first.
SEARCH_ORDERS = search.ORDERS


def search_order(archive: ArchiveReader, query: str, order: str = "auto") -> str:
    """The order ``search_copies(archive, query, order=order)`` uses: ``auto`` resolved by the match count."""
    return search.choose_order(archive.db, search.fts_query(query), order)


def search_copies(archive: ArchiveReader, query: str, *, limit: int = 20, site: str | None = None,
                  order: str = "auto") -> list[dict[str, Any]]:
    """Copies matching every term of ``query``, in ``order`` (``SEARCH_ORDERS``; :func:`search_order` says
    what ``auto`` became).

    Relevance (BM25, the title weighted 5x the body) has to score every match, so a term found in a fifth
    of a 1M-copy archive takes a second or more; ``title`` and ``archived`` read the index in its own
    (rowid) order, backwards, and stop after ``limit`` matches: milliseconds at any size
    (docs/benchmarks.md, "Full-text search at 1M copies")."""
    match = search.fts_query(query)
    order = search.choose_order(archive.db, match, order)
    # rank in the index alone (joined only to filter by site), then read the few copies shown: joining first
    # read the copies row (body included) of every match, 2-3x slower for a term in a fifth of 1M copies
    found = search.ordered_matches(archive.db, match, order, limit=limit, site=site)
    if not found:
        return []
    by_id = {row[0]: row for row in archive.db.execute(
        f"""SELECT c.id, c.title, s.host AS site, c.url, c.published, c.story_id, c.body
            FROM copies c JOIN sites s ON s.id = c.site_id WHERE c.id IN ({", ".join("?" * len(found))})""",
        [copy_id for copy_id, _ in found])}
    rows = [(*by_id[copy_id], rank) for copy_id, rank in found if copy_id in by_id]
    keys = ("id", "title", "site", "url", "published", "story_id", "body", "rank")
    results = []
    for row in rows:
        record = dict(zip(keys, row))
        record["snippet"] = snippet(record.pop("body") or "", query)
        results.append(record)
    return results


def snippet(body: str, query: str, width: int = 60) -> str:
    """The body around the first occurrence of a query term, on one line."""
    flat = re.sub(r"\s+", " ", body)
    for term in query.split():
        pos = flat.lower().find(term.lower())
        if pos >= 0:
            start = max(0, pos - width // 2)
            return ("…" if start else "") + flat[start : start + width] + ("…" if start + width < len(flat) else "")
    return flat[:width] + ("…" if len(flat) > width else "")


def find_copy_id(archive: ArchiveReader, ref: str) -> int | None:
    """A copy by its id or by any URL it was seen at."""
    if ref.isascii() and ref.isdigit():
        if int(ref) > MAX_ID:
            return None
        row = archive.db.execute("SELECT id FROM copies WHERE id = ?", [int(ref)]).fetchone()
    else:
        row = archive.db.execute("SELECT copy_id FROM urls WHERE url = ?", [url_key(ref)]).fetchone()
    return row[0] if row else None


def story_of_url(archive: ArchiveReader, url: str) -> int | None:
    """The story of the copy seen at ``url`` (None if no copy was)."""
    row = archive.db.execute("SELECT c.story_id FROM urls u JOIN copies c ON c.id = u.copy_id WHERE u.url = ?",
                             [url_key(url)]).fetchone()
    return row[0] if row else None


def story_and_status_of_url(archive: ArchiveReader, url: str) -> tuple[int | None, str | None]:
    """The story and status (alive, restored…) of the copy seen at ``url`` (Nones if no copy was)."""
    row = archive.db.execute("SELECT c.story_id, c.status FROM urls u JOIN copies c ON c.id = u.copy_id "
                             "WHERE u.url = ?", [url_key(url)]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def copy_record(archive: ArchiveReader, copy_id: int) -> dict[str, Any]:
    """One copy as an export record: the extraction keys plus story, site and fetch facts."""
    return records.article_records(archive, [copy_id])[copy_id]


def copy_details(archive: ArchiveReader, copy_id: int) -> dict[str, Any]:
    """Everything ``show`` prints: the record plus date provenance, the story's other copies and URLs."""
    record = copy_record(archive, copy_id)
    db = archive.db
    row = db.execute(
        "SELECT published_raw, published_from, published_precision, updated_raw, updated_from, updated_precision, "
        "poster, encoding, http_status, first_seen, last_seen, fetch_count FROM copies WHERE id = ?",
        [copy_id],
    ).fetchone()
    record["provenance"] = dict(
        zip(("published_raw", "published_from", "published_precision", "updated_raw", "updated_from",
             "updated_precision", "poster", "encoding", "http_status", "first_seen", "last_seen", "fetch_count"), row)
    )
    record["seen_at"] = [r[0] for r in db.execute("SELECT url FROM urls WHERE copy_id = ? ORDER BY url", [copy_id])]
    removed = db.execute("SELECT template_removed FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
    record["template_removed"] = [text for _, text in json.loads(removed)] if removed else []
    record["disappearance"] = dict(zip(
        ("status", "last_seen_alive", "first_seen_gone", "how", "restored_at", "last_checked", "failed_visits"),
        db.execute("SELECT status, last_seen, gone_at, gone_how, restored_at, last_checked, failed_visits "
                   "FROM copies WHERE id = ?", [copy_id]).fetchone()))
    record["events"] = copystatus.events(db, copy_id)
    record["versions"] = [
        {**dict(zip(("version", "title", "valid_from", "valid_to"), r[:4])),
         "changes": json.loads(r[4]) if r[4] else None}
        for r in db.execute("SELECT version, title, valid_from, valid_to, changes FROM article_versions "
                            "WHERE copy_id = ? ORDER BY version", [copy_id])]
    record["story"] = [
        dict(zip(("copy_id", "site", "url", "published", "is_original", "status"), r))
        for r in db.execute(
            "SELECT sc.copy_id, sc.site, sc.url, sc.published, sc.is_original, c.status FROM story_copies sc "
            "JOIN copies c ON c.id = sc.copy_id WHERE sc.story_id = ? "
            "ORDER BY sc.published IS NULL, julianday(sc.published), sc.copy_id",
            [record["story_id"]],
        )
    ]
    return record


def archive_stats(archive: ArchiveReader) -> dict[str, Any]:
    """Counts a user checks after a crawl: articles, sites, stories, reposts, people, links, runs."""
    db = archive.db

    def one(sql: str) -> Any:
        return db.execute(sql).fetchone()[0]

    return {
        "archive": str(archive.path),
        "articles": one("SELECT count(*) FROM copies"),
        "sites": one("SELECT count(*) FROM sites"),
        "stories": one("SELECT count(*) FROM stories"),
        "stories_with_copies": one("SELECT count(*) FROM stories WHERE copies > 1"),
        "stories_across_sites": one("SELECT count(*) FROM stories WHERE sites > 1"),
        "people": one("SELECT count(*) FROM people"),
        "links": one("SELECT count(*) FROM links"),
        "links_resolved": one("SELECT count(*) FROM links_resolved WHERE target_copy_id IS NOT NULL"),
        "copies_missing": one("SELECT count(*) FROM copies WHERE status != 'alive' AND status = 'missing'"),
        "copies_gone": one("SELECT count(*) FROM copies WHERE status != 'alive' AND status = 'gone'"),
        "copies_restored": one("SELECT count(*) FROM copies WHERE status != 'alive' AND status = 'restored'"),
        "crawl_runs": one("SELECT count(*) FROM crawl_runs"),
        "fetch_errors": one("SELECT count(*) FROM fetch_errors"),
        "per_site": [
            dict(zip(("site", "name", "articles", "first_published", "last_published"), r))
            for r in db.execute(
                "SELECT s.host, s.name, count(c.id), min(c.published), max(c.published) FROM sites s "
                "LEFT JOIN copies c ON c.site_id = s.id GROUP BY s.id ORDER BY s.host"
            )
        ],
    }


def to_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def list_stories(archive: ArchiveReader, *, min_copies: int = 2, site: str | None = None,
                 limit: int = 50) -> list[dict[str, Any]]:
    """Stories with at least ``min_copies`` copies (optionally one on ``site``), most copies first."""
    params: list[Any] = [min_copies]
    site_clause = ""
    if site:
        site_clause = ("AND st.id IN (SELECT c2.story_id FROM copies c2 JOIN sites s2 ON s2.id = c2.site_id "
                       "WHERE s2.host = ?)")
        params.append(site)
    rows = archive.db.execute(
        f"""SELECT st.id, st.title, st.copies, st.sites, st.first_published, s.host, c.url, st.original_reason,
                   st.surviving, c.status
            FROM stories st LEFT JOIN copies c ON c.id = st.original_copy_id LEFT JOIN sites s ON s.id = c.site_id
            WHERE st.copies >= ? {site_clause}
            ORDER BY st.copies DESC, st.first_published, st.id LIMIT ?""",
        [*params, limit],
    ).fetchall()
    keys = ("id", "title", "copies", "sites", "first_published", "original_site", "original_url", "original_reason",
            "surviving", "original_status")
    return [dict(zip(keys, r)) for r in rows]


def story_details(archive: ArchiveReader, story_id: int) -> dict[str, Any] | None:
    """A story with every copy in publication order: site, date, why it joined, which is the original."""
    row = archive.db.execute(
        "SELECT id, title, copies, sites, first_published, original_copy_id, original_reason, surviving "
        "FROM stories WHERE id = ?", [story_id]
    ).fetchone()
    if row is None:
        return None
    story = dict(zip(("id", "title", "copies", "sites", "first_published", "original_copy_id", "original_reason",
                      "surviving"), row))
    story["copies_list"] = [
        dict(zip(("copy_id", "site", "url", "title", "published", "is_original", "story_reason", "story_similarity",
                  "story_matched_copy_id", "source", "authors", "status", "first_seen_gone", "gone_how"), r))
        for r in archive.db.execute(
            """SELECT sc.copy_id, sc.site, sc.url, sc.title, sc.published, sc.is_original, sc.story_reason,
                      sc.story_similarity, sc.story_matched_copy_id, a.source, a.authors, c.status, c.gone_at,
                      c.gone_how
               FROM story_copies sc JOIN articles a ON a.id = sc.copy_id JOIN copies c ON c.id = sc.copy_id
               WHERE sc.story_id = ? ORDER BY sc.published IS NULL, sc.published, sc.copy_id""",
            [story_id],
        )
    ]
    return story


def gone_copies(archive: ArchiveReader, *, site: str | None = None, since: str | None = None,
                include_missing: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Copies found gone (and, with ``include_missing``, those found removed once or more but not yet
    believed gone), newest disappearance first: where, since when, how (status, redirect target, notice),
    their story, and the story's copies that survive elsewhere. ``since``: first seen gone on or after
    this date or time (``records.parse_bound``)."""
    clauses = ["status IN ('missing', 'gone')" if include_missing else "status = 'gone'"]
    params: list[Any] = []
    if site:
        clauses.append("site = ?")
        params.append(site)
    if since:
        dates, date_params = records.Filters(since=since).date_clauses("first_seen_gone")
        clauses += dates
        params += date_params
    sql = (f"SELECT * FROM gone_copies WHERE {' AND '.join(clauses)} "
           "ORDER BY first_seen_gone DESC, copy_id" + (" LIMIT ?" if limit else ""))
    cursor = archive.db.execute(sql, [*params, limit] if limit else params)
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, row)) for row in cursor.fetchall()]
    for record in found:
        record["surviving"] = [
            dict(zip(("copy_id", "site", "url", "status", "is_original"), r)) for r in archive.db.execute(
                """SELECT c.id, s.host, coalesce(c.fetched_url, c.url), c.status, (c.id = st.original_copy_id)
                   FROM copies c JOIN sites s ON s.id = c.site_id JOIN stories st ON st.id = c.story_id
                   WHERE c.story_id = ? AND c.id != ? AND c.status != 'gone'
                   ORDER BY c.published IS NULL, c.published, c.id""", [record["story_id"], record["copy_id"]])]
    return found


def gaps(archive: ArchiveReader, *, site: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Pages known only from prev/next links: linked from an archived copy, never archived themselves."""
    params: list[Any] = []
    clause = ""
    if site:
        clause = "AND s.host = ?"
        params.append(site)
    sql = f"""SELECT l.target_url, min(l.url), min(l.title), min(l.published), count(*), min(s.host)
              FROM links l JOIN copies c ON c.id = l.copy_id JOIN sites s ON s.id = c.site_id
              LEFT JOIN urls u ON u.url = l.target_url
              WHERE u.url IS NULL {clause}
              GROUP BY l.target_url ORDER BY min(l.published) IS NULL, min(l.published), l.target_url"""
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    keys = ("url_key", "url", "title", "published", "linked_from", "site")
    return [dict(zip(keys, r)) for r in archive.db.execute(sql, params)]


def crawl_runs(archive: ArchiveReader, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first, with their counts (stats JSON left out)."""
    return runs.crawl_runs(archive.db, limit=limit)


def crawl_run(archive: ArchiveReader, run_id: int) -> dict[str, Any] | None:
    """One crawl run by id (as :func:`crawl_runs` lists them), or None."""
    return runs.crawl_run(archive.db, run_id)


def latest_run(archive: ArchiveReader) -> dict[str, Any] | None:
    """The newest crawl run (what a crawl's summary reports), or None."""
    found = runs.crawl_runs(archive.db, limit=1)
    return found[0] if found else None
