"""`newsarchiver ingest`, the single writer of a distributed crawl (newsarchiver/ingest.py): one ingest at a time,
whatever SQLite makes it wait, and nothing lost or filed twice. Real redis-server and ingest processes."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import time

import pytest

from newsarchiver.archive import Archive
from newsarchiver.distributed.codec import dump_item
from newsarchiver.items import Article, CrawledPage

from .e2e import BIN, REDIS_SERVER, ROOT, redis_server, rows

pytestmark = pytest.mark.skipif(REDIS_SERVER is None,
                                reason="redis-server is not installed (.ci/run installs Debian's redis-server)")

LOCK = 2  # seconds: NEWSARCHIVER_INGEST_LOCK_SECONDS for this test


def page(n: int) -> CrawledPage:
    body = f"第{n}篇文章的正文。" + "".join(f"这是第{n}篇文章独有的第{i}句话，说明事情的经过。" for i in range(8))
    url = f"http://news.example.com/a/{n}.html"
    return CrawledPage(article=Article(url=url, title=f"第{n}篇文章的标题", body=body), url=url,
                       fetched_at="2024-05-12T02:00:00+00:00")


def ingest(url: str, archive, log) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "newsarchiver"), "ingest", "--redis", url, "--archive", str(archive),
                             "--exit-when-idle", "2", "--batch-size", "10", "-s", f"NEWSARCHIVER_INGEST_LOCK_SECONDS={LOCK}"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def test_a_batch_that_outlives_the_lock_keeps_it_and_a_second_ingest_stays_out(tmp_path):
    """SQLite holds the first ingest's batch (a third connection has the database locked) for three times the
    lock's lifetime: the first ingest keeps the lock all along, a second one is refused, and once the database
    is free every item is filed exactly once."""
    import redis

    archive = tmp_path / "a.db"
    Archive(archive).close()
    with redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)
        client.zadd("repost:crawlers", {"a-crawler": time.time() + 3600})  # a crawler at work: the ingest waits
        first = ingest(url, archive, tmp_path / "first.log")
        deadline = time.monotonic() + 60
        while not rows(archive, "SELECT count(*) FROM crawl_runs")[0][0]:  # started, waiting for items
            assert time.monotonic() < deadline and first.poll() is None, (tmp_path / "first.log").read_text()
            time.sleep(0.05)
        blocker = sqlite3.connect(archive, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # the database is locked for writing
        client.rpush("repost:items", *[dump_item(page(n)) for n in range(30)])
        while not client.keys("repost:items:processing:*"):  # the first batch is taken, waiting for SQLite
            assert time.monotonic() < deadline and first.poll() is None, (tmp_path / "first.log").read_text()
            time.sleep(0.05)
        holder = client.get("repost:ingest:lock").decode()
        assert holder.startswith(f"{socket.gethostname()}:{first.pid}:")
        ttls = []
        for _ in range(3 * LOCK * 4):  # three lifetimes of the lock
            ttls.append(client.pttl("repost:ingest:lock"))
            time.sleep(0.25)
        assert all(0 < ttl <= LOCK * 1000 for ttl in ttls), ttls  # short-lived, and extended all along
        assert client.get("repost:ingest:lock").decode() == holder
        second = subprocess.run([str(BIN / "newsarchiver"), "ingest", "--redis", url, "--archive", str(archive),
                                 "--exit-when-idle", "1"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert second.returncode == 1 and "another ingest is running" in second.stderr
        blocker.rollback()
        blocker.close()
        client.zrem("repost:crawlers", "a-crawler")  # the crawl is over: the ingest exits once idle
        assert first.wait(60) == 0, (tmp_path / "first.log").read_text()
        left = client.keys("*")
    assert left == []  # every item taken and acknowledged, the lock released
    assert rows(archive, "SELECT count(*), count(DISTINCT url), sum(fetch_count) FROM copies") == [(30, 30, 30)]
    assert rows(archive, "SELECT spider, status, articles_new, articles_unchanged FROM crawl_runs") == \
        [("ingest", "finished", 30, 0)]
