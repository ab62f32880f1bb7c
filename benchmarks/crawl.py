"""Crawl throughput: the full newsarchiver pipeline vs. a bare Scrapy spider, side by side.

Serves one demo Justnews site of --articles articles on 127.0.0.1 (in its own process), then crawls it
alternately with `scrapy crawl repost` (discovery + decoding + extraction + archive writes) and with
benchmarks/bare_spider.py (the same discovery and URL identity, nothing else), --rounds times each,
with identical settings, in two scenarios:

- ``cpu``: no server latency, 16 requests in flight: throughput is bounded by CPU (this machine's two
  cores are shared by the server and the crawler), so the ratio is the pipeline's CPU cost per page;
- ``site``: every response takes --latency seconds (a remote news site) and 4 requests in flight per
  site, newsarchiver's polite default: what a user's crawl of one site sees.

The full pipeline runs once per ``--workers`` value (NEWSARCHIVER_EXTRACT_WORKERS: 0 reads pages in
the crawler's process, ``auto`` in worker processes), all kinds interleaved in each round. Prints pages/s
of each, the ratio full/bare (target >= 0.8), the load average, and CPU per page: the crawler's own
process (the reactor's) and its worker processes.

    .venv/bin/python benchmarks/crawl.py [--articles 2000] [--rounds 2] [--latency 0.1] [--workers 0,auto]
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
SCENARIOS = {"cpu": {"CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "16"},
             "site": {"CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}}
COMMON = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False", "ROBOTSTXT_OBEY": "True", "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": "False", "EXTENSIONS": json.dumps({"benchmarks.statsdump.DumpStats": 0}),
}


def serve(articles: int, latency: float = 0.0) -> tuple[subprocess.Popen, str, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsarchiver.demo.server", "--articles", str(articles), "--families", "justnews",
         "--latency", str(latency)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    for line in proc.stdout:
        if "http://127.0.0.1:" in line:
            url = line.split()[-1]
            count = int(line.split()[2])
            return proc, url, count
    raise RuntimeError("demo server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(kind: str, url: str, workdir: Path, n: int, scenario: str, server: int) -> dict:
    stats_file = workdir / f"{scenario}-{kind}-{n}.json"
    settings = {**COMMON, **SCENARIOS[scenario], "BENCH_STATS_FILE": str(stats_file)}
    if kind.startswith("full"):  # "full w=N": NEWSARCHIVER_EXTRACT_WORKERS=N
        settings["NEWSARCHIVER_ARCHIVE"] = str(workdir / f"{scenario}-archive-{kind[7:]}-{n}.db")
        settings["NEWSARCHIVER_EXTRACT_WORKERS"] = kind[7:]
        cmd = [str(BIN / "scrapy"), "crawl", "repost", "-a", f"start_urls={url}"]
    else:
        cmd = [str(BIN / "scrapy"), "runspider", str(ROOT / "benchmarks" / "bare_spider.py"), "-a", f"start_url={url}"]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started, server_cpu = time.perf_counter(), cpu_seconds(server)
    status = subprocess.run(cmd, cwd=ROOT, env=env).returncode
    server_cpu = cpu_seconds(server) - server_cpu
    if status not in (0, 3):  # 3: finished with errors (a 404 on a demo site), newsarchiver.outcome
        raise subprocess.CalledProcessError(status, cmd)
    wall = time.perf_counter() - started
    stats = json.loads(stats_file.read_text())
    pages = stats["downloader/response_count"]
    elapsed = float(stats["elapsed_time_seconds"])
    own = float(stats["bench/cpu_self_seconds"])
    return {"kind": kind, "pages": pages, "elapsed": elapsed, "pages_per_s": pages / elapsed, "wall": wall,
            "items": stats.get("item_scraped_count", 0), "load": os.getloadavg()[0],
            # the workers' CPU as they count it (forks of the fork server: not the crawler's children)
            "ms_own": 1000 * own / pages, "ms_workers": 1000 * float(stats.get("newsarchiver/extract_workers/cpu_seconds", 0)) / pages,
            "workers": stats.get("newsarchiver/extract_workers", 0),
            # the demo server's CPU while it served this crawl: on this machine's cores, not a remote site's
            "ms_server": 1000 * server_cpu / pages,
            "max_in_flight": stats.get("newsarchiver/extract_workers/max_in_flight")}


def scenario_results(scenario: str, args: argparse.Namespace, workdir: Path) -> dict[str, list[dict]]:
    proc, url, count = serve(args.articles, args.latency if scenario == "site" else 0.0)
    kinds = ["bare", *(f"full w={w}" for w in args.workers.split(","))]
    results: dict[str, list[dict]] = {kind: [] for kind in kinds}
    results["articles"] = count
    try:
        for n in range(args.rounds):
            for kind in kinds:
                r = run(kind, url, workdir, n, scenario, proc.pid)
                results[kind].append(r)
                print(f"{scenario} round {n + 1} {kind:10}: {r['pages']} pages in {r['elapsed']:.1f}s = "
                      f"{r['pages_per_s']:.1f} pages/s ({r['items']} items), CPU per page: crawler "
                      f"{r['ms_own']:.1f} ms, workers ({r['workers']}) {r['ms_workers']:.1f} ms, server "
                      f"{r['ms_server']:.1f} ms; max pages "
                      f"waiting for a worker {r['max_in_flight']}; load {r['load']:.2f}", flush=True)
    finally:
        proc.terminate()
        proc.wait()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles on the demo site (>= 2000)")
    parser.add_argument("--rounds", type=int, default=2, help="crawls of each kind per scenario, alternating")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency of the 'site' scenario (s)")
    parser.add_argument("--scenarios", default="cpu,site", help="comma-separated: cpu, site")
    parser.add_argument("--workers", default="0,auto",
                        help="comma-separated NEWSARCHIVER_EXTRACT_WORKERS values to run the full pipeline with")
    args = parser.parse_args()
    print(f"cores available: {len(os.sched_getaffinity(0))}, load average at start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in args.scenarios.split(","):
            res = scenario_results(scenario, args, Path(tmp))
            bare = statistics.median(r["pages_per_s"] for r in res["bare"])
            bare_cpu = statistics.median(r["ms_own"] for r in res["bare"])
            bare_server = statistics.median(r["ms_server"] for r in res["bare"])
            for kind in (k for k in res if k.startswith("full")):
                runs = res[kind]
                full = statistics.median(r["pages_per_s"] for r in runs)
                table.append((scenario, kind[7:], res["articles"], runs[0]["pages"], bare, full,
                              statistics.median(r["ms_own"] for r in runs),
                              statistics.median(r["ms_workers"] for r in runs),
                              max(r["load"] for r in res["bare"] + runs), bare_cpu,
                              statistics.median(r["ms_server"] for r in runs), bare_server))
    print("\n| scenario | workers | pages per crawl | bare Scrapy pages/s | newsarchiver pages/s | ratio "
          "| crawler CPU ms/page (bare) | workers CPU ms/page | server CPU ms/page (bare) | load (1 min, max) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scenario, workers, articles, pages, bare, full, own, wcpu, load, bare_cpu, server, bare_server in table:
        label = ("cpu: no latency, 16 in flight" if scenario == "cpu"
                 else f"site: {args.latency * 1000:.0f} ms latency, 4 in flight")
        print(f"| {label} | {workers} | {pages} | {bare:.1f} | {full:.1f} | {full / bare:.2f} | {own:.1f} "
              f"({bare_cpu:.1f}) | {wcpu:.1f} | {server:.1f} ({bare_server:.1f}) | {load:.2f} |")
    print(f"(median of {args.rounds} crawls each, {res['articles']} articles; target ratio >= 0.8)")


if __name__ == "__main__":
    main()
