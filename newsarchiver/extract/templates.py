"""Site template learning: paragraphs that a site prints on many of its articles are its template.

The generic extractor knows boilerplate by its wording (版权声明, 相关推荐, "(广告)" ...). Every site
also has wording of its own — a slogan before each article, a "set us as your home page" line after it,
a fixed blurb about the newsroom — that no rule list can know in advance. Such a paragraph repeats, word
for word (numbers aside), across articles that have nothing else in common. Counted over the pages of a
site, it gives itself away: a paragraph found in ``min_stories`` or more *different stories* of one
site is template, not article text.

This module is pure: it turns paragraphs into keys, learns a :class:`SiteTemplate` from bodies and
applies one to a body. Counting over a whole site's pages as a crawl goes is the archive's job
(``site_blocks``, see :mod:`newsarchiver.archive.sitetemplates`); the same functions serve tests, benchmarks and
library users who hold the pages in memory.

Keys are 63-bit integers from BLAKE2b over a normalised paragraph: NFKC, case-folded, whitespace and
punctuation removed. Digits are kept: formulaic articles ("On the walk home I counted 77 houses...")
repeat sentences that differ only in their numbers, and those are text, not template. Paragraphs too short to judge (fewer than :data:`MIN_BLOCK_CHARS` letters after normalising) get no key
and are never removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["MIN_BLOCK_CHARS", "DEFAULT_MIN_STORIES", "SiteTemplate", "block_key", "body_paragraphs",
           "join_paragraphs", "learn", "restore"]

#: A paragraph needs this many normalised characters to be judged at all.
MIN_BLOCK_CHARS = 6
#: A paragraph in this many different stories of one site is template.
DEFAULT_MIN_STORIES = 4

_STRIP_RE = re.compile(r"[\W_]+", re.UNICODE)
_SEPARATOR = "\n\n"


@lru_cache(maxsize=2048)  # filing keys a body's paragraphs to split it and again to count them
def block_key(text: str) -> int | None:
    """The key of one paragraph, or None when it is too short to tell template from text."""
    return block_key_nfkc(unicodedata.normalize("NFKC", text))


def block_key_nfkc(nfkc: str) -> int | None:
    """:func:`block_key` of a paragraph already NFKC-normalised (``unicodedata.normalize("NFKC", text)``)."""
    norm = _STRIP_RE.sub("", nfkc.casefold())
    if len(norm) < MIN_BLOCK_CHARS:
        return None
    digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # fits SQLite's signed 64-bit INTEGER


def body_paragraphs(body: str | None) -> list[str]:
    """The paragraphs of an extracted body (the extractor joins them with a blank line)."""
    return [p for p in (body or "").split(_SEPARATOR) if p.strip()]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return _SEPARATOR.join(paragraphs)


@dataclass(frozen=True)
class SiteTemplate:
    """The template paragraphs of one site, as keys (see :func:`block_key`)."""

    keys: AbstractSet[int] = field(default_factory=frozenset)  # any set: the archive passes its live one

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __contains__(self, paragraph: str) -> bool:
        key = block_key(paragraph)
        return key is not None and key in self.keys

    def split(self, body: str | None, keys: list[int | None] | None = None) -> tuple[str, list[tuple[int, str]]]:
        """``(body without template paragraphs, the removed paragraphs as (position, text))``.

        Positions index the paragraphs of ``body``, so :func:`restore` rebuilds it exactly. A body made
        of template paragraphs only is returned whole: the page may be one of the site's own notices,
        and an empty body would lose it. ``keys``: the :func:`block_key` of each paragraph of ``body``,
        when known already."""
        paragraphs = body_paragraphs(body)
        if not self.keys or not paragraphs:
            return body or "", []
        if keys is None:
            keys = list(map(block_key, paragraphs))
        kept: list[str] = []
        removed: list[tuple[int, str]] = []
        for position, (paragraph, key) in enumerate(zip(paragraphs, keys)):
            if key is not None and key in self.keys:
                removed.append((position, paragraph))
            else:
                kept.append(paragraph)
        if not removed or not kept:
            return body or "", []
        return join_paragraphs(kept), removed


def restore(body: str | None, removed: Iterable[tuple[int, str]]) -> str:
    """The body as extracted before :meth:`SiteTemplate.split` removed ``removed`` from it."""
    paragraphs = body_paragraphs(body)
    for position, paragraph in sorted(removed):
        paragraphs.insert(min(position, len(paragraphs)), paragraph)
    return join_paragraphs(paragraphs)


def learn(stories: Iterable[Iterable[str]], *, min_stories: int = DEFAULT_MIN_STORIES) -> SiteTemplate:
    """Learn a site's template from its articles.

    ``stories``: for each *different* story of the site, the bodies (or paragraph lists) of its copies
    on the site — pass one body per story when each page is its own story. A paragraph counts once per
    story however often it repeats there, so a story reachable at several URLs cannot make its own
    text look like template.
    """
    counts: Counter[int] = Counter()
    for bodies in stories:
        if isinstance(bodies, str):
            bodies = [bodies]
        keys: set[int] = set()
        for body in bodies:
            paragraphs = body_paragraphs(body) if isinstance(body, str) else list(body)
            keys.update(k for k in map(block_key, paragraphs) if k is not None)
        counts.update(keys)
    return SiteTemplate(frozenset(k for k, n in counts.items() if n >= max(1, min_stories)))
