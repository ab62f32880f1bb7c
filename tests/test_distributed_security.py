"""Distributed mode and what reaches it through Redis: no code runs from the shared queues, the Redis password is
never printed, and without the [distributed] extra a local crawl is untouched and distributed commands say what to
install. Real redis-server, crawler and ingest processes on 127.0.0.1."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import textwrap

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.urls import url_key

from .e2e import BIN, FAST, REDIS_SERVER, ROOT, free_port, redis_server, rows

pytestmark = pytest.mark.skipif(REDIS_SERVER is None,
                                reason="redis-server is not installed (.ci/run installs Debian's redis-server)")


class Payload:
    """Unpickled, this creates ``path``: the code an attacker with write access to Redis would run."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return open, (self.path, "w")


def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_a_pickle_planted_in_the_shared_queues_never_runs(tmp_path):
    import redis

    world = build_world(articles=15, families=("justnews",), seed=3)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(str(marker)))
    with DemoServer(world) as server, redis_server(tmp_path) as url:
        client = redis.Redis.from_url(url)
        client.zadd("repost:requests", {payload: -1000})  # first in the request queue
        client.rpush("repost:items", payload)  # first in the item queue
        client.rpush("repost:start_urls", *server.base_urls.values())
        opts = [x for k, v in {**FAST, "REDIS_URL": url, "NEWSARCHIVER_IDLE_EXIT": "1"}.items() for x in ("-s", f"{k}={v}")]
        crawler = run(BIN / "scrapy", "crawl", "repost", *opts)
        ingest = run(BIN / "newsarchiver", "ingest", "--redis", url, "--archive", tmp_path / "a.db",
                     "--exit-when-idle", "1")
        expected = {url_key(server.url(a.site, a.path)) for a in world.articles}
    assert not marker.exists(), "code from Redis ran"
    # the ingest dropped the planted item: "finished with errors", exit status 3 (newsarchiver.outcome)
    assert crawler.returncode == 0 and ingest.returncode == 3, crawler.stderr[-2000:] + ingest.stderr[-2000:]
    assert "'newsarchiver/redis/undecodable_requests': 1" in crawler.stderr
    assert "dropped an entry of repost:requests that is not a request of ours" in crawler.stderr
    assert "1 undecodable dropped" in ingest.stderr
    assert expected <= {r[0] for r in rows(tmp_path / "a.db", "SELECT url FROM copies")}  # the crawl went on


def test_the_redis_password_is_never_printed(tmp_path):
    secret = "s3cr3t-pw"
    world = build_world(articles=10, families=("justnews",), seed=5)
    closed = f"redis://:{secret}@127.0.0.1:{free_port()}/0"  # nothing listens there
    outputs = []
    with DemoServer(world) as server, redis_server(tmp_path, "--requirepass", secret) as url:
        assert secret in url
        site = list(server.base_urls.values())
        settings = ["-s", "NEWSARCHIVER_IDLE_EXIT=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
        crawl = run(BIN / "newsarchiver", "crawl", "--redis", url, "--log-level", "INFO", *settings, *site)
        ingest = run(BIN / "newsarchiver", "ingest", "--redis", url, "--archive", tmp_path / "a.db",
                     "--exit-when-idle", "1")
        scrapy = run(BIN / "scrapy", "crawl", "repost", "-s", f"REDIS_URL={url}", "-s", "LOG_LEVEL=DEBUG",
                     "-s", "NEWSARCHIVER_PROGRESS=True", "-s", "NEWSARCHIVER_IDLE_EXIT=1", "-a", f"start_urls={site[0]}")
        outputs += [crawl, ingest, scrapy]
        assert all(p.returncode == 0 for p in outputs), [p.stderr[-1500:] for p in outputs]
        assert rows(tmp_path / "a.db", "SELECT count(*) FROM copies")[0][0] >= len(world.articles)
    outputs += [run(BIN / "newsarchiver", "crawl", "--redis", closed, site[0]),
                run(BIN / "newsarchiver", "ingest", "--redis", closed, "--archive", tmp_path / "b.db")]
    assert [p.returncode for p in outputs[-2:]] == [1, 1]
    text = "\n".join(p.stdout + p.stderr for p in outputs)
    assert secret not in text
    assert "distributed crawl: crawler" in scrapy.stderr and " on redis://:***@127.0.0.1:" in scrapy.stderr
    assert f"newsarchiver ingest --redis redis://:***@127.0.0.1:" in crawl.stdout
    assert "cannot reach Redis at redis://:***@127.0.0.1:" in outputs[-2].stderr
    assert re.search(r"Redis at redis://:\*\*\*@127\.0\.0\.1:\d+/0", outputs[-1].stderr)


def python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-c", textwrap.dedent(code), *args)


def test_a_local_crawl_does_not_import_scrapy_redis(tmp_path):
    """(redis itself may be imported by datasketch, which uses it when it is installed.)"""
    world = build_world(articles=5, families=("justnews",), seed=2)
    with DemoServer(world) as server:
        result = python("""
            import os, sys
            os.environ["SCRAPY_SETTINGS_MODULE"] = "newsarchiver.settings"
            from scrapy.crawler import CrawlerProcess
            from scrapy.utils.project import get_project_settings
            from newsarchiver.spiders.repost import RepostSpider
            settings = get_project_settings()
            settings.set("NEWSARCHIVER_ARCHIVE", sys.argv[2])
            process = CrawlerProcess(settings)
            process.crawl(RepostSpider, start_urls=[sys.argv[1]])
            process.start()
            print(sorted(m for m in sys.modules if m.startswith(("scrapy_redis", "newsarchiver.distributed."))))
        """, list(server.base_urls.values())[0], str(tmp_path / "a.db"))
    assert result.returncode == 0, result.stderr[-2000:]
    # the add-on, inert without REDIS_URL, and the import check it uses; none of the crawl components
    assert result.stdout.strip().splitlines()[-1] == \
        "['newsarchiver.distributed.addon', 'newsarchiver.distributed.connection']"
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM copies")[0][0] == len(world.articles)


@pytest.mark.parametrize("missing, argv", [
    ("scrapy_redis", ["crawl", "--redis", "redis://127.0.0.1:1/0", "http://127.0.0.1:1/"]),
    ("redis", ["ingest", "--redis", "redis://127.0.0.1:1/0"]),
])
def test_distributed_commands_without_the_extra_say_what_to_install(missing, argv, tmp_path):
    result = python(f"""
        import sys
        sys.modules[{missing!r}] = None  # as if the [distributed] extra were not installed
        from newsarchiver.cli import cli
        cli(sys.argv[1:])
    """, *argv, "--archive", str(tmp_path / "a.db"))
    assert result.returncode == 1
    assert "pip install 'newsarchiver[distributed]'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_scrapy_crawl_with_redis_url_without_the_extra_says_what_to_install():
    result = python("""
        import sys
        sys.modules["scrapy_redis"] = None
        from scrapy.cmdline import execute
        execute(["scrapy", "crawl", "repost", "-s", "REDIS_URL=redis://127.0.0.1:1/0"])
    """)
    assert result.returncode != 0
    assert "pip install 'newsarchiver[distributed]'" in result.stderr
