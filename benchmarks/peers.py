"""Adapters for the extraction benchmark: newsarchiver and the peer extractors, one prediction shape.

Every adapter takes already-decoded page text (see ``benchmarks/extraction.py``: pages are decoded once with
``newsarchiver.extract.decode_html``, so no tool is judged on charset handling) and returns a dict
``{"title", "authors", "editors", "source", "published", "body"}`` (values may be None/empty).

A peer whose package is not installed is reported by :func:`available` and skipped by the benchmark.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

# "title", "published", "authors", "editors", "source", "body": the fields a tool can return at all.
# Columns for fields a tool never produces are shown as "–" (not 0) in the table.
ALL_FIELDS = ("title", "published", "authors", "editors", "source", "body")


@dataclass
class Context:
    """What a tool may know about a page besides its text."""

    url: str | None  # the page URL when the dataset gives one
    placeholder_url: str  # a neutral URL for tools that need one
    lang: str | None  # "zh", "en" or None (unknown / mixed)
    fetched_at: datetime


@dataclass
class Tool:
    name: str
    module: str  # importable module that must exist for the tool to run
    fields: tuple[str, ...]
    how: str  # one line for docs/benchmarks.md: how the tool was run
    make: Callable[[], Callable[[str, Context], dict[str, Any]]] = field(repr=False, default=None)  # type: ignore[assignment]


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


# ------------------------------------------------------------------------------------- helpers
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "tr", "td", "th", "section", "article", "figure", "figcaption", "header", "footer", "dd", "dt", "dl", "hr",
}


def html_fragment_to_text(fragment: str) -> str:
    """HTML fragment -> text with a blank line between block elements (so words of adjacent blocks don't glue)."""
    if not fragment or not fragment.strip():
        return ""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - unparseable fragment: no text
        return ""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript"):
            if el.tail:
                parts.append(el.tail)
            return
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    text = "".join(parts)
    paras = [re.sub(r"[ \t\r\f\v\u00a0\u3000]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(" ".join(p.split("\n")).strip() for p in paras if p.strip())


def _split_names(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v and str(v).strip()]
    return [p.strip() for p in re.split(r"\s*;\s*", str(value)) if p.strip()]


def _date_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if (value.hour, value.minute, value.second) != (0, 0, 0) \
            else value.strftime("%Y-%m-%d")
    return str(value)


# ------------------------------------------------------------------------------------- newsarchiver
def _make_newsarchiver() -> Callable[[str, Context], dict[str, Any]]:
    from newsarchiver.extract import extract_article

    def run(text: str, ctx: Context) -> dict[str, Any]:
        art = extract_article(text, ctx.url or ctx.placeholder_url, fetched_at=ctx.fetched_at)
        pub = art.published.value if art.published is not None else None  # as precise as the page: "2019-09-25"
        return {"title": art.title, "authors": list(art.authors), "editors": list(art.editors),
                "source": art.source, "published": pub, "body": art.body, "page_type": art.page_type}

    return run


# ------------------------------------------------------------------------------------- trafilatura
def _make_trafilatura() -> Callable[[str, Context], dict[str, Any]]:
    import trafilatura

    def run(text: str, ctx: Context) -> dict[str, Any]:
        params = {
            "extensive_search": True,
            "original_date": True,
            "outputformat": "%Y-%m-%d %H:%M:%S",
            "max_date": ctx.fetched_at.strftime("%Y-%m-%d"),
        }
        doc = trafilatura.bare_extraction(
            text, url=ctx.url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=params,
        )
        if doc is None:
            return {}
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        pub = d.get("date")
        if isinstance(pub, str) and pub.endswith(" 00:00:00"):
            pub = pub[:10]  # htmldate pads day-only dates with midnight
        return {"title": d.get("title"), "authors": _split_names(d.get("author")), "published": pub,
                "body": d.get("text") or d.get("raw_text") or ""}

    return run


# ------------------------------------------------------------------------------------- GNE
def _make_gne() -> Callable[[str, Context], dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(text: str, ctx: Context) -> dict[str, Any]:
        r = extractor.extract(text)
        return {"title": r.get("title"), "authors": _split_names(r.get("author")),
                "published": _date_str(r.get("publish_time")), "body": r.get("content") or ""}

    return run


# ------------------------------------------------------------------------------------- newspaper4k
def _make_newspaper() -> Callable[[str, Context], dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import newspaper
    if _installed("jieba"):  # newspaper4k's Chinese tokenizer; it logs at DEBUG to stderr on first use
        import jieba

        jieba.setLogLevel(logging.WARNING)

    def run(text: str, ctx: Context) -> dict[str, Any]:
        cfg = newspaper.Config()
        cfg.fetch_images = False  # no image downloads (network)
        cfg.memorize_articles = False
        cfg.disable_category_cache = True
        cfg.follow_meta_refresh = False
        kwargs: dict[str, Any] = {"config": cfg}
        if ctx.lang:
            kwargs["language"] = ctx.lang
        art = newspaper.Article(ctx.url or ctx.placeholder_url, **kwargs)
        art.download(input_html=text)  # no fetch: the given HTML is used as is
        art.parse()  # .nlp() (keywords/summary, needs NLTK data) is never called
        return {"title": art.title, "authors": list(art.authors or []),
                "published": _date_str(art.publish_date), "body": art.text or ""}

    return run


# ------------------------------------------------------------------------------------- readability-lxml
def _make_readability() -> Callable[[str, Context], dict[str, Any]]:
    from readability import Document

    def run(text: str, ctx: Context) -> dict[str, Any]:
        doc = Document(text, url=ctx.url)
        summary = doc.summary(html_partial=True)
        title = doc.short_title() or doc.title()
        return {"title": title, "body": html_fragment_to_text(summary)}

    return run


TOOLS: dict[str, Tool] = {
    "newsarchiver": Tool(
        "newsarchiver", "newsarchiver", ALL_FIELDS,
        "`extract_article(text, url, fetched_at=…)`; `published` as extracted (a date known to the day is the day only).",
        _make_newsarchiver),
    "trafilatura": Tool(
        "trafilatura", "trafilatura", ("title", "published", "authors", "body"),
        "`bare_extraction(text, url=…, with_metadata=True, include_comments=False, include_tables=True)` "
        "(default precision/recall balance), dates via htmldate with `extensive_search=True, original_date=True, "
        "outputformat=\"%Y-%m-%d %H:%M:%S\", max_date=<fetched_at>` (a bare `00:00:00` is read as day-only); "
        "`author` split on `;`.",
        _make_trafilatura),
    "gne": Tool(
        "gne", "gne", ("title", "published", "authors", "body"),
        "`GeneralNewsExtractor().extract(text)` with default options → title, author, publish_time, content.",
        _make_gne),
    "newspaper4k": Tool(
        "newspaper4k", "newspaper", ("title", "published", "authors", "body"),
        "`Article(url, language=zh|en from the dataset (else newspaper4k reads the page's meta language), "
        "fetch_images=False, memorize_articles=False)`, `.download(input_html=text)`, `.parse()`; `.nlp()` not called.",
        _make_newspaper),
    "readability": Tool(
        "readability", "readability", ("title", "body"),
        "readability-lxml `Document(text, url=…)`: `.summary(html_partial=True)` converted to text with a blank "
        "line between block elements, `.short_title()` as title; it returns no dates or authors.",
        _make_readability),
}


def available(name: str) -> bool:
    return _installed(TOOLS[name].module)
