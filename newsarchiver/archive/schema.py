"""The archive's schema, as an ordered list of migrations applied once each.

A migration is a name and a function over a sqlite-utils ``Database``. Applied names are recorded in
``_migrations``; opening an archive applies the missing ones in order, so an archive written by an older
newsarchiver is upgraded in place and never rebuilt. Append new migrations; never edit an applied one.

The model: a **site** (host) publishes **copies** (one row per page, keyed by its canonical URL; every
URL variant it was reached at is in **urls**); copies with the same article text form one **story**.
People credited on a copy (authors, editors) are in **people** and **credits**; prev/next links are
**links**; every crawl is a **crawl_runs** row and its failures **fetch_errors**. ``copies_fts`` indexes
title and body for Chinese and English search (see ``archive/search.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

Migration = tuple[str, Callable[[Database], None]]


def _m001_initial(db: Database) -> None:
    db["sites"].create(
        {
            "id": int,
            "host": str,  # host[:port]; the site's identity
            "name": str,  # display name from og:site_name / the title suffix
            "language": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null={"host"},
    )
    db["sites"].create_index(["host"], unique=True)

    db["stories"].create(
        {
            "id": int,
            "fingerprint": str,  # hash of the normalised body text shared by its copies
            "title": str,
            "first_published": str,
            "original_copy_id": int,
            "original_reason": str,  # why that copy is the original: "source-names-site", "earliest", ...
            "copies": int,
            "sites": int,
            "created": str,
        },
        pk="id",
        not_null={"fingerprint"},
        defaults={"copies": 0, "sites": 0},
    )
    db["stories"].create_index(["fingerprint"], unique=True)

    db["copies"].create(
        {
            "id": int,
            "url": str,  # the page's identity: canonical URL, tracking params dropped (urls.url_key)
            "fetched_url": str,  # the URL it was last fetched from
            "site_id": int,
            "story_id": int,
            "canonical_url": str,  # rel=canonical as the page declares it (may name another site)
            "title": str,
            "body": str,
            "fingerprint": str,
            "source": str,
            "source_url": str,
            "published": str,
            "published_raw": str,
            "published_from": str,
            "published_precision": str,
            "updated": str,
            "updated_raw": str,
            "updated_from": str,
            "language": str,
            "site_name": str,
            "poster": str,
            "http_status": int,
            "encoding": str,
            "content_hash": str,  # hash of every extracted field: tells "changed" from "unchanged"
            "first_seen": str,
            "last_seen": str,
            "last_changed": str,
            "fetch_count": int,
        },
        pk="id",
        not_null={"url", "site_id"},
        foreign_keys=[("site_id", "sites", "id"), ("story_id", "stories", "id")],
        defaults={"fetch_count": 1},
    )
    db["copies"].create_index(["url"], unique=True)
    db["copies"].create_index(["story_id"])
    db["copies"].create_index(["site_id", "published"])

    db["urls"].create(
        {"url": str, "copy_id": int, "first_seen": str, "last_seen": str},
        pk="url",
        foreign_keys=[("copy_id", "copies", "id")],
    )
    db["urls"].create_index(["copy_id"])

    db["people"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db["people"].create_index(["name"], unique=True)
    db["credits"].create(
        {"copy_id": int, "person_id": int, "role": str, "position": int},
        pk=("copy_id", "role", "position"),
        foreign_keys=[("copy_id", "copies", "id"), ("person_id", "people", "id")],
    )
    db["credits"].create_index(["person_id"])

    db["links"].create(
        {
            "copy_id": int,
            "rel": str,  # "prev" | "next"
            "url": str,  # as linked (absolute)
            "target_url": str,  # its url_key: join with urls.url to reach the target copy
            "title": str,
            "published": str,
            "published_raw": str,
        },
        pk=("copy_id", "rel"),
        foreign_keys=[("copy_id", "copies", "id")],
    )
    db["links"].create_index(["target_url"])

    db["crawl_runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "spider": str,
            "start_urls": str,  # JSON list
            "status": str,  # "running" until the crawl closes, then its finish reason
            "pages": int,
            "articles_new": int,
            "articles_changed": int,
            "articles_unchanged": int,
            "errors": int,
            "stats": str,  # JSON: Scrapy's crawl stats
        },
        pk="id",
    )
    db["fetch_errors"].create(
        {"id": int, "run_id": int, "url": str, "kind": str, "status": int, "message": str, "at": str},
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db["fetch_errors"].create_index(["run_id"])

    # Title and body, tokenised by archive/search.py into CJK bigrams and words (unicode61 then keeps
    # each bigram as one token): two-character Chinese terms are found, which trigram cannot do.
    db.execute(
        "CREATE VIRTUAL TABLE copies_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )

    _create_views(db)


def _create_views(db: Database) -> None:
    db.create_view(
        "articles",
        """
        SELECT c.id, c.title, s.host AS site, c.site_name, c.url, c.published, c.updated,
               (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                   ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'author'
                   ORDER BY cr.position)) AS authors,
               (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                   ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'editor'
                   ORDER BY cr.position)) AS editors,
               c.source, c.source_url, c.language, c.story_id, st.copies AS story_copies,
               c.body, c.first_seen, c.last_seen
        FROM copies c JOIN sites s ON s.id = c.site_id LEFT JOIN stories st ON st.id = c.story_id
        """,
        replace=True,
    )
    db.create_view(
        "story_copies",
        """
        SELECT st.id AS story_id, st.title AS story_title, st.copies, st.sites,
               c.id AS copy_id, s.host AS site, c.url, c.title, c.published,
               (c.id = st.original_copy_id) AS is_original, st.original_reason
        FROM stories st JOIN copies c ON c.story_id = st.id JOIN sites s ON s.id = c.site_id
        """,
        replace=True,
    )
    db.create_view(
        "links_resolved",
        """
        SELECT l.copy_id, l.rel, l.url, l.title, l.published, u.copy_id AS target_copy_id
        FROM links l LEFT JOIN urls u ON u.url = l.target_url
        """,
        replace=True,
    )


def _m002_near_duplicates_versions_raw(db: Database) -> None:
    """Stories by near-duplicate text, raw responses kept, previous versions kept."""
    from .neardup import band_keys, shingles, signature  # the migration backfills signatures

    # A story is no longer one exact text: the fingerprint stays on copies, not unique on stories.
    db.execute("DROP INDEX IF EXISTS idx_stories_fingerprint")
    db["copies"].create_index(["fingerprint"], if_not_exists=True)
    copies = db["copies"]
    copies.add_column("story_reason", str)  # "exact", "near-duplicate", "canonical", "new", "unmerged"
    copies.add_column("story_similarity", float)  # Jaccard similarity to story_matched_copy_id
    copies.add_column("story_matched_copy_id", int)
    copies.add_column("story_locked", int, not_null_default=0)  # set by `unmerge`: never auto-merged again
    copies.add_column("raw_sha256", str)  # the raw response the fields were extracted from
    copies.add_column("version", int, not_null_default=1)
    db.execute("UPDATE copies SET story_reason = 'exact' WHERE story_id IS NOT NULL")

    db["copy_signatures"].create({"copy_id": int, "signature": bytes}, pk="copy_id",
                                 foreign_keys=[("copy_id", "copies", "id")])
    # One row per band of each copy's MinHash signature; WITHOUT ROWID keeps the lookup one B-tree.
    db.execute("CREATE TABLE lsh_bands (key INTEGER NOT NULL, copy_id INTEGER NOT NULL, "
               "PRIMARY KEY (key, copy_id)) WITHOUT ROWID")
    for copy_id, body in db.execute("SELECT id, body FROM copies").fetchall():
        sig = signature(shingles(body or ""))
        db.execute("INSERT INTO copy_signatures (copy_id, signature) VALUES (?, ?)", [copy_id, sig])
        db.conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, copy_id) VALUES (?, ?)",
                            [(key, copy_id) for key in band_keys(sig)])

    db["raw_pages"].create(
        {"sha256": str, "size": int, "compression": str, "content": bytes}, pk="sha256"
    )
    db["fetches"].create(
        {"id": int, "copy_id": int, "url": str, "fetched_at": str, "status": int, "headers": str,
         "raw_sha256": str, "run_id": int},
        pk="id",
        foreign_keys=[("copy_id", "copies", "id"), ("raw_sha256", "raw_pages", "sha256")],
    )
    db["fetches"].create_index(["copy_id", "fetched_at"])
    db["article_versions"].create(
        {"id": int, "copy_id": int, "version": int, "title": str, "body": str, "authors": str, "editors": str,
         "source": str, "source_url": str, "published": str, "updated": str, "content_hash": str,
         "raw_sha256": str, "valid_from": str, "valid_to": str},
        pk="id",
        foreign_keys=[("copy_id", "copies", "id")],
    )
    db["article_versions"].create_index(["copy_id", "version"], unique=True)
    db.create_view(
        "site_reposts",
        """
        SELECT s.host AS site, count(*) AS copies,
               sum(st.copies > 1) AS in_shared_stories,
               sum(st.copies > 1 AND c.id != st.original_copy_id) AS reposts,
               sum(c.id = st.original_copy_id AND st.copies > 1) AS originals_reposted_elsewhere
        FROM copies c JOIN sites s ON s.id = c.site_id JOIN stories st ON st.id = c.story_id
        GROUP BY s.id
        """,
        replace=True,
    )
    db.create_view(
        "story_copies",
        """
        SELECT st.id AS story_id, st.title AS story_title, st.copies, st.sites,
               c.id AS copy_id, s.host AS site, c.url, c.title, c.published,
               (c.id = st.original_copy_id) AS is_original, st.original_reason,
               c.story_reason, c.story_similarity, c.story_matched_copy_id
        FROM stories st JOIN copies c ON c.story_id = st.id JOIN sites s ON s.id = c.site_id
        """,
        replace=True,
    )


def _m003_contentless_search(db: Database) -> None:
    """The search index keeps no copy of the text (FTS5 content=''): the bigram text it stored beside
    copies.body was the largest table of the archive."""
    from .search import index_text

    db.execute("DROP TABLE IF EXISTS copies_fts")
    db.execute("CREATE VIRTUAL TABLE copies_fts USING fts5(title, body, content = '', "
               "tokenize = 'unicode61 remove_diacritics 2')")
    for copy_id, title, body in db.execute("SELECT id, title, body FROM copies").fetchall():
        db.execute("INSERT INTO copies_fts (rowid, title, body) VALUES (?, ?, ?)",
                   [copy_id, index_text(title), index_text(body)])


def _m004_incremental_crawls(db: Database) -> None:
    """What scheduled crawls need: validators for conditional requests, a revisit schedule, run stats."""
    copies = db["copies"]
    copies.add_column("etag", str)  # the last response's ETag / Last-Modified: sent back as If-None-Match /
    copies.add_column("last_modified", str)  # If-Modified-Since, so an unchanged page costs a 304
    copies.add_column("next_visit", str)  # when the page is due again (NULL: never, the schedule is over)
    copies.add_column("unchanged_visits", int, not_null_default=0)  # revisits since the last change
    db["copies"].create_index(["next_visit"], if_not_exists=True)
    runs = db["crawl_runs"]
    runs.add_column("not_modified", int)  # 304 answers to conditional requests
    runs.add_column("skipped", int)  # known pages not due for a revisit
    runs.add_column("errors_by_kind", str)  # JSON: {"http_404": 3, "timeout": 1, ...}
    runs.add_column("duration", float)  # seconds


def _m005_query_views(db: Database) -> None:
    """Views that make the usual questions one-liners for sqlite3, sqlite-utils and Datasette users
    (docs/querying.md): latest articles per site, stories by copies with their original, a story's
    timeline across sites, an author's articles, pages known only from prev/next links."""
    db.create_view(
        "latest_articles",
        """
        SELECT s.host AS site, s.name AS site_name,
               row_number() OVER (PARTITION BY c.site_id ORDER BY c.published DESC, c.id DESC) AS rank_in_site,
               c.id, c.published, c.title, c.url, c.story_id
        FROM copies c JOIN sites s ON s.id = c.site_id
        ORDER BY s.host, rank_in_site
        """,
        replace=True,
    )
    db.create_view(
        "top_stories",
        """
        SELECT st.id AS story_id, st.copies, st.sites, st.title, st.first_published,
               s.host AS original_site, c.id AS original_copy_id, c.url AS original_url, st.original_reason
        FROM stories st LEFT JOIN copies c ON c.id = st.original_copy_id LEFT JOIN sites s ON s.id = c.site_id
        ORDER BY st.copies DESC, st.sites DESC, st.first_published, st.id
        """,
        replace=True,
    )
    db.create_view(
        "story_timeline",
        """
        SELECT c.story_id,
               row_number() OVER (PARTITION BY c.story_id
                                  ORDER BY c.published IS NULL, julianday(c.published), c.id) AS position,
               c.published,
               round((julianday(c.published) - min(julianday(c.published)) OVER (PARTITION BY c.story_id)) * 24,
                     2) AS hours_after_first,
               s.host AS site, (c.id = st.original_copy_id) AS is_original, c.id AS copy_id, c.title, c.url,
               c.story_reason, c.story_similarity, c.source, c.first_seen
        FROM copies c JOIN stories st ON st.id = c.story_id JOIN sites s ON s.id = c.site_id
        ORDER BY c.story_id, position
        """,
        replace=True,
    )
    db.create_view(
        "author_articles",
        """
        SELECT p.name AS author, c.published, s.host AS site, c.title, c.id AS copy_id, c.url, c.story_id,
               (c.id = st.original_copy_id) AS is_original
        FROM credits cr JOIN people p ON p.id = cr.person_id JOIN copies c ON c.id = cr.copy_id
             JOIN sites s ON s.id = c.site_id LEFT JOIN stories st ON st.id = c.story_id
        WHERE cr.role = 'author'
        ORDER BY p.name, c.published DESC, c.id
        """,
        replace=True,
    )
    db.create_view(
        "gaps",
        """
        SELECT l.target_url AS url_key, min(l.url) AS url, min(l.title) AS title, min(l.published) AS published,
               count(*) AS linked_from, min(s.host) AS site
        FROM links l JOIN copies c ON c.id = l.copy_id JOIN sites s ON s.id = c.site_id
             LEFT JOIN urls u ON u.url = l.target_url
        WHERE u.url IS NULL
        GROUP BY l.target_url
        ORDER BY min(l.published) IS NULL, min(l.published), l.target_url
        """,
        replace=True,
    )


def _m006_site_templates(db: Database) -> None:
    """Site template learning (extract/templates.py): how many different stories of a site carry each
    paragraph, and, per copy, the paragraphs removed from its body as the site's template."""
    db.execute(
        """CREATE TABLE site_blocks (
               site_id INTEGER NOT NULL REFERENCES sites(id),
               key INTEGER NOT NULL,      -- extract.templates.block_key of the paragraph
               stories INTEGER NOT NULL,  -- different stories of the site whose copies print it
               sample TEXT,               -- the paragraph (stored once a second story prints it)
               first_seen TEXT,
               last_seen TEXT,
               PRIMARY KEY (site_id, key)
           ) WITHOUT ROWID"""
    )
    db["copies"].add_column("template_removed", str)  # JSON list of paragraphs removed as site template


#: A date text that shows a time of day ("10:05", "10时05分", "下午3点"): used by 007 to tell which stored
#: midnights were invented for a day-only date.
_SHOWS_TIME = ("[0-9]:[0-9]", "时", "時", "点", "點")


def _no_time_in(column: str) -> str:
    return " AND ".join(f"coalesce({column}, '') NOT {'GLOB' if '[' in t else 'LIKE'} "
                        + (f"'*{t}*'" if "[" in t else f"'%{t}%'") for t in _SHOWS_TIME)


def _m007_date_precision(db: Database) -> None:
    """Dates as precise as the page: a date shown without a time of day is stored as the day
    ("2019-09-25"), not as an invented midnight ("2019-09-25T00:00:00+08:00"); ``updated`` gets its
    precision too; views that sort or subtract dates honour it; ``articles`` shows the poster."""
    db["copies"].add_column("updated_precision", str)  # like published_precision; NULL for older rows it cannot tell
    midnight = "LIKE '____-__-__T00:00:00%'"
    db.execute(f"UPDATE copies SET published = substr(published, 1, 10) "
               f"WHERE published_precision = 'day' AND published {midnight}")
    db.execute(f"UPDATE copies SET updated = substr(updated, 1, 10), updated_precision = 'day' "
               f"WHERE updated {midnight} AND {_no_time_in('updated_raw')}")
    db.execute("UPDATE copies SET updated_precision = CASE WHEN length(updated) = 10 THEN 'day' "
               "WHEN length(updated) = 7 THEN 'month' END WHERE updated IS NOT NULL AND updated_precision IS NULL")
    db.execute(f"UPDATE links SET published = substr(published, 1, 10) "
               f"WHERE published {midnight} AND {_no_time_in('published_raw')}")
    # Stored versions carry no precision of their own: a version's midnight on the day the copy now
    # shows without a time of day is that day (else every old version would read as a changed date).
    for column, precision in (("published", "published_precision"), ("updated", "updated_precision")):
        db.execute(f"""UPDATE article_versions SET {column} = substr({column}, 1, 10)
                       WHERE {column} {midnight} AND EXISTS (SELECT 1 FROM copies c
                             WHERE c.id = article_versions.copy_id AND c.{precision} = 'day'
                             AND c.{column} = substr(article_versions.{column}, 1, 10))""")
    db.execute(f"""UPDATE stories SET first_published = substr(first_published, 1, 10)
                   WHERE first_published {midnight} AND EXISTS (SELECT 1 FROM copies c WHERE c.story_id = stories.id
                         AND c.published = substr(stories.first_published, 1, 10))""")
    db.create_view(
        "articles",
        """
        SELECT c.id, c.title, s.host AS site, c.site_name, c.url, c.published, c.updated,
               (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                   ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'author'
                   ORDER BY cr.position)) AS authors,
               (SELECT json_group_array(name) FROM (SELECT p.name FROM credits cr JOIN people p
                   ON p.id = cr.person_id WHERE cr.copy_id = c.id AND cr.role = 'editor'
                   ORDER BY cr.position)) AS editors,
               c.poster, c.source, c.source_url, c.language, c.story_id, st.copies AS story_copies,
               c.body, c.first_seen, c.last_seen
        FROM copies c JOIN sites s ON s.id = c.site_id LEFT JOIN stories st ON st.id = c.story_id
        """,
        replace=True,
    )
    # A day-only date sorts at the start of its day (julianday of "2019-09-25" is its first instant, UTC).
    db.create_view(
        "latest_articles",
        """
        SELECT s.host AS site, s.name AS site_name,
               row_number() OVER (PARTITION BY c.site_id
                                  ORDER BY c.published IS NULL, julianday(c.published) DESC, c.id DESC) AS rank_in_site,
               c.id, c.published, c.title, c.url, c.story_id
        FROM copies c JOIN sites s ON s.id = c.site_id
        ORDER BY s.host, rank_in_site
        """,
        replace=True,
    )
    # Hours after the story's first copy only when both dates show a time of day: a day-only date has none.
    db.create_view(
        "story_timeline",
        """
        SELECT c.story_id,
               row_number() OVER story AS position,
               c.published,
               CASE WHEN length(c.published) > 10 AND length(first_value(c.published) OVER story) > 10
                    THEN round((julianday(c.published) - julianday(first_value(c.published) OVER story)) * 24, 2)
               END AS hours_after_first,
               s.host AS site, (c.id = st.original_copy_id) AS is_original, c.id AS copy_id, c.title, c.url,
               c.story_reason, c.story_similarity, c.source, c.first_seen
        FROM copies c JOIN stories st ON st.id = c.story_id JOIN sites s ON s.id = c.site_id
        WINDOW story AS (PARTITION BY c.story_id ORDER BY c.published IS NULL, julianday(c.published), c.id)
        ORDER BY c.story_id, position
        """,
        replace=True,
    )


def _m009_archive_identity(db: Database) -> None:
    """The archive says what it is: SQLite's application id (``files.APPLICATION_ID``), by which read
    commands recognise an archive, and ``archive_info`` (key, value). Its ``minhash_scheme`` names how
    the stored near-duplicate signatures were made (``neardup.scheme_id``): this version's scheme when
    the stored signatures it samples are exactly what this version computes (or there are none), else
    ``unknown``, and writers then refuse the archive until ``migrate --rebuild-signatures``."""
    from .files import APPLICATION_ID
    from .neardup import scheme_id, shingles, signature

    db.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
    db.execute("CREATE TABLE archive_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    sample = [row for order in ("ASC", "DESC") for row in db.execute(
        "SELECT c.body, s.signature FROM copy_signatures s JOIN copies c ON c.id = s.copy_id "
        f"ORDER BY s.copy_id {order} LIMIT 25")]
    same = all(signature(shingles(body or "")) == bytes(sig) for body, sig in sample)
    db.execute("INSERT INTO archive_info (key, value) VALUES ('minhash_scheme', ?)",
               [scheme_id() if same else UNKNOWN_SCHEME])


def _m010_copy_status(db: Database) -> None:
    """Disappearances and edits (archive/copystatus.py, archive/changes.py): whether each copy is still on
    its site (``status``: alive, missing, gone, restored), when it was first seen gone and how, every
    revisit that found it gone or could not reach it (``copy_events``), how many copies of a story survive
    (``stories.surviving``), what changed from each version of a copy to the next
    (``article_versions.changes``, computed here for the versions already stored), and the views
    ``gone_copies`` and ``stories_original_gone``."""
    from .changes import backfill_version_changes

    copies = db["copies"]
    copies.add_column("status", str, not_null_default="alive")  # alive | missing | gone | restored
    copies.add_column("gone_at", str)  # first seen gone: the first revisit of the streak that found it removed
    copies.add_column("gone_how", str)  # how: http_404, http_410, redirect, removal_notice, empty_shell
    copies.add_column("restored_at", str)  # when a gone copy was found back (gone_at is kept)
    copies.add_column("gone_streak", int, not_null_default=0)  # revisits in a row that found it removed
    copies.add_column("failed_visits", int, not_null_default=0)  # revisits in a row that got no answer (5xx, timeout)
    copies.add_column("last_checked", str)  # the last revisit, whatever it found
    # Only copies that are not alive: the index stays small and `gone` reads it directly.
    db.execute("CREATE INDEX idx_copies_status ON copies (status, gone_at) WHERE status != 'alive'")
    db.execute(
        """CREATE TABLE copy_events (
               id INTEGER PRIMARY KEY,
               copy_id INTEGER NOT NULL REFERENCES copies(id),
               at TEXT NOT NULL,          -- when the revisit happened (UTC)
               run_id INTEGER REFERENCES crawl_runs(id),
               kind TEXT NOT NULL,        -- http_404, http_410, redirect, removal_notice, empty_shell,
                                          -- unreachable, alive (found again), misread (notice/shell still
                                          -- printing the archived text)
               status TEXT NOT NULL,      -- the copy's status after this revisit
               http_status INTEGER,
               url TEXT,                  -- the address revisited
               target_url TEXT,           -- where a redirect went
               notice TEXT,               -- what a removal notice said
               detail TEXT,               -- e.g. the fetch error of an unreachable revisit, what a shell held
               raw_sha256 TEXT            -- the page as received (raw_pages), when kept
           )"""
    )
    db.execute("CREATE INDEX idx_copy_events_copy ON copy_events (copy_id, at)")
    db["stories"].add_column("surviving", int)  # copies whose status is not gone
    db.execute("UPDATE stories SET surviving = copies")
    db["article_versions"].add_column("changes", str)  # JSON: what changed from this version to the next
    backfill_version_changes(db)
    runs = db["crawl_runs"]
    runs.add_column("gone", int)  # revisits that found a copy removed (404/410, redirect, notice, shell)
    runs.add_column("restored", int)  # gone copies found back
    db.create_view(
        "gone_copies",
        """
        SELECT c.id AS copy_id, s.host AS site, c.url, c.fetched_url, c.title, c.status,
               c.last_seen AS last_seen_alive, c.gone_at AS first_seen_gone, c.gone_how AS how,
               (SELECT e.http_status FROM copy_events e WHERE e.copy_id = c.id AND e.kind = c.gone_how
                ORDER BY e.at, e.id LIMIT 1) AS http_status,
               (SELECT e.target_url FROM copy_events e WHERE e.copy_id = c.id AND e.kind = c.gone_how
                ORDER BY e.at, e.id LIMIT 1) AS redirect_target,
               (SELECT e.notice FROM copy_events e WHERE e.copy_id = c.id AND e.kind = c.gone_how
                ORDER BY e.at, e.id LIMIT 1) AS notice,
               c.gone_streak AS times_seen_gone, c.story_id, st.title AS story_title,
               (c.id = st.original_copy_id) AS is_original, st.copies AS story_copies, st.surviving AS story_surviving
        FROM copies c JOIN sites s ON s.id = c.site_id LEFT JOIN stories st ON st.id = c.story_id
        WHERE c.status != 'alive' AND c.status IN ('missing', 'gone')  -- the first term: the partial index
        """,
        replace=True,
    )
    db.create_view(
        "stories_original_gone",
        """
        SELECT st.id AS story_id, st.title, st.copies, st.surviving, st.sites,
               o.id AS original_copy_id, os.host AS original_site, o.url AS original_url,
               o.last_seen AS original_last_seen_alive, o.gone_at AS original_first_seen_gone,
               o.gone_how AS original_how, st.original_reason
        FROM stories st JOIN copies o ON o.id = st.original_copy_id JOIN sites os ON os.id = o.site_id
        WHERE o.status = 'gone' AND st.surviving > 0
        ORDER BY o.gone_at DESC, st.id
        """,
        replace=True,
    )


def _m011_run_faults(db: Database) -> None:
    """What an operator needs to know of a run that met a fault: the process running it (the next run closes
    the row of one that died), the error that stopped it, the sites it could not reach; each fetch error's site."""
    from ..urls import site_of

    runs = db["crawl_runs"]
    runs.add_column("process", str)  # host:pid:start time of the process running it (processes.this_process)
    runs.add_column("error", str)  # what stopped a failed run ("archive disk full ..."), or why it was abandoned
    runs.add_column("unreachable", str)  # JSON {site: kind}: sites whose robots.txt or start page never answered
    db["fetch_errors"].add_column("site", str)  # host[:port], as sites.host
    db.conn.create_function("newsarchiver_site_of", 1, site_of, deterministic=True)
    db.execute("UPDATE fetch_errors SET site = newsarchiver_site_of(url)")
    db["fetch_errors"].create_index(["site", "run_id"])


def _m012_not_articles(db: Database) -> None:
    """Copies whose page a later visit (or a re-extraction) read as a listing, not one article: when
    (``not_article_at``) and as what (``not_article_as``). Such a copy has no story (``story_id`` NULL,
    ``story_reason`` 'not_article'): it was archived by mistake, or its address serves a list now."""
    copies = db["copies"]
    copies.add_column("not_article_at", str)
    copies.add_column("not_article_as", str)


#: ``archive_info.minhash_scheme`` of an archive whose stored signatures this version did not make.
UNKNOWN_SCHEME = "unknown"

MIGRATIONS: list[Migration] = [
    ("001_initial", _m001_initial),
    ("002_near_duplicates_versions_raw", _m002_near_duplicates_versions_raw),
    ("003_contentless_search", _m003_contentless_search),
    ("004_incremental_crawls", _m004_incremental_crawls),
    ("005_query_views", _m005_query_views),
    ("006_site_templates", _m006_site_templates),
    ("007_date_precision", _m007_date_precision),
    ("009_archive_identity", _m009_archive_identity),
    ("010_copy_status", _m010_copy_status),
    ("011_run_faults", _m011_run_faults),
    ("012_not_articles", _m012_not_articles),
]


def pending(applied: list[str]) -> list[str]:
    """The migrations an archive that has ``applied`` still lacks, in order."""
    done = set(applied)
    return [name for name, _ in MIGRATIONS if name not in done]


def unknown(applied: list[str]) -> list[str]:
    """Migrations an archive has that this newsarchiver does not know (a newer version wrote them)."""
    known = {name for name, _ in MIGRATIONS}
    return [name for name in applied if name not in known]


def migrate(db: Database) -> list[str]:
    """Apply the migrations this archive lacks, in order; return their names.

    Safe when several processes open one archive at once: each migration runs in a BEGIN IMMEDIATE
    transaction (the write lock first, waiting on the busy timeout) and is skipped if another
    process applied it meanwhile."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT)")
    done = []
    for name, step in MIGRATIONS:
        if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
            continue
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            if not db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
                step(db)  # a migration is all or nothing: a killed process leaves the old schema
                db.execute("INSERT INTO _migrations (name, applied) VALUES (?, ?)",
                           [name, datetime.now(UTC).isoformat(timespec="seconds")])
                done.append(name)
        except BaseException:
            db.rollback()
            raise
        db.commit()
    return done
