"""Writing output files safely: never over an existing file unless asked, never through a planted link.

An output is written to a temporary file created exclusively next to it (``O_CREAT | O_EXCL`` with an
unpredictable name, by :func:`tempfile.mkstemp`: a symlink planted at a guessable name is never
followed) and moved over the output with :func:`os.replace` only once complete; a failed write leaves
neither a partial output nor its temporary file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class OutputError(Exception):
    """An output that cannot or must not be written; the message says why and what to do."""


def check_output(output: Path, *, force: bool = False, what: str = "output") -> None:
    """Refuse a directory, an unwritable place, and an existing file unless ``force``."""
    if output.is_dir():
        raise OutputError(f"{output} is a directory: give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {parent}: {exc.strerror or exc}") from exc
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write to {parent}: permission denied")
    if (output.exists() or output.is_symlink()) and not force:
        raise OutputError(f"{output} exists: not overwritten (--force replaces it)")


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@contextmanager
def replacing(output: Path) -> Iterator[Path]:
    """A new, empty temporary file next to ``output`` (created exclusively), moved over ``output`` when
    the block ends without an exception, removed otherwise."""
    output = Path(output)
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent or Path("."))
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
