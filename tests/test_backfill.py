"""prev/next links as a graph: pages known only from links are listed by `gaps` and fetched by backfill."""

from __future__ import annotations

import json

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import crawl, newsarchiver, rows


def test_gaps_then_backfill(tmp_path):
    world = build_world(articles=40, seed=12, families=("dede",))
    archive = tmp_path / "gaps.db"
    with DemoServer(world) as server:
        url = list(server.base_urls.values())[0]
        # a crawl cut short; pages read in the crawler's process: with extraction workers, every page
        # downloaded while the first readings wait for the workers to start is still read and archived
        # after the close (Scrapy finishes the responses it holds), and nothing is left short
        crawl([url], archive, CLOSESPIDER_ITEMCOUNT="4", CONCURRENT_REQUESTS="1", NEWSARCHIVER_EXTRACT_WORKERS="0")
        listed = newsarchiver("gaps", "--archive", str(archive), "--json")
        gaps = [json.loads(line) for line in listed.stdout.splitlines()]
        assert listed.returncode == 0 and gaps, "a partial crawl leaves prev/next targets unarchived"
        assert all(g["url"].startswith(url.rstrip("/")) and g["linked_from"] >= 1 for g in gaps)

        crawl([url], archive, NEWSARCHIVER_BACKFILL="True")
    stats = json.loads(rows(archive, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0])
    assert stats["newsarchiver/backfill_requests"] == len(gaps)
    assert newsarchiver("gaps", "--archive", str(archive), "--json").stdout == ""
    archived = {r[0] for r in rows(archive, "SELECT url FROM copies")}
    assert {g["url_key"] for g in gaps} <= archived
