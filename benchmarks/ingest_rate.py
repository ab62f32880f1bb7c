"""`newsarchiver ingest` items per second, two code trees side by side (target >= 600 items/s).

Renders and extracts ``--pages`` demo article pages once (a UTF-8 and a GBK site family, raw HTML kept),
encodes them as a crawler does (``distributed.codec.dump_item``; a tree that has ``archive.prepare`` gets
them with their prepared values, as its crawlers push them), and for each code tree (``--tree``, default
this checkout) and round: empties a Redis started for the benchmark, pushes the same items onto
``repost:items`` and runs ``Ingest`` (batches of ``--batch``) in a process of its own with ``PYTHONPATH`` set
to the tree, into a fresh archive. The rate is items / (last batch committed - ``run()`` called): the
ingest's final wait for more items is not counted; the ingest process's CPU time over the same span is
printed beside it (what other processes on a busy machine disturb least). Rounds interleave the trees (A B B A ...).
``benchmarks/distributed.py`` measures the same writer behind real crawls.

    .venv/bin/python benchmarks/ingest_rate.py [--pages 2000] [--rounds 2] [--tree DIR ...]
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

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
from newsarchiver.ingest import Ingest
marks = []
worker = Ingest(sys.argv[1], sys.argv[2], batch_size=int(sys.argv[3]))
start, cpu = time.monotonic(), time.process_time()
counts = worker.run(exit_when_idle=0.0, progress=lambda counts: marks.append((time.monotonic(), time.process_time())))
print(json.dumps({"seconds": marks[-1][0] - start, "cpu_seconds": marks[-1][1] - cpu, "counts": counts}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--tree", action="append", help="code trees to compare (default: this checkout)")
    args = parser.parse_args()
    trees = [Path(t).resolve() for t in (args.tree or [HERE.parent])]
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    from tests.e2e import REDIS_SERVER, RedisServer

    if not REDIS_SERVER:
        sys.exit("redis-server is not installed")
    from raw_pages import demo_pages

    from newsarchiver.distributed.codec import dump_item

    pages = demo_pages(args.pages)
    plain = [dump_item(page) for page in pages]  # as crawlers without archive.prepare push them
    try:
        from newsarchiver.archive.prepare import prepare
    except ImportError:  # this checkout has no prepared values: every tree gets the plain items
        prepared = None
    else:
        wall, cpu = time.perf_counter(), time.process_time()
        prepared = [dump_item(prepare(page)) for page in pages]  # as crawlers push them now
        print(f"prepare + encode, per item (the crawlers' side): {(time.perf_counter() - wall) * 1000 / len(pages):.2f} ms"
              f" wall, {(time.process_time() - cpu) * 1000 / len(pages):.2f} ms CPU; plain encode alone: ", end="")
        cpu = time.process_time()
        [dump_item(page) for page in pages]
        print(f"{(time.process_time() - cpu) * 1000 / len(pages):.2f} ms CPU", flush=True)

    def items_for(tree: Path) -> list[str]:
        """What that tree's crawlers push: pages with prepared values when it has ``archive.prepare``."""
        has = (tree / "newsarchiver" / "archive" / "prepare.py").exists()
        return prepared if has and prepared is not None else plain

    items = plain
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp_name:
        tmp = Path(tmp_name)
        server = RedisServer(tmp)
        server.start()
        try:
            client = server.client()
            url = server.url
            print(f"{len(items)} items ({sum(map(len, items)) / len(items) / 1024:.0f} KiB of JSON each"
                  + (f", {sum(map(len, prepared)) / len(prepared) / 1024:.0f} KiB with prepared values" if prepared else "")
                  + f"), batches of {args.batch}; load average {os.getloadavg()[0]:.1f} at start", flush=True)
            rates: dict[Path, list[float]] = {t: [] for t in trees}
            cpu_ms: dict[Path, list[float]] = {t: [] for t in trees}  # the ingest process's CPU per item
            for round_ in range(args.rounds):
                for tree in (trees if round_ % 2 == 0 else trees[::-1]):
                    client.flushall()
                    pushed = items_for(tree)
                    for lo in range(0, len(pushed), 500):
                        client.rpush("repost:items", *pushed[lo:lo + 500])
                    archive = tmp / "ingest.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(str(archive) + suffix).unlink(missing_ok=True)
                    result = subprocess.run([sys.executable, "-c", CHILD, url, str(archive), str(args.batch)],
                                            env={**os.environ, "PYTHONPATH": str(tree)}, cwd=str(tree), check=True,
                                            capture_output=True, text=True)
                    out = json.loads(result.stdout.strip().splitlines()[-1])
                    filed = sum(out["counts"].get(k, 0) for k in ("new", "changed", "unchanged"))
                    if filed != len(items):
                        sys.exit(f"{tree}: filed {filed} of {len(items)} items: {out['counts']}")
                    rates[tree].append(len(items) / out["seconds"])
                    cpu_ms[tree].append(out["cpu_seconds"] * 1000 / len(items))
                    if out["counts"].get("prepared_rejected") or out["counts"].get("prepared_wrong"):
                        sys.exit(f"{tree}: prepared values not used: {out['counts']}")
                    print(f"  round {round_ + 1} {tree}{' (prepared items)' if pushed is prepared else ''}: "
                          f"{rates[tree][-1]:.0f} items/s, {cpu_ms[tree][-1]:.2f} ms CPU per item; load {os.getloadavg()[0]:.1f}",
                          flush=True)
        finally:
            server.stop()
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end (2 cores)\n")
    print("| tree | items/s (median of %d) | ms per item | ingest CPU ms per item |" % args.rounds)
    print("|---|---:|---:|---:|")
    for tree in trees:
        rate = statistics.median(rates[tree])
        print(f"| {tree.name} | {rate:.0f} | {1000 / rate:.2f} | {statistics.median(cpu_ms[tree]):.2f} |")


if __name__ == "__main__":
    main()
