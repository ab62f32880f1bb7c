"""Raw page compression: archive size per 1,000 pages and the cost of filing them, zlib vs zstd, in one run.

Renders 1,000 demo article pages (half a WordPress-style UTF-8 repost farm, half a GBK DedeCMS-style
portal), extracts them once (not timed), then files the same pages through ``Archive.add_page`` into a
fresh archive per codec (batches of 100, raw pages kept) — zlib at level 6 (what archives held before),
zstd at level 3 (what new pages get), and without raw pages as the baseline — each codec ``--rounds``
times, interleaved, and reports the median. For each codec: the archive file per 1,000 pages (after a WAL
checkpoint), the ``raw_pages`` bytes alone, ms per page to file, and ms per page to compress and to
read back one body. Times are this process's CPU time (``time.process_time``): the filing is
single-threaded, and CPU time is what other processes on a busy machine disturb least. Last, what a per-site zstd dictionary (trained on the site's first 100 pages, used
on the others) would save — measured only, not used by the archive.

    .venv/bin/python benchmarks/raw_pages.py [--pages 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import zstandard

from newsarchiver.archive import Archive
from newsarchiver.archive.rawpages import ZSTD_LEVEL, compress, decompress
from newsarchiver.demo import build_world
from newsarchiver.extract import extract_article
from newsarchiver.items import CrawledPage

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def demo_pages(count: int, seed: int = 11) -> list[CrawledPage]:
    """``count`` rendered and extracted demo article pages from two site families (their templates get learned)."""
    world = build_world(articles=count, seed=seed, now=NOW, families=("justnews", "dede"))
    out: list[CrawledPage] = []
    per_site = count // len(world.sites) + 1
    for n, site in enumerate(world.sites):
        base = f"http://127.0.0.1:{8701 + n}"
        for article in site.articles[:per_site]:
            status, headers, body = site.render(article.path, base + "/", NOW)
            url = base + article.path
            out.append(CrawledPage(extract_article(body, url, fetched_at=NOW), url, NOW.isoformat(), raw=body,
                                   headers=headers))
    return out[:count]


def file_pages(path: Path, pages: list[CrawledPage], compression: str | None) -> dict[str, float]:
    """File the pages into a new archive; seconds spent, file size, raw_pages bytes."""
    started = time.process_time()
    with Archive(path, keep_raw=compression is not None, compression=compression or "zstd") as archive:
        for lo in range(0, len(pages), 100):
            with archive.batch():
                for page in pages[lo:lo + 100]:
                    archive.add_page(page)
        seconds = time.process_time() - started
        raw_bytes = archive.db.execute("SELECT coalesce(sum(length(content)), 0) FROM raw_pages").fetchone()[0]
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"seconds": seconds, "file": path.stat().st_size, "raw": raw_bytes}


def codec_costs(bodies: list[bytes], compression: str) -> tuple[float, float]:
    """ms per body to compress, and to decompress (the archive's own helpers)."""
    started = time.process_time()
    packed = [compress(b, compression) for b in bodies]
    mid = time.process_time()
    for blob in packed:
        decompress(blob, compression)
    end = time.process_time()
    return (mid - started) * 1000 / len(bodies), (end - mid) * 1000 / len(bodies)


def dictionary_saving(pages: list[CrawledPage]) -> tuple[int, int]:
    """raw bytes of each site's pages after its first 100, zstd level 3 without and with a dictionary
    trained on those first 100."""
    by_site: dict[str, list[bytes]] = {}
    for page in pages:
        by_site.setdefault(page.url.split("/")[2], []).append(page.raw or b"")
    plain = with_dict = 0
    for bodies in by_site.values():
        train, rest = bodies[:100], bodies[100:]
        dictionary = zstandard.train_dictionary(112_640, train)
        plain_c = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        dict_c = zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=dictionary)
        plain += sum(len(plain_c.compress(b)) for b in rest)
        with_dict += sum(len(dict_c.compress(b)) for b in rest)
    return plain, with_dict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = demo_pages(args.pages)
    html = sum(len(p.raw or b"") for p in pages)
    per_k = 1000 / len(pages)
    codecs: list[str | None] = ["zlib", "zstd", None]
    runs: dict[str | None, list[dict[str, float]]] = {c: [] for c in codecs}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        for round_ in range(args.rounds):
            for codec in (codecs if round_ % 2 == 0 else codecs[::-1]):  # interleaved: no codec always goes first
                runs[codec].append(file_pages(Path(tmp) / f"{codec}-{round_}.db", pages, codec))
    bodies = [p.raw or b"" for p in pages]
    costs = {codec: codec_costs(bodies, codec) for codec in codecs if codec}
    print(f"{len(pages)} demo pages, {html / 2**20:.1f} MiB of HTML; medians of {args.rounds} rounds, CPU time\n")
    print("| raw pages | archive MiB per 1,000 pages | raw_pages MiB per 1,000 | ms per page filed "
          "| compress ms per page | read back ms per page |")
    print("|---|---:|---:|---:|---:|---:|")
    for codec in codecs:
        median = {k: statistics.median(r[k] for r in runs[codec]) for k in ("seconds", "file", "raw")}
        comp, decomp = costs[codec] if codec else (0.0, 0.0)
        label = {"zlib": "zlib level 6 (before)", "zstd": f"zstd level {ZSTD_LEVEL} (now)", None: "not kept"}[codec]
        print(f"| {label} | {median['file'] * per_k / 2**20:.2f} | {median['raw'] * per_k / 2**20:.2f} | "
              f"{median['seconds'] * 1000 / len(pages):.2f} | {comp:.3f} | {decomp:.3f} |")
    zlib_raw = statistics.median(r["raw"] for r in runs["zlib"])
    zstd_raw = statistics.median(r["raw"] for r in runs["zstd"])
    plain, with_dict = dictionary_saving(pages)
    print(f"\nzstd/zlib raw_pages size: {zstd_raw / zlib_raw:.2f}; per-site dictionary (trained on 100 pages "
          f"of the site): {with_dict / plain:.2f} of plain zstd on the site's other pages "
          f"({plain / 2**20:.2f} -> {with_dict / 2**20:.2f} MiB)")


if __name__ == "__main__":
    main()
