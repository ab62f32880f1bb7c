"""What every command shares: option types, the ``--archive`` option, opening the archive, error lines.

Every command that reads or writes an archive takes ``--archive PATH`` (default
``exports/newsarchiver.db``, or the NEWSARCHIVER_ARCHIVE environment variable). Read commands open it
read-only (:func:`read_archive`) and never create, migrate or change a file; only writing commands
(crawl, ingest, reextract, unmerge, templates --rebuild, migrate, demo) create or upgrade an archive
(:func:`write_archive`), and say so when they upgrade one. An archive that cannot be used, an SQLite
error or a bad value is one line on stderr and a non-zero exit, never a traceback
(:func:`one_line_error`).

Light on purpose: this module imports click and the standard library only; ``newsarchiver.archive``
(sqlite-utils, numpy, lxml) is imported by the functions that open an archive, when they run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..archive import Archive, ArchiveReader

#: The largest integer SQLite can store: ids and limits beyond it are refused, not passed to SQLite.
SQLITE_MAX_INT = 2**63 - 1


class Text(click.ParamType):
    """A string that is valid Unicode: bytes that are not UTF-8 (``--site $'\\xff'``) are refused with a
    clear message instead of failing deep inside SQLite or a URL parser."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = value.encode("utf-8", "surrogateescape")
            self.fail(f"{shown!r} is not valid UTF-8 text", param, ctx)
        except AttributeError:
            self.fail(f"{value!r} is not text", param, ctx)
        return value


TEXT = Text()


def count_option(*names: str, minimum: int = 1, **kwargs: Any) -> Callable[..., Any]:
    """An integer option bounded to what SQLite can store (``--limit 10**23`` is a clear error)."""
    return click.option(*names, type=click.IntRange(minimum, SQLITE_MAX_INT), **kwargs)


ID = click.IntRange(0, SQLITE_MAX_INT)


def _default_archive() -> str:
    from ..archive import DEFAULT_ARCHIVE

    return os.environ.get("NEWSARCHIVER_ARCHIVE", str(DEFAULT_ARCHIVE))


def archive_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=_default_archive,  # called when a command runs, not for --help (show_default says it)
        show_default="exports/newsarchiver.db or $NEWSARCHIVER_ARCHIVE",
        help="The SQLite archive to use.",
    )(func)


def _remember(path: Path) -> None:
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["newsarchiver.archive"] = path


def read_archive(path: Path) -> ArchiveReader:
    """The archive opened read-only; refuses a missing file, a file that is no archive and an archive
    from an older newsarchiver, leaving the file as it is."""
    from ..archive import ArchiveReader

    _remember(path)
    return ArchiveReader.open(path)


def write_archive(path: Path, *, create: bool = False, **options: Any) -> Archive:
    """The archive opened to write (created with ``create``), upgraded if it is from an older version,
    with a line on stderr saying so."""
    from ..archive import Archive

    _remember(path)
    archive = Archive(path, create=create, **options)
    if archive.migrated and not archive.created:
        click.echo(f"upgraded {path} to this newsarchiver's schema: applied migration"
                   f"{'s' if len(archive.migrated) > 1 else ''} {', '.join(archive.migrated)}", err=True)
    return archive


def require_extra(module: str, extra: str, what: str) -> None:
    """Stop with the pip command to run when an optional dependency a command needs is missing."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        raise click.ClickException(f"{what} needs {module}, which is not installed: "
                                   f"pip install 'newsarchiver[{extra}]'") from None


def echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def exit_with(status: int, why: str) -> None:
    """End a command with its exit status (newsarchiver.outcome), saying why when it is not 0."""
    if status:
        click.echo(f"exit status {status}: {why}", err=True)
        raise SystemExit(status)


def one_line_error(exc: Exception, ctx: click.Context) -> click.ClickException | None:
    """The one-line error (exit 1) for an archive or SQLite error a command let through; None for others."""
    from ..archive import ArchiveError  # imported already by the command that raised one

    if isinstance(exc, ArchiveError):
        return click.ClickException(str(exc))
    if isinstance(exc, sqlite3.DatabaseError):
        path = ctx.meta.get("newsarchiver.archive", "the archive")
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            return click.ClickException(f"{path} cannot be read: {exc} (a damaged or truncated file?)")
        return click.ClickException(f"{path}: SQLite error: {exc}")
    return None
