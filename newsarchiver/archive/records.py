"""Records out of the archive: articles, copies and stories as dicts, and stored fetches with their bodies.

What ``export`` writes (JSONL, CSV, WARC; ``exports.py`` formats it) and what ``show`` prints come from
here, filtered by :class:`Filters`. Every function takes an :class:`~.core.ArchiveReader` (or an
:class:`~.core.Archive`) and only reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..items import EXTRACT_KEYS
from .core import ArchiveReader
from .rawpages import decompress

#: The keys of an ``articles`` record: the extract keys plus story, site, fetch time and the copy's status
#: (alive, missing, gone, restored: docs/archive.md, "Disappearances").
ARTICLE_KEYS = (*EXTRACT_KEYS, "story_id", "site", "fetched_at", "status")

#: The record kinds there are.
RECORD_KINDS = ("articles", "copies", "stories")

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_bound(value: str) -> str:
    """A date or time bound as SQLite compares it: ``2024-05-01`` (also written ``20240501``) or an ISO
    8601 time with any offset (``2024-05-01T08:00:00+08:00``, ``20240501T080000+0800``), in the one
    spelling SQLite's date functions read. ValueError for anything else."""
    text = value.strip()
    try:
        if len(text) in (8, 10) and "T" not in text:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (2024-05-01) or an ISO 8601 time "
                         "(2024-05-01T08:00:00+08:00)") from None


@dataclass
class Filters:
    """What to export: copies of one site, published in a date range, of one story.

    ``since``/``until`` are dates (``2024-05-01``: compared with the date as the page wrote it, both
    ends inclusive) or ISO timestamps (compared as instants, offsets honoured); a copy whose date is
    known only to the day or the month is compared at that precision (never as an invented midnight);
    :func:`parse_bound`
    normalises them on construction (ValueError for anything else). A copy without a publication date
    is left out when either is given. For stories, the range applies to the story's first publication
    and ``site`` keeps stories with a copy on that site.
    """

    site: str | None = None
    since: str | None = None
    until: str | None = None
    story_id: int | None = None

    def __post_init__(self) -> None:
        self.since = parse_bound(self.since) if self.since else None
        self.until = parse_bound(self.until) if self.until else None

    def copy_clauses(self, alias: str = "c", published: str | None = None) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        published = published or f"{alias}.published"
        if self.site:
            clauses.append(f"{alias}.site_id = (SELECT id FROM sites WHERE host = ?)")
            params.append(self.site)
        if self.story_id is not None:
            clauses.append(f"{alias}.story_id = ?")
            params.append(self.story_id)
        dates, date_params = self.date_clauses(published)
        return clauses + dates, params + date_params

    def date_clauses(self, column: str) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for bound, op in ((self.since, ">="), (self.until, "<=")):
            if not bound:
                continue
            # compared at the coarser precision of the two: a copy known only to the day ("2024-05-12") or
            # the month ("2024-05") is in range when its day or month is, whatever time the bound names
            if _DATE_ONLY.match(bound):
                clauses.append(f"substr({column}, 1, 10) {op} substr(?, 1, min(length({column}), 10))")
                params.append(bound)
            else:
                clauses.append(f"CASE WHEN length({column}) <= 10 THEN {column} {op} substr(?, 1, length({column})) "
                               f"ELSE julianday({column}) {op} julianday(?) END")
                params += [bound, bound]
        return clauses, params


# -- articles, copies, stories ------------------------------------------------------------------------
def count_records(reader: ArchiveReader, kind: str, filters: Filters) -> int:
    sql, params = _select(kind, filters, count=True)
    return reader.db.execute(sql, params).fetchone()[0]


def iter_records(reader: ArchiveReader, kind: str = "articles", filters: Filters | None = None
                 ) -> Iterator[dict[str, Any]]:
    """Records of ``kind`` (articles, copies, stories) matching ``filters``, in id order."""
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown record kind {kind!r}: choose one of {', '.join(RECORD_KINDS)}")
    sql, params = _select(kind, filters or Filters())
    cursor = reader.db.execute(sql, params)
    if kind == "articles":
        while ids := [row[0] for row in cursor.fetchmany(500)]:
            by_id = article_records(reader, ids)
            for cid in ids:
                record = by_id[cid]
                yield {key: record[key] for key in ARTICLE_KEYS}
        return
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(500):
        for row in rows:
            record = dict(zip(names, row))
            if kind == "copies":
                for key in ("authors", "editors"):
                    record[key] = json.loads(record[key]) if record[key] else []
            yield record


def article_records(reader: ArchiveReader, copy_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The article record (``id`` + :data:`ARTICLE_KEYS`) of each of these copies, by id."""
    if not copy_ids:
        return {}
    marks = ",".join("?" * len(copy_ids))
    db = reader.db
    credits: dict[int, dict[str, list[str]]] = {}
    for cid, role, name in db.execute(
            f"SELECT cr.copy_id, cr.role, p.name FROM credits cr JOIN people p ON p.id = cr.person_id "
            f"WHERE cr.copy_id IN ({marks}) ORDER BY cr.copy_id, cr.role, cr.position", copy_ids):
        credits.setdefault(cid, {}).setdefault(role, []).append(name)
    links: dict[int, dict[str, dict[str, Any]]] = {}
    for cid, rel, url, title, published in db.execute(
            f"SELECT copy_id, rel, url, title, published FROM links WHERE copy_id IN ({marks})", copy_ids):
        links.setdefault(cid, {})[rel] = {"url": url, "title": title, "published": published}
    out = {}
    for row in db.execute(
            f"""SELECT c.id, c.fetched_url, c.canonical_url, c.title, c.body, c.source, c.source_url, c.published,
                       c.updated, c.language, c.site_name, c.story_id, s.host, c.last_seen, c.url, c.status, c.poster
                FROM copies c JOIN sites s ON s.id = c.site_id WHERE c.id IN ({marks})""", copy_ids):
        (cid, fetched_url, canonical, title, body, source, source_url, published, updated, language,
         site_name, story, host, last_seen, key, status, poster) = row
        people, rels = credits.get(cid, {}), links.get(cid, {})
        out[cid] = {
            "id": cid, "url": fetched_url or key, "canonical_url": canonical, "title": title, "body": body,
            "authors": people.get("author", []), "editors": people.get("editor", []), "poster": poster, "source": source,
            "source_url": source_url, "published": published, "updated": updated, "prev": rels.get("prev"),
            "next": rels.get("next"), "language": language, "site_name": site_name, "story_id": story,
            "site": host, "fetched_at": last_seen, "status": status,
        }
    return out


def record_fields(kind: str) -> list[str]:
    """The keys of a ``kind`` record in order (a CSV header, also for an export with no rows)."""
    if kind == "articles":
        return list(ARTICLE_KEYS)
    return list(_FIELDS[kind])


_FIELDS = {
    "copies": ("id", "site", "url", "fetched_url", "canonical_url", "title", "body", "authors", "editors", "source",
               "source_url", "published", "published_raw", "published_from", "published_precision", "updated",
               "updated_raw", "updated_from", "updated_precision", "language", "site_name", "poster", "story_id",
               "story_reason",
               "story_similarity", "story_matched_copy_id", "is_original", "version", "http_status", "encoding",
               "raw_sha256", "first_seen", "last_seen", "last_changed", "fetch_count", "status", "gone_at",
               "gone_how", "restored_at", "last_checked"),
    "stories": ("story_id", "title", "copies", "sites", "first_published", "original_copy_id", "original_site",
                "original_url", "original_reason", "site_list", "surviving", "original_status"),
}


def _select(kind: str, filters: Filters, count: bool = False) -> tuple[str, list[Any]]:
    if kind == "stories":
        clauses, params = [], []
        if filters.story_id is not None:
            clauses.append("st.id = ?")
            params.append(filters.story_id)
        if filters.site:
            clauses.append("st.id IN (SELECT c2.story_id FROM copies c2 JOIN sites s2 ON s2.id = c2.site_id "
                           "WHERE s2.host = ?)")
            params.append(filters.site)
        more, more_params = filters.date_clauses("st.first_published")
        clauses += more
        params += more_params
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        if count:
            return f"SELECT count(*) FROM stories st {where}", params
        return (f"""SELECT st.id AS story_id, st.title, st.copies, st.sites, st.first_published,
                           st.original_copy_id, s.host AS original_site, c.url AS original_url, st.original_reason,
                           (SELECT json_group_array(host) FROM (SELECT DISTINCT s3.host FROM copies c3
                               JOIN sites s3 ON s3.id = c3.site_id WHERE c3.story_id = st.id ORDER BY s3.host))
                               AS site_list, st.surviving, c.status AS original_status
                    FROM stories st LEFT JOIN copies c ON c.id = st.original_copy_id
                         LEFT JOIN sites s ON s.id = c.site_id
                    {where} ORDER BY st.id""", params)
    clauses, params = filters.copy_clauses("c")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    if count:
        return f"SELECT count(*) FROM copies c {where}", params
    if kind == "articles":
        return f"SELECT c.id FROM copies c {where} ORDER BY c.id", params
    return (f"""SELECT c.id, s.host AS site, c.url, c.fetched_url, c.canonical_url, c.title, c.body,
                       a.authors, a.editors, c.source, c.source_url,
                       c.published, c.published_raw, c.published_from, c.published_precision,
                       c.updated, c.updated_raw, c.updated_from, c.updated_precision, c.language, c.site_name, c.poster,
                       c.story_id, c.story_reason, c.story_similarity, c.story_matched_copy_id,
                       (c.id = st.original_copy_id) AS is_original, c.version, c.http_status, c.encoding,
                       c.raw_sha256, c.first_seen, c.last_seen, c.last_changed, c.fetch_count,
                       c.status, c.gone_at, c.gone_how, c.restored_at, c.last_checked
                FROM copies c JOIN sites s ON s.id = c.site_id JOIN articles a ON a.id = c.id
                     LEFT JOIN stories st ON st.id = c.story_id
                {where} ORDER BY c.id""", params)


# -- stored fetches (WARC) ----------------------------------------------------------------------------
@dataclass
class Fetch:
    """One distinct response body of a copy as it was received: what a WARC response record holds."""

    url: str
    fetched_at: str | None
    status: int | None
    headers: dict[str, str]
    sha256: str
    body: bytes


def count_fetches(reader: ArchiveReader, filters: Filters) -> int:
    sql, params = _fetches_sql(filters, count=True)
    return reader.db.execute(sql, params).fetchone()[0]


def iter_fetches(reader: ArchiveReader, filters: Filters) -> Iterator[Fetch]:
    """Every stored fetch matching ``filters`` (site, story, fetch time), in fetch order, body decompressed."""
    sql, params = _fetches_sql(filters)
    cursor = reader.db.execute(sql, params)
    while rows := cursor.fetchmany(200):
        for url, fetched_at, status, headers, sha, compression, content in rows:
            yield Fetch(url, fetched_at, status, json.loads(headers) if headers else {}, sha,
                        decompress(content, compression))


def _fetches_sql(filters: Filters, count: bool = False) -> tuple[str, list[Any]]:
    clauses, params = Filters(site=filters.site, story_id=filters.story_id).copy_clauses("c")
    clauses.insert(0, "r.content IS NOT NULL")
    dates, date_params = filters.date_clauses("f.fetched_at")
    where = " AND ".join(clauses + dates)
    what = "count(*)" if count else "f.url, f.fetched_at, f.status, f.headers, r.sha256, r.compression, r.content"
    order = "" if count else "ORDER BY f.fetched_at, f.id"
    return (f"SELECT {what} FROM fetches f JOIN raw_pages r ON r.sha256 = f.raw_sha256 "
            f"JOIN copies c ON c.id = f.copy_id WHERE {where} {order}", params + date_params)
