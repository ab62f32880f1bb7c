"""Re-extraction: run the current extractor over the raw responses stored in the archive, offline.

The archive keeps every distinct response body (``raw_pages``); when the extractor improves, this
brings every copy up to date — fields, credits, links, stories and versions — without fetching anything.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from .archive import Archive
from .extract import extract_article
from .extract.errors import ExtractionError
from .items import CrawledPage

logger = logging.getLogger(__name__)


def reextract(archive: Archive, *, site: str | None = None, timezone: str | None = None,
              progress: Callable[[int, int], None] | None = None, batch_size: int = 200) -> Counter:
    """Re-extract every copy that has a stored response (optionally of one site); count outcomes."""
    params: list[object] = []
    where = "WHERE c.raw_sha256 IS NOT NULL"
    if site:
        where += " AND s.host = ?"
        params.append(site)
    rows = archive.db.execute(
        f"""SELECT c.id, c.fetched_url, c.http_status, c.encoding, c.raw_sha256,
                   (SELECT f.fetched_at FROM fetches f WHERE f.copy_id = c.id AND f.raw_sha256 = c.raw_sha256
                    ORDER BY f.id DESC LIMIT 1),
                   (SELECT f.headers FROM fetches f WHERE f.copy_id = c.id AND f.raw_sha256 = c.raw_sha256
                    ORDER BY f.id DESC LIMIT 1)
            FROM copies c JOIN sites s ON s.id = c.site_id {where} ORDER BY c.id""",
        params,
    ).fetchall()
    counts: Counter = Counter()
    archive.begin()
    for done, (copy_id, url, status, encoding, sha, fetched_at, headers) in enumerate(rows, 1):
        raw = archive.db.execute("SELECT content FROM raw_pages WHERE sha256 = ?", [sha]).fetchone()
        if raw is None:
            counts["missing_raw"] += 1
            continue
        body = zlib.decompress(raw[0])
        when = datetime.fromisoformat(fetched_at) if fetched_at else None
        try:
            article = extract_article(body, url, fetched_at=when, encoding=_charset(headers) or encoding,
                                      timezone=timezone)
        except ExtractionError as exc:
            counts["errors"] += 1
            logger.warning("could not re-extract copy %s (%s): %s", copy_id, url, exc)
            continue
        page = CrawledPage(article=article, url=url, fetched_at=fetched_at or "", status=status or 200,
                           encoding=encoding)
        counts[archive.add_page(page, reextract=True)] += 1
        if done % batch_size == 0:
            archive.commit()
            archive.begin()
        if progress:
            progress(done, len(rows))
    archive.commit()
    return counts


def _charset(headers: str | None) -> str | None:
    if not headers:
        return None
    content_type = {k.lower(): v for k, v in json.loads(headers).items()}.get("content-type", "")
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
