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
