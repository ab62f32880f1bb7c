"""Scheduled crawls: known pages are skipped until due, due pages are revisited conditionally (304),
and every run is recorded in crawl_runs."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import crawl, newsarchiver, rows


@pytest.fixture(scope="module")
def site_and_archive(tmp_path_factory):
    world = build_world(articles=40, seed=21, families=("justnews", "dede"))
    portal = world.site("haibin-portal")
    archive = tmp_path_factory.mktemp("incremental") / "archive.db"
    with DemoServer(world) as server:
        url = server.base_urls[portal.name]
        crawl([url], archive)
        yield portal, url, archive


def last_run(archive):
    names = ("status", "pages", "articles_new", "articles_changed", "articles_unchanged", "not_modified", "skipped",
             "errors", "errors_by_kind", "duration")
    return dict(zip(names, rows(archive, f"SELECT {', '.join(names)} FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]))


def test_a_second_crawl_fetches_only_what_is_not_archived(site_and_archive):
    portal, url, archive = site_and_archive
    first = last_run(archive)
    assert first["articles_new"] == len(portal.articles) and first["skipped"] == 0
    crawl([url], archive)
    second = last_run(archive)
    assert second["articles_new"] == 0 and second["skipped"] == len(portal.articles)
    assert second["pages"] < first["pages"] - len(portal.articles) + 5  # listings, feed, sitemap only
    assert second["status"] == "finished" and second["duration"] > 0


def test_due_pages_are_revisited_conditionally(site_and_archive):
    portal, url, archive = site_and_archive
    conn = sqlite3.connect(archive)
    conn.execute("UPDATE copies SET next_visit = '2000-01-01T00:00:00+00:00'")
    conn.commit()
    conn.close()
    crawl([url], archive)
    run = last_run(archive)
    assert run["not_modified"] == len(portal.articles) and run["articles_changed"] == 0
    visits = rows(archive, "SELECT min(unchanged_visits), max(unchanged_visits), min(next_visit) > datetime('now') "
                           "FROM copies")
    assert visits == [(1, 1, 1)]


def test_the_schedule_stops_after_stop_after(site_and_archive, tmp_path):
    portal, url, archive = site_and_archive
    conn = sqlite3.connect(archive)
    conn.execute("UPDATE copies SET next_visit = '2000-01-01T00:00:00+00:00', first_seen = '2000-01-01T00:00:00+00:00'")
    conn.commit()
    conn.close()
    crawl([url], archive)
    assert rows(archive, "SELECT count(*) FROM copies WHERE next_visit IS NOT NULL") == [(0,)]
    crawl([url], archive)
    assert last_run(archive)["skipped"] == len(portal.articles)  # never due again


def test_runs_command_lists_the_runs(site_and_archive):
    _, _, archive = site_and_archive
    result = newsarchiver("runs", "--archive", str(archive), "--json")
    assert result.returncode == 0, result.stderr
    runs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(runs) >= 2 and runs[0]["id"] > runs[1]["id"]
    assert {"pages", "articles_new", "not_modified", "skipped", "errors", "errors_by_kind", "duration"} <= set(runs[0])
    text = newsarchiver("runs", "--archive", str(archive)).stdout
    assert "finished" in text
