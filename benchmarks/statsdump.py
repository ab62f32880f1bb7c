"""A Scrapy extension for benchmarks: write the final crawl stats as JSON to BENCH_STATS_FILE."""

from __future__ import annotations

import json
import resource

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
        usage = resource.getrusage(resource.RUSAGE_SELF)  # the crawler's own CPU (its workers are apart)
        stats = {**self.crawler.stats.get_stats(), "bench/cpu_self_seconds": usage.ru_utime + usage.ru_stime}
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump(stats, fh, default=str)
