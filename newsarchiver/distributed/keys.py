"""The Redis keys of a distributed crawl, by spider name.

The queue and the seen-set keep scrapy-redis' names (and its ``SCHEDULER_QUEUE_KEY`` /
``SCHEDULER_DUPEFILTER_KEY`` settings); the rest are newsarchiver's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

QUEUE = "%(spider)s:requests"  # scrapy-redis' default SCHEDULER_QUEUE_KEY: the shared request queue
DUPEFILTER = "%(spider)s:dupefilter"  # scrapy-redis' default SCHEDULER_DUPEFILTER_KEY: the seen-set


@dataclass(frozen=True)
class Keys:
    spider: str = "repost"
    queue_template: str = QUEUE
    dupefilter_template: str = DUPEFILTER

    @classmethod
    def from_settings(cls, settings: Any, spider: str = "repost") -> Keys:
        return cls(spider, settings.get("SCHEDULER_QUEUE_KEY") or QUEUE,
                   settings.get("SCHEDULER_DUPEFILTER_KEY") or DUPEFILTER)

    @property
    def queue(self) -> str:
        """Requests waiting for a crawler (a sorted set by priority)."""
        return self.queue_template % {"spider": self.spider}

    @property
    def dupefilter(self) -> str:
        """Fingerprints of every request ever queued in this crawl (a set, or a Bloom filter's bitmap)."""
        return self.dupefilter_template % {"spider": self.spider}

    @property
    def leases(self) -> str:
        """Requests a crawler took from the queue and has not finished: lease token -> queue entry (a hash)."""
        return f"{self.spider}:leases"

    @property
    def lease_expiry(self) -> str:
        """When each lease runs out unless its crawler renews it: token -> Redis time (a sorted set)."""
        return f"{self.spider}:leases:expiry"

    @property
    def requeued(self) -> str:
        """How often a request came back to the queue from an expired lease: SHA-1 of its entry -> count."""
        return f"{self.spider}:leases:requeued"

    @property
    def items(self) -> str:
        """Items waiting for the ingest (a list: RPUSH by crawlers, LMOVE by the ingest)."""
        return f"{self.spider}:items"

    @property
    def processing(self) -> str:
        """Prefix of the ingest's lists of items taken and not yet committed (one list per ingest run)."""
        return f"{self.spider}:items:processing"

    @property
    def start_urls(self) -> str:
        """Start URLs pushed by users or `newsarchiver crawl --redis` (scrapy-redis' START_URLS_KEY)."""
        return f"{self.spider}:start_urls"

    @property
    def sites(self) -> str:
        """The sites of all start URLs: the crawl stays on them (a set)."""
        return f"{self.spider}:sites"

    @property
    def crawlers(self) -> str:
        """Live crawlers: id -> time of the last heartbeat (a sorted set)."""
        return f"{self.spider}:crawlers"

    @property
    def ingest_lock(self) -> str:
        """One ingest at a time (a redis-py Lock)."""
        return f"{self.spider}:ingest:lock"


#: Crawlers refresh their entry in ``crawlers`` this often; one silent for DEAD_AFTER_SECONDS is gone.
HEARTBEAT_SECONDS = 2.0
DEAD_AFTER_SECONDS = 10.0
