"""The archive: dedup by URL and by text, stories and their original, runs, search, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from newsarchiver.archive import CHANGED, NEW, UNCHANGED, Archive
from newsarchiver.archive import queries, schema
from newsarchiver.archive.schema import MIGRATIONS
from newsarchiver.archive.search import fts_query, index_text
from newsarchiver.items import Article, CrawledPage, DateFound, NavLink

BODY = "国网威海供电公司开展精致电网建设。\n\n党员突击队连续奋战十一天，工程提前完工。"


def page(url, *, body=BODY, title="精致电网建设纪实", site_name="甲站", canonical=None, authors=("刘中华", "燕亮"),
         source=None, source_url=None, published="2022-12-28T10:05:00+08:00", prev=None):
    article = Article(
        url=url, canonical_url=canonical, title=title, body=body, authors=list(authors), editors=["王五"],
        source=source, source_url=source_url,
        published=DateFound(published, "2022年12月28日 上午10:05", "byline") if published else None,
        prev=prev, language="zh", site_name=site_name,
    )
    return CrawledPage(article=article, url=url, fetched_at="2026-11-26T06:00:00+00:00", status=200, encoding="utf-8")


def add(archive, *pages):
    with archive.batch():
        return [archive.add_page(p) for p in pages]


def count(archive, table):
    return archive.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_new_then_unchanged_then_changed(archive_path):
    with Archive(archive_path) as archive:
        assert add(archive, page("http://a.cn/1.html")) == [NEW]
        assert add(archive, page("http://a.cn/1.html")) == [UNCHANGED]
        assert add(archive, page("http://a.cn/1.html", title="精致电网建设纪实（更新）")) == [CHANGED]
        assert count(archive, "copies") == 1
        assert archive.db.execute("SELECT fetch_count FROM copies").fetchone()[0] == 3


def test_url_variants_are_one_copy(archive_path):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html?utm_source=rss"), page("http://a.cn/1.html?from=home#top"),
            page("http://a.cn/1.html"))
        assert count(archive, "copies") == 1
        assert queries.find_copy_id(archive, "http://a.cn/1.html?spm=9") is not None


def test_same_site_canonical_is_the_key_but_a_cross_site_canonical_is_not(archive_path):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/p?id=1&page=1", canonical="http://a.cn/articles/1.html"))
        add(archive, page("http://a.cn/articles/1.html"))
        assert count(archive, "copies") == 1
        # a repost that declares the original as canonical stays its own copy
        add(archive, page("http://farm.cn/9.html", canonical="http://a.cn/articles/1.html", site_name="乙站"))
        assert count(archive, "copies") == 2


def test_same_text_on_two_sites_is_one_story_with_original(archive_path):
    with Archive(archive_path) as archive:
        add(
            archive,
            page("http://farm.cn/9.html", site_name="乙站", published="2022-12-29T08:00:00+08:00",
                 source="甲站", source_url="http://a.cn/1.html", body=BODY.replace("。", ". ")),
            page("http://a.cn/1.html"),
        )
        assert count(archive, "copies") == 2
        assert count(archive, "stories") == 1
        story = archive.db.execute("SELECT copies, sites, original_copy_id, original_reason FROM stories").fetchone()
        original_url = archive.db.execute("SELECT url FROM copies WHERE id = ?", [story[2]]).fetchone()[0]
        assert story[:2] == (2, 2)
        assert original_url == "http://a.cn/1.html"
        assert story[3] == "source_url names this site"


def test_changed_body_moves_the_copy_and_drops_the_empty_story(archive_path):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html"))
        add(archive, page("http://a.cn/1.html", body="完全不同的另一篇文章内容，讲述海港的变迁。"))
        assert count(archive, "stories") == 1
        assert archive.db.execute("SELECT copies FROM stories").fetchone()[0] == 1


def test_credits_links_and_views(archive_path):
    prev = NavLink("http://a.cn/0.html", "上一篇的标题", "2022-12-28T10:05:00+08:00", "2022年12月28日 上午10:05")
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/0.html", body="另一篇：海港的变迁。"), page("http://a.cn/1.html", prev=prev))
        row = archive.db.execute("SELECT authors, editors FROM articles WHERE url = 'http://a.cn/1.html'").fetchone()
        assert row == ('["刘中华","燕亮"]', '["王五"]')
        resolved = archive.db.execute("SELECT target_copy_id FROM links_resolved WHERE rel = 'prev'").fetchone()[0]
        assert resolved == queries.find_copy_id(archive, "http://a.cn/0.html")
        record = queries.copy_record(archive, queries.find_copy_id(archive, "http://a.cn/1.html"))
        assert record["prev"] == {"url": "http://a.cn/0.html", "title": "上一篇的标题",
                                  "published": "2022-12-28T10:05:00+08:00"}
        assert record["authors"] == ["刘中华", "燕亮"] and record["editors"] == ["王五"]


@pytest.mark.parametrize(
    ("query", "hits"),
    [("电网", 1), ("精致电网", 1), ("突击队", 1), ("电网 奋战", 1), ("电网 海港", 0), ("harbour", 1),
     ("HARBOUR", 1), ("供电局", 0), ('"电网*', 1), ("NEAR(电网", 0)],
)
def test_search_finds_chinese_terms_of_two_or_more_characters(archive_path, query, hits):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html"),
            page("http://a.cn/2.html", title="Harbour news", body="The harbour reopened after repairs. 海港。"))
        assert len(queries.search_copies(archive, query)) == hits


def test_search_index_is_bigrams_and_words():
    assert index_text("精致电网 Grid 2022年") == "精致 致电 电网 grid 2022 年"
    assert fts_query("电网") == '"电网"'
    assert fts_query("精致电网") == '"精致 致电 电网"'
    with pytest.raises(ValueError):
        fts_query("  ，。 ")


def test_plain_sqlite3_can_match_a_two_character_term(archive_path):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html"))
    conn = sqlite3.connect(archive_path)
    assert conn.execute("SELECT count(*) FROM copies_fts WHERE copies_fts MATCH '电网'").fetchone()[0] == 1


def test_reopening_applies_no_migration_twice(archive_path):
    Archive(archive_path).close()
    with Archive(archive_path) as archive:
        names = [r[0] for r in archive.db.execute("SELECT name FROM _migrations")]
    assert names == [name for name, _ in MIGRATIONS]


def test_an_archive_of_the_first_schema_is_upgraded_in_place(archive_path, monkeypatch):
    """An archive written before near-duplicate stories existed gets signatures for its copies."""
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:1])
    with Archive(archive_path) as old, old.batch():  # rows as the first schema had them
        old.db.execute("INSERT INTO sites (id, host) VALUES (1, 'a.cn')")
        old.db.execute("INSERT INTO stories (id, fingerprint, copies) VALUES (1, 'f', 1)")
        old.db.execute("INSERT INTO copies (id, url, site_id, story_id, body, fingerprint) "
                       "VALUES (1, 'http://a.cn/1.html', 1, 1, ?, 'f')", [BODY])
    monkeypatch.undo()
    with Archive(archive_path) as archive:
        assert count(archive, "copy_signatures") == 1 and count(archive, "lsh_bands") > 0
        add(archive, page("http://b.cn/1.html", body=BODY + "\n\n（广告）欢迎订阅。", site_name="乙站"))
        assert count(archive, "stories") == 1


def test_a_failed_batch_leaves_nothing_half_written(archive_path):
    with Archive(archive_path) as archive:
        with pytest.raises(RuntimeError):
            with archive.batch():
                archive.add_page(page("http://a.cn/1.html"))
                raise RuntimeError("killed")
        assert count(archive, "copies") == 0 and count(archive, "urls") == 0 and count(archive, "stories") == 0


def test_an_exception_in_a_with_block_rolls_the_open_batch_back(archive_path):
    """Closing on an exception must not commit a page filed half-way (issue 13, point 3)."""
    with pytest.raises(RuntimeError):
        with Archive(archive_path) as archive:
            archive.begin()
            archive.add_page(page("http://a.cn/1.html"))
            raise RuntimeError("killed")
    with Archive(archive_path) as archive:
        assert count(archive, "copies") == 0 and count(archive, "stories") == 0


def test_close_keeps_only_what_was_committed(archive_path):
    archive = Archive(archive_path)
    add(archive, page("http://a.cn/1.html"))
    archive.begin()
    archive.add_page(page("http://a.cn/2.html", body="另一篇：海港的变迁。"))
    archive.close()  # like sqlite3: an open batch is not committed behind the caller's back
    with Archive(archive_path) as archive:
        assert count(archive, "copies") == 1


def test_a_failed_savepoint_forgets_the_site_it_created(archive_path):
    """A page rolled back alone must not leave the next page pointing at the site row it had created."""
    with Archive(archive_path) as archive, archive.batch():
        with pytest.raises(RuntimeError):
            with archive.savepoint():
                archive.add_page(page("http://new.cn/1.html"))
                raise RuntimeError("bad page")
        assert archive.add_page(page("http://new.cn/2.html")) == NEW
    with Archive(archive_path) as archive:
        assert archive.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert count(archive, "sites") == 1


def test_runs_and_errors(archive_path):
    with Archive(archive_path) as archive:
        run = archive.start_run("repost", ["http://a.cn/"])
        with archive.batch():
            archive.add_error(run, "http://a.cn/x", "http_404", "Ignoring non-200 response", 404)
        archive.finish_run(run, "finished", {"pages": 3, NEW: 1, "errors": 1}, {"k": 1})
        assert archive.db.execute("SELECT status, pages, articles_new, errors FROM crawl_runs").fetchone() == (
            "finished", 3, 1, 1)


def test_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="crawl something first"):
        Archive(tmp_path / "nope.db", create=False)


LONG = ("海港城区的旧码头改造工程昨天正式完工，新建的滨水步道全长三公里。"
        "改造后的码头保留了两座老仓库，其中一座改建为城市档案馆，另一座成为市民活动中心。"
        "工程负责人介绍，步道沿线种植了四百多棵乔木，并设置了十二处观景平台。"
        "附近居民表示，过去这里堆满了废弃集装箱，如今傍晚散步的人越来越多。"
        "按照计划，码头北侧还将建设一座小型游船码头，预计明年夏天投入使用。")


def story_of(archive, url):
    return archive.db.execute("SELECT story_id, story_reason, story_similarity FROM copies c JOIN urls u "
                              "ON u.copy_id = c.id WHERE u.url = ?", [url]).fetchone()


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t + "（广告）欢迎关注本站公众号，获取更多本地资讯。",  # boilerplate added
        lambda t: t.replace("附近居民表示，过去这里堆满了废弃集装箱", "有市民说，以前这一带到处是旧货柜"),  # sentence changed
        lambda t: t.replace("按照计划，码头北侧还将建设一座小型游船码头，预计明年夏天投入使用。", ""),  # paragraph dropped
    ],
)
def test_a_near_duplicate_joins_the_story_and_says_why(archive_path, edit):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html", body=LONG),
            page("http://farm.cn/2.html", body=edit(LONG), site_name="乙站", title="【转】旧码头改造完工"))
        (s1, _, _), (s2, reason, similarity) = story_of(archive, "http://a.cn/1.html"), story_of(
            archive, "http://farm.cn/2.html")
        assert s1 == s2 and reason == "near-duplicate" and 0.5 <= similarity < 1


def test_a_different_article_on_the_same_topic_is_another_story(archive_path):
    other = ("海港城区的旧码头改造工程昨天召开听证会，市民代表对方案提出意见。"
             "有代表建议保留更多老建筑，也有人希望增加停车位。规划部门表示将在下个月公布修改后的方案。")
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html", body=LONG), page("http://a.cn/2.html", body=other))
        assert story_of(archive, "http://a.cn/1.html")[0] != story_of(archive, "http://a.cn/2.html")[0]


def test_unmerge_takes_a_copy_out_for_good(archive_path):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html", body=LONG), page("http://farm.cn/2.html", body=LONG + "（广告）",
                                                                  site_name="乙站"))
        copy_id = queries.find_copy_id(archive, "http://farm.cn/2.html")
        with archive.batch():
            new_story = archive.unmerge(copy_id)
        assert story_of(archive, "http://farm.cn/2.html")[:2] == (new_story, "unmerged")
        add(archive, page("http://farm.cn/2.html", body=LONG + "（广告）更新"))  # re-crawled, changed
        assert story_of(archive, "http://farm.cn/2.html")[0] == new_story
        assert archive.db.execute("SELECT copies FROM stories WHERE id = ?", [new_story]).fetchone()[0] == 1


def test_a_changed_page_keeps_its_previous_version_and_raw_response(archive_path):
    with Archive(archive_path) as archive:
        first = page("http://a.cn/1.html", body=LONG)
        first.raw = b"<html>first</html>"
        add(archive, first)
        again = page("http://a.cn/1.html", body=LONG)
        again.raw = b"<html>first</html>"
        assert add(archive, again) == [UNCHANGED]
        changed = page("http://a.cn/1.html", body=LONG + "本报将持续关注。", title="旧码头改造完工（更新）")
        changed.raw = b"<html>second</html>"
        assert add(archive, changed) == [CHANGED]
        versions = archive.db.execute("SELECT version, title, body FROM article_versions").fetchall()
        assert versions == [(1, "精致电网建设纪实", LONG)]
        assert archive.db.execute("SELECT version, title FROM copies").fetchone() == (2, "旧码头改造完工（更新）")
        assert count(archive, "raw_pages") == 2 and count(archive, "fetches") == 2


def test_a_relative_date_read_again_later_is_not_a_change(archive_path):
    with Archive(archive_path) as archive:
        first = page("http://a.cn/1.html", published=None)
        first.article.published = DateFound("2026-11-26T08:00:00+08:00", "6小时前", "byline", "hour")
        add(archive, first)
        later = page("http://a.cn/1.html", published=None)
        later.article.published = DateFound("2026-11-26T08:20:00+08:00", "6小时前", "byline", "hour")
        assert add(archive, later) == [UNCHANGED]


def test_search_follows_a_changed_copy(archive_path):
    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html", body=LONG))
        assert len(queries.search_copies(archive, "码头")) == 1
        # (at least NEWSARCHIVER_MIN_BODY_CHARS: a revisit with less text is an empty shell, not a version)
        add(archive, page("http://a.cn/1.html", body="新版正文只谈植树节的活动安排，别的一概不提。"))
        assert queries.search_copies(archive, "码头") == []
        assert len(queries.search_copies(archive, "植树")) == 1
        integrity = archive.db.execute("INSERT INTO copies_fts (copies_fts, rank) VALUES ('integrity-check', 1)")
        assert integrity is not None  # raises on a corrupt index


def test_search_index_written_at_commit_keeps_a_copy_changed_twice_in_one_batch_right(archive_path):
    # the index is written when the batch commits: a copy filed and changed within one batch is indexed
    # once, as it ends, and a failing item's savepoint takes its held index write with it
    with Archive(archive_path) as archive:
        with archive.batch():
            archive.add_page(page("http://a.cn/1.html", body=LONG))
            archive.add_page(page("http://a.cn/1.html", body="新版正文只谈植树节的活动安排，别的一概不提。"))
            try:
                with archive.savepoint():
                    archive.add_page(page("http://a.cn/2.html", body="另一篇讲防汛演练的文章，市民踊跃参加。"))
                    raise RuntimeError("the item fails after its copy was written")
            except RuntimeError:
                pass
        assert queries.search_copies(archive, "码头") == []
        assert len(queries.search_copies(archive, "植树")) == 1
        assert count(archive, "copies") == 1
        assert archive.db.execute("SELECT count(*) FROM copies_fts WHERE copies_fts MATCH ?",
                                  [fts_query("防汛")]).fetchone()[0] == 0  # no index row without its copy
        archive.db.execute("INSERT INTO copies_fts (copies_fts, rank) VALUES ('integrity-check', 1)")
        add(archive, page("http://a.cn/1.html", body=LONG))  # the held delete names what the index holds
        assert len(queries.search_copies(archive, "码头")) == 1
        assert queries.search_copies(archive, "植树") == []


def test_a_signature_made_from_the_text_is_the_signature_of_its_shingles():
    from newsarchiver.archive import neardup

    for text in ("", "短", "五个字正好", "新闻存档的指纹，2024年5月1日。" * 20, LONG, "Plain English, twice. " * 9):
        assert neardup.text_signature(text) == neardup.signature(neardup.shingles(text))


def test_just_now_read_again_minutes_later_is_not_a_change(archive_path):
    with Archive(archive_path) as archive:
        first = page("http://a.cn/1.html", published=None)
        first.article.published = DateFound("2026-11-26T08:00:00+08:00", "刚刚", "byline", "minute", relative=True)
        add(archive, first)
        later = page("http://a.cn/1.html", published=None)
        later.article.published = DateFound("2026-11-26T08:03:00+08:00", "3分钟前", "byline", "minute", relative=True)
        assert add(archive, later) == [UNCHANGED]
        moved = page("http://a.cn/1.html", published=None)
        moved.article.published = DateFound("2026-11-26T09:30:00+08:00", "2026-11-26 09:30", "byline", "minute")
        assert add(archive, moved) == [CHANGED]  # an absolute date that differs is a real change


def test_a_relative_update_time_read_again_across_a_minute_is_not_a_change(archive_path):
    # "33分钟前" read a minute apart resolves to the next minute: the update time is the same reading, as
    # the publication time is (this made a second version of a page in a crawl that straddled a minute)
    def reading(minute: int, raw: str):
        p = page("http://a.cn/1.html", published=None)
        p.article.published = DateFound(f"2026-11-26T08:{minute:02d}:00+08:00", raw, "byline", "minute", relative=True)
        p.article.updated = DateFound(f"2026-11-26T08:{minute:02d}:00+08:00", raw, "byline", "minute", relative=True)
        return p

    with Archive(archive_path) as archive:
        add(archive, reading(0, "33分钟前"))
        assert add(archive, reading(1, "33分钟前")) == [UNCHANGED]
        stored = archive.db.execute("SELECT published, updated FROM copies").fetchone()
        assert stored == ("2026-11-26T08:00:00+08:00", "2026-11-26T08:00:00+08:00")
        moved = page("http://a.cn/1.html", published=None)
        moved.article.published = DateFound("2026-11-26T08:00:00+08:00", "33分钟前", "byline", "minute", relative=True)
        moved.article.updated = DateFound("2026-11-26T10:30:00+08:00", "2026-11-26 10:30", "byline", "minute")
        assert add(archive, moved) == [CHANGED]  # an absolute update time that differs is a real change


# -- near-duplicate signatures are only compared with signatures made the same way (issue 17) ----------
def test_an_archive_recorded_with_another_signature_scheme_is_refused(archive_path):
    from newsarchiver.archive import SignatureSchemeMismatch
    from newsarchiver.archive.neardup import scheme_id

    with Archive(archive_path) as archive:
        add(archive, page("http://a.cn/1.html", body=LONG))
        assert archive.info("minhash_scheme") == scheme_id()
        with archive.batch():  # as if datasketch 1.x (its "legacy" scheme) had made the stored signatures
            archive.db.execute("UPDATE archive_info SET value = 'minhash-legacy-perm64-seed1-crc32-k5-nfkc:0' "
                               "WHERE key = 'minhash_scheme'")
    with pytest.raises(SignatureSchemeMismatch, match="minhash-legacy.*migrate --rebuild-signatures"):
        Archive(archive_path)
    with Archive(archive_path, verify_signatures=False) as archive, archive.batch():
        assert archive.rebuild_signatures() == 1
    with Archive(archive_path) as archive:  # recorded again: accepted, and matching works
        assert archive.info("minhash_scheme") == scheme_id()
        add(archive, page("http://farm.cn/2.html", body=LONG + "（广告）欢迎订阅。", site_name="乙站"))
        assert story_of(archive, "http://farm.cn/2.html")[1] == "near-duplicate"


def test_upgrading_an_archive_whose_signatures_this_version_did_not_make_records_unknown(archive_path, monkeypatch):
    from click.testing import CliRunner

    from newsarchiver.archive import SignatureSchemeMismatch
    from newsarchiver.cli import cli

    # an archive lacking 009 (today's filing code needs the migrations after it)
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in MIGRATIONS if m[0] != "009_archive_identity"])
    with Archive(archive_path) as old:
        add(old, page("http://a.cn/1.html", body=LONG))
        with old.batch():  # values another MinHash made
            old.db.execute("UPDATE copy_signatures SET signature = randomblob(256)")
    monkeypatch.undo()
    with pytest.raises(SignatureSchemeMismatch, match="made with unknown"):
        Archive(archive_path)
    result = CliRunner().invoke(cli, ["reextract", "--archive", str(archive_path)])
    assert result.exit_code == 1 and "--rebuild-signatures" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["migrate", "--rebuild-signatures", "--archive", str(archive_path)])
    assert result.exit_code == 0 and "recomputed the near-duplicate signatures of 1 copies" in result.stderr
    assert CliRunner().invoke(cli, ["reextract", "--archive", str(archive_path)]).exit_code == 0


def test_the_scheme_id_follows_the_values_a_library_computes(monkeypatch):
    from newsarchiver.archive import neardup

    current = neardup.scheme_id()
    neardup.scheme_id.cache_clear()
    neardup._template.cache_clear()
    monkeypatch.setattr(neardup, "PERMUTATION_SCHEME", "legacy")  # datasketch 1.x's values
    try:
        assert neardup.scheme_id() != current
    finally:
        neardup.scheme_id.cache_clear()
        neardup._template.cache_clear()
