"""The Datasette search page (``/DB/find?q=``) at 1M copies: p50/p95 over HTTP (target <= 300 ms).

Serves the archive of ``benchmarks/search_latency.py`` (generated there, 1M copies by default; ``--keep PATH``
reuses one) with ``newsarchiver serve`` — a real Datasette process on 127.0.0.1 — and times ``GET
/DB/find?q=TERM`` end to end (urllib: request sent to the last byte of the HTML read) for terms drawn from
the same frequency bands as ``search_latency.py``: the page as a reader first opens it (its default order,
counts and facets). With ``--tree DIR`` given twice or more (an older checkout and this one), one server per
tree runs at once and every term is requested from each in turn, so the machine's load falls alike on all.

With ``--sites-copy PATH`` it also copies the archive to PATH (once), moves 1,000, 250 and 10 of its copies
to three more sites, and times ``GET /DB/find?q=TERM&site=HOST`` on that copy for common and middle terms:
a filter on a small site, the case where reading the matches until a page is on that site is slowest.

    .venv/bin/python benchmarks/search_page.py --keep /tmp/search1m.db [--queries 10] [--tree OLD --tree .]
        [--sites-copy /tmp/search1m-sites.db]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_latency import fill, terms  # noqa: E402
from tests.e2e import free_port  # noqa: E402

RUN_CLI = "import sys; from newsarchiver.cli import cli; sys.exit(cli(prog_name='newsarchiver'))"


def _get_ms(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
    return (time.perf_counter() - started) * 1000


def _serve(tree: Path, archive: Path) -> tuple[subprocess.Popen, str]:
    """``newsarchiver serve`` from the code in ``tree``; returns the process and the database's URL."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "PYTHONPATH": str(tree)}
    server = subprocess.Popen([sys.executable, "-c", RUN_CLI, "serve", "--archive", str(archive), "--port", str(port)],
                              cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).read()
            return server, f"http://127.0.0.1:{port}/{archive.stem}"
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise SystemExit(f"newsarchiver serve ({tree}) did not start")
            time.sleep(0.2)


#: the sites --sites-copy adds: host -> every how many copies one is moved there (1,000, 250 and 10 of 1M)
SMALL_SITES = {"few.example": 1_000, "mid.example": 4_000, "rare.example": 100_000}


def _sites_copy(path: Path, copy: Path) -> None:
    """``path`` copied to ``copy`` with some copies moved to the small sites of :data:`SMALL_SITES`."""
    if copy.exists():
        return
    shutil.copyfile(path, copy)
    with sqlite3.connect(copy) as db:
        for n, (host, every) in enumerate(SMALL_SITES.items()):
            site_id = db.execute("INSERT INTO sites (host, name) VALUES (?, ?)", [host, host]).lastrowid
            db.execute("UPDATE copies SET site_id = ? WHERE id % ? = ?", [site_id, every, 7 + n])


def _filtered(trees: list[Path], copy: Path, queries: int) -> None:
    servers = [_serve(tree, copy) for tree in trees]
    try:
        for _, base in servers:
            _get_ms(f"{base}/find?q=warm")
        with sqlite3.connect(copy) as db:
            sizes = dict(db.execute("SELECT s.host, count(*) FROM copies c JOIN sites s ON s.id = c.site_id "
                                    "GROUP BY s.host").fetchall())
        print(f"\nwith a site filter, on {copy.name}: GET /{copy.stem}/find?q=TERM&site=HOST")
        print("\n| query | site (copies) | terms | " + " | ".join(f"{t.name} p50 / p95 / max ms" for t in trees) + " |")
        print("|---|---|---:|" + "---:|" * len(trees))
        chosen = terms(random.Random(11), queries)
        for kind in ("2 Chinese characters, common", "4 Chinese characters, common", "2 Chinese characters, middle"):
            for host in SMALL_SITES:
                times: list[list[float]] = [[] for _ in trees]
                for n, word in enumerate(chosen[kind]):
                    for i in (range(len(servers)) if n % 2 == 0 else reversed(range(len(servers)))):
                        times[i].append(_get_ms(f"{servers[i][1]}/find?" + urllib.parse.urlencode({"q": word,
                                                                                                  "site": host})))
                print(f"| {kind} | {host} ({sizes.get(host, 0):,}) | {len(chosen[kind])} | "
                      + " | ".join(_cell(spent) for spent in times) + " |", flush=True)
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=30)


def _cell(spent: list[float]) -> str:
    spent = sorted(spent)
    p95 = spent[max(0, round(0.95 * len(spent)) - 1)]
    return f"{statistics.median(spent):,.0f} / {p95:,.0f} / {spent[-1]:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="copies, when the archive is generated")
    parser.add_argument("--queries", type=int, default=10, help="terms per kind and frequency band")
    parser.add_argument("--keep", help="the generated archive: reused when it exists, else written there")
    parser.add_argument("--tree", action="append", help="code trees to compare (default: this checkout)")
    parser.add_argument("--sites-copy", help="also time a site filter on a copy of the archive written here (once)")
    args = parser.parse_args()
    trees = [Path(t).resolve() for t in (args.tree or [ROOT])]
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "search.db"
        if not path.exists():
            print(f"generating {args.size:,} copies ...", flush=True)
            fill(path, args.size)
        servers = [_serve(tree, path) for tree in trees]
        try:
            for _, base in servers:  # the first request compiles the templates and opens the index
                _get_ms(f"{base}/find?q=warm")
            load_before = os.getloadavg()
            names = [tree.name for tree in trees]
            print(f"archive: {path} ({path.stat().st_size / 2**20:,.0f} MiB); GET /{path.stem}/find?q=TERM, "
                  f"p50 / p95 / max ms" + (f", trees {', '.join(names)} in turn" if len(trees) > 1 else ""))
            print("\n| query | terms | " + " | ".join(f"{name} p50 / p95 / max ms" for name in names) + " |")
            print("|---|---:|" + "---:|" * len(trees))
            worst = [0.0] * len(trees)
            for kind, words in terms(random.Random(11), args.queries).items():
                times: list[list[float]] = [[] for _ in trees]
                for n, word in enumerate(words):
                    order = range(len(servers)) if n % 2 == 0 else reversed(range(len(servers)))
                    for i in order:
                        times[i].append(_get_ms(f"{servers[i][1]}/find?" + urllib.parse.urlencode({"q": word})))
                for i, spent in enumerate(times):
                    worst[i] = max(worst[i], sorted(spent)[max(0, round(0.95 * len(spent)) - 1)])
                print(f"| {kind} | {len(words)} | " + " | ".join(_cell(spent) for spent in times) + " |", flush=True)
            load_after = os.getloadavg()
        finally:
            for server, _ in servers:
                server.terminate()
                server.wait(timeout=30)
        if args.sites_copy:
            _sites_copy(path, Path(args.sites_copy))
            _filtered(trees, Path(args.sites_copy), args.queries)
            load_after = os.getloadavg()
    print("\nworst p95 without a filter: " + ", ".join(f"{name} {ms:,.0f} ms" for name, ms in zip(names, worst))
          + f" (target <= 300 ms); load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
