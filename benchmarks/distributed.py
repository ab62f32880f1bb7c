"""Distributed crawl throughput: pages/s with 1, 2 and 4 crawler processes sharing one scrapy-redis frontier,
against the same demo site, then the single writer's (`newsarchiver ingest`) items/s; and what that means at
10x and 100x the scale.

    .venv/bin/python -m benchmarks.distributed [--articles 1000]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.ingest import Ingest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IDLE = 1.0
sys.path.insert(0, str(ROOT))
from tests.e2e import REDIS_SERVER, RedisServer  # noqa: E402 (tests are beside benchmarks, not installed)


def crawl(n: int, url: str, redis_url: str, client: redis.Redis, tmp: Path) -> tuple[list[int], float, float]:
    """n crawler processes over the site; (pages per crawler, crawl seconds, wall seconds).

    Crawl seconds run from starting the processes to the last item pushed to Redis (sampled every 50 ms):
    the idle wait before crawlers exit (NEWSARCHIVER_IDLE_EXIT) is not crawl time. Process start-up
    (~1-2 s of imports) is included, the same for every n."""
    client.flushall()
    client.rpush("repost:start_urls", url)
    settings = {"REDIS_URL": redis_url, "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
                "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "NEWSARCHIVER_IDLE_EXIT": str(IDLE), "LOG_LEVEL": "INFO"}
    args = [x for k, v in settings.items() for x in ("-s", f"{k}={v}")]
    logs = [tmp / f"c{n}-{i}.log" for i in range(n)]
    start = time.monotonic()
    procs = [subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", *args], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=log.open("w")) for log in logs]
    pushed, last_push = 0, start
    while any(p.poll() is None for p in procs):
        now_pushed = client.llen("repost:items")
        if now_pushed != pushed:
            pushed, last_push = now_pushed, time.monotonic()
        time.sleep(0.05)
    wall = time.monotonic() - start
    shares = [sum(int(m.group(1)) for m in re.finditer(r"'downloader/response_count': (\d+)", log.read_text()))
              for log in logs]
    return shares, last_push - start, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    opts = parser.parse_args()
    if not REDIS_SERVER:
        sys.exit("redis-server is not installed")
    tmp = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    rs = RedisServer(tmp)
    rs.start()
    redis_url = rs.url
    client = rs.client()
    world = build_world(articles=opts.articles, families=("justnews",))
    try:
        with DemoServer(world, port=0) as server:
            url = list(server.base_urls.values())[0]
            print(f"demo site: {len(world.articles)} articles; crawlers share one Redis frontier")
            print("| crawlers | pages (per crawler) | crawl s | pages/s | wall s (with start-up and idle exit) |")
            rates = {}
            for n in (1, 2, 4):
                shares, elapsed, wall = crawl(n, url, redis_url, client, tmp)
                pages = sum(shares)
                rates[n] = pages / elapsed
                print(f"| {n} | {pages} ({' + '.join(map(str, shares))}) | {elapsed:.1f} | {rates[n]:.1f} | "
                      f"{wall:.1f} |", flush=True)
            items = client.llen("repost:items")  # what the last (4-crawler) run pushed
            queued = client.info("memory")["used_memory"]
            worker = Ingest(redis_url, tmp / "archive.db", batch_size=100)
            start = time.monotonic()
            worker.run(exit_when_idle=0.0)
            ingest_s = time.monotonic() - start - 1  # its last 1 s wait for more items
            rate = items / ingest_s
            print(f"  ingest (one writer): {items} items in {ingest_s:.1f} s = {rate:.0f} items/s "
                  f"({1000 / rate:.1f} ms per item); Redis held {queued / items / 1024:.1f} KiB per queued item")
            print(f"The single writer is the limit once the crawlers produce more than {rate:.0f} items/s: "
                  f"about {rate / rates[1]:.1f} crawler machines at the 1-crawler rate measured here.")
            for scale in (10, 100):
                n = items * scale
                print(f"  {scale}x ({n} items per batch crawl): ingest alone {n / rate / 60:.1f} min")
    finally:
        rs.stop()


if __name__ == "__main__":
    main()
