"""Cost of adding one article as the archive grows, and the archive's size per 1,000 pages.

Grows one archive to each --sizes count of archived copies (synthetic rows written in bulk: random
bodies, random MinHash signatures with their LSH band keys, full-text rows, URLs, stories, 15 site
template counts per copy — the tables and indexes a real archive has), then at each size files --probe real demo articles through
``Archive.add_page`` (extraction excluded; near-duplicate lookup, stories, search index, credits
included, and site template learning), one transaction each, and prints the mean time and Python memory per insert and the ratio
of the largest size to the smallest (target <= 2). Then files 1,000 rendered demo pages with and
without their raw HTML and prints the archive's growth per 1,000 pages.

    .venv/bin/python benchmarks/archive_scale.py [--sizes 10000,100000,1000000] [--probe 300]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsarchiver.archive import Archive
from newsarchiver.archive import neardup, search
from newsarchiver.demo import build_world
from newsarchiver.demo.corpus import StoryText
from newsarchiver.extract import extract_article
from newsarchiver.items import Article, CrawledPage

BLOCKS_PER_COPY = 15
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def bulk_fill(archive: Archive, start: int, stop: int, rng: random.Random) -> None:
    """Synthetic copies start..stop-1, written straight into the tables in large transactions."""
    db = archive.db
    db.execute("INSERT OR IGNORE INTO sites (id, host, name) VALUES (1, 'bulk.example', 'bulk')")
    # ids after whatever the probes added
    base = max(db.execute("SELECT coalesce(max(id), 0) FROM copies").fetchone()[0],
               db.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0])
    chunk = 20_000
    for lo in range(start, stop, chunk):
        hi = min(lo + chunk, stop)
        copies, urls, stories, sigs, bands, fts, blocks = [], [], [], [], [], [], []
        for n in range(lo, hi):
            body = "".join(rng.choices(CJK, k=120))
            url = f"http://bulk.example/a/{n}.html"
            sig = rng.randbytes(neardup.NUM_PERM * 4)
            cid = base + n - start + 1
            stories.append((cid, f"fp{n}", f"标题{n}", cid, 1, 1))
            copies.append((cid, url, 1, cid, f"标题{n}", body, f"fp{n}", "new"))
            urls.append((url, cid))
            sigs.append((cid, sig))
            bands.extend((k, cid) for k in neardup.band_keys(sig))
            fts.append((cid, search.index_text(f"标题{n}"), search.index_text(body)))
            # site template counts: ~15 distinct paragraphs per story, each a random 63-bit key
            blocks.extend((1, rng.getrandbits(63), 1) for _ in range(BLOCKS_PER_COPY))
        with db.atomic():
            db.conn.executemany("INSERT INTO stories (id, fingerprint, title, original_copy_id, copies, sites) "
                                "VALUES (?, ?, ?, ?, ?, ?)", stories)
            db.conn.executemany("INSERT INTO copies (id, url, site_id, story_id, title, body, fingerprint, "
                                "story_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", copies)
            db.conn.executemany("INSERT INTO urls (url, copy_id) VALUES (?, ?)", urls)
            db.conn.executemany("INSERT INTO copy_signatures (copy_id, signature) VALUES (?, ?)", sigs)
            db.conn.executemany("INSERT INTO lsh_bands (key, copy_id) VALUES (?, ?)", bands)
            db.conn.executemany("INSERT INTO copies_fts (rowid, title, body) VALUES (?, ?, ?)", fts)
            db.conn.executemany("INSERT OR IGNORE INTO site_blocks (site_id, key, stories) VALUES (?, ?, ?)", blocks)


def probe_page(size: int, i: int) -> CrawledPage:
    text = StoryText(f"probe-{size}-{i}")
    url = f"http://probe.example/{size}/{i}.html"
    article = Article(url=url, title=text.title, body="\n\n".join(text.paragraphs), authors=["周晓雯"],
                      site_name="probe", language="zh")
    return CrawledPage(article=article, url=url, fetched_at="2026-11-26T00:00:00+00:00")


def probe(archive: Archive, size: int, count: int) -> tuple[float, float]:
    """Mean ms per add_page of a real article (one transaction each), then the peak Python memory of
    one insert (measured apart: tracemalloc slows what it traces)."""
    pages = [probe_page(size, i) for i in range(count + 20)]
    times = []
    for page in pages[:count]:
        started = time.perf_counter()
        with archive.batch():
            archive.add_page(page)
        times.append(time.perf_counter() - started)
    peaks = []
    for page in pages[count:]:
        tracemalloc.start()
        with archive.batch():
            archive.add_page(page)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times) * 1000, statistics.median(peaks) / 1024


def size_per_thousand(tmp: Path, keep_raw: bool) -> tuple[float, float]:
    """Archive growth in MiB per 1,000 demo pages (rendered, extracted, filed), and raw HTML MiB."""
    world = build_world(articles=2500, families=("justnews",), now=NOW)
    site = world.sites[0]
    path = tmp / f"size-{keep_raw}.db"
    raw_total = 0
    with Archive(path, keep_raw=keep_raw) as archive:
        archive.begin()
        for article in site.articles[:1000]:
            status, headers, body = site.render(article.path, "http://127.0.0.1:8702/", NOW)
            raw_total += len(body)
            url = "http://127.0.0.1:8702" + article.path
            page = CrawledPage(extract_article(body, url, fetched_at=NOW), url, NOW.isoformat(), raw=body,
                               headers=headers)
            archive.add_page(page)
        archive.commit()
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return os.path.getsize(path) / 2**20, raw_total / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probe", type=int, default=300, help="real inserts measured at each size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(7)
    results = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        with Archive(Path(tmp) / "scale.db") as archive:
            filled = 0
            for size in sizes:
                started = time.perf_counter()
                bulk_fill(archive, filled, size, rng)
                filled = size
                fill_s = time.perf_counter() - started
                ms, kib = probe(archive, size, args.probe)
                results.append((size, ms, kib))
                print(f"{size:>9} archived (filled in {fill_s:.0f}s): {ms:.2f} ms and {kib:.0f} KiB peak per insert",
                      flush=True)
            db_mib = os.path.getsize(Path(tmp) / "scale.db") / 2**20
        with_raw, raw = size_per_thousand(Path(tmp), True)
        without_raw, _ = size_per_thousand(Path(tmp), False)
    print("\n| archived copies | median ms per insert | peak KiB per insert |")
    print("|---:|---:|---:|")
    for size, ms, kib in results:
        print(f"| {size:,} | {ms:.2f} | {kib:.0f} |")
    print(f"ratio {sizes[-1]:,} / {sizes[0]:,}: time {results[-1][1] / results[0][1]:.2f}, "
          f"memory {results[-1][2] / results[0][2]:.2f} (target <= 2); archive file at {sizes[-1]:,}: {db_mib:.0f} MiB")
    print(f"\narchive per 1,000 pages: {with_raw:.1f} MiB with raw HTML kept, {without_raw:.1f} MiB without "
          f"(the 1,000 pages are {raw:.1f} MiB of HTML)")


if __name__ == "__main__":
    main()
