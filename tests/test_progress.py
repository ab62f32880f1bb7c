"""The progress line of a crawl, single-process and distributed."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from newsarchiver.extensions import CrawlProgress
from newsarchiver.spiders.repost import RepostSpider


def progress(**settings):
    crawler = get_crawler(RepostSpider, {"NEWSARCHIVER_PROGRESS": True, "NEWSARCHIVER_ARCHIVE": "a.db", **settings})
    return crawler, CrawlProgress.from_crawler(crawler)


def test_a_single_process_crawl_shows_what_it_archived():
    crawler, ext = progress()
    for key, value in (("downloader/response_count", 12), ("newsarchiver/articles/new", 7),
                       ("newsarchiver/articles/unchanged", 2), ("newsarchiver/errors/http_404", 1)):
        crawler.stats.set_value(key, value)
    line = ext.line()
    assert line.startswith("pages 12 | articles 9 (new 7, changed 0, unchanged 2) | errors 1 |")


def test_a_distributed_crawler_shows_articles_found_and_items_pushed():
    crawler, ext = progress(REDIS_URL="redis://127.0.0.1:1/0")
    for key, value in (("downloader/response_count", 30), ("newsarchiver/pages/article", 25),
                       ("newsarchiver/redis/items_pushed", 26), ("newsarchiver/redis/backpressure_waits", 3)):
        crawler.stats.set_value(key, value)
    assert ext.line().startswith("pages 30 | articles 25 | items to Redis 26 (waited for the ingest 3x) | errors 0 |")


def test_a_crawl_without_an_archive_shows_the_articles_it_scraped():
    crawler, ext = progress(NEWSARCHIVER_ARCHIVE="")
    for key, value in (("downloader/response_count", 20), ("item_scraped_count", 11)):
        crawler.stats.set_value(key, value)
    assert ext.line().startswith("pages 20 | articles 11 (no archive) | errors 0 |")
