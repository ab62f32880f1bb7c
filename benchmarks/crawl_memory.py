"""Crawler memory over a long crawl: how much the crawling process grows from one page count to another,
the seen-set aside (target: <= 50 MB from 10k to 100k pages).

Serves one generated demo site (``--articles`` Justnews-style articles, listing pages besides) on
127.0.0.1 in its own process and crawls it once with ``scrapy crawl repost`` — extraction, archive with
stories, search index, raw pages, revisit schedules: the full pipeline, into a fresh archive — with the
``benchmarks.memwatch.MemWatch`` extension sampling the process's RSS after a full garbage collection every
``--every`` responses, and the seen-set's size (the dupefilter's fingerprints and the spider's followed
links: what a crawl has to remember). Prints the samples and the growth between the first sample at or
after ``--from`` responses and the last one, with and without the seen-set, and per 10k pages.

    .venv/bin/python benchmarks/crawl_memory.py [--articles 100000] [--from 10000] [--every 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl import BIN, ROOT, serve  # noqa: E402

import subprocess  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--from", dest="start", type=int, default=10_000, help="responses at the first sample compared")
    parser.add_argument("--every", type=int, default=2000)
    args = parser.parse_args()
    proc, url, count = serve(args.articles)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        samples_file = Path(tmp) / "mem.jsonl"
        settings = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "16",
                    "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": "False",
                    "EXTENSIONS": json.dumps({"benchmarks.memwatch.MemWatch": 0}), "BENCH_MEM_FILE": str(samples_file),
                    "BENCH_MEM_EVERY": str(args.every), "NEWSARCHIVER_ARCHIVE": str(Path(tmp) / "archive.db")}
        cmd = [str(BIN / "scrapy"), "crawl", "repost", "-a", f"start_urls={url}"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        started = time.perf_counter()
        try:
            subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
        finally:
            proc.terminate()
            proc.wait()
        seconds = time.perf_counter() - started
        samples = [json.loads(line) for line in samples_file.read_text().splitlines()]
    print(f"demo site of {count} articles; crawled {samples[-1]['responses'] if samples else 0}+ responses in "
          f"{seconds:.0f} s; load average {os.getloadavg()[0]:.1f} at the end (2 cores)\n")
    print("| responses | RSS MiB | seen-set MiB | RSS less seen-set MiB |")
    print("|---:|---:|---:|---:|")
    for s in samples:
        print(f"| {s['responses']:,} | {s['rss'] / 2**20:.1f} | {s['seen'] / 2**20:.1f} | "
              f"{(s['rss'] - s['seen']) / 2**20:.1f} |")
    first = next((s for s in samples if s["responses"] >= args.start), None)
    last = samples[-1] if samples else None
    if first is None or last is None or last is first:
        print(f"\nnot enough samples after {args.start:,} responses to measure growth")
        return
    pages = last["responses"] - first["responses"]
    grown = (last["rss"] - first["rss"]) / 2**20
    seen = (last["seen"] - first["seen"]) / 2**20
    print(f"\nfrom {first['responses']:,} to {last['responses']:,} responses: RSS +{grown:.1f} MiB, seen-set "
          f"+{seen:.1f} MiB, the rest +{grown - seen:.1f} MiB = {(grown - seen) / pages * 10_000:.2f} MiB per 10k "
          f"pages (x9 for 10k -> 100k: {(grown - seen) / pages * 90_000:.1f} MiB; target <= 50 MB)")


if __name__ == "__main__":
    main()
