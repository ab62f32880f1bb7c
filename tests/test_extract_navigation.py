"""Prev/next article links: 上一篇/下一篇 containers, theme classes, rel links; never pagination."""

from datetime import datetime, timezone

from lxml import html as lxml_html

from newsarchiver.extract.navigation import find_navigation

from .test_extract_page import ENGLISH_BLOG, LISTING_PAGE, PORTAL_PAGE_GBK, REPOST_PAGE

NOW = datetime(2024, 5, 14, tzinfo=timezone.utc)


def _nav(html: str, url: str, tz: str | None = "Asia/Shanghai"):
    return find_navigation(lxml_html.document_fromstring(html), url, now=NOW, tz=tz, html_text=html)


def test_repost_theme_prev_next_with_dates():
    nav = _nav(REPOST_PAGE, "https://repost.example.com/news/1002.html")
    assert nav.prev.url == "https://repost.example.com/news/1001.html"
    assert nav.prev.title == "海滨公园春季花展开幕"
    assert nav.prev.published == "2023-03-01T10:05:00+08:00"
    assert nav.prev.published_raw == "2023年3月1日 上午10:05"
    assert nav.next.url == "https://repost.example.com/news/1003.html"
    assert nav.next.title == "海滨中学举办科技节"
    assert nav.next.published == "2023-03-02T14:30:00+08:00"


def test_label_prefix_and_none():
    nav = _nav(PORTAL_PAGE_GBK, "http://www.example.cn/a/20240311/2.html")
    assert nav.prev.url == "http://www.example.cn/a/20240310/1.html"
    assert nav.prev.title == "海滨区开展环境整治行动"
    assert nav.next is None and nav.next_none


def test_rel_links_and_wordpress_classes():
    nav = _nav(ENGLISH_BLOG, "https://blog.example.com/2024/05/new-pier/", tz=None)
    assert nav.prev.url == "https://blog.example.com/2024/05/old-lighthouse/"
    assert nav.prev.title == "The Old Lighthouse"
    assert nav.next.title == "Ferry Schedules"


def test_listing_pagination_is_not_navigation():
    nav = _nav(LISTING_PAGE, "http://www.example.cn/list_2.html")
    assert nav.prev is None and nav.next is None


def test_link_rel_pagination_ignored():
    html = """<html><head><link rel="next" href="/news/page/2/"></head><body><p>列表</p></body></html>"""
    nav = _nav(html, "http://x.example.com/news/")
    assert nav.next is None


import pytest  # noqa: E402

THEME_NAVS = [
    (
        "labelled links in a block classed like a pager",
        '<div class="pages"><a href="/category-5.html" class="backlist">返回列表</a><p><span>没有更早的文章了...</span></p>'
        '<p>上一篇：<a href="/post/11.html" class="single-prev">故宫新展开幕</a></p>'
        '<p>下一篇：<a href="/post/13.html" class="single-next">西湖游船复航</a></p></div>',
        "故宫新展开幕", "西湖游船复航",
    ),
    (
        "cards whose links carry the neighbour's date and counters after its title",
        '<ul><li><a href="/post/11.html"><em>上一篇</em> <b>故宫新展开幕</b> <span><small>发表于2024-01-03</small> '
        '<small>浏览0</small></span></a></li><li><a href="/post/13.html"><em>下一篇</em> <b>西湖游船复航</b> '
        '<span><small>发表于2024-01-10</small></span></a></li></ul>',
        "故宫新展开幕", "西湖游船复航",
    ),
    (
        "labelled paragraphs with classed links",
        '<div class="post-nav"><p>上一篇：<a class="single-prev" href="/post/11.html">故宫新展开幕</a></p>'
        '<p>下一篇：<a class="single-next" href="/post/13.html">西湖游船复航</a></p></div>',
        "故宫新展开幕", "西湖游船复航",
    ),
    (
        "screen-reader words and the theme's visible label are not the title",
        '<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2>'
        '<div class="nav-links"><div class="nav-previous"><a href="/post/11.html" rel="prev"><p class="meta-nav">'
        '<span class="screen-reader-text">Previous post:</span>Previous post</p><p class="post-title">故宫新展开幕</p>'
        '</a></div><div class="nav-next"><a href="/post/13.html" rel="next"><p class="meta-nav">Next post</p>'
        '<p class="post-title">西湖游船复航</p></a></div></div></nav>',
        "故宫新展开幕", "西湖游船复航",
    ),
    (
        "block navigation links beside arrow spans",
        '<nav class="wp-block-group"><div class="post-navigation-link-previous wp-block-post-navigation-link">'
        '<span class="wp-block-post-navigation-link__arrow-previous" aria-hidden="true">←</span>'
        '<a href="/post/11.html" rel="prev">故宫新展开幕</a></div><div class="post-navigation-link-next '
        'wp-block-post-navigation-link"><a href="/post/13.html" rel="next">西湖游船复航</a><span '
        'class="wp-block-post-navigation-link__arrow-next" aria-hidden="true">→</span></div></nav>',
        "故宫新展开幕", "西湖游船复航",
    ),
]


@pytest.mark.parametrize(("why", "nav", "prev_title", "next_title"), THEME_NAVS, ids=[n[0] for n in THEME_NAVS])
def test_prev_next_titles_as_the_theme_shows_them(why, nav, prev_title, next_title):
    html = f"<html><body><article><h1>标题</h1><p>正文。</p>{nav}</article></body></html>"
    result = _nav(html, "http://blog.example.cn/post/12.html")
    assert (result.prev.url, result.prev.title) == ("http://blog.example.cn/post/11.html", prev_title), why
    assert (result.next.url, result.next.title) == ("http://blog.example.cn/post/13.html", next_title), why
