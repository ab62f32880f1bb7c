"""The SQLite archive: schema and migrations, writes, stories, search and queries.

The only package that talks to SQLite; everything else goes through :class:`Archive` (to write),
:class:`ArchiveReader` (to read), ``archive.queries`` and ``archive.records``.
"""

from .core import CHANGED, DEFAULT_ARCHIVE, GONE, NEW, UNCHANGED, Archive, ArchiveReader
from .files import (ArchiveDamaged, ArchiveError, ArchiveMissing, ArchiveOutdated, ArchiveStorageError, ArchiveTooNew,
                    NotAnArchive, SignatureSchemeMismatch)

__all__ = ["Archive", "ArchiveReader", "DEFAULT_ARCHIVE", "NEW", "CHANGED", "UNCHANGED", "GONE", "ArchiveError",
           "ArchiveMissing", "NotAnArchive", "ArchiveOutdated", "ArchiveTooNew", "ArchiveDamaged",
           "ArchiveStorageError", "SignatureSchemeMismatch"]
