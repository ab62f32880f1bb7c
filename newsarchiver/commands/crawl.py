"""``scrapy crawl`` that checks a spider's ``-a`` arguments before starting it, and exits with the crawl's status.

Scrapy creates the spider inside the running crawl, where an exception from its ``__init__`` becomes a
traceback in the log. Here a spider class with ``check_arguments(kwargs, settings)`` is asked first, and
what it rejects is a usage error: one line naming the argument, exit status 2, nothing crawled.

Scrapy's own command exits 0 whatever the crawl met; this one exits with the crawl's verdict
(``newsarchiver.outcome``): 0 all well, 3 finished with errors, 1 failed (the archive could not be written,
Redis was lost, nothing was fetched at all).
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from ..outcome import crawl_verdict

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    crawler: Any = None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                spidercls = None  # Scrapy's own command reports an unknown spider
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                try:
                    check(dict(opts.spargs), self.settings)
                except ValueError as exc:
                    raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
        if self.exitcode == 0 and self.crawler is not None and self.crawler.stats is not None:
            status, why = crawl_verdict(self.crawler.stats.get_stats(),
                                        distributed=bool(self.crawler.settings.get("REDIS_URL")))
            if status:
                logger.log(logging.ERROR if status == 1 else logging.WARNING, "exit status %d: %s", status, why)
            self.exitcode = status

    def _create_crawler(self, spidercls: Any) -> Any:
        # Scrapy's command makes the crawler here; keep it, its stats say how the crawl went
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler
