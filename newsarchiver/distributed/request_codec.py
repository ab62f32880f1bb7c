"""Requests as JSON in the shared queue: scrapy-redis' ``SCHEDULER_SERIALIZER``.

scrapy-redis serializes the dict of ``Request.to_dict()`` with whatever module ``SCHEDULER_SERIALIZER``
names (``loads``/``dumps``), pickle by default: anyone who can write to Redis then runs code on every
crawler that pops their entry. This module is the serializer the distributed add-on sets. It reads only
JSON and only what a request of ours holds:

* the fields of ``scrapy.Request`` and nothing else: no ``_class`` (``request_from_dict`` would import
  and call whatever class it names);
* callbacks by name, public methods only (the spider resolves them; nothing else is looked up);
* ``meta`` keys from :data:`SAFE_META` only: a key such as ``dont_obey_robotstxt``, ``proxy`` or
  ``download_maxsize`` planted in Redis would change how a crawler fetches, so it is dropped;
* headers and the body as text (latin-1) and base64.

Anything else raises :class:`UndecodableRequest`; the queue logs, counts and drops it
(``newsarchiver/redis/undecodable_requests``).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any

logger = logging.getLogger(__name__)

#: Request meta that may travel through Redis: what our spider, our revisit middleware and Scrapy's
#: redirect, retry and depth middlewares put there. Everything else is dropped on the way in.
#: ``newsarchiver_revisit`` marks the redirect hops of a revisit (the spider judges where they end: a removal
#: redirected home); planted, it lets one file removal evidence, as pushing an item to the ingest would.
SAFE_META = frozenset({"listing_hops", "discovery", "depth", "retry_times", "redirect_times", "redirect_ttl",
                       "redirect_urls", "redirect_reasons", "newsarchiver_revisit"})
_FIELDS = frozenset({"url", "callback", "errback", "headers", "body", "cookies", "meta", "encoding", "flags",
                     "cb_kwargs", "dont_filter", "method", "priority"})


class UndecodableRequest(ValueError):
    """An entry of the request queue that is not a request this codec wrote."""


def dumps(obj: dict[str, Any]) -> bytes:
    """``Request.to_dict()`` as JSON bytes."""
    data = {k: v for k, v in obj.items() if k in _FIELDS}
    if set(obj) - _FIELDS:
        raise TypeError(f"not a plain scrapy.Request: {sorted(set(obj) - _FIELDS)}")
    data["headers"] = {_text(k): [_text(v) for v in values] for k, values in (obj.get("headers") or {}).items()}
    data["body"] = base64.b64encode(obj.get("body") or b"").decode("ascii")
    data["meta"] = {k: v for k, v in (obj.get("meta") or {}).items() if k in SAFE_META}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes | str) -> dict[str, Any]:
    """The dict for ``request_from_dict``; :class:`UndecodableRequest` for anything we did not write."""
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:  # pickle and other binary data land here
        raise UndecodableRequest(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(obj, dict):
        raise UndecodableRequest(f"not a request: a JSON {type(obj).__name__}")
    unknown = set(obj) - _FIELDS
    if unknown:
        raise UndecodableRequest(f"not a request: unknown fields {sorted(unknown)[:5]}")
    url = obj.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise UndecodableRequest(f"not an http(s) URL: {str(url)[:100]!r}")
    for name in ("callback", "errback"):
        value = obj.get(name)
        if value is not None and not (isinstance(value, str) and value.isidentifier() and not value.startswith("_")):
            raise UndecodableRequest(f"{name} is not a public method name: {str(value)[:100]!r}")
    try:
        obj["headers"] = {k.encode("latin-1"): [v.encode("latin-1") for v in values]
                          for k, values in (obj.get("headers") or {}).items()}
        obj["body"] = base64.b64decode(obj.get("body") or "", validate=True)
    except (AttributeError, TypeError, ValueError, binascii.Error) as exc:
        raise UndecodableRequest(f"bad headers or body: {exc}") from None
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise UndecodableRequest("meta is not an object")
    dropped = set(meta) - SAFE_META
    if dropped:
        logger.warning("request %s from Redis: meta %s dropped (not ours to take from a shared queue)",
                       url[:200], sorted(dropped)[:10])
    obj["meta"] = {k: v for k, v in meta.items() if k in SAFE_META}
    for name, kind in (("priority", int), ("dont_filter", bool), ("method", str), ("encoding", str),
                       ("flags", list), ("cb_kwargs", dict)):
        if name in obj and not isinstance(obj[name], kind):
            raise UndecodableRequest(f"{name} is not a {kind.__name__}")
    return obj


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
