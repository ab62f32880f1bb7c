"""Commands that look after an archive: unmerge, reextract, templates, migrate.

They write (templates only with --rebuild), so they open the archive with :func:`~.common.write_archive`,
which upgrades an archive from an older version first.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import SQLITE_MAX_INT, TEXT, archive_option, echo_json, read_archive, write_archive


@click.command()
@click.argument("copy_ref", type=TEXT)
@archive_option
def unmerge(copy_ref: str, archive_path: Path) -> None:
    """Take a copy (id or URL) out of its story into a story of its own, for good.

    Use it when near-duplicate matching joined two different articles; the copy is never merged
    automatically again. Raise NEWSARCHIVER_DEDUP_THRESHOLD to make merging stricter for new copies.
    """
    from ..archive import queries

    with write_archive(archive_path) as archive:
        copy_id = queries.find_copy_id(archive, copy_ref)
        if copy_id is None:
            raise click.ClickException(f"no copy {copy_ref!r} in {archive_path}")
        with archive.batch():
            story_id = archive.unmerge(copy_id)
    click.echo(f"copy {copy_id} is now alone in story {story_id}")


@click.command()
@archive_option
@click.option("--site", type=TEXT, help="Only copies of this site (host[:port]).")
@click.option("--timezone", type=TEXT, help="Timezone for dates written without one (default: by page language).")
def reextract(archive_path: Path, site: str | None, timezone: str | None) -> None:
    """Run the current extractor again over the stored raw pages, offline; update fields, stories and
    versions, and report what changed. Exit status: 0 all well, 3 some pages could not be re-extracted
    (they keep their fields), 1 the archive could not be written (a rerun completes the work)."""
    from ..archive import ArchiveStorageError
    from ..outcome import EXIT_ERRORS
    from ..reextract import reextract as run

    with write_archive(archive_path) as archive:
        with click.progressbar(length=1, label="re-extracting", file=sys.stderr) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            try:
                counts = run(archive, site=site, timezone=timezone, progress=progress)
            except ArchiveStorageError as exc:
                line = exc.line(getattr(exc, "committed", 0), "re-extraction stopped")
                raise click.ClickException(line.replace("articles filed", "pages re-extracted and committed",
                                                        1)) from None
    click.echo(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no stored pages to re-extract")
    failed = counts.get("errors", 0)
    if failed:
        click.echo(f"exit status {EXIT_ERRORS}: finished with errors ({failed} pages could not be re-extracted)",
                   err=True)
        raise SystemExit(EXIT_ERRORS)


@click.command()
@archive_option
@click.option("--site", type=TEXT, help="Only this site (host[:port]).")
@click.option("--min-stories", type=click.IntRange(0, SQLITE_MAX_INT), default=None,
              help="A paragraph printed in this many different stories of a site is its template "
                   "(default: NEWSARCHIVER_TEMPLATE_MIN_STORIES, 4).")
@click.option("--rebuild", is_flag=True,
              help="Count every site's paragraphs again from the archive and apply the result to every copy "
                   "(after changing the threshold, or for an archive from before template learning). "
                   "With --min-stories 0 every removed paragraph goes back into its body.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per template paragraph.")
def templates(archive_path: Path, site: str | None, min_stories: int | None, rebuild: bool, as_json: bool) -> None:
    """The site templates learned from the archive: paragraphs a site prints in many different stories
    (slogans, "set us as your home page" lines, newsroom blurbs), removed from its copies' bodies."""
    from ..settings import NEWSARCHIVER_TEMPLATE_MIN_STORIES

    with (write_archive(archive_path) if rebuild else read_archive(archive_path)) as archive:
        archive.template_min_stories = NEWSARCHIVER_TEMPLATE_MIN_STORIES if min_stories is None else min_stories
        if rebuild:
            site_ids = None
            if site:
                site_id = archive.site_id(site)
                if site_id is None:
                    raise click.ClickException(f"no site {site!r} in {archive_path} (see `newsarchiver stats`)")
                site_ids = {site_id}
            with archive.batch():
                changed = archive.rebuild_templates(site_ids)
            click.echo(f"rebuilt site templates: {changed} copies changed", err=True)
        rows = archive.template_blocks(site, min_stories=archive.template_min_stories) \
            if archive.template_min_stories else []
    for r in rows:
        if as_json:
            echo_json(r)
        else:
            click.echo(f"{r['site']}\t{r['stories']}\t{r['text'] or ''}")
    click.echo(f"{len(rows)} template paragraphs"
               + ("" if archive.template_min_stories else " (template learning is off: --min-stories 0)"), err=True)


@click.command()
@archive_option
@click.option("--rebuild-signatures", is_flag=True,
              help="Also compute every copy's near-duplicate signature again, the way this version makes them "
                   "(needed when the archive's signatures were made by another datasketch version or scheme).")
def migrate(archive_path: Path, rebuild_signatures: bool) -> None:
    """Upgrade an archive written by an older newsarchiver to this version's schema.

    Every writing command (crawl, ingest, reextract, unmerge, templates --rebuild) does this first; read
    commands (stats, search, show, export, serve...) never change an archive and ask for it instead.
    """
    from ..archive.neardup import scheme_id

    with write_archive(archive_path, verify_signatures=not rebuild_signatures) as archive:
        if rebuild_signatures:
            with archive.batch():
                signed = archive.rebuild_signatures()
            click.echo(f"recomputed the near-duplicate signatures of {signed} copies ({scheme_id()})", err=True)
        elif not archive.migrated:
            click.echo(f"{archive_path} is up to date", err=True)
