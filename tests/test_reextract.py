"""`newsarchiver reextract` interrupted or failing half-way never leaves a copy whose fields and search
entry disagree, and a rerun completes (and repairs) the archive."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

import newsarchiver.reextract as module
from newsarchiver.archive import Archive, search
from newsarchiver.cli import cli
from newsarchiver.demo import build_world, render_article_page
from newsarchiver.extract import extract_article
from newsarchiver.items import CrawledPage

from .e2e import rows

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
MARK = "修订版"


@pytest.fixture
def archive_file(tmp_path):
    world = build_world(articles=12, seed=3, now=NOW)
    path = tmp_path / "re.db"
    with Archive(path) as archive, archive.batch():
        for n, site in enumerate(world.sites):
            base = f"http://127.0.0.1:{8701 + n}/"
            for i, article in enumerate(site.articles):
                raw = render_article_page(site, article, base_url=base, now=NOW,
                                          prev=site.articles[i - 1] if i else None, next=None, related=[])
                url = base + article.path.lstrip("/")
                archive.add_page(CrawledPage(extract_article(raw, url, fetched_at=NOW), url, NOW.isoformat(),
                                             raw=raw, headers={"Content-Type": "text/html"}))
    return path


@pytest.fixture
def improved(monkeypatch):
    """An "improved extractor": every title gains MARK."""
    real = module.extract_article

    def extract(*args, **kwargs):
        article = real(*args, **kwargs)
        article.title = (article.title or "") + MARK
        return article

    monkeypatch.setattr(module, "extract_article", extract)


def reextract(archive):
    return CliRunner().invoke(cli, ["reextract", "--archive", str(archive)])


def assert_index_follows_titles(archive) -> None:
    """Every copy is found by its own title's words, and the MARK finds exactly the copies that carry it."""
    marked = {r[0] for r in rows(archive, "SELECT id FROM copies WHERE title LIKE ?", f"%{MARK}%")}
    found = {r[0] for r in rows(archive, "SELECT rowid FROM copies_fts WHERE copies_fts MATCH ?",
                                search.fts_query(MARK))}
    assert found == marked, "a copy's search entry disagrees with its title"
    rows(archive, "INSERT INTO copies_fts (copies_fts, rank) VALUES ('integrity-check', 1)")


def raise_on_call(monkeypatch, n: int, exc: BaseException) -> None:
    """The n-th tokenising of text for the search index raises ``exc``: a page interrupted half-way
    through being filed (its copies row already updated, its search entry not yet)."""
    real = search.index_text
    calls = {"n": 0}

    def index_text(text):
        calls["n"] += 1
        if calls["n"] == n:
            raise exc
        return real(text)

    monkeypatch.setattr(search, "index_text", index_text)


def marked(archive) -> int:
    return rows(archive, "SELECT count(*) FROM copies WHERE title LIKE ?", f"%{MARK}%")[0][0]


def test_ctrl_c_mid_page_then_rerun_leaves_titles_and_index_in_step(archive_file, improved, monkeypatch):
    total = rows(archive_file, "SELECT count(*) FROM copies")[0][0]
    with monkeypatch.context() as patch:
        raise_on_call(patch, 9, KeyboardInterrupt())  # the 5th page, between its copies row and its index
        result = reextract(archive_file)
    assert result.exit_code != 0  # "Aborted!"
    assert_index_follows_titles(archive_file)
    result = reextract(archive_file)
    assert result.exit_code == 0, result.output
    assert marked(archive_file) == total
    assert_index_follows_titles(archive_file)


def test_a_page_failing_half_way_is_rolled_back_alone_and_counted(archive_file, improved, monkeypatch):
    total = rows(archive_file, "SELECT count(*) FROM copies")[0][0]
    raise_on_call(monkeypatch, 9, RuntimeError("a bug in one page"))
    result = reextract(archive_file)
    assert result.exit_code == 3, result.output  # finished with errors (newsarchiver.outcome)
    assert "1 errors" in result.stdout and f"{total - 1} changed" in result.stdout
    assert_index_follows_titles(archive_file)
    assert marked(archive_file) == total - 1


def test_a_full_rerun_repairs_search_entries_left_stale(archive_file, improved, monkeypatch):
    """An archive damaged by an older newsarchiver (copies committed with new titles, old search
    entries) is repaired by a reextract of the whole archive, although its pages are now unchanged."""
    from newsarchiver.archive.search import SearchIndex

    sites = [r[0] for r in rows(archive_file, "SELECT host FROM sites")]
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "write", lambda *args, **kwargs: None)  # the damage: no index updates
        for site in sites:  # site by site: a run over one site does not rebuild the whole index
            assert CliRunner().invoke(cli, ["reextract", "--archive", str(archive_file), "--site", site]).exit_code == 0
    with pytest.raises(AssertionError, match="disagrees"):
        assert_index_follows_titles(archive_file)
    result = reextract(archive_file)
    assert result.exit_code == 0 and "changed" not in result.stdout.replace("unchanged", "")
    assert_index_follows_titles(archive_file)
