"""Datasette plugin: Chinese full-text search over newsarchiver's bigram index (``copies_fts``).

``copies_fts`` stores text as overlapping CJK bigrams (``精致电网`` → ``精致 致电 电网``), so the
user's term must be turned into the same bigrams before FTS5 sees it. On every connection this
plugin registers:

- ``na_fts_query(q)``: the MATCH expression for what a user typed (``newsarchiver.archive.search.fts_query``:
  every term must occur; a term of 3+ Chinese characters is the phrase of its bigrams). Returns ``'""'``
  (matches nothing) for an empty or unsearchable query, so a canned query's empty form is not an error.
- ``na_snippet(body, q)``: the body around the first occurrence of a term (``queries.snippet``).
- ``escape_fts(q)``: Datasette's own search box (``?_search=`` on ``copies`` and ``articles``) passes
  the term through this function; ours replaces Datasette's (``trylast``: registered after it) so the
  table search understands Chinese too.

Datasette loads it through the ``datasette`` entry point (pyproject.toml) in any environment where
newsarchiver is installed, so ``datasette exports/newsarchiver.db`` run by hand understands Chinese too.
"""

from __future__ import annotations

from datasette import hookimpl

from newsarchiver.archive.queries import snippet
from newsarchiver.archive.search import fts_query

NOTHING = '""'  # an empty FTS5 phrase: a valid MATCH expression that matches no row


def na_fts_query(q: str | None) -> str:
    try:
        return fts_query(q or "")
    except ValueError:
        return NOTHING


def na_snippet(body: str | None, q: str | None) -> str:
    return snippet(body or "", q or "")


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("na_fts_query", 1, na_fts_query, deterministic=True)
    conn.create_function("na_snippet", 2, na_snippet, deterministic=True)
    conn.create_function("escape_fts", 1, na_fts_query, deterministic=True)
