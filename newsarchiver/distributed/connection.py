"""Redis clients for crawlers and the ingest, and Redis URLs safe to print.

A Redis URL may carry the server's password (``redis://:PASSWORD@HOST:6379/0``). It is never printed
or logged in full: :func:`mask_url` replaces it by ``***`` wherever we print a URL, and
:class:`MaskPasswords`, a logging filter the distributed crawl installs on the log handlers, does the
same to any log line (Scrapy itself logs the settings it was given, REDIS_URL included).
"""

from __future__ import annotations

import logging
import re
from typing import Any

EXTRA_HINT = "pip install 'newsarchiver[distributed]'"

# scheme://user:password@  ->  scheme://user:***@   (the user part may be empty: redis://:secret@host)
_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)(?P<password>[^@\s/]+)@")


class MissingExtra(RuntimeError):
    """A distributed-mode command without the [distributed] extra installed."""


def require(module: str) -> None:
    """Import check for the [distributed] extra (scrapy-redis, redis), with a message saying how to get it."""
    try:
        __import__(module)
    except ImportError as exc:
        raise MissingExtra(f"distributed mode needs the {module!r} package, which is not installed: "
                           f"{EXTRA_HINT}") from exc


def mask_url(url: str | None) -> str:
    """The URL with any password replaced by ``***`` (``redis://:***@host:6379/0``)."""
    return _PASSWORD.sub(r"\g<head>***@", url or "")


class MaskPasswords(logging.Filter):
    """A handler filter: every log line reaches the handler with URL passwords masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_url(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_text is None and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if mask_url(text) != text:  # an exception message quoting the URL
                record.exc_text = mask_url(text)
        return True


def mask_log_handlers(logger: logging.Logger | None = None) -> None:
    """Install :class:`MaskPasswords` on the handlers of ``logger`` (the root logger by default), once."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, MaskPasswords) for f in handler.filters):
            handler.addFilter(MaskPasswords())


def redis_from_url(url: str, retry: Any = None) -> Any:
    """A redis-py client for ``url`` (the ingest, `crawl --redis`); ``retry``: an
    :class:`~.outage.PatientRetry` that waits out a Redis restart (the ingest's)."""
    require("redis")
    import redis

    extra = {"retry": retry} if retry is not None else {}
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=30, retry_on_timeout=True, **extra)


def server_from_settings(settings: Any) -> Any:
    """The crawl's Redis client, as scrapy-redis builds it (REDIS_URL, REDIS_PARAMS)."""
    require("scrapy_redis")
    from scrapy_redis import connection

    return connection.from_settings(settings)


def push_start_urls(redis_url: str, urls: list[str], spider: str = "repost") -> int:
    """Push start URLs onto the shared ``repost:start_urls`` list (what ``newsarchiver crawl --redis`` does):
    whichever crawler is free takes them, and their sites join the crawl. Returns how many were pushed."""
    from .keys import Keys

    urls = [u.strip() for u in urls if u.strip()]
    if urls:
        redis_from_url(redis_url).rpush(Keys(spider).start_urls, *urls)
    return len(urls)
