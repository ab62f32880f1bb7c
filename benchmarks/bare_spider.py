"""The baseline for benchmarks/crawl.py: a bare Scrapy spider that discovers and follows the same
links as RepostSpider (start URL, sitemap, every on-site link) and does nothing else with a page."""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap

from newsarchiver.urls import strip_tracking


class BareSpider(scrapy.Spider):
    name = "bare"
    # `scrapy runspider` in the project still loads its settings: switch newsarchiver's own components
    # off so that the baseline is Scrapy alone (its robots.txt middleware included).
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"newsarchiver.extensions.CrawlProgress": None},
        "DOWNLOADER_MIDDLEWARES": {
            "newsarchiver.safety.SiteGuardMiddleware": None,
            "newsarchiver.middlewares.RevisitMiddleware": None,
            "newsarchiver.robots.RobotsTxtMiddleware": None,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
        },
        "TWISTED_DNS_RESOLVER": "scrapy.resolver.CachingThreadedResolver",
    }

    def __init__(self, start_url: str = "", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_url = start_url
        self.netloc = urlsplit(start_url).netloc
        self.links = LinkExtractor(canonicalize=False, unique=True)

    async def start(self):
        yield scrapy.Request(self.start_url)
        yield scrapy.Request(self.start_url.rstrip("/") + "/sitemap.xml", callback=self.parse_sitemap)

    def parse_sitemap(self, response):
        for entry in Sitemap(response.body):
            yield scrapy.Request(strip_tracking(entry["loc"]))

    def parse(self, response):
        if not hasattr(response, "text"):
            return
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc == self.netloc:
                yield scrapy.Request(strip_tracking(link.url))  # the same URL identity as RepostSpider
