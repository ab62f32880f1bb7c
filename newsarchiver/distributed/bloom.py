"""A compact seen-set: a Bloom filter on a Redis bitmap instead of scrapy-redis' fingerprint set.

Sized by NEWSARCHIVER_BLOOM_CAPACITY and NEWSARCHIVER_BLOOM_ERROR_RATE: 10 million URLs at 0.1% take
18 MB whatever the URLs, where the set takes ~0.9 GB (88 bytes per URL, measured). A false positive is a
new URL taken for a seen one and not crawled (at most the error rate, while the filter holds no more than
its capacity). Check, set and queue push are one Redis script, so two crawlers never both take a URL as
new and a URL marked seen is always queued.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from .dupefilter import SeenSet

# KEYS: bitmap, queue; ARGV: score, entry, bit positions. New (and queued) unless every bit was set.
SET_AND_PUSH = """
local new = 0
for i = 3, #ARGV do
  if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then new = 1 end
end
if new == 1 then redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2]) end
return new
"""


def bloom_size(capacity: int, error_rate: float) -> tuple[int, int]:
    """(bits, hash functions) of a Bloom filter holding ``capacity`` items at ``error_rate`` false positives."""
    bits = math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2)
    bits = min(bits, 2**32)  # a Redis string holds at most 512 MB
    hashes = max(1, round(bits / capacity * math.log(2)))
    return bits, hashes


def bloom_false_positive_rate(bits: int, hashes: int, items: int) -> float:
    return (1 - math.exp(-hashes * items / bits)) ** hashes


class BloomDupeFilter(SeenSet):
    def __init__(self, server: Any, key: str, debug: bool = False, capacity: int = 10_000_000,
                 error_rate: float = 0.001) -> None:
        super().__init__(server, key, debug)
        self.bits, self.hashes = bloom_size(capacity, error_rate)
        self._set_and_push = server.register_script(SET_AND_PUSH)

    @classmethod
    def from_spider(cls, spider: Any) -> BloomDupeFilter:
        base = SeenSet.from_spider(spider)
        return cls._sized(base, spider.settings)

    @classmethod
    def from_settings(cls, settings: Any) -> BloomDupeFilter:
        return cls._sized(SeenSet.from_settings(settings), settings)

    @classmethod
    def _sized(cls, base: SeenSet, settings: Any) -> BloomDupeFilter:
        return cls(base.server, base.key, base.debug, settings.getint("NEWSARCHIVER_BLOOM_CAPACITY", 10_000_000),
                   settings.getfloat("NEWSARCHIVER_BLOOM_ERROR_RATE", 0.001))

    def positions(self, fingerprint: str) -> list[int]:
        digest = hashlib.sha256(fingerprint.encode("ascii")).digest()
        h1 = int.from_bytes(digest[:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        return [(h1 + i * h2) % self.bits for i in range(self.hashes)]

    def add(self, fingerprint: str) -> bool:
        """Set the fingerprint's bits; True if they were all set already (seen, or a false positive)."""
        pipe = self.server.pipeline(transaction=True)
        for pos in self.positions(fingerprint):
            pipe.setbit(self.key, pos, 1)
        return all(pipe.execute())

    def contains(self, fingerprint: str) -> bool:
        """Whether the fingerprint's bits are all set, without setting them."""
        pipe = self.server.pipeline(transaction=False)
        for pos in self.positions(fingerprint):
            pipe.getbit(self.key, pos)
        return all(pipe.execute())

    def request_seen(self, request: Any) -> bool:
        return self.add(self.request_fingerprint(request))

    def add_and_push(self, request: Any, queue_key: str, score: float, entry: bytes) -> bool:
        positions = self.positions(self.request_fingerprint(request))
        return bool(self._set_and_push(keys=[self.key, queue_key], args=[score, entry, *positions]))
