"""``newsarchiver gone``: the archived copies their sites took down, and the copies of their stories that survive."""

from __future__ import annotations

from pathlib import Path

import click

from .common import TEXT, archive_option, count_option, echo_json, read_archive


@click.command()
@archive_option
@click.option("--site", type=TEXT, help="Only copies of this site (host[:port], as in `stats`).")
@click.option("--since", type=TEXT, help="Only copies first seen gone on or after this date (2024-05-01) or time "
                                         "(ISO 8601).")
@click.option("--missing", "include_missing", is_flag=True,
              help="Also copies found removed fewer times in a row than NEWSARCHIVER_GONE_AFTER (not yet gone).")
@count_option("--limit", help="At most this many copies, newest disappearance first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per copy.")
def gone(archive_path: Path, site: str | None, since: str | None, include_missing: bool, limit: int | None,
         as_json: bool) -> None:
    """Copies their sites took down: when each was last seen alive and first seen gone, how (404/410, a
    redirect to the home page or a listing, a removal notice, an empty page), its story, and the story's
    copies that survive elsewhere. Newest disappearance first.

    \b
    newsarchiver gone --site news.example.com --since 2024-05-01
    newsarchiver gone --json | jq .surviving

    The archived text of a gone copy is kept: `newsarchiver show ID` prints it with its history.
    """
    from ..archive import queries
    from ..archive.records import parse_bound

    if since:
        try:
            since = parse_bound(since)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    with read_archive(archive_path) as archive:
        found = queries.gone_copies(archive, site=site, since=since, include_missing=include_missing, limit=limit)
    for r in found:
        if as_json:
            echo_json(r)
            continue
        evidence = r["how"] or "?"
        if r["http_status"] and not evidence.startswith("http_"):
            evidence += f" {r['http_status']}"
        if r["redirect_target"]:
            evidence += f" to {r['redirect_target']}"
        if r["notice"]:
            evidence += f": “{r['notice']}”"
        seen = f"seen removed {r['times_seen_gone']} time{'s' if r['times_seen_gone'] != 1 else ''}"
        click.echo(f"[{r['copy_id']}] {r['status']} since {r['first_seen_gone']} ({evidence}; {seen}); "
                   f"last seen alive {r['last_seen_alive']}\n    {r['site']}  {r['fetched_url'] or r['url']}\n"
                   f"    {r['title'] or '(no title)'}")
        if r["story_id"] is not None:
            role = "the original" if r["is_original"] else "a copy"
            click.echo(f"    story {r['story_id']}: {role}; {r['story_surviving']} of {r['story_copies']} "
                       f"copies survive")
            for c in r["surviving"]:
                click.echo(f"      {'*' if c['is_original'] else ' '} [{c['copy_id']}] {c['site']}  {c['url']}"
                           + (f"  ({c['status']})" if c["status"] != "alive" else ""))
    what = "missing or gone" if include_missing else "gone"
    click.echo(f"{len(found)} {what} copies" + (f" on {site}" if site else ""), err=True)
