"""What filing one page costs at a given archive size, and where the time goes: two code trees side by side.

Grows one archive to ``--size`` synthetic copies (``archive_scale.bulk_fill``: every table and index a real
archive has), renders and extracts ``--pages`` demo article pages once (extraction is not timed), then, for
each code tree (``--tree``: this checkout, and e.g. a ``git archive`` of an older commit), copies the grown
archive and files the same pages into the copy through ``BatchFiler`` — what a crawl and ``newsarchiver
ingest`` do: a savepoint per page, a transaction per ``--batch`` pages, raw HTML kept, revisit schedules,
template learning. Each tree runs in its own process (``PYTHONPATH``), rounds interleaved (A B B A ...).

A tree that has ``archive.prepare`` runs twice per round: its pages filed as they are (what a page without
prepared values costs the writer), and "+prepared": the pages' prepared values computed first (timed apart,
"prepare": what a crawler or an extraction worker spends), then filed (what the single writer spends).

Printed per tree: wall-clock and CPU ms per page (median of the rounds), then a cProfile run's cost per
component in ms per page (profiled apart: cProfile slows Python code more than SQLite, so read its
columns as shares) — MinHash, story matching, signature rows, search index, raw page, revisit schedule,
template split and counts, site row, copy row, URLs/credits/links, the commit.

    .venv/bin/python benchmarks/filing.py [--size 1000000] [--pages 1000] [--rounds 2] [--tree DIR ...]
        [--base FILE]   # keep (or reuse) the grown archive there instead of building it again
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: component -> (file suffix, function[, caller function]) edges whose cumulative time it sums.
COMPONENTS: dict[str, list[tuple[str, ...]]] = {
    "MinHash (shingles + signature)": [("neardup.py", "signature", "assign"), ("neardup.py", "shingles", "assign"),
                                       ("neardup.py", "text_signature", "assign")],
    "story matching + refresh": [("stories.py", "_match"), ("stories.py", "refresh")],
    "signature + LSH band rows": [("stories.py", "write_signature")],
    "search index (tokens + FTS insert)": [("search.py", "write"), ("search.py", "flush")],
    "raw page (sha256 + zstd + row)": [("rawpages.py", "store")],
    "revisit schedule": [("revisits.py", "visited")],
    "site template split": [("templates.py", "split", "add_page")],
    "site template counts": [("sitetemplates.py", "learn")],
    "site row": [("filing.py", "site_id")],
    "copy row (fields, hash, insert)": [("filing.py", "copy_fields"), ("filing.py", "_insert_copy"),
                                        ("filing.py", "_update_copy")],
    "urls, credits, links, fetches": [("filing.py", "_write_urls"), ("filing.py", "_write_credits"),
                                      ("filing.py", "_write_links"), ("filing.py", "_record_fetch"),
                                      ("filing.py", "_find_copy")],
    "template clean-up at commit": [("sitetemplates.py", "apply")],
    "SQLite COMMIT (WAL writes, checkpoints)": [("sqlite_utils/db.py", "commit")],
    "prepared values: check (+ spot check)": [("filing.py", "_prepared")],
    "prepared values: recombine without the template": [("prepare.py", "for_kept")],
}


def build_base(path: Path, size: int) -> None:
    sys.path.insert(0, str(HERE))
    import random

    from archive_scale import bulk_fill

    from newsarchiver.archive import Archive

    started = time.perf_counter()
    with Archive(path) as archive:
        filled = 0
        step = 100_000
        while filled < size:
            bulk_fill(archive, filled, min(size, filled + step), random.Random(filled))
            filled = min(size, filled + step)
            print(f"  grown to {filled:,} copies ({time.perf_counter() - started:.0f} s)", flush=True)
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def child(archive_path: str, pages_path: str, batch: int, profile: bool, prepared: bool = False) -> None:
    """File the pickled pages into the archive; print one JSON line of timings. ``prepared``: first compute
    the pages' prepared values (``archive.prepare``, timed apart: what a crawler or worker process spends),
    then file the prepared pages (what the single writer spends)."""
    import cProfile

    from newsarchiver.archive import Archive
    from newsarchiver.filing import BatchFiler

    pages = pickle.loads(Path(pages_path).read_bytes())
    preparing = None
    if prepared:
        from newsarchiver.archive.prepare import prepare

        wall, cpu = time.perf_counter(), time.process_time()
        pages = [prepare(page) for page in pages]
        preparing = ((time.perf_counter() - wall) * 1000 / len(pages), (time.process_time() - cpu) * 1000 / len(pages))
    with Archive(archive_path) as archive:
        filer = BatchFiler(archive, None)
        profiler = cProfile.Profile() if profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        committing = [0.0, 0.0]  # wall, CPU seconds in BatchFiler.commit (template clean-up, index, COMMIT)

        def commit() -> None:
            wall, cpu = time.perf_counter(), time.process_time()
            filer.commit()
            committing[0] += time.perf_counter() - wall
            committing[1] += time.process_time() - cpu

        for page in pages:
            filer.file(page)
            if filer.pending >= batch:
                commit()
        commit()
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        counts = dict(filer.counts)
        if prepared:
            counts["prepared"] = dict(archive.filing.prepared_counts)
    out: dict = {"wall_ms": wall * 1000 / len(pages), "cpu_ms": cpu * 1000 / len(pages), "counts": counts,
                 "commit_wall_ms": committing[0] * 1000 / len(pages), "commit_cpu_ms": committing[1] * 1000 / len(pages)}
    if preparing:
        out["prepare_wall_ms"], out["prepare_cpu_ms"] = preparing
    if profiler:
        out["components"] = components(pstats.Stats(profiler), len(pages))
    print(json.dumps(out))


def components(stats: pstats.Stats, pages: int) -> dict[str, float]:
    table = stats.stats  # (file, line, name) -> (cc, nc, tt, ct, callers{(file, line, name): (cc, nc, tt, ct)})
    out: dict[str, float] = {}
    for name, edges in COMPONENTS.items():
        total = 0.0
        for edge in edges:
            suffix, func, *caller = edge
            for (file, _line, fname), (_cc, _nc, _tt, ct, callers) in table.items():
                if fname != func or not file.endswith("/" + suffix) or not ("newsarchiver" in file or "/" in suffix):
                    continue
                if caller:
                    total += sum(v[3] for (_f, _l, cname), v in callers.items() if cname == caller[0])
                else:
                    total += ct
        out[name] = total * 1000 / pages
    files = [k for k in table if k[2] in ("file", "commit") and k[0].endswith("newsarchiver/filing.py")]
    out["total (BatchFiler.file + commit)"] = sum(table[k][3] for k in files) * 1000 / pages
    return out


def run_tree(tree: Path, base: Path, pages_path: Path, tmp: Path, batch: int, profile: bool,
             prepared: bool = False) -> dict:
    copy = tmp / "round.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, copy)
    # the copy's 2.5 GiB of dirty pages reach the disk now, not while the round is timed: a user's archive
    # was not written a second ago (measured: without this, 0.5 ms a page of the wall-clock was this writeback)
    os.sync()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run([sys.executable, str(HERE / "filing.py"), "--child", str(copy), str(pages_path),
                             str(batch), "1" if profile else "0", "1" if prepared else "0"], env=env, cwd=str(tree),
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def variants(trees: list[Path]) -> list[tuple[str, Path, bool]]:
    """(name, tree, prepared) for each tree: a tree that has ``archive.prepare`` files its pages both ways."""
    out = []
    for tree in trees:
        out.append((tree.name, tree, False))
        if (tree / "newsarchiver" / "archive" / "prepare.py").exists():
            out.append((tree.name + "+prepared", tree, True))
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1", sys.argv[6:7] == ["1"])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="archived copies before the pages are filed")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--tree", action="append", help="code trees to compare (default: this checkout)")
    parser.add_argument("--base", help="the grown archive: reused when it exists, else built and kept there")
    args = parser.parse_args()
    trees = [Path(t).resolve() for t in (args.tree or [HERE.parent])]
    sys.path.insert(0, str(HERE))
    from raw_pages import demo_pages

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp_name:
        tmp = Path(tmp_name)
        base = Path(args.base) if args.base else tmp / "base.db"
        if not base.exists():
            print(f"growing an archive to {args.size:,} copies ...", flush=True)
            build_base(base, args.size)
        pages = demo_pages(args.pages)
        pages_path = tmp / "pages.pickle"
        pages_path.write_bytes(pickle.dumps(pages))
        print(f"{len(pages)} demo pages, batches of {args.batch}, archive {base.stat().st_size / 2**20:,.0f} MiB; "
              f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
        runs = variants(trees)
        timed: dict[str, list[dict]] = {name: [] for name, _, _ in runs}
        for round_ in range(args.rounds):
            for name, tree, prepared in (runs if round_ % 2 == 0 else runs[::-1]):
                timed[name].append(run_tree(tree, base, pages_path, tmp, args.batch, False, prepared))
                print(f"  round {round_ + 1} {name}: {timed[name][-1]['wall_ms']:.2f} ms wall, "
                      f"{timed[name][-1]['cpu_ms']:.2f} ms CPU per page; load {os.getloadavg()[0]:.1f}", flush=True)
        profiled = {name: run_tree(tree, base, pages_path, tmp, args.batch, True, prepared)
                    for name, tree, prepared in runs}
        load = os.getloadavg()[0]
    names = [name for name, _, _ in runs]
    print(f"\nload average {load:.1f} at the end (2 cores)\n")
    print("| per page | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))

    def cell(name: str, key: str) -> str:
        values = [r[key] for r in timed[name] if key in r]
        return f"{statistics.median(values):.2f}" if values else ""

    for key in ("wall_ms", "cpu_ms", "commit_wall_ms", "commit_cpu_ms", "prepare_wall_ms", "prepare_cpu_ms"):
        print(f"| {key.replace('_ms', '').replace('_', ' ')} ms (median of {args.rounds}) | "
              + " | ".join(cell(name, key) for name in names) + " |")
    for name in [*COMPONENTS, "total (BatchFiler.file + commit)"]:
        print(f"| {name} (profiled) | " + " | ".join(f"{profiled[n]['components'][name]:.3f}" for n in names) + " |")
    print("\noutcomes: " + "; ".join(f"{n}: {json.dumps(profiled[n]['counts'])}" for n in names))


if __name__ == "__main__":
    main()
