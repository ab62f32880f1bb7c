"""``newsarchiver ingest``: the single archive writer of a distributed crawl (docs/distributed.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import archive_option


@click.command()
@click.option("--redis", "redis_url", required=True, envvar="REDIS_URL",
              help="Redis URL the crawlers push their items to (their -s REDIS_URL=...).")
@archive_option
@click.option("--exit-when-idle", type=float, default=None, metavar="SECONDS",
              help="Exit once no item came for this long and no crawler is alive (default: run until Ctrl-C).")
@click.option("--spider", default="repost", show_default=True, help="Spider whose Redis keys to read.")
@click.option("--batch-size", type=int, default=None,
              help="Items per archive transaction (default: NEWSARCHIVER_ARCHIVE_BATCH_SIZE).")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="A setting (NEWSARCHIVER_DEDUP_THRESHOLD, NEWSARCHIVER_KEEP_RAW, ...); repeatable.")
def ingest(redis_url: str, archive_path: Path, exit_when_idle: float | None, spider: str,
           batch_size: int | None, overrides: tuple[str, ...]) -> None:
    """Move the items of distributed crawlers from Redis into the archive: the one writer.

    Items are acknowledged only after their batch is committed, so a killed ingest loses nothing and a
    restarted one files again what was left, without duplicates. A Redis restart is waited out for up to
    NEWSARCHIVER_REDIS_RETRY_SECONDS. Exit status: 0 all well, 3 some items were failures or could not be
    filed, 1 failed (the archive could not be written, Redis lost past the limit, another ingest running).
    """
    from ..distributed.connection import MissingExtra, mask_url, redis_from_url, require

    try:
        require("redis")
    except MissingExtra as exc:
        raise click.ClickException(str(exc)) from exc
    from redis.exceptions import RedisError

    from ..archive import ArchiveError
    from ..ingest import Ingest, IngestBusy, LockLost, project_settings
    from ..outcome import EXIT_ERRORS

    settings = project_settings(dict(o.split("=", 1) for o in overrides if "=" in o))
    size = batch_size or settings.getint("NEWSARCHIVER_ARCHIVE_BATCH_SIZE", 100)
    try:  # before the archive is opened: an unreachable Redis must not leave a new, empty archive behind
        redis_from_url(redis_url).ping()
    except Exception as exc:  # redis.ConnectionError, AuthenticationError, a malformed URL...
        raise click.ClickException(f"cannot reach Redis at {mask_url(redis_url)}: {mask_url(str(exc))}") from None
    worker = Ingest(redis_url, archive_path, spider=spider, batch_size=size, settings=settings)
    click.echo(f"ingesting {spider}:items from {mask_url(redis_url)} into {archive_path}", err=True)
    try:
        counts = worker.run(exit_when_idle)
    except (IngestBusy, LockLost) as exc:
        raise click.ClickException(str(exc)) from exc
    except ArchiveError as exc:  # a storage failure (disk full, read-only...), a file that is no archive
        raise click.ClickException(worker.error or str(exc)) from None
    except RedisError as exc:
        raise click.ClickException(f"Redis at {mask_url(redis_url)}: {mask_url(str(exc))}") from exc
    click.echo(f"ingested: {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
               f"{counts['errors']} errors, {counts['not_modified']} not modified, "
               f"{counts['recovered']} re-filed after a restart, {counts['undecodable']} undecodable dropped",
               err=True)
    if counts.get("prepared_rejected") or counts.get("prepared_wrong"):
        click.echo(f"prepared values not used (computed by the ingest instead): {counts.get('prepared_rejected', 0)} "
                   f"rejected, {counts.get('prepared_wrong', 0)} found wrong by a spot check (see the log)", err=True)
    sys.stdout.flush()
    failed = counts["errors"] + counts.get("archive_errors", 0) + counts["undecodable"]
    if failed:
        click.echo(f"exit status {EXIT_ERRORS}: finished with errors ({counts['errors']} failed fetches, "
                   f"{counts.get('archive_errors', 0)} items not filed, {counts['undecodable']} undecodable)", err=True)
        raise SystemExit(EXIT_ERRORS)
