"""A real redis-server with its persistence on (``appendonly yes``) stopped and restarted during a distributed
crawl and its ingest: within NEWSARCHIVER_REDIS_RETRY_SECONDS both wait and go on, losing nothing and filing
nothing twice; past it both stop with one clear line and exit status 1, and the next crawler and ingest
complete the work. Each checks the exit statuses, the ingest's run row, the counters, the archive's
integrity and that every article of the site is archived once."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import BIN, FAST, REDIS_SERVER, ROOT, RedisServer, crawl, redis_server, rows
from .test_distributed import copies

pytestmark = pytest.mark.skipif(REDIS_SERVER is None,
                                reason="redis-server is not installed (.ci/run installs Debian's redis-server)")


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path, appendonly=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    world = build_world(articles=150, families=("justnews",), seed=23)
    # a little latency: the crawl lasts long enough for Redis to go away in its middle
    with DemoServer(world, port=0, latency=0.03) as server:
        urls = list(server.base_urls.values())
        single = tmp_path_factory.mktemp("single") / "single.db"
        crawl(urls, single)
        yield server, urls, single


def options(**settings: str) -> list[str]:
    opts = {**FAST, "NEWSARCHIVER_IDLE_EXIT": "3", "NEWSARCHIVER_LEASE_SECONDS": "2", **settings}
    return [x for k, v in opts.items() for x in ("-s", f"{k}={v}")]


def start_crawler(url: str, log: Path, **settings: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", "-s", f"REDIS_URL={url}", *options(**settings)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def start_ingest(url: str, archive: Path, log: Path, **settings: str) -> subprocess.Popen:
    extra = [x for k, v in settings.items() for x in ("-s", f"{k}={v}")]
    return subprocess.Popen([str(BIN / "newsarchiver"), "ingest", "--redis", url, "--archive", str(archive),
                             "--exit-when-idle", "5", *extra], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=log.open("w"))


def archived(archive: Path) -> int:
    try:
        return rows(archive, "SELECT count(*) FROM copies")[0][0]
    except Exception:  # not created yet
        return 0


def wait_for(check, *procs: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in procs), "a process ended before Redis went away"
        if check():
            return
        time.sleep(0.05)
    pytest.fail("the crawl never got far enough")


def assert_all_once(archive: Path, single: Path) -> None:
    urls = [u for (u,) in rows(archive, "SELECT url FROM copies")]
    assert len(urls) == len(set(urls))
    assert copies(archive) == copies(single)  # every article, URL and title, as a single-process crawl
    assert rows(archive, "PRAGMA integrity_check") == [("ok",)]
    # filed once: every copy is one new article of some ingest run, none filed again as a change or a version
    assert sum(n for (n,) in rows(archive, "SELECT articles_new FROM crawl_runs")) == len(urls)
    assert rows(archive, "SELECT sum(articles_changed) FROM crawl_runs") == [(0,)]
    assert rows(archive, "SELECT count(*) FROM article_versions") == [(0,)]


def test_a_redis_restart_is_waited_out_and_nothing_is_lost_or_filed_twice(site, redis, tmp_path):
    server, urls, single = site
    archive = tmp_path / "archive.db"
    redis.client().rpush("repost:start_urls", *urls)
    patience = {"NEWSARCHIVER_REDIS_RETRY_SECONDS": "60"}
    crawler = start_crawler(redis.url, tmp_path / "crawler.log", **patience)
    writer = start_ingest(redis.url, archive, tmp_path / "ingest.log", **patience)
    wait_for(lambda: archived(archive) >= 20, crawler, writer)
    redis.stop()
    time.sleep(6)  # longer than a lease (2 s): leases expire in Redis' clock while it is away
    redis.start()
    assert crawler.wait(180) in (0, 3), (tmp_path / "crawler.log").read_text()[-3000:]
    assert writer.wait(180) in (0, 3), (tmp_path / "ingest.log").read_text()[-3000:]
    crawler_log, ingest_log = (tmp_path / "crawler.log").read_text(), (tmp_path / "ingest.log").read_text()
    for log in (crawler_log, ingest_log):
        assert re.search(r"Redis \((crawler|ingest)\) unreachable .*: waiting for it, up to 60 s", log), log[-3000:]
        assert re.search(r"Redis \((crawler|ingest)\) is back after \d+\.\d s: going on", log), log[-3000:]
        assert "Traceback" not in log
    assert "'finish_reason': 'finished'" in crawler_log
    assert rows(archive, "SELECT spider, status, error FROM crawl_runs") == [("ingest", "finished", None)]
    assert_all_once(archive, single)
    assert redis.client().llen("repost:items") == 0


def test_redis_gone_past_the_limit_stops_crawler_and_ingest_and_the_next_ones_complete_the_work(site, redis,
                                                                                                   tmp_path):
    server, urls, single = site
    archive = tmp_path / "archive.db"
    redis.client().rpush("repost:start_urls", *urls)
    short = {"NEWSARCHIVER_REDIS_RETRY_SECONDS": "2"}
    crawler = start_crawler(redis.url, tmp_path / "crawler.log", **short)
    writer = start_ingest(redis.url, archive, tmp_path / "ingest.log", **short)
    wait_for(lambda: archived(archive) >= 20, crawler, writer)
    redis.stop()
    assert crawler.wait(60) == 1
    assert writer.wait(60) == 1
    crawler_log, ingest_log = (tmp_path / "crawler.log").read_text(), (tmp_path / "ingest.log").read_text()
    lost = r"Redis \({}\) unreachable for \d+ s, longer than NEWSARCHIVER_REDIS_RETRY_SECONDS \(2 s\)"
    assert re.search(lost.format("crawler"), crawler_log), crawler_log[-3000:]
    assert "'finish_reason': 'redis_lost'" in crawler_log
    assert "exit status 1: stopped: redis_lost" in crawler_log
    assert re.search(r"^Error: .*" + lost.format("ingest"), ingest_log, re.M), ingest_log[-3000:]
    for log in (crawler_log, ingest_log):
        assert "Traceback" not in log, log[-3000:]
    (status, error, new), = rows(archive, "SELECT status, error, articles_new FROM crawl_runs")
    assert status == "failed" and re.search(lost.format("ingest") + r".*: ingest stopped", error)
    assert new == archived(archive) > 0  # what the run counted is what the archive holds
    assert rows(archive, "PRAGMA integrity_check") == [("ok",)]

    redis.start()  # back, with everything it had acknowledged (appendonly)
    crawler = start_crawler(redis.url, tmp_path / "crawler2.log")
    writer = start_ingest(redis.url, archive, tmp_path / "ingest2.log")
    assert crawler.wait(180) in (0, 3), (tmp_path / "crawler2.log").read_text()[-3000:]
    assert writer.wait(180) in (0, 3), (tmp_path / "ingest2.log").read_text()[-3000:]
    assert rows(archive, "SELECT status FROM crawl_runs ORDER BY id") == [("failed",), ("finished",)]
    assert_all_once(archive, single)


def test_an_ingest_whose_archive_fills_up_stops_and_leaves_the_rest_in_redis(site, redis, tmp_path):
    """The ingest is the archive writer of a distributed crawl: a full archive (real SQLITE_FULL, through
    NEWSARCHIVER_ARCHIVE_MAX_SIZE) stops it with one line and exit status 1, its run row `failed`, its open
    batch rolled back and not acknowledged; the next ingest files everything, once."""
    from newsarchiver.archive import Archive

    from .test_faults import used_bytes

    server, urls, single = site
    archive = tmp_path / "archive.db"
    Archive(archive).close()
    cap = used_bytes(archive) + 300_000
    redis.client().rpush("repost:start_urls", *urls)
    crawler = start_crawler(redis.url, tmp_path / "crawler.log")
    assert crawler.wait(180) in (0, 3)  # everything is in Redis now
    full = subprocess.run([str(BIN / "newsarchiver"), "ingest", "--redis", redis.url, "--archive", str(archive),
                           "--exit-when-idle", "1", "--batch-size", "5", "-s", f"NEWSARCHIVER_ARCHIVE_MAX_SIZE={cap}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert full.returncode == 1, full.stderr[-3000:]
    assert "Traceback" not in full.stderr
    assert re.search(r"^Error: archive full \(NEWSARCHIVER_ARCHIVE_MAX_SIZE reached\): \d+ articles filed, ingest "
                     r"stopped; the rest stays in Redis", full.stderr, re.M), full.stderr[-3000:]
    (status, error, new), = rows(archive, "SELECT status, error, articles_new FROM crawl_runs")
    assert status == "failed" and error.startswith("archive full")
    assert new == archived(archive) > 0
    assert rows(archive, "PRAGMA integrity_check") == [("ok",)]
    client = redis.client()
    left = client.llen("repost:items") + sum(client.llen(k) for k in client.keys("repost:items:processing*"))
    assert left >= len(copies(single)) - new  # what was not committed is still in Redis

    again = start_ingest(redis.url, archive, tmp_path / "ingest2.log")
    assert again.wait(120) in (0, 3), (tmp_path / "ingest2.log").read_text()[-3000:]
    assert rows(archive, "SELECT status FROM crawl_runs ORDER BY id") == [("failed",), ("finished",)]
    assert_all_once(archive, single)


# A command Redis ran but whose reply was lost (Redis shut down while the reply was on its way) is sent again
# by the client's retry (outage.PatientRetry). Each command a restart can catch this way must do no harm run
# twice: these tests put Redis in the state the first run left and make the second call.

def test_a_lease_sent_again_gives_back_the_request_it_leased_instead_of_losing_it(tmp_path):
    import redis

    from newsarchiver.distributed.queue import LEASE

    with redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)
        client.zadd("q", {b"first": 1, b"second": 2})
        lease = client.register_script(LEASE)
        keys = ["q", "leases", "expiry"]
        assert lease(keys=keys, args=["token", 10]) == b"first"
        assert lease(keys=keys, args=["token", 10]) == b"first"  # the retry: the same request, nothing popped
        assert client.zrange("q", 0, -1) == [b"second"]
        assert client.hget("leases", "token") == b"1\nfirst"
        assert lease(keys=keys, args=["another", 10]) == b"second"


def test_an_item_a_lost_reply_moved_onto_the_ingest_list_is_in_its_batch(tmp_path):
    import redis

    from newsarchiver.distributed.codec import dump_item
    from newsarchiver.ingest import Ingest

    from .test_ingest import page

    with redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)
        client.rpush("repost:items", *[dump_item(page(n)) for n in range(5)])
        ingest = Ingest(url, tmp_path / "a.db", batch_size=3)
        # the first move of a take, run by Redis, its reply lost: on the ingest's list, never seen by it
        unseen = client.lmove("repost:items", ingest.processing, "LEFT", "RIGHT")
        batch = ingest.take(timeout=1)
        assert unseen in batch  # filed with the batch, not dropped when the list is acknowledged
        assert batch == client.lrange(ingest.processing, 0, -1) and len(batch) == 4
        assert client.llen("repost:items") == 1
