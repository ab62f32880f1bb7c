"""Getting data out of the archive: a SQLite snapshot, JSONL/CSV records, a WARC file of the raw responses.

Every exporter only reads the live archive and can run while a crawl writes it: the archive is in WAL
mode, so a reader sees one consistent state (the last committed batch) for as long as its read
transaction lasts. Exporters take an optional ``progress(done, total)`` callback; the CLI
(``newsarchiver export``, in ``cli_export.py``) turns it into a progress bar on stderr.
"""

from __future__ import annotations

import csv
import http
import json
import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from .archive import Archive, queries
from .items import EXTRACT_KEYS

Progress = Callable[[int, int], None]

#: The keys of an ``articles`` record: the extract keys plus story, site and fetch time (as ``export`` always had).
ARTICLE_KEYS = (*EXTRACT_KEYS, "story_id", "site", "fetched_at")

#: The record kinds ``--format jsonl|csv`` can write.
RECORD_KINDS = ("articles", "copies", "stories")


class ExportError(Exception):
    """An export that cannot be done, with a message that says why and what to do."""


@dataclass
class Filters:
    """What to export: copies of one site, published in a date range, of one story.

    ``since``/``until`` are dates (``2024-05-01``: compared with the date as the page wrote it, both
    ends inclusive) or ISO timestamps (compared as instants, offsets honoured). A copy whose date is
    known only to the day or the month is compared at that precision (never as an invented midnight).
    A copy without a
    publication date is left out when either is given. For stories, the range applies to the story's
    first publication and ``site`` keeps stories with a copy on that site.
    """

    site: str | None = None
    since: str | None = None
    until: str | None = None
    story_id: int | None = None

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
        for bound, op in ((self.since, ">="), (self.until, "<=")):
            if not bound:
                continue
            # compared at the coarser precision of the two: a copy known only to the day ("2024-05-12") or
            # the month ("2024-05") is in range when its day or month is, whatever time the bound names
            if _DATE_ONLY.match(bound):
                clauses.append(f"substr({published}, 1, 10) {op} substr(?, 1, min(length({published}), 10))")
                params.append(bound)
            else:
                clauses.append(f"CASE WHEN length({published}) <= 10 THEN {published} {op} substr(?, 1, length({published})) "
                               f"ELSE julianday({published}) {op} julianday(?) END")
                params += [bound, bound]
        return clauses, params


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_date(value: str | None, name: str) -> str | None:
    """``value`` if it is a date or an ISO 8601 timestamp SQLite understands; ExportError otherwise."""
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ExportError(f"{name} {value!r} is not a date (2024-05-01) or an ISO 8601 time "
                          "(2024-05-01T08:00:00+08:00)") from None
    return value


# -- SQLite snapshot ------------------------------------------------------------------------------------
def snapshot(archive_path: Path, output: Path, *, raw: bool = True, progress: Progress | None = None) -> dict[str, Any]:
    """Write a self-contained copy of the archive to ``output`` with ``VACUUM INTO``.

    Safe while a crawl writes the archive: VACUUM INTO reads one consistent snapshot (WAL), so the
    copy holds exactly the batches committed when it started, never half a batch. The copy is a
    single file (rollback journal, no -wal/-shm) and replaces ``output`` only once complete.
    ``raw=False`` leaves out the stored response bodies (``raw_pages.content`` is NULL; hashes and
    sizes stay), which is most of an archive's size.
    """
    output = Path(output)
    _check_output(output)
    with Archive(archive_path, create=False) as archive:  # applies any missing migration first
        page_size, page_count = archive.db.execute("PRAGMA page_size").fetchone()[0], \
            archive.db.execute("PRAGMA page_count").fetchone()[0]
    total = max(1, page_size * page_count)
    tmp = output.with_name(f".{output.name}.partial")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(f"file:{Path(archive_path).resolve()}?mode=ro", uri=True, timeout=60)
    try:
        if progress:
            def tick() -> int:
                try:
                    progress(min(tmp.stat().st_size, total), total)
                except OSError:
                    pass
                return 0

            conn.set_progress_handler(tick, 20000)
        conn.execute("VACUUM INTO ?", [str(tmp)])
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"could not snapshot {archive_path}: {exc}") from exc
    finally:
        conn.close()
    try:
        out = sqlite3.connect(tmp)
        try:
            out.execute("PRAGMA journal_mode=DELETE")
            if not raw:
                out.execute("UPDATE raw_pages SET content = NULL")
                out.commit()
                out.execute("VACUUM")
            counts = {
                "copies": out.execute("SELECT count(*) FROM copies").fetchone()[0],
                "raw_pages": out.execute("SELECT count(*) FROM raw_pages WHERE content IS NOT NULL").fetchone()[0],
            }
        finally:
            out.close()
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(total, total)
    return {**counts, "bytes": output.stat().st_size}


# -- JSONL / CSV records --------------------------------------------------------------------------------
def count_records(archive: Archive, kind: str, filters: Filters) -> int:
    sql, params = _select(kind, filters, count=True)
    return archive.db.execute(sql, params).fetchone()[0]


def iter_records(archive: Archive, kind: str, filters: Filters) -> Iterator[dict[str, Any]]:
    """Records of ``kind`` (articles, copies, stories) matching ``filters``, in id order."""
    if kind not in RECORD_KINDS:
        raise ExportError(f"unknown record kind {kind!r}: choose one of {', '.join(RECORD_KINDS)}")
    sql, params = _select(kind, filters)
    cursor = archive.db.execute(sql, params)
    if kind == "articles":
        # The record shape `export` always wrote (queries.iter_records), fetched in chunks of copies.
        while ids := [row[0] for row in cursor.fetchmany(500)]:
            by_id = {r["id"]: r for r in queries.iter_records(archive, copy_ids=ids)}
            for cid in ids:
                record = by_id[cid]
                yield {key: record.get(key) for key in ARTICLE_KEYS}
        return
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(500):
        for row in rows:
            record = dict(zip(names, row))
            if kind == "copies":
                for key in ("authors", "editors"):
                    record[key] = json.loads(record[key]) if record[key] else []
            yield record


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
        date_filters = Filters(since=filters.since, until=filters.until)
        more, more_params = date_filters.copy_clauses("st", published="st.first_published")
        clauses += more
        params += more_params
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        if count:
            return f"SELECT count(*) FROM stories st {where}", params
        return (f"""SELECT st.id AS story_id, st.title, st.copies, st.sites, st.first_published,
                           st.original_copy_id, s.host AS original_site, c.url AS original_url, st.original_reason,
                           (SELECT json_group_array(host) FROM (SELECT DISTINCT s3.host FROM copies c3
                               JOIN sites s3 ON s3.id = c3.site_id WHERE c3.story_id = st.id ORDER BY s3.host))
                               AS site_list
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
                       c.raw_sha256, c.first_seen, c.last_seen, c.last_changed, c.fetch_count
                FROM copies c JOIN sites s ON s.id = c.site_id JOIN articles a ON a.id = c.id
                     LEFT JOIN stories st ON st.id = c.story_id
                {where} ORDER BY c.id""", params)


def write_records(records: Iterator[dict[str, Any]], fmt: str, stream: IO[str], kind: str = "articles",
                  on_record: Callable[[], None] | None = None) -> int:
    """Write records as JSON lines or CSV (cells holding lists or objects are JSON); return the count."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=record_fields(kind))
        writer.writeheader()
    for record in records:
        if writer is not None:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                             for k, v in record.items()})
        else:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
        if on_record:
            on_record()
    return count


def record_fields(kind: str) -> list[str]:
    """The CSV header of ``kind``, for an export with no rows."""
    if kind == "articles":
        return list(ARTICLE_KEYS)
    return list(_FIELDS[kind])


_FIELDS = {
    "copies": ("id", "site", "url", "fetched_url", "canonical_url", "title", "body", "authors", "editors", "source",
               "source_url", "published", "published_raw", "published_from", "published_precision", "updated",
               "updated_raw", "updated_from", "updated_precision", "language", "site_name", "poster", "story_id", "story_reason",
               "story_similarity", "story_matched_copy_id", "is_original", "version", "http_status", "encoding",
               "raw_sha256", "first_seen", "last_seen", "last_changed", "fetch_count"),
    "stories": ("story_id", "title", "copies", "sites", "first_published", "original_copy_id", "original_site",
                "original_url", "original_reason", "site_list"),
}


# -- WARC -------------------------------------------------------------------------------------------------
#: Response headers that describe the bytes on the wire, not the stored (decoded) body: kept under
#: pywb's X-Archive-Orig- prefix so that replay tools do not try to decode the body again.
_WIRE_HEADERS = ("content-encoding", "transfer-encoding")


def warc_http_headers(stored: dict[str, str], body_length: int) -> list[tuple[str, str]]:
    """The HTTP headers a WARC response record gets from the headers stored with a fetch.

    Stored headers are kept in order and spelling; ``Content-Encoding``/``Transfer-Encoding`` become
    ``X-Archive-Orig-…`` (the stored body is already decoded) and ``Content-Length`` is the stored
    body's length (a different original value is kept as ``X-Archive-Orig-Content-Length``).
    """
    out: list[tuple[str, str]] = []
    for name, value in stored.items():
        lower = name.lower()
        if lower in _WIRE_HEADERS:
            out.append((f"X-Archive-Orig-{name}", value))
        elif lower == "content-length":
            if value.strip() != str(body_length):
                out.append(("X-Archive-Orig-Content-Length", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return out


def count_fetches(archive: Archive, filters: Filters) -> int:
    sql, params = _fetches_sql(filters, count=True)
    return archive.db.execute(sql, params).fetchone()[0]


def _fetches_sql(filters: Filters, count: bool = False) -> tuple[str, list[Any]]:
    clauses, params = Filters(site=filters.site, story_id=filters.story_id).copy_clauses("c")
    clauses.insert(0, "r.content IS NOT NULL")
    for bound, op in ((filters.since, ">="), (filters.until, "<=")):
        if bound:
            clauses.append(f"substr(f.fetched_at, 1, 10) {op} ?" if _DATE_ONLY.match(bound)
                           else f"julianday(f.fetched_at) {op} julianday(?)")
            params.append(bound)
    where = " AND ".join(clauses)
    what = "count(*)" if count else ("f.id, f.url, f.fetched_at, f.status, f.headers, r.sha256, r.compression, "
                                     "r.content")
    order = "" if count else "ORDER BY f.fetched_at, f.id"
    return (f"SELECT {what} FROM fetches f JOIN raw_pages r ON r.sha256 = f.raw_sha256 "
            f"JOIN copies c ON c.id = f.copy_id WHERE {where} {order}", params)


def write_warc(archive: Archive, output: Path, filters: Filters | None = None,
               progress: Progress | None = None) -> int:
    """Write every stored fetch (one per distinct body of a copy) as a WARC request + response pair.

    The response record holds the HTTP status line, the stored headers (see :func:`warc_http_headers`)
    and the original response bytes, decompressed from ``raw_pages``; ``WARC-Date`` is the fetch time.
    ``output`` ending in ``.gz`` is written record-by-record gzipped (what pywb and most tools expect).
    Returns the number of responses written; ExportError when the archive kept no raw pages.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    filters = filters or Filters()
    output = Path(output)
    _check_output(output)
    total = count_fetches(archive, filters)
    if total == 0:
        stored = archive.db.execute("SELECT count(*) FROM raw_pages WHERE content IS NOT NULL").fetchone()[0]
        if not stored:
            raise ExportError("the archive holds no raw pages to write (crawled with NEWSARCHIVER_KEEP_RAW=False, "
                              "or a snapshot exported with --no-raw)")
        raise ExportError("no stored responses match the filters")
    tmp = output.with_name(f".{output.name}.partial")
    written = 0
    try:
        with tmp.open("wb") as fh:
            writer = WARCWriter(fh, gzip=output.name.endswith(".gz"))
            info = writer.create_warcinfo_record(output.name, {
                "software": "newsarchiver (warcio)",
                "format": "WARC File Format 1.1",
                "description": f"raw responses stored in {archive.path}",
            })
            writer.write_record(info)
            sql, params = _fetches_sql(filters)
            cursor = archive.db.execute(sql, params)
            while rows := cursor.fetchmany(200):
                for _fid, url, fetched_at, status, headers_json, sha, compression, content in rows:
                    body = zlib.decompress(content) if compression == "zlib" else bytes(content)
                    stored = json.loads(headers_json) if headers_json else {}
                    status = status or 200
                    try:
                        phrase = http.HTTPStatus(status).phrase
                    except ValueError:
                        phrase = ""
                    http_headers = StatusAndHeaders(f"{status} {phrase}".strip(),
                                                    warc_http_headers(stored, len(body)), protocol="HTTP/1.1")
                    warc_headers = {"WARC-Date": warc_date(fetched_at), "WARC-Newsarchiver-Raw-SHA256": sha}
                    response = writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                         http_headers=http_headers, warc_headers_dict=warc_headers)
                    parts = urlsplit(url)
                    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                    request_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc)],
                                                       is_http_request=True)
                    request = writer.create_warc_record(url, "request", payload=BytesIO(b""),
                                                        http_headers=request_headers,
                                                        warc_headers_dict={"WARC-Date": warc_date(fetched_at)})
                    request.rec_headers.add_header("WARC-Concurrent-To",
                                                   response.rec_headers.get_header("WARC-Record-ID"))
                    writer.write_record(response)
                    writer.write_record(request)
                    written += 1
                    if progress:
                        progress(written, total)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def warc_date(iso: str | None) -> str:
    """An ISO 8601 time (any offset) as a WARC-Date: UTC, ``YYYY-MM-DDThh:mm:ssZ``."""
    if not iso:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    when = datetime.fromisoformat(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise ExportError(f"{output} is a directory: give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {parent}: {exc.strerror or exc}") from exc
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write to {parent}: permission denied")
