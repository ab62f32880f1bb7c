"""A crawl killed with SIGKILL mid-way leaves a consistent archive, and a rerun completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.urls import url_key

from .e2e import BIN, FAST, ROOT, crawl, rows, robots_obeyed


def wait_for_copies(db, n: int, proc: subprocess.Popen, timeout: float = 120) -> int:
    """Poll the archive (a reader, as sqlite3 users are) until it holds n copies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the crawl ended before it could be killed")
        try:
            count = rows(db, "SELECT count(*) FROM copies")[0][0]
        except sqlite3.OperationalError:  # not created yet
            count = 0
        if count >= n:
            return count
        time.sleep(0.2)
    pytest.fail(f"the archive never reached {n} copies")


def assert_consistent(db) -> None:
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "SELECT count(*) FROM copies WHERE story_id IS NULL") == [(0,)], "a copy outside a story"
    assert rows(db, "SELECT count(*) FROM stories st WHERE copies != "
                    "(SELECT count(*) FROM copies c WHERE c.story_id = st.id)") == [(0,)]
    assert rows(db, "SELECT count(*) FROM copies c LEFT JOIN copy_signatures s ON s.copy_id = c.id "
                    "WHERE s.copy_id IS NULL") == [(0,)]
    assert rows(db, "SELECT count(*) FROM article_versions v JOIN copies c ON c.id = v.copy_id "
                    "WHERE v.version >= c.version") == [(0,)], "a half-written version"
    assert rows(db, "SELECT count(*) FROM copies c LEFT JOIN urls u ON u.copy_id = c.id WHERE u.url IS NULL") == [(0,)]
    rows(db, "INSERT INTO copies_fts (copies_fts, rank) VALUES ('integrity-check', 1)")


def test_sigkill_mid_crawl_then_resume(tmp_path):
    world = build_world(articles=60, seed=5)
    archive = tmp_path / "killed.db"
    with DemoServer(world, latency=0.05) as server:
        urls = list(server.base_urls.values())
        opts = [x for k, v in {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
                                "NEWSARCHIVER_ARCHIVE_BATCH_SIZE": "5"}.items() for x in ("-s", f"{k}={v}")]
        proc = subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", "-a", "start_urls=" + ",".join(urls),
                                 "-s", f"NEWSARCHIVER_ARCHIVE={archive}", *opts],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_copies(archive, 15, proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = rows(archive, "SELECT count(*) FROM copies")[0][0]
        assert 15 <= partial < len(world.articles)
        assert_consistent(archive)
        assert rows(archive, "SELECT status FROM crawl_runs") == [("running",)]  # it never finished

        crawl(urls, archive)  # the rerun completes the archive
    assert_consistent(archive)
    expected = {url_key(server.url(a.site, a.path)) for a in world.articles}
    archived = robots_obeyed([r[0] for r in rows(archive, "SELECT url FROM copies")])
    assert sorted(archived) == sorted(expected)  # every article exactly once
