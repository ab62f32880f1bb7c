"""Filing one crawled article: its site, its copy, the URLs it was reached at, credits, links, versions.

:meth:`Filing.add_page` is the archive's main write. It finds the copy by any of the page's URLs,
removes the site's template from the body, stores the raw response, inserts or updates the copy
(keeping the previous state as a version when the content changed), then brings the people, prev/next
links, search index, story, template counts and revisit schedule in line. It runs inside the caller's
batch; it never commits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..extract import templates
from ..items import Article, CrawledPage, FetchFailure, NavLink, NotModified
from ..urls import site_of, url_key
from .rawpages import RawPages
from .revisits import Revisits
from .runs import CHANGED, NEW, UNCHANGED, Runs
from .search import SearchIndex
from .sitetemplates import SiteTemplates
from .stories import Stories, fingerprint
from .times import utcnow


class Filing:
    """Writes copies and everything hanging off them; the other parts keep stories, templates and revisits."""

    def __init__(self, db: Database, *, raw_pages: RawPages, search_index: SearchIndex, stories: Stories,
                 site_templates: SiteTemplates, revisits: Revisits, runs: Runs, keep_raw: bool = True) -> None:
        self.db = db
        self.raw_pages = raw_pages
        self.search_index = search_index
        self.stories = stories
        self.site_templates = site_templates
        self.revisits = revisits
        self.runs = runs
        self.keep_raw = keep_raw  # store response bodies (content-addressed, compressed)
        self._site_ids: dict[str, int] = {}
        self._person_ids: dict[str, int] = {}

    def add_page(self, page: CrawledPage, *, run_id: int | None = None, reextract: bool = False) -> str:
        """File one crawled article; return NEW, CHANGED or UNCHANGED. Call inside a batch.

        ``reextract``: the page is a stored response extracted again, not a new fetch: fetch times
        and counts stay as they are.
        """
        article = page.article
        now = page.fetched_at or utcnow()
        site_id = self.site_id(page.url, article, now)
        key = copy_key(page.url, article)
        aliases = {key, url_key(page.url), url_key(article.url)}
        copy_id = self._find_copy(aliases)
        raw_sha = self.raw_pages.store(page.raw) if page.raw is not None and self.keep_raw else None
        extracted_body = article.body  # before the site's template is removed: what content_hash covers
        removed: list[tuple[int, str]] = []
        learning = self.site_templates.min_stories
        if learning:
            body, removed = templates.SiteTemplate(self.site_templates.keys(site_id)).split(article.body)
            if removed:
                article = replace(article, body=body)
        fields = copy_fields(page, article, extracted_body=extracted_body)
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
            self.search_index.write(copy_id, article.title, article.body, indexed)
            self.stories.assign(copy_id, fields["fingerprint"], article)
        if outcome == NEW and not reextract and learning:
            self.site_templates.learn(site_id, copy_id, extracted_body, now)
        if raw_sha and not reextract:
            self._record_fetch(copy_id, page, raw_sha, now, run_id)
        if not reextract:
            self.revisits.visited(copy_id, page.url, changed=outcome != UNCHANGED, now=now, headers=page.headers)
        self._write_urls(copy_id, aliases, now)
        return outcome

    def file_item(self, item: object, *, run_id: int | None = None) -> str | None:
        """File whatever a crawl produced; return NEW, CHANGED, UNCHANGED, "not_modified" or "errors"
        (None for a 304 of a page the archive does not hold, or an item that is not the archive's)."""
        if isinstance(item, CrawledPage):
            return self.add_page(item, run_id=run_id)
        if isinstance(item, NotModified):
            return "not_modified" if self.revisits.not_modified(item.url) else None
        if isinstance(item, FetchFailure):
            self.runs.add_error(run_id, item.url, item.kind, item.message, item.status)
            return "errors"
        return None

    # -- the copy and its rows ------------------------------------------------------------------
    def site_id(self, url: str, article: Article, now: str) -> int:
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

    def forget_cached_ids(self) -> None:
        """Drop the site and person ids read so far: a rolled-back batch may have created them."""
        self._site_ids.clear()
        self._person_ids.clear()

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


# -- pure helpers -----------------------------------------------------------------------------------
def copy_key(fetched_url: str, article: Article) -> str:
    """The page's identity. rel=canonical counts only when it stays on the same site: repost sites
    often declare the original's URL as canonical, and that must not fold the repost into the original."""
    if article.canonical_url and site_of(article.canonical_url) == site_of(fetched_url):
        return url_key(article.canonical_url)
    return url_key(fetched_url)


def copy_fields(page: CrawledPage, article: Article, *, extracted_body: str | None = None) -> dict[str, Any]:
    """The copies row of a page. ``extracted_body``: the body before the site template was removed;
    the content hash covers it, so a template learned later never makes an unchanged page "changed"."""
    pub, upd = article.published, article.updated
    fields: dict[str, Any] = {
        "fetched_url": page.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "body": article.body,
        "fingerprint": fingerprint(article.body),
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
        hashed = {**fields, "body": extracted_body, "fingerprint": fingerprint(extracted_body)}
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


def _link_tuple(link: NavLink | None) -> list[Any] | None:
    return [link.url, link.title, link.published] if link else None
