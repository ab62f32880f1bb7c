"""The seen-set of a distributed crawl: scrapy-redis' fingerprint set, checked and filled with the queue push.

scrapy-redis' scheduler asks the seen-set (SADD) and then pushes the request (ZADD) in two steps; a crawler
killed between them leaves a URL marked seen that no queue holds, and since every later link to it is
filtered as seen, it is never fetched. :meth:`SeenSet.add_and_push` does both in one Redis script.
"""

from __future__ import annotations

from typing import Any

from scrapy_redis.dupefilter import RFPDupeFilter

ADD_AND_PUSH = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""


class SeenSet(RFPDupeFilter):
    """scrapy-redis' fingerprint set (``repost:dupefilter``, ~88 bytes a URL) with an atomic check-and-queue."""

    def __init__(self, server: Any, key: str, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self._add_and_push = server.register_script(ADD_AND_PUSH)

    def add_and_push(self, request: Any, queue_key: str, score: float, entry: bytes) -> bool:
        """Mark the request seen and queue ``entry`` in one step; False (nothing queued) if it was seen before."""
        fingerprint = self.request_fingerprint(request)
        return bool(self._add_and_push(keys=[self.key, queue_key], args=[fingerprint, score, entry]))
