"""The shared request queue (scrapy-redis' ``SCHEDULER_QUEUE_CLASS``): a priority queue whose pop is a lease.

Like scrapy-redis' ``PriorityQueue``, requests wait in a sorted set scored by ``-priority``. Popping one
moves it, in the same Redis script, into the lease hash with an expiry (:mod:`.leases`): there is no
moment at which a request has left the queue without being leased, so a crawler killed at any point
leaves each request it took either in the queue or under a lease that runs out.

Entries are JSON (:mod:`.request_codec`); one that does not decode is logged, counted
(``newsarchiver/redis/undecodable_requests``) and dropped, never run.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.utils.request import request_from_dict

from . import request_codec
from .keys import Keys
from .request_codec import UndecodableRequest

logger = logging.getLogger(__name__)

# Pop the first request (lowest score) and lease it: the entry, prefixed by its score, goes to the lease
# hash under the caller's token, and the token to the expiry set at Redis' own time + the lease length.
# Idempotent per token: a call that Redis ran but whose reply was lost (Redis shutting down while it was
# on its way) is sent again by the client's retry (outage.PatientRetry); run again, it must give back the
# request it leased then, not pop a second one whose lease would overwrite the first (a request lost).
LEASE = """
local held = redis.call('HGET', KEYS[2], ARGV[1])
if held then return string.sub(held, string.find(held, '\\n', 1, true) + 1) end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
local now = redis.call('TIME')
redis.call('HSET', KEYS[2], ARGV[1], first[2] .. '\\n' .. first[1])
redis.call('ZADD', KEYS[3], tonumber(now[1]) + tonumber(now[2]) / 1e6 + tonumber(ARGV[2]), ARGV[1])
return first[1]
"""


class LeasedQueue:
    """scrapy-redis' queue interface (``push``, ``pop``, ``__len__``, ``clear``) plus :meth:`lease`."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        self.server = server
        self.spider = spider
        self.key = key % {"spider": spider.name}
        self.serializer = serializer or request_codec  # never scrapy-redis' pickle default
        self.keys = Keys.from_settings(spider.settings, spider.name)
        self._lease = server.register_script(LEASE)

    def __len__(self) -> int:
        return self.server.zcard(self.key)

    def entry(self, request: Request) -> tuple[int, bytes]:
        """The request's (score, encoded entry) as it sits in the queue."""
        from .tracking import TrackedErrback  # a leased request's errback, wrapped; Redis gets the spider's

        if isinstance(request.errback, TrackedErrback):
            request = request.replace(errback=request.errback.original)
        return -request.priority, self.serializer.dumps(request.to_dict(spider=self.spider))

    def push(self, request: Request) -> None:
        score, data = self.entry(request)
        self.server.zadd(self.key, {data: score})

    def pop(self, timeout: int = 0) -> Request | None:
        raise NotImplementedError("a request leaves the shared queue only leased: Scheduler.next_request")

    def lease(self, token: str, seconds: float) -> bytes | None:
        """Take the first request under a lease of ``seconds``; its raw entry, or None when the queue is empty."""
        return self._lease(keys=[self.key, self.keys.leases, self.keys.lease_expiry], args=[token, seconds])

    def decode(self, data: bytes) -> Request | None:
        """The request of a queue entry; None (logged and counted) for an entry that is not one of ours."""
        try:
            return request_from_dict(self.serializer.loads(data), spider=self.spider)
        except (UndecodableRequest, ValueError, TypeError) as exc:
            self.spider.crawler.stats.inc_value("newsarchiver/redis/undecodable_requests")
            logger.warning("dropped an entry of %s that is not a request of ours (%s): %.120r", self.key, exc, data)
            return None

    def clear(self) -> None:
        self.server.delete(self.key)
