"""The reference repost article (../shared/seed/repost-page.txt) rendered into every demo site family
with every repost decoration, then extracted: the fields must come out exactly."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsarchiver.demo import DemoArticle, RepostStyle, build_world, render_article_page
from newsarchiver.extract import extract_article, templates

SHANGHAI = ZoneInfo("Asia/Shanghai")
TITLE = "“精致电网”演绎别样精彩 以党建引领高质量发展(精致电网建设)"
FIRST = "国家电网山东电力(威海)彩虹共产党员服务队定期走访客户,征询意见建议。"
LAST_END = "凝聚了争先奋进精气神。"
BOILERPLATE = ("广告", "版权声明", "作者:", "上一篇", "下一篇", "相关推荐", "(0)", "赞")


def seed_article(seed_text: str) -> tuple[str, list[str], list[str]]:
    """Title, body paragraphs and authors as the seed page shows them."""
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    title = lines[0]
    assert lines[1] == title  # the doubled title of a repost page
    end = next(i for i, line in enumerate(lines) if line.startswith("(作者"))
    authors = re.sub(r"^\(作者[:：]|\)$", "", lines[end]).split()
    return title, lines[2:end], authors


def neighbour(site: str, n: int, minute: int) -> DemoArticle:
    return DemoArticle(id=90000 + n, story_key=f"seed-neighbour-{n}", site=site, path=f"/2022/12/28/9{n}.html",
                       title=f"威海供电公司开展迎峰度冬专项检查之{n}", paragraphs=["邻近文章的正文。"],
                       published=datetime(2022, 12, 28, 10, minute, tzinfo=SHANGHAI))


@pytest.fixture(scope="module")
def sites():
    world = build_world(articles=12, seed=3)
    return {site.family: site for site in world.sites}


def site_template(site, base: str) -> templates.SiteTemplate:
    now = datetime(2023, 1, 2, 9, 0, tzinfo=SHANGHAI)
    bodies = [extract_article(site.render(a.path, base, now)[2], base + a.path.lstrip("/"), fetched_at=now,
                              encoding=site.encoding).body for a in site.articles]
    return templates.learn(bodies, min_stories=min(len(bodies), templates.DEFAULT_MIN_STORIES))


@pytest.mark.parametrize("family", ["justnews", "dede", "blog"])
def test_seed_article_in_every_family(seed_text, sites, family):
    title, paragraphs, authors = seed_article(seed_text)
    assert title == TITLE and authors == ["刘中华", "燕亮"] and len(paragraphs) == 16
    site = sites[family]
    style = RepostStyle(doubled_title=True, author_line="pasted", ad_blocks=1, disclaimer=True,
                        date_style="cn12", time_datetime_attr=False, source_line=False)
    published = datetime(2022, 12, 28, 10, 12, tzinfo=SHANGHAI)
    article = DemoArticle(id=90010, story_key="seed", site=site.name, path="/2022/12/28/seed.html", title=title,
                          paragraphs=paragraphs, authors=authors, published=published, poster="小编", style=style)
    prev, nxt = neighbour(site.name, 1, 5), neighbour(site.name, 2, 19)
    base = "http://127.0.0.1:8799/"
    html = render_article_page(site, article, base_url=base, now=datetime(2023, 1, 2, 9, 0, tzinfo=SHANGHAI),
                               prev=prev, next=nxt, related=[neighbour(site.name, 3, 30)])
    got = extract_article(html, base + "2022/12/28/seed.html",
                          fetched_at=datetime(2023, 1, 2, 9, 0, tzinfo=SHANGHAI), timezone="Asia/Shanghai")
    # the site's own closing line is template: learned from the site's other pages, it leaves the body
    assert site.template_tail in got.body
    got.body = site_template(site, base).split(got.body)[0]

    assert got.title == TITLE
    assert got.authors == ["刘中华", "燕亮"]
    body = got.body.split("\n\n")
    assert len(body) == 16 and body[0] == FIRST and body[-1].endswith(LAST_END)
    assert body == paragraphs
    for phrase in BOILERPLATE:
        assert phrase not in got.body, phrase
    assert got.prev is not None and got.next is not None
    assert got.prev.title == prev.title and got.next.title == nxt.title
    assert got.prev.url.endswith(prev.path) and got.next.url.endswith(nxt.path)
    if family == "justnews":
        assert got.prev.published == "2022-12-28T10:05:00+08:00"
        assert got.next.published == "2022-12-28T10:19:00+08:00"
    if family != "blog":  # the blog theme writes English dates in its own zone; checked in its own tests
        assert got.published is not None and got.published.value == "2022-12-28T10:12:00+08:00"
