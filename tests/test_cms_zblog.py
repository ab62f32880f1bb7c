"""A Z-BlogPHP repost farm, end to end: the real Z-BlogPHP 1.7 from ../shared/cms/ on SQLite and a private
Apache (tests/cms/), installed with its own installer, seeded through its own PHP API with 15 posts of its
own and 15 reposts of the WordPress fixture's posts (来源/转载自 lines, "(作者:…)" bylines, (广告), 版权声明,
原文链接, farm accounts such as 编辑小李, near-duplicates), crawled together with the WordPress fixture,
exported, and compared with what both CMSes say about their posts (issue 11).

Each target of the issue is its own test per theme; what today's extractor fails is marked
``xfail(strict=True)`` with the measured numbers. Skipped only when the tarball or the Debian packages
are missing.
"""

from __future__ import annotations

from collections import Counter

import pytest

from newsarchiver.urls import url_key
from tests.cms.cases import cases, target_problem
from tests.cms.checks import disagreements
from tests.cms.fixtures import missing
from tests.cms.truth import site_truth

CMS = "zblogphp"
THEMES = ("tpure", "default", "Zit")
CHECKS = ("archived", "title", "body", "no decorations", "authors", "poster", "editors", "published", "updated",
          "prev/next url", "prev/next title", "story original", "non-article pages")

pytestmark = pytest.mark.skipif(missing(CMS) is not None, reason=f"Z-BlogPHP fixture: {missing(CMS)}")

#: What today's extractor gets wrong, measured (benchmarks/cms.py, docs/benchmarks.md#real-cms-sites).
#: Strict: when a fix makes one pass, its XPASS fails the run until the entry is removed. 29/30 misses the
#: target (0.967 < 0.97): on several fields the one post that is not archived is the only failure.
UNARCHIVED = "29/30: only the post that is not archived (本站栏目调整公告, two paragraphs, page_type 'other')"
ARCHIVED = "issue 11: 29/30 archived: 本站栏目调整公告 (two paragraphs, 88 characters) is page_type 'other'"
DECORATIONS = ("issue 11: decorations left in 2/15 reposts: a paragraph after a standalone '(广告)' line "
               "(家电以旧换新活动进行中…, 新楼盘地铁口现房发售…) stays in the body")
AUTHORS = ("issue 11: authors 17/30: the farm's own posts credit only their poster (编辑小李, 秋水), and "
           "none is found; the reposts' '(作者:…)' bylines are read")
POSTER = "issue 11: poster 0/30: Article.poster stays empty (`copies` records export null)"
STORY = ("issue 11: story original 8-11/15 (varies between runs): WordPress tag and date-archive pages archived "
         "as articles become the stories' originals, e.g. /tag/镜湖/ for 镜湖灯会…")
EDITORS = ("issue 11: editors 14/30: the poster's display name 编辑小李 is read as the label 编辑 + editor 小李 "
           "(tpure: plus the category after it, e.g. ['小李', '出行'])")
KNOWN_FAILING: dict[tuple[str, str], str] = {
    ("tpure", "archived"): ARCHIVED,
    ("tpure", "title"): f"issue 11: title {UNARCHIVED}",
    ("tpure", "body"): "issue 11: body 24/30: tpure's info line '秋水3年前 (2024-02-11)生活百科0' is kept at the top "
                       "of 秋水's posts; an ad paragraph after '(广告)' is kept",
    ("tpure", "no decorations"): DECORATIONS,
    ("tpure", "authors"): AUTHORS,
    ("tpure", "poster"): POSTER,
    ("tpure", "editors"): EDITORS,
    ("tpure", "published"): "issue 11: published 0/30 (at the day tpure shows): '3年前<span class=\"datetime\"> "
                            "(2024-01-08)</span>' is read from the relative part, as 2023-12-01",
    ("tpure", "updated"): f"issue 11: updated {UNARCHIVED}",
    ("tpure", "prev/next url"): "issue 11: prev/next 0/30: <div class=\"pages\"><p>上一篇：<a href=… "
                                "class=\"single-prev\">…</a></p> is not read",
    ("tpure", "prev/next title"): "issue 11: prev/next 0/30: tpure's 上一篇：/下一篇： links are not read",
    ("tpure", "story original"): STORY,
    ("tpure", "non-article pages"): "issue 11: 30 tag pages (tags-N.html, one excerpt each, titled with the site "
                                    "name) archived as articles",
    ("default", "archived"): ARCHIVED,
    ("default", "title"): "issue 11: title 6/30: the site name in <h1 id=\"BlogTitle\"> is taken instead of "
                          "<h2 class=\"post-title\">…<span class=\"post-date\">",
    ("default", "body"): "issue 11: body 24/30: the post's <h2 class=\"post-title\">title<span class=\"post-date\">"
                         "2024-01-03 10:00:00</span></h2> becomes the body's first line (short posts drop under "
                         "F1 0.95); an ad paragraph after '(广告)' kept",
    ("default", "no decorations"): DECORATIONS,
    ("default", "authors"): AUTHORS,
    ("default", "poster"): POSTER,
    ("default", "editors"): f"issue 11: editors {UNARCHIVED}",
    ("default", "published"): "issue 11: published 23/30: none for 6 reposts (e.g. the copy of 青岚夜班公交…) "
                              "though <h2 class=\"post-title\">…<span class=\"post-date\">2024-01-05 13:12:00</span>"
                              " is there; 23 others read it",
    ("default", "updated"): f"issue 11: updated {UNARCHIVED}",
    ("default", "prev/next url"): f"issue 11: prev/next {UNARCHIVED}",
    ("default", "prev/next title"): f"issue 11: prev/next {UNARCHIVED}",
    ("default", "story original"): STORY,
    ("default", "non-article pages"): "issue 11: 69 listings archived as articles: 40 tag pages, 29 day/month "
                                      "archives (date-2024-2-27.html …)",
    ("Zit", "archived"): ARCHIVED,
    ("Zit", "title"): f"issue 11: title {UNARCHIVED}",
    ("Zit", "body"): "issue 11: body 28/30: an ad paragraph after '(广告)' kept; the unarchived post",
    ("Zit", "no decorations"): DECORATIONS,
    ("Zit", "authors"): AUTHORS,
    ("Zit", "poster"): POSTER,
    ("Zit", "editors"): EDITORS,
    ("Zit", "published"): f"issue 11: published {UNARCHIVED}",
    ("Zit", "updated"): f"issue 11: updated {UNARCHIVED}",
    ("Zit", "prev/next url"): f"issue 11: prev/next {UNARCHIVED}",
    ("Zit", "prev/next title"): "issue 11: prev/next titles 0/30: the card's date and counters stay in the title: "
                                "'青岚夜班公交… 发表于2024-01-05 浏览0 评论0'",
    ("Zit", "story original"): STORY,
    ("Zit", "non-article pages"): "issue 11: 102 listings archived as articles: 59 day/month archives (both "
                                  "date-2024-1-8.html and date-2024-01-08.html), 43 tag pages",
}


@pytest.mark.parametrize(("theme", "check"), cases(THEMES, CHECKS, KNOWN_FAILING))
def test_issue_target(cms_fixtures, theme, check):
    problem = target_problem(cms_fixtures.result(CMS, theme), check)
    assert problem is None, problem


# -- the fixture itself (no extraction involved) -------------------------------------------------------

def test_farm_has_what_the_issue_asks_for(cms_fixtures):
    wp = site_truth(cms_fixtures.start_wordpress().truth())
    raw = cms_fixtures.start_zblog().truth()
    farm = site_truth(raw)
    posts = farm.articles
    reposts = [p for p in posts if p.is_repost]
    assert len(posts) == 30 and len(reposts) == 15
    originals = {url_key(p.url): p for p in wp.articles}
    assert all(url_key(p.original_url) in originals for p in reposts)
    assert all(any(d.startswith(("来源", "转载自", "本文来源")) and wp.site_name in d for d in p.decorations)
               for p in reposts)
    links = [p for p in reposts if any(d.startswith("原文链接：" + p.original_url) for d in p.decorations)]
    assert 10 <= len(links) < 15  # on most reposts, not all
    assert sum(1 for p in reposts if any(d.startswith("(作者:") for d in p.decorations)) >= 10
    assert sum(1 for p in reposts if any("(广告)" in d for d in p.decorations)) >= 4
    assert sum(1 for p in reposts if any(d.startswith("版权声明") for d in p.decorations)) >= 8
    # near-duplicates: a reworded sentence, or an ad line inside the text
    reworded = [p for p in reposts if p.body != originals[url_key(p.original_url)].body]
    assert len(reworded) >= 2
    assert any(p.poster.startswith("编辑") for p in posts)
    assert all(p.authors == originals[url_key(p.original_url)].authors for p in reposts)
    kinds = Counter(kind for kind, _ in farm.listings)
    assert kinds["tag"] >= 20 and kinds["category"] >= 4 and kinds["home"] == 3
    assert sum(1 for p in raw["posts"] if p["comments"]) >= 3
    assert farm.timezone == "Asia/Shanghai"


@pytest.mark.parametrize("theme", THEMES)
def test_served_pages_agree_with_the_truth(cms_fixtures, theme):
    """Title, text, decorations, prev/next links and the date the truth expects are on every served page."""
    site = cms_fixtures.start_zblog()
    site.switch_theme(theme)
    truth = site_truth(site.truth())
    problems = {p.url: found for p in truth.articles if (found := disagreements(truth, p))}
    assert not problems
