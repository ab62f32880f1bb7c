"""Issue 16 on real CMSes (tests/cms/): a real WordPress and a real Z-BlogPHP farm are crawled, then their
editors take posts down through the CMSes' own PHP code — WordPress's wp_trash_post() and wp_delete_post(),
a post replaced by a removal notice (wp_update_post), a post redirected to the home page (wp_safe_redirect
in a must-use plugin, as redirection plugins do), a rewrite; Z-BlogPHP's DelArticle(), a post turned back
into a draft (its way of hiding one: it has no trash), a notice, a rewrite — and one post of each is put
back. What each CMS then answers (its own 404 pages, 200s, 301s) must be recorded as the issue says,
nothing archived lost, no removal notice in any story's text.

These sites are started for this module alone (tests/cms/fixtures.py): the posts it takes down must not
disappear under the scoring tests, which share the session's sites. Crawls use documented settings to make
revisits due (``NEWSARCHIVER_REVISIT=0s``, ``NEWSARCHIVER_GONE_REVISIT=0s``) and
``NEWSARCHIVER_GONE_AFTER=1``, so that one crawl after the changes makes a copy gone (the two-revisit rule
itself is tested on the demo sites, tests/test_disappearances.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsarchiver.archive.search import fts_query
from newsarchiver.urls import url_key
from tests.cms.fixtures import CmsFixtures, missing
from tests.cms.scoring import CRAWL_SETTINGS

from .e2e import crawl, newsarchiver, rows

pytestmark = pytest.mark.skipif(missing("wordpress") is not None, reason=f"WordPress fixture: {missing('wordpress')}")

SETTINGS = {**CRAWL_SETTINGS, "NEWSARCHIVER_REVISIT": "0s", "NEWSARCHIVER_GONE_REVISIT": "0s",
            "NEWSARCHIVER_GONE_AFTER": "1"}
NOTICE = "抱歉，该文章已被删除"
REWRITE = "本文发布后经过修改：原文第一段的内容已被替换为这一段新的说明文字，以便读者了解最新的安排。"

#: case -> (cms, action before crawl 2, status after crawl 2, gone_how, http status of the evidence)
CASES = {
    "wp_trash": ("wordpress", "trash", "gone", "http_404", 404),
    "wp_delete_original": ("wordpress", "delete", "gone", "http_404", 404),
    "wp_notice": ("wordpress", "notice", "gone", "removal_notice", 200),
    "wp_redirect": ("wordpress", "redirect_home", "gone", "redirect", 301),
    "wp_rewrite": ("wordpress", "rewrite", "alive", None, None),
    "wp_restored": ("wordpress", "trash", "gone", "http_404", 404),
    "zb_delete": ("zblogphp", "delete", "gone", "http_404", 404),
    "zb_draft": ("zblogphp", "draft", "gone", "http_404", 404),
    "zb_notice": ("zblogphp", "notice", "gone", "removal_notice", 200),
    "zb_rewrite": ("zblogphp", "rewrite", "alive", None, None),
    "zb_restored": ("zblogphp", "draft", "gone", "http_404", 404),
}
RESTORE = {"wp_restored": "untrash", "zb_restored": "publish"}


def copy_row(db: Path, url: str) -> dict:
    names = ("id", "status", "gone_at", "gone_how", "last_seen", "restored_at", "title", "body", "content_hash",
             "raw_sha256", "story_id", "version")
    found = rows(db, f"SELECT {', '.join('c.' + n for n in names)} FROM urls u JOIN copies c ON c.id = u.copy_id "
                     "WHERE u.url = ?", url_key(url))
    assert found, f"{url} was not archived"
    return dict(zip(names, found[0]))


@pytest.fixture(scope="module")
def cms(tmp_path_factory):
    fixtures = CmsFixtures()
    try:
        wordpress = fixtures.start_wordpress()
        zblog = fixtures.start_zblog() if missing("zblogphp") is None else None
        yield fixtures, wordpress, zblog
    finally:
        fixtures.close()


def archived(db: Path, url: str) -> bool:
    return bool(rows(db, "SELECT 1 FROM urls WHERE url = ?", url_key(url)))


def pick_posts(db: Path, wordpress, zblog) -> dict[str, dict]:
    """One archived post per case (issue 11: a few very short posts are not): WordPress's deleted one is an
    original the farm reposts."""
    wp_posts = [p for p in wordpress.truth()["posts"] if p["kind"] == "post" and archived(db, p["url"])]
    zb_posts = [p for p in zblog.truth()["posts"] if p["kind"] == "post" and archived(db, p["url"])] if zblog else []
    reposted = {p["meta"].get("original_url") for p in zb_posts if (p["meta"] or {}).get("original_url")}
    original = next(p for p in wp_posts if p["url"] in reposted)
    others = iter(p for p in wp_posts if p is not original)
    picked = {"wp_delete_original": original}
    for case in ("wp_trash", "wp_notice", "wp_redirect", "wp_rewrite", "wp_restored"):
        picked[case] = next(others)
    if zblog:  # reposts of other posts than the one deleted on WordPress, whose bodies are long enough
        farm = iter(p for p in zb_posts if (p["meta"] or {}).get("original_url") not in (None, original["url"]))
        for case in ("zb_delete", "zb_draft", "zb_notice", "zb_rewrite", "zb_restored"):
            picked[case] = next(farm)
    return picked


@pytest.fixture(scope="module")
def story(cms, tmp_path_factory):
    _, wordpress, zblog = cms
    sites = {"wordpress": wordpress, "zblogphp": zblog}
    db = tmp_path_factory.mktemp("cms-gone") / "archive.db"
    urls = [wordpress.url] + ([zblog.url] if zblog else [])
    crawl(urls, db, **SETTINGS)  # 1: everything archived
    picked = pick_posts(db, wordpress, zblog)
    before = {case: copy_row(db, post["url"]) for case, post in picked.items()}
    for case, post in picked.items():
        cms_name, action = CASES[case][:2]
        text = {"notice": NOTICE, "rewrite": REWRITE}.get(action, "")
        sites[cms_name].change(action, post["id"], text)
    crawl(urls, db, **SETTINGS)  # 2: each change seen
    after = {case: copy_row(db, post["url"]) for case, post in picked.items()}
    for case, action in RESTORE.items():
        if case in picked:
            sites[CASES[case][0]].change(action, picked[case]["id"])
    crawl(urls, db, **SETTINGS)  # 3: the restored posts are back
    last = {case: copy_row(db, post["url"]) for case, post in picked.items()}
    truths = [site.truth() for site in (wordpress, zblog) if site]  # what the CMSes publish now, and before
    posts = [p for t in truths for p in t["posts"]] + list(picked.values())
    listings = [item["url"] for t in truths for item in t["listings"]]
    return {"db": db, "picked": picked, "before": before, "after": after, "last": last, "posts": posts,
            "listings": listings, "urls": {"wordpress": wordpress.url, "zblogphp": zblog.url if zblog else None}}


def cases_of(story: dict) -> list[str]:
    return [case for case in CASES if case in story["picked"]]


def test_each_change_is_recorded_as_the_cms_answered_it(story):
    db = story["db"]
    for case in cases_of(story):
        _, _, status, how, http = CASES[case]
        row = story["after"][case]
        assert (row["status"], row["gone_how"]) == (status, how), case
        if how is None:
            continue
        assert row["last_seen"] == story["before"][case]["last_seen"] < row["gone_at"], case
        (event,) = rows(db, "SELECT kind, http_status, target_url, notice FROM copy_events WHERE copy_id = ? "
                            "AND run_id = (SELECT max(id) - 1 FROM crawl_runs)", row["id"])
        assert event[:2] == (how, http), case
        if how == "redirect":
            assert event[2] == story["urls"]["wordpress"], "WordPress sends it to its home page"
        if how == "removal_notice":
            assert NOTICE in event[3], case


def test_nothing_archived_is_lost_and_no_notice_enters_a_story(story):
    db = story["db"]
    for case in cases_of(story):
        if CASES[case][3] is None:
            continue
        for column in ("title", "body", "content_hash", "raw_sha256", "version", "story_id"):
            assert story["after"][case][column] == story["before"][case][column], (case, column)
    # No post's copy, and no version of one, holds the notice; the search index finds it in no post either.
    posts = {url_key(p["url"]) for p in story["posts"]}
    quoting = rows(db, "SELECT c.url, c.title, c.body FROM copies c WHERE c.title LIKE '%已被删除%' "
                       "OR c.body LIKE '%已被删除%' UNION SELECT c.url, v.title, v.body FROM article_versions v "
                       "JOIN copies c ON c.id = v.copy_id WHERE v.title LIKE '%已被删除%' OR v.body LIKE '%已被删除%'")
    assert not [q for q in quoting if q[0] in posts]
    found = {r[0] for r in rows(db, "SELECT c.url FROM copies_fts JOIN copies c ON c.id = copies_fts.rowid "
                                    "WHERE copies_fts MATCH ?", fts_query("该文章已被删除"))}
    assert not found & posts
    # What does quote it are listing pages that issue 11's extractor still archives as articles (a home or
    # category page lists the post "抱歉，该文章已被删除" like any other): their own text, not a removed copy's.
    listings = {url_key(u) for u in story["listings"]}
    assert {q[0] for q in quoting} <= listings and found <= listings


def test_the_deleted_original_leaves_its_reposts_as_survivors(story):
    if story["urls"]["zblogphp"] is None:
        pytest.skip(f"Z-BlogPHP fixture: {missing('zblogphp')}")
    db = story["db"]
    original = story["after"]["wp_delete_original"]
    found = rows(db, "SELECT story_id, surviving FROM stories_original_gone WHERE original_copy_id = ?",
                 original["id"])
    assert found and found[0][0] == original["story_id"] and found[0][1] >= 1
    listed = [json.loads(line) for line in newsarchiver("gone", "--archive", str(db), "--json").stdout.splitlines()]
    entry = next(r for r in listed if r["copy_id"] == original["id"])
    assert entry["is_original"] and any(c["site"] in story["urls"]["zblogphp"] for c in entry["surviving"])


def test_a_rewrite_is_a_version_that_says_what_changed(story):
    db = story["db"]
    for case in ("wp_rewrite", "zb_rewrite"):
        if case not in story["picked"]:
            continue
        row = story["after"][case]
        assert row["version"] == story["before"][case]["version"] + 1 and row["title"].endswith("（更新）")
        # the version crawl 2 replaced (crawl 3 may store another: a neighbour put back changes the prev/next
        # links the theme prints next to the post)
        (changes,) = [json.loads(r[0]) for r in rows(db, "SELECT changes FROM article_versions WHERE copy_id = ? "
                                                         "AND version = ?", row["id"], story["before"][case]["version"])]
        assert "title" in changes["fields"] and REWRITE in changes["added"], case
        # the first paragraph it replaced: one of the text's, or on the farm the 来源 line that opens a repost
        assert changes["removed"] or "source" in changes["fields"], case


def test_a_post_put_back_is_restored_with_its_dates_kept(story):
    for case in RESTORE:
        if case not in story["picked"]:
            continue
        gone, back = story["after"][case], story["last"][case]
        assert back["status"] == "restored" and back["gone_at"] == gone["gone_at"] and back["restored_at"] > gone["gone_at"]
        assert back["body"] == story["before"][case]["body"]
    for case in ("wp_trash", "zb_delete", "zb_draft"):
        if case in story["picked"]:
            assert story["last"][case]["status"] == "gone"  # still gone, revisited again
