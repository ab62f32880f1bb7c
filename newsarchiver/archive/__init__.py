"""The SQLite archive: schema and migrations, writes, stories, search and queries.

The only package that talks to SQLite; everything else goes through :class:`Archive` and
``archive.queries``.
"""

from .core import CHANGED, DEFAULT_ARCHIVE, NEW, UNCHANGED, Archive

__all__ = ["Archive", "DEFAULT_ARCHIVE", "NEW", "CHANGED", "UNCHANGED"]
