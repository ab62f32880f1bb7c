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
from operator import add
from typing import Any

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
#: a run of CJK characters (group 1) or a word of other letters and digits (group 2)
_TOKEN = re.compile(rf"([{_CJK}]+)|((?:(?![{_CJK}])[^\W_])+)")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for run, word in _TOKEN.findall(text or ""):
        if not run:
            out.append(word.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(map(add, run, run[1:]))  # the run's overlapping bigrams, built in C
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


class SearchIndex:
    """Writes ``copies_fts``, the contentless index of copies' titles and bodies (rowid = copies.id).

    Writes are held until :meth:`flush` (the archive flushes before every commit) and then made in two
    ``executemany`` calls. FTS5 writes what it holds in memory to a new index segment whenever a
    statement of the transaction opens a statement journal (a savepoint per filed item, an UPDATE checked
    by a foreign key): indexing each copy as it was filed made one segment per copy and a merge of
    segments every few copies (~1 ms a page); one flush per batch makes one segment per batch.
    """

    def __init__(self, db: Any) -> None:
        self.db = db
        #: copy id -> (the tokenised (title, body) the index holds for it before this batch, or None; the
        #: tokenised (title, body) to index). Text is tokenised when written, inside the item's savepoint.
        self.pending: dict[int, tuple[tuple[str, str] | None, tuple[str, str]]] = {}

    def write(self, copy_id: int, title: str | None, body: str | None,
              indexed: tuple[str | None, str | None] | None, tokens: tuple[str, str] | None = None) -> None:
        """Index a copy's title and body (at the next :meth:`flush`); ``indexed``: the (title, body) the
        index holds for it now, if any; ``tokens``: ``index_text`` of the title and body, when known already."""
        held = self.pending.get(copy_id)
        # written twice in one batch: what the index holds is still what it held before the first write
        old = held[0] if held else (index_text(indexed[0]), index_text(indexed[1])) if indexed is not None else None
        self.pending[copy_id] = (old, tokens if tokens is not None else (index_text(title), index_text(body)))

    def mark(self) -> dict:
        """What is pending now, for :meth:`restore` when a savepoint is rolled back."""
        return dict(self.pending)

    def restore(self, mark: dict) -> None:
        self.pending = mark

    def discard(self) -> None:
        """Forget what is pending (the batch was rolled back)."""
        self.pending = {}

    def flush(self) -> None:
        """Write what is pending into the index (inside the batch, before it commits)."""
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        # a contentless FTS5 table forgets a row only when told the exact text it indexed
        self.db.conn.executemany(
            "INSERT INTO copies_fts (copies_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            [(copy_id, *old) for copy_id, (old, _) in pending.items() if old])
        self.db.conn.executemany("INSERT INTO copies_fts (rowid, title, body) VALUES (?, ?, ?)",
                                 [(copy_id, *new) for copy_id, (_, new) in pending.items()])

    def rebuild(self) -> int:
        """Index every copy again from ``copies`` (an entry that no longer matches its copy is repaired);
        returns the copies indexed. Call inside a batch."""
        self.pending = {}  # indexed below from the copies as they are now
        self.db.execute("INSERT INTO copies_fts (copies_fts) VALUES ('delete-all')")
        cursor = self.db.execute("SELECT id, title, body FROM copies ORDER BY id")
        done = 0
        while rows := cursor.fetchmany(1000):
            self.db.conn.executemany("INSERT INTO copies_fts (rowid, title, body) VALUES (?, ?, ?)",
                                     [(cid, index_text(title), index_text(body)) for cid, title, body in rows])
            done += len(rows)
        return done


# -- ordering matches --------------------------------------------------------------------------------------
#: How search results can be ordered (``newsarchiver search --sort``, the search page's ``sort``):
#: ``auto`` is ``relevance`` for a query with at most :data:`RANK_AT_MOST` matches, else ``title``.
ORDERS = ("auto", "relevance", "title", "archived")

#: ``auto`` ranks by relevance only a query with at most this many matches. FTS5's BM25 scores every match
#: and first reads the whole doclist of every term for its weight: 10-20 ms for ~6,000 matches, 0.2-3 s
#: for a term found in a fifth of a 1M-copy archive (docs/benchmarks.md, "Full-text search at 1M copies").
RANK_AT_MOST = 10_000

_BM25 = "bm25(copies_fts, 5.0, 1.0)"  # the title weighs 5x the body


def title_query(match: str) -> str:
    """The MATCH expression (of :func:`fts_query`) restricted to titles: every term in the title."""
    return "{title} : (" + match + ")"


def count_at_most(db: Any, match: str, most: int) -> int:
    """How many copies match, counted no further than ``most + 1`` (reads at most that many index entries)."""
    return db.execute("SELECT count(*) FROM (SELECT rowid FROM copies_fts WHERE copies_fts MATCH ? LIMIT ?)",
                      [match, most + 1]).fetchone()[0]


def choose_order(db: Any, match: str, order: str) -> str:
    """The order ``order`` stands for: ``auto`` becomes ``relevance`` or ``title`` by the number of matches."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
    if order != "auto":
        return order
    return "relevance" if count_at_most(db, match, RANK_AT_MOST) <= RANK_AT_MOST else "title"


#: A site with at most this many copies is searched copy by copy, newest first, each looked up in the index
#: (~0.1-0.2 ms each) rather than by reading the matches until enough are on it: a common term's matches
#: read for the few on a site of 10 copies took 0.3-1.8 s at 1M copies, 20-30 ms copy by copy; a site of
#: 1,000 copies took 90 ms read from the matches, 200-350 ms copy by copy (docs/benchmarks.md).
SMALL_SITE = 500


def ordered_matches(db: Any, match: str, order: str, *, limit: int, offset: int = 0, site: str | None = None,
                    month: str | None = None) -> list[tuple[int, float | None]]:
    """(copy id, BM25 rank or None) of the matches of ``match`` from ``offset``, ``limit`` of them, in ``order``
    (not ``auto``: see :func:`choose_order`), only on ``site`` (host) and in ``month`` (``YYYY-MM`` of the
    publication date) when given.

    ``archived`` reads the index backwards (rowid order) and stops after the rows it needs; ``title`` does
    the same for the copies with every term in their title, then for the others; ``relevance`` scores
    every match. On a small site (:data:`SMALL_SITE`) ``archived`` and ``title`` read the site's copies
    backwards instead and look each up in the index.
    """
    conditions = ["s.host = :site"] * bool(site) + ["substr(c.published, 1, 7) = :month"] * bool(month)
    where = " AND ".join(conditions)
    from_copies = bool(site) and order != "relevance" and db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM copies c JOIN sites s ON s.id = c.site_id WHERE s.host = ? LIMIT ?)",
        [site, SMALL_SITE + 1]).fetchone()[0] <= SMALL_SITE

    def run(expression: str, rank: str, order_by: str, count: int, skip: int) -> list[tuple[int, float | None]]:
        values = {"match": expression, "site": site, "month": month, "limit": count, "offset": skip}
        if from_copies:
            return db.execute(
                f"""SELECT c.id, NULL FROM copies c JOIN sites s ON s.id = c.site_id WHERE {where}
                    AND EXISTS (SELECT 1 FROM copies_fts WHERE copies_fts MATCH :match AND copies_fts.rowid = c.id)
                    ORDER BY c.id DESC LIMIT :limit OFFSET :offset""", values).fetchall()
        join = " JOIN copies c ON c.id = copies_fts.rowid JOIN sites s ON s.id = c.site_id" if where else ""
        return db.execute(
            f"SELECT copies_fts.rowid, {rank} FROM copies_fts{join} WHERE copies_fts MATCH :match"
            + (f" AND {where}" if where else "") + f" ORDER BY {order_by} LIMIT :limit OFFSET :offset",
            values).fetchall()

    if order == "relevance":
        return run(match, _BM25, _BM25, limit, offset)
    if order == "archived":
        return run(match, "NULL", "copies_fts.rowid DESC", limit, offset)
    if order != "title":
        raise ValueError(f"unknown order {order!r}: use one of {', '.join(ORDERS[1:])}")
    titled = title_query(match)
    end = offset + limit
    first = run(titled, "NULL", "copies_fts.rowid DESC", end, 0)
    if len(first) < end:
        first += run(f"({match}) NOT {titled}", "NULL", "copies_fts.rowid DESC", end - len(first), 0)
    return first[offset:end]
