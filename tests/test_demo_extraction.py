"""Every page of the default demo world, rendered in-process and extracted: article pages are
articles with their true fields, listing and other pages are not articles."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.themes import PAGE_SIZE
from newsarchiver.extract import extract_article, templates

from .truth import published_matches

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BASE = "http://127.0.0.1:8701/"
LISTING_PATHS = {"justnews": "/page/{n}/", "dede": "/list_1_{n}.html", "blog": "/page/{n}/"}


@pytest.fixture(scope="module")
def world():
    return build_world(articles=60, seed=7, now=NOW)


def render(site, path):
    status, headers, body = site.render(path, BASE, NOW)
    assert status == 200, path
    charset = headers.get("Content-Type", "").partition("charset=")[2] or None
    return extract_article(body, BASE.rstrip("/") + path, fetched_at=NOW, encoding=charset)


def test_no_listing_page_is_an_article(world):
    for site in world.sites:
        for n in range(1, site.page_count(PAGE_SIZE) + 1):
            page_type = render(site, LISTING_PATHS[site.family].format(n=n)).page_type
            assert page_type != "article", (site.name, n)
            if n < site.page_count(PAGE_SIZE):  # full pages; the last may hold a single item
                assert page_type == "listing", (site.name, n)


def test_author_and_about_pages_are_not_articles(world):
    for site in world.sites:
        if site.family == "justnews":
            assert render(site, "/author/xiaobian/").page_type != "article"
        if site.family == "blog":
            assert render(site, "/about/").page_type != "article"


def test_every_article_page_yields_its_true_fields(world):
    """Each site prints words of its own around every article; the site's template, learned from its
    pages (as the archive learns it during a crawl), takes them out."""
    wrong = []
    for site in world.sites:
        extracted = [render(site, article.path) for article in site.articles]
        template = templates.learn(got.body for got in extracted)
        assert site.template_tail in template, site.name
        for article, got in zip(site.articles, extracted):
            assert site.template_tail in got.body  # the generic extractor cannot know it
            got.body = template.split(got.body)[0]
            want = {"page_type": "article", "title": article.title, "body": "\n\n".join(article.paragraphs),
                    "authors": article.authors, "editors": article.editors, "source": article.source}
            for key, value in want.items():
                if getattr(got, key) != value:
                    wrong.append((site.name, article.path, key, str(value)[:60], str(getattr(got, key))[:60]))
            if not published_matches(got.published, article):
                wrong.append((site.name, article.path, "published", article.published, got.published))
    assert not wrong, "\n".join(map(str, wrong[:20])) + f"\n{len(wrong)} wrong"
