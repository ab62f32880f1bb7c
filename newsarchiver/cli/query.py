"""The commands that read an archive and print what it holds: search, show, stats, runs, stories, story, gaps.

Each opens the archive read-only; ``newsarchiver.archive`` is imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .common import ID, TEXT, archive_option, count_option, echo_json, read_archive


@click.command()
@click.argument("terms", nargs=-1, required=True, type=TEXT)
@archive_option
@count_option("--limit", default=20, show_default=True, help="How many results.")
@click.option("--site", type=TEXT, help="Only this site (host[:port], as in `stats`).")
@click.option("--sort", "order", type=click.Choice(("auto", "relevance", "title", "archived")), default="auto",
              show_default=True,
              help="relevance: best matches first (BM25, the title weighted 5x; scores every match: seconds for a term "
                   "in 100,000s of copies). title: copies with every term in their title first, then the others, "
                   "archived last first within each. archived: the copies archived last first. auto: relevance when at "
                   "most 10,000 copies match, else title (a note on stderr says so).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per result.")
def search(terms: tuple[str, ...], archive_path: Path, limit: int, site: str | None, order: str, as_json: bool) -> None:
    """Full-text search of titles and bodies; every term must match. Chinese terms of two or more
    characters and English words both work:

    \b
        newsarchiver search 电网 供电公司
        newsarchiver search --sort archived 疫情     # newest in the archive first: instant at any size
        newsarchiver search --sort relevance 疫情    # best first even when 100,000s match: seconds

    Best matches come first (--sort relevance) when at most 10,000 copies match; a term found in more
    (a common word in a large archive) lists the copies with every term in their title first, archived
    last first (--sort title), since ranking 100,000s of matches takes seconds: --sort relevance ranks
    them all anyway.
    """
    from ..archive import queries, search as searching

    query = " ".join(terms)
    with read_archive(archive_path) as archive:
        try:
            used = queries.search_order(archive, query, order)
            results = queries.search_copies(archive, query, limit=limit, site=site, order=used)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    if order == "auto" and used != "relevance":
        click.echo(f"note: more than {searching.RANK_AT_MOST:,} copies match {query!r}: those with every term in "
                   "their title first, then the others, archived last first (--sort relevance ranks them all "
                   "by relevance, which takes seconds at this size)", err=True)
    if as_json:
        for result in results:
            echo_json(result)
        return
    if not results:
        click.echo(f"no articles match {query!r}", err=True)
        return
    for r in results:
        click.echo(f"[{r['id']}] {r['title']}\n    {r['site']}  {r['published'] or '(no date)'}  story {r['story_id']}"
                   f"\n    {r['url']}\n    {r['snippet']}")


@click.command()
@click.argument("ref", type=TEXT)
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
def show(ref: str, archive_path: Path, as_json: bool) -> None:
    """Show one archived article by its id or any URL it was seen at, with its story's other copies."""
    from ..archive import changes, queries

    with read_archive(archive_path) as archive:
        copy_id = queries.find_copy_id(archive, ref)
        if copy_id is None:
            raise click.ClickException(f"no article {ref!r} in {archive_path} (try `newsarchiver search`)")
        record = queries.copy_details(archive, copy_id)
    if as_json:
        echo_json(record)
        return
    prov = record["provenance"]
    click.echo(record["title"] or "(no title)")
    click.echo(f"  site:      {record['site']} ({record['site_name'] or '?'})")
    click.echo(f"  url:       {record['url']}")
    click.echo(f"  published: {record['published'] or '-'}  [to the {prov['published_precision'] or '?'}, from "
               f"{prov['published_from']}: {prov['published_raw']!r}]")
    if record["updated"]:
        click.echo(f"  updated:   {record['updated']}  [from {prov['updated_from']}: {prov['updated_raw']!r}]")
    click.echo(f"  authors:   {', '.join(record['authors']) or '-'}    editors: {', '.join(record['editors']) or '-'}")
    click.echo(f"  poster:    {record['poster'] or '-'}")
    click.echo(f"  source:    {record['source'] or '-'}  {record['source_url'] or ''}")
    for rel in ("prev", "next"):
        link = record[rel]
        if link:
            click.echo(f"  {rel}:      {link['title']}  {link['published'] or ''}  {link['url']}")
    if record["template_removed"]:
        n = len(record["template_removed"])
        click.echo(f"  removed as the site's template: {n} paragraph{'s' if n != 1 else ''} "
                   f"({'; '.join(t[:30] for t in record['template_removed'])})")
    _echo_status(record["disappearance"], record["events"])
    for v in record["versions"]:
        click.echo(f"  version {v['version']} → {v['version'] + 1} ({v['valid_to']}): {changes.summary(v['changes'])}")
        for p in (v["changes"] or {}).get("removed", []):
            click.echo(f"      − {p[:70]}")
        for p in (v["changes"] or {}).get("added", []):
            click.echo(f"      + {p[:70]}")
    surviving = sum(1 for c in record["story"] if c["status"] != "gone")
    click.echo(f"  story {record['story_id']}: {len(record['story'])} copies"
               + (f", {surviving} surviving" if surviving != len(record["story"]) else ""))
    for c in record["story"]:
        mark = f"  [{c['status']}]" if c["status"] not in ("alive", None) else ""
        click.echo(f"    {'*' if c['is_original'] else ' '} [{c['copy_id']}] {c['site']}  {c['published']}  {c['url']}"
                   f"{mark}")
    click.echo("")
    click.echo(record["body"])


def _echo_status(state: dict[str, Any], events: list[dict[str, Any]]) -> None:
    """The copy's status line and the revisits that found it removed, unreachable or back."""
    if state["status"] == "alive" and not events:
        return
    line = f"  status:    {state['status'].upper()}"
    if state["status"] in ("missing", "gone"):
        line += f"  first seen gone {state['first_seen_gone']} ({state['how']}), last seen alive " \
                f"{state['last_seen_alive']}"
    elif state["restored_at"]:
        line += f"  gone from {state['first_seen_gone']} ({state['how']}), back since {state['restored_at']}"
    if state["failed_visits"]:
        line += f"; the last {state['failed_visits']} revisit(s) got no answer"
    click.echo(line)
    for e in events:
        what = " ".join(filter(None, [e["kind"], str(e["http_status"] or "") or None,
                                      f"to {e['target_url']}" if e["target_url"] else None,
                                      f"“{e['notice']}”" if e["notice"] else None]))
        click.echo(f"    {e['at']}  {what}  → {e['status']}")


@click.command()
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(archive_path: Path, as_json: bool) -> None:
    """Counts: articles, sites, stories (with several copies), copies missing/gone/restored, people, links,
    crawl runs, errors."""
    from ..archive import queries

    with read_archive(archive_path) as archive:
        data = queries.archive_stats(archive)
    if as_json:
        echo_json(data)
        return
    for key, value in data.items():
        if key != "per_site":
            click.echo(f"{key:>22}: {value}")
    click.echo("per site:")
    for s in data["per_site"]:
        click.echo(f"  {s['site']:<28} {s['articles']:>6} articles  {s['name'] or ''}")


@click.command()
@archive_option
@count_option("--limit", default=20, show_default=True, help="How many runs, newest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
def runs(archive_path: Path, limit: int, as_json: bool) -> None:
    """Crawl runs, newest first: pages fetched, articles new/changed/unchanged, 304s, pages skipped as
    not due, errors by kind, the sites it could not reach, what stopped a failed run, duration. A run still
    "running" is in progress (or its process died: the next run closes it as "abandoned")."""
    from ..archive import queries

    with read_archive(archive_path) as archive:
        records = queries.crawl_runs(archive, limit=limit)
    for r in records:
        if as_json:
            echo_json(r)
            continue
        errors = ", ".join(f"{k} {v}" for k, v in sorted(r["errors_by_kind"].items())) or "none"
        click.echo(f"run {r['id']} {r['started']} {r['status']} ({r['duration'] or 0:.0f}s): {r['pages'] or 0} pages, "
                   f"{r['articles_new'] or 0} new, {r['articles_changed'] or 0} changed, "
                   f"{r['articles_unchanged'] or 0} unchanged, {r['not_modified'] or 0} not modified (304), "
                   f"{r['skipped'] or 0} not due, {r['gone'] or 0} found removed, {r['restored'] or 0} back; "
                   f"errors: {errors}\n    {', '.join(r['start_urls'])}")
        for site, kind in r["unreachable"].items():
            click.echo(f"    site {site} unreachable: {kind}")
        if r["error"]:
            click.echo(f"    {r['status']}: {r['error']}")


@click.command()
@archive_option
@count_option("--min-copies", default=2, show_default=True, help="Only stories with at least this many copies.")
@click.option("--site", type=TEXT, help="Only stories with a copy on this site (host[:port]).")
@count_option("--limit", default=50, show_default=True, help="How many stories.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
def stories(archive_path: Path, min_copies: int, site: str | None, limit: int, as_json: bool) -> None:
    """Stories (one article and its copies across sites), most copies first, with their original."""
    from ..archive import queries

    with read_archive(archive_path) as archive:
        rows = queries.list_stories(archive, min_copies=min_copies, site=site, limit=limit)
    for r in rows:
        if as_json:
            echo_json(r)
        else:
            gone = r["copies"] - (r["surviving"] if r["surviving"] is not None else r["copies"])
            click.echo(f"story {r['id']}: {r['copies']} copies on {r['sites']} sites"
                       + (f" ({gone} gone, {r['surviving']} surviving)" if gone else "")
                       + f", first {r['first_published']}\n    {r['title']}\n    original: {r['original_url']} "
                       f"({r['original_reason']})" + (f" [{r['original_status']}]" if r["original_status"] not in
                                                      ("alive", None) else ""))
    if not rows:
        click.echo("no stories match", err=True)


@click.command()
@click.argument("story_id", type=ID)
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
def story(story_id: int, archive_path: Path, as_json: bool) -> None:
    """One story: its copies in publication order, which is the original and why each copy joined."""
    from ..archive import queries

    with read_archive(archive_path) as archive:
        data = queries.story_details(archive, story_id)
    if data is None:
        raise click.ClickException(f"no story {story_id} (list them with `newsarchiver stories`)")
    if as_json:
        echo_json(data)
        return
    surviving = "" if data["surviving"] in (None, data["copies"]) else f" ({data['surviving']} surviving)"
    click.echo(f"story {data['id']}: {data['title']}\n  {data['copies']} copies on {data['sites']} sites{surviving}; "
               f"original: copy {data['original_copy_id']} ({data['original_reason']})")
    for c in data["copies_list"]:
        why = c["story_reason"] or ""
        if c["story_similarity"] is not None and why == "near-duplicate":
            why += f" {c['story_similarity']:.2f} of copy {c['story_matched_copy_id']}"
        status = ""
        if c["status"] not in ("alive", None):
            status = f"  [{c['status'].upper()}" + (f" since {c['first_seen_gone']}, {c['gone_how']}"
                                                     if c["status"] in ("missing", "gone") else "") + "]"
        click.echo(f"  {'*' if c['is_original'] else ' '} [{c['copy_id']}] {c['published'] or '(no date)':<25} "
                   f"{c['site']:<22} {why}{status}\n      {c['title']}\n      {c['url']}")


@click.command()
@archive_option
@click.option("--site", type=TEXT, help="Only links from copies on this site (host[:port]).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per page.")
def gaps(archive_path: Path, site: str | None, as_json: bool) -> None:
    """Pages known only from prev/next links (never archived). Fetch them with
    `scrapy crawl repost -a start_urls=URL -a backfill=1`."""
    from ..archive import queries

    with read_archive(archive_path) as archive:
        rows = queries.gaps(archive, site=site)
    for r in rows:
        if as_json:
            echo_json(r)
        else:
            click.echo(f"{r['url']}\t{r['published'] or ''}\t{r['title'] or ''}")
    click.echo(f"{len(rows)} pages known only from prev/next links", err=True)
