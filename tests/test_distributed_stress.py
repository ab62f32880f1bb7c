"""Repeated SIGKILLs of crawlers and of the ingest, at random moments of a distributed crawl: once everything
has finished, the archive is the same as a single-process crawl of the same world, with nothing lost and
nothing twice (docs/distributed.md, "A request's life cycle").

Real processes all the way: redis-server, three `scrapy crawl repost -s REDIS_URL=...` crawlers and one
`newsarchiver ingest`, each killed victim replaced at once by a fresh process. Kills are spread over the
crawl by its progress (so a faster or slower machine still kills mid-crawl), with a random delay and a
random victim (among the crawlers that have opened their spider: a crawler killed while still importing
tests little); NEWSARCHIVER_STRESS_SEED replays a run.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.urls import url_key

from .e2e import BIN, FAST, REDIS_SERVER, ROOT, crawl, redis_server, rows

pytestmark = pytest.mark.skipif(REDIS_SERVER is None,
                                reason="redis-server is not installed (.ci/run installs Debian's redis-server)")

ARTICLES = 300
CRAWLERS = 3
#: what gets killed, in a shuffled order: 12 kills, at least 4 of them the ingest
VICTIMS = ["ingest"] * 4 + ["crawler"] * 8
LEASE = "2"  # seconds before a dead crawler's requests go back to the queue (default 10)


def start_crawler(redis_url: str, log: Path) -> subprocess.Popen:
    opts = {**FAST, "REDIS_URL": redis_url, "NEWSARCHIVER_IDLE_EXIT": "2", "NEWSARCHIVER_LEASE_SECONDS": LEASE}
    args = [x for k, v in opts.items() for x in ("-s", f"{k}={v}")]
    return subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))


def start_ingest(redis_url: str, archive: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "newsarchiver"), "ingest", "--redis", redis_url, "--archive", str(archive),
                             "--exit-when-idle", "3", "--batch-size", "20"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))


def at_work(crawlers: list[subprocess.Popen], logs_of: dict[int, Path]) -> list[subprocess.Popen]:
    """The crawlers that have opened their spider (a kill during start-up tests little); waits for one."""
    deadline = time.monotonic() + 30
    while True:
        alive = [c for c in crawlers if c.poll() is None]
        assert alive, "every crawler ended"
        ready = [c for c in alive if "distributed crawl: crawler" in logs_of[c.pid].read_text()]
        if ready or time.monotonic() > deadline:
            return ready or alive
        time.sleep(0.1)


def copies(db: Path) -> list[tuple[str, str, str]]:
    return sorted(rows(db, "SELECT url, title, content_hash FROM copies"))


def progress(client, archive: Path) -> int:
    """Items pushed so far, roughly: waiting in Redis plus filed."""
    try:
        filed = rows(archive, "SELECT count(*) FROM copies")[0][0]
    except sqlite3.OperationalError:  # not created yet, or being recovered after a kill
        filed = 0
    return client.llen("repost:items") + filed


def stat_total(logs: list[Path], name: str) -> int:
    return sum(int(m) for log in logs for m in re.findall(rf"'{re.escape(name)}': (\d+)", log.read_text()))


def test_crawlers_and_the_ingest_killed_at_random_lose_nothing(tmp_path):
    import redis

    seed = int(os.environ.get("NEWSARCHIVER_STRESS_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    plan = rng.sample(VICTIMS, len(VICTIMS))
    world = build_world(articles=ARTICLES, families=("justnews",), seed=21)
    archive, single = tmp_path / "archive.db", tmp_path / "single.db"
    logs: list[Path] = []

    def log(name: str) -> Path:
        logs.append(tmp_path / f"{len(logs):02d}-{name}.log")
        return logs[-1]

    with DemoServer(world, latency=0.04) as server, redis_server(tmp_path) as url:
        urls = list(server.base_urls.values())
        crawl(urls, single)
        client = redis.Redis.from_url(url)
        client.rpush("repost:start_urls", *urls)
        logs_of: dict[int, Path] = {}
        crawlers = []
        for _ in range(CRAWLERS):
            crawlers.append(start_crawler(url, log("crawler")))
            logs_of[crawlers[-1].pid] = logs[-1]
        writer = start_ingest(url, archive, log("ingest"))
        kills = []
        for number, victim in enumerate(plan, start=1):
            # spread the kills over the first half of the crawl: the n-th once n/(2 kills + 2) of the items exist,
            # then a random delay (each kill also waits for a crawler at work: the crawl goes on meanwhile, and
            # with pages read in worker processes it once ended before the last kill when spread over all of it)
            target = ARTICLES * number / (2 * len(plan) + 2)
            deadline = time.monotonic() + 120
            while progress(client, archive) < target and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 0.6))
            if victim == "ingest":
                writer.send_signal(signal.SIGKILL)
                writer.wait()
                writer = start_ingest(url, archive, log("ingest"))
            else:
                proc = rng.choice(at_work(crawlers, logs_of))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                slot = crawlers.index(proc)
                crawlers[slot] = start_crawler(url, log("crawler"))
                logs_of[crawlers[slot].pid] = logs[-1]
            kills.append((victim, progress(client, archive)))
        assert kills[-1][1] < ARTICLES, f"the crawl was over before the last kill: {kills} (seed {seed})"
        for proc in [*crawlers, writer]:
            assert proc.wait(240) == 0, f"{proc.args[:3]} exited with {proc.returncode} (seed {seed})"
        expected = {url_key(server.url(a.site, a.path)) for a in world.articles}
        left = client.keys("*")

    archived = [r[0] for r in rows(archive, "SELECT url FROM copies")]
    assert len(archived) == len(set(archived)), f"a page archived twice (seed {seed})"
    assert expected <= set(archived), f"lost: {sorted(expected - set(archived))[:5]} (seed {seed}, kills {kills})"
    assert copies(archive) == copies(single), f"seed {seed}"
    assert rows(archive, "SELECT count(*) FROM copies WHERE story_id IS NULL") == [(0,)]
    assert stat_total(logs, "newsarchiver/redis/dropped_requests") == 0
    assert left == [], f"left in Redis: {left} (seed {seed})"
    print(f"stress: seed {seed}, kills {kills}, requeued "
          f"{stat_total(logs, 'newsarchiver/redis/requeued_requests')} requests")
