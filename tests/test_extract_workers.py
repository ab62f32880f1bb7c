"""Crawls whose pages are read in worker processes (NEWSARCHIVER_EXTRACT_WORKERS): the same archive as
reading them in the crawler's process, a killed worker costs no page, a killed crawler leaves no worker."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.urls import url_key

from .e2e import BIN, FAST, ROOT, crawl, rows, table_counts
from .test_kill import assert_consistent, wait_for_copies

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds worker processes in /proc")


def archive_contents(db: Path) -> dict[str, object]:
    """What a crawl archived, without what depends on timing: ids, times, the order copies were filed in, and
    what the demo sites print from the clock (comment times, "3分钟前" next to prev/next links), which
    changes a page's bytes (raw_sha256) and the hash of all its fields (content_hash) by the minute."""
    copies = set(rows(db, "SELECT u.url, c.title, c.body, c.published, c.published_precision, c.source, c.poster, "
                          "c.http_status, c.encoding, c.status, c.language, c.template_removed "
                          "FROM urls u JOIN copies c ON c.id = u.copy_id"))
    stories = {frozenset(r[0].split("\n")) for r in rows(
        db, "SELECT group_concat(u.url, char(10)) FROM copies c JOIN urls u ON u.copy_id = c.id GROUP BY c.story_id")}
    credits = set(rows(db, "SELECT u.url, cr.role, cr.position, p.name FROM credits cr JOIN people p ON p.id = cr.person_id "
                           "JOIN urls u ON u.copy_id = cr.copy_id"))
    counts = {t: n for t, n in table_counts(db).items() if t not in ("crawl_runs", "_migrations")}
    return {"copies": copies, "stories": stories, "credits": credits,
            "errors": set(rows(db, "SELECT url, kind FROM fetch_errors")), "counts": counts}


def test_workers_archive_what_the_crawlers_own_process_archives(tmp_path):
    world = build_world(articles=40, seed=23)
    # a remote site's latency: the crawl outlasts the workers' start-up (until they are ready, pages are read
    # in the crawler; without it, a busy machine ended this crawl before they were: nothing to check here)
    with DemoServer(world, port=0, latency=0.1) as server:
        urls = list(server.base_urls.values())
        here, workers = tmp_path / "here.db", tmp_path / "workers.db"
        with ThreadPoolExecutor(2) as both:  # at the same time: the same clock on the pages
            in_process = both.submit(crawl, urls, here, NEWSARCHIVER_EXTRACT_WORKERS="0")
            result = both.submit(crawl, urls, workers, NEWSARCHIVER_EXTRACT_WORKERS="2").result()
            in_process.result()
    assert "reading pages in 2 worker processes" in result.stderr
    read_there = re.search(r"'newsarchiver/extract_workers/pages': (\d+)", result.stderr)
    assert read_there and int(read_there.group(1)) > 0, result.stderr[-3000:]
    # the workers computed the pages' filing values too (archive.prepare), and the writer used them
    used = re.search(r"'newsarchiver/prepared/used': (\d+)", result.stderr)
    assert used and int(used.group(1)) > 0 and "newsarchiver/prepared/rejected" not in result.stderr
    assert "newsarchiver/prepared/" not in in_process.result().stderr  # read in the crawler: not prepared
    assert len(rows(workers, "SELECT id FROM copies")) >= len(world.articles)
    assert archive_contents(workers) == archive_contents(here)


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            continue
        for child in children - found:
            found |= {child} | descendants(child)
    return found


def worker_pids(crawler: int, marker: str = "forkserver") -> set[int]:
    """The extraction workers of a crawler process: forks of multiprocessing's fork server, which is the
    crawler's child (``marker="multiprocessing"``: the fork server and resource tracker too)."""
    if marker == "multiprocessing":
        return {pid for pid in descendants(crawler) if "multiprocessing" in _cmdline(pid)}
    servers = {pid for pid in descendants(crawler) if marker in _cmdline(pid)}
    return {child for server in servers for child in descendants(server)}


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_for_workers(crawler: subprocess.Popen, n: int, timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = worker_pids(crawler.pid)
        if len(pids) >= n:
            return pids
        assert crawler.poll() is None, "the crawl ended early"
        time.sleep(0.1)
    pytest.fail(f"the crawler never had {n} workers")


def start_crawl(urls: list[str], archive: Path, **settings: str) -> subprocess.Popen:
    opts = [x for k, v in {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWSARCHIVER_ARCHIVE_BATCH_SIZE": "5",
                           **settings}.items() for x in ("-s", f"{k}={v}")]
    return subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", "-a", "start_urls=" + ",".join(urls),
                             "-s", f"NEWSARCHIVER_ARCHIVE={archive}", *opts],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@contextmanager
def crawl_under_way(archive: Path):
    """A crawl with 2 workers of a slow 50-article demo world, 5 copies archived and both workers started:
    (world, server, crawler process); the crawler is killed on the way out if it still runs."""
    world = build_world(articles=50, seed=5)
    with DemoServer(world, latency=0.05) as server:
        proc = start_crawl(list(server.base_urls.values()), archive, NEWSARCHIVER_EXTRACT_WORKERS="2")
        try:
            wait_for_copies(archive, 5, proc)
            wait_for_workers(proc, 2)
            yield world, server, proc
        finally:
            if proc.poll() is None:
                proc.kill()


def test_a_killed_worker_is_counted_and_costs_no_page(tmp_path):
    archive = tmp_path / "archive.db"
    with crawl_under_way(archive) as (world, server, proc):
        os.kill(min(worker_pids(proc.pid)), signal.SIGKILL)
        _, stderr = proc.communicate(timeout=300)
        expected = {url_key(server.url(a.site, a.path)) for a in world.articles}
    assert proc.returncode in (0, 3), stderr[-3000:]
    assert "an extraction worker died" in stderr
    assert "'newsarchiver/extract_workers/crashes': 1" in stderr
    assert_consistent(archive)
    archived = {r[0] for r in rows(archive, "SELECT url FROM urls")}
    assert expected <= archived, f"lost: {sorted(expected - archived)[:5]}"
    assert rows(archive, "SELECT count(*) FROM fetch_errors WHERE kind = 'parse_error'") == [(0,)]


def test_a_crawler_killed_with_sigkill_leaves_no_worker_running(tmp_path):
    archive = tmp_path / "archive.db"
    with crawl_under_way(archive) as (_world, _server, proc):
        workers = worker_pids(proc.pid) | worker_pids(proc.pid, "multiprocessing")  # and the fork server, tracker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
    left = {pid: _cmdline(pid) for pid in workers if running(pid)}
    assert not left, f"still running 10 s after their crawler was killed: {left}"
    assert_consistent(archive)
