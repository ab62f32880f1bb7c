"""The CMS scorer itself (tests/cms/text.py, truth.py, scoring.py) on small hand-made records: no CMS needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.cms.scoring import Exports, score_site
from tests.cms.text import body_f1, contains, paragraphs
from tests.cms.truth import site_truth

SITE = "http://127.0.0.1:8001/"
FARM = "http://127.0.0.1:8002/"


@pytest.mark.parametrize(("truth", "found", "expected"), [
    ("青岚夜班公交新增三条线路", "青岚夜班公交新增三条线路", 1.0),
    ("青岚夜班公交新增三条线路", "", 0.0),
    ("", "", 1.0),
    ("青岚夜班公交新增三条线路", "  青岚夜班，公交新增三条线路。", 1.0),  # punctuation and spaces are no tokens
    ("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未", 0.0),
])
def test_body_f1(truth, found, expected):
    assert body_f1(truth, found) == pytest.approx(expected)


def test_body_f1_counts_extra_text_against_precision():
    truth = "青岚市图书馆周末开放时间延长至晚上九点"
    assert 0.5 < body_f1(truth, truth + "版权声明本文转载自网络") < 0.9


def test_paragraphs_one_per_block_and_loose_text():
    html = "<!-- wp:paragraph --><p>第一段 <b>加粗</b></p>\n<h2>小标题</h2>散落的文字<ul><li>一</li><li>二</li></ul>"
    assert paragraphs(html) == ["第一段 加粗", "小标题", "散落的文字", "一", "二"]


def test_contains_ignores_whitespace():
    assert contains("来源： 青岚观察\n正文", "来源：青岚观察")
    assert not contains("正文", "来源：青岚观察")


def _raw(cms, url, posts, theme, listings=()):
    return {"cms": cms, "url": url, "site_name": "站", "timezone": "Asia/Shanghai", "theme": theme,
            "posts": posts, "listings": [{"kind": k, "url": u} for k, u in listings]}


def _post(url, post_id, title, html, published, author="林晓雯", prev=None, nxt=None, meta=None, kind="post"):
    return {"id": post_id, "kind": kind, "url": url, "title": title, "content_html": html, "author": author,
            "published": published, "modified": published, "prev": prev, "next": nxt, "comments": 0,
            "meta": meta or {}}


@pytest.fixture
def truths():
    wp = _raw("wordpress", SITE, [
        _post(SITE + "a/", 1, "甲文", "<p>青岚市今年新建公园三座，市民休闲去处增多。</p>", "2024-01-05T08:12:00+08:00",
              nxt={"url": SITE + "b/", "title": "乙文"}),
        _post(SITE + "b/", 2, "乙文", "<p>来源：青岚日报　作者：何文斌</p><p>地铁二号线全线洞通，预计明年通车运营。</p>",
              "2024-01-06T09:30:00+08:00", prev={"url": SITE + "a/", "title": "甲文"},
              meta={"credit_lines": "来源：青岚日报　作者：何文斌", "byline_authors": "何文斌"}),
    ], "twentytwentyone", [("tag", SITE + "tag/x/")])
    farm = _raw("zblogphp", FARM, [
        _post(FARM + "post/3.html", 3, "甲文", "<p>来源：站</p><p>青岚市今年新建公园三座，市民休闲去处增多。</p>"
              "<p>(广告)</p>", "2024-01-05T13:12:00+08:00", author="编辑小李",
              meta={"original_url": SITE + "a/", "decorations": "来源：站\n(广告)", "byline_authors": "林晓雯"}),
    ], "tpure")
    return site_truth(wp), site_truth(farm)


def _record(url, site, **fields):
    return {"id": fields.pop("id"), "url": url, "site": site, "canonical_url": None, "story_id": fields.pop("story"),
            **fields}


def test_score_site_field_by_field(truths, tmp_path: Path):
    wp, farm = truths
    assert wp.articles[1].body == "地铁二号线全线洞通，预计明年通车运营。"  # the credit line is not body
    assert wp.articles[1].authors == ["何文斌"] and wp.articles[0].authors == ["林晓雯"]
    assert wp.articles[0].prev is None and wp.articles[0].next.url == SITE + "b/"
    articles = [
        _record(SITE + "a/", "127.0.0.1:8001", id=1, story=1, title="甲文", body="青岚市今年新建公园三座，市民休闲去处增多。",
                authors=["林晓雯"], editors=[], published="2024-01-05T00:12:00+00:00", updated=None,
                prev=None, next={"url": SITE + "b/", "title": "乙文"}),
        # b/ is not archived; a tag page is
        _record(SITE + "tag/x/", "127.0.0.1:8001", id=2, story=2, title="站", body="列表", authors=[], editors=[],
                published=None, updated=None, prev=None, next=None),
        _record(FARM + "post/3.html", "127.0.0.1:8002", id=3, story=1, title="甲文",
                body="青岚市今年新建公园三座，市民休闲去处增多。\n(广告)", authors=["林晓雯"], editors=["小李"],
                published="2024-01-05T00:00:00+08:00", updated=None, prev=None, next=None),
    ]
    copies = [{"id": r["id"], "url": r["url"], "poster": None} for r in articles]
    stories = [{"story_id": 1, "original_url": SITE + "a/"}, {"story_id": 2, "original_url": SITE + "tag/x/"}]
    exports = Exports(articles, copies, stories, 1.0, tmp_path / "archive.db")

    score = score_site(wp, exports, [wp, farm])
    fields = {name: (f.passed, f.total) for name, f in score.fields.items()}
    assert fields["archived"] == (1, 2)
    assert fields["title"] == (1, 2)  # a post not archived fails every field
    assert fields["published"] == (1, 2)  # the same instant, written in UTC
    assert fields["prev/next url"] == (1, 2)
    assert fields["no decorations"] == (0, 0) and fields["story original"] == (0, 0)  # no reposts here
    assert score.fields["poster"].note == "copies records only" and fields["poster"] == (0, 2)
    assert score.non_articles == [("tag", SITE + "tag/x/", "站")]

    farm_score = score_site(farm, exports, [wp, farm])
    fields = {name: (f.passed, f.total) for name, f in farm_score.fields.items()}
    assert fields["no decorations"] == (0, 1)  # (广告) kept
    assert fields["editors"] == (0, 1)  # 编辑小李 is a poster's name, not editor 小李
    assert fields["published"] == (1, 1)  # tpure shows the day: the day is enough
    assert fields["story original"] == (1, 1)
    assert fields["body"] == (0, 1)


def test_no_poster_anywhere_is_reported_as_not_exported(truths, tmp_path: Path):
    wp, _ = truths
    exports = Exports([], [{"id": 1, "url": SITE + "a/"}], [], 1.0, tmp_path / "archive.db")
    assert score_site(wp, exports, [wp]).fields["poster"].note == "not exported"


def test_published_is_compared_in_the_site_timezone(truths):
    wp, _ = truths
    assert wp.articles[0].published == datetime.fromisoformat("2024-01-05T08:12:00+08:00")
    assert wp.facts.published_precision == "minute"


def test_a_day_only_date_is_right_only_where_the_theme_shows_the_day():
    """The extractor gives a date shown without a time as the day ("2024-01-05"): right at day precision,
    never taken for a time of day (no midnight is invented on either side)."""
    from zoneinfo import ZoneInfo

    from tests.cms.scoring import _same_time, _when

    tz = ZoneInfo("Asia/Shanghai")
    truth = datetime.fromisoformat("2024-01-05T08:12:00+08:00")
    assert _when("2024-01-05") == datetime(2024, 1, 5).date()
    assert _same_time(_when("2024-01-05"), truth, "day", tz)
    assert not _same_time(_when("2024-01-05"), truth, "minute", tz)
    assert not _same_time(_when("2024-01-06"), truth, "day", tz)
    assert _same_time(_when("2024-01-05T08:12:00+08:00"), truth, "minute", tz)
