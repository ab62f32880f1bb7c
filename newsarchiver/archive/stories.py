"""Which copies are one story: the fingerprint of an article's text, and the choice of its original.

Two copies belong to one story when their cleaned bodies are the same text once whitespace,
punctuation, width and case are normalised away: repost sites re-wrap paragraphs, swap half- and
full-width punctuation and add spaces, none of which makes a different article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Letters and digits only, NFKC-folded and lower-cased: the part of a text that makes it that text."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def fingerprint(body: str) -> str | None:
    """A stable hash of the article text, or None when there is no text to identify it by."""
    norm = normalise_text(body)
    if not norm:
        return None
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()
