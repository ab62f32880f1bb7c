"""A Scrapy extension for benchmarks: the crawler's resident memory every BENCH_MEM_EVERY responses.

Writes one JSON line per sample to BENCH_MEM_FILE: responses so far, RSS (from /proc/self/statm, after
a full garbage collection), and the seen-set's size — what the crawl must remember by design, which grows
with the pages however lean the rest is: the dupefilter's request fingerprints and the spider's set of
links already followed, measured with ``sys.getsizeof`` over the sets and their entries.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import warnings

from scrapy import signals
from scrapy.exceptions import NotConfigured


def _set_bytes(values) -> int:
    return sys.getsizeof(values) + sum(sys.getsizeof(v) for v in values)


class MemWatch:
    def __init__(self, crawler, path: str, every: int) -> None:
        self.crawler, self.path, self.every = crawler, path, every
        self.responses = 0
        self.page_size = os.sysconf("SC_PAGE_SIZE")

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("BENCH_MEM_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, path, crawler.settings.getint("BENCH_MEM_EVERY", 1000))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider):
        self.responses += 1
        if self.responses % self.every:
            return
        gc.collect()
        with open("/proc/self/statm") as fh:
            rss = int(fh.read().split()[1]) * self.page_size
        seen = 0
        dupefilter = getattr(getattr(self.crawler.engine, "scheduler", None), "df", None)
        with warnings.catch_warnings():  # Scrapy 2.19 deprecates reading it; it is still what the filter holds
            warnings.simplefilter("ignore")
            fingerprints = getattr(dupefilter, "fingerprints", None)
        if fingerprints is not None:
            seen += _set_bytes(fingerprints)
        followed = getattr(spider, "_followed", None)
        if followed is not None:
            seen += _set_bytes(followed)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"responses": self.responses, "rss": rss, "seen": seen}) + "\n")
