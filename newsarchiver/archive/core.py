"""The archive's front: :class:`Archive` (read-write) and :class:`ArchiveReader` (read-only).

The work is done by one part per job, each in its own module and sharing the connection:
:class:`~.filing.Filing` (copies, URLs, credits, links, versions), :class:`~.stories.Stories` (stories,
near-duplicates, originals), :class:`~.sitetemplates.SiteTemplates`, :class:`~.revisits.Revisits`,
:class:`~.rawpages.RawPages`, :class:`~.runs.Runs` and :class:`~.search.SearchIndex`. The front keeps the
methods pipelines, ``ingest``, ``reextract`` and the CLI call, and the transactions: writes happen inside
the caller's batch (``begin``/``commit``) so a crawl commits many pages per transaction, and a killed
process loses at most the open batch, never half of it.

A storage failure (disk full, read-only file system, I/O error, a lock held past the busy timeout) comes
out of the front's transaction methods as :class:`~.files.ArchiveStorageError`, whatever step hit it, so
callers stop at the first one instead of counting it as one bad page among many.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..extract import templates
from ..items import CrawledPage
from ..schedule import RevisitSchedule
from . import files, neardup, schema
from .files import (ArchiveMissing, ArchiveOutdated, ArchiveStorageError, ArchiveTooNew, NotAnArchive,
                    SignatureSchemeMismatch)
from .filing import Filing
from .rawpages import DEFAULT_COMPRESSION, RawPages
from .copystatus import DEFAULT_GONE_AFTER, CopyStatus
from .revisits import DEFAULT_GONE_REVISIT, Revisits
from .runs import CHANGED, GONE, NEW, UNCHANGED, Runs
from .search import SearchIndex
from .sitetemplates import SiteTemplates
from .stories import Stories, choose_original

__all__ = ["Archive", "ArchiveReader", "DEFAULT_ARCHIVE", "NEW", "CHANGED", "UNCHANGED", "GONE", "choose_original"]

logger = logging.getLogger(__name__)

DEFAULT_ARCHIVE = Path("exports") / "newsarchiver.db"

#: The commands that create or upgrade an archive (what a message about an old archive suggests).
WRITING_COMMANDS = "crawl, ingest, reextract, unmerge, templates --rebuild, migrate"


def _missing(path: Path) -> ArchiveMissing:
    return ArchiveMissing(f"no archive at {path}: crawl something first (newsarchiver crawl URL "
                          f"--archive {path}) or pass --archive PATH")


class ArchiveReader:
    """An archive opened to read (:meth:`open`): queries (``archive.queries``, ``archive.records``) take
    one, or an :class:`Archive`. Its connection cannot write."""

    def __init__(self, path: str | Path, db: Database,
                 template_min_stories: int = templates.DEFAULT_MIN_STORIES) -> None:
        self.path = Path(path)
        self.db = db
        self.raw_pages = RawPages(db)
        self.site_templates = SiteTemplates(db, template_min_stories)

    @classmethod
    def open(cls, path: str | Path = DEFAULT_ARCHIVE, *, busy_timeout: float = 60.0,
             template_min_stories: int = templates.DEFAULT_MIN_STORIES) -> ArchiveReader:
        """Open an archive read-only. Refuses (leaving the file as it is) a missing file, a file that is
        no archive, and an archive from an older newsarchiver (it lacks migrations: a writing command
        upgrades it)."""
        path = Path(path)
        state = files.inspect(path, busy_timeout)
        if state.kind == "missing":
            raise _missing(path)
        if state.kind in ("empty", "blank"):
            what = "an empty file" if state.kind == "empty" else "an SQLite database without tables"
            raise NotAnArchive(f"{path} is {what}, not a newsarchiver archive (a crawl creates one: newsarchiver "
                               f"crawl URL --archive {path}); it was left untouched")
        lacking = schema.pending(state.migrations)
        if lacking:
            raise ArchiveOutdated(
                f"{path} was written by an older newsarchiver (it lacks migration{'s' if len(lacking) > 1 else ''} "
                f"{', '.join(lacking)}); read commands never change an archive: upgrade it first with "
                f"`newsarchiver migrate --archive {path}` (any writing command does it: {WRITING_COMMANDS})")
        return cls(path, Database(files.connect_readonly(path, busy_timeout)), template_min_stories)

    # -- opening and closing ---------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection. A batch still open is rolled back: commit() what must stay."""
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        self.db.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None and self.db.conn.in_transaction:
            self.db.conn.commit()  # a with-block that ends normally keeps its writes, like sqlite3's own
        self.close()

    # -- reading ------------------------------------------------------------------------------------
    @property
    def template_min_stories(self) -> int:
        return self.site_templates.min_stories

    @template_min_stories.setter
    def template_min_stories(self, value: int) -> None:
        self.site_templates.min_stories = max(0, value)

    def info(self, key: str) -> str | None:
        """A value of ``archive_info`` (what the archive says about itself, e.g. ``minhash_scheme``)."""
        row = self.db.execute("SELECT value FROM archive_info WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def visit_plan(self, url: str) -> tuple[bool, str | None, str | None] | None:
        """For a known article page: (due for a revisit, ETag, Last-Modified); None for an unknown page."""
        return Revisits(self.db).visit_plan(url)

    def due_revisits(self, sites: set[str]) -> list[str]:
        """The addresses of the archived copies of these sites (host[:port]) that are due for a revisit,
        most overdue first — a crawl asks for them itself, since a page taken down is listed nowhere."""
        return Revisits(self.db).due_urls(sites)

    def site_id(self, host: str) -> int | None:
        """The id of a site (host[:port]) in this archive, or None."""
        row = self.db.execute("SELECT id FROM sites WHERE host = ?", [host]).fetchone()
        return row[0] if row else None

    def site_template(self, host: str) -> templates.SiteTemplate:
        """The template learned for a site (host[:port]); empty for a site the archive does not know."""
        return self.site_templates.for_host(host)

    def template_blocks(self, site: str | None = None, *, min_stories: int | None = None) -> list[dict[str, Any]]:
        """The learned template paragraphs: site, stories that print it, the paragraph; most common first."""
        return self.site_templates.blocks(site, min_stories=min_stories)


class Archive(ArchiveReader):
    """A newsarchiver SQLite archive opened to write: created (``create``) or upgraded on construction.

    Refuses a file that is no archive (NotAnArchive; an empty file or an SQLite database without
    tables becomes one), an archive written by a newer newsarchiver (ArchiveTooNew), and one whose
    near-duplicate signatures were made another way (SignatureSchemeMismatch; ``verify_signatures=False``
    is for rebuilding them). ``migrated`` lists the migrations applied; ``created`` says the file was new.

    ``max_size`` (bytes, 0: none) caps the archive's size (SQLite's ``max_page_count``): a write that would
    grow it past the cap fails as a full disk does (NEWSARCHIVER_ARCHIVE_MAX_SIZE).
    """

    def __init__(self, path: str | Path = DEFAULT_ARCHIVE, *, busy_timeout: float = 60.0, create: bool = True,
                 threshold: float = neardup.DEFAULT_THRESHOLD, keep_raw: bool = True,
                 schedule: RevisitSchedule | None = None, site_schedules: dict[str, RevisitSchedule] | None = None,
                 template_min_stories: int = templates.DEFAULT_MIN_STORIES,
                 compression: str = DEFAULT_COMPRESSION, verify_signatures: bool = True,
                 gone_after: int = DEFAULT_GONE_AFTER, gone_revisit: str = DEFAULT_GONE_REVISIT,
                 adaptive_revisits: bool = True, min_body_chars: int = 20, max_size: int = 0):
        path = Path(path)
        self.max_size = max(0, max_size)
        state = files.inspect(path, busy_timeout)
        if state.kind == "missing":
            if not create:
                raise _missing(path)
            with self._storage_errors(path):
                path.parent.mkdir(parents=True, exist_ok=True)
        elif state.kind in ("empty", "blank") and not create:
            what = "an empty file" if state.kind == "empty" else "an SQLite database without tables"
            raise NotAnArchive(f"{path} is {what}, not a newsarchiver archive (a crawl creates one: newsarchiver "
                               f"crawl URL --archive {path}); it was left untouched")
        newer = schema.unknown(state.migrations)
        if newer:
            raise ArchiveTooNew(f"{path} was written by a newer newsarchiver (migrations {', '.join(newer)}): "
                                "upgrade newsarchiver to write to it")
        # Our own connection so that the busy timeout applies: two crawls writing one archive wait
        # for each other instead of failing with "database is locked".
        with self._storage_errors(path):
            db = Database(sqlite3.connect(str(path), timeout=busy_timeout))
        try:
            with self._storage_errors(path):
                with db.ensure_autocommit_on():
                    # WAL: readers (sqlite3, Datasette) never block the crawl, and a crash rolls back cleanly.
                    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                        db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                # Filing runs a savepoint per item inside a batch transaction: its statement journals are kept
                # in memory (on disk they cost ~1 ms a page in writes to /var/tmp), and a 64 MiB page cache
                # holds a batch's dirty pages and the hot index pages of a large archive (the default is 2 MiB).
                db.execute("PRAGMA temp_store=MEMORY")
                db.execute("PRAGMA cache_size=-65536")
                # Checkpoint the WAL every ~40 MiB instead of every 4 MiB: a batch of 100 pages filed into a
                # large archive dirties ~2,000 scattered index pages, so the default checkpointed (and
                # fsynced) at every commit, copying pages that the next batches dirty again.
                db.execute("PRAGMA wal_autocheckpoint=10000")
                db.execute("PRAGMA foreign_keys=ON")
                if self.max_size:
                    page_size = db.execute("PRAGMA page_size").fetchone()[0]
                    db.execute(f"PRAGMA max_page_count = {max(1, self.max_size // page_size)}")
        except BaseException:
            db.close()
            raise
        try:
            with self._storage_errors(path):
                self.migrated = schema.migrate(db)
            self.created = state.kind != "archive"
            if self.migrated and not self.created:
                logger.info("upgraded %s: applied migration(s) %s", path, ", ".join(self.migrated))
            if verify_signatures:
                _check_signature_scheme(db, path)
        except BaseException:
            db.close()
            raise
        super().__init__(path, db, template_min_stories)
        self.raw_pages = RawPages(db, compression)
        self.search_index = SearchIndex(db)
        self.stories = Stories(db, threshold)
        self.site_templates = SiteTemplates(db, template_min_stories, self.search_index, self.stories)
        self.revisits = Revisits(db, schedule, site_schedules, gone_revisit=gone_revisit, adaptive=adaptive_revisits)
        self.runs = Runs(db)
        self.copy_status = CopyStatus(db, stories=self.stories, revisits=self.revisits, gone_after=gone_after)
        self.filing = Filing(db, raw_pages=self.raw_pages, search_index=self.search_index, stories=self.stories,
                             site_templates=self.site_templates, revisits=self.revisits, runs=self.runs,
                             copy_status=self.copy_status, keep_raw=keep_raw, min_body_chars=min_body_chars)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None and self.db.conn.in_transaction:
            with self._storage_errors():
                self.search_index.flush()  # held search index writes belong to the writes the block keeps
                self.filing.flush_sites()
        super().__exit__(exc_type, *exc)

    # -- storage failures ------------------------------------------------------------------------
    @contextmanager
    def _storage_errors(self, path: Path | None = None) -> Iterator[None]:
        """Turn an SQLite or OS error that is a storage failure into :class:`ArchiveStorageError`."""
        try:
            yield
        except ArchiveStorageError:
            raise
        except (sqlite3.Error, OSError) as exc:
            failure = files.storage_error(exc, path or self.path, capped=bool(self.max_size))
            if failure is None:
                raise
            raise failure from exc

    def room(self) -> int:
        """Bytes the archive can still grow: free space on its disk, and below its size cap if it has one."""
        free = files.free_space(self.path)
        if self.max_size:
            used = self.db.execute("PRAGMA page_count").fetchone()[0] * self.db.execute("PRAGMA page_size").fetchone()[0]
            free = min(free, max(0, self.max_size - used))
        return free

    # -- transactions ---------------------------------------------------------------------------
    @property
    def in_batch(self) -> bool:
        return self.db.conn.in_transaction

    def begin(self) -> None:
        """Open a write batch. IMMEDIATE takes the write lock now, so a second writer waits here
        (busy timeout) rather than failing half-way through a batch."""
        if not self.db.conn.in_transaction:
            with self._storage_errors():
                self.db.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        with self._storage_errors():
            self.search_index.flush()  # the batch's search index writes, in one go (see SearchIndex)
            self.filing.flush_sites()
            self.db.commit()

    def rollback(self) -> None:
        """Undo the open batch. Never raises for a storage failure: a batch that could not be written is
        gone either way (SQLite may have rolled it back itself)."""
        self.search_index.discard()
        self.filing.discard_sites()
        try:
            self.db.rollback()
        except sqlite3.Error as exc:
            if files.storage_error(exc, self.path) is None:
                raise
            logger.debug("rollback after a storage failure: %s", exc)
        self.filing.forget_cached_ids()

    @contextmanager
    def batch(self) -> Iterator[Archive]:
        """A batch that commits when the block ends, and rolls back everything if it raises."""
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            self.commit()

    @contextmanager
    def savepoint(self) -> Iterator[Archive]:
        """One atomic step inside a batch (a SAVEPOINT): if the block raises, only its writes are undone.
        A storage failure raises :class:`ArchiveStorageError` (the batch is lost: roll it back)."""
        held = self.search_index.mark()
        try:
            with self._storage_errors(), self.db.atomic():
                yield self
        except BaseException:
            self.search_index.restore(held)
            self.filing.forget_cached_ids()
            raise

    # -- filing ---------------------------------------------------------------------------------
    def add_page(self, page: CrawledPage, *, run_id: int | None = None, reextract: bool = False) -> str:
        """File one crawled article; return NEW, CHANGED or UNCHANGED. Call inside a batch."""
        return self.filing.add_page(page, run_id=run_id, reextract=reextract)

    def file_item(self, item: object, *, run_id: int | None = None) -> str | None:
        """File whatever a crawl produced: a page, a 304, a fetch failure, a page found removed (see
        :meth:`Filing.file_item`)."""
        return self.filing.file_item(item, run_id=run_id)

    @property
    def status_counts(self) -> dict[str, int]:
        """What this writer saw of disappearances so far: ``gone`` (revisits that found an archived copy
        removed) and ``restored`` (gone copies found back)."""
        return {GONE: self.copy_status.counts[GONE], "restored": self.copy_status.counts["restored"]}

    @property
    def keep_raw(self) -> bool:
        return self.filing.keep_raw

    @property
    def threshold(self) -> float:
        return self.stories.threshold

    # -- revisits -------------------------------------------------------------------------------
    def visit_plan(self, url: str) -> tuple[bool, str | None, str | None] | None:
        """For a known article page: (due for a revisit, ETag, Last-Modified); None for an unknown page."""
        return self.revisits.visit_plan(url)

    def not_modified(self, url: str) -> bool:
        """Record a 304 answer to a conditional request. False if the page is unknown."""
        return self.revisits.not_modified(url)

    # -- stories --------------------------------------------------------------------------------
    def unmerge(self, copy_id: int) -> int:
        """Take a copy out of its story into a story of its own, for good (auto-merging skips it)."""
        return self.stories.unmerge(copy_id)

    def rebuild_signatures(self) -> int:
        """Compute every copy's near-duplicate signature again, the way this version makes them, and
        record that scheme; returns the copies signed. Call inside a batch."""
        return self.stories.rebuild_signatures()

    # -- site templates -------------------------------------------------------------------------
    @property
    def templates_grown(self) -> set[int]:
        """Sites whose template gained paragraphs since the last :meth:`apply_templates`."""
        return self.site_templates.grown

    def apply_templates(self, site_ids: set[int] | None = None) -> int:
        """Remove newly learned template paragraphs from the copies filed before; returns copies changed."""
        return self.site_templates.apply(site_ids)

    def rebuild_templates(self, site_ids: set[int] | None = None) -> int:
        """Count every site's paragraphs again and apply the result to every copy; returns copies changed."""
        return self.site_templates.rebuild(site_ids)

    # -- crawl runs -----------------------------------------------------------------------------
    def start_run(self, spider: str, start_urls: list[str]) -> int:
        """A new ``running`` row of ``crawl_runs`` for this process (closing those of processes that died)."""
        with self.batch():
            return self.runs.start(spider, start_urls)

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], stats: dict[str, Any] | None,
                   errors_by_kind: dict[str, int] | None = None, *, error: str | None = None,
                   unreachable: dict[str, str] | None = None) -> bool:
        """Close a run's row with its status, counts and stats; False if even the fallbacks failed.

        The archive failing is often why a run ends, so closing its row must not depend on the failed
        batch or connection: after a storage failure the row is written again without the stats JSON (the
        smallest write that closes it) on a fresh connection. If that fails too, the row stays
        ``running`` and the next run of the archive closes it as ``abandoned`` (:meth:`Runs.start`)."""
        try:
            with self.batch():
                self.runs.finish(run_id, status, counts, stats, errors_by_kind, error=error, unreachable=unreachable)
            return True
        except ArchiveStorageError as exc:
            logger.warning("could not close crawl run %s with its stats (%s): trying without them", run_id, exc)
        try:
            conn = sqlite3.connect(str(self.path), timeout=10)
            try:
                with conn:
                    Runs(Database(conn)).finish(run_id, status, counts, None, errors_by_kind, error=error,
                                                unreachable=unreachable)
            finally:
                conn.close()
            return True
        except sqlite3.Error as exc:
            logger.error("could not close crawl run %s in %s (%s): it stays 'running' until the next run of this "
                         "archive closes it as abandoned", run_id, self.path, exc)
            return False

    def add_error(self, run_id: int | None, url: str, kind: str, message: str, status: int | None = None) -> None:
        self.runs.add_error(run_id, url, kind, message, status)

    @classmethod
    def open_readonly(cls, path: str | Path = DEFAULT_ARCHIVE, **kwargs: Any) -> ArchiveReader:
        """The same archive opened to read only (see :meth:`ArchiveReader.open`)."""
        return ArchiveReader.open(path, **kwargs)


def _check_signature_scheme(db: Database, path: Path) -> None:
    """Refuse to match new copies against signatures made another way (issue 17: datasketch 2.0 changed
    its default scheme; values carry no trace of the scheme that made them)."""
    if not db["archive_info"].exists():  # only an archive held back from migration 009 (tests)
        return
    row = db.execute("SELECT value FROM archive_info WHERE key = 'minhash_scheme'").fetchone()
    recorded, current = (row[0] if row else None), neardup.scheme_id()
    if recorded == current:
        return
    import importlib.metadata

    try:
        version = importlib.metadata.version("datasketch")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        version = "?"
    raise SignatureSchemeMismatch(
        f"{path}: its near-duplicate signatures were made with {recorded or 'an unrecorded scheme'}, "
        f"this newsarchiver makes {current} (datasketch {version}); matching one against the other would put "
        f"copies in the wrong stories. Recompute them with `newsarchiver migrate --rebuild-signatures "
        f"--archive {path}` (or use the datasketch version that made them)")
