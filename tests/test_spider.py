"""RepostSpider routing, without network: discovery, the site filter and bad pages."""

from __future__ import annotations

import asyncio

import scrapy
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from newsarchiver.feeds import ArticleItem
from newsarchiver.items import FetchFailure
from newsarchiver.extract import reading as reading_module
from newsarchiver.spiders.repost import RepostSpider

LISTING = """<html><head><title>新闻列表_某站</title>
<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
<ul><li><a href="/a/1.html?utm_source=list">第一篇</a></li><li><a href="/a/2.html#c">第二篇</a></li>
<li><a href="http://elsewhere.example/x.html">站外</a></li><li><a href="/list_2.html">下一页</a></li></ul></body></html>"""


def collect(results) -> list:
    """What an async callback yields (outside a crawl the spider reads pages in this process)."""
    async def gather():
        return [r async for r in results]

    return asyncio.run(gather())


def make_spider(**kwargs) -> RepostSpider:
    crawler = get_crawler(RepostSpider)
    return RepostSpider.from_crawler(crawler, start_urls="http://news.example.com/", **kwargs)


def html(url: str, body: str, charset: str = "utf-8") -> HtmlResponse:
    return HtmlResponse(url=url, body=body.encode(charset), headers={"Content-Type": f"text/html; charset={charset}"},
                        request=Request(url))


def test_without_start_urls_the_first_parsed_page_sets_the_site():
    """`scrapy parse` and `scrapy shell` create the spider without arguments."""
    spider = RepostSpider.from_crawler(get_crawler(RepostSpider))
    out = collect(spider.parse(html("http://news.example.com/list_1.html", LISTING)))
    urls = {r.url for r in out if isinstance(r, scrapy.Request)}
    assert "http://news.example.com/a/1.html" in urls and not any("elsewhere" in u for u in urls)


def test_listing_links_stay_on_site_without_tracking_params():
    spider = make_spider()
    out = collect(spider.parse(html("http://news.example.com/list_1.html", LISTING)))
    urls = {r.url for r in out if isinstance(r, scrapy.Request)}
    assert "http://news.example.com/a/1.html" in urls
    assert "http://news.example.com/a/2.html" in urls
    assert "http://news.example.com/feed/" in urls
    assert not any("elsewhere" in u or "utm_source" in u for u in urls)
    assert not any(isinstance(r, ArticleItem) for r in out)


def test_a_page_the_extractor_cannot_read_is_recorded_and_its_links_still_followed(monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(reading_module, "extract_article", broken)
    spider = make_spider()
    out = collect(spider.parse(html("http://news.example.com/list_1.html", LISTING)))
    failures = [r for r in out if isinstance(r, FetchFailure)]
    assert len(failures) == 1 and failures[0].kind == "parse_error"
    assert any(isinstance(r, scrapy.Request) for r in out)
    assert spider.crawler.stats.get_value("newsarchiver/parse_errors") == 1


def test_binary_body_is_not_html():
    spider = make_spider()
    response = TextResponse(url="http://news.example.com/x.html", body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
                            headers={"Content-Type": "text/html"}, request=Request("http://news.example.com/x.html"))
    out = collect(spider.parse(response))
    assert [type(r) for r in out] == [FetchFailure] and out[0].kind == "not_html"


def test_sitemap_and_feed_discovery():
    spider = make_spider()
    sitemap = b"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>http://news.example.com/a/3.html</loc></url><url><loc>http://other.example/a.html</loc></url></urlset>"""
    out = collect(spider.parse(TextResponse(url="http://news.example.com/sitemap.xml", body=sitemap,
                                         request=Request("http://news.example.com/sitemap.xml"))))
    assert [r.url for r in out] == ["http://news.example.com/a/3.html"]
    feed = """<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>某站</title>
      <item><title>第四篇</title><link>http://news.example.com/a/4.html?from=rss</link></item></channel></rss>"""
    out = collect(spider.parse(TextResponse(url="http://news.example.com/rss.xml", body=feed.encode("gbk"),
                                         request=Request("http://news.example.com/rss.xml"))))
    assert [r.url for r in out] == ["http://news.example.com/a/4.html"]


def test_robots_sitemap_lines():
    spider = make_spider()
    body = b"User-agent: *\nDisallow: /private/\nSitemap: http://news.example.com/sitemap_index.xml\n"
    out = list(spider.parse_robots(TextResponse(url="http://news.example.com/robots.txt", body=body,
                                                request=Request("http://news.example.com/robots.txt"))))
    assert [r.url for r in out] == ["http://news.example.com/sitemap_index.xml"]


def test_site_timezones_setting():
    crawler = get_crawler(RepostSpider, {"NEWSARCHIVER_SITE_TIMEZONES": {"example.com": "Asia/Hong_Kong"}})
    spider = RepostSpider.from_crawler(crawler, start_urls="http://news.example.com/")
    assert spider.timezone_for("http://news.example.com/a.html") == "Asia/Hong_Kong"
    assert spider.timezone_for("http://other.cn/a.html") is None


def test_site_profiles_from_settings_are_used(tmp_path):
    profile = tmp_path / "profiles.toml"
    profile.write_text('[[site]]\ndomains = ["example.com"]\ntitle = "h2.headline"\nbody = "div.story"\n',
                       encoding="utf-8")
    crawler = get_crawler(RepostSpider, {"NEWSARCHIVER_PROFILES": str(profile)})
    spider = RepostSpider.from_crawler(crawler, start_urls="http://news.example.com/")
    page = ("<html><head><title>站名</title></head><body><h1>栏目</h1><h2 class='headline'>真正的标题在这里</h2>"
            "<div class='story'><p>" + "这是由站点配置文件选出的正文段落。" * 8 + "</p></div>"
            "<div class='side'><p>" + "侧栏里的长段落也很长。" * 12 + "</p></div></body></html>")
    out = collect(spider.parse(html("http://news.example.com/a/1.html", page)))
    article = next(r for r in out if isinstance(r, ArticleItem)).page.article
    assert article.title == "真正的标题在这里" and article.body.startswith("这是由站点配置文件选出的正文段落")


def test_a_bad_profile_file_stops_the_crawl_with_its_message(tmp_path):
    import pytest

    from newsarchiver.extract import ProfileError

    bad = tmp_path / "profiles.toml"
    bad.write_text('[[site]]\ndomains = ["example.com"]\ncolour = "blue"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="profiles.toml"):
        RepostSpider.from_crawler(get_crawler(RepostSpider, {"NEWSARCHIVER_PROFILES": [str(bad)]}),
                                  start_urls="http://news.example.com/")
