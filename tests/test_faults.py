"""Faults a scheduled crawl meets, made real: an archive that fills up (SQLite's own SQLITE_FULL, raised by
``PRAGMA max_page_count`` through NEWSARCHIVER_ARCHIVE_MAX_SIZE: mounting a small tmpfs is not allowed
here) and a start site that refuses connections (a port bound, then closed). Each test checks the exit
status, the run row, the counters, the archive's integrity, and that the next run completes the work."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from newsarchiver.archive import Archive
from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import FAST, free_port, newsarchiver, rows

SETTINGS = [x for k, v in FAST.items() for x in ("-s", f"{k}={v}")]


def crawl(*args: str):
    return newsarchiver("crawl", *args, "--no-progress", *SETTINGS)


def integrity(db: Path) -> str:
    return rows(db, "PRAGMA integrity_check")[0][0]


def used_bytes(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    world = build_world(articles=120, families=("justnews",))
    with DemoServer(world, port=0) as server:
        reference = tmp_path_factory.mktemp("reference") / "ref.db"
        result = crawl(*server.base_urls.values(), "--archive", str(reference))
        assert result.returncode in (0, 3), result.stderr[-3000:]
        yield server, list(server.base_urls.values()), reference


def test_an_archive_that_fills_up_stops_the_crawl_honestly_and_the_next_run_goes_on(site, tmp_path):
    server, urls, reference = site
    expected = sorted(u for (u,) in rows(reference, "SELECT url FROM copies"))
    assert len(expected) > 60
    archive = tmp_path / "a.db"
    Archive(archive).close()
    cap = used_bytes(archive) + 300_000  # room for some articles, far from all of them

    full = crawl(*urls, "--archive", str(archive), "-s", f"NEWSARCHIVER_ARCHIVE_MAX_SIZE={cap}",
                 "-s", "NEWSARCHIVER_ARCHIVE_BATCH_SIZE=5")
    log = full.stderr
    assert full.returncode == 1, log[-3000:]
    assert "Traceback" not in log and "OperationalError" not in log
    stopped = re.findall(r"ERROR: archive full \(NEWSARCHIVER_ARCHIVE_MAX_SIZE reached\): (\d+) articles filed, "
                         r"crawl stopped; raise NEWSARCHIVER_ARCHIVE_MAX_SIZE", log)
    assert len(stopped) == 1, log[-3000:]  # logged once (and repeated under the run's summary)
    assert "exit status 1" in log
    (status, error, new, pages, stats), = rows(archive, "SELECT status, error, articles_new, pages, stats "
                                                        "FROM crawl_runs")
    assert status == "failed" and error.startswith("archive full")
    filed = rows(archive, "SELECT count(*) FROM copies")[0][0]
    assert 0 < filed < len(expected)
    # counters count what was committed, not what was attempted
    assert new == filed == int(stopped[0])
    stats = json.loads(stats) if stats else None
    if stats is not None:  # written when the closing write fit (it may not: then the row is closed without it)
        assert stats["finish_reason"] == "archive_failed"
        assert stats.get("newsarchiver/articles/new", 0) == filed
    # the crawl stopped: it did not go on fetching the whole site to throw it away
    assert pages < len(expected)
    assert integrity(archive) == "ok"
    assert rows(archive, "PRAGMA foreign_key_check") == []  # nothing half-written

    # the summary says the same
    assert re.search(r"crawl run 1 \(failed\):", full.stdout), full.stdout

    again = crawl(*urls, "--archive", str(archive))  # room again (no cap): the next run goes on
    assert again.returncode in (0, 3), again.stderr[-3000:]
    assert rows(archive, "SELECT status, error FROM crawl_runs ORDER BY id") == [("failed", error), ("finished", None)]
    assert sorted(u for (u,) in rows(archive, "SELECT url FROM copies")) == expected  # all, none twice
    assert integrity(archive) == "ok"


def test_an_archive_that_cannot_grow_at_all_fails_before_fetching(site, tmp_path):
    """Full from the first write (the run's own row): nothing fetched, exit 1, one line."""
    _, urls, _ = site
    archive = tmp_path / "a.db"
    Archive(archive).close()
    result = crawl(*urls, "--archive", str(archive), "-s", f"NEWSARCHIVER_ARCHIVE_MAX_SIZE={used_bytes(archive)}")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "archive full (NEWSARCHIVER_ARCHIVE_MAX_SIZE reached): 0 articles filed, crawl stopped" in result.stderr
    assert "Crawled (200)" not in result.stderr
    assert integrity(archive) == "ok"


def test_low_free_space_is_warned_at_start(site, tmp_path):
    _, urls, _ = site
    archive = tmp_path / "a.db"
    Archive(archive).close()
    cap = used_bytes(archive) + 50_000_000
    result = crawl(*urls[:1], "--archive", str(archive), "-s", f"NEWSARCHIVER_ARCHIVE_MAX_SIZE={cap}",
                   "-s", "NEWSARCHIVER_MIN_FREE_SPACE=100MB", "-s", "CLOSESPIDER_PAGECOUNT=3")
    assert result.returncode in (0, 3), result.stderr[-3000:]
    assert re.search(r"WARNING: low disk space: the archive .* has 50(\.\d)? MB below NEWSARCHIVER_ARCHIVE_MAX_SIZE",
                     result.stderr), result.stderr[-3000:]
    assert "warning: low disk space" in result.stderr  # again after the summary
    quiet = crawl(*urls[:1], "--archive", str(archive), "-s", "NEWSARCHIVER_MIN_FREE_SPACE=0",
                  "-s", "CLOSESPIDER_PAGECOUNT=3")
    assert "low disk space" not in quiet.stderr


def test_a_start_site_that_refuses_connections_is_one_error_recorded_and_a_failed_run(site, tmp_path):
    world = build_world(articles=15, families=("justnews",))
    port = free_port()  # bound and closed again: nothing listens there
    down = f"http://127.0.0.1:{port}/"
    archive = tmp_path / "a.db"

    result = crawl(down, "--archive", str(archive))
    log = result.stderr
    assert result.returncode == 1, log[-3000:]  # a run that fetched nothing at all
    assert "Traceback" not in log
    said = [line for line in log.splitlines() if "unreachable" in line and re.search(r"\] (WARNING|ERROR):", line)]
    assert len(said) == 1 and f"site 127.0.0.1:{port} unreachable: connection_refused" in said[0], said
    assert "exit status 1: nothing fetched" in log
    (status, errors, kinds, unreachable), = rows(archive, "SELECT status, errors, errors_by_kind, unreachable "
                                                         "FROM crawl_runs")
    assert (status, errors) == ("finished", 1)
    assert json.loads(kinds) == {"connection_refused": 1}
    assert json.loads(unreachable) == {f"127.0.0.1:{port}": "connection_refused"}
    assert rows(archive, "SELECT url, site, kind FROM fetch_errors") == \
        [(down, f"127.0.0.1:{port}", "connection_refused")]
    assert f"site 127.0.0.1:{port} unreachable: connection_refused" in result.stdout  # the summary
    listed = newsarchiver("runs", "--archive", str(archive))
    assert f"site 127.0.0.1:{port} unreachable: connection_refused" in listed.stdout
    assert "errors: connection_refused 1" in listed.stdout

    # with a site that answers, the same refusal is "finished with errors"
    _, urls, _ = site
    mixed = crawl(down, urls[0], "--archive", str(archive), "-s", "CLOSESPIDER_ITEMCOUNT=5")
    assert mixed.returncode == 3, mixed.stderr[-3000:]
    assert "exit status 3: finished with 1 error, 1 site unreachable" in mixed.stderr
    assert integrity(archive) == "ok"

    # the site comes up: the next run crawls it
    with DemoServer(world, port=port) as server:
        assert list(server.base_urls.values()) == [down]
        again = crawl(down, "--archive", str(archive))
    assert again.returncode in (0, 3), again.stderr[-3000:]
    (status, unreachable), = rows(archive, "SELECT status, unreachable FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert status == "finished" and unreachable is None
    assert rows(archive, "SELECT count(*) FROM copies WHERE url LIKE ?", down + "%")[0][0] >= 10
    assert integrity(archive) == "ok"


def test_unreachable_sites_are_counted_by_kind_one_line_each(tmp_path):
    """TLS spoken to a plain-HTTP server, a server that accepts and never answers (timeout), a closed port:
    three sites, one error line and one fetch_errors row each, by kind; nothing fetched, so exit status 1.
    (A DNS failure would need a resolver: not offline.)"""
    import socket
    import threading

    from .e2e import serve_routes

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    held: list[socket.socket] = []

    def accept_and_say_nothing() -> None:
        while True:
            try:
                held.append(silent.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()
    refused = free_port()
    archive = tmp_path / "a.db"
    with serve_routes({}) as (plain, _):
        tls = plain.replace("http://", "https://")
        sites = {tls.split("//")[1]: "tls", f"127.0.0.1:{silent.getsockname()[1]}": "timeout",
                 f"127.0.0.1:{refused}": "connection_refused"}
        result = crawl(*(f"https://{s}/" if k == "tls" else f"http://{s}/" for s, k in sites.items()),
                       "--archive", str(archive), "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=0")
    silent.close()
    for conn in held:
        conn.close()
    log = result.stderr
    assert result.returncode == 1, log[-3000:]
    assert "Traceback" not in log
    said = [line for line in log.splitlines() if re.search(r"\] WARNING: site .* unreachable: ", line)]
    assert sorted(re.search(r"site (\S+) unreachable: (\w+)", line).groups() for line in said) == sorted(sites.items())
    (kinds, unreachable), = rows(archive, "SELECT errors_by_kind, unreachable FROM crawl_runs")
    assert json.loads(kinds) == {"tls": 1, "timeout": 1, "connection_refused": 1}
    assert json.loads(unreachable) == sites
    assert sorted(rows(archive, "SELECT site, kind FROM fetch_errors")) == sorted(sites.items())
    for site, kind in sites.items():
        assert f"site {site} unreachable: {kind}" in result.stdout


def test_a_lock_held_past_the_busy_timeout_stops_the_crawl_and_the_next_run_goes_on(site, tmp_path):
    """Another process holds the archive's write lock mid-crawl for longer than NEWSARCHIVER_ARCHIVE_BUSY_TIMEOUT:
    the crawl stops at its next commit (exit 1, one line), its run row is closed `failed` once the lock is free,
    and what it committed before is counted and kept."""
    import subprocess
    import time

    from .e2e import BIN, ROOT

    server, urls, reference = site
    archive = tmp_path / "a.db"
    opts = [x for k, v in {**FAST, "NEWSARCHIVER_ARCHIVE": str(archive), "NEWSARCHIVER_ARCHIVE_BUSY_TIMEOUT": "1",
                           "NEWSARCHIVER_ARCHIVE_BATCH_SIZE": "5", "NEWSARCHIVER_ARCHIVE_BATCH_SECONDS": "0.2"}.items()
            for x in ("-s", f"{k}={v}")]
    proc = subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", "-a", "start_urls=" + ",".join(urls), *opts],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if rows(archive, "SELECT count(*) FROM copies")[0][0] >= 5:
                break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    holder = sqlite3.connect(archive, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the lock for 4 s
    time.sleep(4)
    holder.execute("ROLLBACK")
    holder.close()
    log = proc.communicate(timeout=120)[1]
    assert proc.returncode == 1, log[-3000:]
    assert "Traceback" not in log
    said = re.findall(r"ERROR: archive locked by another process past the busy timeout: (\d+) articles filed, "
                      r"crawl stopped; run again once the other writer is done", log)
    assert len(said) == 1, log[-3000:]
    (status, error, new), = rows(archive, "SELECT status, error, articles_new FROM crawl_runs")
    assert status == "failed" and error.startswith("archive locked by another process")
    filed = rows(archive, "SELECT count(*) FROM copies")[0][0]
    assert new == filed == int(said[0]) >= 5
    assert integrity(archive) == "ok"

    again = crawl(*urls, "--archive", str(archive))
    assert again.returncode in (0, 3), again.stderr[-3000:]
    assert sorted(u for (u,) in rows(archive, "SELECT url FROM copies")) == \
        sorted(u for (u,) in rows(reference, "SELECT url FROM copies"))


def test_a_run_left_running_by_a_dead_process_is_closed_as_abandoned_by_the_next(tmp_path):
    """A process killed (or whose archive could not even close its row) leaves its run `running`; the next run
    on the machine sees that process is gone and closes the row as `abandoned`, saying why."""
    import subprocess
    import sys

    archive = tmp_path / "a.db"
    code = ("import os, sys; from newsarchiver.archive import Archive; a = Archive(sys.argv[1]); "
            "a.start_run('repost', ['http://127.0.0.1:1/']); os._exit(9)")  # dies without closing it
    assert subprocess.run([sys.executable, "-c", code, str(archive)]).returncode == 9
    assert rows(archive, "SELECT status FROM crawl_runs") == [("running",)]
    with Archive(archive) as live:
        mine = live.start_run("repost", [])
        assert rows(archive, "SELECT id, status FROM crawl_runs ORDER BY id") == [(1, "abandoned"), (mine, "running")]
    (error,), = rows(archive, "SELECT error FROM crawl_runs WHERE id = 1")
    assert "ended without closing the run" in error
    listed = newsarchiver("runs", "--archive", str(archive))
    assert "abandoned: its process" in listed.stdout
