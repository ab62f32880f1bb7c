"""`newsarchiver export`: getting data out of the archive.

The work is done in ``newsarchiver/exports.py`` (snapshot, records, WARC), imported when the command
runs; this is the click command over it. Exit codes: 0 done, 1 the export failed (the message says why),
2 wrong options.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..items import RECORD_KEYS
from .common import ID, TEXT, archive_option, read_archive, require_extra

if TYPE_CHECKING:
    from ..exports import Filters

#: The keys of an exported article record, in order (``--records articles``).
EXPORT_KEYS = RECORD_KEYS

FORMATS = ("jsonl", "csv", "sqlite", "warc")
#: ``archive.records.RECORD_KINDS``, written out so that ``--help`` does not import the archive
#: (tests/test_cli_startup.py checks that the two agree).
RECORD_KINDS = ("articles", "copies", "stories")


def _default_output(archive_path: Path, fmt: str) -> Path | None:
    if fmt == "sqlite":
        return Path("exports") / f"{archive_path.stem}-snapshot.db"
    if fmt == "warc":
        return Path("exports") / f"{archive_path.stem}.warc.gz"
    return None  # jsonl/csv: stdout


def _bar(label: str, enabled: bool) -> Any:
    """A click progress bar on stderr (a no-op object with --no-progress)."""
    if not enabled:
        return _NoBar()
    return click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True)


class _NoBar:
    length = 1
    pos = 0

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, n: int) -> None:
        pass


def _progress(bar: Any) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    return progress


@click.command()
@archive_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl/csv: records (see --records); sqlite: a self-contained snapshot of the whole archive; "
                   "warc: the stored raw responses as WARC.")
@click.option("--records", "kind", type=click.Choice(RECORD_KINDS), default=None,
              help="jsonl/csv: articles (one per copy: the extract keys plus story_id, site, fetched_at; "
                   "the default), copies (every column of a copy) or stories.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write. Default: stdout for jsonl/csv, exports/ARCHIVE-snapshot.db for sqlite, "
                   "exports/ARCHIVE.warc.gz for warc ('.gz': gzipped WARC records).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (default: refuse).")
@click.option("--site", type=TEXT, help="Only copies from this site (host[:port]); stories with a copy there.")
@click.option("--since", type=TEXT, help="Only copies published on or after this date (2024-05-01 or 20240501) or "
                                         "time (ISO 8601); warc: fetched on or after.")
@click.option("--until", type=TEXT, help="Only copies published on or before this date or time (inclusive).")
@click.option("--story", "story_id", type=ID, help="Only copies of this story.")
@click.option("--no-raw", is_flag=True, help="sqlite: leave out the stored response bodies (a much smaller file).")
@click.option("--progress/--no-progress", default=True, show_default=True, help="A progress bar on stderr.")
def export(archive_path: Path, fmt: str, kind: str | None, output: Path | None, force: bool, site: str | None,
           since: str | None, until: str | None, story_id: int | None, no_raw: bool, progress: bool) -> None:
    """Export the archive: records as JSONL/CSV, a SQLite snapshot, or the raw pages as WARC.

    \b
    newsarchiver export --format jsonl -o exports/articles.jsonl --site news.example.com --since 2024-05-01
    newsarchiver export --format csv --records stories -o exports/stories.csv
    newsarchiver export --format sqlite --no-raw -o exports/snapshot.db   # safe while a crawl writes
    newsarchiver export --format warc -o exports/pages.warc.gz

    CSV cells holding lists or objects (authors, editors, prev, next) are JSON. An existing output file
    is not replaced unless --force; it is written to a new temporary file next to it first.
    """
    from .. import exports

    if no_raw and fmt != "sqlite":
        raise click.UsageError("--no-raw applies to --format sqlite only")
    if kind and fmt not in ("jsonl", "csv"):
        raise click.UsageError("--records applies to --format jsonl or csv only")
    if fmt == "sqlite" and (site or since or until or story_id is not None):
        raise click.UsageError("--format sqlite copies the whole archive: --site/--since/--until/--story "
                               "apply to jsonl, csv and warc")
    try:
        filters = exports.Filters(site=site, since=exports.check_date(since, "--since"),
                                  until=exports.check_date(until, "--until"), story_id=story_id)
    except exports.ExportError as exc:
        raise click.BadParameter(str(exc)) from exc
    output = output or _default_output(archive_path, fmt)
    if output is not None and output.resolve() == archive_path.resolve():
        raise click.UsageError(f"--output {output} is the archive itself")
    if fmt == "warc":
        require_extra("warcio", "warc", "export --format warc")
    try:
        if fmt == "sqlite":
            _export_snapshot(archive_path, output, raw=not no_raw, progress=progress, force=force)
        elif fmt == "warc":
            _export_warc(archive_path, output, filters, progress, force)
        else:
            _export_records(archive_path, fmt, kind or "articles", output, filters, progress, force)
    except exports.ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    except BrokenPipeError:  # `export ... | head`: the reader has what it wanted
        _quiet_stdout()
    except OSError as exc:
        raise click.ClickException(f"export failed: {exc}") from exc


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that Python's exit flush does not complain."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file descriptor (tests)
        pass


def _export_snapshot(archive_path: Path, output: Path, raw: bool, progress: bool, force: bool) -> None:
    from .. import exports

    read_archive(archive_path).close()  # the usual message for a missing file, a non-archive, an old archive
    with _bar("snapshot", progress) as bar:
        result = exports.snapshot(archive_path, output, raw=raw, progress=_progress(bar), force=force)
    click.echo(f"snapshot of {archive_path}: {result['copies']} articles, {result['raw_pages']} raw pages, "
               f"{result['bytes'] / 1e6:.1f} MB written to {output}", err=True)


def _export_warc(archive_path: Path, output: Path, filters: Filters, progress: bool, force: bool) -> None:
    from .. import exports

    with read_archive(archive_path) as archive, _bar("warc", progress) as bar:
        count = exports.write_warc(archive, output, filters, progress=_progress(bar), force=force)
    click.echo(f"exported {count} responses (request + response records) to {output}", err=True)


def _export_records(archive_path: Path, fmt: str, kind: str, output: Path | None, filters: Filters,
                    progress: bool, force: bool) -> None:
    from .. import exports

    with read_archive(archive_path) as archive:
        total = exports.count_records(archive, kind, filters)
        # Records go to stdout unless -o: no bar then unless stderr is a terminal (it would mix with a pipe's log).
        show = progress and (output is not None or sys.stderr.isatty())
        with _bar(kind, show) as bar:
            bar.length = max(total, 1)
            if output:
                count = exports.write_records_file(archive, output, fmt, kind, filters, force=force,
                                                   on_record=lambda: bar.update(1))
            else:
                count = exports.write_records(exports.iter_records(archive, kind, filters), fmt, sys.stdout,
                                              kind=kind, on_record=lambda: bar.update(1))
    click.echo(f"exported {count} {kind}" + (f" to {output}" if output else ""), err=True)
