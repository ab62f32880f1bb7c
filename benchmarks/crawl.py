"""Crawl throughput: the full newsarchiver pipeline vs. a bare Scrapy spider, side by side.

Serves one demo Justnews site of --articles articles on 127.0.0.1 (in its own process), then crawls it
alternately with `scrapy crawl repost` (discovery + decoding + extraction + archive writes) and with
benchmarks/bare_spider.py (the same discovery, nothing else), --rounds times each, with identical
concurrency settings. Prints pages/s of each and the ratio full/bare (target >= 0.8).

    .venv/bin/python benchmarks/crawl.py [--articles 2000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COMMON = {
    "CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False", "ROBOTSTXT_OBEY": "True", "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": "False", "EXTENSIONS": json.dumps({"benchmarks.statsdump.DumpStats": 0}),
}


def serve(articles: int) -> tuple[subprocess.Popen, str, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsarchiver.demo.server", "--articles", str(articles), "--families", "justnews"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    for line in proc.stdout:
        if "http://127.0.0.1:" in line:
            url = line.split()[-1]
            count = int(line.split()[2])
            return proc, url, count
    raise RuntimeError("demo server did not start")


def run(kind: str, url: str, workdir: Path, n: int) -> dict:
    stats_file = workdir / f"{kind}-{n}.json"
    settings = {**COMMON, "BENCH_STATS_FILE": str(stats_file)}
    if kind == "full":
        settings["NEWSARCHIVER_ARCHIVE"] = str(workdir / f"archive-{n}.db")
        cmd = [str(BIN / "scrapy"), "crawl", "repost", "-a", f"start_urls={url}"]
    else:
        cmd = [str(BIN / "scrapy"), "runspider", str(ROOT / "benchmarks" / "bare_spider.py"), "-a", f"start_url={url}"]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    wall = time.perf_counter() - started
    stats = json.loads(stats_file.read_text())
    pages = stats["downloader/response_count"]
    elapsed = float(stats["elapsed_time_seconds"])
    return {"kind": kind, "pages": pages, "elapsed": elapsed, "pages_per_s": pages / elapsed, "wall": wall,
            "items": stats.get("item_scraped_count", 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the demo site (>= 2000)")
    parser.add_argument("--rounds", type=int, default=2, help="crawls of each kind, alternating")
    args = parser.parse_args()
    proc, url, count = serve(args.articles)
    results: dict[str, list[dict]] = {"bare": [], "full": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(args.rounds):
                for kind in ("bare", "full"):
                    r = run(kind, url, Path(tmp), n)
                    results[kind].append(r)
                    print(f"round {n + 1} {kind:4}: {r['pages']} pages in {r['elapsed']:.1f}s = "
                          f"{r['pages_per_s']:.0f} pages/s ({r['items']} items)", flush=True)
    finally:
        proc.terminate()
        proc.wait()
    bare = statistics.median(r["pages_per_s"] for r in results["bare"])
    full = statistics.median(r["pages_per_s"] for r in results["full"])
    print(f"\nsite: {count} articles; {results['full'][0]['pages']} pages per crawl")
    print("| crawler | pages/s (median of %d) |" % args.rounds)
    print("|---|---|")
    print(f"| bare Scrapy spider (same links) | {bare:.0f} |")
    print(f"| newsarchiver full pipeline | {full:.0f} |")
    print(f"| **ratio full / bare** | **{full / bare:.2f}** (target >= 0.8) |")


if __name__ == "__main__":
    main()
