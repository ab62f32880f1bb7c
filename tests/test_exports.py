"""`newsarchiver export`: JSONL/CSV records, the SQLite snapshot (also while a crawl writes), WARC round trip.

The archive is a real crawl (`scrapy crawl repost`) of the demo sites served on 127.0.0.1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from newsarchiver.archive.rawpages import decompress
from newsarchiver.cli import cli
from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.exports import ARTICLE_KEYS, warc_http_headers

from .e2e import BIN, FAST, ROOT, crawl, newsarchiver, rows


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("exports") / "archive.db"
    with DemoServer(build_world(articles=20, seed=3), port=0) as server:
        crawl(list(server.base_urls.values()), path)
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- records ----------------------------------------------------------------------------------------
def test_articles_jsonl_is_one_record_per_copy_in_the_record_shape(archive, tmp_path):
    out = tmp_path / "articles.jsonl"
    result = run("export", "--archive", archive, "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.output
    records = _jsonl(out)
    assert len(records) == rows(archive, "SELECT count(*) FROM copies")[0][0]
    assert all(tuple(r) == ARTICLE_KEYS for r in records)
    expected = rows(archive, "SELECT coalesce(c.fetched_url, c.url), a.title, a.site, a.authors, a.story_id "
                             "FROM articles a JOIN copies c ON c.id = a.id ORDER BY a.id")
    assert [r["url"] for r in records] == [e[0] for e in expected]  # in copy id order
    for record, (_url, title, host, authors, story) in zip(records, expected):
        assert (record["title"], record["site"], record["story_id"]) == (title, host, story)
        assert record["authors"] == json.loads(authors)
    assert "，" in out.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert f"exported {len(records)} articles" in result.stderr


def test_filters_site_dates_story(archive, tmp_path):
    site, story = rows(archive, "SELECT s.host, c.story_id FROM copies c JOIN sites s ON s.id = c.site_id "
                                "JOIN stories st ON st.id = c.story_id WHERE st.copies > 1 LIMIT 1")[0]
    out = tmp_path / "site.jsonl"
    assert run("export", "--archive", archive, "--site", site, "-o", out).exit_code == 0
    assert {r["site"] for r in _jsonl(out)} == {site}
    assert len(_jsonl(out)) == rows(archive, "SELECT count(*) FROM articles WHERE site = ?", site)[0][0]

    # the same output file again: replaced only with --force (issue 13 point 6)
    assert run("export", "--archive", archive, "--story", story, "-o", out, "--force").exit_code == 0
    copies = _jsonl(out)
    assert len(copies) > 1 and {r["story_id"] for r in copies} == {story}

    dates = sorted(r[0] for r in rows(archive, "SELECT substr(published, 1, 10) FROM copies WHERE published IS NOT NULL"))
    since, until = dates[len(dates) // 4], dates[3 * len(dates) // 4]
    assert run("export", "--archive", archive, "--since", since, "--until", until, "-o", out,
               "--force").exit_code == 0
    got = _jsonl(out)
    assert got and all(since <= r["published"][:10] <= until for r in got)
    assert len(got) == sum(since <= d <= until for d in dates)

    # a timestamp bound compares instants: a copy published exactly then is in, a second later is out
    first = rows(archive, "SELECT published FROM copies WHERE published IS NOT NULL ORDER BY julianday(published) "
                          "LIMIT 1")[0][0]
    assert run("export", "--archive", archive, "--until", first, "-o", out, "--force").exit_code == 0
    assert [r["published"] for r in _jsonl(out)] == [first]


def test_copies_and_stories_csv(archive, tmp_path):
    out = tmp_path / "copies.csv"
    assert run("export", "--archive", archive, "--format", "csv", "--records", "copies", "-o", out).exit_code == 0
    table = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(table) == rows(archive, "SELECT count(*) FROM copies")[0][0]
    assert {"published_raw", "story_reason", "is_original", "raw_sha256"} <= set(table[0])
    assert all(isinstance(json.loads(r["authors"]), list) for r in table)
    bodies = dict(rows(archive, "SELECT id, body FROM copies"))
    assert all(r["body"] == bodies[int(r["id"])] for r in table)  # multi-line bodies survive CSV quoting

    out = tmp_path / "stories.csv"
    assert run("export", "--archive", archive, "--format", "csv", "--records", "stories", "-o", out).exit_code == 0
    stories = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(stories) == rows(archive, "SELECT count(*) FROM stories")[0][0]
    shared = [s for s in stories if int(s["copies"]) > 1]
    assert shared and all(len(json.loads(s["site_list"])) == int(s["sites"]) for s in stories)
    assert all(s["original_url"] and s["original_reason"] for s in shared)


def test_csv_with_no_matching_rows_still_has_its_header(archive, tmp_path):
    result = run("export", "--archive", archive, "--format", "csv", "--site", "nowhere.example")
    assert result.exit_code == 0 and result.stdout.splitlines() == [",".join(ARTICLE_KEYS)]


# -- SQLite snapshot ----------------------------------------------------------------------------------
def test_snapshot_is_a_complete_self_contained_database(archive, tmp_path):
    out = tmp_path / "snap.db"
    result = run("export", "--archive", archive, "--format", "sqlite", "-o", out)
    assert result.exit_code == 0, result.output
    assert rows(out, "PRAGMA integrity_check") == [("ok",)]
    assert rows(out, "PRAGMA journal_mode") == [("delete",)]
    assert not Path(f"{out}-wal").exists()
    for table in ("copies", "stories", "raw_pages", "fetches", "credits", "links", "urls"):
        assert rows(out, f"SELECT count(*) FROM {table}") == rows(archive, f"SELECT count(*) FROM {table}")
    rows(out, "INSERT INTO copies_fts (copies_fts, rank) VALUES ('integrity-check', 1)")  # the index came along
    title = rows(out, "SELECT title FROM copies WHERE title GLOB '*[一-龥][一-龥][一-龥]*' ORDER BY id LIMIT 1")[0][0]
    run3 = re.search(r"[\u4e00-\u9fa5]{3}", title).group()  # titles may start with digits or Latin letters
    assert rows(out, "SELECT count(*) FROM copies_fts WHERE copies_fts MATCH ?",
                "\"" + " ".join(run3[i:i + 2] for i in range(2)) + "\"")[0][0] > 0
    # the views work in the snapshot: sqlite3 users can ask the canned questions there
    assert rows(out, "SELECT count(*) FROM top_stories WHERE copies > 1")[0][0] > 0

    small = tmp_path / "small.db"
    assert run("export", "--archive", archive, "--format", "sqlite", "--no-raw", "-o", small).exit_code == 0
    assert rows(small, "SELECT count(*) FROM raw_pages WHERE content IS NOT NULL") == [(0,)]
    assert rows(small, "SELECT count(*) FROM copies") == rows(archive, "SELECT count(*) FROM copies")
    assert small.stat().st_size < out.stat().st_size


def test_snapshot_while_a_crawl_writes(tmp_path):
    """Snapshots taken while a real crawl commits batches are each complete and consistent."""
    world = build_world(articles=60, seed=9)
    live = tmp_path / "live.db"
    with DemoServer(world, latency=0.03) as server:
        opts = [x for k, v in {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWSARCHIVER_ARCHIVE_BATCH_SIZE": "3",
                                "LOG_LEVEL": "WARNING"}.items() for x in ("-s", f"{k}={v}")]
        proc = subprocess.Popen([str(BIN / "scrapy"), "crawl", "repost", "-a",
                                 "start_urls=" + ",".join(server.base_urls.values()),
                                 "-s", f"NEWSARCHIVER_ARCHIVE={live}", *opts],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        taken: list[tuple[Path, bool]] = []
        try:
            deadline = time.monotonic() + 180
            while proc.poll() is None and time.monotonic() < deadline:
                if live.exists() and _copies(live) > 0:
                    out = tmp_path / f"snap{len(taken)}.db"
                    result = newsarchiver("export", "--archive", str(live), "--format", "sqlite", "-o", str(out))
                    assert result.returncode == 0, result.stderr
                    taken.append((out, proc.poll() is None))
                time.sleep(0.3)
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err[-3000:]
        finally:
            if proc.poll() is None:
                proc.kill()
    during = [out for out, running in taken if running]
    assert during, f"no snapshot was taken while the crawl ran ({len(taken)} after it)"
    counts = []
    for out in during:
        conn = sqlite3.connect(out)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            n = conn.execute("SELECT count(*) FROM copies").fetchone()[0]
            # every copy complete: in a story, with its URL, its signature and its search entry
            assert conn.execute("SELECT count(*) FROM stories st WHERE copies != (SELECT count(*) FROM copies c "
                                "WHERE c.story_id = st.id)").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM copies c LEFT JOIN urls u ON u.copy_id = c.id "
                                "WHERE u.url IS NULL").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM copy_signatures").fetchone() == (n,)
            conn.execute("INSERT INTO copies_fts (copies_fts, rank) VALUES ('integrity-check', 1)")
            counts.append(n)
        finally:
            conn.close()
    final = _copies(live)
    assert counts == sorted(counts) and counts[-1] <= final, (counts, final)


def _copies(db: Path) -> int:
    try:
        return rows(db, "SELECT count(*) FROM copies")[0][0]
    except sqlite3.OperationalError:
        return 0


# -- WARC -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["pages.warc.gz", "pages.warc"])
def test_warc_round_trip_same_bytes_and_headers(archive, tmp_path, name):
    out = tmp_path / name
    result = run("export", "--archive", archive, "--format", "warc", "-o", out)
    assert result.exit_code == 0, result.output
    fetches = {
        url: (status, json.loads(headers), decompress(content, compression), fetched_at)
        for url, status, headers, content, compression, fetched_at in rows(
            archive, "SELECT f.url, f.status, f.headers, r.content, r.compression, f.fetched_at FROM fetches f "
                     "JOIN raw_pages r ON r.sha256 = f.raw_sha256")
    }
    assert {hashlib.sha256(body).hexdigest() for _, _, body, _ in fetches.values()} == {
        r[0] for r in rows(archive, "SELECT raw_sha256 FROM fetches")}  # the bytes as received
    responses, requests = {}, {}
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh):
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "response":
                responses[uri] = (record.http_headers.get_statuscode(), record.http_headers.headers,
                                  record.content_stream().read(), record.rec_headers.get_header("WARC-Date"),
                                  record.rec_headers.get_header("WARC-Record-ID"))
            elif record.rec_type == "request":
                requests[uri] = record
    assert set(responses) == set(fetches) and set(requests) == set(fetches)
    for url, (status, stored, body, fetched_at) in fetches.items():
        code, headers, payload, date, record_id = responses[url]
        assert payload == body, url  # the original bytes, decompressed from raw_pages
        assert code == str(status)
        assert headers == warc_http_headers(stored, len(body))
        assert dict(headers)["Content-Type"] == stored["Content-Type"]
        assert date.startswith(fetched_at[:10]) and date.endswith("Z")
        assert requests[url].rec_headers.get_header("WARC-Concurrent-To") == record_id
        assert requests[url].http_headers.protocol == "GET"


def test_warc_headers_keep_what_was_received():
    stored = {"Content-Type": "text/html; charset=gbk", "Content-Encoding": "gzip", "Content-Length": "812",
              "Set-Cookie": "a=1", "Date": "Tue, 12 May 2024 02:00:00 GMT"}
    assert warc_http_headers(stored, 2000) == [
        ("Content-Type", "text/html; charset=gbk"), ("X-Archive-Orig-Content-Encoding", "gzip"),
        ("X-Archive-Orig-Content-Length", "812"), ("Set-Cookie", "a=1"),
        ("Date", "Tue, 12 May 2024 02:00:00 GMT"), ("Content-Length", "2000"),
    ]


# -- errors -----------------------------------------------------------------------------------------------
def test_errors_say_what_went_wrong(archive, tmp_path):
    missing = newsarchiver("export", "--archive", str(tmp_path / "none.db"), "--format", "sqlite",
                           "-o", str(tmp_path / "x.db"))
    assert missing.returncode == 1 and "crawl something first" in missing.stderr

    wrong = newsarchiver("export", "--archive", str(archive), "--format", "jsonl", "--no-raw")
    assert wrong.returncode == 2 and "--no-raw applies to --format sqlite only" in wrong.stderr

    bad_date = newsarchiver("export", "--archive", str(archive), "--since", "last week")
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr

    into_dir = newsarchiver("export", "--archive", str(archive), "--format", "warc", "-o", str(tmp_path))
    assert into_dir.returncode == 2 and "is a directory" in into_dir.stderr

    small = tmp_path / "small.db"
    assert newsarchiver("export", "--archive", str(archive), "--format", "sqlite", "--no-raw",
                        "-o", str(small)).returncode == 0
    no_raw = newsarchiver("export", "--archive", str(small), "--format", "warc", "-o", str(tmp_path / "x.warc.gz"))
    assert no_raw.returncode == 1 and "no raw pages" in no_raw.stderr
    assert not (tmp_path / "x.warc.gz").exists() and not list(tmp_path.glob(".*.partial"))


def test_stdout_closed_early_is_not_an_error(archive):
    proc = subprocess.run(f"'{BIN / 'newsarchiver'}' export --archive '{archive}' --records copies | head -c 10",
                          shell=True, capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.startswith('{"id": 1') and "Traceback" not in proc.stderr and "Error" not in proc.stderr


def test_default_outputs_go_to_exports(archive, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("export", "--archive", archive, "--format", "sqlite", "--no-progress").exit_code == 0
    assert run("export", "--archive", archive, "--format", "warc", "--no-progress").exit_code == 0
    assert (tmp_path / "exports" / "archive-snapshot.db").is_file()
    assert (tmp_path / "exports" / "archive.warc.gz").is_file()
    records = run("export", "--archive", archive, "--records", "stories")
    assert io.StringIO(records.stdout).readline().startswith('{"story_id"')


# -- outputs: never over an existing file unless --force, never through a planted link (issue 13 point 6) --
@pytest.mark.parametrize("fmt", ["jsonl", "sqlite", "warc"])
def test_an_existing_output_is_replaced_only_with_force(archive, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    out.write_text("precious")
    result = run("export", "--archive", archive, "--format", fmt, "-o", out, "--no-progress")
    assert result.exit_code == 1 and "exists" in result.output and "--force" in result.output
    assert out.read_text() == "precious"
    assert run("export", "--archive", archive, "--format", fmt, "-o", out, "--no-progress", "--force").exit_code == 0
    assert out.read_bytes() != b"precious" and not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("fmt", ["jsonl", "sqlite", "warc"])
def test_a_symlink_planted_at_the_temporary_name_is_not_followed(archive, tmp_path, fmt):
    """The temporary file was `.NAME.partial`, opened for writing whatever it pointed to."""
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    out = tmp_path / f"out.{fmt}"
    (tmp_path / f".{out.name}.partial").symlink_to(victim)
    result = run("export", "--archive", archive, "--format", fmt, "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "do not touch"
    assert out.is_file() and not out.is_symlink()
