"""``newsarchiver serve``: the archive in Datasette, with our metadata, canned queries and Chinese search.

Datasette runs as its own process (``python -m datasette serve``) with:

- a metadata file built here (:func:`metadata`): titles and descriptions of tables, views and columns,
  facets (site, author, date), the search index wired to ``copies`` and ``articles``, and canned
  queries (:data:`CANNED_QUERIES`) over the views of ``archive/schema.py`` (migration 005);
- the plugins in ``newsarchiver/datasette/plugins/``, registered as ``datasette`` entry points (so a
  ``datasette`` run by hand in this environment has them too): ``newsarchiver_search`` (SQL functions
  that turn what a user typed into a MATCH expression for our bigram index: ``na_fts_query``, and
  Datasette's ``escape_fts`` replaced so the table search box understands Chinese too) and
  ``newsarchiver_pages`` (the article, story, site, network and search pages).

Metadata uses Datasette 0.65's format (``databases → tables/queries``; pyproject pins ``datasette<1.0``).
"""

from __future__ import annotations

import html
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

#: Canned queries: name → (title, description, SQL). Parameters (``:story``) become form fields.
CANNED_QUERIES: dict[str, tuple[str, str, str]] = {
    "search": (
        "Full-text search (Chinese and English)",
        "Every term must occur in the title or body. Chinese terms of any length from two characters "
        "(电网, 应急管理局) and English words; best matches first (BM25, title weighted 5×).",
        """SELECT c.id AS copy_id, c.title, s.host AS site, c.published, c.story_id,
       na_snippet(c.body, :q) AS snippet, c.url
FROM (SELECT rowid, bm25(copies_fts, 5.0, 1.0) AS rank FROM copies_fts
      WHERE copies_fts MATCH na_fts_query(:q) ORDER BY rank LIMIT 200) f
JOIN copies c ON c.id = f.rowid JOIN sites s ON s.id = c.site_id
ORDER BY f.rank""",
    ),
    "latest_per_site": (
        "Latest articles per site",
        "The newest articles of every site by publication date; per_site = how many (default 5).",
        """SELECT site, rank_in_site, published, title, url, id AS copy_id, story_id
FROM latest_articles
WHERE rank_in_site <= CAST(coalesce(nullif(:per_site, ''), 5) AS INTEGER)
ORDER BY site, rank_in_site""",
    ),
    "top_stories": (
        "Stories with the most copies, and their original",
        "Articles reposted most often: how many copies on how many sites, which copy is the original "
        "and why (原文链接, 来源, or earliest published).",
        """SELECT story_id, copies, sites, title, first_published, original_site, original_url,
       original_reason
FROM top_stories
WHERE copies > 1
LIMIT 100""",
    ),
    "story_timeline": (
        "A story's timeline across sites",
        "Every copy of one story in publication order: when and where it appeared, hours after the "
        "first copy (blank when either date is known only to the day), the original, and why each copy "
        "joined the story.",
        """SELECT position, published, hours_after_first, site, is_original, title, url, story_reason,
       story_similarity, source, copy_id
FROM story_timeline
WHERE story_id = CAST(:story AS INTEGER)
ORDER BY position""",
    ),
    "author_articles": (
        "An author's articles",
        "Articles crediting an author (part of the name is enough), on every site, newest first.",
        """SELECT author, published, site, title, url, story_id, is_original, copy_id
FROM author_articles
WHERE author LIKE '%' || :author || '%'
ORDER BY author, published DESC""",
    ),
    "gone": (
        "Copies gone from their sites, and what survives",
        "Archived copies their sites took down (404/410, a redirect to the home page or a listing, a removal "
        "notice, an empty page), newest first: last seen alive, first seen gone, the evidence, and how many "
        "copies of the story survive. site = only one site (host[:port]); their archived text is kept.",
        """SELECT first_seen_gone, site, title, how, http_status, redirect_target, notice, last_seen_alive,
       story_id, is_original, story_surviving, story_copies, url, copy_id
FROM gone_copies
WHERE status = 'gone' AND (coalesce(:site, '') = '' OR site = :site)
ORDER BY first_seen_gone DESC, copy_id""",
    ),
    "original_gone": (
        "Stories whose original is gone but copies survive",
        "The original was taken down; the reposts elsewhere still carry the story.",
        """SELECT story_id, title, original_site, original_first_seen_gone, original_how, surviving, copies,
       original_url, original_copy_id
FROM stories_original_gone""",
    ),
    "gaps": (
        "Pages known only from prev/next links",
        "Linked from an archived page's 上一篇/下一篇 but never archived themselves; "
        "`scrapy crawl repost -a start_urls=URL -a backfill=1` fetches them.",
        """SELECT url, title, published, linked_from, site
FROM gaps""",
    ),
}

_COPY_COLUMNS = {
    "url": "The page's identity: its canonical URL on this site, tracking parameters dropped",
    "fetched_url": "The URL it was last fetched from",
    "site_id": "The site publishing it",
    "template_removed": "Paragraphs removed from the body as the site's template (JSON [[position, text], ...])",
    "story_id": "The story (one article however often reposted) this copy belongs to",
    "story_reason": "Why it joined its story: exact, canonical, near-duplicate, new, unmerged",
    "story_similarity": "Jaccard similarity to the copy it matched (near-duplicate)",
    "canonical_url": "rel=canonical as the page declares it (may name another site)",
    "title": "Title, site-name suffix removed",
    "body": "Article text, paragraphs separated by blank lines",
    "source": "来源: the publisher the page cites",
    "source_url": "原文链接: the original's URL the page cites",
    "published": "Publication date as precise as the page gives it: 2019-09-25 (a day), 2019-09 (a month) or "
                 "ISO 8601 with offset (a time of day); no time is ever invented",
    "published_raw": "The date text it was read from (2022年12月28日 上午10:05, 3天前)",
    "published_from": "Where on the page the date was found",
    "published_precision": "month, day, hour, minute or second",
    "updated": "Last update as precise as the page gives it (like published)",
    "updated_precision": "month, day, hour, minute or second (NULL for rows archived before migration 007 "
                         "when it could not be told)",
    "poster": "The account that put the page on the site (小编, admin, a blog's or forum's user), apart "
              "from the authors the text credits",
    "first_seen": "First fetched (UTC)",
    "last_seen": "Last fetched and found (UTC): for a gone copy, when it was last seen alive",
    "status": "alive, missing (found removed, not yet confirmed), gone, or restored (back after it was gone)",
    "gone_at": "First seen gone: the first revisit of the streak that found it removed (kept after a restore)",
    "gone_how": "How: http_404, http_410, redirect, removal_notice, empty_shell",
    "restored_at": "When a gone copy was found back",
    "gone_streak": "Revisits in a row that found it removed",
    "failed_visits": "Revisits in a row that got no answer (5xx, timeout): no evidence of anything",
    "last_checked": "The last revisit, whatever it found (UTC)",
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for an archive served under the name ``database`` (the file's stem)."""
    tables: dict[str, Any] = {
        "articles": {
            "title": "Articles",
            "description": "Every archived article page (copy) with its site, authors, editors, source and story. "
                           "The search box understands Chinese terms of any length.",
            "facets": ["site", {"array": "authors"}, {"date": "published"}],
            "fts_table": "copies_fts",
            "fts_pk": "id",
            "sort_desc": "published",
            "columns": {
                "site": "host[:port] of the site",
                "authors": "Authors in page order (JSON array)",
                "editors": "Editors (责任编辑) in page order (JSON array)",
                "story_copies": "How many copies the article's story has",
                **{k: v for k, v in _COPY_COLUMNS.items() if k in ("url", "title", "body", "source", "source_url",
                                                                     "published", "updated", "poster", "first_seen",
                                                                     "last_seen")},
            },
        },
        "copies": {
            "title": "Copies",
            "description": "One row per archived article page on one site (the table behind `articles`).",
            "facets": ["site_id", "story_reason", "status", {"date": "published"}],
            "fts_table": "copies_fts",
            "fts_pk": "id",
            "sort_desc": "published",
            "label_column": "title",
            "columns": _COPY_COLUMNS,
        },
        "stories": {
            "title": "Stories",
            "description": "One article however often it was reposted: its copies, sites and original.",
            "sort_desc": "copies",
            "label_column": "title",
            "columns": {
                "title": "The original's title",
                "copies": "Number of copies",
                "sites": "Number of sites with a copy",
                "first_published": "Earliest publication time among its copies",
                "original_copy_id": "The copy identified as the original",
                "original_reason": "Why: source_url names this site, source names this site, earliest published",
                "surviving": "Copies not gone from their sites",
            },
        },
        "sites": {"title": "Sites", "description": "Sites crawled (host with port when not 80/443).",
                  "label_column": "host"},
        "people": {"title": "People", "description": "Authors and editors credited on pages.",
                   "label_column": "name"},
        "credits": {"title": "Credits", "description": "Who is credited on which copy, as author or editor.",
                    "facets": ["role"]},
        "links": {"title": "Prev/next links", "description": "上一篇/下一篇 links of each copy."},
        "urls": {"title": "URLs", "description": "Every URL variant a copy was reached at."},
        "story_copies": {"title": "Story copies", "description": "Each story with every copy: site, date, "
                         "whether it is the original and why the copy joined.", "facets": ["site", "story_reason"]},
        "latest_articles": {"title": "Latest articles per site",
                            "description": "Copies ranked newest first within each site (rank_in_site).",
                            "facets": ["site"]},
        "top_stories": {"title": "Stories by copies", "description": "Stories, most copies first, with the "
                        "original's site and URL.", "facets": ["original_site", "original_reason"]},
        "story_timeline": {"title": "Story timelines", "description": "Every story's copies in publication "
                           "order, with hours after the first copy.", "facets": ["site", "story_reason"]},
        "author_articles": {"title": "Articles by author", "description": "One row per author credited on a copy.",
                            "facets": ["author", "site"]},
        "gaps": {"title": "Gaps", "description": "Pages known only from prev/next links.", "facets": ["site"]},
        "site_reposts": {"title": "Reposts per site", "description": "Per site: copies, reposts, originals "
                         "reposted elsewhere."},
        "links_resolved": {"title": "Links resolved", "description": "prev/next links with the archived "
                           "copy they point to."},
        "crawl_runs": {"title": "Crawl runs", "sort_desc": "id",
                       "columns": {"gone": "Revisits that found an archived copy removed",
                                   "restored": "Gone copies found back"}},
        "fetch_errors": {"title": "Fetch errors", "facets": ["kind"]},
        "fetches": {"title": "Fetches", "description": "One row per distinct response body of a copy "
                    "(`newsarchiver export --format warc` writes them as WARC)."},
        "raw_pages": {"title": "Raw pages", "description": "Response bodies by SHA-256, compressed with the codec "
                      "in `compression` (zstd; zlib in pages older versions archived)."},
        "article_versions": {"title": "Article versions", "description": "Previous states of changed copies; "
                             "`changes` (JSON) says what changed to the next: fields, paragraphs removed and added."},
        "copy_events": {"title": "Revisit evidence", "description": "Every revisit that found a copy removed "
                        "(with its status code, redirect target or notice), unreachable, or back.",
                        "facets": ["kind", "status"], "sort_desc": "at"},
        "gone_copies": {"title": "Gone copies", "description": "Copies found removed (missing: not yet confirmed; "
                        "gone), with the evidence and their story's surviving copies.",
                        "facets": ["site", "status", "how"]},
        "stories_original_gone": {"title": "Stories whose original is gone",
                                  "description": "The original was taken down, copies survive elsewhere.",
                                  "facets": ["original_site", "original_how"]},
        "site_blocks": {"title": "Site templates", "description": "Body paragraphs per site and in how many "
                        "different stories they appear; at NEWSARCHIVER_TEMPLATE_MIN_STORIES (4) a paragraph is "
                        "the site's template and leaves its copies' bodies (kept in copies.template_removed).",
                        "facets": ["site_id"], "sort_desc": "stories"},
        "archive_info": {"title": "Archive info", "description": "What the archive says about itself: "
                         "minhash_scheme names how its near-duplicate signatures were made (docs/archive.md)."},
        "copies_fts": {"hidden": True},
        "copy_signatures": {"hidden": True},
        "lsh_bands": {"hidden": True},
    }
    queries = {name: {"title": title, "description": description, "sql": sql}
               for name, (title, description, sql) in CANNED_QUERIES.items()}
    # The database name is the archive's file name: escaped for HTML, and in links encoded the way
    # Datasette encodes it in its own URLs.
    base = html.escape("/" + database_path(database), quote=True)
    return {
        "title": "newsarchiver",
        "description_html": (
            "Articles from news and repost sites, deduplicated into stories. Start with "
            f'<a href="{base}/search">search</a> (Chinese works), '
            f'<a href="{base}/top_stories">the most copied stories</a> or '
            f'<a href="{base}/articles">all articles</a>.'
        ),
        "about": "newsarchiver",
        "databases": {database: {"description": "A newsarchiver archive", "tables": tables, "queries": queries}},
    }


def database_path(database: str) -> str:
    """A database name as it appears in Datasette's URLs (Datasette's tilde encoding: URL-safe)."""
    try:
        from datasette.utils import tilde_encode
    except ImportError:  # pragma: no cover - only without Datasette, when nothing is served
        from urllib.parse import quote

        return quote(database, safe="")
    return tilde_encode(database)


def is_our_metadata(path: Path) -> bool:
    """A metadata file `serve --write-metadata` wrote (it may be replaced without --force)."""
    try:
        if path.stat().st_size > 10_000_000:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("about") == "newsarchiver" and isinstance(data.get("databases"), dict)


def is_loopback(host: str) -> bool:
    """Whether ``--host`` keeps the server to this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def database_name(archive_path: Path) -> str:
    """The name Datasette serves a database file under: its file name without the extension."""
    return Path(archive_path).stem


def datasette_command(archive_path: Path, metadata_path: Path, host: str, port: int,
                      extra: tuple[str, ...] = ()) -> list[str]:
    # The plugins come in through their `datasette` entry points (pyproject.toml), not --plugins-dir.
    return [sys.executable, "-m", "datasette", "serve", str(archive_path), "--metadata", str(metadata_path),
            "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000", "--setting", "facet_time_limit_ms", "500", *extra]


#: Characters Datasette 0.65 cannot have in a database's file name: it opens ``file:{path}?mode=ro`` as an
#: SQLite URI without encoding the path, so ``news#1.db`` opens (and creates) a file ``news``.
_URI_SPECIALS = re.compile(r"[#?%]")


def datasette_can_open(archive_path: Path) -> bool:
    return not _URI_SPECIALS.search(str(Path(archive_path).resolve()))


def served_path(archive_path: Path, tmp: Path) -> Path:
    """The path to give Datasette: the archive itself, or a symlink to it under a name Datasette can open
    (SQLite follows the link, so the archive's -wal/-shm files stay beside the archive)."""
    if datasette_can_open(archive_path):
        return archive_path
    link = tmp / _URI_SPECIALS.sub("_", Path(archive_path).name)
    link.symlink_to(Path(archive_path).resolve())
    return link


def run(archive_path: Path, host: str, port: int, extra: tuple[str, ...] = ()) -> int:
    """Run Datasette over the archive until it exits or we are interrupted; return its exit code.

    SIGTERM is passed on to Datasette; Ctrl-C reaches it directly (same process group).
    """
    with tempfile.TemporaryDirectory(prefix="newsarchiver-serve-") as tmp:
        served = served_path(archive_path, Path(tmp))
        meta_path = Path(tmp) / "metadata.json"
        meta_path.write_text(json.dumps(metadata(database_name(served)), ensure_ascii=False, indent=2),
                             encoding="utf-8")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(datasette_command(served, meta_path, host, port, extra), env=env)

        def forward(signum: int, _frame: object) -> None:
            if proc.poll() is None:
                proc.send_signal(signum)

        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while True:
                try:
                    return proc.wait()
                except KeyboardInterrupt:  # pragma: no cover - the handler above replaces it
                    continue
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
