"""``newsarchiver crawl`` and ``newsarchiver demo``: the repost spider run in this process, and its summary.

Scrapy, the spider and the demo sites are imported when a crawl starts (:func:`run_crawl`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .common import TEXT, archive_option, exit_with, read_archive, write_archive


@click.command()
@click.argument("urls", nargs=-1, type=TEXT)
@click.option("--sites", "sites_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A sites file (TOML): start URLs, timezone, revisit schedule and profile per site.")
@archive_option
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy/newsarchiver setting for this crawl, e.g. -s CLOSESPIDER_PAGECOUNT=100.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a live progress line.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="Scrapy's log level.")
@click.option("--redis", "redis_url", metavar="URL",
              help="Distributed mode: share the frontier in this Redis (REDIS_URL) with other crawlers and push "
                   "items there for `newsarchiver ingest`; the start URLs go to the shared queue "
                   "(docs/distributed.md).")
def crawl(urls: tuple[str, ...], sites_file: Path | None, archive_path: Path, overrides: tuple[str, ...],
          progress: bool, log_level: str, redis_url: str | None) -> None:
    """Crawl the sites of URLS (same host and port), or of a sites file, into the archive.

    Runs the same `repost` spider as `scrapy crawl repost -a start_urls=URL,...`, with a progress
    line and a summary at the end. Known article pages are fetched again only when due for a
    revisit. Examples:

        newsarchiver crawl https://news.example.com/ --archive exports/example.db
        newsarchiver crawl --sites sites.toml
        newsarchiver crawl --redis redis://HOST:6379/0 https://news.example.com/

    With --redis, this process is one of several crawlers sharing the frontier in Redis; start URLs
    are optional (it joins the crawl in progress), and `newsarchiver ingest` writes the archive.
    """
    from ..archive import ArchiveError
    from ..outcome import crawl_verdict

    settings: dict[str, Any] = {"NEWSARCHIVER_ARCHIVE": str(archive_path), "NEWSARCHIVER_PROGRESS": progress,
                                "LOG_LEVEL": log_level}
    start_urls = list(urls)
    if sites_file:
        from ..sites import SitesFileError, load_sites

        try:
            sites = load_sites(sites_file)
        except SitesFileError as exc:
            raise click.ClickException(str(exc)) from exc
        start_urls += sites.start_urls
        settings.update(sites.settings())
    if not start_urls and not redis_url:
        raise click.UsageError("give start URLs or --sites FILE")
    from ..urls import check_start_url

    for url in urls:
        try:
            check_start_url(url)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="URLS") from None
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="-s")
        settings[name.strip()] = value
    if redis_url:
        from ..distributed.connection import MissingExtra, mask_url, push_start_urls, require

        try:
            require("redis")
            require("scrapy_redis")
        except MissingExtra as exc:
            raise click.ClickException(str(exc)) from exc
        settings["REDIS_URL"] = redis_url
        try:
            push_start_urls(redis_url, start_urls)  # a crawler takes them from the shared list
        except Exception as exc:  # redis.ConnectionError and the like
            raise click.ClickException(f"cannot reach Redis at {mask_url(redis_url)}: {mask_url(str(exc))}") from exc
        stats = run_crawl([], settings)
        click.echo(f"crawler done; its items are in Redis for `newsarchiver ingest --redis {mask_url(redis_url)}`")
        exit_with(*crawl_verdict(stats, distributed=True))
        return
    target = settings.get("NEWSARCHIVER_ARCHIVE")  # -s NEWSARCHIVER_ARCHIVE= crawls without an archive
    if target:
        with write_archive(Path(target), create=True):  # refuses a file that is no archive; upgrades an old one
            pass
    stats = run_crawl(start_urls, settings)
    status, why = crawl_verdict(stats)
    if target:
        try:
            print_run_summary(Path(target), stats.get("newsarchiver/run_id"), margin=settings.get(
                "NEWSARCHIVER_MIN_FREE_SPACE"), low_space=stats.get("newsarchiver/low_disk_space"))
        except ArchiveError as exc:  # the archive that failed the crawl may not even be readable now
            click.echo(str(exc), err=True)
    exit_with(status, why)


def run_crawl(urls: list[str], overrides: dict[str, Any]) -> dict[str, Any]:
    """Run the repost spider over ``urls`` in this process with the project settings plus ``overrides``;
    return the crawl's stats (with its ``finish_reason``)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsarchiver.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from ..spiders.repost import RepostSpider

    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(RepostSpider)
    process.crawl(crawler, start_urls=urls)
    process.start()
    return crawler.stats.get_stats() if crawler.stats is not None else {}


def print_run_summary(archive_path: Path, run_id: int | None = None, *, margin: Any = None,
                      low_space: int | None = None) -> None:
    """The crawl run's counts, the sites it could not reach, its errors by site, what stopped it if it
    failed, and the archive's totals (and a warning when its disk is low on space)."""
    from ..archive import queries

    with read_archive(archive_path) as archive:
        run = queries.crawl_run(archive, run_id) if run_id else queries.latest_run(archive)
        stats = queries.archive_stats(archive)
    if run:
        click.echo(f"crawl run {run['id']} ({run['status']}): {run['pages'] or 0} pages fetched, "
                   f"{run['articles_new'] or 0} new, {run['articles_changed'] or 0} changed, "
                   f"{run['articles_unchanged'] or 0} unchanged articles, {run['errors'] or 0} errors")
        for site, kind in run["unreachable"].items():
            click.echo(f"  site {site} unreachable: {kind}")
        for site, kinds in run["errors_by_site"].items():
            if site not in run["unreachable"]:
                click.echo(f"  errors on {site}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    click.echo(f"archive {archive_path}: {stats['articles']} articles on {stats['sites']} sites, "
               f"{stats['stories']} stories ({stats['stories_with_copies']} with more than one copy)")
    from ..archive.files import format_size, free_space, parse_size
    from ..settings import NEWSARCHIVER_MIN_FREE_SPACE

    margin_bytes = parse_size(margin if margin is not None else NEWSARCHIVER_MIN_FREE_SPACE)
    free = free_space(archive_path)
    if low_space is not None or (margin_bytes and free < margin_bytes):
        room = min(free, low_space) if low_space is not None else free
        click.echo(f"warning: low disk space: the archive had {format_size(room)} of room (less than "
                   f"NEWSARCHIVER_MIN_FREE_SPACE, {format_size(margin_bytes)}); free some before it fills up",
                   err=True)
    if run and run["error"]:
        click.echo(run["error"], err=True)



@click.command()
@archive_option
@click.option("--articles", default=60, show_default=True, help="Size of the demo world (original articles).")
@click.option("--seed", default=7, show_default=True, help="Seed of the demo world's text.")
@click.option("--port", default=8701, show_default=True,
              help="First port: the demo sites listen on 127.0.0.1 from this port on (fixed ports keep a "
                   "site's identity stable, so a second demo run adds no rows). 0 = any free ports.")
def demo(archive_path: Path, articles: int, seed: int, port: int) -> None:
    """Serve the bundled demo repost sites on 127.0.0.1, crawl them into the archive, show the result."""
    from ..demo import build_world
    from ..demo.server import DemoServer
    from ..outcome import crawl_verdict

    world = build_world(articles=articles, seed=seed)
    try:
        server = DemoServer(world, port=port)
        server.__enter__()
    except OSError as exc:
        raise click.ClickException(f"could not serve the demo sites from port {port}: {exc} "
                                   "(choose other ports with --port N, or --port 0)") from exc
    try:
        urls = list(server.base_urls.values())
        with write_archive(archive_path, create=True):  # refuses a file that is no archive; upgrades an old one
            pass
        click.echo("demo sites:")
        for site in world.sites:
            click.echo(f"  {server.base_urls[site.name]}  {site.site_name} ({site.family}, {site.encoding})")
        stats = run_crawl(urls, {
            "NEWSARCHIVER_ARCHIVE": str(archive_path), "NEWSARCHIVER_PROGRESS": True, "LOG_LEVEL": "WARNING",
            # our own sites on loopback: no need to be slow
            "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        })
    finally:
        server.__exit__(None, None, None)
    print_demo_summary(archive_path)
    status, why = crawl_verdict(stats)
    if status == 1:  # the demo sites' own 404s are part of the demo: only a failed crawl fails it
        exit_with(status, why)


def print_demo_summary(archive_path: Path) -> None:
    from ..archive import queries

    print_run_summary(archive_path)
    with read_archive(archive_path) as archive:
        data = queries.archive_stats(archive)
        for s in data["per_site"]:
            click.echo(f"  {s['site']:<22} {s['articles']:>5} articles  {s['name'] or ''}")
        top = queries.list_stories(archive, min_copies=1, limit=3)
        if top:
            click.echo("stories with the most copies:")
            for story in top:
                click.echo(f"  story {story['id']}: {story['copies']} copies on {story['sites']} sites; original on "
                           f"{story['original_site']} ({story['original_reason']})\n    {story['title']}")
            term = _sample_term(top[0]["title"] or "")
            results = queries.search_copies(archive, term, limit=5) if term else []
            click.echo(f"sample search `newsarchiver search {term}`: {len(results)} results")
            for r in results:
                click.echo(f"  [{r['id']}] {r['site']}  {r['title']}")
        learned = archive.template_blocks()
        if learned:
            cleaned = archive.site_templates.cleaned_copies()
            click.echo(f"site templates learned: {len(learned)} paragraphs on {len({b['site'] for b in learned})} "
                       f"sites, removed from {cleaned} copies (`newsarchiver templates`)")
    click.echo(f"\nexplore: newsarchiver stats | newsarchiver search TERM | newsarchiver show ID"
               f" | sqlite3 {archive_path}")


def _sample_term(title: str) -> str:
    """A phrase from a title to search for: its first run of Chinese characters (at most six), else
    its first word. Search finds it in every copy of the story, on every site."""
    import re

    run = re.search(r"[\u4e00-\u9fff]{2,}", title)
    if run:
        return run.group(0)[:6]
    words = title.split()
    return words[0] if words else ""

