"""The article record Scrapy sees: what feed exports (``-o/-O``), ``scrapy parse`` and your own pipelines get.

The spider yields one :class:`ArticleItem` per article page. Its fields are the public record, flat
and JSON-ready: the keys ``newsarchiver extract`` prints (:data:`~newsarchiver.items.EXTRACT_KEYS`)
plus ``story_id`` (set by the archive pipeline when a crawl writes an archive), ``site`` and
``fetched_at`` — the columns of ``newsarchiver export --format csv``. What only our pipelines need
(the response body and headers, how the page was decoded, where each date came from) travels in
``ArticleItem.page``, an attribute that is not a field, so no exporter ever writes it.

Feed formats, per Scrapy's exporters (``FEED_EXPORTERS`` in settings.py):

* JSON / JSON Lines: lists are lists, ``prev``/``next`` are objects ``{url, title, published}``, a
  missing value is ``null``;
* CSV (:class:`CsvArticleExporter`): columns in :data:`FEED_KEYS` order (``FEED_EXPORT_FIELDS``), a
  list is one cell joined by ``"; "``, ``prev``/``next`` are the link's URL;
* XML (:class:`XmlArticleExporter`): ``<articles><article>…``, a list is ``<value>`` elements,
  ``prev``/``next`` have ``<url>``, ``<title>``, ``<published>`` children, a missing value is empty.

Dates are ISO 8601 strings as precise as the page wrote them (:meth:`DateFound.at_precision`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import scrapy
from scrapy.exporters import CsvItemExporter, XmlItemExporter
from scrapy.item import Field, ItemMeta

from .items import RECORD_KEYS, CrawledPage
from .urls import site_of

#: The record's keys in CSV column order (``items.RECORD_KEYS``): the extract keys, then the archive's story,
#: the site, the fetch time and the copy's status (as ``newsarchiver export``). Derived from EXTRACT_KEYS: a
#: new extract key is a new field. ``status`` is the same column as the export's so one reader takes both: a
#: feed only holds pages just fetched and found, so it is ``alive`` (``restored`` when the archive had seen
#: the page gone); copies found gone are no feed records (docs/archive.md, "Disappearances").
FEED_KEYS = RECORD_KEYS


def link_url(link: Mapping[str, Any] | None) -> str | None:
    """A prev/next link in one CSV cell: its URL."""
    return link.get("url") if link else None


#: Field metadata by key. ``csv_serializer`` applies in CSV only (JSON and XML keep the structure).
FIELD_META: dict[str, dict[str, Any]] = {
    "prev": {"csv_serializer": link_url},
    "next": {"csv_serializer": link_url},
}

# A scrapy.Item declared from FEED_KEYS (what a class body listing ``url = Field()`` … would declare).
_ArticleFields = ItemMeta("_ArticleFields", (scrapy.Item,),
                          {"__module__": __name__, **{k: Field(**FIELD_META.get(k, {})) for k in FEED_KEYS}})


class ArticleItem(_ArticleFields):
    """One crawled article: its fields are the public record; ``.page`` is the crawled page behind it."""

    def __init__(self, *args: Any, page: CrawledPage | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page = page

    @classmethod
    def from_page(cls, page: CrawledPage) -> ArticleItem:
        return cls(public_record(page), page=page)

    @property
    def page(self) -> CrawledPage | None:
        """The page as crawled (article with date provenance, raw body, headers), for our pipelines."""
        return self._page


def public_record(page: CrawledPage) -> dict[str, Any]:
    """The record of a crawled page, without ``story_id`` (only an archive knows it)."""
    article = page.article
    record = article.to_record()
    record["published"] = article.published.at_precision() if article.published else None
    record["updated"] = article.updated.at_precision() if article.updated else None
    record["site"] = site_of(page.url)
    record["fetched_at"] = page.fetched_at
    record["status"] = "alive"  # fetched and found now; an archive says "restored" for a page it saw gone
    return {key: record.get(key) for key in FEED_KEYS if key != "story_id"}


def crawled(item: Any) -> Any:
    """What our pipelines file: the crawled page behind an ArticleItem, any other item as it is."""
    return item.page if isinstance(item, ArticleItem) and item.page is not None else item


class CsvArticleExporter(CsvItemExporter):
    """Scrapy's CSV exporter, for spreadsheets: a list is one cell joined by ``"; "``, and a field's
    ``csv_serializer`` (prev/next: the link's URL) applies."""

    def __init__(self, file: Any, *, join_multivalued: str = "; ", **kwargs: Any) -> None:
        super().__init__(file, join_multivalued=join_multivalued, **kwargs)

    def serialize_field(self, field: Mapping[str, Any], name: str, value: Any) -> Any:
        flatten = field.get("csv_serializer")
        return flatten(value) if flatten else super().serialize_field(field, name, value)


class XmlArticleExporter(XmlItemExporter):
    """Scrapy's XML exporter with ``<articles><article>`` elements, where a missing value is an empty
    element (Scrapy's own writes the text "None")."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        kwargs.setdefault("item_element", "article")
        kwargs.setdefault("root_element", "articles")
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Mapping[str, Any], name: str, value: Any) -> Any:
        return _without_nulls(super().serialize_field(field, name, value))


def _without_nulls(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return {k: _without_nulls(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_nulls(v) for v in value]
    return value
