"""Disappearances in the archive (archive/copystatus.py): a copy's status through revisits that find it removed,
unreachable or back, the evidence kept, stories' surviving copies, the revisit schedule around it, and the
"what changed" summary stored with every version (archive/changes.py). Filed through ``Archive.file_item``,
the path a crawl takes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from newsarchiver.archive import GONE, Archive, queries, schema
from newsarchiver.archive.changes import summary, what_changed
from newsarchiver.archive.schema import MIGRATIONS
from newsarchiver.items import Article, CrawledPage, FetchFailure, NotModified, Vanished
from newsarchiver.schedule import RevisitSchedule, vanish_speedup

BODY = "\n\n".join(f"第{i}段：北辰市今年新建的{i * 3}座口袋公园已经全部开放，附近居民每天傍晚都会来散步、下棋和跳广场舞。"
                   for i in range(1, 7))
ORIGINAL = "http://origin.cn/news/1.html"
REPOST = "http://farm.cn/r/1.html"
NOTICE = "该内容已被删除，请浏览其他文章。"


def page(url: str, *, title: str = "北辰市口袋公园全部开放", body: str = BODY, authors: list[str] | None = None,
         at: str | None = None, site_name: str | None = None) -> CrawledPage:
    article = Article(url=url, title=title, body=body, authors=authors or ["林晓"], language="zh",
                      site_name=site_name or url.split("/")[2].split(".")[0])
    return CrawledPage(article=article, url=url, fetched_at=at or datetime.now(UTC).isoformat(timespec="seconds"),
                       raw=f"<html>{title}{body}</html>".encode())


def file(archive: Archive, *items: object) -> list[str | None]:
    with archive.batch():
        return [archive.file_item(item) for item in items]


def copy(archive: Archive, url: str) -> dict:
    cursor = archive.db.execute("SELECT * FROM copies WHERE url = ?", [url])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))


def events(archive: Archive, url: str) -> list[tuple]:
    return archive.db.execute("SELECT e.kind, e.status, e.http_status, e.target_url, e.notice FROM copy_events e "
                              "JOIN copies c ON c.id = e.copy_id WHERE c.url = ? ORDER BY e.id", [url]).fetchall()


def not_found(url: str = REPOST) -> FetchFailure:
    return FetchFailure(url, "http_404", "Ignoring non-200 response", 404)


@pytest.fixture
def archive(archive_path):
    with Archive(archive_path, schedule=RevisitSchedule.parse("6h,1d", "60d")) as a:
        file(a, page(ORIGINAL, site_name="北辰日报"), page(REPOST))
        yield a


def test_a_copy_starts_alive_and_its_story_counts_every_copy_as_surviving(archive):
    assert copy(archive, REPOST)["status"] == "alive"
    assert archive.db.execute("SELECT copies, surviving FROM stories").fetchall() == [(2, 2)]


def test_two_404s_in_a_row_make_a_copy_gone_first_seen_gone_at_the_first(archive):
    before = copy(archive, REPOST)
    assert file(archive, not_found()) == [GONE]
    first = copy(archive, REPOST)
    assert first["status"] == "missing" and first["gone_how"] == "http_404" and first["gone_streak"] == 1
    assert archive.db.execute("SELECT surviving FROM stories").fetchone() == (2,)  # not believed yet
    file(archive, not_found())
    gone = copy(archive, REPOST)
    assert gone["status"] == "gone" and gone["gone_at"] == first["gone_at"] and gone["gone_streak"] == 2
    assert gone["last_seen"] == before["last_seen"]  # last seen alive
    assert archive.db.execute("SELECT copies, surviving FROM stories").fetchall() == [(2, 1)]
    assert events(archive, REPOST) == [("http_404", "missing", 404, None, None), ("http_404", "gone", 404, None, None)]
    # nothing archived is touched: text, hash, raw page, signature, search
    for column in ("title", "body", "content_hash", "raw_sha256", "version", "fingerprint"):
        assert gone[column] == before[column], column
    assert [r["id"] for r in queries.search_copies(archive, "口袋公园")] == [copy(archive, ORIGINAL)["id"], gone["id"]]


def test_gone_after_one_makes_a_copy_gone_at_the_first_404(archive_path):
    with Archive(archive_path, gone_after=1) as a:
        file(a, page(REPOST), not_found())
        assert copy(a, REPOST)["status"] == "gone"


@pytest.mark.parametrize("failure", [FetchFailure(REPOST, "http_503", "Service Unavailable", 503),
                                     FetchFailure(REPOST, "timeout", "took longer than 30 s"),
                                     FetchFailure(REPOST, "offsite_redirect", "to another site")])
def test_a_5xx_or_a_timeout_is_not_gone_but_counted_and_retried_soon(archive, failure):
    assert file(archive, failure, failure) == ["errors", "errors"]
    row = copy(archive, REPOST)
    assert row["status"] == "alive" and row["failed_visits"] == 2 and row["gone_at"] is None
    assert [e[0] for e in events(archive, REPOST)] == ["unreachable", "unreachable"]
    due = datetime.fromisoformat(row["next_visit"]) - datetime.fromisoformat(row["last_checked"] or row["last_seen"])
    assert due <= timedelta(hours=6, seconds=5)  # the schedule's first interval, not the next one
    file(archive, page(REPOST))
    assert copy(archive, REPOST)["failed_visits"] == 0


def test_a_404_then_the_page_again_was_a_blip(archive):
    file(archive, not_found(), page(REPOST))
    row = copy(archive, REPOST)
    assert row["status"] == "alive" and row["gone_at"] is None and row["gone_streak"] == 0
    assert [e[:2] for e in events(archive, REPOST)] == [("http_404", "missing"), ("alive", "alive")]


def test_a_gone_copy_that_comes_back_is_restored_with_its_dates_kept(archive):
    file(archive, not_found(), not_found())
    gone_at = copy(archive, REPOST)["gone_at"]
    file(archive, NotModified(REPOST))  # a 304 to the old validators: the same page is back
    row = copy(archive, REPOST)
    assert row["status"] == "restored" and row["gone_at"] == gone_at and row["restored_at"] >= gone_at
    assert archive.db.execute("SELECT surviving FROM stories").fetchone() == (2,)
    assert [e[:2] for e in events(archive, REPOST)][-1] == ("alive", "restored")
    assert archive.status_counts == {"gone": 2, "restored": 1}
    stats = queries.archive_stats(archive)
    assert (stats["copies_missing"], stats["copies_gone"], stats["copies_restored"]) == (0, 0, 1)


@pytest.mark.parametrize("how, extra", [
    ("removal_notice", {"notice": NOTICE, "page_text": f"提示\n{NOTICE}\n返回首页"}),
    ("empty_shell", {"detail": "other page, no title, 0 characters of body", "page_text": "首页\n新闻"}),
    ("redirect", {"target": "http://farm.cn/", "status": 302}),
])
def test_a_page_found_removed_is_evidence_never_a_version(archive, how, extra):
    before = copy(archive, REPOST)
    notice_page = f"<html><body>{NOTICE}</body></html>".encode()
    item = Vanished(REPOST, how, datetime.now(UTC).isoformat(timespec="seconds"), raw=notice_page, **extra)
    assert file(archive, item) == [GONE]
    row = copy(archive, REPOST)
    assert row["status"] == "missing" and row["gone_how"] == how
    for column in ("title", "body", "content_hash", "raw_sha256", "version"):
        assert row[column] == before[column], column
    assert archive.db.execute("SELECT count(*) FROM article_versions").fetchone() == (0,)
    assert queries.search_copies(archive, "删除") == []
    kind, status, http, target, notice = events(archive, REPOST)[0]
    assert (kind, target, notice) == (how, extra.get("target"), extra.get("notice"))
    stored = archive.db.execute("SELECT e.raw_sha256, f.raw_sha256 FROM copy_events e LEFT JOIN fetches f "
                                "ON f.raw_sha256 = e.raw_sha256 WHERE e.copy_id = ?", [row["id"]]).fetchone()
    if how == "redirect":  # the home page it led to is no evidence about the copy's own page
        assert stored == (None, None)
    else:  # the page as served is kept (and exported to WARC), never as the copy's raw page
        assert stored[0] and stored[0] == stored[1] and archive.raw_pages.read(stored[0]) == notice_page


def test_a_notice_that_still_prints_the_archived_text_was_misread_not_removed(archive):
    item = Vanished(REPOST, "removal_notice", datetime.now(UTC).isoformat(timespec="seconds"), notice="已删除",
                    page_text="已删除的旧闻\n" + BODY)
    assert file(archive, item) == ["unchanged"]
    assert copy(archive, REPOST)["status"] == "alive"
    assert [e[0] for e in events(archive, REPOST)] == ["misread"]


def test_a_revisit_with_only_the_sites_template_left_is_an_empty_shell(archive_path):
    """The spider judges a page with the site's own paragraphs in it; the archive, which knows them, sees
    that nothing else is left."""
    slogan = "每天三分钟，读懂身边的大事小情，本站陪你看见城市的变化。"
    with Archive(archive_path, template_min_stories=2) as a:
        topics = ("港口第三季度的集装箱吞吐量同比增长", "老城区旧改完成后居民陆续喜迁新居", "职业教育中心今年新招了一批毕业生")
        for n, topic in enumerate(topics, 1):
            body = f"{slogan}\n\n" + "\n\n".join(f"{topic}，这是第{n}篇报道的第{k}段，内容各不相同。" for k in range(4))
            file(a, page(f"http://farm.cn/r/{n}.html", title=f"标题{n}", body=body))
        assert a.template_blocks(min_stories=2), "the slogan was learned as the site's template"
        result = file(a, page("http://farm.cn/r/1.html", title="", body=slogan))
        assert result == [GONE]
        row = copy(a, "http://farm.cn/r/1.html")
        assert row["status"] == "missing" and row["gone_how"] == "empty_shell" and row["title"] == "标题1"


def test_stories_whose_original_is_gone_but_copies_survive(archive):
    file(archive, not_found(ORIGINAL), not_found(ORIGINAL))
    rows = archive.db.execute("SELECT original_site, surviving, copies FROM stories_original_gone").fetchall()
    assert rows == [("origin.cn", 1, 2)]
    (gone,) = queries.gone_copies(archive)
    assert gone["copy_id"] == copy(archive, ORIGINAL)["id"] and gone["is_original"]
    assert [c["url"] for c in gone["surviving"]] == [REPOST]


def test_gone_lists_by_site_and_since_and_missing_only_on_request(archive):
    file(archive, not_found(ORIGINAL), not_found(ORIGINAL), not_found(REPOST))
    assert [g["site"] for g in queries.gone_copies(archive)] == ["origin.cn"]
    assert {g["site"] for g in queries.gone_copies(archive, include_missing=True)} == {"origin.cn", "farm.cn"}
    assert queries.gone_copies(archive, site="farm.cn") == []
    assert queries.gone_copies(archive, since="2999-01-01") == []
    assert len(queries.gone_copies(archive, since="2000-01-01")) == 1


def test_a_missing_copy_is_revisited_soon_a_gone_one_weekly_then_no_more(archive_path):
    with Archive(archive_path, schedule=RevisitSchedule.parse("6h,1d", "60d"), gone_revisit="7d") as a:
        file(a, page(REPOST))
        file(a, not_found())
        row = copy(a, REPOST)
        assert _hours(row["next_visit"], row["last_checked"]) == pytest.approx(6, abs=0.01)
        file(a, not_found())
        row = copy(a, REPOST)
        assert _hours(row["next_visit"], row["last_checked"]) == pytest.approx(7 * 24, abs=0.01)
        with a.batch():  # gone for 58 days: the next weekly revisit would be past the 60 days
            a.db.execute("UPDATE copies SET gone_at = ?",
                         [(datetime.now(UTC) - timedelta(days=58)).isoformat(timespec="seconds")])
        file(a, not_found())
        assert copy(a, REPOST)["next_visit"] is None


def _hours(later: str, earlier: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds() / 3600


def test_sites_where_copies_vanish_often_are_revisited_faster(archive_path):
    schedule = RevisitSchedule.parse("8h,1d", "60d")
    with Archive(archive_path, schedule=schedule, gone_after=1) as a:
        for n in range(25):
            file(a, page(f"http://fickle.cn/{n}.html", title=f"标题{n}", body=BODY.replace("北辰", f"第{n}城")))
            file(a, page(f"http://steady.cn/{n}.html", title=f"标题{n}", body=BODY.replace("北辰", f"第{n}镇")))
        assert a.revisits.schedule_for("fickle.cn").intervals == schedule.intervals
        file(a, *[not_found(f"http://fickle.cn/{n}.html") for n in range(6)])  # 6 of 25: 24 %
        a.revisits._speedups.clear()  # counted again (every 10 minutes in a crawl)
        assert a.revisits.schedule_for("fickle.cn").intervals == (timedelta(hours=2), timedelta(hours=6))
        assert a.revisits.schedule_for("steady.cn").intervals == schedule.intervals
    with Archive(archive_path, schedule=schedule, adaptive_revisits=False) as a:
        assert a.revisits.schedule_for("fickle.cn").intervals == schedule.intervals


@pytest.mark.parametrize("vanished, recent, factor", [(0, 100, 1), (5, 100, 2), (19, 100, 2), (20, 100, 4),
                                                      (10, 19, 1)])
def test_vanish_speedup_rule(vanished, recent, factor):
    assert vanish_speedup(vanished, recent) == factor


def test_faster_schedules_stop_at_an_hour_unless_already_shorter():
    assert RevisitSchedule.parse("2h,6h,0s", "60d").faster(4).intervals == \
        (timedelta(hours=1), timedelta(hours=1.5), timedelta(0))


# -- edits ------------------------------------------------------------------------------------------------
def test_a_changed_copy_stores_what_changed_with_its_version(archive):
    paragraphs = BODY.split("\n\n")
    rewritten = "\n\n".join(paragraphs[:2] + ["第3段：这一段被悄悄改写了，原来的数字不见了。"] + paragraphs[3:5])
    file(archive, page(REPOST, title="北辰市口袋公园开放（更新）", body=rewritten, authors=["林晓", "周建国"]))
    (changes,) = [json.loads(r[0]) for r in archive.db.execute("SELECT changes FROM article_versions")]
    assert changes["fields"] == ["title", "authors"]
    assert changes["removed"] == [paragraphs[2], paragraphs[5]]
    assert changes["added"] == ["第3段：这一段被悄悄改写了，原来的数字不见了。"]
    assert summary(changes) == "title, authors changed; 1 paragraph added, 2 removed"
    shown = queries.copy_details(archive, copy(archive, REPOST)["id"])
    assert shown["versions"][0]["changes"] == changes


def test_what_changed_compares_only_what_both_versions_hold():
    assert what_changed({"title": "a", "body": "x"}, {"title": "a", "authors": ["b"], "body": "x"}) == \
        {"fields": [], "removed": [], "added": []}
    assert what_changed({"authors": '["甲","乙"]'}, {"authors": ["甲", "乙"]})["fields"] == []
    assert what_changed({"links": {"next": "u"}}, {"links": {"next": "v"}})["fields"] == ["links"]


def test_migration_010_backfills_version_changes_and_surviving_copies(archive_path, monkeypatch):
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < "010"])
    import newsarchiver.archive.stories as stories

    monkeypatch.setattr(stories.Stories, "refresh", _refresh_without_status)
    monkeypatch.setattr("newsarchiver.archive.filing.Filing._save_version", _save_version_before_010)
    monkeypatch.setattr("newsarchiver.archive.copystatus.CopyStatus.seen_alive", lambda *a, **k: None)
    monkeypatch.setattr("newsarchiver.archive.revisits.Revisits.visited", lambda *a, **k: None)
    with Archive(archive_path) as old:
        file(old, page(REPOST))
        file(old, page(REPOST, title="改过的标题"))
        assert "changes" not in {r[1] for r in old.db.execute("PRAGMA table_info(article_versions)")}
    monkeypatch.undo()
    with Archive(archive_path) as upgraded:
        assert "010_copy_status" in upgraded.migrated
        (changes,) = [json.loads(r[0]) for r in upgraded.db.execute("SELECT changes FROM article_versions")]
        assert changes["fields"] == ["title"]
        assert upgraded.db.execute("SELECT copies, surviving FROM stories").fetchall() == [(1, 1)]
        assert copy(upgraded, REPOST)["status"] == "alive"


def _refresh_without_status(self, story_id: int) -> None:
    rows = self.db.execute("SELECT count(*) FROM copies WHERE story_id = ?", [story_id]).fetchone()[0]
    self.db.execute("UPDATE stories SET copies = ?, sites = 1 WHERE id = ?", [rows, story_id])


def _save_version_before_010(self, copy_id: int, now: str, new: dict) -> None:
    self.db.execute("INSERT INTO article_versions (copy_id, version, title, body, authors, valid_from, valid_to) "
                    "SELECT id, version, title, body, '[\"林晓\"]', first_seen, ? FROM copies WHERE id = ?",
                    [now, copy_id])


def test_a_short_article_whose_new_title_mentions_a_deletion_is_a_version_not_a_notice(archive):
    """A revisit may find a short article edited, its title now reporting a deletion: that is a change
    (the text is more than a notice), not a removal."""
    edited = "某平台回应网友关切，称涉事视频已被删除，今后将加强审核，并向受影响的用户致歉。"
    assert file(archive, page(REPOST, title="平台回应：涉事视频已被删除", body=edited)) == ["changed"]
    assert copy(archive, REPOST)["status"] == "alive" and copy(archive, REPOST)["title"] == "平台回应：涉事视频已被删除"
