"""Start-up of `newsarchiver --help`, `stats` and `search`, next to a bare Python and `import trafilatura`.

Each command is a fresh process (wall time from spawn to exit, output discarded), run ``--runs`` times;
the rounds interleave every command and code tree (``--tree``, default this checkout; give an older
checkout first to compare), so a change in the machine's load hits them all alike. ``stats`` and
``search`` read a small archive generated for the run (``benchmarks/web.py``'s generator: the path a
crawl takes). The baselines, measured in the same rounds: ``python -c pass`` (the interpreter alone)
and ``python -c "import trafilatura"`` (a library of similar reach; skipped when not installed: ``make
bench-extract`` installs it). Target (issue 14): each command at most 0.3 s.

    .venv/bin/python benchmarks/startup.py [--runs 11] [--tree OLD_CHECKOUT --tree .]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

RUN_CLI = "import sys; from newsarchiver.cli import cli; sys.exit(cli(prog_name='newsarchiver'))"


def _wall(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def _search_term(archive: Path) -> str:
    """The first two Chinese characters of the archive's first title: found in every copy of that story."""
    with sqlite3.connect(archive) as db:
        title = db.execute("SELECT title FROM copies ORDER BY id LIMIT 1").fetchone()[0]
    chinese = [c for c in title if "\u4e00" <= c <= "\u9fff"]
    return "".join(chinese[:2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each command (the median is reported)")
    parser.add_argument("--tree", action="append", help="code trees to compare (default: this checkout)")
    args = parser.parse_args()
    trees = [Path(t).resolve() for t in (args.tree or [ROOT])]

    from benchmarks.web import generate

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        archive = Path(tmp) / "startup.db"
        counts = generate(archive, sites=60, story_copies=200, sources=10, originals_per_source=5)
        term = _search_term(archive)
        print(f"archive: {counts['pages']} pages on {counts['sites']} sites; search term {term!r}", flush=True)

        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        cases: list[tuple[str, str, list[str], dict[str, str], Path]] = [
            ("python -c pass", "", [sys.executable, "-c", "pass"], base_env, ROOT)]
        if importlib.util.find_spec("trafilatura"):
            cases.append(("python -c 'import trafilatura'", "", [sys.executable, "-c", "import trafilatura"],
                          base_env, ROOT))
        else:
            print("trafilatura is not installed: no trafilatura baseline (make bench-extract installs it)")
        for tree in trees:
            env = {**base_env, "PYTHONPATH": str(tree)}
            for label, cli_args in (("newsarchiver --help", ["--help"]),
                                    ("newsarchiver stats", ["stats", "--archive", str(archive)]),
                                    (f"newsarchiver search {term}", ["search", term, "--archive", str(archive)])):
                cases.append((label, tree.name if len(trees) > 1 else "",
                              [sys.executable, "-c", RUN_CLI, *cli_args], env, tree))

        for _, _, cmd, env, cwd in cases:  # warm up: byte-compile, fill the page cache
            _wall(cmd, env, cwd)
        load_before = os.getloadavg()
        times: dict[int, list[float]] = {i: [] for i in range(len(cases))}
        failed: dict[int, int] = {}
        for round_ in range(args.runs):
            order = range(len(cases)) if round_ % 2 == 0 else reversed(range(len(cases)))
            for i in order:
                _, _, cmd, env, cwd = cases[i]
                seconds, status = _wall(cmd, env, cwd)
                times[i].append(seconds)
                if status:
                    failed[i] = status
        load_after = os.getloadavg()

    print(f"\nload average (1/5/15 min): {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f} before, "
          f"{load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f} after; {os.cpu_count()} CPUs; "
          f"{args.runs} runs each, interleaved\n")
    bare = statistics.median(times[0])
    print("| command | tree | median s | min s | median − bare Python |")
    print("|---|---|---|---|---|")
    for i, (label, tree, *_rest) in enumerate(cases):
        median = statistics.median(times[i])
        note = f" (exit status {failed[i]}!)" if i in failed else ""
        print(f"| `{label}`{note} | {tree} | {median:.3f} | {min(times[i]):.3f} | {median - bare:+.3f} |")


if __name__ == "__main__":
    main()
