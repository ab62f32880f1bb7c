"""Filing one crawled article: its site, its copy, the URLs it was reached at, credits, links, versions.

:meth:`Filing.add_page` is the archive's main write. It finds the copy by any of the page's URLs,
removes the site's template from the body, stores the raw response, inserts or updates the copy
(keeping the previous state as a version when the content changed), then brings the people, prev/next
links, search index, story, template counts and revisit schedule in line. It runs inside the caller's
batch; it never commits.

A revisit of an archived page is also an observation of whether the page is still there
(``copystatus.py``): a page found alive keeps (or gets back) its status; a removal notice or an empty
article template is recorded as evidence against the copy and never filed as a version of it; a 404 or
410 is evidence too, any other failure only "unreachable".
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..extract import removal, templates
from ..items import Article, CrawledPage, FetchFailure, NavLink, NotArticle, NotModified, Vanished
from ..urls import site_of, url_key
from .changes import what_changed
from .copystatus import MISREAD, MOVED, NOT_ARTICLE, CopyStatus
from .prepare import SPOT_CHECK_EVERY, Prepared, PreparedInvalid, prepare_values, usable
from .rawpages import RawPages
from .revisits import Revisits
from .runs import CHANGED, GONE, NEW, UNCHANGED, Runs
from .search import SearchIndex
from .sitetemplates import SiteTemplates
from .stories import Stories, fingerprint
from .times import utcnow

logger = logging.getLogger(__name__)


class Filing:
    """Writes copies and everything hanging off them; the other parts keep stories, templates and revisits."""

    def __init__(self, db: Database, *, raw_pages: RawPages, search_index: SearchIndex, stories: Stories,
                 site_templates: SiteTemplates, revisits: Revisits, runs: Runs, copy_status: CopyStatus,
                 keep_raw: bool = True, min_body_chars: int = 20) -> None:
        self.db = db
        self.raw_pages = raw_pages
        self.search_index = search_index
        self.stories = stories
        self.site_templates = site_templates
        self.revisits = revisits
        self.runs = runs
        self.copy_status = copy_status
        self.keep_raw = keep_raw  # store response bodies (content-addressed, compressed)
        self.min_body_chars = min_body_chars  # a revisited copy with less text left is an empty shell
        self._site_ids: dict[str, int] = {}
        self._person_ids: dict[str, int] = {}
        self._site_seen: dict[int, tuple[str, str | None, str | None]] = {}  # site id -> last_seen, name, language
        #: pages whose prepared values were used ("used": as a whole "whole", recombined without the site's
        #: template "recombined", or "recomputed" by the writer), "rejected" or found "wrong" by a spot check
        self.prepared_counts: Counter[str] = Counter()

    def add_page(self, page: CrawledPage, *, run_id: int | None = None, reextract: bool = False) -> str:
        """File one crawled article; return NEW, CHANGED or UNCHANGED — or GONE when a revisit of an
        archived copy found, once the site's template is taken out, a removal notice or no text: that is
        recorded as evidence against the copy, not filed. Call inside a batch.

        ``reextract``: the page is a stored response extracted again, not a new fetch: fetch times
        and counts stay as they are.
        """
        article = page.article
        now = page.fetched_at or utcnow()
        site_id = self.site_id(page.url, article, now)
        key = copy_key(page.url, article)
        aliases = {key, url_key(page.url), url_key(article.url)}
        copy_id = self._find_copy(aliases)
        extracted_body = article.body  # before the site's template is removed: what content_hash covers
        prepared = self._prepared(page) if page.prepared is not None else None
        kept: list[int] | None = None  # with prepared values: the paragraphs the site's template leaves
        removed: list[tuple[int, str]] = []
        learning = self.site_templates.min_stories
        site_template = templates.SiteTemplate(self.site_templates.keys(site_id) if learning else frozenset())
        if learning:
            body, removed = site_template.split(article.body, prepared.keys if prepared is not None else None)
            if removed:
                article = replace(article, body=body)
                if prepared is not None and prepared.paragraphs is not None:
                    gone = {position for position, _ in removed}
                    kept = [i for i in range(len(prepared.paragraphs)) if i not in gone]
        # the values of the body as filed, from the prepared ones (None: computed below, as they are needed)
        filed = prepared.for_kept(kept) if prepared is not None and (kept is not None or not removed) else None
        if prepared is not None:
            self.prepared_counts["whole" if not removed else "recombined" if filed else "recomputed"] += 1
        if copy_id is not None and not reextract:
            # (split keeps a body that is all template whole; here only the rest counts)
            rest = templates.join_paragraphs([p for p in templates.body_paragraphs(article.body)
                                              if p not in site_template])
            found = self._removal_left(copy_id, replace(article, body=rest))
            if found is not None:  # the site's own words around nothing: a shell or a notice, not a version
                return self._file_removal(copy_id, page.url, found, now=now, run_id=run_id, status=page.status,
                                          raw=page.raw, headers=page.headers)
        raw_sha = self.raw_pages.store(page.raw) if page.raw is not None and self.keep_raw else None
        known = {extracted_body: prepared.fingerprint, article.body: filed.fingerprint} if filed else None
        fields = copy_fields(page, article, extracted_body=extracted_body, known_fingerprints=known)
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
                                        relative=frozenset(name for name in _DATES
                                                          if (d := getattr(article, name)) and d.relative))
        back = self.db.execute("SELECT story_reason FROM copies WHERE id = ?", [copy_id]).fetchone()[0] == "not_article"
        if back:  # read as a listing before, an article again: back into a story
            self.db.execute("UPDATE copies SET not_article_at = NULL, not_article_as = NULL WHERE id = ?", [copy_id])
        if outcome != UNCHANGED:
            self._write_credits(copy_id, article)
            self._write_links(copy_id, article)
            self.search_index.write(copy_id, article.title, article.body, indexed,
                                    (prepared.title_tokens, filed.body_tokens) if filed else None)
        if outcome != UNCHANGED or back:
            self.stories.assign(copy_id, fields["fingerprint"], article,
                                (filed.signature, filed.band_keys, filed.normalised) if filed else None)
        if outcome == NEW and not reextract and learning:
            self.site_templates.learn(site_id, copy_id, extracted_body, now,
                                      prepared.keys if prepared is not None else None)
        if raw_sha and not reextract:
            self._record_fetch(copy_id, page.url, page.status, page.headers, raw_sha, now, run_id)
        if not reextract:
            self.revisits.visited(copy_id, page.url, changed=outcome != UNCHANGED, now=now, headers=page.headers)
            if outcome != NEW:
                self.copy_status.seen_alive(copy_id, now=now, run_id=run_id)
            if page.requested_url:
                self._moved(page.requested_url, copy_id, page.url, now=now, run_id=run_id)
        self._write_urls(copy_id, aliases, now)
        return outcome

    def _prepared(self, page: CrawledPage) -> Prepared | None:
        """The page's prepared values (``archive.prepare``) when they are this writer's and the page's; None
        (logged, counted) when they are not: then the writer computes them. Every ``SPOT_CHECK_EVERY``-th
        page's values are computed again and compared: a producer computing wrong values is found too."""
        article = page.article
        try:
            prepared = usable(page.prepared, article.title, article.body,
                              len(templates.body_paragraphs(article.body)))
        except PreparedInvalid as exc:
            self.prepared_counts["rejected"] += 1
            logger.warning("prepared values of %s not used: %s; computed here", page.url, exc)
            return None
        self.prepared_counts["used"] += 1
        if self.prepared_counts["used"] % SPOT_CHECK_EVERY == 1:
            mine = prepare_values(article.title, article.body)
            if mine != prepared:
                self.prepared_counts["wrong"] += 1
                logger.warning("prepared values of %s differ from the writer's own for the same text: "
                               "its producer computes them wrongly; the writer's are filed", page.url)
                return mine
        return prepared

    def file_item(self, item: object, *, run_id: int | None = None) -> str | None:
        """File whatever a crawl produced; return NEW, CHANGED, UNCHANGED, GONE (a revisit found an archived
        copy removed), "not_modified" or "errors" (None for a 304 of a page the archive does not hold, a
        removal seen at an address the archive does not hold, or an item that is not the archive's)."""
        if isinstance(item, CrawledPage):
            return self.add_page(item, run_id=run_id)
        if isinstance(item, NotModified):
            if not self.revisits.not_modified(item.url):
                return None
            copy_id = self._find_copy({url_key(item.url)})
            self.copy_status.seen_alive(copy_id, now=utcnow(), run_id=run_id)
            return "not_modified"
        if isinstance(item, FetchFailure):
            self.runs.add_error(run_id, item.url, item.kind, item.message, item.status)
            seen = self.copy_status.failed(url_key(item.url), item.kind, url=item.url, status=item.status,
                                           message=item.message, run_id=run_id)
            return GONE if seen in ("missing", "gone") else "errors"
        if isinstance(item, Vanished):
            return self.file_vanished(item, run_id=run_id)
        if isinstance(item, NotArticle):
            copy_id = self._find_copy({url_key(item.url)})
            if copy_id is None:
                return None  # a listing the archive never held: nothing to do
            return self.not_an_article(copy_id, item.page_type, url=item.url, now=item.fetched_at or utcnow(),
                                       run_id=run_id)
        return None

    def not_an_article(self, copy_id: int, page_type: str, *, url: str, now: str, run_id: int | None = None,
                       reextract: bool = False) -> str:
        """An archived copy whose page reads as a ``page_type`` page (a listing), not one article: archived by
        mistake, or its address serves a list now. It leaves its story (which is recounted and may get
        another original; a story left empty is dropped), is matched to no other copy while so marked, and
        keeps its text and versions. Filed as an article again later, it goes back into a story."""
        story_id, since = self.db.execute("SELECT story_id, not_article_at FROM copies WHERE id = ?",
                                          [copy_id]).fetchone()
        self.db.execute(
            "UPDATE copies SET not_article_at = ?, not_article_as = ?, story_id = NULL, story_reason = 'not_article', "
            "story_similarity = NULL, story_matched_copy_id = NULL WHERE id = ?", [since or now, page_type, copy_id])
        if story_id is not None:
            self.stories.refresh(story_id)
        if not reextract:
            self.db.execute("UPDATE copies SET last_seen = ? WHERE id = ?", [now, copy_id])
            self.revisits.visited(copy_id, url, changed=False, now=now, headers=None)
            if since is None:
                self.copy_status.note(copy_id, NOT_ARTICLE, url=url, now=now, run_id=run_id,
                                      detail=f"read as a {page_type} page: taken out of story {story_id}"
                                      if story_id is not None else f"read as a {page_type} page")
        return NOT_ARTICLE

    # -- disappearances -------------------------------------------------------------------------------
    def file_vanished(self, item: Vanished, *, run_id: int | None = None) -> str | None:
        """A revisit found an archived copy removed (redirected home, a notice, an empty template): record
        the evidence (``copystatus``). A notice or shell that still prints the archived text was misread,
        not removed: the copy counts as seen, unchanged. None when no copy is archived at ``item.url``."""
        copy_id = self._find_copy({url_key(item.url)})
        if copy_id is None:
            return None
        now = item.fetched_at or utcnow()
        if item.how != removal.REDIRECT:
            archived = self.db.execute("SELECT body FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
            if removal.text_still_there(archived, item.page_text):
                return self._misread(copy_id, item.url, now=now, run_id=run_id, detail=item.detail)
        found = removal.Removal(item.how, target=item.target, notice=item.notice, detail=item.detail)
        return self._file_removal(copy_id, item.url, found, now=now, run_id=run_id, status=item.status,
                                  raw=item.raw if item.how != removal.REDIRECT else None, headers=item.headers)

    def _removal_left(self, copy_id: int, article: Article) -> removal.Removal | None:
        """For a revisit: a removal notice or an empty shell left once the site's template is out of the
        body (the spider judged the page with the template in it), unless the archived text is still there."""
        notice = removal.only_a_notice(article.title, article.body, self.min_body_chars)
        if notice is None and len(article.body.strip()) >= self.min_body_chars:
            return None
        archived = self.db.execute("SELECT body FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
        if removal.text_still_there(archived, f"{article.title or ''}\n{article.body}"):
            return None
        detail = f"{len(article.body.strip())} characters of body besides the site's template"
        return removal.Removal(removal.NOTICE if notice else removal.EMPTY_SHELL, notice=notice, detail=detail)

    def _file_removal(self, copy_id: int, url: str, found: removal.Removal, *, now: str, run_id: int | None,
                      status: int | None, raw: bytes | None, headers: dict[str, str] | None) -> str:
        raw_sha = self.raw_pages.store(raw) if raw is not None and self.keep_raw else None
        if raw_sha:  # the page as it was served then: evidence (and what a WARC export shows), never the article
            self._record_fetch(copy_id, url, status, headers, raw_sha, now, run_id)
        self.copy_status.seen_gone(copy_id, found.how, url=url, now=now, run_id=run_id, http_status=status,
                                   target=found.target, notice=found.notice, detail=found.detail, raw_sha256=raw_sha)
        return GONE

    def _misread(self, copy_id: int, url: str, *, now: str, run_id: int | None, detail: str | None) -> str:
        self.db.execute("UPDATE copies SET last_seen = ?, fetch_count = fetch_count + 1 WHERE id = ?", [now, copy_id])
        self.revisits.visited(copy_id, url, changed=False, now=now, headers=None)
        self.copy_status.seen_alive(copy_id, now=now, run_id=run_id)
        self.copy_status.note(copy_id, MISREAD, url=url, now=now, run_id=run_id,
                              detail=f"the archived text is still on the page ({detail})" if detail else None)
        return UNCHANGED

    def _moved(self, requested_url: str, copy_id: int, url: str, *, now: str, run_id: int | None) -> None:
        """A revisit of one archived copy was redirected to another article (filed as ``copy_id``): the
        first is not gone — its article lives on at the new address — and is rescheduled as seen."""
        old = self._find_copy({url_key(requested_url)})
        if old is None or old == copy_id:
            return
        self.revisits.visited(old, requested_url, changed=False, now=now, headers=None)
        self.copy_status.seen_alive(old, now=now, run_id=run_id)
        self.copy_status.note(old, MOVED, url=requested_url, target=url, now=now, run_id=run_id,
                              detail=f"redirected to copy {copy_id}")

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
        # the site row is brought up to date once per batch (flush_sites), not once per page
        seen = self._site_seen.get(site_id)
        self._site_seen[site_id] = (now, (seen and seen[1]) or article.site_name,
                                    (seen and seen[2]) or article.language)
        return site_id

    def flush_sites(self) -> None:
        """Write the sites' last_seen (and a name or language they lacked) seen in this batch."""
        if self._site_seen:
            self.db.conn.executemany(
                "UPDATE sites SET last_seen = ?, name = coalesce(name, ?), "
                "language = coalesce(language, ?) WHERE id = ?",
                [(now, name, language, site_id) for site_id, (now, name, language) in self._site_seen.items()])
            self._site_seen.clear()

    def forget_cached_ids(self) -> None:
        """Drop the site and person ids read so far: a rolled-back batch may have created them."""
        self._site_ids.clear()
        self._person_ids.clear()

    def discard_sites(self) -> None:
        """The batch was rolled back: its sites were not seen after all."""
        self._site_seen.clear()

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
                     reextract: bool = False, relative: frozenset[str] = frozenset()) -> str:
        old = self.db.execute(
            "SELECT content_hash, published, published_raw, published_from, published_precision, "
            "updated, updated_raw, updated_from, updated_precision FROM copies WHERE id = ?", [copy_id]
        ).fetchone()
        _keep_resolved_relative_dates(fields, extra, {"published": old[1:5], "updated": old[5:9]}, relative)
        seen = "" if reextract else "last_seen = ?, fetch_count = fetch_count + 1, "
        seen_params = [] if reextract else [now]
        if old[0] == fields["content_hash"]:
            self.db.execute(
                f"UPDATE copies SET {seen}http_status = ?, fetched_url = ?, raw_sha256 = coalesce(?, raw_sha256) "
                "WHERE id = ?",
                [*seen_params, fields["http_status"], fields["fetched_url"], fields.get("raw_sha256"), copy_id],
            )
            return UNCHANGED
        self._save_version(copy_id, now, new={**fields, **extra})
        sets = ",".join(f"{col} = ?" for col in fields)
        self.db.execute(
            f"UPDATE copies SET {sets}, {seen}last_changed = ?, version = version + 1 WHERE id = ?",
            [*fields.values(), *seen_params, now, copy_id],
        )
        return CHANGED

    def _save_version(self, copy_id: int, now: str, new: dict[str, Any]) -> None:
        """Keep the copy's current fields as a version before they are overwritten, with what changed from
        it to ``new`` (the fields about to be written, authors, editors and prev/next links included)."""
        old = dict(zip(("title", "body", "source", "source_url", "published", "updated"), self.db.execute(
            "SELECT title, body, source, source_url, published, updated FROM copies WHERE id = ?",
            [copy_id]).fetchone()))
        for role in ("author", "editor"):
            old[role + "s"] = [r[0] for r in self.db.execute(
                "SELECT p.name FROM credits cr JOIN people p ON p.id = cr.person_id WHERE cr.copy_id = ? "
                "AND cr.role = ? ORDER BY cr.position", [copy_id, role])]
        old["links"] = {rel: link for rel, link in self.db.execute(
            "SELECT rel, url FROM links WHERE copy_id = ?", [copy_id])}
        later = {name: new.get(name) for name in ("title", "body", "source", "source_url", "published", "updated",
                                                   "authors", "editors")}
        later["links"] = {rel: new[rel][0] for rel in ("prev", "next") if new.get(rel)}
        changes = json.dumps(what_changed(old, later), ensure_ascii=False)
        self.db.execute(
            """INSERT INTO article_versions (copy_id, version, title, body, authors, editors, source, source_url,
                   published, updated, content_hash, raw_sha256, valid_from, valid_to, changes)
               SELECT c.id, c.version, c.title, c.body,
                   (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                       ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'author' ORDER BY cr.position)),
                   (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                       ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'editor' ORDER BY cr.position)),
                   c.source, c.source_url, c.published, c.updated, c.content_hash, c.raw_sha256,
                   coalesce(c.last_changed, c.first_seen), ?, ?
               FROM copies c WHERE c.id = ?""",
            [now, changes, copy_id],
        )

    def _record_fetch(self, copy_id: int, url: str, status: int | None, headers: dict[str, str] | None,
                      raw_sha: str, now: str, run_id: int | None) -> None:
        """One fetches row per distinct body of a copy: a re-fetch of the same bytes adds no row."""
        last = self.db.execute(
            "SELECT id, raw_sha256 FROM fetches WHERE copy_id = ? ORDER BY id DESC LIMIT 1", [copy_id]
        ).fetchone()
        if last and last[1] == raw_sha:
            return
        self.db.execute(
            "INSERT INTO fetches (copy_id, url, fetched_at, status, headers, raw_sha256, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [copy_id, url, now, status, json.dumps(headers or {}, ensure_ascii=False), raw_sha, run_id],
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


def copy_fields(page: CrawledPage, article: Article, *, extracted_body: str | None = None,
                known_fingerprints: dict[str, str | None] | None = None) -> dict[str, Any]:
    """The copies row of a page. ``extracted_body``: the body before the site template was removed;
    the content hash covers it, so a template learned later never makes an unchanged page "changed".
    ``known_fingerprints``: body -> fingerprint, for bodies whose fingerprint is known already."""
    def fingerprint_of(body: str) -> str | None:
        if known_fingerprints is not None and body in known_fingerprints:
            return known_fingerprints[body]
        return fingerprint(body)

    pub, upd = article.published, article.updated
    fields: dict[str, Any] = {
        "fetched_url": page.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "body": article.body,
        "fingerprint": fingerprint_of(article.body),
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
        hashed = {**fields, "body": extracted_body, "fingerprint": fingerprint_of(extracted_body)}
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


_DATES = ("published", "updated")


def _keep_resolved_relative_dates(fields: dict[str, Any], extra: dict[str, Any], old: dict[str, tuple],
                                  relative: frozenset[str]) -> None:
    """A relative date ("刚刚", "6小时前", "33分钟前") read again later resolves to a slightly different
    instant; within its precision that is the same date, so the first reading stays and nothing
    'changes'. Hour and day precision only come from relative forms. ``old``: each date's archived
    (value, raw, from, precision); ``relative``: the dates read from a relative form this time."""
    kept = False
    for name in _DATES:
        precision = fields.get(f"{name}_precision") or ""
        window = _RELATIVE_WINDOWS.get(precision) if name in relative or precision in ("hour", "day") else None
        old_value = old[name][0]
        if not window or not old_value or not fields.get(name):
            continue
        try:
            delta = abs(datetime.fromisoformat(fields[name]) - datetime.fromisoformat(old_value))
        except (ValueError, TypeError):  # unparseable, or a day-only date next to a timestamp: not the same reading
            continue
        if delta.total_seconds() <= window:
            fields.update(dict(zip((name, f"{name}_raw", f"{name}_from", f"{name}_precision"), old[name])))
            kept = True
    if kept:
        fields["content_hash"] = _content_hash(fields, extra)


def _link_tuple(link: NavLink | None) -> list[Any] | None:
    return [link.url, link.title, link.published] if link else None
