"""`newsarchiver export` and `newsarchiver serve`: getting data out of the archive.

The work is done in ``exports.py`` (snapshot, records, WARC) and ``serve.py`` (Datasette); these are
the click commands over them. Exit codes: 0 done, 1 the export or server failed (the message says
why), 2 wrong options.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import exports
from .cli import ID, TEXT, archive_option, cli, read_archive, require_extra
from .outfiles import OutputError, check_output, is_sqlite_file, replacing

FORMATS = ("jsonl", "csv", "sqlite", "warc")


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


@cli.command()
@archive_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl/csv: records (see --records); sqlite: a self-contained snapshot of the whole archive; "
                   "warc: the stored raw responses as WARC.")
@click.option("--records", "kind", type=click.Choice(exports.RECORD_KINDS), default=None,
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
    read_archive(archive_path).close()  # the usual message for a missing file, a non-archive, an old archive
    with _bar("snapshot", progress) as bar:
        result = exports.snapshot(archive_path, output, raw=raw, progress=_progress(bar), force=force)
    click.echo(f"snapshot of {archive_path}: {result['copies']} articles, {result['raw_pages']} raw pages, "
               f"{result['bytes'] / 1e6:.1f} MB written to {output}", err=True)


def _export_warc(archive_path: Path, output: Path, filters: exports.Filters, progress: bool, force: bool) -> None:
    with read_archive(archive_path) as archive, _bar("warc", progress) as bar:
        count = exports.write_warc(archive, output, filters, progress=_progress(bar), force=force)
    click.echo(f"exported {count} responses (request + response records) to {output}", err=True)


def _export_records(archive_path: Path, fmt: str, kind: str, output: Path | None, filters: exports.Filters,
                    progress: bool, force: bool) -> None:
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


@cli.command()
@archive_option
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, type=TEXT,
              help="Interface to listen on (127.0.0.1: this machine only). Any other address lets everyone who "
                   "can reach the port read the whole archive.")
@click.option("--write-metadata", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the Datasette metadata to this file, print the datasette command and exit.")
@click.option("--force", is_flag=True,
              help="With --write-metadata: replace an existing file that `serve` did not write (never an SQLite "
                   "database).")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def serve(archive_path: Path, port: int, host: str, write_metadata: Path | None, force: bool,
          datasette_args: tuple[str, ...]) -> None:
    """Browse and query the archive in Datasette, with Chinese full-text search and canned queries.

    Opens http://127.0.0.1:8001/ by default: tables and views with titles and facets (site, author,
    date), the search box on articles and copies, and canned queries: search, latest_per_site,
    top_stories, story_timeline (?story=ID), author_articles (?author=NAME), gaps. Read-only; safe
    while a crawl writes. Arguments after `--` go to `datasette serve`. Anyone who can reach the
    port can read the whole archive: keep the default --host 127.0.0.1 unless that is what you want.
    """
    from . import serve as serving

    require_extra("datasette", "serve", "serve")
    read_archive(archive_path).close()  # a missing file, a non-archive, an old archive: refused, untouched
    if write_metadata:
        if not serving.datasette_can_open(archive_path):
            raise click.UsageError(f"Datasette cannot open a file whose path has #, ? or % ({archive_path}) by "
                                   "itself: rename the archive, or use `newsarchiver serve`, which serves it under "
                                   "a safe name")
        _check_metadata_target(write_metadata, archive_path, force)
        text = json.dumps(serving.metadata(serving.database_name(archive_path)), ensure_ascii=False, indent=2)
        with replacing(write_metadata) as tmp:
            tmp.write_text(text, encoding="utf-8")
        click.echo(" ".join(serving.datasette_command(archive_path, write_metadata, host, port, datasette_args)))
        return
    if not serving.is_loopback(host):
        click.echo(f"warning: serving on {host}: anyone who can reach port {port} of this machine can read the "
                   "whole archive (every article, raw page and crawl log) and run read-only SQL on it; there is "
                   "no login. Keep --host 127.0.0.1 and put an authenticating proxy in front to share it "
                   "(docs/security.md).", err=True)
    click.echo(f"serving {archive_path} with Datasette at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    try:
        code = serving.run(archive_path, host, port, datasette_args)
    except FileNotFoundError as exc:
        raise click.ClickException(f"could not start Datasette: {exc}") from exc
    if code not in (0, -2, -15, 130, 143):
        raise click.ClickException(f"Datasette exited with code {code} (is port {port} in use? try --port N)")


def _check_metadata_target(target: Path, archive_path: Path, force: bool) -> None:
    """--write-metadata never writes over an archive or any SQLite database, and over another file
    only with --force (a metadata file `serve` wrote before is replaced)."""
    from . import serve as serving

    if target.resolve() == archive_path.resolve() or is_sqlite_file(target):
        raise click.UsageError(f"--write-metadata {target} is an SQLite database"
                               + (" (the archive itself)" if target.resolve() == archive_path.resolve() else "")
                               + ": it is never overwritten; give another file name")
    try:
        check_output(target, force=force or serving.is_our_metadata(target))
    except OutputError as exc:
        raise click.UsageError(f"--write-metadata: {exc}") from None
