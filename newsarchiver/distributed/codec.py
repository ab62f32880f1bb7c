"""Items over the wire: crawlers push them to Redis as JSON, the ingest reads them back.

JSON, never pickle: an item read from Redis is data, whoever wrote it. A page's prepared values
(``archive.prepare``: what filing computes from the page alone, computed by the crawler) travel as JSON
beside the item, under ``"prepared"``; they are read back as plain data, for the archive to check. Anything that is not one of our
items as written by :func:`dump_item` raises :class:`UndecodableItem`; the ingest logs, counts and drops it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, replace
from typing import Any

from ..archive.prepare import Prepared
from ..extract.removal import EMPTY_SHELL, NOTICE, REDIRECT
from ..items import Article, CrawledPage, DateFound, FetchFailure, NavLink, NotArticle, NotModified, Vanished

Item = CrawledPage | FetchFailure | NotModified | Vanished | NotArticle
_REMOVALS = frozenset({NOTICE, EMPTY_SHELL, REDIRECT})  # Vanished.how


class UndecodableItem(ValueError):
    """Bytes from the item queue that are not an item :func:`dump_item` wrote."""


def dump_item(item: Any) -> str:
    """An item as one JSON text (raw bytes as base64)."""
    if isinstance(item, CrawledPage):
        record = {"type": "page", "item": _with_raw(item)}
        if isinstance(item.prepared, Prepared):
            # beside the item, not in it: an ingest older than prepared values reads the item and ignores this
            record["prepared"] = item.prepared.to_json()
        return json.dumps(record, ensure_ascii=False)
    if isinstance(item, FetchFailure):
        return json.dumps({"type": "failure", "item": asdict(item)}, ensure_ascii=False)
    if isinstance(item, NotModified):
        return json.dumps({"type": "not_modified", "item": asdict(item)}, ensure_ascii=False)
    if isinstance(item, NotArticle):  # a listing where the archive may hold an article copy
        return json.dumps({"type": "not_article", "item": asdict(item)}, ensure_ascii=False)
    if isinstance(item, Vanished):  # a revisit that found an archived page removed
        return json.dumps({"type": "vanished", "item": _with_raw(item)}, ensure_ascii=False)
    raise TypeError(f"not a newsarchiver item: {type(item).__name__}")


def load_item(text: str | bytes) -> Item:
    """The item :func:`dump_item` wrote; :class:`UndecodableItem` for anything else."""
    try:
        record = json.loads(text)
        kind, data = record["type"], record["item"]
        if not isinstance(data, dict):
            raise TypeError("the item is not an object")
        if kind == "failure":
            return FetchFailure(**data)
        if kind == "not_modified":
            return NotModified(**data)
        if kind == "not_article":
            return NotArticle(**data)
        if kind == "vanished":
            if data.get("how") not in _REMOVALS:  # the archive files it as evidence of this kind
                raise ValueError(f"unknown removal {str(data.get('how'))[:40]!r}")
            return Vanished(**dict(data, raw=_raw(data)))
        if kind != "page":
            raise ValueError(f"unknown item type {kind!r}")
        data.pop("prepared", None)  # prepared values travel beside the item (below), never inside it
        art = dict(data["article"])
        for name in ("published", "updated"):
            art[name] = DateFound(**art[name]) if art.get(name) else None
        for name in ("prev", "next"):
            art[name] = NavLink(**art[name]) if art.get(name) else None
        # prepared values stay JSON data here: the archive checks them (archive.prepare.usable) before any use
        return CrawledPage(**dict(data, article=Article(**art), raw=_raw(data)), prepared=record.get("prepared"))
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as exc:
        # json.JSONDecodeError is a ValueError; a dataclass given unknown fields raises TypeError
        raise UndecodableItem(f"{type(exc).__name__}: {exc}") from exc


def _with_raw(item: CrawledPage | Vanished) -> dict[str, Any]:
    data = asdict(replace(item, prepared=None) if isinstance(item, CrawledPage) else item)
    data.pop("prepared", None)
    data["raw"] = base64.b64encode(item.raw).decode("ascii") if item.raw is not None else None
    return data


def _raw(data: dict[str, Any]) -> bytes | None:
    return base64.b64decode(data["raw"], validate=True) if data.get("raw") is not None else None
