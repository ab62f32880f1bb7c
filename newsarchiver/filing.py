"""Filing crawl items into the archive in batches: the one way the pipeline and the ingest write.

``ArchivePipeline`` (a local crawl) and ``Ingest`` (the writer of a distributed crawl) both file through a
:class:`BatchFiler`: each item in its own savepoint, so one that fails is logged, counted and skipped
without spoiling its batch; a batch is one transaction; before it commits, pages filed before their
site's template grew lose its paragraphs (``Archive.apply_templates``).

A storage failure (:class:`~newsarchiver.archive.ArchiveStorageError`: disk full, read-only, I/O error, a
lock held too long) is no bad item: it is raised to the caller, which rolls the batch back and stops. The
counts are of what was committed: a batch's outcomes count once its commit succeeded.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from .archive import CHANGED, GONE, NEW, UNCHANGED, Archive, ArchiveStorageError, queries
from .feeds import ArticleItem, crawled

logger = logging.getLogger(__name__)

ARCHIVE_ERROR = "archive_errors"
#: Outcomes of an article page that the archive holds afterwards (a copy with a story).
ARTICLE_OUTCOMES = (NEW, CHANGED, UNCHANGED)


class BatchFiler:
    """Files items into ``archive`` for crawl run ``run_id`` and counts the committed outcomes."""

    def __init__(self, archive: Archive, run_id: int | None) -> None:
        self.archive = archive
        self.run_id = run_id
        #: What the archive holds from this run: outcomes of committed batches (and items that failed).
        self.counts: dict[str, int] = {NEW: 0, CHANGED: 0, UNCHANGED: 0, "errors": 0, "not_modified": 0, GONE: 0,
                                       "pages": 0, ARCHIVE_ERROR: 0, "template_cleaned": 0}
        self.batch: Counter[str] = Counter()  # outcomes of the open batch: they count once it commits
        self.pending = 0  # items filed in the open batch
        self._status_seen = dict(archive.status_counts)  # disappearances: the archive's counts at the last commit
        self._status_committed = {name: 0 for name in self._status_seen}

    def file(self, item: Any) -> str | None:
        """File one item in the open batch (opening one if needed); its outcome, or ARCHIVE_ERROR.
        Raises :class:`ArchiveStorageError` when the archive cannot be written (the batch is lost).

        An :class:`ArticleItem` is filed as the crawled page behind it and, once archived, gets its
        ``story_id`` and ``status`` (what feed exports and later pipelines see)."""
        page = crawled(item)
        self.archive.begin()
        try:
            # a savepoint: a failing item never spoils its batch (and the archive forgets the ids it cached)
            with self.archive.savepoint():
                outcome = self.archive.file_item(page, run_id=self.run_id)
                if outcome in ARTICLE_OUTCOMES and isinstance(item, ArticleItem):
                    item["story_id"], item["status"] = queries.story_and_status_of_url(self.archive, page.url)
        except ArchiveStorageError:
            raise  # not this item's fault: the caller stops
        except Exception:
            self.counts[ARCHIVE_ERROR] += 1
            logger.exception("could not archive %s", getattr(page, "url", page))
            return ARCHIVE_ERROR
        self.pending += 1
        if outcome:
            self.batch[outcome] += 1
        if outcome in ARTICLE_OUTCOMES:
            self.batch["pages"] += 1
        return outcome

    def run_counts(self) -> dict[str, int]:
        """The committed counts plus the archive's committed disappearances (``gone``, ``restored``), for
        ``finish_run``."""
        return {**self.counts, **self._status_committed}

    @property
    def articles_filed(self) -> int:
        """Article pages this run committed (new, changed or unchanged copies)."""
        return self.counts["pages"]

    def commit(self) -> int:
        """Commit the open batch; how many archived copies its template clean-up changed. Raises
        :class:`ArchiveStorageError` when the commit fails (then roll back: nothing of the batch counts)."""
        cleaned = 0
        if self.archive.in_batch:
            if self.archive.templates_grown:
                # pages filed before their site's template was known lose its paragraphs, in this batch
                cleaned = self.archive.apply_templates()
            self.archive.commit()
            for name, count in self.batch.items():
                self.counts[name] = self.counts.get(name, 0) + count
            self.counts["template_cleaned"] += cleaned
            if cleaned:
                logger.info("site template grew: %d archived copies cleaned", cleaned)
            now = self.archive.status_counts
            for name, count in now.items():
                self._status_committed[name] = self._status_committed.get(name, 0) + count - self._status_seen.get(name, 0)
            self._status_seen = dict(now)
        self.batch.clear()
        self.pending = 0
        return cleaned

    def rollback(self) -> None:
        """Undo the open batch: none of its outcomes count."""
        if self.archive.in_batch:
            self.archive.rollback()
        self.batch.clear()
        self._status_seen = dict(self.archive.status_counts)
        self.pending = 0
