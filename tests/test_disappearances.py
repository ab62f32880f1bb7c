"""Issue 16, end to end on the demo sites: real crawls, and between them the sites delete pages (404, 410),
replace one with a removal notice, empty one to its template, redirect one to the home page, fail one
with a 503, rewrite one and restore one. Each case must be recorded with its dates and evidence, nothing
archived lost, no removal notice in any story's text, and `gone`, `show`, `story`, exports and the views
must say so.

Revisits are made due with documented settings: ``NEWSARCHIVER_REVISIT=0s`` (every archived page is due
at every crawl) and ``NEWSARCHIVER_GONE_REVISIT=0s`` (so are gone ones); ``NEWSARCHIVER_GONE_AFTER`` keeps
its default, 2: the first crawl after a removal makes a copy "missing", the second "gone".
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest

from newsarchiver.archive import ArchiveReader, queries
from newsarchiver.archive.search import fts_query
from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import crawl, newsarchiver, rows

DUE = {"NEWSARCHIVER_REVISIT": "0s", "NEWSARCHIVER_GONE_REVISIT": "0s"}
NOTICE = "该内容已被删除，请浏览其他文章。"
REWRITTEN_TITLE = "（更新）北辰市调整公园开放时间"
REWRITTEN_PARAGRAPH = "本文已于发布后修改：开放时间调整为早六点到晚十点，原文中的统计数字已删去。"


def snapshot(db: Path) -> dict[str, tuple]:
    """What the archive holds of each copy, by URL: the archived text and what hangs off it."""
    out = {}
    for row in rows(db, "SELECT c.url, c.title, c.body, c.content_hash, c.raw_sha256, c.version, c.fingerprint, "
                        "s.signature FROM copies c LEFT JOIN copy_signatures s ON s.copy_id = c.id"):
        out[row[0]] = row[1:]
    return out


def status(db: Path, url: str) -> dict:
    names = ("id", "status", "gone_at", "gone_how", "gone_streak", "last_seen", "restored_at", "failed_visits",
             "story_id")
    found = rows(db, f"SELECT {', '.join(names)} FROM copies WHERE url = ?", url)
    assert found, f"{url} is not archived"
    return dict(zip(names, found[0]))


def events(db: Path, url: str) -> list[dict]:
    names = ("kind", "status", "http_status", "target_url", "notice", "at", "run_id")
    return [dict(zip(names, r)) for r in rows(
        db, f"SELECT {', '.join('e.' + n for n in names)} FROM copy_events e JOIN copies c ON c.id = e.copy_id "
            "WHERE c.url = ? ORDER BY e.id", url)]


def run_started(db: Path, run_id: int) -> str:
    return rows(db, "SELECT started FROM crawl_runs WHERE id = ?", run_id)[0][0]


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """Four crawls of a portal and two farms; the sites change between them. Yields what the test needs."""
    world = build_world(articles=36, seed=16, families=("justnews", "dede"))
    portal, farm, other = world.site("haibin-portal"), world.site("kuaibao-farm"), world.site("dushi-info")
    db = tmp_path_factory.mktemp("gone") / "archive.db"
    with DemoServer(world) as server:
        urls = list(server.base_urls.values())
        crawl(urls, db, **DUE)
        before = snapshot(db)
        reposted = {a.story_key for a in farm.articles + other.articles}
        original = next(a for a in portal.articles[3:] if a.story_key in reposted)  # an original with copies
        farm_own = [a for a in farm.articles if a.story_key not in {p.story_key for p in portal.articles}]
        cases = {
            "original_404": (portal, original, "delete"),
            "portal_410": (portal, next(a for a in portal.articles[1:] if a is not original), "gone"),
            "farm_404": (farm, farm.articles[1], "delete"),
            "notice": (farm, farm.articles[2], "notice"),
            "redirect": (farm, farm.articles[3], "redirect"),
            "shell": (farm, farm.articles[4], "shell"),
            "restored": (farm, farm_own[-1], "notice"),
            "unavailable": (other, other.articles[2], "unavailable"),
        }
        urls_of = {name: server.url(site.name, article.path) for name, (site, article, _) in cases.items()}
        assert len(set(urls_of.values())) == len(cases)
        for site, article, how in cases.values():
            site.withdraw(article.path, how)
        rewritten = other.articles[-1]
        paragraphs = list(rewritten.paragraphs)
        other.rewrite(rewritten.path, title=REWRITTEN_TITLE, paragraphs=paragraphs[:1] + [REWRITTEN_PARAGRAPH]
                      + paragraphs[2:-1])
        urls_of["rewritten"] = server.url(other.name, rewritten.path)
        crawl(urls, db, **DUE)  # 2: each withdrawn copy found removed once: missing
        after_one = {name: status(db, url) for name, url in urls_of.items()}
        cases["unavailable"][0].restore(cases["unavailable"][1].path)  # the server is back
        crawl(urls, db, **DUE)  # 3: found removed twice: gone
        after_two = {name: status(db, url) for name, url in urls_of.items()}
        farm.restore(cases["restored"][1].path)
        crawl(urls, db, **DUE)  # 4: the restored one is back
        yield {"db": db, "urls": urls_of, "before": before, "after_one": after_one, "after_two": after_two,
               "bases": server.base_urls, "rewritten": rewritten, "paragraphs": paragraphs}


REMOVED = ("original_404", "portal_410", "farm_404", "notice", "redirect", "shell")
HOW = {"original_404": "http_404", "portal_410": "http_410", "farm_404": "http_404", "notice": "removal_notice",
       "redirect": "redirect", "shell": "empty_shell", "restored": "removal_notice"}


@pytest.mark.parametrize("name", [*REMOVED, "restored"])
def test_a_removed_page_is_missing_after_one_revisit_and_gone_after_two(story, name):
    one, two = story["after_one"][name], story["after_two"][name]
    assert (one["status"], one["gone_how"], one["gone_streak"]) == ("missing", HOW[name], 1)
    assert (two["status"], two["gone_how"], two["gone_streak"]) == ("gone", HOW[name], 2)
    assert two["gone_at"] == one["gone_at"], "first seen gone is the first revisit that found it removed"
    assert two["last_seen"] == one["last_seen"] < one["gone_at"], "last seen alive is before it"


@pytest.mark.parametrize("name", REMOVED)
def test_each_removal_keeps_its_evidence(story, name):
    db, url = story["db"], story["urls"][name]
    seen = [e for e in events(db, url) if e["kind"] != "unreachable"]
    assert [e["kind"] for e in seen] == [HOW[name]] * 3 and [e["status"] for e in seen] == ["missing", "gone", "gone"]
    first = seen[0]
    assert [e["run_id"] for e in seen] == [2, 3, 4]  # one per crawl after the removal
    assert first["at"][:19] >= run_started(db, 2)[:19]
    if name.endswith("_404"):
        assert first["http_status"] == 404
    if name == "portal_410":
        assert first["http_status"] == 410
    if name == "redirect":
        site = url.split("/")[2]
        assert first["http_status"] == 302 and first["target_url"] == f"http://{site}/"
    if name == "notice":
        assert first["notice"] == NOTICE and first["http_status"] == 200


def test_a_503_is_not_gone_only_counted(story):
    one, two = story["after_one"]["unavailable"], story["after_two"]["unavailable"]
    assert (one["status"], one["failed_visits"], one["gone_at"]) == ("alive", 1, None)
    assert (two["status"], two["failed_visits"]) == ("alive", 0)
    kinds = [(e["kind"], e["http_status"]) for e in events(story["db"], story["urls"]["unavailable"])]
    assert kinds == [("unreachable", 503)]


def test_a_page_that_comes_back_is_restored_with_its_dates_kept(story):
    db, url = story["db"], story["urls"]["restored"]
    now = status(db, url)
    assert now["status"] == "restored" and now["gone_at"] == story["after_two"]["restored"]["gone_at"]
    assert now["restored_at"] > now["gone_at"] and now["gone_how"] == "removal_notice"
    assert [e["kind"] for e in events(db, url)][-1] == "alive"
    assert status(db, story["urls"]["notice"])["status"] == "gone"  # the other notice stays gone


def test_nothing_archived_is_lost(story):
    db, before = story["db"], story["before"]
    after = snapshot(db)
    assert set(before) <= set(after), "no copy disappears from the archive"
    for name in REMOVED:
        url = story["urls"][name]
        assert after[url] == before[url], f"{name}: the archived text, hash, raw page and signature are kept"
    url = story["urls"]["restored"]  # back as it was: the same article (its page's bytes may differ a little)
    assert after[url][:3] == before[url][:3] and after[url][4:] == before[url][4:]
    for name in REMOVED:
        copy_id = status(db, story["urls"][name])["id"]
        assert rows(db, "SELECT count(*) FROM article_versions WHERE copy_id = ?", copy_id) == [(0,)]
        raw = rows(db, "SELECT raw_sha256 FROM copies WHERE id = ?", copy_id)[0][0]
        assert rows(db, "SELECT count(*) FROM raw_pages WHERE sha256 = ?", raw) == [(1,)]


def test_no_removal_notice_in_any_story_text(story):
    db = story["db"]
    for table in ("copies", "article_versions"):
        texts = rows(db, f"SELECT title, body FROM {table}")
        assert not [t for t in texts if "已被删除" in (t[0] or "") + (t[1] or "")], table
    assert rows(db, "SELECT count(*) FROM copies_fts WHERE copies_fts MATCH ?", fts_query(NOTICE[:7])) == [(0,)]
    assert rows(db, "SELECT count(*) FROM copies WHERE coalesce(title, '') = '' OR length(body) < 20") == [(0,)]


def test_stories_count_their_surviving_copies_and_the_view_finds_gone_originals(story):
    db = story["db"]
    original = status(db, story["urls"]["original_404"])
    found = rows(db, "SELECT story_id, surviving, copies FROM stories_original_gone")
    assert (original["story_id"],) in [f[:1] for f in found]
    surviving, copies = next(f[1:] for f in found if f[0] == original["story_id"])
    assert 0 < surviving == copies - 1
    wrong = rows(db, "SELECT st.id FROM stories st WHERE st.surviving != (SELECT count(*) FROM copies c "
                     "WHERE c.story_id = st.id AND c.status != 'gone')")
    assert wrong == []


def test_a_rewritten_page_is_a_version_that_says_what_changed(story):
    db = story["db"]
    copy_id = status(db, story["urls"]["rewritten"])["id"]
    (changes,) = [json.loads(r[0]) for r in rows(db, "SELECT changes FROM article_versions WHERE copy_id = ?",
                                                 copy_id)]
    assert "title" in changes["fields"]
    assert REWRITTEN_PARAGRAPH in changes["added"]
    assert changes["removed"] and all(p in story["paragraphs"][1] + story["paragraphs"][-1] or p in
                                      story["paragraphs"] for p in changes["removed"])
    shown = newsarchiver("show", str(copy_id), "--archive", str(db))
    assert shown.returncode == 0 and "title" in shown.stdout and "paragraph" in shown.stdout
    assert REWRITTEN_PARAGRAPH[:20] in shown.stdout


def test_the_runs_count_removals_and_returns(story):
    gone, restored = zip(*rows(story["db"], "SELECT gone, restored FROM crawl_runs ORDER BY id"))
    assert gone[0] == 0 and gone[1] == len(REMOVED) + 1 and gone[2] == len(REMOVED) + 1
    assert restored == (0, 0, 0, 1)


def test_gone_lists_them_with_the_copies_that_survive(story):
    db = story["db"]
    result = newsarchiver("gone", "--archive", str(db), "--json")
    assert result.returncode == 0, result.stderr
    listed = {r["url"]: r for r in map(json.loads, result.stdout.splitlines())}
    expected = {story["urls"][n] for n in REMOVED}
    assert set(listed) == expected
    original = listed[story["urls"]["original_404"]]
    assert original["is_original"] and original["how"] == "http_404" and original["http_status"] == 404
    assert original["surviving"] and all(c["status"] != "gone" for c in original["surviving"])
    assert listed[story["urls"]["notice"]]["notice"] == NOTICE
    portal = story["urls"]["original_404"].split("/")[2]
    by_site = newsarchiver("gone", "--archive", str(db), "--site", portal, "--json")
    assert {json.loads(line)["site"] for line in by_site.stdout.splitlines()} == {portal}
    none = newsarchiver("gone", "--archive", str(db), "--since", "2999-01-01")
    assert none.returncode == 0 and none.stdout == "" and "0 gone copies" in none.stderr
    text = newsarchiver("gone", "--archive", str(db)).stdout
    assert "last seen alive" in text and "survive" in text and NOTICE in text


def test_show_and_story_mark_gone_copies(story):
    db, url = story["db"], story["urls"]["original_404"]
    shown = newsarchiver("show", url, "--archive", str(db))
    assert "status:    GONE" in shown.stdout and "http_404" in shown.stdout
    story_id = status(db, url)["story_id"]
    told = newsarchiver("story", str(story_id), "--archive", str(db))
    assert "[GONE since" in told.stdout and "surviving" in told.stdout


def test_exports_carry_the_status(story):
    db = story["db"]
    jsonl = newsarchiver("export", "--archive", str(db), "--format", "jsonl", "--no-progress")
    records = {r["url"]: r for r in map(json.loads, jsonl.stdout.splitlines())}
    assert records[story["urls"]["farm_404"]]["status"] == "gone"
    assert records[story["urls"]["restored"]]["status"] == "restored"
    copies_csv = newsarchiver("export", "--archive", str(db), "--format", "csv", "--records", "copies",
                              "--no-progress")
    by_url = {r["url"]: r for r in csv.DictReader(io.StringIO(copies_csv.stdout))}
    row = by_url[story["urls"]["redirect"]]
    assert row["status"] == "gone" and row["gone_how"] == "redirect" and row["gone_at"]


def test_the_story_page_greys_the_gone_copy(story):
    from newsarchiver.archive import webqueries
    from newsarchiver.web import pages

    db = story["db"]
    url = story["urls"]["original_404"]
    conn = webqueries.connect_readonly(db)
    try:
        context = pages.story_page(conn, status(db, url)["story_id"], pages.ServedLinks("/db"))
    finally:
        conn.close()
    greyed = [c for c in context["copies"] if "na-status-gone" in c["row_class"]]
    assert [c["url"] for c in greyed] == [url]


def test_the_archive_reader_lists_due_revisits_for_the_crawl(story):
    with ArchiveReader.open(story["db"]) as reader:
        due = reader.due_revisits({u.split("/")[2] for u in story["bases"].values()})
        assert story["urls"]["farm_404"] in due  # gone pages are still revisited (here: at once)
        assert queries.gone_copies(reader, include_missing=True)


def test_datasette_lists_them_and_the_served_story_page_greys_the_gone_copy(story):
    import urllib.request

    from .test_serve import query, serving

    db, url = story["db"], story["urls"]["original_404"]
    with serving(db) as base:
        gone = query(base, "gone")
        assert {r["url"] for r in gone} == {story["urls"][n] for n in REMOVED}
        portal = url.split("/")[2]
        assert {r["site"] for r in query(base, "gone", site=portal)} == {portal}
        originals = query(base, "original_gone")
        assert status(db, url)["story_id"] in {r["story_id"] for r in originals}
        page = urllib.request.urlopen(f"{base}/story/{status(db, url)['story_id']}", timeout=30).read().decode()
    doc = lxml.html.fromstring(page)
    greyed = doc.xpath("//li[contains(@class, 'na-status-gone')]")
    assert len(greyed) == 1 and url in greyed[0].xpath(".//a/@href")
    summary = " ".join(doc.xpath("//p[@class='na-summary']")[0].text_content().split())
    assert re.search(r"1 gone, \d+ cop(y|ies) survives?\.", summary), summary
