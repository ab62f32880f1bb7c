"""The switch to distributed mode: a Scrapy add-on, active only when ``REDIS_URL`` is set.

Listed in ``ADDONS`` (newsarchiver/settings.py). Without ``REDIS_URL`` it disables itself and nothing of
scrapy-redis or redis is imported. With it, it checks the ``[distributed]`` extra is installed (a clear
message if not) and switches

* ``SCHEDULER`` to :class:`~.scheduler.Scheduler` on :class:`~.queue.LeasedQueue`, requests as JSON
  (``SCHEDULER_SERIALIZER`` = :mod:`.request_codec`, never pickle);
* ``DUPEFILTER_CLASS`` to :class:`~.dupefilter.SeenSet`, or :class:`~.bloom.BloomDupeFilter` with
  ``NEWSARCHIVER_BLOOM_DUPEFILTER``; ``SCHEDULER_PERSIST`` on (the shared state outlives any one crawler);
* ``ArchivePipeline`` for :class:`~.pipeline.RedisItemPipeline`;
* adds :class:`~.tracking.LeaseTracking` (spider middleware) and :class:`~.extension.DistributedCrawl`;
* gives every Redis client of the crawler one :class:`~.outage.PatientRetry` (``REDIS_PARAMS``): a Redis
  restart is waited out, up to ``NEWSARCHIVER_REDIS_RETRY_SECONDS``.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from . import enabled
from .connection import require

PACKAGE = "newsarchiver.distributed"


class DistributedAddon:
    @classmethod
    def from_crawler(cls, crawler: Any) -> DistributedAddon:
        if not enabled(crawler.settings):
            raise NotConfigured  # a local crawl: nothing to switch, nothing imported
        require("redis")
        require("scrapy_redis")
        return cls()

    def update_settings(self, settings: Any) -> None:
        # "spider" priority: above the project's settings.py, below -s on the command line.
        def set_(name: str, value: Any) -> None:
            settings.set(name, value, priority="spider")

        set_("SCHEDULER", f"{PACKAGE}.scheduler.Scheduler")
        set_("SCHEDULER_QUEUE_CLASS", f"{PACKAGE}.queue.LeasedQueue")
        set_("SCHEDULER_SERIALIZER", f"{PACKAGE}.request_codec")
        set_("DUPEFILTER_CLASS", f"{PACKAGE}.bloom.BloomDupeFilter" if settings.getbool("NEWSARCHIVER_BLOOM_DUPEFILTER")
             else f"{PACKAGE}.dupefilter.SeenSet")
        set_("SCHEDULER_PERSIST", True)  # DistributedCrawl clears the seen-set when the last crawler finishes
        # every Redis client of the crawler waits out a Redis restart, up to NEWSARCHIVER_REDIS_RETRY_SECONDS
        from .outage import retry_for

        set_("REDIS_PARAMS", {**settings.getdict("REDIS_PARAMS"), "retry": retry_for(settings, "Redis (crawler)")})
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines.pop("newsarchiver.pipelines.ArchivePipeline", None)
        pipelines[f"{PACKAGE}.pipeline.RedisItemPipeline"] = 800
        set_("ITEM_PIPELINES", pipelines)
        spider_mws = dict(settings.getdict("SPIDER_MIDDLEWARES"))
        spider_mws[f"{PACKAGE}.tracking.LeaseTracking"] = 1  # closest to the engine: sees the final output
        set_("SPIDER_MIDDLEWARES", spider_mws)
        extensions = dict(settings.getdict("EXTENSIONS"))
        extensions[f"{PACKAGE}.extension.DistributedCrawl"] = 100
        set_("EXTENSIONS", extensions)
