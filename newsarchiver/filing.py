"""Filing crawl items into the archive in batches: the one way the pipeline and the ingest write.

``ArchivePipeline`` (a local crawl) and ``Ingest`` (the writer of a distributed crawl) both file through a
:class:`BatchFiler`: each item in its own savepoint, so one that fails is logged, counted and skipped
without spoiling its batch; a batch is one transaction; before it commits, pages filed before their
site's template grew lose its paragraphs (``Archive.apply_templates``).
"""

from __future__ import annotations

import logging
from typing import Any

from .archive import CHANGED, NEW, UNCHANGED, Archive

logger = logging.getLogger(__name__)

ARCHIVE_ERROR = "archive_errors"


class BatchFiler:
    """Files items into ``archive`` for crawl run ``run_id`` and counts the outcomes."""

    def __init__(self, archive: Archive, run_id: int | None) -> None:
        self.archive = archive
        self.run_id = run_id
        self.counts: dict[str, int] = {NEW: 0, CHANGED: 0, UNCHANGED: 0, "errors": 0, "not_modified": 0,
                                       "pages": 0, ARCHIVE_ERROR: 0, "template_cleaned": 0}
        self.pending = 0  # items filed in the open batch

    def file(self, item: Any) -> str | None:
        """File one item in the open batch (opening one if needed); its outcome, or ARCHIVE_ERROR."""
        self.archive.begin()
        try:
            with self.archive.db.atomic():  # a savepoint: a failing item never spoils its batch
                outcome = self.archive.file_item(item, run_id=self.run_id)
        except Exception:
            self.counts[ARCHIVE_ERROR] += 1
            logger.exception("could not archive %s", getattr(item, "url", item))
            return ARCHIVE_ERROR
        self.pending += 1
        if outcome:
            self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if outcome in (NEW, CHANGED, UNCHANGED):
            self.counts["pages"] += 1
        return outcome

    def commit(self) -> int:
        """Commit the open batch; how many archived copies its template clean-up changed."""
        cleaned = 0
        if self.archive.in_batch:
            if self.archive.templates_grown:
                # pages filed before their site's template was known lose its paragraphs, in this batch
                cleaned = self.archive.apply_templates()
                self.counts["template_cleaned"] += cleaned
                if cleaned:
                    logger.info("site template grew: %d archived copies cleaned", cleaned)
            self.archive.commit()
        self.pending = 0
        return cleaned

    def rollback(self) -> None:
        if self.archive.in_batch:
            self.archive.rollback()
        self.pending = 0
