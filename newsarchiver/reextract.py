"""Re-extraction: run the current extractor over the raw responses stored in the archive, offline.

The archive keeps every distinct response body (``raw_pages``); when the extractor improves, this
brings every copy up to date — fields, credits, links, stories and versions — without fetching anything.

Each page is one atomic step (a savepoint): a page that fails is rolled back alone and counted, and an
interruption (Ctrl-C, a crash) loses at most the pages of the open batch, never half a page, so a rerun
completes the work. A run over the whole archive ends by rebuilding the search index from the copies,
which also repairs entries left stale by versions of newsarchiver that could commit half a page.

A storage failure (disk full, read-only, I/O error, a lock held too long: ArchiveStorageError) is no bad
page: it stops the run at once, the open batch rolled back, with ``committed`` set on the exception (the
pages re-extracted and committed before it); ``newsarchiver reextract`` exits 1 with one line.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from .archive import Archive, ArchiveStorageError
from .archive.rawpages import RawPageError, StoredResponse
from .extract import extract_article
from .extract.errors import ExtractionError
from .items import CrawledPage

logger = logging.getLogger(__name__)


def reextract(archive: Archive, *, site: str | None = None, timezone: str | None = None,
              progress: Callable[[int, int], None] | None = None, batch_size: int = 200) -> Counter:
    """Re-extract every copy that has a stored response (optionally of one site); count outcomes."""
    responses = archive.raw_pages.stored_responses(site)
    counts: Counter = Counter()
    committed = 0
    try:
        with archive.batch():
            for done, stored in enumerate(responses, 1):
                counts[_reextract_one(archive, stored, timezone)] += 1
                if done % batch_size == 0:
                    archive.commit()
                    committed = done
                    archive.begin()
                if progress:
                    progress(done, len(responses))
            if site is None and responses:
                archive.search_index.rebuild()
    except ArchiveStorageError as exc:
        exc.committed = committed  # type: ignore[attr-defined]
        raise
    return counts


def _reextract_one(archive: Archive, stored: StoredResponse, timezone: str | None) -> str:
    try:
        body = archive.raw_pages.read(stored.sha256)
    except RawPageError as exc:
        logger.warning("copy %s (%s): %s", stored.copy_id, stored.url, exc)
        return "errors"
    if body is None:
        return "missing_raw"
    when = datetime.fromisoformat(stored.fetched_at) if stored.fetched_at else None
    try:
        article = extract_article(body, stored.url, fetched_at=when,
                                  encoding=_charset(stored.headers) or stored.encoding, timezone=timezone)
    except ExtractionError as exc:
        logger.warning("could not re-extract copy %s (%s): %s", stored.copy_id, stored.url, exc)
        return "errors"
    if article.page_type == "listing":  # archived by mistake: the extractor now reads a list, not one article
        with archive.savepoint():
            return archive.filing.not_an_article(stored.copy_id, article.page_type, url=stored.url,
                                                 now=stored.fetched_at or "", reextract=True)
    page = CrawledPage(article=article, url=stored.url, fetched_at=stored.fetched_at or "",
                       status=stored.status or 200, encoding=stored.encoding)
    try:
        with archive.savepoint():  # the page is filed whole or not at all
            return archive.add_page(page, reextract=True)
    except ArchiveStorageError:
        raise  # not this page's fault: the run stops
    except Exception:
        logger.exception("could not file the re-extracted copy %s (%s); it keeps its fields", stored.copy_id,
                         stored.url)
        return "errors"


def _charset(headers: str | None) -> str | None:
    if not headers:
        return None
    content_type = {k.lower(): v for k, v in json.loads(headers).items()}.get("content-type", "")
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
