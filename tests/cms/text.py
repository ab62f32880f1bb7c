"""HTML to text for the truth, and the body score: our own small shingle F1 (no third-party scorer copied).

The body of a post is the text of its rendered content, one paragraph per block element. Bodies are
compared on tokens — every CJK character one token, other text split into words, punctuation and
whitespace dropped — as overlapping 4-token shingles, counted with multiplicity, the way article
extraction benchmarks compare a body with its truth.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import lxml.html

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dt", "dd", "figcaption"}


def paragraphs(fragment: str) -> list[str]:
    """The text of each block of an HTML fragment, in order (text outside blocks as its own paragraph)."""
    if not fragment or not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    out: list[str] = []
    loose: list[str] = []

    def flush() -> None:
        text = normalise_space("".join(loose))
        if text:
            out.append(text)
        loose.clear()

    def walk(el: lxml.html.HtmlElement) -> None:
        if isinstance(el.tag, str) and el.tag in BLOCKS and not any(
                isinstance(c.tag, str) and c.tag in BLOCKS for c in el.iterdescendants()):
            flush()
            text = normalise_space(el.text_content())
            if text:
                out.append(text)
            if el.tail:
                loose.append(el.tail)
            return
        if el.text and isinstance(el.tag, str):
            loose.append(el.text)
        for child in el:
            walk(child)
        if el.tail and el is not root:
            loose.append(el.tail)

    walk(root)
    flush()
    return out


_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Runs of whitespace (NBSP and the ideographic space included) as one space, stripped."""
    return _SPACE.sub(" ", (text or "").replace("\u3000", " ").replace("\xa0", " ")).strip()


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text or "").casefold())


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def body_f1(truth: str, found: str) -> float:
    """Shingle F1 of ``found`` against ``truth``: 1.0 when both are empty, 0.0 when only one is."""
    t, f = shingles(truth), shingles(found)
    if not t and not f:
        return 1.0
    common = sum((t & f).values())
    if not common:
        return 0.0
    precision, recall = common / sum(f.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def contains(body: str, snippet: str) -> bool:
    """Whether ``snippet`` is in ``body``, whitespace ignored (a decoration left in the body)."""
    squash = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))  # noqa: E731
    return squash(snippet) in squash(body)
