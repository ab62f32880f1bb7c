"""The credits chooser on small pages: the text's byline first, else the page's own author credit; the
poster kept apart; editors only from labelled credits; never a site account, outlet, place or menu word."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsarchiver.extract import extract_article
from newsarchiver.extract.bylines import names_line, parse_byline

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
TEXT = "".join(f"<p>海滨新码头今天正式开放，市民踊跃参观，候船大厅同时启用，第{i}段介绍了码头的建设经过、候船安排和周边公交接驳站的开通时间。</p>"
               for i in range(5))


def page(body: str, title: str = "海滨新码头正式开放", head: str = "") -> str:
    return (f"<html lang='zh-CN'><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>{body}"
            "<footer class='site-footer'>Copyright © 2024 本站</footer></body></html>")


def entry(meta: str, text: str = TEXT, footer: str = "") -> str:
    return (f"<main><article><header class='entry-header'><h1 class='entry-title'>海滨新码头正式开放</h1>{meta}"
            f"</header><div class='entry-content'>{text}</div><footer class='entry-footer'>{footer}</footer>"
            "</article></main>")


WP_FOOTER = ("<span class='posted-on'><time class='entry-date published' datetime='2022-05-31T10:02:44+08:00'>"
             "2022年5月31日</time></span><span class='byline'><a href='/author/{slug}/' rel='author'>{name}</a></span>")

CASES = [
    (
        "an original credits nobody in its text: the CMS's author link is its author and its poster",
        page(entry("", footer=WP_FOOTER.format(slug="liming", name="李明"))),
        ["李明"], "李明", [],
    ),
    (
        "a repost's byline in the text wins; the farm account that posted it is the poster, not an editor",
        page(entry("", text=TEXT + "<p>(作者:张伟)</p>", footer=WP_FOOTER.format(slug="xiaoli", name="编辑小李"))),
        ["张伟"], "编辑小李", [],
    ),
    (
        "a forum post: the user beside the post's date posted it, and is its author when nobody else is credited",
        page("<div class='thread'><h1>海滨新码头正式开放</h1><div class='postinfo'>2003-5-29 09:07 王海涛</div>"
             f"<div class='t_msg'>{TEXT}</div></div>"),
        ["王海涛"], "王海涛", [],
    ),
    (
        "a four-character word beside the date may be a self-media outlet as well as a nickname: neither claimed",
        page("<div class='thread'><h1>海滨新码头正式开放</h1><div class='postinfo'>2003-5-29 09:07 高山流水</div>"
             f"<div class='t_msg'>{TEXT}</div></div>"),
        [], None, [],
    ),
    (
        "... and with one, it is",
        page("<div class='thread'><h1>海滨新码头正式开放</h1><div class='postinfo'>高山流水 发表于 2003-5-29 09:07</div>"
             f"<div class='t_msg'>{TEXT}</div></div>"),
        ["高山流水"], "高山流水", [],
    ),
    (
        "the same post with a list of names heading its text: they are the authors",
        page("<div class='thread'><h1>海滨新码头正式开放</h1><div class='postinfo'>2003-5-29 09:07 高山流水</div>"
             f"<div class='t_msg'><p>赵延东、风笑天</p>{TEXT}</div></div>"),
        ["赵延东", "风笑天"], None, [],
    ),
    (
        "a personal blog named after its owner",
        page(f"<div class='post'><h2>海滨新码头正式开放</h2><div class='post-body'>{TEXT}</div></div>",
             title="海滨新码头正式开放 - 李建忠"),
        ["李建忠"], "李建忠", [],
    ),
    (
        "an original's only credit is its poster's account link in the info line: author and poster",
        page("<div class='post'><h1>海滨新码头正式开放</h1><div class='info'><span class='user'><a href='/author-3.html'>"
             f"秋水</a></span><span class='date'>2024-01-10 12:40</span></div><div class='single'>{TEXT}</div></div>"),
        ["秋水"], "秋水", [],
    ),
    (
        "the post's own template credits its account below the text; the text's byline names the author",
        page(f"<div class='post'><h2 class='post-title'>海滨新码头正式开放<span class='post-date'>2024-01-03 10:00:00</span>"
             f"</h2><div class='post-body'>{TEXT}<p>(作者:周建国)</p></div><p class='post-footer'>作者:编辑小李 | 分类:出行 | "
             "浏览:0</p></div>"),
        ["周建国"], "编辑小李", [],
    ),
    (
        "a block theme's post-author name after the text; the author box's 'View all posts' link is no name",
        page("<main><h1 class='post-title'>海滨新码头正式开放</h1><div class='entry-content'>" + TEXT + "</div>"
             "<div class='meta'><p>by</p><div class='wp-block-post-author'><p class='wp-block-post-author__name'>林晓雯</p>"
             "</div></div><div class='author-bio'><a class='author-link' href='/author/lin/' rel='author'>View all of "
             "林晓雯's posts.</a></div></main>"),
        ["林晓雯"], "林晓雯", [],
    ),
    (
        "a site account is the poster, never an author",
        page("<div class='post'><h1>海滨新码头正式开放</h1><div class='info'><span class='nickname'>小编</span> "
             f"2024-05-12 10:30</div><div class='content'>{TEXT}</div></div>"),
        [], "小编", [],
    ),
    (
        "an outlet beside the date is the source, not an author",
        page("<div class='post'><h1>海滨新码头正式开放</h1><div class='info'>2024-05-12 10:30 海滨日报</div>"
             f"<div class='content'>{TEXT}</div></div>"),
        [], None, [],
    ),
    (
        "a labelled editor is an editor; a display name starting with 编辑 is a name",
        page("<div class='post'><h1>海滨新码头正式开放</h1><div class='info'>2024-05-12 10:30 责任编辑：周八</div>"
             f"<div class='content'>{TEXT}</div></div>"),
        [], None, ["周八"],
    ),
    (
        "places and menu words under a label are no authors",
        page("<div class='post'><h1>海滨新码头正式开放</h1><div class='info'>作者：北京 首页 2024-05-12 10:30</div>"
             f"<div class='content'>{TEXT}</div></div>"),
        [], None, [],
    ),
]


@pytest.mark.parametrize(("why", "html", "authors", "poster", "editors"), CASES, ids=[c[0][:60] for c in CASES])
def test_credits(why, html, authors, poster, editors):
    article = extract_article(html, "http://news.example.cn/a/1.html", fetched_at=NOW)
    assert (article.authors, article.poster, article.editors) == (authors, poster, editors), why
    assert article.to_record()["poster"] == poster


@pytest.mark.parametrize(
    ("line", "names"),
    [("赵延东、风笑天", ["赵延东", "风笑天"]), ("张三，李四", ["张三", "李四"]), ("胡平", []), ("国内", []),
     ("高山流水", []), ("首页、新闻", []), ("北京、上海", []), ("Jane Doe, John Roe", [])],
)
def test_a_line_of_names_needs_family_names_and_a_list(line, names):
    assert names_line(line) == names


@pytest.mark.parametrize(
    ("line", "editors"),
    [("编辑小李 2022-05-31", []), ("编辑：小李", ["小李"]), ("编辑 小李", ["小李"]), ("责任编辑：周八", ["周八"]),
     ("(编辑:黄帅)", ["黄帅"])],
)
def test_editor_label_needs_a_separator_before_a_display_name(line, editors):
    assert parse_byline(line).editors == editors
