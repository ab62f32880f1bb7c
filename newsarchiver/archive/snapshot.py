"""A self-contained copy of an archive (``VACUUM INTO``), taken safely while a crawl writes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .core import ArchiveReader
from .files import connect_readonly


class SnapshotError(Exception):
    """SQLite could not write the snapshot."""


def snapshot(archive_path: Path, target: Path, *, raw: bool = True,
             progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Copy the archive into ``target`` (a new empty file) with ``VACUUM INTO``; return its counts.

    VACUUM INTO reads one consistent snapshot (WAL), so the copy holds exactly the batches committed
    when it started, never half a batch. The copy is a single file in rollback-journal mode (no
    -wal/-shm). ``raw=False`` leaves out the stored response bodies (``raw_pages.content`` is NULL;
    hashes and sizes stay), which is most of an archive's size. The archive is opened read-only
    (refused when it is no archive or from an older newsarchiver) through a proper file URI, so any
    file name works (``news#1.db``, ``a?b.db``, ``100%.db``).
    """
    with ArchiveReader.open(archive_path) as archive:
        total = max(1, archive.db.execute("PRAGMA page_size").fetchone()[0]
                    * archive.db.execute("PRAGMA page_count").fetchone()[0])
    conn = connect_readonly(archive_path)
    try:
        if progress:
            def tick() -> int:
                try:
                    progress(min(target.stat().st_size, total), total)
                except OSError:
                    pass
                return 0

            conn.set_progress_handler(tick, 20000)
        conn.execute("PRAGMA query_only = OFF")  # VACUUM INTO writes only the target; mode=ro guards the source
        conn.execute("VACUUM INTO ?", [str(target)])
    except sqlite3.Error as exc:
        raise SnapshotError(f"could not snapshot {archive_path}: {exc}") from exc
    finally:
        conn.close()
    out = sqlite3.connect(target)
    try:
        out.execute("PRAGMA journal_mode=DELETE")
        if not raw:
            out.execute("UPDATE raw_pages SET content = NULL")
            out.commit()
            out.execute("VACUUM")
        counts: dict[str, Any] = {
            "copies": out.execute("SELECT count(*) FROM copies").fetchone()[0],
            "raw_pages": out.execute("SELECT count(*) FROM raw_pages WHERE content IS NOT NULL").fetchone()[0],
        }
    finally:
        out.close()
    if progress:
        progress(total, total)
    return counts
