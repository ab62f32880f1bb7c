"""The article record Scrapy sees (newsarchiver/feeds.py), its exporters, the pipelines around it and the
spider's arguments; in-process. Real crawls with -O are in test_feed_crawl.py."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.test import get_crawler

from newsarchiver import exports
from newsarchiver.feeds import FEED_KEYS, ArticleItem, CsvArticleExporter, XmlArticleExporter, crawled
from newsarchiver.items import EXTRACT_KEYS, Article, CrawledPage, DateFound, FetchFailure, NavLink, NotModified, Vanished
from newsarchiver.pipelines import ArticlesOnlyPipeline, ValidatePipeline
from newsarchiver.spiders.arguments import ArgumentError, CrawlArguments
from newsarchiver.spiders.repost import RepostSpider


def page(**article: object) -> CrawledPage:
    fields = {"url": "http://news.example.com/a/1.html", "title": "标题", "body": "正文。" * 20,
              "authors": ["张伟", "李娜"], "editors": ["王芳"], "source": "海滨日报",
              "published": DateFound("2026-11-20T10:05:00+08:00", "2026年11月20日 10:05", "byline", "minute"),
              "prev": NavLink("http://news.example.com/a/0.html", "上一篇的标题", "2026-11-19T08:00:00+08:00"),
              "language": "zh", "site_name": "海滨日报网", **article}
    return CrawledPage(Article(**fields), "http://news.example.com/a/1.html", "2026-11-20T04:00:00+00:00",
                       raw=b"<html>\xb0\xa1</html>", headers={"Server": "demo", "Set-Cookie": "s=1"})


def export(exporter_cls: type, items: list[ArticleItem], **kwargs: object) -> str:
    out = io.BytesIO()
    exporter = exporter_cls(out, fields_to_export=list(FEED_KEYS), encoding="utf-8", **kwargs)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return out.getvalue().decode("utf-8")


# -- the record -----------------------------------------------------------------------------------------
def test_the_record_has_the_extract_keys_then_story_site_and_fetch_time_as_the_archive_export():
    assert FEED_KEYS[: len(EXTRACT_KEYS)] == EXTRACT_KEYS
    assert FEED_KEYS == exports.ARTICLE_KEYS  # a feed's CSV columns are `newsarchiver export --format csv`'s
    assert list(ArticleItem.fields) == list(FEED_KEYS)


def test_an_article_item_shows_the_public_record_and_carries_the_page_unseen():
    item = ArticleItem.from_page(page())
    record = ItemAdapter(item).asdict()
    assert list(record) == [k for k in FEED_KEYS if k != "story_id"]  # story_id comes from an archive
    assert record["authors"] == ["张伟", "李娜"] and record["site"] == "news.example.com"
    assert record["prev"] == {"url": "http://news.example.com/a/0.html", "title": "上一篇的标题",
                              "published": "2026-11-19T08:00:00+08:00"}
    assert record["fetched_at"] == "2026-11-20T04:00:00+00:00"
    assert "raw" not in repr(item) and "Set-Cookie" not in repr(item)
    assert crawled(item) is item.page and item.page.raw == b"<html>\xb0\xa1</html>"
    assert crawled(FetchFailure("http://x/", "http_404", "nope")).kind == "http_404"


@pytest.mark.parametrize(("value", "precision", "written"), [
    ("2026-11-20T00:00:00+08:00", "day", "2026-11-20"),
    ("2026-11-20T07:37:00+08:00", "hour", "2026-11-20T07+08:00"),  # "6小时前"
    ("2026-11-20T10:05:00+08:00", "minute", "2026-11-20T10:05+08:00"),
    ("2026-11-20T10:05:31-05:00", "second", "2026-11-20T10:05:31-05:00"),
])
def test_dates_are_written_as_precisely_as_the_page_gave_them(value, precision, written):
    assert DateFound(value, "", "", precision).at_precision() == written
    item = ArticleItem.from_page(page(published=DateFound(value, "", "", precision)))
    assert item["published"] == written and item["updated"] is None


# -- exporters ------------------------------------------------------------------------------------------
def test_json_lines_keep_lists_and_links_as_json():
    line = json.loads(export(JsonLinesItemExporter, [ArticleItem.from_page(page())]))
    assert line["authors"] == ["张伟", "李娜"] and line["next"] is None and line["canonical_url"] is None
    assert line["prev"]["title"] == "上一篇的标题"
    assert "story_id" not in line  # not archived: no story


def test_csv_joins_lists_and_writes_a_link_as_its_url():
    item = ArticleItem.from_page(page(authors=["张伟", "李娜", "O'Brien, Pat"]))
    item["story_id"] = 7
    rows = list(csv.reader(io.StringIO(export(CsvArticleExporter, [item, ArticleItem.from_page(page())]))))
    assert rows[0] == list(FEED_KEYS)
    row = dict(zip(rows[0], rows[1]))
    assert row["authors"] == "张伟; 李娜; O'Brien, Pat" and row["editors"] == "王芳"
    assert row["prev"] == "http://news.example.com/a/0.html" and row["next"] == ""
    assert row["published"] == "2026-11-20T10:05+08:00" and row["story_id"] == "7" and row["canonical_url"] == ""
    assert dict(zip(rows[0], rows[2]))["story_id"] == ""  # a stable column, empty without an archive


def test_xml_has_article_elements_with_values_links_and_empty_missing_values():
    root = ET.fromstring(export(XmlArticleExporter, [ArticleItem.from_page(page())]))
    assert root.tag == "articles" and [e.tag for e in root] == ["article"]
    article = root[0]
    assert [v.text for v in article.find("authors")] == ["张伟", "李娜"]
    assert article.findtext("prev/url") == "http://news.example.com/a/0.html"
    assert article.findtext("prev/title") == "上一篇的标题"
    assert article.find("canonical_url") is not None and not article.findtext("canonical_url")
    assert "None" not in ET.tostring(article, encoding="unicode")


# -- pipelines ------------------------------------------------------------------------------------------
def test_fetch_failures_and_304_markers_go_no_further_than_our_last_pipeline():
    last = ArticlesOnlyPipeline()
    for marker in (FetchFailure("http://x/1", "http_404", "nope", 404), NotModified("http://x/2"),
                   Vanished("http://x/3", "removal_notice", "2026-11-20T04:00:00+00:00", notice="该内容已被删除")):
        with pytest.raises(DropItem):
            last.process_item(marker)
    item = ArticleItem.from_page(page())
    assert last.process_item(item) is item


def test_validation_reads_the_record():
    validate = ValidatePipeline(get_crawler(RepostSpider), min_body_chars=20)
    with pytest.raises(DropItem, match="short_body"):
        validate.process_item(ArticleItem.from_page(page(body="短")))
    with pytest.raises(DropItem, match="no_title"):
        validate.process_item(ArticleItem.from_page(page(title=None)))
    # a page that is only a removal notice (with a line of the site's own around it) is no article
    notice = page(title="提示信息", body="该内容已被删除，请浏览其他文章。\n\n返回首页")
    with pytest.raises(DropItem, match="removal_notice"):
        validate.process_item(ArticleItem.from_page(notice))
    report = page(title="平台回应：违规视频已被删除",
                  body="记者今天从平台获悉，网友反映的那段视频确实已被删除，平台称将继续核查相关账号的其他内容。")
    assert validate.process_item(ArticleItem.from_page(report))["title"] == "平台回应：违规视频已被删除"


# -- spider arguments -----------------------------------------------------------------------------------
def test_arguments_as_scrapy_passes_them(tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nstart_urls = ["https://b.example.org/"]\ntimezone = "Asia/Hong_Kong"\n',
                     encoding="utf-8")
    args = CrawlArguments.parse({"start_urls": "https://a.example.com/, https://a.example.com/x/", "sites": str(sites),
                                 "backfill": "yes", "max_articles": "50", "_job": "abc"})
    assert args.start_urls == ["https://a.example.com/", "https://a.example.com/x/", "https://b.example.org/"]
    assert args.backfill and args.max_articles == 50
    assert args.settings()["NEWSARCHIVER_MAX_ARTICLES"] == 50
    assert args.settings()["NEWSARCHIVER_SITE_TIMEZONES"] == {"b.example.org": "Asia/Hong_Kong"}
    assert CrawlArguments.parse({}).settings() == {}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"start_urls": "news.example.com"}, "-a start_urls: 'news.example.com' is not an http(s) URL"),
    ({"start_urls": "ftp://news.example.com/"}, "is not an http(s) URL"),
    ({"start_urls": "http://[::1/"}, "-a start_urls: 'http://[::1/' is not a valid URL"),
    ({"start_urls": "http://a.example:port/"}, "is not a valid URL"),
    ({"sites": "no-such-sites.toml"}, "-a sites: no-such-sites.toml: no such sites file"),
    ({"max_articles": "ten"}, "-a max_articles: 'ten' is not a whole number of 1 or more"),
    ({"max_articles": "0"}, "is not a whole number of 1 or more"),
    ({"max_articles": "-3"}, "is not a whole number of 1 or more"),
    ({"max_articles": "１０"}, "is not a whole number"),  # fullwidth digits
    ({"backfill": "maybe"}, "-a backfill: 'maybe' is not 1 or 0"),
    ({"start_url": "http://a.example/"}, "unknown argument -a start_url="),
])
def test_bad_arguments_are_named_with_what_is_expected(kwargs, message):
    with pytest.raises(ArgumentError) as raised:
        CrawlArguments.parse(kwargs)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_crawl_needs_start_urls_and_backfill_needs_an_archive():
    settings = get_crawler(RepostSpider).settings
    with pytest.raises(ArgumentError, match="no start URLs"):
        RepostSpider.check_arguments({}, settings)
    RepostSpider.check_arguments({"start_urls": "http://a.example/"}, settings)
    no_archive = get_crawler(RepostSpider, {"NEWSARCHIVER_ARCHIVE": ""}).settings
    with pytest.raises(ArgumentError, match="backfill needs an archive"):
        RepostSpider.check_arguments({"start_urls": "http://a.example/", "backfill": "1"}, no_archive)
    distributed = get_crawler(RepostSpider, {"REDIS_URL": "redis://127.0.0.1:1/0"}).settings
    RepostSpider.check_arguments({}, distributed)  # a distributed crawler may join without start URLs


def test_spider_arguments_become_settings():
    crawler = Crawler(RepostSpider)  # as in a crawl: the spider is created before the settings are final
    spider = RepostSpider.from_crawler(crawler, start_urls="http://a.example/", max_articles="3")
    assert spider.start_urls == ["http://a.example/"]
    assert crawler.settings.getint("NEWSARCHIVER_MAX_ARTICLES") == 3
