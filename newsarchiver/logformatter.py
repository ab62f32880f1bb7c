"""ItemLogFormatter: Scrapy's log lines about items, one short line each (``LOG_FORMATTER``).

Scrapy's own formatter appends the whole item's repr to "Dropped:", "Scraped from" and "Error
processing" lines; our item holds an article's full text, so one dropped page printed a screenful.
Here an item is named by its URL; the drop reason (``DropItem``'s message) stays as Scrapy logs it,
and so does the log level (``DEFAULT_DROPITEM_LOG_LEVEL`` or the exception's ``log_level``).
"""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


def item_name(item: Any) -> str:
    """How a log line names an item: its URL, else its type."""
    url = getattr(item, "url", None)
    if url is None and isinstance(item, dict):
        url = item.get("url")
    return str(url) if url else type(item).__name__


class ItemLogFormatter(LogFormatter):
    """Scrapy's LogFormatter with items named by URL instead of printed whole."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        message = str(exception)
        name = item_name(item)
        # our DropItem messages already end with the URL ("short_body: URL")
        result["msg"] = "Dropped: %(exception)s" if name in message else "Dropped %(item)s: %(exception)s"
        result["args"] = {"exception": message, "item": name}
        return result

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        result = super().scraped(item, response, spider)
        result["msg"] = "Scraped %(item)s"
        result["args"] = {"item": item_name(item)}
        return result

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        result["msg"] = "Error processing %(item)s"
        result["args"] = {"item": item_name(item)}
        return result
