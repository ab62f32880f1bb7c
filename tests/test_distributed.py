"""Distributed crawling: real redis-server, real `scrapy crawl repost -s REDIS_URL=...` crawler processes and a
real `newsarchiver ingest` writer, all on 127.0.0.1, against a demo site of 500 articles."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.distributed.bloom import BloomDupeFilter, bloom_false_positive_rate, bloom_size
from newsarchiver.urls import url_key

from .e2e import BIN, FAST, REDIS_SERVER, ROOT, SlowLink, crawl, redis_server, rows, robots_obeyed

pytestmark = pytest.mark.skipif(REDIS_SERVER is None,
                                reason="redis-server is not installed (.ci/run installs Debian's redis-server)")

IDLE = "3"  # seconds an empty shared frontier keeps a crawler waiting


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_client(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushall()
    return client


@pytest.fixture(scope="module")
def site():
    world = build_world(articles=500, families=("justnews",))
    with DemoServer(world, port=0, latency=0.01) as server:
        yield world, server, list(server.base_urls.values())


@pytest.fixture(scope="module")
def single(site, tmp_path_factory):
    """The same site crawled by one ordinary process, for comparison."""
    _, _, urls = site
    archive = tmp_path_factory.mktemp("single") / "single.db"
    crawl(urls, archive)
    return archive


def crawler(redis_url: str, log: Path, **settings: str) -> subprocess.Popen:
    opts = {**FAST, "REDIS_URL": redis_url, "NEWSARCHIVER_IDLE_EXIT": IDLE, **settings}
    args = [x for k, v in opts.items() for x in ("-s", f"{k}={v}")]
    return subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))


def ingest(redis_url: str, archive: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "newsarchiver"), "ingest", "--redis", redis_url, "--archive", str(archive),
                             "--exit-when-idle", "5"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def finish(*procs: subprocess.Popen, timeout: float = 180, statuses: tuple[int, ...] = (0,)) -> None:
    for proc in procs:
        assert proc.wait(timeout) in statuses, f"{proc.args[:3]} exited with {proc.returncode}"


def stat(log: Path, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log.read_text())
    return int(found.group(1)) if found else 0


def copies(db: Path) -> list[tuple[str, str]]:
    found = sorted(rows(db, "SELECT url, title FROM copies"))
    kept = set(robots_obeyed([url for url, _ in found]))
    return [(url, title) for url, title in found if url in kept]


def wait_until(check, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the process ended before it could be killed"
        try:
            if check():
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.1)
    pytest.fail("never reached the point to kill at")


def assert_all_once(db: Path, world, server, single: Path) -> None:
    expected = sorted(url_key(server.url(a.site, a.path)) for a in world.articles)
    archived = [r[0] for r in rows(db, "SELECT url FROM copies")]
    assert len(archived) == len(set(archived))
    assert set(expected) <= set(archived), sorted(set(expected) - set(archived))[:5]
    assert copies(db) == copies(single)  # the same copies, URLs and titles, as a single-process crawl
    assert rows(db, "SELECT count(*) FROM copies WHERE story_id IS NULL") == [(0,)]


def test_bloom_filter_false_positive_rate(redis_client):
    assert bloom_size(10_000_000, 0.001) == (143_775_876, 10)  # 18 MB for ten million URLs at 0.1%
    n = 5_000
    bits, hashes = bloom_size(n, 0.01)
    assert hashes == 7 and bits == 47_926
    bloom = BloomDupeFilter(redis_client, "t:bloom", capacity=n, error_rate=0.01)
    # filling it, a new URL is rarely taken for a seen one (the rate grows to 1% at capacity)...
    assert sum(bloom.add(f"{i:040x}") for i in range(n)) < 0.01 * n
    assert all(bloom.contains(f"{i:040x}") for i in range(n))  # ...everything seen is seen...
    false = sum(bloom.contains(f"new{i:037x}") for i in range(4 * n))
    assert false / (4 * n) < 2 * bloom_false_positive_rate(bits, hashes, n)  # ...and the rate is as stated


def test_two_crawlers_one_ingest(site, single, redis_url, redis_client, tmp_path):
    world, server, urls = site
    redis_client.rpush("repost:start_urls", *urls)
    logs = [tmp_path / "crawler1.log", tmp_path / "crawler2.log"]
    crawlers = [crawler(redis_url, log) for log in logs]
    writer = ingest(redis_url, tmp_path / "archive.db", tmp_path / "ingest.log")
    finish(*crawlers, writer)
    shares = [stat(log, "downloader/response_count") for log in logs]
    assert all(share > 0 for share in shares), shares  # both crawlers did part of the work
    assert all("'finish_reason': 'finished'" in log.read_text() for log in logs)
    assert_all_once(tmp_path / "archive.db", world, server, single)
    assert rows(tmp_path / "archive.db", "SELECT spider, status, articles_new FROM crawl_runs") == \
        [("ingest", "finished", len(copies(single)))]
    assert redis_client.keys("*") == []  # the last crawler cleared the seen-set; the ingest took every item


def test_a_killed_crawler_and_a_killed_ingest_lose_nothing(site, single, redis_url, redis_client, tmp_path):
    world, server, urls = site
    archive = tmp_path / "archive.db"
    redis_client.rpush("repost:start_urls", *urls)
    logs = [tmp_path / "crawler1.log", tmp_path / "crawler2.log"]
    victim, survivor = (crawler(redis_url, log) for log in logs)
    writer = ingest(redis_url, archive, tmp_path / "ingest.log")
    # Kill one crawler a third of the way in: the other finishes the frontier, with what it had in flight.
    wait_until(lambda: redis_client.llen("repost:items") + rows(archive, "SELECT count(*) FROM copies")[0][0]
               >= 150, victim)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    # Kill the ingest too, half-way: what it took and had not committed stays in Redis.
    wait_until(lambda: rows(archive, "SELECT count(*) FROM copies")[0][0] >= 250, writer)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    partial = rows(archive, "SELECT count(*) FROM copies")[0][0]
    assert partial < len(world.articles)
    finish(survivor)
    assert "'finish_reason': 'finished'" in logs[1].read_text()
    restarted = ingest(redis_url, archive, tmp_path / "ingest2.log")
    finish(restarted)
    assert_all_once(archive, world, server, single)
    assert redis_client.llen("repost:items") == 0 and redis_client.llen("repost:items:processing") == 0


def test_newsarchiver_crawl_redis_with_ingest(redis_url, redis_client, tmp_path):
    """`newsarchiver crawl --redis URL` pushes its start URLs to the shared queue and crawls from Redis;
    `newsarchiver ingest` files what it found. A second `crawl --redis` without URLs joins the same crawl."""
    world = build_world(articles=40, families=("justnews",), seed=11)
    archive = tmp_path / "archive.db"
    opts = [x for k, v in {**FAST, "NEWSARCHIVER_IDLE_EXIT": "1"}.items() if k != "LOG_LEVEL"
            for x in ("-s", f"{k}={v}")]
    with DemoServer(world, port=0, latency=0.01) as server:
        urls = list(server.base_urls.values())
        command = [str(BIN / "newsarchiver"), "crawl", "--redis", redis_url, "--archive", str(archive),
                   "--no-progress", "--log-level", "INFO", *opts]
        logs = [tmp_path / "crawl1.log", tmp_path / "crawl2.log"]
        crawlers = [subprocess.Popen([*command, *urls], cwd=ROOT, stdout=subprocess.PIPE, stderr=logs[0].open("w"),
                                     text=True),
                    subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=logs[1].open("w"),
                                     text=True)]
        writer = ingest(redis_url, archive, tmp_path / "ingest.log")
        finish(*crawlers, writer, timeout=120)
        expected = sorted(url_key(server.url(a.site, a.path)) for a in world.articles)
    assert "newsarchiver ingest --redis" in crawlers[0].stdout.read()
    assert all("'finish_reason': 'finished'" in log.read_text() for log in logs)
    assert sum(stat(log, "newsarchiver/redis/items_pushed") for log in logs) >= len(expected)
    archived = [r[0] for r in rows(archive, "SELECT url FROM copies")]
    assert len(archived) == len(set(archived)) and set(expected) <= set(archived)
    assert redis_client.keys("*") == []


def test_a_distributed_recrawl_notices_disappearances(redis_url, redis_client, tmp_path):
    """Crawlers that have the archive at hand request the archived pages due for a revisit of the sites whose
    start URLs they take from Redis, also once they are running (withdrawn pages are linked from nowhere any
    more), and what the revisits find reaches the ingest: a 404 (a fetch failure), a removal notice (a
    Vanished item), and a redirect to the home page, judged as a removal because the revisit's mark travels
    with its redirect through the shared queue."""
    world = build_world(articles=30, families=("justnews",), seed=16)
    archive = tmp_path / "archive.db"
    due = {"NEWSARCHIVER_REVISIT": "0s", "NEWSARCHIVER_ARCHIVE": str(archive)}  # every archived page is due
    with DemoServer(world, port=0) as server:
        urls = list(server.base_urls.values())
        crawl(urls, archive, **due)  # a local crawl makes the archive
        site = world.sites[0]
        withdrawn = {how: site.articles[i] for i, how in enumerate(("delete", "notice", "redirect"), start=2)}
        for how, article in withdrawn.items():
            site.withdraw(article.path, how)
        logs = [tmp_path / "crawler1.log", tmp_path / "crawler2.log"]
        crawlers = [crawler(redis_url, log, **due, NEWSARCHIVER_IDLE_EXIT="10") for log in logs]
        writer = ingest(redis_url, archive, tmp_path / "ingest.log")
        wait_until(lambda: redis_client.zcard("repost:crawlers") == 2, crawlers[0])  # both running, idle
        redis_client.rpush("repost:start_urls", *urls)  # taken by an idle crawler
        # 3 for the crawler whose revisit met the 404 ("finished with errors", newsarchiver.outcome)
        finish(*crawlers, writer, statuses=(0, 3))
        where = {how: url_key(server.url(site.name, a.path)) for how, a in withdrawn.items()}
    assert sum(stat(log, "newsarchiver/due_revisits") for log in logs) >= len(world.articles)
    found = {url: (status, kind) for url, status, kind in rows(
        archive, "SELECT c.url, c.status, e.kind FROM copies c JOIN copy_events e ON e.copy_id = c.id")}
    assert found == {where["delete"]: ("missing", "http_404"), where["notice"]: ("missing", "removal_notice"),
                     where["redirect"]: ("missing", "redirect")}
    (counts,), = rows(archive, "SELECT stats FROM crawl_runs WHERE spider = 'ingest'")
    assert json.loads(counts)["ingest"]["gone"] == 3  # the ingest counts what it found removed
    assert redis_client.keys("*") == []


def test_a_distributed_crawlers_feed_export_gets_its_articles(redis_url, redis_client, tmp_path):
    """The Redis item pipeline pushes the crawled page behind each article record and passes the record on: a
    crawler's own feed holds the articles it fetched (without story_id: the ingest files them), the ingest
    archives the same pages."""
    world = build_world(articles=20, families=("justnews",), seed=19)
    archive, feed = tmp_path / "archive.db", tmp_path / "feed.jsonl"
    with DemoServer(world, port=0) as server:
        redis_client.rpush("repost:start_urls", *server.base_urls.values())
        one = crawler(redis_url, tmp_path / "crawler.log", FEEDS=json.dumps({str(feed): {"format": "jsonlines"}}))
        writer = ingest(redis_url, archive, tmp_path / "ingest.log")
        finish(one, writer)
    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["url"] for r in records) == sorted(r[0] for r in rows(archive, "SELECT url FROM copies"))
    assert len(records) == len(world.articles) and all(r.get("story_id") is None and r["title"] for r in records)


def test_newsarchiver_crawl_without_redis_needs_urls():
    from click.testing import CliRunner

    from newsarchiver.cli import cli

    result = CliRunner().invoke(cli, ["crawl"])
    assert result.exit_code != 0 and "give start URLs" in result.output


def test_a_full_item_queue_slows_the_crawler_to_the_ingest(site, single, redis_url, redis_client, tmp_path):
    """Back-pressure: with no ingest running, a crawler stops at NEWSARCHIVER_REDIS_MAX_ITEMS queued items
    and waits; once an ingest takes them, the crawl goes on and nothing is lost."""
    world, server, urls = site
    redis_client.rpush("repost:start_urls", *urls)
    log = tmp_path / "crawler.log"
    proc = crawler(redis_url, log, NEWSARCHIVER_REDIS_MAX_ITEMS="40")
    wait_until(lambda: redis_client.llen("repost:items") >= 40, proc)
    time.sleep(3)  # the crawler keeps running, and the queue does not grow past the cap
    assert proc.poll() is None
    assert redis_client.llen("repost:items") == 40
    writer = ingest(redis_url, tmp_path / "archive.db", tmp_path / "ingest.log")
    finish(proc, writer)
    assert stat(log, "newsarchiver/redis/backpressure_waits") > 0
    assert "waiting for `newsarchiver ingest`" in log.read_text()
    assert_all_once(tmp_path / "archive.db", world, server, single)


@pytest.mark.parametrize("moment, key, events", [
    ("taking a request off the queue", "repost:requests", {"zrem", "zremrangebyrank", "zpopmin"}),
    ("marking a new URL as seen", "repost:dupefilter", {"sadd"}),
])
def test_a_crawler_killed_at_the_worst_moment_loses_nothing(moment, key, events, redis_url, redis_client, tmp_path):
    """Issue 20, deterministic: the crawler talks to Redis over a slow link (replies 0.1 s late) and is killed
    right after Redis carried out a command that took a request off the queue, or marked a new URL as seen,
    before it could act on the reply. Whatever that command was part of must not be lost: another crawler
    finishes the crawl with every article archived once."""
    world = build_world(articles=60, families=("justnews",), seed=13)
    archive = tmp_path / "archive.db"
    redis_client.config_set("notify-keyspace-events", "Kzs")
    events_seen = redis_client.pubsub(ignore_subscribe_messages=True)
    events_seen.subscribe(f"__keyspace@0__:{key}")
    link = SlowLink(int(redis_url.rsplit(":", 1)[1].split("/")[0]), delay=0.1)
    try:
        with DemoServer(world, port=0, latency=0.01) as server:
            redis_client.rpush("repost:start_urls", *server.base_urls.values())
            victim = crawler(f"redis://127.0.0.1:{link.port}/0", tmp_path / "victim.log", NEWSARCHIVER_LEASE_SECONDS="2")
            count, deadline = 0, time.monotonic() + 120
            while count < 10:  # the tenth such command of the crawl: the crawl is under way
                assert victim.poll() is None and time.monotonic() < deadline, (tmp_path / "victim.log").read_text()[-3000:]
                message = events_seen.get_message(timeout=0.5)
                if message and message["data"].decode() in events:
                    count += 1
            os.kill(victim.pid, signal.SIGKILL)  # its reply is still on the slow link
            victim.wait()
            survivor = crawler(redis_url, tmp_path / "survivor.log", NEWSARCHIVER_LEASE_SECONDS="2")
            writer = ingest(redis_url, archive, tmp_path / "ingest.log")
            finish(survivor, writer)
            expected = sorted(url_key(server.url(a.site, a.path)) for a in world.articles)
    finally:
        events_seen.close()
        redis_client.config_set("notify-keyspace-events", "")
        link.close()
    archived = [r[0] for r in rows(archive, "SELECT url FROM copies")]
    assert len(archived) == len(set(archived))
    assert set(expected) <= set(archived), f"lost after a kill while {moment}: {sorted(set(expected) - set(archived))}"
    assert redis_client.keys("*") == []
