"""Opening an archive file: telling a newsarchiver archive from any other file, and connecting to it.

Read commands connect read-only (an SQLite ``file:`` URI with ``mode=ro``) and never create, migrate or
otherwise change a file; only writing commands create an archive or apply missing migrations. Before
SQLite opens anything, :func:`inspect` looks at the file: a missing file, an empty one, a file that is
no SQLite database, an SQLite database of something else, or an archive (with the migrations it has).
An archive is recognised by its ``_migrations`` table holding ``001_initial``, and since migration 009
also by the SQLite header's application id (:data:`APPLICATION_ID`).
"""

from __future__ import annotations

import os
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
