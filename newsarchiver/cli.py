"""The ``newsarchiver`` command: a thin layer of click commands over the spider, extract/ and archive/.

Every command that reads or writes an archive takes ``--archive PATH`` (default
``exports/newsarchiver.db``, or the NEWSARCHIVER_ARCHIVE environment variable). Read commands open it
read-only (:func:`read_archive`) and never create, migrate or change a file; only writing commands
(crawl, ingest, reextract, unmerge, templates --rebuild, migrate, demo) create or upgrade an archive
(:func:`write_archive`), and say so when they upgrade one. An archive that cannot be used, an SQLite
error or a bad value is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from . import __version__
from .archive import DEFAULT_ARCHIVE, Archive, ArchiveError, ArchiveReader
from .archive import changes, queries
from .items import EXTRACT_KEYS
from .outcome import crawl_verdict

EXPORT_KEYS = (*EXTRACT_KEYS, "story_id", "site", "fetched_at", "status")

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


def archive_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=lambda: os.environ.get("NEWSARCHIVER_ARCHIVE", str(DEFAULT_ARCHIVE)),
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
    _remember(path)
    return ArchiveReader.open(path)


def write_archive(path: Path, *, create: bool = False, **options: Any) -> Archive:
    """The archive opened to write (created with ``create``), upgraded if it is from an older version,
    with a line on stderr saying so."""
    _remember(path)
    archive = Archive(path, create=create, **options)
    if archive.migrated and not archive.created:
        click.echo(f"upgraded {path} to this newsarchiver's schema: applied migration"
                   f"{'s' if len(archive.migrated) > 1 else ''} {', '.join(archive.migrated)}", err=True)
    return archive


def open_existing(path: Path) -> ArchiveReader:  # kept for callers outside this module
    return read_archive(path)


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


class Commands(click.Group):
    """The command group: turns archive and SQLite errors into one line (exit 1) instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            path = ctx.meta.get("newsarchiver.archive", "the archive")
            if getattr(exc, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
                raise click.ClickException(f"{path} cannot be read: {exc} (a damaged or truncated file?)") from exc
            raise click.ClickException(f"{path}: SQLite error: {exc}") from exc


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchiver")
def cli() -> None:
    """Archive news from Chinese repost and content-farm sites into a deduplicated SQLite archive.

    Crawl sites (crawl), extract single pages (extract), then query the archive (search, show,
    stats, export). `newsarchiver demo` crawls bundled sample sites to show it all working.
    """


# -- crawling -----------------------------------------------------------------------------------------
@cli.command()
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
    settings: dict[str, Any] = {"NEWSARCHIVER_ARCHIVE": str(archive_path), "NEWSARCHIVER_PROGRESS": progress,
                                "LOG_LEVEL": log_level}
    start_urls = list(urls)
    if sites_file:
        from .sites import SitesFileError, load_sites

        try:
            sites = load_sites(sites_file)
        except SitesFileError as exc:
            raise click.ClickException(str(exc)) from exc
        start_urls += sites.start_urls
        settings.update(sites.settings())
    if not start_urls and not redis_url:
        raise click.UsageError("give start URLs or --sites FILE")
    from .urls import check_start_url

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
        from .distributed.connection import MissingExtra, mask_url, push_start_urls, require

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
        _exit_with(*crawl_verdict(stats, distributed=True))
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
    _exit_with(status, why)


def _exit_with(status: int, why: str) -> None:
    """End a crawl command with its exit status (newsarchiver.outcome), saying why when it is not 0."""
    if status:
        click.echo(f"exit status {status}: {why}", err=True)
        raise SystemExit(status)


def run_crawl(urls: list[str], overrides: dict[str, Any]) -> dict[str, Any]:
    """Run the repost spider over ``urls`` in this process with the project settings plus ``overrides``;
    return the crawl's stats (with its ``finish_reason``)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsarchiver.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from .spiders.repost import RepostSpider

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
    from .archive.files import format_size, free_space, parse_size
    from .settings import NEWSARCHIVER_MIN_FREE_SPACE

    margin_bytes = parse_size(margin if margin is not None else NEWSARCHIVER_MIN_FREE_SPACE)
    free = free_space(archive_path)
    if low_space is not None or (margin_bytes and free < margin_bytes):
        room = min(free, low_space) if low_space is not None else free
        click.echo(f"warning: low disk space: the archive had {format_size(room)} of room (less than "
                   f"NEWSARCHIVER_MIN_FREE_SPACE, {format_size(margin_bytes)}); free some before it fills up",
                   err=True)
    if run and run["error"]:
        click.echo(run["error"], err=True)


# -- extraction ---------------------------------------------------------------------------------------
@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=TEXT)
@click.option("--url", type=TEXT, help="The page's URL (for a file input): resolves relative links and names the site.")
@click.option("--fetched-at", type=TEXT, help="ISO 8601 fetch time that relative dates (3天前, 昨天) resolve against. "
              "Default: the file's modification time, or now for a URL.")
@click.option("--encoding", type=TEXT, help="The charset the server declared (e.g. gbk); detection still checks it.")
@click.option("--timezone", type=TEXT, help="Timezone for dates without one (default: Asia/Shanghai for Chinese pages, "
              "else UTC).")
@click.option("--template-from", "template_archive", type=click.Path(path_type=Path),
              help="An archive whose learned site template (see `templates`) is removed from the body "
                   "when it knows the page's site.")
def extract(inputs: tuple[str, ...], url: str | None, fetched_at: str | None, encoding: str | None,
            timezone: str | None, template_archive: Path | None) -> None:
    """Extract article fields from HTML files or URLs; print one JSON object per input.

    Bytes are decoded like a crawled response (declared charset, BOM, meta charset, detection).
    The keys are exactly: url, canonical_url, title, body, authors, editors, poster, source, source_url,
    published, updated, prev, next, language, site_name. Dates are as precise as the page: the day
    ("2024-05-12") when it shows no time of day, a full timestamp with offset when it does.
    """
    from .extract import extract_article
    from .urls import site_of

    archive = read_archive(template_archive) if template_archive else None

    for ref in inputs:
        if ref.startswith(("http://", "https://")):
            body, declared, page_url, when = _fetch(ref)
        else:
            path = Path(ref)
            if not path.is_file():
                raise click.ClickException(f"{ref}: no such file (give an HTML file or an http(s) URL)")
            body, declared, page_url = path.read_bytes(), None, url or path.resolve().as_uri()
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if fetched_at:
            when = _parse_iso(fetched_at)
        try:
            article = extract_article(body, page_url, fetched_at=when, encoding=encoding or declared,
                                      timezone=timezone)
        except ValueError as exc:
            raise click.ClickException(f"{ref}: {exc}") from exc
        if archive is not None:
            article.body = archive.site_template(site_of(page_url)).split(article.body)[0]
        echo_json(article.to_record())
    if archive is not None:
        archive.close()


def _fetch(url: str) -> tuple[bytes, str | None, str, datetime]:
    """GET a page as a crawl would, read at most the crawl's DOWNLOAD_MAXSIZE bytes of it."""
    from .settings import DOWNLOAD_MAXSIZE
    from .urls import check_start_url

    try:
        check_start_url(url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    request = urllib.request.Request(url, headers={"User-Agent": "newsarchiver/" + __version__})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > DOWNLOAD_MAXSIZE:
                raise click.ClickException(_too_big(url, DOWNLOAD_MAXSIZE, f"it declares {int(declared):,} bytes"))
            body = response.read(DOWNLOAD_MAXSIZE + 1)
            if len(body) > DOWNLOAD_MAXSIZE:
                raise click.ClickException(_too_big(url, DOWNLOAD_MAXSIZE, "its body is larger"))
            return body, response.headers.get_content_charset(), response.geturl(), datetime.now(UTC)
    except (OSError, ValueError) as exc:  # ValueError: http.client's own checks (bad header, bad port...)
        raise click.ClickException(f"could not fetch {url}: {exc}") from exc


def _too_big(url: str, cap: int, why: str) -> str:
    return (f"{url} is not read: {why} than the {cap:,} bytes a crawl accepts (DOWNLOAD_MAXSIZE); "
            "save it to a file to extract it anyway")


def _parse_iso(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 time", param_hint="--fetched-at") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- querying -----------------------------------------------------------------------------------------
@cli.command()
@click.argument("terms", nargs=-1, required=True, type=TEXT)
@archive_option
@count_option("--limit", default=20, show_default=True, help="How many results.")
@click.option("--site", type=TEXT, help="Only this site (host[:port], as in `stats`).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per result.")
def search(terms: tuple[str, ...], archive_path: Path, limit: int, site: str | None, as_json: bool) -> None:
    """Full-text search of titles and bodies; every term must match. Chinese terms of two or more
    characters and English words both work:

        newsarchiver search 电网 供电公司
    """
    query = " ".join(terms)
    with read_archive(archive_path) as archive:
        try:
            results = queries.search_copies(archive, query, limit=limit, site=site)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
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


@cli.command()
@click.argument("ref", type=TEXT)
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
def show(ref: str, archive_path: Path, as_json: bool) -> None:
    """Show one archived article by its id or any URL it was seen at, with its story's other copies."""
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


@cli.command()
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(archive_path: Path, as_json: bool) -> None:
    """Counts: articles, sites, stories (with several copies), copies missing/gone/restored, people, links,
    crawl runs, errors."""
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


@cli.command()
@archive_option
@count_option("--limit", default=20, show_default=True, help="How many runs, newest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
def runs(archive_path: Path, limit: int, as_json: bool) -> None:
    """Crawl runs, newest first: pages fetched, articles new/changed/unchanged, 304s, pages skipped as
    not due, errors by kind, the sites it could not reach, what stopped a failed run, duration. A run still
    "running" is in progress (or its process died: the next run closes it as "abandoned")."""
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


# -- stories ------------------------------------------------------------------------------------------
@cli.command()
@archive_option
@count_option("--min-copies", default=2, show_default=True, help="Only stories with at least this many copies.")
@click.option("--site", type=TEXT, help="Only stories with a copy on this site (host[:port]).")
@count_option("--limit", default=50, show_default=True, help="How many stories.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
def stories(archive_path: Path, min_copies: int, site: str | None, limit: int, as_json: bool) -> None:
    """Stories (one article and its copies across sites), most copies first, with their original."""
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


@cli.command()
@click.argument("story_id", type=ID)
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
def story(story_id: int, archive_path: Path, as_json: bool) -> None:
    """One story: its copies in publication order, which is the original and why each copy joined."""
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


@cli.command()
@click.argument("copy_ref", type=TEXT)
@archive_option
def unmerge(copy_ref: str, archive_path: Path) -> None:
    """Take a copy (id or URL) out of its story into a story of its own, for good.

    Use it when near-duplicate matching joined two different articles; the copy is never merged
    automatically again. Raise NEWSARCHIVER_DEDUP_THRESHOLD to make merging stricter for new copies.
    """
    with write_archive(archive_path) as archive:
        copy_id = queries.find_copy_id(archive, copy_ref)
        if copy_id is None:
            raise click.ClickException(f"no copy {copy_ref!r} in {archive_path}")
        with archive.batch():
            story_id = archive.unmerge(copy_id)
    click.echo(f"copy {copy_id} is now alone in story {story_id}")


@cli.command()
@archive_option
@click.option("--site", type=TEXT, help="Only links from copies on this site (host[:port]).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per page.")
def gaps(archive_path: Path, site: str | None, as_json: bool) -> None:
    """Pages known only from prev/next links (never archived). Fetch them with
    `scrapy crawl repost -a start_urls=URL -a backfill=1`."""
    with read_archive(archive_path) as archive:
        rows = queries.gaps(archive, site=site)
    for r in rows:
        if as_json:
            echo_json(r)
        else:
            click.echo(f"{r['url']}\t{r['published'] or ''}\t{r['title'] or ''}")
    click.echo(f"{len(rows)} pages known only from prev/next links", err=True)


@cli.command()
@archive_option
@click.option("--site", type=TEXT, help="Only copies of this site (host[:port]).")
@click.option("--timezone", type=TEXT, help="Timezone for dates written without one (default: by page language).")
def reextract(archive_path: Path, site: str | None, timezone: str | None) -> None:
    """Run the current extractor again over the stored raw pages, offline; update fields, stories and
    versions, and report what changed. Exit status: 0 all well, 3 some pages could not be re-extracted
    (they keep their fields), 1 the archive could not be written (a rerun completes the work)."""
    from .archive import ArchiveStorageError
    from .outcome import EXIT_ERRORS
    from .reextract import reextract as run

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


@cli.command()
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
    from .settings import NEWSARCHIVER_TEMPLATE_MIN_STORIES

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


@cli.command()
@archive_option
@click.option("--rebuild-signatures", is_flag=True,
              help="Also compute every copy's near-duplicate signature again, the way this version makes them "
                   "(needed when the archive's signatures were made by another datasketch version or scheme).")
def migrate(archive_path: Path, rebuild_signatures: bool) -> None:
    """Upgrade an archive written by an older newsarchiver to this version's schema.

    Every writing command (crawl, ingest, reextract, unmerge, templates --rebuild) does this first; read
    commands (stats, search, show, export, serve...) never change an archive and ask for it instead.
    """
    from .archive.neardup import scheme_id

    with write_archive(archive_path, verify_signatures=not rebuild_signatures) as archive:
        if rebuild_signatures:
            with archive.batch():
                signed = archive.rebuild_signatures()
            click.echo(f"recomputed the near-duplicate signatures of {signed} copies ({scheme_id()})", err=True)
        elif not archive.migrated:
            click.echo(f"{archive_path} is up to date", err=True)


# -- demo -----------------------------------------------------------------------------------------------
@cli.command()
@archive_option
@click.option("--articles", default=60, show_default=True, help="Size of the demo world (original articles).")
@click.option("--seed", default=7, show_default=True, help="Seed of the demo world's text.")
@click.option("--port", default=8701, show_default=True,
              help="First port: the demo sites listen on 127.0.0.1 from this port on (fixed ports keep a "
                   "site's identity stable, so a second demo run adds no rows). 0 = any free ports.")
def demo(archive_path: Path, articles: int, seed: int, port: int) -> None:
    """Serve the bundled demo repost sites on 127.0.0.1, crawl them into the archive, show the result."""
    from .demo import build_world
    from .demo.server import DemoServer

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
        _exit_with(status, why)


def print_demo_summary(archive_path: Path) -> None:
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


# Commands kept in their own modules register on `cli` when imported.
from . import cli_export  # noqa: E402,F401  (export, serve)
from . import cli_distributed  # noqa: E402,F401  (ingest)
from . import cli_report  # noqa: E402,F401  (report)
from . import cli_gone  # noqa: E402,F401  (gone)


def main() -> None:  # pragma: no cover - console script entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
