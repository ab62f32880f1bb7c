"""Raw responses: every distinct body kept once, keyed by its SHA-256 and compressed.

``raw_pages.compression`` names the codec of each row, so an archive holds pages written by older
versions (``zlib``) next to new ones (``zstd``). :func:`decompress` is the one way to read a stored body
back: ``reextract``, the WARC export and every other reader go through it.

New pages are zstd at level 3: about ten times cheaper to compress than zlib at level 6, a little
smaller, and faster to read back (docs/benchmarks.md, "Raw page compression").
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from dataclasses import dataclass
from typing import Any

import zstandard
from sqlite_utils import Database

#: The codec new raw pages are written with; CODECS lists every one an archive may hold.
DEFAULT_COMPRESSION = "zstd"
CODECS = ("zstd", "zlib", "none")
ZSTD_LEVEL = 3
ZLIB_LEVEL = 6

_local = threading.local()  # zstandard's (de)compressor objects must not be shared between threads


def _zstd_compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_local, "compressor"):
        _local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    return _local.compressor


def _zstd_decompressor() -> zstandard.ZstdDecompressor:
    if not hasattr(_local, "decompressor"):
        _local.decompressor = zstandard.ZstdDecompressor()
    return _local.decompressor


class RawPageError(ValueError):
    """A stored body that cannot be read back (unknown codec, damaged bytes)."""


def compress(body: bytes, compression: str) -> bytes:
    """``body`` compressed with one of :data:`CODECS` (zstd frames record their size: read back in one call)."""
    if compression == "zstd":
        return _zstd_compressor().compress(body)
    if compression == "zlib":
        return zlib.compress(body, ZLIB_LEVEL)
    if compression == "none":
        return body
    raise ValueError(f"unknown raw page compression {compression!r}")


def decompress(content: bytes, compression: str | None) -> bytes:
    """A stored body as it was received, whatever codec its row names (NULL or 'none': stored as is)."""
    try:
        if compression == "zstd":
            return _zstd_decompressor().decompress(content)
        if compression == "zlib":
            return zlib.decompress(content)
        if compression in (None, "", "none"):
            return bytes(content)
    except (zlib.error, zstandard.ZstdError) as exc:
        raise RawPageError(f"a raw page stored as {compression} cannot be decompressed: {exc}") from exc
    raise RawPageError(f"a raw page is stored with an unknown compression {compression!r}: "
                       "a newer newsarchiver wrote it")


@dataclass
class StoredResponse:
    """A copy's current raw response, for extracting it again."""

    copy_id: int
    url: str
    status: int | None
    encoding: str | None
    fetched_at: str | None
    headers: str | None  # JSON, as stored in fetches
    sha256: str


class RawPages:
    """Writes and reads ``raw_pages``."""

    def __init__(self, db: Database, compression: str = DEFAULT_COMPRESSION) -> None:
        compress(b"", compression)  # an unknown codec fails here, not at the first page
        self.db = db
        self.compression = compression

    def store(self, body: bytes) -> str:
        """Keep a response body once, however often it is fetched; return its SHA-256."""
        sha = hashlib.sha256(body).hexdigest()
        if self.db.execute("SELECT 1 FROM raw_pages WHERE sha256 = ?", [sha]).fetchone() is None:
            self.db.execute("INSERT INTO raw_pages (sha256, size, compression, content) VALUES (?, ?, ?, ?)",
                            [sha, len(body), self.compression, compress(body, self.compression)])
        return sha

    def read(self, sha: str) -> bytes | None:
        """The body with this SHA-256 as received, or None when the archive does not hold its bytes."""
        row = self.db.execute("SELECT compression, content FROM raw_pages WHERE sha256 = ?", [sha]).fetchone()
        if row is None or row[1] is None:
            return None
        return decompress(row[1], row[0])

    def stored_responses(self, site: str | None = None) -> list[StoredResponse]:
        """Every copy with a stored response (of one site, host[:port]), in id order, with how it was fetched."""
        params: list[Any] = []
        where = "WHERE c.raw_sha256 IS NOT NULL"
        if site:
            where += " AND s.host = ?"
            params.append(site)
        rows = self.db.execute(
            f"""SELECT c.id, c.fetched_url, c.http_status, c.encoding,
                       (SELECT f.fetched_at FROM fetches f WHERE f.copy_id = c.id AND f.raw_sha256 = c.raw_sha256
                        ORDER BY f.id DESC LIMIT 1),
                       (SELECT f.headers FROM fetches f WHERE f.copy_id = c.id AND f.raw_sha256 = c.raw_sha256
                        ORDER BY f.id DESC LIMIT 1),
                       c.raw_sha256
                FROM copies c JOIN sites s ON s.id = c.site_id {where} ORDER BY c.id""",
            params,
        ).fetchall()
        return [StoredResponse(*row) for row in rows]

    def count(self) -> int:
        """Raw pages whose bytes the archive holds (a snapshot made with --no-raw keeps only their hashes)."""
        return self.db.execute("SELECT count(*) FROM raw_pages WHERE content IS NOT NULL").fetchone()[0]
