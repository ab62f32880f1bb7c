"""`newsarchiver export` (and, later, `serve`): getting data out of the archive."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from .archive import queries
from .cli import EXPORT_KEYS, archive_option, cli, open_existing


@cli.command()
@archive_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@click.option("--site", help="Only copies from this site (host[:port]).")
@click.option("--story", "story_id", type=int, help="Only copies of this story.")
def export(archive_path: Path, fmt: str, output: Path | None, site: str | None, story_id: int | None) -> None:
    """Export one record per copy: the extract keys plus story_id, site and fetched_at.

    CSV cells holding lists or links (authors, editors, prev, next) are JSON.
    """
    with open_existing(archive_path) as archive:
        records = queries.iter_records(archive, site=site, story_id=story_id)
        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            count = _write_records(records, fmt, stream)
        finally:
            if output:
                stream.close()
    click.echo(f"exported {count} records" + (f" to {output}" if output else ""), err=True)


def _write_records(records: Any, fmt: str, stream: Any) -> int:
    count = 0
    writer = csv.DictWriter(stream, fieldnames=EXPORT_KEYS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for record in records:
        row = {key: record.get(key) for key in EXPORT_KEYS}
        if writer:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                             for k, v in row.items()})
        else:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
