"""Chinese-aware full-text search on top of FTS5's unicode61 tokenizer.

unicode61 keeps a run of CJK characters as ONE token, so "电网" is never found inside "精致电网建设";
the trigram tokenizer finds only terms of three or more characters. We therefore index text as
overlapping CJK bigrams ("精致 致电 电网 网建 建设") plus ordinary words, and turn a query term into a
phrase of its bigrams: every Chinese term of two or more characters matches exactly where it occurs,
and English words work as usual. Python does the tokenising, so plain ``sqlite3`` users can query the
table too: a two-character term is one token (``MATCH '电网'``); longer ones are phrases of bigrams
(``MATCH '"精致 致电 电网"'``), which ``fts_query()`` builds.
"""

from __future__ import annotations

import re

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKEN = re.compile(rf"[{_CJK}]+|(?:(?![{_CJK}])[^\W_])+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for run in _TOKEN.findall(text or ""):
        if _CJK_RUN.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


def index_text(text: str | None) -> str:
    """The text as FTS5 should see it: CJK bigrams and words separated by spaces."""
    return " ".join(_tokens(text or ""))


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression for what a user typed: every term must occur (AND).

    Each whitespace-separated term becomes a quoted phrase of its tokens, so FTS5 operators and
    punctuation in user input can never cause a syntax error. Raises ValueError for an empty query.
    """
    phrases = []
    for term in query.split():
        tokens = _tokens(term)
        if not tokens:
            continue
        phrases.append('"' + " ".join(t.replace('"', '""') for t in tokens) + '"')
    if not phrases:
        raise ValueError(f"nothing to search for in {query!r}: give a word or at least one Chinese character")
    return " AND ".join(phrases)
