"""The archive: the only code that writes newsarchiver's SQLite database.

``Archive.add_page`` files one crawled article: the site, the copy (one row per page, keyed by its
canonical URL), every URL variant it was reached at, the people it credits, its prev/next links, its
story and its search entry. Writes happen inside the caller's batch (``begin``/``commit``) so a crawl
commits many pages per transaction, and a killed process loses at most the open batch, never half of it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..extract import templates
from ..items import Article, CrawledPage, FetchFailure, NavLink, NotModified
from ..schedule import RevisitSchedule
from ..urls import site_of, url_key
from . import neardup, search, stories
from .schema import migrate

logger = logging.getLogger(__name__)

#: What ``add_page`` reports: a page not archived before, one whose content changed, one unchanged.
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

DEFAULT_ARCHIVE = Path("exports") / "newsarchiver.db"


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Archive:
    """A newsarchiver SQLite archive, opened (and migrated) on construction."""

    def __init__(self, path: str | Path = DEFAULT_ARCHIVE, *, busy_timeout: float = 60.0, create: bool = True,
                 threshold: float = neardup.DEFAULT_THRESHOLD, keep_raw: bool = True,
                 schedule: RevisitSchedule | None = None, site_schedules: dict[str, RevisitSchedule] | None = None,
                 template_min_stories: int = templates.DEFAULT_MIN_STORIES):
        self.path = Path(path)
        #: a paragraph in this many different stories of a site is the site's template (0: no learning)
        self.template_min_stories = max(0, template_min_stories)
        self.schedule = schedule or RevisitSchedule()  # when known article pages are due again
        self.site_schedules = site_schedules or {}  # per site (host, or a domain its subdomains share)
        self.threshold = threshold  # Jaccard similarity at which a copy joins a story
        self.keep_raw = keep_raw  # store response bodies (content-addressed, compressed)
        if not create and not self.path.exists():
            raise FileNotFoundError(
                f"no archive at {self.path}: crawl something first (newsarchiver crawl URL "
                f"--archive {self.path}) or pass --archive PATH"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Our own connection so that the busy timeout applies: two crawls writing one archive wait
        # for each other instead of failing with "database is locked".
        conn = sqlite3.connect(str(self.path), timeout=busy_timeout)
        self.db = Database(conn)
        with self.db.ensure_autocommit_on():
            # WAL: readers (sqlite3, Datasette) never block the crawl, and a crash rolls back cleanly.
            if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        migrate(self.db)
        self._site_ids: dict[str, int] = {}
        self._person_ids: dict[str, int] = {}
        self._templates: dict[int, set[int]] = {}  # site id -> template keys, loaded once, then learned
        self.templates_grown: set[int] = set()  # sites whose template gained paragraphs since apply_templates

    # -- transactions ---------------------------------------------------------------------------
    def close(self) -> None:
        if self.db.conn.in_transaction:
            self.commit()
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def in_batch(self) -> bool:
        return self.db.conn.in_transaction

    def begin(self) -> None:
        """Open a write batch. IMMEDIATE takes the write lock now, so a second writer waits here
        (busy timeout) rather than failing half-way through a batch."""
        if not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    @contextmanager
    def batch(self) -> Iterator[Archive]:
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            self.commit()

    # -- pages ----------------------------------------------------------------------------------
    def add_page(self, page: CrawledPage, *, run_id: int | None = None, reextract: bool = False) -> str:
        """File one crawled article; return NEW, CHANGED or UNCHANGED. Call inside a batch.

        ``reextract``: the page is a stored response extracted again, not a new fetch: fetch times
        and counts stay as they are.
        """
        article = page.article
        now = page.fetched_at or utcnow()
        site_id = self._site_id(page.url, article, now)
        key = _copy_key(page.url, article)
        aliases = {key, url_key(page.url), url_key(article.url)}
        copy_id = self._find_copy(aliases)
        raw_sha = self._store_raw(page.raw) if page.raw is not None and self.keep_raw else None
        extracted_body = article.body  # before the site's template is removed: what content_hash covers
        removed: list[tuple[int, str]] = []
        if self.template_min_stories:
            body, removed = templates.SiteTemplate(self._template(site_id)).split(article.body)
            if removed:
                article = replace(article, body=body)
        fields = _copy_fields(page, article, extracted_body=extracted_body)
        fields["template_removed"] = json.dumps(removed, ensure_ascii=False) if removed else None
        extra = fields.pop("_content")
        if raw_sha:
            fields["raw_sha256"] = raw_sha
        indexed: tuple[str | None, str | None] | None = None  # what the search index holds for this copy
        if copy_id is None:
            copy_id = self._insert_copy(fields, key, site_id, now)
            outcome = NEW
        else:
            indexed = self.db.execute("SELECT title, body FROM copies WHERE id = ?", [copy_id]).fetchone()
            outcome = self._update_copy(copy_id, fields, extra, now, reextract=reextract,
                                        relative=bool(article.published and article.published.relative))
        if outcome != UNCHANGED:
            self._write_credits(copy_id, article)
            self._write_links(copy_id, article)
            self._write_search(copy_id, article, indexed)
            self._assign_story(copy_id, fields, article)
        if outcome == NEW and not reextract and self.template_min_stories:
            self._learn_template(site_id, copy_id, extracted_body, now)
        if raw_sha and not reextract:
            self._record_fetch(copy_id, page, raw_sha, now, run_id)
        if not reextract:
            self._schedule(copy_id, page.url, changed=outcome != UNCHANGED, now=now, headers=page.headers)
        self._write_urls(copy_id, aliases, now)
        return outcome

    def file_item(self, item: object, *, run_id: int | None = None) -> str | None:
        """File whatever a crawl produced; return NEW, CHANGED, UNCHANGED, "not_modified" or "errors"
        (None for a 304 of a page the archive does not hold, or an item that is not the archive's)."""
        if isinstance(item, CrawledPage):
            return self.add_page(item, run_id=run_id)
        if isinstance(item, NotModified):
            return "not_modified" if self.not_modified(item.url) else None
        if isinstance(item, FetchFailure):
            self.add_error(run_id, item.url, item.kind, item.message, item.status)
            return "errors"
        return None

    # -- revisits -------------------------------------------------------------------------------
    def visit_plan(self, url: str) -> tuple[bool, str | None, str | None] | None:
        """For a known article page: (due for a revisit, ETag, Last-Modified); None for a page the archive
        does not hold (a new page, a listing, a feed)."""
        row = self.db.execute(
            "SELECT c.next_visit, c.etag, c.last_modified FROM urls u JOIN copies c ON c.id = u.copy_id "
            "WHERE u.url = ?", [url_key(url)]
        ).fetchone()
        if row is None:
            return None
        next_visit, etag, last_modified = row
        due = next_visit is not None and _instant(next_visit) <= _instant(utcnow())
        return due, etag, last_modified

    def not_modified(self, url: str) -> bool:
        """Record a 304 answer to a conditional request: an unchanged visit. False if the page is unknown."""
        row = self.db.execute("SELECT copy_id FROM urls WHERE url = ?", [url_key(url)]).fetchone()
        if row is None:
            return False
        now = utcnow()
        self.db.execute("UPDATE copies SET last_seen = ?, fetch_count = fetch_count + 1 WHERE id = ?", [now, row[0]])
        self._schedule(row[0], url, changed=False, now=now, headers=None)
        return True

    def _schedule(self, copy_id: int, url: str, *, changed: bool, now: str,
                  headers: dict[str, str] | None) -> None:
        first_seen, visits = self.db.execute(
            "SELECT first_seen, unchanged_visits FROM copies WHERE id = ?", [copy_id]).fetchone()
        visits = 0 if changed else visits + 1
        schedule = self._schedule_for(site_of(url))
        due = schedule.next_visit(now=datetime.fromisoformat(now), first_seen=datetime.fromisoformat(first_seen),
                                  unchanged_visits=visits)
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        self.db.execute(
            "UPDATE copies SET next_visit = ?, unchanged_visits = ?, etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified) WHERE id = ?",
            [due.isoformat(timespec="seconds") if due else None, visits, lowered.get("etag"),
             lowered.get("last-modified"), copy_id],
        )

    def _schedule_for(self, host: str) -> RevisitSchedule:
        for site, schedule in self.site_schedules.items():
            if host == site or host.endswith("." + site):
                return schedule
        return self.schedule

    def _store_raw(self, body: bytes) -> str:
        """Keep a response body once, however often it is fetched: keyed by its SHA-256, zlib-compressed."""
        sha = hashlib.sha256(body).hexdigest()
        self.db.execute(
            "INSERT OR IGNORE INTO raw_pages (sha256, size, compression, content) VALUES (?, ?, 'zlib', ?)",
            [sha, len(body), zlib.compress(body, 6)],
        )
        return sha

    def _record_fetch(self, copy_id: int, page: CrawledPage, raw_sha: str, now: str, run_id: int | None) -> None:
        """One fetches row per distinct body of a copy: a re-fetch of the same bytes adds no row."""
        last = self.db.execute(
            "SELECT id, raw_sha256 FROM fetches WHERE copy_id = ? ORDER BY id DESC LIMIT 1", [copy_id]
        ).fetchone()
        if last and last[1] == raw_sha:
            return
        self.db.execute(
            "INSERT INTO fetches (copy_id, url, fetched_at, status, headers, raw_sha256, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [copy_id, page.url, now, page.status, json.dumps(page.headers or {}, ensure_ascii=False), raw_sha,
             run_id],
        )

    def _site_id(self, url: str, article: Article, now: str) -> int:
        host = site_of(url)
        site_id = self._site_ids.get(host)
        if site_id is None:
            self.db.execute(
                "INSERT OR IGNORE INTO sites (host, name, language, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)",
                [host, article.site_name, article.language, now, now],
            )
            site_id = self.db.execute("SELECT id FROM sites WHERE host = ?", [host]).fetchone()[0]
            self._site_ids[host] = site_id
        self.db.execute(
            "UPDATE sites SET last_seen = ?, name = coalesce(name, ?), language = coalesce(language, ?) WHERE id = ?",
            [now, article.site_name, article.language, site_id],
        )
        return site_id

    def _find_copy(self, aliases: set[str]) -> int | None:
        marks = ",".join("?" * len(aliases))
        row = self.db.execute(f"SELECT copy_id FROM urls WHERE url IN ({marks}) LIMIT 1", list(aliases)).fetchone()
        return row[0] if row else None

    def _insert_copy(self, fields: dict[str, Any], key: str, site_id: int, now: str) -> int:
        record = {**fields, "url": key, "site_id": site_id, "first_seen": now, "last_seen": now,
                  "last_changed": now, "fetch_count": 1}
        cols = ",".join(record)
        cursor = self.db.execute(
            f"INSERT INTO copies ({cols}) VALUES ({','.join('?' * len(record))})", list(record.values())
        )
        return cursor.lastrowid

    def _update_copy(self, copy_id: int, fields: dict[str, Any], extra: dict[str, Any], now: str, *,
                     reextract: bool = False, relative: bool = False) -> str:
        old = self.db.execute(
            "SELECT content_hash, published, published_raw, published_from, published_precision FROM copies "
            "WHERE id = ?", [copy_id]
        ).fetchone()
        _keep_resolved_relative_date(fields, extra, old, relative)
        seen = "" if reextract else "last_seen = ?, fetch_count = fetch_count + 1, "
        seen_params = [] if reextract else [now]
        if old[0] == fields["content_hash"]:
            self.db.execute(
                f"UPDATE copies SET {seen}http_status = ?, fetched_url = ?, raw_sha256 = coalesce(?, raw_sha256) "
                "WHERE id = ?",
                [*seen_params, fields["http_status"], fields["fetched_url"], fields.get("raw_sha256"), copy_id],
            )
            return UNCHANGED
        self._save_version(copy_id, now)
        sets = ",".join(f"{col} = ?" for col in fields)
        self.db.execute(
            f"UPDATE copies SET {sets}, {seen}last_changed = ?, version = version + 1 WHERE id = ?",
            [*fields.values(), *seen_params, now, copy_id],
        )
        return CHANGED

    def _save_version(self, copy_id: int, now: str) -> None:
        """Keep the copy's current fields as a version before they are overwritten."""
        self.db.execute(
            """INSERT INTO article_versions (copy_id, version, title, body, authors, editors, source, source_url,
                   published, updated, content_hash, raw_sha256, valid_from, valid_to)
               SELECT c.id, c.version, c.title, c.body,
                   (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                       ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'author' ORDER BY cr.position)),
                   (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                       ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'editor' ORDER BY cr.position)),
                   c.source, c.source_url, c.published, c.updated, c.content_hash, c.raw_sha256,
                   coalesce(c.last_changed, c.first_seen), ?
               FROM copies c WHERE c.id = ?""",
            [now, copy_id],
        )

    def _write_urls(self, copy_id: int, aliases: set[str], now: str) -> None:
        for alias in aliases:
            self.db.execute(
                "INSERT INTO urls (url, copy_id, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET last_seen = excluded.last_seen",
                [alias, copy_id, now, now],
            )

    def _person_id(self, name: str) -> int:
        person_id = self._person_ids.get(name)
        if person_id is None:
            self.db.execute("INSERT OR IGNORE INTO people (name) VALUES (?)", [name])
            person_id = self.db.execute("SELECT id FROM people WHERE name = ?", [name]).fetchone()[0]
            self._person_ids[name] = person_id
        return person_id

    def _write_credits(self, copy_id: int, article: Article) -> None:
        self.db.execute("DELETE FROM credits WHERE copy_id = ?", [copy_id])
        for role, names in (("author", article.authors), ("editor", article.editors)):
            for position, name in enumerate(dict.fromkeys(names)):
                self.db.execute(
                    "INSERT INTO credits (copy_id, person_id, role, position) VALUES (?, ?, ?, ?)",
                    [copy_id, self._person_id(name), role, position],
                )

    def _write_links(self, copy_id: int, article: Article) -> None:
        self.db.execute("DELETE FROM links WHERE copy_id = ?", [copy_id])
        for rel, link in (("prev", article.prev), ("next", article.next)):
            if link is None:
                continue
            self.db.execute(
                "INSERT INTO links (copy_id, rel, url, target_url, title, published, published_raw) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [copy_id, rel, link.url, url_key(link.url), link.title, link.published, link.published_raw],
            )

    def _write_search(self, copy_id: int, article: Article, indexed: tuple[str | None, str | None] | None) -> None:
        if indexed is not None:
            # a contentless FTS5 table forgets a row only when told the exact text it indexed
            self.db.execute(
                "INSERT INTO copies_fts (copies_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                [copy_id, search.index_text(indexed[0]), search.index_text(indexed[1])],
            )
        self.db.execute(
            "INSERT INTO copies_fts (rowid, title, body) VALUES (?, ?, ?)",
            [copy_id, search.index_text(article.title), search.index_text(article.body)],
        )

    # -- stories --------------------------------------------------------------------------------
    def _assign_story(self, copy_id: int, fields: dict[str, Any], article: Article) -> None:
        """Put the copy in the story of its best match (exact text, canonical URL, near-duplicate text),
        or in a new story; record why. A copy locked by `unmerge` keeps its story."""
        old, locked = self.db.execute("SELECT story_id, story_locked FROM copies WHERE id = ?", [copy_id]).fetchone()
        shingle_set = neardup.shingles(article.body)
        self._write_signature(copy_id, neardup.signature(shingle_set))
        if locked and old is not None:
            self._refresh_story(old)
            return
        story_id, reason, similarity, matched = self._match(copy_id, fields, article, shingle_set)
        if story_id is None:
            cursor = self.db.execute("INSERT INTO stories (fingerprint, title, created) VALUES (?, ?, ?)",
                                     [fields["fingerprint"] or "", article.title, utcnow()])
            story_id, reason = cursor.lastrowid, "new"
        self.db.execute(
            "UPDATE copies SET story_id = ?, story_reason = ?, story_similarity = ?, story_matched_copy_id = ? "
            "WHERE id = ?",
            [story_id, reason, similarity, matched, copy_id],
        )
        if old is not None and old != story_id:
            self._refresh_story(old)
        self._refresh_story(story_id)

    def _match(self, copy_id: int, fields: dict[str, Any], article: Article,
               shingle_set: set[str]) -> tuple[int | None, str | None, float | None, int | None]:
        """(story_id, reason, similarity, matched copy) of the best existing match, or Nones."""
        if fields["fingerprint"]:
            row = self.db.execute(
                "SELECT id, story_id FROM copies WHERE fingerprint = ? AND id != ? AND story_id IS NOT NULL LIMIT 1",
                [fields["fingerprint"], copy_id],
            ).fetchone()
            if row:
                return row[1], "exact", 1.0, row[0]
        if article.canonical_url and not _same_site(article.canonical_url, article.url):
            row = self.db.execute(
                "SELECT c.id, c.story_id FROM urls u JOIN copies c ON c.id = u.copy_id WHERE u.url = ? "
                "AND c.id != ? AND c.story_id IS NOT NULL", [url_key(article.canonical_url), copy_id],
            ).fetchone()
            if row:
                return row[1], "canonical", None, row[0]
        best = self._near_duplicate(copy_id, shingle_set)
        if best:
            return best.story_id, "near-duplicate", round(best.similarity, 4), best.copy_id
        return None, None, None, None

    def _near_duplicate(self, copy_id: int, shingle_set: set[str]) -> neardup.Match | None:
        """The most similar copy among the LSH candidates, if its exact similarity reaches the threshold.

        Candidates are ranked by the similarity their signatures estimate; only the plausible ones
        (one per story) are verified on their text."""
        sig = self._signature(copy_id)
        keys = neardup.band_keys(sig)
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
        for estimate, cid, story_id in ranked:
            if estimate < self.threshold - neardup.ESTIMATE_MARGIN or len(tried) >= 5:
                break
            if story_id in tried:
                continue
            tried.add(story_id)
            body = self.db.execute("SELECT body FROM copies WHERE id = ?", [cid]).fetchone()[0]
            similarity = neardup.jaccard(shingle_set, neardup.shingles(body or ""))
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = neardup.Match(cid, story_id, similarity)
        return best

    def _signature(self, copy_id: int) -> bytes:
        return self.db.execute("SELECT signature FROM copy_signatures WHERE copy_id = ?", [copy_id]).fetchone()[0]

    def _write_signature(self, copy_id: int, sig: bytes) -> None:
        row = self.db.execute("SELECT signature FROM copy_signatures WHERE copy_id = ?", [copy_id]).fetchone()
        if row and row[0] == sig:
            return
        if row:
            self.db.conn.executemany("DELETE FROM lsh_bands WHERE key = ? AND copy_id = ?",
                                     [(k, copy_id) for k in neardup.band_keys(row[0])])
        self.db.execute("INSERT OR REPLACE INTO copy_signatures (copy_id, signature) VALUES (?, ?)", [copy_id, sig])
        self.db.conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, copy_id) VALUES (?, ?)",
                                 [(k, copy_id) for k in neardup.band_keys(sig)])

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
            self._refresh_story(old[0])
        self._refresh_story(story_id)
        return story_id

    def _refresh_story(self, story_id: int) -> None:
        rows = [
            dict(zip(("id", "published", "first_seen", "source", "source_url", "site_name", "host", "title"), r))
            for r in self.db.execute(
                "SELECT c.id, c.published, c.first_seen, c.source, c.source_url, c.site_name, s.host, c.title "
                "FROM copies c JOIN sites s ON s.id = c.site_id WHERE c.story_id = ?",
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
            "original_reason = ?, title = ? WHERE id = ?",
            [len(rows), len({r["host"] for r in rows}), min(published, key=_instant) if published else None,
             original["id"], reason, original["title"], story_id],
        )

    # -- site templates -------------------------------------------------------------------------
    def _template(self, site_id: int) -> set[int]:
        """The template keys of a site: read once per archive object, then kept up to date by learning."""
        keys = self._templates.get(site_id)
        if keys is None:
            keys = {k for (k,) in self.db.execute(
                "SELECT key FROM site_blocks WHERE site_id = ? AND stories >= ?",
                [site_id, self.template_min_stories])}
            self._templates[site_id] = keys
        return keys

    def site_template(self, host: str) -> templates.SiteTemplate:
        """The template learned for a site (host[:port]); empty for a site the archive does not know."""
        row = self.db.execute("SELECT id FROM sites WHERE host = ?", [host]).fetchone()
        if row is None or not self.template_min_stories:
            return templates.SiteTemplate()
        return templates.SiteTemplate(frozenset(self._template(row[0])))

    def _learn_template(self, site_id: int, copy_id: int, body: str, now: str) -> None:
        """Count the paragraphs of a new copy once for its story on its site (a story the site already
        printed at another URL adds nothing: only different stories make a paragraph template)."""
        if self.db.execute(
            "SELECT 1 FROM copies WHERE site_id = ? AND id != ? AND story_id = (SELECT story_id FROM copies "
            "WHERE id = ?) LIMIT 1", [site_id, copy_id, copy_id]).fetchone():
            return
        template = self._template(site_id)
        paragraphs = {key: text for text in templates.body_paragraphs(body)
                      if (key := templates.block_key(text)) is not None}
        if not paragraphs:
            return
        self.db.conn.executemany(
            "INSERT INTO site_blocks (site_id, key, stories, first_seen, last_seen) VALUES (?, ?, 1, ?, ?) "
            "ON CONFLICT (site_id, key) DO UPDATE SET stories = stories + 1, last_seen = excluded.last_seen, "
            "sample = coalesce(sample, ?)",
            [(site_id, key, now, now, text[:500]) for key, text in paragraphs.items()],
        )
        fresh = [key for key in paragraphs if key not in template]
        marks = ",".join("?" * len(fresh))
        for (key,) in self.db.execute(
                f"SELECT key FROM site_blocks WHERE site_id = ? AND stories >= ? AND key IN ({marks})",
                [site_id, self.template_min_stories, *fresh]) if fresh else ():
            template.add(key)
            self.templates_grown.add(site_id)

    def apply_templates(self, site_ids: set[int] | None = None) -> int:
        """Bring copies of these sites (default: those whose template grew) in line with their site's
        template: the pages archived before a paragraph was known as template lose it now. Fields other
        than the body, content hashes and versions stay as they are. Returns the copies changed."""
        if not self.template_min_stories and site_ids is None:
            return 0
        sites = set(self.templates_grown if site_ids is None else site_ids)
        changed = 0
        for site_id in sorted(sites):
            template = templates.SiteTemplate(frozenset(self._template(site_id)) if self.template_min_stories
                                              else frozenset())
            rows = self.db.execute(
                "SELECT id, fetched_url, url, canonical_url, title, body, template_removed FROM copies "
                "WHERE site_id = ?", [site_id]).fetchall()
            for copy_id, fetched_url, key_url, canonical, title, body, removed_json in rows:
                extracted = templates.restore(body, json.loads(removed_json) if removed_json else [])
                new_body, removed = template.split(extracted)
                if new_body == (body or ""):
                    continue
                self._retemplate_copy(copy_id, fetched_url or key_url, canonical, title, body, new_body, removed)
                changed += 1
            self.templates_grown.discard(site_id)
        return changed

    def _retemplate_copy(self, copy_id: int, url: str, canonical: str | None, title: str | None, old_body: str,
                         body: str, removed: list[tuple[int, str]]) -> None:
        fingerprint = stories.fingerprint(body)
        self.db.execute(
            "UPDATE copies SET body = ?, fingerprint = ?, template_removed = ? WHERE id = ?",
            [body, fingerprint, json.dumps(removed, ensure_ascii=False) if removed else None, copy_id],
        )
        article = Article(url=url, canonical_url=canonical, title=title, body=body)
        self._write_search(copy_id, article, (title, old_body))
        self._assign_story(copy_id, {"fingerprint": fingerprint}, article)

    def rebuild_templates(self, site_ids: set[int] | None = None) -> int:
        """Count every site's paragraphs again from the archived copies (as extracted, template paragraphs
        included) and apply the result to every copy: after a change of ``template_min_stories``, an
        archive from before template learning, or `unmerge`. Returns the copies changed."""
        if site_ids is None:
            site_ids = {r[0] for r in self.db.execute("SELECT id FROM sites")}
        now = utcnow()
        for site_id in sorted(site_ids):
            self.db.execute("DELETE FROM site_blocks WHERE site_id = ?", [site_id])
            counts: dict[int, int] = {}
            samples: dict[int, str] = {}
            by_story: dict[int, set[int]] = {}
            for copy_id, story_id, body, removed_json in self.db.execute(
                    "SELECT id, story_id, body, template_removed FROM copies WHERE site_id = ?", [site_id]):
                extracted = templates.restore(body, json.loads(removed_json) if removed_json else [])
                keys = by_story.setdefault(story_id if story_id is not None else -copy_id, set())
                for text in templates.body_paragraphs(extracted):
                    key = templates.block_key(text)
                    if key is not None and key not in keys:
                        keys.add(key)
                        counts[key] = counts.get(key, 0) + 1
                        samples.setdefault(key, text[:500])
            self.db.conn.executemany(
                "INSERT INTO site_blocks (site_id, key, stories, sample, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(site_id, key, n, samples[key] if n > 1 else None, now, now) for key, n in counts.items()],
            )
            self._templates.pop(site_id, None)
        return self.apply_templates(site_ids)

    def template_blocks(self, site: str | None = None, *, min_stories: int | None = None) -> list[dict[str, Any]]:
        """The learned template paragraphs: site, stories that print it, the paragraph; most common first."""
        params: list[Any] = [min_stories if min_stories is not None else max(1, self.template_min_stories)]
        where = "WHERE b.stories >= ?"
        if site:
            where += " AND s.host = ?"
            params.append(site)
        rows = self.db.execute(
            f"SELECT s.host, b.stories, b.sample, b.key FROM site_blocks b JOIN sites s ON s.id = b.site_id {where} "
            "ORDER BY s.host, b.stories DESC, b.key", params).fetchall()
        return [{"site": host, "stories": n, "text": sample, "key": key} for host, n, sample, key in rows]

    # -- crawl runs -----------------------------------------------------------------------------
    def start_run(self, spider: str, start_urls: list[str]) -> int:
        with self.batch():
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (started, spider, start_urls, status) VALUES (?, ?, ?, 'running')",
                [datetime.now(UTC).isoformat(timespec="milliseconds"), spider, json.dumps(start_urls, ensure_ascii=False)],
            )
        return cursor.lastrowid

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], stats: dict[str, Any],
                   errors_by_kind: dict[str, int] | None = None) -> None:
        with self.batch():
            started = self.db.execute("SELECT started FROM crawl_runs WHERE id = ?", [run_id]).fetchone()[0]
            finished = datetime.now(UTC).isoformat(timespec="milliseconds")
            duration = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
            self.db.execute(
                "UPDATE crawl_runs SET finished = ?, status = ?, pages = ?, articles_new = ?, articles_changed = ?, "
                "articles_unchanged = ?, errors = ?, not_modified = ?, skipped = ?, errors_by_kind = ?, "
                "duration = ?, stats = ? WHERE id = ?",
                [finished, status, counts.get("pages", 0), counts.get(NEW, 0), counts.get(CHANGED, 0),
                 counts.get(UNCHANGED, 0), counts.get("errors", 0), counts.get("not_modified", 0),
                 counts.get("skipped", 0), json.dumps(errors_by_kind or {}, ensure_ascii=False), duration,
                 json.dumps(stats, ensure_ascii=False, default=str), run_id],
            )

    def add_error(self, run_id: int | None, url: str, kind: str, message: str, status: int | None = None) -> None:
        self.db.execute(
            "INSERT INTO fetch_errors (run_id, url, kind, status, message, at) VALUES (?, ?, ?, ?, ?, ?)",
            [run_id, url, kind, status, message[:2000], utcnow()],
        )


# -- pure helpers -----------------------------------------------------------------------------------
def _copy_key(fetched_url: str, article: Article) -> str:
    """The page's identity. rel=canonical counts only when it stays on the same site: repost sites
    often declare the original's URL as canonical, and that must not fold the repost into the original."""
    if article.canonical_url and site_of(article.canonical_url) == site_of(fetched_url):
        return url_key(article.canonical_url)
    return url_key(fetched_url)


def _copy_fields(page: CrawledPage, article: Article, *, extracted_body: str | None = None) -> dict[str, Any]:
    """The copies row of a page. ``extracted_body``: the body before the site template was removed;
    the content hash covers it, so a template learned later never makes an unchanged page "changed"."""
    pub, upd = article.published, article.updated
    fields: dict[str, Any] = {
        "fetched_url": page.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "body": article.body,
        "fingerprint": stories.fingerprint(article.body),
        "source": article.source,
        "source_url": article.source_url,
        "published": pub.value if pub else None,
        "published_raw": pub.raw if pub else None,
        "published_from": pub.origin if pub else None,
        "published_precision": pub.precision if pub else None,
        "updated": upd.value if upd else None,
        "updated_raw": upd.raw if upd else None,
        "updated_from": upd.origin if upd else None,
        "updated_precision": upd.precision if upd else None,
        "language": article.language,
        "site_name": article.site_name,
        "poster": article.poster,
        "http_status": page.status,
        "encoding": page.encoding,
    }
    extra = {"authors": article.authors, "editors": article.editors, "prev": _link_tuple(article.prev),
             "next": _link_tuple(article.next)}
    hashed = fields
    if extracted_body is not None and extracted_body != article.body:
        hashed = {**fields, "body": extracted_body, "fingerprint": stories.fingerprint(extracted_body)}
    fields["content_hash"] = _content_hash(hashed, extra)
    fields["_content"] = extra
    return fields


_NOT_CONTENT = ("fetched_url", "http_status", "encoding", "content_hash", "_content", "raw_sha256", "template_removed")


def _content_hash(fields: dict[str, Any], extra: dict[str, Any]) -> str:
    """Hash of every extracted field: equal hashes mean an unchanged article."""
    content = {k: v for k, v in fields.items() if k not in _NOT_CONTENT}
    content.update(extra)
    return hashlib.sha1(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


_RELATIVE_WINDOWS = {"hour": 3600, "day": 86400, "minute": 900}


def _keep_resolved_relative_date(fields: dict[str, Any], extra: dict[str, Any], old: tuple, relative: bool) -> None:
    """A relative date ("刚刚", "6小时前", "3天前") read again later resolves to a slightly different
    instant; within its precision that is the same date, so the first reading stays and nothing
    'changes'. Hour and day precision only come from relative forms."""
    precision = fields.get("published_precision") or ""
    window = _RELATIVE_WINDOWS.get(precision) if relative or precision in ("hour", "day") else None
    old_value = old[1]
    if not window or not old_value or not fields.get("published"):
        return
    try:
        delta = abs(datetime.fromisoformat(fields["published"]) - datetime.fromisoformat(old_value))
    except (ValueError, TypeError):  # unparseable, or a day-only date next to a timestamp: not the same reading
        return
    if delta.total_seconds() <= window:
        fields.update(published=old_value, published_raw=old[2], published_from=old[3], published_precision=old[4])
        fields["content_hash"] = _content_hash(fields, extra)


def _same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def _link_tuple(link: NavLink | None) -> list[Any] | None:
    return [link.url, link.title, link.published] if link else None


def _instant(iso: str) -> str:
    """Sort key for ISO timestamps with offsets: compare as UTC. A date without a time of day
    ("2019-09-25", "2019-09") sorts at the start of its period, as SQLite's julianday() reads it."""
    if len(iso) <= 10:
        return iso
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).isoformat()
    except ValueError:
        return iso


def choose_original(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The original among a story's copies, and why.

    First a copy on the site that the others' 原文链接 points to; then one whose site is what their
    来源 names; else the earliest published; else the first seen. Ties go to the earliest published.
    """
    def earliest(candidates: list[dict[str, Any]]) -> dict[str, Any]:
        return min(candidates, key=lambda r: (r["published"] is None, _instant(r["published"] or ""),
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
