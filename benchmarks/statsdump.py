"""A Scrapy extension for benchmarks: write the final crawl stats as JSON to BENCH_STATS_FILE."""

from __future__ import annotations

import json

from scrapy import signals
from scrapy.exceptions import NotConfigured


class DumpStats:
    def __init__(self, crawler, path):
        self.crawler, self.path = crawler, path

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("BENCH_STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, path)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def closed(self, spider, reason):
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump(self.crawler.stats.get_stats(), fh, default=str)
