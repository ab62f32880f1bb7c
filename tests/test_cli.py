"""The newsarchiver CLI over a small archive built from demo pages (in-process, no network)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from newsarchiver.archive import Archive
from newsarchiver.cli import EXPORT_KEYS, cli
from newsarchiver.demo import build_world, render_article_page
from newsarchiver.extract import extract_article
from newsarchiver.items import EXTRACT_KEYS, CrawledPage

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BASE = "http://127.0.0.1:8701/"


@pytest.fixture(scope="module")
def world():
    return build_world(articles=20, seed=5, now=NOW)


def page_bytes(world, article) -> bytes:
    site = world.site(article.site)
    i = site.articles.index(article)
    prev = site.articles[i - 1] if i else None
    nxt = site.articles[i + 1] if i + 1 < len(site.articles) else None
    return render_article_page(site, article, base_url=BASE, now=NOW, prev=prev, next=nxt, related=[])


@pytest.fixture
def archive_file(tmp_path, world):
    path = tmp_path / "cli.db"
    with Archive(path) as archive, archive.batch():
        for site_index, site in enumerate(world.sites):
            base = f"http://127.0.0.1:{8701 + site_index}/"
            for article in site.articles:
                url = base + article.path.lstrip("/")
                raw = page_bytes(world, article)
                parsed = extract_article(raw, url, fetched_at=NOW)
                archive.add_page(CrawledPage(parsed, url, NOW.isoformat(), raw=raw,
                                             headers={"Content-Type": "text/html"}))
    return path


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def test_extract_a_gbk_file_prints_exactly_the_keys(tmp_path, world):
    portal = next(s for s in world.sites if s.family == "dede")
    article = portal.articles[0]
    path = tmp_path / "page.html"
    path.write_bytes(page_bytes(world, article))
    result = run("extract", path, "--url", BASE + article.path.lstrip("/"), "--fetched-at", NOW.isoformat())
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert tuple(record) == EXTRACT_KEYS
    assert record["title"] == article.title and record["authors"] == article.authors
    assert article.title in result.output  # UTF-8, not \u-escaped


def test_extract_several_inputs_one_line_each(tmp_path, world):
    paths = []
    for n, article in enumerate(world.articles[:3]):
        paths.append(tmp_path / f"{n}.html")
        paths[-1].write_bytes(page_bytes(world, article))
    result = run("extract", *paths)
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 3


def test_extract_missing_file_is_a_clear_error():
    result = run("extract", "/nonexistent/page.html")
    assert result.exit_code == 1 and "no such file" in result.output


def test_search_show_stats(archive_file, world):
    portal = next(s for s in world.sites if s.family == "dede")
    term = portal.articles[0].title[:2]
    result = run("search", term, "--archive", archive_file, "--json")
    assert result.exit_code == 0
    hits = [json.loads(line) for line in result.output.splitlines()]
    assert any(h["title"] == portal.articles[0].title for h in hits)

    shown = run("show", str(hits[0]["id"]), "--archive", archive_file)
    assert shown.exit_code == 0 and hits[0]["title"] in shown.output and "story" in shown.output

    stats = json.loads(run("stats", "--archive", archive_file, "--json").output)
    assert stats["articles"] == len(world.articles)
    assert stats["sites"] == len(world.sites)
    assert stats["stories_with_copies"] > 0


def test_search_sorted_by_archive_order(archive_file, world):
    """--sort archived: the same matches as by relevance, the copies archived last first; --site narrows it."""
    from collections import Counter

    counts = Counter(a.title[i:i + 2] for a in world.articles for i in range(len(a.title) - 1))
    term = next(t for t, n in counts.most_common() if n >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in t))

    def hits(*extra):
        result = run("search", term, "--archive", archive_file, "--json", "--limit", "1000", *extra)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.output.splitlines()]

    by_relevance, by_archive = hits(), hits("--sort", "archived")
    assert len(by_archive) >= 3
    assert {h["id"] for h in by_archive} == {h["id"] for h in by_relevance}
    assert [h["id"] for h in by_archive] == sorted((h["id"] for h in by_archive), reverse=True)
    assert [h["id"] for h in hits("--sort", "archived", "--limit", "2")] == [h["id"] for h in by_archive[:2]]
    site = by_archive[0]["site"]
    on_site = hits("--sort", "archived", "--site", site)
    assert on_site == [h for h in by_archive if h["site"] == site]
    assert run("search", term, "--archive", archive_file, "--sort", "newest").exit_code == 2


def test_show_by_url_with_tracking_params(archive_file, world):
    article = world.sites[0].articles[0]
    url = "http://127.0.0.1:8701/" + article.path.lstrip("/") + "?utm_source=x"
    result = run("show", url, "--archive", archive_file, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["title"] == article.title


def test_export_jsonl_and_csv(archive_file, world, tmp_path):
    out = tmp_path / "all.jsonl"
    result = run("export", "--format", "jsonl", "--output", out, "--archive", archive_file)
    assert result.exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(world.articles)
    assert all(tuple(r) == EXPORT_KEYS for r in records)
    story = next(r["story_id"] for r in records if sum(x["story_id"] == r["story_id"] for x in records) > 1)
    csv_out = run("export", "--format", "csv", "--story", story, "--archive", archive_file)
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    assert len(rows) > 1 and all(int(r["story_id"]) == story for r in rows)
    assert isinstance(json.loads(rows[0]["authors"]), list)


def test_commands_on_a_missing_archive_say_what_to_do(tmp_path):
    result = run("stats", "--archive", tmp_path / "none.db")
    assert result.exit_code == 1 and "crawl something first" in result.output


def test_empty_search_is_a_clear_error(archive_file):
    result = run("search", "，。", "--archive", archive_file)
    assert result.exit_code == 1 and "nothing to search for" in result.output


def test_stories_and_story(archive_file, world):
    listed = [json.loads(line) for line in run("stories", "--archive", archive_file, "--json").stdout.splitlines()]
    assert listed and all(s["copies"] >= 2 for s in listed)
    assert listed == sorted(listed, key=lambda s: -s["copies"])
    top = listed[0]
    shown = json.loads(run("story", top["id"], "--archive", archive_file, "--json").stdout)
    assert len(shown["copies_list"]) == top["copies"]
    assert sum(c["is_original"] for c in shown["copies_list"]) == 1
    assert {c["story_reason"] for c in shown["copies_list"]} <= {"new", "exact", "near-duplicate", "canonical"}
    text = run("story", top["id"], "--archive", archive_file).stdout
    assert top["title"] in text and "*" in text
    assert run("story", 999999, "--archive", archive_file).exit_code == 1


def test_stories_filtered_by_site(archive_file):
    site = "127.0.0.1:8702"
    listed = [json.loads(line) for line in
              run("stories", "--archive", archive_file, "--site", site, "--json").stdout.splitlines()]
    for s in listed:
        story = json.loads(run("story", s["id"], "--archive", archive_file, "--json").stdout)
        assert any(c["site"] == site for c in story["copies_list"])


def test_unmerge(archive_file):
    top = json.loads(run("stories", "--archive", archive_file, "--json", "--limit", "1").stdout)
    story = json.loads(run("story", top["id"], "--archive", archive_file, "--json").stdout)
    victim = next(c for c in story["copies_list"] if not c["is_original"])
    result = run("unmerge", victim["url"], "--archive", archive_file)
    assert result.exit_code == 0 and "now alone in story" in result.stdout
    after = json.loads(run("story", top["id"], "--archive", archive_file, "--json").stdout)
    assert after["copies"] == top["copies"] - 1
    assert victim["copy_id"] not in {c["copy_id"] for c in after["copies_list"]}


def test_gaps_lists_pages_known_only_from_links(archive_file, world):
    rows = [json.loads(line) for line in run("gaps", "--archive", archive_file, "--json").stdout.splitlines()]
    # every site was filed in full, so no prev/next target is missing
    assert rows == []
    with Archive(archive_file) as archive, archive.batch():
        archive.db.execute("DELETE FROM urls WHERE copy_id = (SELECT min(id) FROM copies)")
    rows = [json.loads(line) for line in run("gaps", "--archive", archive_file, "--json").stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["linked_from"] >= 1


def test_reextract_reports_unchanged_then_changed(archive_file, monkeypatch):
    result = run("reextract", "--archive", archive_file)
    assert result.exit_code == 0, result.output
    assert f"{len(build_world(articles=20, seed=5, now=NOW).articles)} unchanged" in result.stdout
    import newsarchiver.reextract as module

    real = module.extract_article

    def improved(*args, **kwargs):  # an "improved extractor" that now strips a suffix from titles
        article = real(*args, **kwargs)
        article.title = (article.title or "") + "（修订）"
        return article

    monkeypatch.setattr(module, "extract_article", improved)
    result = run("reextract", "--archive", archive_file, "--site", "127.0.0.1:8701")
    assert result.exit_code == 0 and " changed" in result.stdout
    with Archive(archive_file) as archive:
        titles = [r[0] for r in archive.db.execute(
            "SELECT c.title FROM copies c JOIN sites s ON s.id = c.site_id WHERE s.host = '127.0.0.1:8701'")]
        versions = archive.db.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    assert titles and all(t.endswith("（修订）") for t in titles) and versions == len(titles)
