"""`newsarchiver serve`: Datasette over a crawled demo archive, on 127.0.0.1; its canned queries, facets,
the SQL views behind them, and Chinese full-text search (2-character terms included)."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import BIN, ROOT, crawl, free_port, rows


def build_demo_archive(path: Path, articles: int = 20, seed: int = 7) -> Path:
    """Serve the demo sites on 127.0.0.1 and crawl them with `scrapy crawl repost` into ``path``."""
    with DemoServer(build_world(articles=articles, seed=seed), port=0) as server:
        crawl(list(server.base_urls.values()), path)
    return path


@contextmanager
def serving(archive: Path, timeout: float = 60) -> Iterator[str]:
    """Run `newsarchiver serve` on a free port; yield the database's base URL; stop it with SIGTERM."""
    port = free_port()
    proc = subprocess.Popen([str(BIN / "newsarchiver"), "serve", "--archive", str(archive), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"newsarchiver serve exited: {proc.stdout.read()[-3000:]}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Datasette did not start")
                time.sleep(0.2)
        yield f"{base}/{archive.stem}"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def query(base: str, name: str, **params: object) -> list[dict]:
    params.setdefault("_shape", "array")
    return get_json(f"{base}/{name}.json?" + urllib.parse.urlencode(params))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_demo_archive(tmp_path_factory.mktemp("serve") / "demo.db")


@pytest.fixture(scope="module")
def base(archive) -> Iterator[str]:
    with serving(archive) as url:
        yield url


def copies_containing(archive: Path, term: str) -> set[int]:
    """Ground truth for search: copies whose title or body contains the term (case-insensitive)."""
    return {cid for cid, title, body in rows(archive, "SELECT id, title, body FROM copies")
            if term.lower() in f"{title}\n{body}".lower()}


def two_char_term(archive: Path) -> str:
    """A two-character Chinese word found in some copies but not all (the best search test)."""
    total = rows(archive, "SELECT count(*) FROM copies")[0][0]
    for (title,) in rows(archive, "SELECT title FROM top_stories WHERE copies > 1"):
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", title):
            for i in range(len(run) - 1):
                term = run[i:i + 2]
                if 1 < len(copies_containing(archive, term)) < total // 2:
                    return term
    pytest.fail("no suitable two-character term in the demo archive")


def test_canned_search_finds_chinese_two_character_terms(archive, base):
    term = two_char_term(archive)
    found = query(base, "search", q=term)
    assert {r["copy_id"] for r in found} == copies_containing(archive, term)
    assert all(term in (r["title"] + r["snippet"]) for r in found)


def test_canned_search_longer_terms_several_terms_and_english(archive, base):
    title = rows(archive, "SELECT title FROM top_stories WHERE copies > 1 LIMIT 1")[0][0]
    phrase = re.findall(r"[\u4e00-\u9fff]{4,}", title)[0][:5]
    found = query(base, "search", q=phrase)
    assert found and {r["copy_id"] for r in found} == copies_containing(archive, phrase)
    first, second = phrase[:2], phrase[-2:]
    both = query(base, "search", q=f"{first} {second}")
    assert {r["copy_id"] for r in both} == copies_containing(archive, first) & copies_containing(archive, second)
    english = [t for (t,) in rows(archive, "SELECT title FROM copies WHERE language LIKE 'en%' ORDER BY id")]
    word = max((w for t in english for w in re.findall(r"[A-Za-z]{5,}", t)), key=len)  # some titles have none
    assert {r["copy_id"] for r in query(base, "search", q=word.upper())} == copies_containing(archive, word)
    assert query(base, "search", q="") == []  # the empty form is not an error
    assert query(base, "search", q='"电网 OR') == []  # FTS syntax in user input is harmless


def test_table_search_box_understands_chinese(archive, base):
    title = rows(archive, "SELECT title FROM top_stories WHERE copies > 1 LIMIT 1")[0][0]
    phrase = re.findall(r"[\u4e00-\u9fff]{3,}", title)[0]
    data = get_json(f"{base}/articles.json?" + urllib.parse.urlencode({"_search": phrase, "_shape": "objects",
                                                                        "_size": "max"}))
    assert {r["id"] for r in data["rows"]} == copies_containing(archive, phrase)
    assert {"site", "authors", "published"} <= set(data["facet_results"])  # facets from our metadata


def test_top_stories_and_a_story_timeline(archive, base):
    top = query(base, "top_stories")
    assert top and all(s["copies"] > 1 for s in top)
    assert [s["copies"] for s in top] == sorted((s["copies"] for s in top), reverse=True)
    story = top[0]
    assert story["original_site"] and story["original_url"] and story["original_reason"]
    timeline = query(base, "story_timeline", story=story["story_id"])
    assert len(timeline) == story["copies"] and [c["position"] for c in timeline] == list(range(1, len(timeline) + 1))
    assert sum(c["is_original"] for c in timeline) == 1
    assert next(c for c in timeline if c["is_original"])["url"] == story["original_url"]
    assert timeline[0]["hours_after_first"] == 0 and all(c["hours_after_first"] >= 0 for c in timeline)
    assert len({c["site"] for c in timeline}) == story["sites"]


def test_latest_per_site_author_and_gaps(archive, base):
    latest = query(base, "latest_per_site", per_site=2)
    sites = {r[0] for r in rows(archive, "SELECT host FROM sites")}
    assert {r["site"] for r in latest} == sites and len(latest) <= 2 * len(sites)
    for site in sites:
        newest = rows(archive, "SELECT max(published) FROM articles WHERE site = ?", site)[0][0]
        assert next(r for r in latest if r["site"] == site and r["rank_in_site"] == 1)["published"] == newest
    assert len(query(base, "latest_per_site")) <= 5 * len(sites)  # default 5 per site

    author, n = rows(archive, "SELECT author, count(*) FROM author_articles GROUP BY author "
                              "ORDER BY count(*) DESC LIMIT 1")[0]
    mine = query(base, "author_articles", author=author)
    assert len(mine) == n and {r["author"] for r in mine} == {author}

    gaps = query(base, "gaps")
    cli = subprocess.run([str(BIN / "newsarchiver"), "gaps", "--archive", str(archive), "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert cli.returncode == 0
    assert {g["url"] for g in gaps} == {json.loads(line)["url"] for line in cli.stdout.splitlines() if line.strip()}


def test_metadata_titles_descriptions_and_hidden_internals(base):
    root, _, db = base.rpartition("/")
    meta = get_json(f"{root}/-/metadata.json")
    tables = meta["databases"][db]["tables"]
    assert tables["articles"]["title"] == "Articles" and tables["copies"]["columns"]["published_raw"]
    assert set(meta["databases"][db]["queries"]) >= {"search", "latest_per_site", "top_stories", "story_timeline",
                                                     "author_articles", "gaps"}
    listed = get_json(f"{base}.json")
    hidden = {t["name"] for t in listed["tables"] if t["hidden"]}
    assert {"lsh_bands", "copy_signatures"} <= hidden


def test_views_make_the_questions_one_liners(archive):
    """What docs/querying.md shows for sqlite3 users."""
    story = rows(archive, "SELECT story_id, copies FROM top_stories WHERE copies > 1 LIMIT 1")[0]
    assert len(rows(archive, "SELECT site, published FROM story_timeline WHERE story_id = ?", story[0])) == story[1]
    assert rows(archive, "SELECT count(*) FROM latest_articles WHERE rank_in_site = 1")[0][0] == \
        rows(archive, "SELECT count(*) FROM sites")[0][0]


def test_serve_on_a_missing_archive_fails_clearly(tmp_path):
    result = subprocess.run([str(BIN / "newsarchiver"), "serve", "--archive", str(tmp_path / "none.db")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1 and "crawl something first" in result.stderr


def test_write_metadata_prints_the_datasette_command(archive, tmp_path):
    meta = tmp_path / "metadata.json"
    result = subprocess.run([str(BIN / "newsarchiver"), "serve", "--archive", str(archive), "--write-metadata",
                             str(meta)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "-m datasette serve" in result.stdout
    assert "story_timeline" in json.loads(meta.read_text(encoding="utf-8"))["databases"]["demo"]["queries"]


# -- safety: what --write-metadata may overwrite, who can read a served archive (issue 13) -----------------
@pytest.fixture
def small_archive(tmp_path) -> Path:
    from newsarchiver.archive import Archive
    from newsarchiver.items import Article, CrawledPage

    path = tmp_path / "small.db"
    with Archive(path) as archive, archive.batch():
        url = "http://a.cn/1.html"
        archive.add_page(CrawledPage(Article(url=url, title="精致电网建设纪实", body="国网威海供电公司开展精致电网建设。"),
                                     url, "2026-11-26T06:00:00+00:00"))
    return path


def newsarchiver_run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "newsarchiver"), *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_write_metadata_never_overwrites_the_archive_or_another_database(small_archive, tmp_path):
    """`serve --write-metadata ARCHIVE` overwrote the archive with JSON."""
    before = small_archive.read_bytes()
    for force in ([], ["--force"]):
        result = newsarchiver_run("serve", "--archive", small_archive, "--write-metadata", small_archive, *force)
        assert result.returncode == 2 and "never overwritten" in result.stderr, result.stderr
        assert small_archive.read_bytes() == before
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    other_bytes = other.read_bytes()
    result = newsarchiver_run("serve", "--archive", small_archive, "--write-metadata", other, "--force")
    assert result.returncode == 2 and "SQLite database" in result.stderr and other.read_bytes() == other_bytes


def test_write_metadata_replaces_its_own_file_and_another_only_with_force(small_archive, tmp_path):
    meta = tmp_path / "meta.json"
    assert newsarchiver_run("serve", "--archive", small_archive, "--write-metadata", meta).returncode == 0
    assert newsarchiver_run("serve", "--archive", small_archive, "--write-metadata", meta).returncode == 0  # ours
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    result = newsarchiver_run("serve", "--archive", small_archive, "--write-metadata", notes)
    assert result.returncode == 2 and "--force" in result.stderr and notes.read_text() == "my notes"
    assert newsarchiver_run("serve", "--archive", small_archive, "--write-metadata", notes, "--force").returncode == 0
    assert json.loads(notes.read_text(encoding="utf-8"))["about"] == "newsarchiver"
    assert not list(tmp_path.glob("*.partial"))  # no temporary file left


def test_serving_beyond_this_machine_warns_that_anyone_can_read_the_archive(small_archive):
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: Datasette cannot bind it, nothing listens
    result = newsarchiver_run("serve", "--archive", small_archive, "--host", "192.0.2.1", "--port", free_port())
    assert "anyone who can reach port" in result.stderr and "whole archive" in result.stderr
    assert result.returncode != 0
    loopback = newsarchiver_run("serve", "--archive", small_archive, "--host", "127.0.0.1",
                                "--write-metadata", small_archive.parent / "m.json")
    assert loopback.returncode == 0 and "anyone" not in loopback.stderr


def test_the_archive_name_is_escaped_in_the_description_and_its_links_work(tmp_path, small_archive):
    """The file name went unescaped into Datasette's description HTML."""
    from datasette.app import Datasette

    from newsarchiver import serve as serving

    hostile = tmp_path / 'news <b onmouseover="x">&.db'
    small_archive.rename(hostile)
    name = serving.database_name(hostile)
    meta = serving.metadata(name)
    assert "<b " not in meta["description_html"] and "&lt;b" not in meta["description_html"]  # encoded in URLs
    ds = Datasette([str(hostile)], metadata=meta)

    async def fetch() -> tuple[int, str, list[int]]:
        home = await ds.client.get("/")
        links = re.findall(r'href="([^"]*/(?:search|top_stories|articles))"', home.text)
        codes = [(await ds.client.get(link.replace("&amp;", "&"))).status_code for link in links]
        return home.status_code, home.text, codes

    import asyncio

    status, text, codes = asyncio.run(fetch())
    assert status == 200 and "<b onmouseover" not in text
    assert len(codes) >= 3 and set(codes) == {200}  # the description's three links (and the pages' own)


def test_an_archive_named_with_uri_characters_is_served(small_archive, tmp_path):
    """Datasette opens `file:{path}?mode=ro` unencoded: `news#1.db` would serve (and create) a file `news`."""
    named = tmp_path / "news#1?.db"
    small_archive.rename(named)
    with serving(named) as url:
        root = url.rpartition("/")[0]
        databases = get_json(f"{root}/-/databases.json")
        assert len(databases) == 1
        name = databases[0]["name"]
        data = get_json(f"{root}/{name}/copies.json?_shape=array")
        assert [r["title"] for r in data] == ["精致电网建设纪实"]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("news#1?.db")) == []


def test_datasette_run_by_hand_has_chinese_search(small_archive):
    """The plugin is a `datasette` entry point: a plain `datasette ARCHIVE` (no --plugins-dir, no metadata)
    has na_fts_query and the Chinese-aware search box (issue 17)."""
    port = free_port()
    proc = subprocess.Popen([str(BIN / "datasette"), "serve", str(small_archive), "--host", "127.0.0.1", "--port",
                             str(port)], cwd=small_archive.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"datasette exited: {proc.stdout.read()[-2000:]}")
            try:
                plugins = get_json(f"{base}/-/plugins.json")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("datasette did not start")
                time.sleep(0.2)
        assert any(p["name"].startswith("newsarchiver") for p in plugins), plugins
        sql = "SELECT rowid FROM copies_fts WHERE copies_fts MATCH na_fts_query(:q)"
        for term in ("电网", "精致电网"):
            hits = get_json(f"{base}/small.json?" + urllib.parse.urlencode({"sql": sql, "q": term, "_shape": "array"}))
            assert hits == [{"rowid": 1}], term
        assert get_json(f"{base}/small.json?" + urllib.parse.urlencode(
            {"sql": sql, "q": "海港", "_shape": "array"})) == []
    finally:
        proc.terminate()
        proc.wait(timeout=20)
