"""Opening an archive file: telling a newsarchiver archive from any other file, and connecting to it.

Read commands connect read-only (an SQLite ``file:`` URI with ``mode=ro``) and never create, migrate or
otherwise change a file; only writing commands create an archive or apply missing migrations. Before
SQLite opens anything, :func:`inspect` looks at the file: a missing file, an empty one, a file that is
no SQLite database, an SQLite database of something else, or an archive (with the migrations it has).
An archive is recognised by its ``_migrations`` table holding ``001_initial``, and since migration 009
also by the SQLite header's application id (:data:`APPLICATION_ID`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

#: Written into the SQLite header of every archive (``PRAGMA application_id``): "NARC".
APPLICATION_ID = int.from_bytes(b"NARC", "big")

class ArchiveError(Exception):
    """An archive that cannot be used as asked; the message names the file, says why and what to do."""


class ArchiveMissing(ArchiveError, FileNotFoundError):
    """No file at the archive's path."""


class NotAnArchive(ArchiveError):
    """The file exists but is not a newsarchiver archive (left untouched)."""


class ArchiveOutdated(ArchiveError):
    """An archive from an older newsarchiver, opened to read: a writing command must upgrade it first."""


class ArchiveTooNew(ArchiveError):
    """An archive with migrations this newsarchiver does not know: written by a newer version."""


class SignatureSchemeMismatch(ArchiveError):
    """The archive's near-duplicate signatures were made another way than this version makes them."""


class ArchiveDamaged(ArchiveError):
    """SQLite cannot read the file (truncated, overwritten, not fully copied)."""


class ArchiveStorageError(ArchiveError):
    """Writing the archive failed for a reason outside newsarchiver: a full disk (or the archive's size cap),
    a read-only file system, an I/O error, another writer holding the lock past the busy timeout, a damaged
    file. Nothing more can be written until it is fixed: a crawl stops at the first one.

    ``kind`` is one of :data:`STORAGE_KINDS`; :meth:`line` is the one line an operator reads."""

    def __init__(self, path: str | Path, kind: str, detail: str) -> None:
        headline, _ = STORAGE_KINDS[kind]
        super().__init__(f"{headline} ({path}: {detail})")
        self.path = Path(path)
        self.kind = kind
        self.detail = detail

    def line(self, filed: int, stopped: str = "crawl stopped") -> str:
        """"archive disk full: 357 articles filed, crawl stopped; free space and run again (path: detail)"."""
        headline, advice = STORAGE_KINDS[self.kind]
        return f"{headline}: {filed} articles filed, {stopped}; {advice} ({self.path}: {self.detail})"


#: What each storage failure is called, and what to do about it.
STORAGE_KINDS = {
    "disk_full": ("archive disk full", "free space and run again"),
    "archive_full": ("archive full (NEWSARCHIVER_ARCHIVE_MAX_SIZE reached)",
                     "raise NEWSARCHIVER_ARCHIVE_MAX_SIZE or move the archive, and run again"),
    "read_only": ("archive read-only", "make the archive writable and run again"),
    "cannot_open": ("archive files cannot be opened",
                    "make the archive's directory writable (SQLite writes its -wal and -shm files there) and run again"),
    "io_error": ("archive I/O error", "check the disk and run again"),
    "locked": ("archive locked by another process past the busy timeout",
               "run again once the other writer is done"),
    "damaged": ("archive damaged", "check it (sqlite3 ARCHIVE 'PRAGMA integrity_check') before writing to it again"),
}

# SQLite's primary result codes (the low byte of an extended code) that mean the storage failed.
_SQLITE_STORAGE = {3: "read_only",  # SQLITE_PERM
                   5: "locked", 6: "locked",  # SQLITE_BUSY, SQLITE_LOCKED: the busy timeout ran out
                   7: "io_error",  # SQLITE_NOMEM
                   8: "read_only",  # SQLITE_READONLY (and _DBMOVED, _DIRECTORY, _CANTLOCK...)
                   10: "io_error",  # SQLITE_IOERR_*
                   11: "damaged",  # SQLITE_CORRUPT
                   13: "disk_full",  # SQLITE_FULL: the disk, or PRAGMA max_page_count
                   14: "cannot_open",  # SQLITE_CANTOPEN (a -wal or -shm file in a read-only directory)
                   15: "locked",  # SQLITE_PROTOCOL
                   26: "damaged"}  # SQLITE_NOTADB
_OS_STORAGE = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EROFS: "read_only",
               errno.EACCES: "read_only", errno.EPERM: "read_only", errno.EIO: "io_error"}


def storage_error(exc: BaseException, path: str | Path, *, capped: bool = False) -> ArchiveStorageError | None:
    """The storage failure an SQLite or OS error is (None for any other error: a bug, a bad value).
    ``capped``: the archive has a size cap, so "full" may be the cap, not the disk."""
    if isinstance(exc, ArchiveStorageError):
        return exc
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        kind = _SQLITE_STORAGE.get(code & 0xFF) if isinstance(code, int) else None
        if kind is None and isinstance(exc, sqlite3.OperationalError):
            kind = _storage_by_message(str(exc))  # raised by the sqlite3 module itself, without a code
    elif isinstance(exc, OSError):
        kind = _OS_STORAGE.get(exc.errno or 0)
    else:
        kind = None
    if kind is None:
        return None
    if kind == "disk_full" and capped and free_space(path) > 16 * 1024 * 1024:
        kind = "archive_full"  # room on the disk: it is the cap
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return ArchiveStorageError(path, kind, detail)


def _storage_by_message(message: str) -> str | None:
    for pattern, kind in (("disk is full", "disk_full"), ("readonly database", "read_only"),
                          ("disk I/O error", "io_error"), ("database is locked", "locked"),
                          ("unable to open database", "cannot_open")):
        if pattern in message:
            return kind
    return None


def free_space(path: str | Path) -> int:
    """Bytes free on the file system of ``path`` (its nearest existing parent), for an unprivileged writer."""
    where = Path(os.path.abspath(path))
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        return shutil.disk_usage(where).free
    except OSError:
        return 0


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4}


def parse_size(value: str | int | float | None) -> int:
    """Bytes from a size setting: ``500MB``, ``2GB``, ``1.5G``, ``64MiB``, ``1048576`` (0 or empty: none)."""
    if value is None or value == "":
        return 0
    if isinstance(value, (int, float)):
        return max(0, int(value))
    found = _SIZE.match(str(value))
    if not found:
        raise ValueError(f"{value!r} is not a size (e.g. 500MB, 2GB, 64MiB, 1048576)")
    number, unit = float(found.group(1)), (found.group(2) or "").lower()
    binary = "i" in unit
    unit = unit.replace("i", "").replace("b", "")
    factor = 1024 ** ("kmgt".index(unit) + 1) if binary and unit else _UNITS[unit]
    return int(number * factor)


def format_size(size: int) -> str:
    """``512 MB``, ``1.5 GB``: a size as the settings write it."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} bytes"


def sqlite_uri(path: str | Path, **query: str) -> str:
    """An SQLite ``file:`` URI for a path: every character that means something in a URI (``#``, ``?``,
    ``%``, spaces) is percent-encoded, so any file name opens that file and no other."""
    uri = Path(os.path.abspath(path)).as_uri()
    return uri + ("?" + urlencode(query) if query else "")


@dataclass
class FileState:
    """What is at an archive's path: "missing", "empty" (0 bytes), "blank" (an SQLite database with no
    tables yet) or "archive" (with the names of the migrations it has)."""

    kind: str
    migrations: list[str] = field(default_factory=list)


def connect_readonly(path: str | Path, timeout: float = 60.0) -> sqlite3.Connection:
    """A connection that cannot write: no journal mode change, no migration, no new file."""
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=timeout)
    conn.execute("PRAGMA query_only = ON")
    return conn


def inspect(path: str | Path, timeout: float = 60.0) -> FileState:
    """What is at ``path``; NotAnArchive for a file that is something else, ArchiveDamaged when SQLite
    cannot read it. Reads the file only, through a read-only SQLite connection.

    Never with Python's own ``open()``: closing any descriptor of a database file drops every POSIX lock
    this process holds on it, so a crawl's own connection would lose its locks and another process could
    checkpoint and delete the WAL under it (sqlite.org/howtocorrupt.html, 2.2). SQLite's connections
    share their locks within a process and do not have that problem.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileState("missing")
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if path.is_dir():
        raise NotAnArchive(f"{path} is a directory, not a newsarchiver archive: give the archive's file name")
    if size == 0:
        return FileState("empty")
    try:
        conn = connect_readonly(path, timeout)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            migrations = ([r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
                          if "_migrations" in tables else [])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise NotAnArchive(f"{path} is not a newsarchiver archive (not an SQLite database); "
                               "it was left untouched") from None
        raise ArchiveDamaged(f"{path} cannot be read: {exc} (a damaged or truncated file?)") from exc
    if app_id == APPLICATION_ID or "001_initial" in migrations:
        return FileState("archive", migrations)
    if not tables - {"_migrations"} and not migrations and app_id == 0:
        return FileState("blank")  # no tables yet (or a crawl creating this archive right now)
    if app_id:
        raise NotAnArchive(f"{path} is an SQLite database of another application (application id "
                           f"{app_id:#x}), not a newsarchiver archive; it was left untouched")
    shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
    raise NotAnArchive(f"{path} is an SQLite database but not a newsarchiver archive (its tables: {shown}); "
                       "it was left untouched")
