"""Distributed crawling: several crawler processes, one shared frontier in Redis, one archive writer.

Distributed mode is configuration: with ``REDIS_URL`` set (scrapy-redis' own setting), the add-on
:class:`~newsarchiver.distributed.addon.DistributedAddon` (listed in ``ADDONS``) switches a crawl to the
components of this package, one job per module:

=================  ==================================================================================
``addon``          the settings switch (scheduler, seen-set, item pipeline, middlewares, extension)
``keys``           the Redis keys of a crawl
``connection``     Redis clients, and Redis URLs with their password masked for printing
``request_codec``  requests as JSON (``SCHEDULER_SERIALIZER``): nothing read from Redis runs code
``codec``          items as JSON, for the ingest
``queue``          the shared request queue: popping a request leases it
``leases``         what this crawler has leased, when each lease is done, renewing and reclaiming them
``scheduler``      scrapy-redis' scheduler on that queue: seen-set check and push in one step
``dupefilter``     the seen-set (scrapy-redis' fingerprint set) and ``bloom``: a Bloom filter instead
``tracking``       the spider and downloader middlewares that tell the leases when a request is done
``pipeline``       items go to Redis for ``newsarchiver ingest`` (``newsarchiver/ingest.py``)
``extension``      start URLs from Redis, the crawl's sites, crawler heartbeats, idle exit
=================  ==================================================================================

A local crawl imports none of them but ``addon`` (which imports neither scrapy-redis nor redis); both
come with the ``[distributed]`` extra. docs/distributed.md has the request's life cycle and the deployment.
"""

from __future__ import annotations

from typing import Any


def enabled(settings: Any) -> bool:
    """Whether a crawl with these settings is distributed (REDIS_URL set)."""
    return bool(settings.get("REDIS_URL"))
