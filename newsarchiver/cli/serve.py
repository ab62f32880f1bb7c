"""`newsarchiver serve`: the archive in Datasette, with Chinese full-text search and canned queries.

The work is done in ``newsarchiver/serve.py`` (metadata, the ``datasette serve`` process), imported when
the command runs. Exit codes: 0 done, 1 the server failed (the message says why), 2 wrong options.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..outfiles import OutputError, check_output, is_sqlite_file, replacing
from .common import TEXT, archive_option, read_archive, require_extra


@click.command()
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

    Opens http://127.0.0.1:8001/ by default: pages to read and follow a story (/DB/story/ID: the
    timeline of its spread; /DB/article/ID, /DB/site/ID, /DB/network, /DB/find?q=TERMS with DB the
    archive's name, e.g. newsarchiver), tables and views with titles and facets (site, author, date),
    the search box on articles and copies, and canned queries: search, latest_per_site, top_stories,
    story_timeline (?story=ID), author_articles (?author=NAME), gaps. Read-only; safe
    while a crawl writes. Arguments after `--` go to `datasette serve`. Anyone who can reach the
    port can read the whole archive: keep the default --host 127.0.0.1 unless that is what you want.
    """
    from .. import serve as serving

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
    from .. import serve as serving

    if target.resolve() == archive_path.resolve() or is_sqlite_file(target):
        raise click.UsageError(f"--write-metadata {target} is an SQLite database"
                               + (" (the archive itself)" if target.resolve() == archive_path.resolve() else "")
                               + ": it is never overwritten; give another file name")
    try:
        check_output(target, force=force or serving.is_our_metadata(target))
    except OutputError as exc:
        raise click.UsageError(f"--write-metadata: {exc}") from None
