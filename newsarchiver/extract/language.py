"""The page's language: what its text is written in, weighed against what it declares.

Templates often keep ``lang="en"`` on Chinese pages, so strong evidence from the text wins over the
declaration; a Chinese page's language menu ("日本語") or a Korean name in an article about Korea does not
make it Japanese or Korean.
"""

from __future__ import annotations

import re

from .patterns import CJK_RE, EN_STOPWORDS, HANGUL_RE, KANA_RE, LATIN_WORD_RE
from .walk import Paragraph

__all__ = ["cjk_ratio", "page_language"]

_NON_LETTER_RE = re.compile(r"[\W\d_]+")
_NON_CJK_RE = re.compile("[^" + CJK_RE.pattern[1:-1] + "]+")


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among letters."""
    if not text or text.isascii():
        return 0.0
    # counting by deletion (no list of one-character matches); the letter count only when there is CJK
    cjk = len(_NON_CJK_RE.sub("", text))
    if not cjk:
        return 0.0
    letters = len(_NON_LETTER_RE.sub("", text))
    return cjk / letters if letters else 0.0


def page_language(declared: str | None, paragraphs: list[Paragraph], title: str | None) -> str | None:
    """'zh', 'en', 'ja', 'ko', another declared code, or None."""
    sample = "".join(p.text for p in paragraphs[:200])[:6000] + (title or "")
    ratio = cjk_ratio(sample)
    if sample.isascii():  # most pages not in CJK scripts: no kana, hangul or hanzi to count
        kana = hangul = hanzi = 0
    else:
        kana = len(KANA_RE.findall(sample))
        hangul = len(HANGUL_RE.findall(sample))
        hanzi = len(CJK_RE.findall(sample))
    # Japanese prose is a good part kana, Korean mostly hangul
    if kana > 20 and kana >= 0.1 * (kana + hanzi):
        content_lang = "ja"
    elif hangul > 20 and hangul >= 0.5 * (hangul + hanzi):
        content_lang = "ko"
    elif ratio >= 0.3:
        content_lang = "zh"
    else:
        # lowercased once, not word by word (only ASCII text lowercases to the same letters)
        words = LATIN_WORD_RE.findall(sample.lower()) if sample.isascii() else \
            [w.lower() for w in LATIN_WORD_RE.findall(sample)]
        hits = sum(1 for w in words if w in EN_STOPWORDS)
        content_lang = "en" if words and hits / len(words) > 0.04 else None
    if declared and content_lang and declared != content_lang and (ratio >= 0.5 or declared == "zh"):
        return content_lang
    return declared or content_lang
