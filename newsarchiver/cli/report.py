"""``newsarchiver report``: a story's or a site's page written as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from ..outfiles import OutputError, check_output, replacing
from .common import TEXT, archive_option, read_archive


@click.command()
@click.argument("kind", type=click.Choice(["story", "site"]))
@click.argument("ref", type=TEXT)
@archive_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (default: refuse).")
def report(kind: str, ref: str, archive_path: Path, output: Path, force: bool) -> None:
    """Write the page of story ID or site HOST as one self-contained HTML file to send to a colleague.

    \b
    newsarchiver report story 12 -o story.html
    newsarchiver report site news.example.com -o site.html

    The same page `newsarchiver serve` shows (timeline, copies, or the site's chart, reposts,
    templates, crawl runs and errors), with its stylesheet and pictures inline: it opens offline
    and makes no request anywhere.
    """
    from ..report import ReportError, render
    from ..settings import NEWSARCHIVER_TEMPLATE_MIN_STORIES

    read_archive(archive_path).close()  # a missing file, a non-archive, an old archive: refused, untouched
    try:
        check_output(output, force=force)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        html = render(kind, ref, archive_path, template_min_stories=NEWSARCHIVER_TEMPLATE_MIN_STORIES)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    with replacing(output) as tmp:  # created exclusively next to the output, moved over it when complete
        tmp.write_text(html, encoding="utf-8")
    click.echo(f"wrote the {kind} {ref} page to {output} ({len(html.encode('utf-8')) / 1024:.0f} KiB)", err=True)
