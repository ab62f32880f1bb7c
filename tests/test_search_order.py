"""The orders of search results: auto (relevance for few matches, title matches first for many), title, archived."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsarchiver.archive import Archive, ArchiveReader, queries, search
from newsarchiver.cli import cli
from newsarchiver.items import Article, CrawledPage

FILLER = "市民服务中心延长了周末的开放时间，窗口增加到十二个。"


def page(n: int, title: str, body: str, host: str = "a.example") -> CrawledPage:
    url = f"http://{host}/news/{n}.html"
    article = Article(url=url, title=title, body=body, authors=[], language="zh", site_name=host)
    return CrawledPage(article=article, url=url, fetched_at="2026-04-01T00:00:00+00:00")


#: (title, body, host) in the order they are archived; "湿地" is the term searched
PAGES = [
    ("湿地公园开园", f"{FILLER}\n\n第一篇", "a.example"),
    ("老街改造完工", f"{FILLER}\n\n湿地就在老街的东边。第二篇", "a.example"),
    ("湿地观鸟季开始", f"{FILLER}\n\n第三篇", "b.example"),
    ("公交线路调整", f"{FILLER}\n\n去湿地的公交改线了，湿地湿地。第四篇", "b.example"),
    ("图书馆夜间开放", f"{FILLER}\n\n第五篇", "a.example"),
    ("湿地保护条例通过", f"{FILLER}\n\n湿地保护。第六篇", "a.example"),
    ("菜市场搬迁", f"{FILLER}\n\n湿地旁的菜市场。第七篇", "b.example"),
]


@pytest.fixture
def archive(archive_path):
    with Archive(archive_path) as a, a.batch():
        for n, (title, body, host) in enumerate(PAGES):
            a.add_page(page(n, title, body, host))
    reader = ArchiveReader.open(archive_path)
    yield reader
    reader.close()


def ids(archive, titles):
    by_title = dict(archive.db.execute("SELECT title, id FROM copies").fetchall())
    return [by_title[t] for t in titles]


def test_auto_ranks_by_relevance_when_few_copies_match(archive):
    assert queries.search_order(archive, "湿地") == "relevance"
    auto = queries.search_copies(archive, "湿地", limit=100)
    assert auto == queries.search_copies(archive, "湿地", limit=100, order="relevance")
    assert all(r["rank"] is not None for r in auto) and len(auto) == 6


def test_auto_lists_title_matches_first_when_more_copies_match_than_it_ranks(archive, monkeypatch):
    monkeypatch.setattr(search, "RANK_AT_MOST", 5)  # 6 copies match
    assert queries.search_order(archive, "湿地") == "title"
    auto = [r["id"] for r in queries.search_copies(archive, "湿地", limit=100)]
    # the three with 湿地 in the title, archived last first, then the three with it only in the body
    assert auto == ids(archive, ["湿地保护条例通过", "湿地观鸟季开始", "湿地公园开园",
                                 "菜市场搬迁", "公交线路调整", "老街改造完工"])
    assert [r["rank"] for r in queries.search_copies(archive, "湿地")] == [None] * 6
    monkeypatch.setattr(search, "RANK_AT_MOST", 6)
    assert queries.search_order(archive, "湿地") == "relevance"


def test_title_order_pages_cover_every_match_once(archive):
    match = search.fts_query("湿地")
    whole = search.ordered_matches(archive.db, match, "title", limit=100)
    pages = [search.ordered_matches(archive.db, match, "title", limit=2, offset=o) for o in (0, 2, 4, 6)]
    assert [row for p in pages for row in p] == whole and len(whole) == 6 and pages[-1] == []


@pytest.mark.parametrize("small_site", [0, 1000], ids=["matches-read-until-on-the-site", "site-copies-looked-up"])
@pytest.mark.parametrize("order", ["title", "archived"])
def test_a_site_filter_finds_the_same_copies_either_way(archive, monkeypatch, small_site, order):
    monkeypatch.setattr(search, "SMALL_SITE", small_site)
    match = search.fts_query("湿地")
    everything = search.ordered_matches(archive.db, match, order, limit=100)
    on_b = set(ids(archive, [t for t, _, host in PAGES if host == "b.example"]))
    assert search.ordered_matches(archive.db, match, order, limit=100, site="b.example") == \
        [row for row in everything if row[0] in on_b]
    assert search.ordered_matches(archive.db, match, order, limit=1, offset=1, site="b.example") == \
        [row for row in everything if row[0] in on_b][1:2]
    assert search.ordered_matches(archive.db, match, order, limit=100, site="nowhere.example") == []


def test_title_order_with_a_site_filter_and_every_term(archive):
    on_b = [r["id"] for r in queries.search_copies(archive, "湿地", order="title", site="b.example")]
    assert on_b == ids(archive, ["湿地观鸟季开始", "菜市场搬迁", "公交线路调整"])
    # both terms in the title come first; 湿地 in the title and 保护 only in the body does not count as a title hit
    both = [r["id"] for r in queries.search_copies(archive, "湿地 条例", order="title")]
    assert both == ids(archive, ["湿地保护条例通过"])
    with pytest.raises(ValueError):
        queries.search_copies(archive, "湿地", order="newest")


def test_cli_says_when_auto_did_not_rank_by_relevance(archive, archive_path, monkeypatch):
    path = str(archive_path)
    runner = CliRunner()
    quiet = runner.invoke(cli, ["search", "湿地", "--archive", path, "--json"])
    assert quiet.exit_code == 0 and "note:" not in quiet.stderr
    monkeypatch.setattr(search, "RANK_AT_MOST", 5)
    noted = runner.invoke(cli, ["search", "湿地", "--archive", path, "--json"])
    assert noted.exit_code == 0, noted.output
    assert "more than 5 copies match" in noted.stderr and "--sort relevance" in noted.stderr
    assert [json.loads(line)["title"] for line in noted.stdout.splitlines()][:3] == [
        "湿地保护条例通过", "湿地观鸟季开始", "湿地公园开园"]
    forced = runner.invoke(cli, ["search", "湿地", "--archive", path, "--json", "--sort", "relevance"])
    assert "note:" not in forced.stderr
    assert [json.loads(line)["rank"] is not None for line in forced.stdout.splitlines()] == [True] * 6
