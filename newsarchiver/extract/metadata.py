"""Structured metadata from the parsed tree: JSON-LD, OpenGraph, ``<meta>``, ``<link>``, ``<html lang>``.

Everything here is a *claim* the page makes about itself; the field choosers weigh it against what the
visible page shows (repost sites often leave a template's JSON-LD pointing at the poster account).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html

from .patterns import ARTICLE_TYPES, AUTHOR_META, MODIFIED_META, PUBLISHED_META, SOURCE_META

logger = logging.getLogger(__name__)

__all__ = ["PageMetadata", "read_metadata", "normalise_language"]

@dataclass
class PageMetadata:
    """What the page declares about itself."""

    og_title: str | None = None
    jsonld_headline: str | None = None
    title_tag: str | None = None
    site_name: str | None = None
    jsonld_publisher: str | None = None
    authors: list[str] = field(default_factory=list)  # structured claims, unvalidated
    author_origin: str | None = None
    published: list[tuple[str, str]] = field(default_factory=list)  # (raw, origin), best first
    modified: list[tuple[str, str]] = field(default_factory=list)
    canonical: str | None = None
    og_url: str | None = None
    link_prev: str | None = None
    link_next: str | None = None
    lang: str | None = None
    source: str | None = None
    description: str | None = None
    og_type: str | None = None  # og:type, lowercased ("article", "website", "profile")
    jsonld_types: list[str] = field(default_factory=list)  # every JSON-LD @type of the page's own entities, lowercased


def normalise_language(code: str | None) -> str | None:
    """'zh-CN' / 'zh_Hant_TW' -> 'zh'; 'en-US' -> 'en'; junk -> None."""
    if not code:
        return None
    base = re.split(r"[-_\s,;]", code.strip().lower(), maxsplit=1)[0]
    if base in ("cn", "chinese", "zh"):
        return "zh"
    if base in ("english",):
        return "en"
    return base if re.fullmatch(r"[a-z]{2,3}", base) else None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text or None


def _load_jsonld(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        # common breakage: trailing commas, raw newlines in strings
        fixed = re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ").replace("\r", " "))
        try:
            return json.loads(fixed, strict=False)
        except ValueError:
            logger.debug("unparseable JSON-LD block")
            return None


def _walk_jsonld(node: Any, out: list[dict[str, Any]], types_seen: list[str] | None = None, depth: int = 0) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_jsonld(item, out, types_seen, depth)
    elif isinstance(node, dict):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if types_seen is not None and depth <= 1:  # the page's own entities, not nested authors or images
            types_seen.extend(t.lower() for t in types if isinstance(t, str))
        if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
            out.append(node)
        if "@graph" in node:
            _walk_jsonld(node["@graph"], out, types_seen, depth)
        main = node.get("mainEntity")
        if isinstance(main, (dict, list)):
            _walk_jsonld(main, out, types_seen, depth + 1)


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    text = _clean(str(value))
    return [text] if text else []


def _read_jsonld(tree: lxml_html.HtmlElement, meta: PageMetadata) -> None:
    nodes: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        data = _load_jsonld(script.text)
        if data is not None:
            _walk_jsonld(data, nodes, meta.jsonld_types)
    # Prefer a real article type over WebPage.
    nodes.sort(key=lambda n: str(n.get("@type")).lower() in ("webpage", "['webpage']"))
    for node in nodes:
        meta.jsonld_headline = meta.jsonld_headline or _clean(node.get("headline") or node.get("name"))
        if not meta.authors:
            names = _names(node.get("author")) or _names(node.get("creator"))
            if names:
                meta.authors, meta.author_origin = names, "json-ld"
        for key, target in (("datePublished", meta.published), ("dateCreated", meta.published), ("dateModified", meta.modified)):
            value = node.get(key)
            if isinstance(value, str) and value.strip():
                target.append((value.strip(), "json-ld"))
        publisher = _names(node.get("publisher"))
        if publisher and not meta.jsonld_publisher:
            meta.jsonld_publisher = publisher[0]
        entity = node.get("mainEntityOfPage") or node.get("url")
        if isinstance(entity, dict):
            entity = entity.get("@id") or entity.get("url")
        if isinstance(entity, str) and entity.startswith("http") and not meta.og_url:
            meta.og_url = entity


def read_metadata(tree: lxml_html.HtmlElement, base_url: str) -> PageMetadata:
    """Collect the page's self-description. Never raises on malformed markup."""
    meta = PageMetadata()
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = el.get("content")
        if key and content and content.strip() and key not in metas:
            metas[key] = content.strip()
    meta.og_title = _clean(metas.get("og:title") or metas.get("twitter:title"))
    meta.site_name = _clean(metas.get("og:site_name") or metas.get("application-name") or metas.get("apple-mobile-web-app-title"))
    meta.og_url = _clean(metas.get("og:url"))
    meta.og_type = (_clean(metas.get("og:type")) or "").lower() or None
    meta.description = _clean(metas.get("description") or metas.get("og:description"))
    for key in PUBLISHED_META:
        if key in metas:
            meta.published.append((metas[key], f"meta:{key}"))
    for key in MODIFIED_META:
        if key in metas:
            meta.modified.append((metas[key], f"meta:{key}"))
    for key in SOURCE_META:
        if key in metas and not meta.source:
            meta.source = _clean(metas[key])
    _read_jsonld(tree, meta)
    # schema.org microdata on visible elements: <div itemprop="datePublished" content="…">, <time itemprop=…>
    # (a whole-tree scan: only when <meta> and JSON-LD gave no date)
    microdata = [] if meta.published else tree.xpath(
        '//*[@itemprop="datePublished" or @itemprop="dateCreated" or @itemprop="dateModified"]'
    )
    for el in microdata:
        if el.tag == "meta":
            continue  # read with the other <meta> above
        value = (el.get("content") or el.get("datetime") or "").strip()
        if value:
            target = meta.modified if el.get("itemprop") == "dateModified" else meta.published
            target.append((value, f"microdata:{el.get('itemprop')}"))
    # JSON-LD dates are the most deliberate claim; put them first.
    meta.published.sort(key=lambda p: p[1] != "json-ld")
    meta.modified.sort(key=lambda p: p[1] != "json-ld")
    if not meta.authors:
        for key in AUTHOR_META:
            value = metas.get(key)
            if value and not value.startswith(("http", "@")):
                meta.authors, meta.author_origin = [_clean(value) or value], f"meta:{key}"
                break
    title_el = tree.find(".//title")
    if title_el is not None:
        meta.title_tag = _clean(title_el.text_content())
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if not ("canonical" in rel or "prev" in rel or "previous" in rel or "next" in rel):
            continue  # stylesheets, icons, preloads: most <link>s (urljoin only the few that matter)
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        absolute = urljoin(base_url, href)
        if "canonical" in rel and not meta.canonical:
            meta.canonical = absolute
        elif "prev" in rel or "previous" in rel:
            meta.link_prev = meta.link_prev or absolute
        elif "next" in rel:
            meta.link_next = meta.link_next or absolute
    if meta.og_url:
        meta.og_url = urljoin(base_url, meta.og_url)
    meta.lang = normalise_language(tree.get("lang") or tree.get("xml:lang") or metas.get("content-language") or metas.get("language"))
    return meta
