"""`newsarchiver extract` over many English pages in one process, next to trafilatura's own command line.

What a user who extracts a folder of saved pages waits for: one process each, start-up included. The pages
are the first ``--pages`` English pages of ``../shared/evaldata`` (en-aeb, then en-wcxb; gunzipped into a
temporary folder once), given to both commands as the same files:

- ``newsarchiver extract FILE...``: one JSON object per page (title, body, authors, editors, source, dates,
  prev/next, language...);
- ``trafilatura --input-dir DIR --json --with-metadata --parallel 1 -o OUT``: its JSON with metadata (title,
  author, date, text), on one worker, as ours runs.

Rounds interleave the two (and every ``--tree``), so a change in the machine's load hits both alike. Prints
the median wall time and the children's CPU time (user+sys) of each, and the ratio newsarchiver /
trafilatura (issue 14's target: at most 0.33 of trafilatura's time). Skips when evaldata or trafilatura is
absent (``make bench-extract`` installs trafilatura).

    .venv/bin/python benchmarks/extract_cli.py [--pages 257] [--rounds 5] [--tree OLD_CHECKOUT --tree .]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EVALDATA = ROOT.parent / "shared" / "evaldata"
SETS = ("en-aeb", "en-wcxb")
RUN_CLI = "import sys; from newsarchiver.cli import cli; sys.exit(cli(prog_name='newsarchiver'))"


def pages(count: int) -> list[Path]:
    """The first ``count`` English page files, in truth order."""
    found: list[Path] = []
    for name in SETS:
        folder = EVALDATA / name
        for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            found.append(folder / f"{json.loads(line)['id']}.html.gz")
            if len(found) == count:
                return found
    return found


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user+sys of the child) seconds of one command; raises if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=257)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each command (medians are reported)")
    parser.add_argument("--tree", action="append", help="code trees to compare (default: this checkout)")
    args = parser.parse_args()
    if not EVALDATA.is_dir():
        print(f"skipped: {EVALDATA} is absent")
        return
    traf = shutil.which("trafilatura", path=str(Path(sys.executable).parent)) or shutil.which("trafilatura")
    if traf is None:
        print("skipped: trafilatura is not installed (make bench-extract installs it)")
        return
    trees = [Path(t).resolve() for t in (args.tree or [ROOT])]
    chosen = pages(args.pages)
    with tempfile.TemporaryDirectory(prefix="bench-extract-cli-") as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "pages"
        folder.mkdir()
        for path in chosen:
            (folder / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
        files = sorted(str(p) for p in folder.iterdir())
        runs: dict[str, list[tuple[float, float]]] = {}
        commands: dict[str, tuple[list[str], Path, dict[str, str]]] = {}
        for tree in trees:
            label = "newsarchiver" if len(trees) == 1 else f"newsarchiver ({tree.name})"
            commands[label] = ([sys.executable, "-c", RUN_CLI, "extract", *files], tree,
                               {**os.environ, "PYTHONPATH": str(tree)})
        out = tmp / "out"
        commands["trafilatura"] = ([traf, "--input-dir", str(folder), "--json", "--with-metadata", "--parallel", "1",
                                    "-o", str(out)], tmp, dict(os.environ))
        print(f"{len(files)} English pages ({', '.join(SETS)}), {sum(os.path.getsize(f) for f in files) / 2**20:.1f} "
              f"MiB of HTML; {args.rounds} rounds; load average {os.getloadavg()[0]:.1f} at start", flush=True)
        for round_ in range(args.rounds):
            order = list(commands) if round_ % 2 == 0 else list(commands)[::-1]
            for label in order:
                shutil.rmtree(out, ignore_errors=True)
                cmd, cwd, env = commands[label]
                runs.setdefault(label, []).append(timed(cmd, cwd, env))
        written = len(list(out.iterdir())) if out.is_dir() else 0
    traf_wall = statistics.median(w for w, _ in runs["trafilatura"])
    traf_cpu = statistics.median(c for _, c in runs["trafilatura"])
    print(f"load average {os.getloadavg()[0]:.1f} at the end; trafilatura wrote {written} results\n")
    print("| command | wall s (median) | CPU s (median) | wall / trafilatura | CPU / trafilatura |")
    print("|---|---:|---:|---:|---:|")
    for label, values in runs.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {wall / traf_wall:.2f} | {cpu / traf_cpu:.2f} |")


if __name__ == "__main__":
    main()
