"""End-to-end: real `scrapy crawl repost` processes over the demo sites served on 127.0.0.1, into real
SQLite files; assertions on the archive's rows against the demo world's ground truth."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.items import DateFound
from newsarchiver.urls import url_key

from .e2e import ROOT, crawl, newsarchiver, rows, scrapy, serve_directory, table_counts
from .truth import published_matches


@pytest.fixture(scope="module")
def world():
    return build_world(articles=30, seed=11)


@pytest.fixture(scope="module")
def served(world):
    with DemoServer(world, port=0) as server:
        yield server


@pytest.fixture(scope="module")
def crawled(served, tmp_path_factory):
    archive = tmp_path_factory.mktemp("e2e") / "archive.db"
    first = crawl(list(served.base_urls.values()), archive)
    return archive, first


def _copy_for(db: Path, url: str) -> list[tuple]:
    return rows(db, "SELECT c.id, c.title, c.body, c.story_id, c.published, c.published_precision, c.source "
                    "FROM urls u JOIN copies c ON c.id = u.copy_id WHERE u.url = ?", url_key(url))


def _people(db: Path, copy_id: int, role: str) -> list[str]:
    return [r[0] for r in rows(db, "SELECT p.name FROM credits cr JOIN people p ON p.id = cr.person_id "
                                   "WHERE cr.copy_id = ? AND cr.role = ? ORDER BY cr.position", copy_id, role)]


def test_every_demo_article_is_archived_exactly_once(world, served, crawled):
    archive, _ = crawled
    expected = {url_key(served.url(a.site, a.path)) for a in world.articles}
    archived = {r[0] for r in rows(archive, "SELECT url FROM copies")}
    assert archived == expected, (sorted(expected - archived)[:5], sorted(archived - expected)[:5])
    assert not [u for u in archived if "/private/" in u], "robots.txt-disallowed pages were crawled"


def test_extracted_fields_match_the_truth(world, served, crawled):
    archive, _ = crawled
    problems = []
    for a in world.articles:
        (copy_id, title, body, _story, published, precision, source), = _copy_for(archive, served.url(a.site, a.path))
        got = {"title": title, "body": body, "authors": _people(archive, copy_id, "author"),
               "editors": _people(archive, copy_id, "editor"), "source": source}
        want = {"title": a.title, "body": "\n\n".join(a.paragraphs), "authors": a.authors, "editors": a.editors,
                "source": a.source}
        for key in want:
            if got[key] != want[key]:
                problems.append((a.site, a.path, key, str(want[key])[:80], str(got[key])[:80]))
        found = DateFound(published, "", "", precision) if published else None
        if not published_matches(found, a):
            problems.append((a.site, a.path, "published", a.published.isoformat(), published))
    assert not problems, "\n".join(map(str, problems[:20])) + f"\n{len(problems)} mismatches"


def test_reposts_are_one_story_with_many_copies(world, served, crawled):
    archive, _ = crawled
    story_of = defaultdict(set)
    for a in world.articles:
        story_of[a.story_key].add(_copy_for(archive, served.url(a.site, a.path))[0][3])
    assert all(len(ids) == 1 for ids in story_of.values()), "copies of one article landed in several stories"
    ids = [next(iter(s)) for s in story_of.values()]
    assert len(ids) == len(set(ids)), "different articles were merged into one story"
    multi = rows(archive, "SELECT count(*) FROM stories WHERE sites > 1")[0][0]
    assert multi == sum(1 for k in story_of if len({a.site for a in world.articles if a.story_key == k}) > 1)
    assert multi > 0


def test_prev_next_links_resolve_to_archived_copies(crawled):
    archive, _ = crawled
    total, unresolved = rows(archive, "SELECT count(*), sum(target_copy_id IS NULL) FROM links_resolved")[0]
    assert total > 0 and unresolved == 0


def test_gbk_portal_text_is_intact(world, served, crawled):
    archive, _ = crawled
    portal = next(s for s in world.sites if s.encoding.lower() in ("gbk", "gb2312", "gb18030"))
    for a in portal.articles[:5]:
        (_id, title, body, *_), = _copy_for(archive, served.url(a.site, a.path))
        assert title == a.title and a.paragraphs[0] in body
        assert "\ufffd" not in body


def test_crawl_run_is_recorded(crawled):
    archive, result = crawled
    (status, pages, new, errors), = rows(archive, "SELECT status, pages, articles_new, errors FROM crawl_runs")
    assert status == "finished" and pages > new > 0
    assert "archived:" in result.stderr


def test_second_crawl_adds_no_rows(served, crawled, tmp_path):
    archive, _ = crawled
    before = table_counts(archive)
    crawl(list(served.base_urls.values()), archive)
    after = table_counts(archive)
    assert after.pop("crawl_runs") == before.pop("crawl_runs") + 1
    # Logs, not archive content: errors of this run, and response bodies that differ from the last
    # fetch (a relative date such as "5分钟前" moves on between two crawls, and that body is kept).
    for log in ("fetch_errors", "raw_pages", "fetches"):
        after.pop(log), before.pop(log)
    assert after == before
    (new,), = rows(archive, "SELECT articles_new FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert new == 0


def test_scrapy_parse_prints_the_item(world, served):
    article = next(a for a in world.articles if a.style.doubled_title)
    untouched = ROOT / "exports" / "never-written-by-parse.db"
    result = scrapy("parse", "--spider", "repost", "--nolinks", "-s", f"NEWSARCHIVER_ARCHIVE={untouched}",
                    served.url(article.site, article.path))
    assert not untouched.exists(), "scrapy parse only looks: it must not create or write an archive"
    assert result.returncode == 0, result.stderr[-3000:]
    # the item pretty-printed: pprint may wrap a long title, so look for its start
    assert "'title': '" + article.title[:10] in result.stdout and "'body'" in result.stdout


def test_cli_crawl_shows_progress_and_summary(world, served, tmp_path):
    site = world.sites[0]
    result = newsarchiver("crawl", served.base_urls[site.name], "--archive", str(tmp_path / "a.db"),
                          "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")
    assert result.returncode == 0, result.stderr[-3000:]
    # the last progress line counts the articles of the last batch too (committed as the spider closes)
    n = len(site.articles)
    assert "done (finished): pages" in result.stderr
    assert f"| articles {n} (new {n}, changed 0, unchanged 0) |" in result.stderr.split("done (finished)")[1]
    assert f"{n} new" in result.stdout


def test_a_cms_we_did_not_write_and_bad_pages(tmp_path):
    """A hand-made site with another template, a truncated page, a binary page and a dead link."""
    archive = tmp_path / "other.db"
    with serve_directory(ROOT / "tests" / "sites" / "othercms") as base:
        crawl([base], archive)
    titles = {r[0] for r in rows(archive, "SELECT title FROM copies")}
    assert {"江城夜市重新开放 摊位数量翻倍", "城北公园新增二十公里健身步道", "老城区雨污分流改造完成过半"} <= titles
    got = {r[0]: r[1:] for r in rows(archive, "SELECT title, published, authors, editors FROM articles")}
    assert got["江城夜市重新开放 摊位数量翻倍"] == ("2023-04-02T21:40:00+08:00", '["周晓雯","丁一鸣"]', '["许文"]')
    assert got["老城区雨污分流改造完成过半"][0] == "2023-04-05T16:30:00+08:00"
    assert got["城北公园新增二十公里健身步道"][1] == '["马骏"]'
    kinds = {r[0]: r[1] for r in rows(archive, "SELECT kind, url FROM fetch_errors")}
    assert "http_404" in kinds and "not_html" in kinds
    (status, errors), = rows(archive, "SELECT status, errors FROM crawl_runs")
    assert status == "finished" and errors >= 2
    stats = json.loads(rows(archive, "SELECT stats FROM crawl_runs")[0][0])
    assert stats.get("newsarchiver/not_html") == 1


def test_the_original_is_the_copy_the_reposts_source_names(world, served, crawled):
    """Reposts with other boilerplate and, some, a rewritten sentence join the original's story; where a
    repost names its 来源 or 原文链接, the original is the portal's copy, for that reason."""
    archive, _ = crawled
    portal = world.site("haibin-portal")
    checked = 0
    for original in portal.articles:
        copies = [a for a in world.articles if a.story_key == original.story_key and a is not original]
        if not any(c.source or c.style.source_line for c in copies):
            continue
        portal_copy = _copy_for(archive, served.url(portal.name, original.path))[0]
        (original_id, reason), = rows(archive, "SELECT original_copy_id, original_reason FROM stories WHERE id = ?",
                                      portal_copy[3])
        if any(c.source == original.source for c in copies if c.source):
            assert (original_id, reason[:6]) == (portal_copy[0], "source"), original.title
            checked += 1
    assert checked > 0
    reasons = {r[0] for r in rows(archive, "SELECT story_reason FROM copies")}
    assert {"new", "exact", "near-duplicate"} <= reasons
