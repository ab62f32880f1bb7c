"""Leases on requests taken from the shared queue: what recovers the work of a crawler that died.

A crawler pops a request under a lease (:meth:`LeasedQueue.lease <.queue.LeasedQueue.lease>`): the queue
entry sits in ``repost:leases`` under a random token, with an expiry in ``repost:leases:expiry``. While
the crawler lives it renews its leases every heartbeat. The lease ends (:meth:`Leases.release`) only when
everything the request caused is safely in Redis: the requests its callback yielded are queued (or were
seen before), its items are pushed, a redirect or retry of it is queued. A crawler that dies renews
nothing; once its leases expire, any other crawler (:meth:`Leases.reclaim`, every heartbeat) puts each
entry back on the queue, in one Redis script, so each expired lease is re-queued exactly once. A request
whose lease expired :data:`MAX_REQUEUES` times is dropped with a warning instead (a page that kills every
crawler that takes it must not go round forever).

What a request caused is counted in :attr:`Leases.holds`: one hold while its response (or failure) has
not been handled, plus one per output not yet handled. :mod:`.tracking` adds and removes them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from .keys import Keys
from .outage import RedisLost

logger = logging.getLogger(__name__)

#: Expired leases of one request put back on the queue before the request is dropped: a page that kills
#: every crawler that takes it stops after this many crawlers, while a request merely unlucky enough to be
#: in flight at several unrelated crashes (tests/test_distributed_stress.py) is not lost.
MAX_REQUEUES = 5

# Extend the given leases by ARGV[1] seconds from Redis' time (only those that still exist: ZADD XX).
RENEW = """
local now = redis.call('TIME')
local expiry = tonumber(now[1]) + tonumber(now[2]) / 1e6 + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i]) end
return #ARGV - 1
"""

# Expired leases back on the queue (KEYS: expiry, leases, queue, requeued; ARGV: max re-queues, limit,
# and 1 to ignore expiry: a crawler handing back its own leases when it closes). Returns the number
# re-queued, then the entries dropped for having come back too often.
RECLAIM = """
local tokens
if ARGV[3] == '1' then
  tokens = {}
  for i = 4, #ARGV do tokens[#tokens + 1] = ARGV[i] end
else
  local now = redis.call('TIME')
  tokens = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', tonumber(now[1]) + tonumber(now[2]) / 1e6,
                      'LIMIT', 0, tonumber(ARGV[2]))
end
local requeued = 0
local dropped = {}
for _, token in ipairs(tokens) do
  local lease = redis.call('HGET', KEYS[2], token)
  redis.call('HDEL', KEYS[2], token)
  redis.call('ZREM', KEYS[1], token)
  if lease then
    local cut = string.find(lease, '\\n', 1, true)
    local score, entry = string.sub(lease, 1, cut - 1), string.sub(lease, cut + 1)
    local times = 0
    if ARGV[3] ~= '1' then times = redis.call('HINCRBY', KEYS[4], redis.sha1hex(entry), 1) end
    if times <= tonumber(ARGV[1]) then
      redis.call('ZADD', KEYS[3], score, entry)
      requeued = requeued + 1
    else
      dropped[#dropped + 1] = entry
    end
  end
end
return {requeued, dropped}
"""


class Leases:
    """The leases one crawler holds, and the Redis side of every crawler's leases."""

    def __init__(self, server: Any, keys: Keys, seconds: float, stats: Any,
                 max_requeues: int = MAX_REQUEUES) -> None:
        self.server = server
        self.keys = keys
        self.seconds = seconds
        self.stats = stats
        self.max_requeues = max_requeues
        self.holds: dict[str, int] = {}  # token -> what the request still has to finish
        self.tracked: set[str] = set()  # tokens whose output is being counted (see tracking.py)
        self._renew = server.register_script(RENEW)
        self._reclaim = server.register_script(RECLAIM)

    # -- this crawler's leases --------------------------------------------------------------------
    def taken(self, token: str) -> None:
        """A request was leased: one hold until its response or failure is handled."""
        self.holds[token] = 1

    def hold(self, token: str | None) -> None:
        """One more thing the request must see through (an output yielded, not yet handled)."""
        if token in self.holds:
            self.holds[token] += 1

    def release(self, token: str | None) -> None:
        """One thing done; when nothing is left, the lease ends in Redis."""
        if token not in self.holds:
            return
        self.holds[token] -= 1
        if self.holds[token] <= 0:
            self.finish(token)

    def finish(self, token: str) -> None:
        """End a lease now (the request is done, or its entry was dropped)."""
        self.holds.pop(token, None)
        self.tracked.discard(token)
        pipe = self.server.pipeline(transaction=True)
        pipe.hdel(self.keys.leases, token)
        pipe.zrem(self.keys.lease_expiry, token)
        try:
            pipe.execute()
        except RedisLost:
            # the crawler is closing (redis_lost): the lease stays and expires, and the request is taken
            # again by whichever crawler runs next: its work is done twice rather than lost
            pass

    def renew(self) -> None:
        """Push back the expiry of every lease this crawler holds (its heartbeat)."""
        tokens = list(self.holds)
        for start in range(0, len(tokens), 1000):
            self._renew(keys=[self.keys.lease_expiry], args=[self.seconds, *tokens[start:start + 1000]])

    def give_back(self) -> int:
        """Put the requests this crawler holds back on the queue now (it is closing without finishing them)."""
        tokens = list(self.holds)
        if not tokens:
            return 0
        requeued, _ = self._reclaim(keys=self._reclaim_keys(), args=[self.max_requeues, 0, 1, *tokens])
        self.holds.clear()
        self.tracked.clear()
        if requeued:
            logger.info("closing: %d requests in progress handed back to the shared queue", requeued)
        return int(requeued)

    # -- every crawler's leases -------------------------------------------------------------------
    def reclaim(self, limit: int = 1000) -> int:
        """Put the requests of expired leases (crawlers that died) back on the queue; returns how many."""
        requeued, dropped = self._reclaim(keys=self._reclaim_keys(), args=[self.max_requeues, limit, 0])
        requeued = int(requeued)
        if requeued:
            self.stats.inc_value("newsarchiver/redis/requeued_requests", requeued)
            logger.warning("%d requests whose crawler stopped renewing their lease are back on the queue", requeued)
        for entry in dropped:
            self.stats.inc_value("newsarchiver/redis/dropped_requests")
            logger.error("dropped %s: its lease expired %d times (every crawler that took it died?)",
                         _url_of(entry), self.max_requeues + 1)
        return requeued

    def _reclaim_keys(self) -> list[str]:
        return [self.keys.lease_expiry, self.keys.leases, self.keys.queue, self.keys.requeued]


def _url_of(entry: bytes) -> str:
    try:
        return str(json.loads(entry)["url"])[:300]
    except (ValueError, KeyError, TypeError):
        return f"an entry ({len(entry)} bytes)"
