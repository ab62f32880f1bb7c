"""Full-text search latency on a generated large archive: p50/p95 of ``queries.search_copies`` (target p95 <= 100 ms).

Generates ``--size`` copies straight into a fresh archive (copies, sites and the bigram search index as
filing writes it: ``search.index_text``). Bodies are ~400 characters of words drawn with Zipf-like
frequencies (rank r weighs 1/r), so some terms are in a large share of the archive, as in news: 90% Chinese
(a vocabulary of 30,000 words of 2-4 characters over 3,000 common characters), 10% English (8,000 words).
Then it times ``search_copies(archive, term)`` — what ``newsarchiver search`` runs: MATCH, the order, the
first 20 with their snippets — for terms of 2, 3 and 4 Chinese characters and English words, each picked
from a vocabulary rank band (common: ranks 1-100, middle: 1,000-3,000, rare: 10,000+; English 3,000+), in
every order of ``newsarchiver search --sort`` (``auto``, the default: BM25 when at most 10,000 copies match,
else title matches first; ``relevance``, BM25 over every match, the default before; ``title``; ``archived``),
each term in all orders in turn, and prints p50/p95 per kind and order. The search page is timed by
``search_page.py`` on the same archive. The archive file is kept with ``--keep PATH`` (and reused when it exists).

    .venv/bin/python benchmarks/search_latency.py [--size 1000000] [--queries 40] [--keep FILE]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from newsarchiver.archive import Archive, ArchiveReader, queries, search

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def vocabularies(rng: random.Random) -> tuple[list[str], list[str]]:
    zh = list(dict.fromkeys("".join(rng.choices(CJK, k=rng.choice((2, 2, 2, 3, 4)))) for _ in range(32_000)))[:30_000]
    en = list(dict.fromkeys("".join(rng.choices(LETTERS, k=rng.randint(3, 9))) for _ in range(9_000)))[:8_000]
    return zh, en


def fill(path: Path, size: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    zh, en = vocabularies(rng)
    zh_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(zh))))
    en_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(en))))
    started = time.perf_counter()
    with Archive(path) as archive:
        db = archive.db
        db.execute("INSERT OR IGNORE INTO sites (id, host, name) VALUES (1, 'bulk.example', 'bulk')")
        chunk = 20_000
        for lo in range(0, size, chunk):
            copies, fts = [], []
            for n in range(lo, min(size, lo + chunk)):
                if n % 10 == 9:
                    words = rng.choices(en, cum_weights=en_weights, k=70)
                    title, body = " ".join(words[:8]), " ".join(words[8:])
                else:
                    words = rng.choices(zh, cum_weights=zh_weights, k=150)
                    title, body = "".join(words[:8]), "，".join("".join(words[i:i + 12]) for i in range(8, 150, 12))
                cid = n + 1
                copies.append((cid, f"http://bulk.example/a/{n}.html", 1, title, body))
                fts.append((cid, search.index_text(title), search.index_text(body)))
            with db.atomic():
                db.conn.executemany("INSERT INTO copies (id, url, site_id, title, body) VALUES (?, ?, ?, ?, ?)",
                                    copies)
                db.conn.executemany("INSERT INTO copies_fts (rowid, title, body) VALUES (?, ?, ?)", fts)
            if (lo // chunk) % 10 == 9:
                print(f"  {lo + chunk:,} copies ({time.perf_counter() - started:.0f} s)", flush=True)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def terms(rng: random.Random, count: int) -> dict[str, list[str]]:
    zh, en = vocabularies(random.Random(5))  # the vocabularies the archive was written with
    bands = {"common": (0, 100), "middle": (1_000, 3_000), "rare": (10_000, 30_000)}
    out: dict[str, list[str]] = {}
    for length in (2, 3, 4):
        for band, (lo, hi) in bands.items():
            words = [w for w in zh[lo:hi] if len(w) == length]
            out[f"{length} Chinese characters, {band}"] = rng.sample(words, min(count, len(words)))
    for band, (lo, hi) in bands.items():
        words = en[lo:hi] if band != "rare" else en[3_000:]
        out[f"English word, {band}"] = rng.sample(words, min(count, len(words)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40, help="terms per kind and frequency band")
    parser.add_argument("--keep", help="the generated archive: reused when it exists, else written there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "search.db"
        if not path.exists():
            print(f"generating {args.size:,} copies ...", flush=True)
            fill(path, args.size)
        reader = ArchiveReader.open(path)
        total = reader.db.execute("SELECT count(*) FROM copies").fetchone()[0]
        print(f"archive: {total:,} copies, {path.stat().st_size / 2**20:,.0f} MiB; "
              f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
        queries.search_copies(reader, "warm")  # first query opens the index
        # every order of `newsarchiver search --sort` (auto, the default; relevance, the default before, the same
        # query; title; archived), each term timed in every order in turn, so the machine's load falls alike
        orders = queries.SEARCH_ORDERS
        print("\n| query | terms | matches (median) | auto chose title | "
              + " | ".join(f"{order} p50 / p95 / max ms" for order in orders) + " |")
        print("|---|---:|---:|---:|" + "---:|" * len(orders))
        worst = dict.fromkeys(orders, 0.0)
        for kind, words in terms(random.Random(11), args.queries).items():
            times: dict[str, list[float]] = {order: [] for order in orders}
            hits, fallbacks = [], 0
            for n, word in enumerate(words):
                for order in (orders if n % 2 == 0 else orders[::-1]):
                    started = time.perf_counter()
                    queries.search_copies(reader, word, order=order)
                    times[order].append((time.perf_counter() - started) * 1000)
                fallbacks += queries.search_order(reader, word) == "title"
                hits.append(reader.db.execute("SELECT count(*) FROM copies_fts WHERE copies_fts MATCH ?",
                                              [search.fts_query(word)]).fetchone()[0])
            cells = []
            for order, spent in times.items():
                spent.sort()
                p95 = spent[max(0, round(0.95 * len(spent)) - 1)]
                worst[order] = max(worst[order], p95)
                cells.append(f"{statistics.median(spent):.1f} / {p95:.1f} / {spent[-1]:.1f}")
            print(f"| {kind} | {len(words)} | {statistics.median(hits):,.0f} | {fallbacks} | " + " | ".join(cells)
                  + " |", flush=True)
        reader.close()
    print("\nworst p95: " + ", ".join(f"{order} {ms:.1f} ms" for order, ms in worst.items())
          + f" (target <= 100 ms); load average {os.getloadavg()[0]:.1f} at the end (2 cores)")


if __name__ == "__main__":
    main()
