"""``scrapy crawl`` that checks a spider's ``-a`` arguments before starting it.

Scrapy creates the spider inside the running crawl, where an exception from its ``__init__`` becomes a
traceback in the log. Here a spider class with ``check_arguments(kwargs, settings)`` is asked first, and
what it rejects is a usage error: one line naming the argument, exit status 2, nothing crawled.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCrawlCommand):
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
