"""A pipeline of one's own placed after newsarchiver's (README, "Your own pipeline"); test_feed_crawl.py runs it.

It reads every item through itemadapter, as any Scrapy pipeline would, and writes what it saw to the file
named by the FEED_PIPELINE_OUTPUT setting: the item's class and its fields, one JSON object per line.
"""

from __future__ import annotations

import json
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler


class RecordCopyPipeline:
    def __init__(self, path: str) -> None:
        self.path = path
        self.file: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordCopyPipeline:
        return cls(crawler.settings["FEED_PIPELINE_OUTPUT"])

    def open_spider(self) -> None:
        self.file = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close_spider

    def close_spider(self) -> None:
        if self.file is not None:
            self.file.close()

    def process_item(self, item: Any) -> Any:
        article = ItemAdapter(item)
        assert self.file is not None
        self.file.write(json.dumps({"class": type(item).__name__, "record": article.asdict()}, ensure_ascii=False)
                        + "\n")
        return item
