"""Getting data out of the archive: a SQLite snapshot, JSONL/CSV records, a WARC file of the raw responses.

The records and stored fetches come from ``archive/records.py`` and the snapshot from
``archive/snapshot.py`` (the only code that reads SQLite); this module writes them in each format.
Every exporter only reads the live archive and can run while a crawl writes it: the archive is in WAL
mode, so a reader sees one consistent state (the last committed batch) for as long as its read
transaction lasts. An output file is never written over unless ``force`` and is written through an
exclusively created temporary file (``outfiles.py``). Exporters take an optional ``progress(done,
total)`` callback; the CLI (``newsarchiver export``, in ``cli/export.py``) turns it into a progress bar.
"""

from __future__ import annotations

import csv
import http
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from .archive import ArchiveReader
from .archive import records
from .archive.records import ARTICLE_KEYS, RECORD_KINDS, Filters, record_fields
from .archive.snapshot import SnapshotError
from .archive.snapshot import snapshot as take_snapshot
from .outfiles import OutputError, check_output, replacing

__all__ = ["ARTICLE_KEYS", "RECORD_KINDS", "ExportError", "Filters", "check_date", "count_records", "iter_records",
           "record_fields", "snapshot", "warc_date", "warc_http_headers", "write_records", "write_warc"]

Progress = Callable[[int, int], None]


class ExportError(Exception):
    """An export that cannot be done, with a message that says why and what to do."""


def check_date(value: str | None, name: str) -> str | None:
    """``value`` as the date or ISO 8601 time SQLite compares (``20240501`` → ``2024-05-01``); ExportError
    for anything else: a bound that matches nothing silently is worse than an error."""
    if value is None:
        return None
    try:
        return records.parse_bound(value)
    except ValueError as exc:
        raise ExportError(f"{name} {exc}") from None


# -- SQLite snapshot ------------------------------------------------------------------------------------
def snapshot(archive_path: Path, output: Path, *, raw: bool = True, progress: Progress | None = None,
             force: bool = False) -> dict[str, Any]:
    """Write a self-contained copy of the archive to ``output`` (see ``archive.snapshot``); it replaces
    ``output`` only once complete, and an existing ``output`` only with ``force``."""
    output = Path(output)
    _check_output(output, force)
    try:
        with replacing(output) as tmp:
            counts = take_snapshot(Path(archive_path), tmp, raw=raw, progress=progress)
    except SnapshotError as exc:
        raise ExportError(str(exc)) from exc
    return {**counts, "bytes": output.stat().st_size}


# -- JSONL / CSV records --------------------------------------------------------------------------------
def count_records(archive: ArchiveReader, kind: str, filters: Filters) -> int:
    return records.count_records(archive, kind, filters)


def iter_records(archive: ArchiveReader, kind: str, filters: Filters) -> Iterator[dict[str, Any]]:
    """Records of ``kind`` (articles, copies, stories) matching ``filters``, in id order."""
    if kind not in RECORD_KINDS:
        raise ExportError(f"unknown record kind {kind!r}: choose one of {', '.join(RECORD_KINDS)}")
    return records.iter_records(archive, kind, filters)


def write_records(records_: Iterator[dict[str, Any]], fmt: str, stream: IO[str], kind: str = "articles",
                  on_record: Callable[[], None] | None = None) -> int:
    """Write records as JSON lines or CSV (cells holding lists or objects are JSON); return the count."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=record_fields(kind))
        writer.writeheader()
    for record in records_:
        if writer is not None:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                             for k, v in record.items()})
        else:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
        if on_record:
            on_record()
    return count


def write_records_file(archive: ArchiveReader, output: Path, fmt: str, kind: str, filters: Filters, *,
                       force: bool = False, on_record: Callable[[], None] | None = None) -> int:
    """Records to a file, replaced only once complete (and only with ``force`` when it exists)."""
    output = Path(output)
    _check_output(output, force)
    with replacing(output) as tmp, tmp.open("w", encoding="utf-8", newline="") as stream:
        return write_records(iter_records(archive, kind, filters), fmt, stream, kind=kind, on_record=on_record)


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


def count_fetches(archive: ArchiveReader, filters: Filters) -> int:
    return records.count_fetches(archive, filters)


def write_warc(archive: ArchiveReader, output: Path, filters: Filters | None = None,
               progress: Progress | None = None, *, force: bool = False) -> int:
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
    _check_output(output, force)
    total = count_fetches(archive, filters)
    if total == 0:
        if not archive.raw_pages.count():
            raise ExportError("the archive holds no raw pages to write (crawled with NEWSARCHIVER_KEEP_RAW=False, "
                              "or a snapshot exported with --no-raw)")
        raise ExportError("no stored responses match the filters")
    written = 0
    with replacing(output) as tmp, tmp.open("wb") as fh:
        writer = WARCWriter(fh, gzip=output.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(output.name, {
            "software": "newsarchiver (warcio)",
            "format": "WARC File Format 1.1",
            "description": f"raw responses stored in {archive.path}",
        }))
        for fetch in records.iter_fetches(archive, filters):
            status = fetch.status or 200
            try:
                phrase = http.HTTPStatus(status).phrase
            except ValueError:
                phrase = ""
            http_headers = StatusAndHeaders(f"{status} {phrase}".strip(),
                                            warc_http_headers(fetch.headers, len(fetch.body)), protocol="HTTP/1.1")
            warc_headers = {"WARC-Date": warc_date(fetch.fetched_at), "WARC-Newsarchiver-Raw-SHA256": fetch.sha256}
            response = writer.create_warc_record(fetch.url, "response", payload=BytesIO(fetch.body),
                                                 http_headers=http_headers, warc_headers_dict=warc_headers)
            parts = urlsplit(fetch.url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            request_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc)],
                                               is_http_request=True)
            request = writer.create_warc_record(fetch.url, "request", payload=BytesIO(b""),
                                                http_headers=request_headers,
                                                warc_headers_dict={"WARC-Date": warc_date(fetch.fetched_at)})
            request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(response)
            writer.write_record(request)
            written += 1
            if progress:
                progress(written, total)
    return written


def warc_date(iso: str | None) -> str:
    """An ISO 8601 time (any offset) as a WARC-Date: UTC, ``YYYY-MM-DDThh:mm:ssZ``."""
    if not iso:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    when = datetime.fromisoformat(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_output(output: Path, force: bool) -> None:
    try:
        check_output(output, force=force)
    except OutputError as exc:
        raise ExportError(str(exc)) from exc
