"""Which copies are one story: the fingerprint of an article's text, matching, and the choice of its original.

Two copies belong to one story when their cleaned bodies are the same text once whitespace,
punctuation, width and case are normalised away (repost sites re-wrap paragraphs, swap half- and
full-width punctuation and add spaces, none of which makes a different article); when a copy's
cross-site ``rel=canonical`` names an archived page; or when their texts are near-duplicates
(``neardup.py``). :class:`Stories` keeps ``stories`` and the story columns of ``copies`` up to date.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from ..items import Article
from ..urls import site_of, url_key
from . import neardup
from .neardup import normalise_text
from .times import instant, utcnow

__all__ = ["Stories", "choose_original", "fingerprint", "normalise_text"]


def fingerprint(body: str) -> str | None:
    """A stable hash of the article text, or None when there is no text to identify it by."""
    return neardup.fingerprint_normalised(normalise_text(body))


class Stories:
    """Puts copies into stories (exact text, canonical URL, near-duplicate text, or a new story)."""

    def __init__(self, db: Database, threshold: float = neardup.DEFAULT_THRESHOLD) -> None:
        self.db = db
        self.threshold = threshold  # Jaccard similarity at which a copy joins a story

    def assign(self, copy_id: int, fingerprint: str | None, article: Article,
               sketch: tuple[bytes, tuple[int, ...], str | None] | None = None) -> None:
        """Put the copy in the story of its best match, or in a new story; record why.
        A copy locked by `unmerge` keeps its story. ``sketch``: the body's signature, its band keys and
        (or None) its normalised text, when computed already (``archive.prepare``)."""
        old, locked = self.db.execute("SELECT story_id, story_locked FROM copies WHERE id = ?", [copy_id]).fetchone()
        if sketch is None:
            sig = neardup.text_signature(article.body)
            sketch = (sig, tuple(neardup.band_keys(sig)), None)
        self.write_signature(copy_id, sketch[0], sketch[1])
        if locked and old is not None:
            self.refresh(old)
            return
        story_id, reason, similarity, matched = self._match(copy_id, fingerprint, article, sketch)
        if story_id is None and old is not None and not self.db.execute(
                "SELECT 1 FROM copies WHERE story_id = ? AND id != ? LIMIT 1", [old, copy_id]).fetchone():
            # Still a story of its own (re-filed, cleaned of a site template, re-extracted): it keeps its
            # id, so a story id that was shown (a feed, `newsarchiver story ID`) stays valid.
            self.db.execute("UPDATE stories SET fingerprint = ? WHERE id = ?", [fingerprint or "", old])
            story_id, reason = old, "new"
        elif story_id is None:
            cursor = self.db.execute("INSERT INTO stories (fingerprint, title, created) VALUES (?, ?, ?)",
                                     [fingerprint or "", article.title, utcnow()])
            story_id, reason = cursor.lastrowid, "new"
        self.db.execute(
            "UPDATE copies SET story_id = ?, story_reason = ?, story_similarity = ?, story_matched_copy_id = ? "
            "WHERE id = ?",
            [story_id, reason, similarity, matched, copy_id],
        )
        if old is not None and old != story_id:
            self.refresh(old)
        self.refresh(story_id)

    def _match(self, copy_id: int, fingerprint: str | None, article: Article,
               sketch: tuple[bytes, tuple[int, ...], str | None]) -> tuple[int | None, str | None, float | None, int | None]:
        """(story_id, reason, similarity, matched copy) of the best existing match, or Nones."""
        if fingerprint:
            row = self.db.execute(
                "SELECT id, story_id FROM copies WHERE fingerprint = ? AND id != ? AND story_id IS NOT NULL LIMIT 1",
                [fingerprint, copy_id],
            ).fetchone()
            if row:
                return row[1], "exact", 1.0, row[0]
        if article.canonical_url and site_of(article.canonical_url) != site_of(article.url):
            row = self.db.execute(
                "SELECT c.id, c.story_id FROM urls u JOIN copies c ON c.id = u.copy_id WHERE u.url = ? "
                "AND c.id != ? AND c.story_id IS NOT NULL", [url_key(article.canonical_url), copy_id],
            ).fetchone()
            if row:
                return row[1], "canonical", None, row[0]
        best = self._near_duplicate(copy_id, article.body, sketch)
        if best:
            return best.story_id, "near-duplicate", round(best.similarity, 4), best.copy_id
        return None, None, None, None

    def _near_duplicate(self, copy_id: int, body_text: str,
                        sketch: tuple[bytes, tuple[int, ...], str | None]) -> neardup.Match | None:
        """The most similar copy among the LSH candidates, if its exact similarity reaches the threshold.

        Candidates are ranked by the similarity their signatures estimate; only the plausible ones
        (one per story) are verified on their text."""
        sig, keys, norm = sketch  # what write_signature just stored
        marks = ",".join("?" * len(keys))
        candidates = self.db.execute(
            f"SELECT c.id, c.story_id, s.signature FROM copies c JOIN copy_signatures s ON s.copy_id = c.id "
            f"WHERE c.id IN (SELECT DISTINCT copy_id FROM lsh_bands WHERE key IN ({marks}) AND copy_id != ? "
            f"LIMIT 500) AND c.story_id IS NOT NULL",
            [*keys, copy_id],
        ).fetchall()
        ranked = sorted(((neardup.estimated_similarity(sig, other), cid, story_id)
                         for cid, story_id, other in candidates), reverse=True)
        best: neardup.Match | None = None
        tried: set[int] = set()
        shingle_set: set[str] | None = None  # built for the first candidate worth verifying
        for estimate, cid, story_id in ranked:
            if estimate < self.threshold - neardup.ESTIMATE_MARGIN or len(tried) >= 5:
                break
            if story_id in tried:
                continue
            tried.add(story_id)
            body = self.db.execute("SELECT body FROM copies WHERE id = ?", [cid]).fetchone()[0]
            if shingle_set is None:
                shingle_set = neardup.shingles_normalised(norm) if norm is not None else neardup.shingles(body_text)
            similarity = neardup.jaccard(shingle_set, neardup.shingles(body or ""))
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = neardup.Match(cid, story_id, similarity)
        return best

    def write_signature(self, copy_id: int, sig: bytes, keys: tuple[int, ...] | list[int] | None = None) -> None:
        """Store a copy's MinHash signature and its LSH band keys (``keys``: ``band_keys(sig)`` when known
        already; nothing to do when unchanged)."""
        row = self.db.execute("SELECT signature FROM copy_signatures WHERE copy_id = ?", [copy_id]).fetchone()
        if row and row[0] == sig:
            return
        if row:
            self.db.conn.executemany("DELETE FROM lsh_bands WHERE key = ? AND copy_id = ?",
                                     [(k, copy_id) for k in neardup.band_keys(row[0])])
        # an upsert, not INSERT OR REPLACE: with foreign keys on, REPLACE cost ~0.3 ms a row here (40x)
        self.db.execute("INSERT INTO copy_signatures (copy_id, signature) VALUES (?, ?) "
                        "ON CONFLICT (copy_id) DO UPDATE SET signature = excluded.signature", [copy_id, sig])
        self.db.conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, copy_id) VALUES (?, ?)",
                                 [(k, copy_id) for k in (keys if keys is not None else neardup.band_keys(sig))])

    def rebuild_signatures(self) -> int:
        """Every copy's signature and band keys computed again from its body; the scheme recorded."""
        done, last = 0, 0
        while rows := self.db.execute("SELECT id, body FROM copies WHERE id > ? ORDER BY id LIMIT 500",
                                      [last]).fetchall():
            for copy_id, body in rows:
                self.write_signature(copy_id, neardup.signature(neardup.shingles(body or "")))
            done += len(rows)
            last = rows[-1][0]
        self.db.execute("INSERT OR REPLACE INTO archive_info (key, value) VALUES ('minhash_scheme', ?)",
                        [neardup.scheme_id()])
        return done

    def unmerge(self, copy_id: int) -> int:
        """Take a copy out of its story into a story of its own, for good (auto-merging skips it)."""
        old = self.db.execute("SELECT story_id, title, fingerprint FROM copies WHERE id = ?", [copy_id]).fetchone()
        if old is None:
            raise KeyError(copy_id)
        cursor = self.db.execute("INSERT INTO stories (fingerprint, title, created) VALUES (?, ?, ?)",
                                 [old[2] or "", old[1], utcnow()])
        story_id = cursor.lastrowid
        self.db.execute(
            "UPDATE copies SET story_id = ?, story_reason = 'unmerged', story_similarity = NULL, "
            "story_matched_copy_id = NULL, story_locked = 1 WHERE id = ?", [story_id, copy_id],
        )
        if old[0] is not None:
            self.refresh(old[0])
        self.refresh(story_id)
        return story_id

    def refresh(self, story_id: int) -> None:
        """Recount a story's copies, sites and surviving copies (not gone), choose its original again (a
        gone original stays the original); drop the story when it has no copy left."""
        rows = [
            dict(zip(("id", "published", "first_seen", "source", "source_url", "site_name", "host", "title",
                      "status"), r))
            for r in self.db.execute(
                "SELECT c.id, c.published, c.first_seen, c.source, c.source_url, c.site_name, s.host, c.title, "
                "c.status FROM copies c JOIN sites s ON s.id = c.site_id WHERE c.story_id = ?",
                [story_id],
            )
        ]
        if not rows:
            self.db.execute("DELETE FROM stories WHERE id = ?", [story_id])
            return
        original, reason = choose_original(rows)
        published = [r["published"] for r in rows if r["published"]]
        self.db.execute(
            "UPDATE stories SET copies = ?, sites = ?, first_published = ?, original_copy_id = ?, "
            "original_reason = ?, title = ?, surviving = ? WHERE id = ?",
            [len(rows), len({r["host"] for r in rows}), min(published, key=instant) if published else None,
             original["id"], reason, original["title"], sum(r["status"] != "gone" for r in rows), story_id],
        )


def choose_original(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The original among a story's copies, and why.

    First a copy on the site that the others' 原文链接 points to; then one whose site is what their
    来源 names; else the earliest published; else the first seen. Ties go to the earliest published.
    """
    def earliest(candidates: list[dict[str, Any]]) -> dict[str, Any]:
        return min(candidates, key=lambda r: (r["published"] is None, instant(r["published"] or ""),
                                              r["first_seen"] or "", r["id"]))

    linked_hosts = {site_of(r["source_url"]) for r in rows if r["source_url"]}
    by_link = [r for r in rows if r["host"] in linked_hosts]
    if by_link:
        return earliest(by_link), "source_url names this site"
    cited = {r["source"] for r in rows if r["source"]}
    by_name = [r for r in rows if r["site_name"] and any(_names_site(c, r["site_name"]) for c in cited)]
    if by_name:
        return earliest(by_name), "source names this site"
    if any(r["published"] for r in rows):
        return earliest(rows), "earliest published"
    return earliest(rows), "first seen"


def _names_site(cited: str, site_name: str) -> bool:
    return cited == site_name or (len(cited) >= 2 and (cited in site_name or site_name in cited))
