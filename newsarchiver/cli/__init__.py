"""The ``newsarchiver`` command: a thin layer of click commands over the spider, extract/ and archive/.

One module per command or small family of commands, each defining plain click commands that this
module adds to the group (the sqlite-utils and Datasette way); none of them imports this module back:

==================  ==========================================================================
``crawl.py``        crawl, demo (the spider, in this process)
``extract.py``      extract (one page, offline or fetched)
``query.py``        search, show, stats, runs, stories, story, gaps
``gone.py``         gone
``admin.py``        unmerge, reextract, templates, migrate
``export.py``       export
``serve.py``        serve (Datasette)
``report.py``       report (one page as a self-contained HTML file)
``distributed.py``  ingest (the writer of a distributed crawl)
``common.py``       option types, ``--archive``, opening the archive, one-line errors
==================  ==========================================================================

Start-up: every command module is imported to build the group (``--help`` lists them all, with the
first line of each docstring), so each keeps its top level to click and the standard library, and a
command imports what it needs (the archive, Scrapy, the extractor, Datasette, Redis) in its body, when
it runs. Click's lazy-group recipe (a ``name -> "module:attr"`` map) would import a command module only
when the command runs, but then ``--help`` needs each command's short help written a second time in
the map; importing a dozen small modules costs a few milliseconds, so the plain group is kept and
``tests/test_cli_startup.py`` checks that ``--help`` and a read command import none of the heavy
packages. ``make bench-startup`` measures the start-up.
"""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from . import admin, crawl, distributed, export, extract, gone, query, report, serve
from .common import one_line_error
from .export import EXPORT_KEYS

__all__ = ["EXPORT_KEYS", "cli", "main"]


class Commands(click.Group):
    """The command group: turns archive and SQLite errors into one line (exit 1) instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            error = one_line_error(exc, ctx)
            if error is None:
                raise
            raise error from exc


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchiver")
def cli() -> None:
    """Archive news from Chinese repost and content-farm sites into a deduplicated SQLite archive.

    Crawl sites (crawl), extract single pages (extract), then query the archive (search, show,
    stats, export). `newsarchiver demo` crawls bundled sample sites to show it all working.
    """


for _command in (
    crawl.crawl, crawl.demo,
    extract.extract,
    query.search, query.show, query.stats, query.runs, query.stories, query.story, query.gaps,
    gone.gone,
    admin.unmerge, admin.reextract, admin.templates, admin.migrate,
    export.export, serve.serve, report.report,
    distributed.ingest,
):
    cli.add_command(_command)


def main() -> None:  # pragma: no cover - console script entry
    cli()
