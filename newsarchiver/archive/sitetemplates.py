"""Site templates: per site, in how many different stories each body paragraph appears (``site_blocks``).

A paragraph found in ``min_stories`` different stories of a site is its template (the rules are pure,
in :mod:`newsarchiver.extract.templates`): copies of that site are filed without it, and those filed
before it was learned lose it in the same batch (:meth:`SiteTemplates.apply`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from ..extract import templates
from ..items import Article
from .search import SearchIndex
from .stories import Stories, fingerprint
from .times import utcnow


class SiteTemplates:
    """Learns, applies and lists site templates. ``search_index``/``stories`` are needed to apply one."""

    def __init__(self, db: Database, min_stories: int = templates.DEFAULT_MIN_STORIES,
                 search_index: SearchIndex | None = None, stories: Stories | None = None) -> None:
        self.db = db
        #: a paragraph in this many different stories of a site is the site's template (0: no learning)
        self.min_stories = max(0, min_stories)
        self.search_index = search_index
        self.stories = stories
        self._keys: dict[int, set[int]] = {}  # site id -> template keys, loaded once, then learned
        self.grown: set[int] = set()  # sites whose template gained paragraphs since apply()

    def keys(self, site_id: int) -> set[int]:
        """The template keys of a site: read once per archive object, then kept up to date by learning."""
        keys = self._keys.get(site_id)
        if keys is None:
            keys = {k for (k,) in self.db.execute(
                "SELECT key FROM site_blocks WHERE site_id = ? AND stories >= ?", [site_id, self.min_stories])}
            self._keys[site_id] = keys
        return keys

    def of_site(self, site_id: int) -> templates.SiteTemplate:
        return templates.SiteTemplate(frozenset(self.keys(site_id)) if self.min_stories else frozenset())

    def for_host(self, host: str) -> templates.SiteTemplate:
        """The template learned for a site (host[:port]); empty for a site the archive does not know."""
        row = self.db.execute("SELECT id FROM sites WHERE host = ?", [host]).fetchone()
        if row is None or not self.min_stories:
            return templates.SiteTemplate()
        return templates.SiteTemplate(frozenset(self.keys(row[0])))

    def learn(self, site_id: int, copy_id: int, body: str, now: str, keys: list[int | None] | None = None) -> None:
        """Count the paragraphs of a new copy once for its story on its site (a story the site already
        printed at another URL adds nothing: only different stories make a paragraph template). ``keys``:
        the block key of each paragraph of ``body``, when known already."""
        if self.db.execute(
            "SELECT 1 FROM copies WHERE site_id = ? AND id != ? AND story_id = (SELECT story_id FROM copies "
            "WHERE id = ?) LIMIT 1", [site_id, copy_id, copy_id]).fetchone():
            return
        template = self.keys(site_id)
        texts = templates.body_paragraphs(body)
        paragraphs = {key: text for text, key in zip(texts, keys if keys is not None else map(templates.block_key, texts))
                      if key is not None}
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
                [site_id, self.min_stories, *fresh]) if fresh else ():
            template.add(key)
            self.grown.add(site_id)

    def apply(self, site_ids: set[int] | None = None) -> int:
        """Bring copies of these sites (default: those whose template grew) in line with their site's
        template: the pages archived before a paragraph was known as template lose it now. Fields other
        than the body, content hashes and versions stay as they are. Returns the copies changed."""
        if not self.min_stories and site_ids is None:
            return 0
        sites = set(self.grown if site_ids is None else site_ids)
        changed = 0
        for site_id in sorted(sites):
            template = self.of_site(site_id)
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
            self.grown.discard(site_id)
        return changed

    def _retemplate_copy(self, copy_id: int, url: str, canonical: str | None, title: str | None, old_body: str,
                         body: str, removed: list[tuple[int, str]]) -> None:
        if self.search_index is None or self.stories is None:
            raise RuntimeError("a read-only archive cannot apply site templates")
        new_fingerprint = fingerprint(body)
        self.db.execute(
            "UPDATE copies SET body = ?, fingerprint = ?, template_removed = ? WHERE id = ?",
            [body, new_fingerprint, json.dumps(removed, ensure_ascii=False) if removed else None, copy_id],
        )
        self.search_index.write(copy_id, title, body, (title, old_body))
        self.stories.assign(copy_id, new_fingerprint, Article(url=url, canonical_url=canonical, title=title, body=body))

    def rebuild(self, site_ids: set[int] | None = None) -> int:
        """Count every site's paragraphs again from the archived copies (as extracted, template paragraphs
        included) and apply the result to every copy: after a change of ``min_stories``, an archive from
        before template learning, or `unmerge`. Returns the copies changed."""
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
            self._keys.pop(site_id, None)
        return self.apply(site_ids)

    def blocks(self, site: str | None = None, *, min_stories: int | None = None) -> list[dict[str, Any]]:
        """The learned template paragraphs: site, stories that print it, the paragraph; most common first."""
        params: list[Any] = [min_stories if min_stories is not None else max(1, self.min_stories)]
        where = "WHERE b.stories >= ?"
        if site:
            where += " AND s.host = ?"
            params.append(site)
        rows = self.db.execute(
            f"SELECT s.host, b.stories, b.sample, b.key FROM site_blocks b JOIN sites s ON s.id = b.site_id {where} "
            "ORDER BY s.host, b.stories DESC, b.key", params).fetchall()
        return [{"site": host, "stories": n, "text": sample, "key": key} for host, n, sample, key in rows]

    def cleaned_copies(self) -> int:
        """Copies with template paragraphs removed from their body."""
        return self.db.execute("SELECT count(*) FROM copies WHERE template_removed IS NOT NULL").fetchone()[0]
