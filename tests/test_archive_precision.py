"""Dates as precise as the page and the poster, through the archive: stored values, migration 007, the
views that sort or subtract dates, the story's original, export filters, records and `show`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsarchiver.archive import Archive, queries, schema
from newsarchiver.archive.schema import MIGRATIONS
from newsarchiver.cli import cli
from newsarchiver.exports import Filters, iter_records
from newsarchiver.items import EXTRACT_KEYS, Article, CrawledPage, DateFound, NavLink

BODY = "海滨新码头今天正式开放，市民踊跃参观。\n\n码头能同时停靠六艘大型客船，候船大厅同时启用。"


def page(url, published, *, precision, site_name, body=BODY, source=None, poster=None, updated=None):
    article = Article(
        url=url, title="海滨新码头正式开放", body=body, authors=["刘一民"], source=source, language="zh",
        site_name=site_name, poster=poster,
        published=DateFound(published, published, "byline", precision) if published else None,
        updated=DateFound(updated, updated, "meta", "day") if updated else None,
        prev=NavLink("http://a.cn/0.html", "前一篇", "2024-05-11", "2024年5月11日"),
    )
    return CrawledPage(article=article, url=url, fetched_at="2024-05-20T06:00:00+00:00", status=200, encoding="utf-8")


def add(archive, *pages):
    with archive.batch():
        for p in pages:
            archive.add_page(p)


def test_day_only_date_is_stored_as_the_day_and_timeline_claims_no_hours(archive_path):
    with Archive(archive_path) as archive:
        add(archive,
            page("http://a.cn/1.html", "2024-05-12", precision="day", site_name="甲站", updated="2024-05-13"),
            page("http://b.cn/1.html", "2024-05-12T15:00:00+08:00", precision="minute", site_name="乙站"),
            page("http://c.cn/1.html", "2024-05-12T18:30:00+08:00", precision="minute", site_name="丙站"))
        db = archive.db
        assert db.execute("SELECT published, updated, updated_precision FROM copies WHERE url = 'http://a.cn/1.html'"
                          ).fetchone() == ("2024-05-12", "2024-05-13", "day")
        timeline = db.execute("SELECT site, published, hours_after_first FROM story_timeline ORDER BY position").fetchall()
        # the day-only copy sorts at the start of its day; with no time of day, no hours are claimed
        assert [t[0] for t in timeline] == ["a.cn", "b.cn", "c.cn"]
        assert [t[2] for t in timeline] == [None, None, None]
        # once the first copy shows a time, the others are measured from it
        db.execute("UPDATE copies SET published = '2024-05-13' WHERE url = 'http://a.cn/1.html'")
        timeline = db.execute("SELECT site, hours_after_first FROM story_timeline ORDER BY position").fetchall()
        assert timeline == [("b.cn", 0.0), ("c.cn", 3.5), ("a.cn", None)]
        latest = db.execute("SELECT site, published FROM latest_articles WHERE rank_in_site = 1 ORDER BY site").fetchall()
        assert latest[0] == ("a.cn", "2024-05-13")
        assert db.execute("SELECT published FROM links").fetchone() == ("2024-05-11",)


def test_earliest_published_original_with_a_day_only_copy(archive_path):
    with Archive(archive_path) as archive:
        add(archive,
            page("http://b.cn/1.html", "2024-05-12T09:00:00+08:00", precision="minute", site_name="乙站"),
            page("http://a.cn/1.html", "2024-05-11", precision="day", site_name="甲站"))
        story = archive.db.execute("SELECT first_published, original_reason FROM stories").fetchone()
        original = archive.db.execute(
            "SELECT c.url FROM stories st JOIN copies c ON c.id = st.original_copy_id").fetchone()[0]
    assert story == ("2024-05-11", "earliest published")
    assert original == "http://a.cn/1.html"


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # a copy dated only "2024-05" (c.cn) is in range whenever its month overlaps the range
        ("2024-05-12", "2024-05-12", {"a.cn", "b.cn", "c.cn"}),
        ("2024-05-12T12:00:00+08:00", None, {"a.cn", "b.cn", "c.cn"}),  # the day-only copy may be after noon: kept
        (None, "2024-05-12T12:00:00+08:00", {"a.cn", "c.cn"}),
        ("2024-05", "2024-05", {"a.cn", "b.cn", "c.cn"}),
        ("2024-05-13", None, {"c.cn"}),
        ("2024-06-01", None, set()),
    ],
)
def test_export_date_filters_compare_at_the_coarser_precision(archive_path, since, until, expected):
    with Archive(archive_path) as archive:
        add(archive,
            page("http://a.cn/1.html", "2024-05-12", precision="day", site_name="甲站"),
            page("http://b.cn/1.html", "2024-05-12T15:00:00+08:00", precision="minute", site_name="乙站",
                 body=BODY + "\n\n乙站另有一段。"),
            page("http://c.cn/1.html", "2024-05", precision="month", site_name="丙站", body="另一篇文章。" * 20))
        if since == "2024-05":  # a month bound is not a date bound: use the month's first and last days
            since, until = "2024-05-01", "2024-05-31"
        records = list(iter_records(archive, "articles", Filters(since=since, until=until)))
    assert {r["site"] for r in records} == expected


def test_migration_007_drops_the_invented_midnights_of_an_older_archive(archive_path, monkeypatch):
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:6])
    with Archive(archive_path) as old, old.batch():  # rows as the extractor wrote them before 007
        old.db.execute("INSERT INTO sites (id, host) VALUES (1, 'a.cn')")
        old.db.execute("INSERT INTO stories (id, fingerprint, copies, first_published) "
                       "VALUES (1, 'f', 2, '2024-05-12T00:00:00+08:00')")
        rows = [
            (1, "2024-05-12T00:00:00+08:00", "2024年5月12日", "day", "2024-05-13T00:00:00+08:00", "2024-05-13"),
            (2, "2024-05-12T00:00:00+08:00", "2024-05-12 00:00", "minute", "2024-05-13T00:00:00+08:00",
             "2024-05-13 00:00"),
        ]
        for cid, pub, raw, precision, upd, upd_raw in rows:
            old.db.execute("INSERT INTO copies (id, url, site_id, story_id, body, fingerprint, published, published_raw, "
                           "published_precision, updated, updated_raw) VALUES (?, ?, 1, 1, 'x', 'f', ?, ?, ?, ?, ?)",
                           [cid, f"http://a.cn/{cid}.html", pub, raw, precision, upd, upd_raw])
        old.db.execute("INSERT INTO links (copy_id, rel, url, published, published_raw) VALUES "
                       "(1, 'prev', 'http://a.cn/0.html', '2024-05-11T00:00:00+08:00', '2024年5月11日'), "
                       "(2, 'prev', 'http://a.cn/0.html', '2024-05-11T00:00:00+08:00', '2024-05-11 00:00')")
        old.db.execute("INSERT INTO article_versions (copy_id, version, published, updated) VALUES "
                       "(1, 1, '2024-05-12T00:00:00+08:00', '2024-05-13T00:00:00+08:00'), "
                       "(1, 2, '2024-05-10T00:00:00+08:00', NULL), "
                       "(2, 1, '2024-05-12T00:00:00+08:00', '2024-05-13T00:00:00+08:00')")
    monkeypatch.undo()
    with Archive(archive_path) as archive:
        db = archive.db
        # a version's midnight on the day its copy now shows without a time is that day; another day or
        # a copy with a time of day keeps what was stored
        assert db.execute("SELECT published, updated FROM article_versions ORDER BY copy_id, version").fetchall() == [
            ("2024-05-12", "2024-05-13"), ("2024-05-10T00:00:00+08:00", None),
            ("2024-05-12T00:00:00+08:00", "2024-05-13T00:00:00+08:00")]
        assert db.execute("SELECT id, published, updated, updated_precision FROM copies ORDER BY id").fetchall() == [
            (1, "2024-05-12", "2024-05-13", "day"),
            # the page showed "00:00": a time of day, kept
            (2, "2024-05-12T00:00:00+08:00", "2024-05-13T00:00:00+08:00", None),
        ]
        assert [r[0] for r in db.execute("SELECT published FROM links ORDER BY copy_id")] == [
            "2024-05-11", "2024-05-11T00:00:00+08:00"]
        assert db.execute("SELECT first_published FROM stories").fetchone() == ("2024-05-12",)
        assert "poster" in [r[1] for r in db.execute("PRAGMA table_info(articles)")]


def test_poster_is_a_public_field_from_extract_to_show(archive_path):
    assert EXTRACT_KEYS.index("poster") == EXTRACT_KEYS.index("editors") + 1
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html", "2024-05-12", precision="day", site_name="甲站", poster="编辑小李"))
        copy_id = archive.db.execute("SELECT id FROM copies").fetchone()[0]
        record = queries.copy_record(archive, copy_id)
        article_row = archive.db.execute("SELECT poster, authors FROM articles").fetchone()
        exported = next(iter_records(archive, "articles", Filters()))
    assert record["poster"] == "编辑小李" and exported["poster"] == "编辑小李"
    assert list(exported)[: len(EXTRACT_KEYS)] == list(EXTRACT_KEYS)
    assert article_row == ("编辑小李", '["刘一民"]')
    shown = CliRunner().invoke(cli, ["show", str(copy_id), "--archive", str(archive_path)])
    assert shown.exit_code == 0, shown.output
    assert "poster:    编辑小李" in shown.output
    assert "published: 2024-05-12  [to the day" in shown.output
    as_json = json.loads(CliRunner().invoke(cli, ["show", str(copy_id), "--archive", str(archive_path), "--json"]).output)
    assert as_json["poster"] == "编辑小李" and as_json["published"] == "2024-05-12"
