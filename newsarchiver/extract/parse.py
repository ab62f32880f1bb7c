"""Decoded text -> one lxml tree, with the parser's limits handled rather than silently hit.

libxml2 stops building the tree 256 levels deep ("Excessive depth in document") and drops everything
after that point without raising: a page of runaway nesting (unclosed ``<font>``/``<div>`` tags, a
generator bug) would come out empty. Such a page is parsed again with the nesting beyond a safe depth
flattened (the tags go, their text stays), and the log says so.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter

from lxml import etree
from lxml import html as lxml_html

from .dom import Element
from .patterns import XML_DECL_RE

logger = logging.getLogger(__name__)

__all__ = ["parse_html", "parse_page", "flatten_nesting"]

#: Deeper than this, a re-parse drops element tags (libxml2's own limit is 256).
FLATTEN_DEPTH = 200
_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "frame", "keygen", "isindex"})
_PARSERS = threading.local()


def _html_parser() -> lxml_html.HTMLParser:
    """lxml.html's parser with one element class for every tag, chosen in C: the stock parser asks a
    Python lookup for each element proxy (form/input/label classes we never use). One per thread, as
    lxml parsers are not thread-safe."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml_html.HTMLParser()
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
        ))
        _PARSERS.parser = parser
    return parser


def _too_deep(parser: lxml_html.HTMLParser) -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message.lower() for e in parser.error_log)


def parse_html(text: str, url: str = "") -> Element:
    """The tree of one page (raises lxml's ParserError / ValueError on text it cannot parse at all)."""
    parser = _html_parser()
    tree = lxml_html.document_fromstring(text, parser=parser)
    if not _too_deep(parser):
        return tree
    logger.warning("page nested deeper than the HTML parser's limit, read again with the nesting past %d "
                   "levels flattened: %s", FLATTEN_DEPTH, url)
    tree = lxml_html.document_fromstring(flatten_nesting(text), parser=parser)
    if _too_deep(parser):
        logger.warning("page still too deeply nested after flattening; its text past the limit is lost: %s", url)
    return tree


def parse_page(text: str, url: str = "") -> Element | None:
    """The tree of a decoded page, or None when there is none: empty text, or text lxml cannot parse at
    all. An XML declaration is dropped first (lxml refuses a ``str`` that declares an encoding: an XHTML
    page of an old CMS would read as nothing). The one parse a page gets: the extractor and the link
    finder (``links.page_links``) read the same tree."""
    text = XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return parse_html(text, url)
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparseable page %s: %s", url, exc)
        return None


def flatten_nesting(text: str, limit: int = FLATTEN_DEPTH) -> str:
    """``text`` with the start and end tags of elements nested more than ``limit`` deep removed."""
    out: list[str] = []
    pos = depth = 0
    dropped: Counter[str] = Counter()
    for m in _TAG_RE.finditer(text):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            if dropped[name]:
                dropped[name] -= 1
            else:
                depth = max(0, depth - 1)
                continue
        elif depth < limit:
            depth += 1
            continue
        else:
            dropped[name] += 1
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
