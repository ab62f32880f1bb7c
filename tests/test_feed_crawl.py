"""End-to-end: one-off Scrapy commands as a Scrapy user runs them, in real `scrapy` processes over sites
served on 127.0.0.1 — `scrapy crawl repost -O` in every feed format compared with the archive's export
of the same crawl, a crawl without an archive, `-a max_articles`, `scrapy parse`, `scrapy shell`, a
pipeline of one's own and bad `-a` arguments.

Every test runs on each fixture of SITE_FIXTURES; a real-CMS fixture joins with one line there.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer
from newsarchiver.feeds import FEED_KEYS

from .e2e import BIN, FAST, ROOT, newsarchiver, rows, scrapy


#: Fixtures that serve sites on 127.0.0.1 and give their start URLs (a list); every test below runs on
#: each. A real-CMS fixture joins by adding its name here.
SITE_FIXTURES = ["demo_sites", "cms_sites"]
#: A crawl's exit status: 0, or 3 "finished with errors" (the demo and CMS sites have their 404s): newsarchiver.outcome
OK = (0, 3)


@pytest.fixture(scope="module")
def demo_sites() -> Iterator[list[str]]:
    """The four bundled demo sites (a GBK portal, two repost farms, an English blog)."""
    with DemoServer(build_world(articles=30, seed=11), port=0) as server:
        yield list(server.base_urls.values())

@pytest.fixture(scope="module")
def cms_sites(cms_fixtures) -> list[str]:
    """Real WordPress and the Z-BlogPHP farm that reposts it (tests/cms/), in whichever theme they run now."""
    from tests.cms.fixtures import missing

    reason = missing("zblogphp")
    if reason:
        pytest.skip(f"real-CMS fixtures: {reason}")
    from tests.cms.fixtures import ROUNDS

    wordpress, zblog = cms_fixtures.start_wordpress(), cms_fixtures.start_zblog()
    for site, theme in zip((wordpress, zblog), ROUNDS[0]):  # a known theme pair, whatever ran before
        site.switch_theme(theme)
    return [wordpress.url, zblog.url]


FORMATS = ("json", "jsonl", "csv", "xml")
LIST_KEYS = ("authors", "editors")
LINK_KEYS = ("prev", "next")
DATE_KEYS = ("published", "updated")


def options(**settings: str) -> list[str]:
    return [x for name, value in {**FAST, **settings}.items() for x in ("-s", f"{name}={value}")]


@dataclass
class Crawl:
    urls: list[str]
    archive: Path
    feeds: dict[str, Path]
    log: str
    exported: dict[str, dict[str, Any]]  # `newsarchiver export --format jsonl` of the archive, by URL


@pytest.fixture(scope="module", params=SITE_FIXTURES)
def start_urls(request) -> list[str]:
    return list(request.getfixturevalue(request.param))


@pytest.fixture(scope="module")
def crawled(start_urls, tmp_path_factory) -> Crawl:
    """One crawl into an archive, writing every feed format at once; then the archive's own export."""
    out = tmp_path_factory.mktemp("feeds")
    feeds = {fmt: out / f"articles.{fmt}" for fmt in FORMATS}
    result = scrapy("crawl", "repost", "-a", "start_urls=" + ",".join(start_urls),
                    *[x for path in feeds.values() for x in ("-O", str(path))],
                    *options(NEWSARCHIVER_ARCHIVE=str(out / "archive.db")))
    assert result.returncode in OK, result.stderr[-3000:]
    export = newsarchiver("export", "--archive", str(out / "archive.db"), "--format", "jsonl",
                          "-o", str(out / "export.jsonl"))
    assert export.returncode == 0, export.stderr
    exported = [json.loads(line) for line in (out / "export.jsonl").read_text(encoding="utf-8").splitlines()]
    assert exported, "the crawl archived nothing"
    return Crawl(start_urls, out / "archive.db", feeds, result.stderr, {r["url"]: r for r in exported})


# -- reading each format back ---------------------------------------------------------------------------
def read_feed(fmt: str, path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(text.splitlines(keepends=True)))
    root = ET.fromstring(text)
    assert root.tag == "articles"
    return [{field.tag: _xml_value(field) for field in article} for article in root]


def _xml_value(element: ET.Element) -> Any:
    if element.tag in LIST_KEYS:
        return [v.text or "" for v in element]
    if len(element):
        return {child.tag: child.text or "" for child in element}
    return element.text or ""


def as_written(fmt: str, key: str, value: Any) -> Any:
    """An archive export value as the feed format writes it (JSON keeps it as it is)."""
    if fmt in ("json", "jsonl"):
        return value
    if fmt == "csv":
        if key in LIST_KEYS:
            return "; ".join(value)
        if key in LINK_KEYS:
            return value["url"] if value else ""
        return "" if value is None else str(value)
    if key in LIST_KEYS:
        return list(value)
    if key in LINK_KEYS:
        return {k: "" if v is None else str(v) for k, v in value.items()} if value else ""
    return "" if value is None else str(value)


_AT_PRECISION = {"day": r"\d{4}-\d\d-\d\d", "hour": r"\d{4}-\d\d-\d\dT\d\d[+-]\d\d:\d\d",
                 "minute": r"\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d",
                 "second": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"}


def date_problem(written: str, archived: str | None, precision: str | None) -> str | None:
    """Why a feed date does not say what the archive holds, written to ``precision`` (None: any)."""
    if not archived:
        return None if not written else f"{written!r} where the archive has none"
    shapes = [precision] if precision else list(_AT_PRECISION)
    shape = next((p for p in shapes if re.fullmatch(_AT_PRECISION[p], written)), None)
    if shape is None:
        return f"{written!r} is not an ISO date written to the {precision or 'day, hour, minute or second'}"
    # The archive keeps a day-only date as the day itself ("2024-02-20"), never as an invented midnight.
    same = written == archived if shape == "day" else \
        datetime.fromisoformat(written) == datetime.fromisoformat(archived)
    return None if same else f"{written!r} is not {archived!r}"


def archive_facts(db: Path, url: str) -> tuple[str | None, list[str], bool]:
    """(the published date's precision, the paragraphs the site template took out of the body, whether the
    copy may have changed stories after it was filed: it was cleaned of the template). A cleaned copy joins
    another copy's story, or — when the story it was filed in still holds another copy — a new story of
    its own, with the reason "new" (archive/stories.py: only a copy alone in its story keeps the id); which
    happens depends on when in the crawl the template was learned."""
    (precision, removed), = rows(db, "SELECT published_precision, template_removed FROM copies WHERE fetched_url = ?",
                                 url)
    return precision, [text for _, text in json.loads(removed)] if removed else [], bool(removed)


def assert_same_page(got: dict[str, Any], want: dict[str, Any], ignore: tuple[str, ...]) -> None:
    """Two records of one page from two crawls: equal, except that a relative date ("5分钟前", also next
    to a prev/next link) resolves against each crawl's own fetch time."""
    def instant(value: str | None) -> float | None:
        return datetime.fromisoformat(value).timestamp() if value and "T" in value else None

    for key in FEED_KEYS:
        if key in ignore:
            continue
        a, b = got.get(key), want.get(key)
        if key in DATE_KEYS and a and b and instant(a) is not None:
            assert abs(instant(a) - instant(b)) <= 120, (want["url"], key, a, b)
        elif key in LINK_KEYS and a and b:
            assert (a["url"], a["title"]) == (b["url"], b["title"]), (want["url"], key)
            assert (a["published"] is None) == (b["published"] is None), (want["url"], key)
        else:
            assert a == b, (want["url"], key, str(a)[:80], str(b)[:80])


# -- feeds against the archive --------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_has_one_record_per_archived_article_and_nothing_else(crawled, fmt):
    records = read_feed(fmt, crawled.feeds[fmt])
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert set(urls) == set(crawled.exported), (sorted(set(urls) ^ set(crawled.exported))[:5])
    failed = {u for (u,) in rows(crawled.archive, "SELECT url FROM fetch_errors")}
    assert failed, "the sites should have some failing pages (a 404 page link) for this test to mean something"
    assert not failed & set(urls)


@pytest.mark.parametrize("fmt", FORMATS)
def test_feed_records_say_what_the_archive_export_says(crawled, fmt):
    problems = []
    for record in read_feed(fmt, crawled.feeds[fmt]):
        if fmt in ("json", "jsonl"):
            assert list(record) == list(FEED_KEYS), "a JSON record has exactly the feed keys, in order"
        exported = crawled.exported[record["url"]]
        precision, template, regrouped = archive_facts(crawled.archive, record["url"])
        for key in FEED_KEYS:
            got, want = record.get(key), exported.get(key)
            if key == "body":  # the archive also took out what it learned as the site's template
                kept = [p for p in got.split("\n\n") if p not in template]
                problem = None if "\n\n".join(kept) == want else "body differs beyond the site template"
            elif key in DATE_KEYS:  # the archive keeps the published date's precision, not the updated one's
                problem = date_problem(got or "", want, precision if key == "published" else None)
            else:
                problem = None if got == as_written(fmt, key, want) else f"{got!r} != {as_written(fmt, key, want)!r}"
            if key == "story_id" and regrouped:
                # A record is written when its article is filed; a copy filed before its site's template was
                # known may join another story once cleaned of it (README: story_id is the story when filed).
                problem = None
            if problem:
                problems.append((record["url"], key, problem[:160]))
    assert not problems, "\n".join(map(str, problems[:15])) + f"\n{len(problems)} differences"


def test_the_csv_columns_are_the_feed_keys_in_order(crawled):
    header = crawled.feeds["csv"].read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(FEED_KEYS)


def test_no_bytes_headers_or_python_reprs_in_any_feed(crawled):
    for fmt, path in crawled.feeds.items():
        text = path.read_text(encoding="utf-8")
        for leak in ("b'", 'b"', "ETag", "Content-Type", "CrawledPage(", "Article(", "DateFound(", "\\x"):
            assert leak not in text, f"{fmt} feed holds {leak!r}"


def test_a_feed_crawl_logs_no_error(crawled):
    assert "Traceback" not in crawled.log
    errors = [line for line in crawled.log.splitlines() if "] ERROR:" in line or "] CRITICAL:" in line]
    assert not errors, errors[:5]
    assert re.search(r"Stored (json|jsonl|csv|xml) feed \(\d+ items\)", crawled.log)


# -- a crawl without an archive -------------------------------------------------------------------------
def test_a_crawl_without_an_archive_writes_only_the_feed(crawled, tmp_path):
    def databases() -> dict[Path, int]:  # SQLite files where a crawl could have made one, with their mtime
        return {p: p.stat().st_mtime_ns for d in (ROOT, ROOT / "exports", tmp_path) for p in d.glob("*.db*")}

    before = databases()
    feed = tmp_path / "quick.jsonl"
    result = scrapy("crawl", "repost", "-a", "start_urls=" + ",".join(crawled.urls), "-O", str(feed),
                    *options(NEWSARCHIVER_ARCHIVE=""))
    assert result.returncode in OK, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "] ERROR:" not in result.stderr
    assert "NEWSARCHIVER_ARCHIVE is empty" in result.stderr and "archiving into" not in result.stderr
    assert databases() == before, "a crawl without an archive wrote an SQLite file"

    quick = {r["url"]: r for r in read_feed("jsonl", feed)}
    archived = {r["url"]: r for r in read_feed("jsonl", crawled.feeds["jsonl"])}
    assert set(quick) == set(archived)  # discovery finds the same articles without an archive
    for url, record in quick.items():
        assert "story_id" not in record  # no archive, no story
        assert_same_page(record, archived[url], ignore=("story_id", "fetched_at"))


def test_max_articles_stops_the_crawl_after_that_many(crawled, tmp_path):
    feed, archive = tmp_path / "three.jsonl", tmp_path / "three.db"
    result = scrapy("crawl", "repost", "-a", "start_urls=" + ",".join(crawled.urls), "-a", "max_articles=3",
                    "-O", str(feed), *options(NEWSARCHIVER_ARCHIVE=str(archive)))
    assert result.returncode in OK, result.stderr[-3000:]
    assert "Spider closed (max_articles)" in result.stderr and "] ERROR:" not in result.stderr
    urls = [r["url"] for r in read_feed("jsonl", feed)]
    assert len(urls) == 3
    assert sorted(urls) == sorted(u for (u,) in rows(archive, "SELECT fetched_url FROM copies"))
    assert rows(archive, "SELECT status FROM crawl_runs") == [("max_articles",)]


def test_a_sites_file_as_a_spider_argument(crawled, tmp_path, request):
    if request.node.callspec.params.get("start_urls") == "cms_sites":
        pytest.skip("the CMS themes print times with their offset (WordPress) or days only (tpure): a site "
                    "timezone moves none of them, so this check needs the demo sites' naive times")
    sites = tmp_path / "sites.toml"
    # Tokyo, not the sites' own zone: dates the pages write without an offset show that the file's
    # per-site settings reached the crawl.
    sites.write_text("".join(f'[[site]]\nstart_urls = ["{url}"]\ntimezone = "Asia/Tokyo"\n\n' for url in crawled.urls),
                     encoding="utf-8")
    feed = tmp_path / "sites.jsonl"
    result = scrapy("crawl", "repost", "-a", f"sites={sites}", "-O", str(feed), *options(NEWSARCHIVER_ARCHIVE=""))
    assert result.returncode in OK, result.stderr[-3000:]
    records = read_feed("jsonl", feed)
    assert {r["url"] for r in records} == set(crawled.exported)
    # the same wall-clock time the default zone (Asia/Shanghai) gave, now in Tokyo (a relative date, "5分钟前",
    # keeps its instant instead)
    moved = [r["url"] for r in records if r["published"] and r["published"].endswith("+09:00")
             and r["published"][:16] == crawled.exported[r["url"]]["published"][:16]]
    assert moved, "no date took the sites file's timezone"


# -- scrapy parse, scrapy shell ---------------------------------------------------------------------------
def test_scrapy_parse_prints_the_feed_record(crawled):
    record = read_feed("jsonl", crawled.feeds["jsonl"])[0]
    result = scrapy("parse", "--spider", "repost", "--nolinks", "--nocolour", record["url"],
                    *options(NEWSARCHIVER_ARCHIVE=str(crawled.archive)))  # an archived page: shown, not skipped
    assert result.returncode in OK, result.stderr[-3000:]
    printed = result.stdout.split("# Scraped Items", 1)[1].split("\n", 1)[1]
    items = ast.literal_eval(printed.strip())  # Scrapy pretty-prints a list of dicts: Python literals only
    assert len(items) == 1
    (shown,) = items
    assert set(shown) == set(FEED_KEYS) - {"story_id"}  # `scrapy parse` writes no archive
    assert_same_page(shown, record, ignore=("story_id", "fetched_at"))


def test_scrapy_shell_one_liner_shows_what_the_extractor_makes_of_the_response(crawled):
    record = read_feed("jsonl", crawled.feeds["jsonl"])[0]
    code = ("__import__('json').dumps(__import__('newsarchiver.spiders.repost', fromlist=['extract_response'])"
            ".extract_response(response).to_record(), ensure_ascii=False)")
    result = scrapy("shell", "--nolog", record["url"], "-c", code)
    assert result.returncode in OK, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip())
    assert (shown["title"], shown["body"], shown["authors"]) == (record["title"], record["body"], record["authors"])


# -- a pipeline of one's own ----------------------------------------------------------------------------
def test_a_pipeline_after_ours_gets_the_feed_records(crawled, tmp_path):
    feed, seen = tmp_path / "feed.jsonl", tmp_path / "seen.jsonl"
    result = _run(["crawl", "repost", "-a", "start_urls=" + ",".join(crawled.urls), "-O", str(feed),
                   *options(NEWSARCHIVER_ARCHIVE=str(tmp_path / "own.db"), FEED_PIPELINE_OUTPUT=str(seen))],
                  SCRAPY_SETTINGS_MODULE="tests.feed_settings")
    assert result.returncode in OK, result.stderr[-3000:]
    assert "tests.feed_pipeline.RecordCopyPipeline" in result.stderr  # Scrapy lists it among the pipelines
    got = [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]
    assert {g["class"] for g in got} == {"ArticleItem"}  # no fetch failures or 304 markers reach it
    assert sorted((g["record"] for g in got), key=lambda r: r["url"]) == \
        sorted(read_feed("jsonl", feed), key=lambda r: r["url"])
    assert all(isinstance(g["record"]["story_id"], int) for g in got)


def _run(args: list[str], **env: str) -> Any:
    import subprocess

    return subprocess.run([str(BIN / "scrapy"), *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env})


# -- bad arguments ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("argument", "message"), [
    ("start_urls=news.example.com/a.html", "-a start_urls: 'news.example.com/a.html' is not an http(s) URL"),
    ("sites=no/such/sites.toml", "-a sites: no/such/sites.toml: no such sites file"),
    ("max_articles=ten", "-a max_articles: 'ten' is not a whole number of 1 or more"),
    ("maxarticles=10", "unknown argument -a maxarticles="),
])
def test_a_bad_argument_is_one_clear_line_and_a_failed_exit(argument, message, tmp_path):
    archive = tmp_path / "never.db"
    result = scrapy("crawl", "repost", "-a", argument, "-s", f"NEWSARCHIVER_ARCHIVE={archive}", "-O",
                    str(tmp_path / "never.jsonl"))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert not archive.exists() and not (tmp_path / "never.jsonl").exists()
