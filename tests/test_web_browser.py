"""The web pages in a real browser: `newsarchiver serve` on an archive from a real crawl, every page opened
in headless chromium (chromedriver) at 1400 px and at 390 px (a phone), and what the pictures must show
checked from the DOM against the archive's own rows:

- story: one mark per copy, in its site's lane, the original marked (and only it), one lane per site,
  one list row per copy;
- network: one node per site, one edge per (site of an original → site of a copy) pair with its count;
  clicking a node opens that site's page;
- site: the chart counts every dated article; reposts per origin site; template paragraphs; errors;
- article: the body's paragraphs in a reading column (not one character per line);
- search: Chinese terms found, matched words highlighted, facets by site and month, results linking
  to article pages.

At 390 px no page scrolls sideways (pictures scroll inside their frame). Screenshots of every page at both
widths go to exports/test-artifacts/web-*.png (git-ignored).

More archives: add a builder to ARCHIVES (a function path -> path that crawls something real into it).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import chromium
from .e2e import ROOT, rows
from .test_serve import build_demo_archive, copies_containing, serving, two_char_term

ARTIFACTS = ROOT / "exports" / "test-artifacts"
WIDTHS = (1400, 390)

pytestmark = pytest.mark.skipif(chromium.available() is not None, reason=chromium.available() or "")

#: Archives from real crawls; the real-CMS fixtures join here with one line each.
ARCHIVES = [pytest.param(build_demo_archive, id="demo")]


@pytest.fixture(scope="module", params=ARCHIVES)
def archive(request, tmp_path_factory) -> Path:
    name = request.param.__name__.removeprefix("build_").removesuffix("_archive")  # "demo": names the screenshots
    return request.param(tmp_path_factory.mktemp("web") / f"{name}.db")


@pytest.fixture(scope="module")
def base(archive) -> Iterator[str]:
    with serving(archive) as url:
        yield url


@pytest.fixture(scope="module")
def browsers() -> Iterator[dict[int, chromium.Browser]]:
    opened = {width: chromium.Browser(width) for width in WIDTHS}
    try:
        yield opened
    finally:
        for browser in opened.values():
            browser.close()


def open_page(browser: chromium.Browser, url: str, shot: str, archive: Path) -> dict:
    timing = browser.load(url)
    assert timing["status"] in (0, 200), (url, timing)
    assert "Error" not in browser.driver.title, browser.driver.title
    # a phone never scrolls the page sideways: wide pictures and tables scroll inside their frame
    assert browser.js("return document.documentElement.scrollWidth") <= browser.width + 1, url
    browser.screenshot(ARTIFACTS / f"web-{archive.stem}-{shot}-{browser.width}.png", max_height=5000)
    return timing


def stories_with_copies(archive: Path, limit: int = 3) -> list[tuple[int, int, int]]:
    return rows(archive, "SELECT id, copies, original_copy_id FROM stories WHERE copies > 1 "
                         "ORDER BY copies DESC, id LIMIT ?", limit)


@pytest.mark.parametrize("width", WIDTHS)
def test_story_page_one_mark_per_copy_and_the_original_marked(archive, base, browsers, width):
    browser = browsers[width]
    stories = stories_with_copies(archive)
    assert stories, "the crawl made no story with several copies"
    for n, (story_id, copies, original) in enumerate(stories):
        open_page(browser, f"{base}/story/{story_id}", f"story{n}", archive)
        truth = {cid: site for cid, site in rows(archive, "SELECT c.id, s.host FROM copies c JOIN sites s "
                                                          "ON s.id = c.site_id WHERE c.story_id = ?", story_id)}
        assert len(truth) == copies
        marks = browser.js("""return [...document.querySelectorAll('svg.timeline .mark')].map(m => ({
            copy: +m.dataset.copy, site: m.dataset.site, original: m.classList.contains('original'),
            similarity: m.dataset.similarity, href: m.getAttribute('href')}));""")
        assert sorted(m["copy"] for m in marks) == sorted(truth)  # one mark per copy, no more
        assert {m["copy"]: m["site"] for m in marks} == truth  # each in its site's lane
        assert [m["copy"] for m in marks if m["original"]] == [original]  # the original, and only it
        assert browser.count("svg.timeline .original-ring") == 1
        lanes = browser.attrs("svg.timeline .lane", "data-site")
        assert sorted(lanes) == sorted(set(truth.values()))  # one lane per site
        for m in marks:
            assert m["href"].endswith(f"/article/{m['copy']}")
        near = dict(rows(archive, "SELECT id, story_similarity FROM copies WHERE story_id = ? "
                                  "AND story_reason = 'near-duplicate'", story_id))
        assert {m["copy"]: round(float(m["similarity"]), 3) for m in marks if m["similarity"]} == \
            {k: round(v, 3) for k, v in near.items()}
        # then the list: one row per copy, the original's row marked
        listed = browser.attrs(".na-copies li.na-row", "data-copy")
        assert sorted(map(int, listed)) == sorted(truth)
        assert browser.attrs(".na-copies li.na-original", "data-copy") == [str(original)]
        assert "newsarchiver unmerge" in browser.js("return document.querySelector('.na-note').textContent")
        assert not browser.count("form[method=post], button.unmerge")  # the web stays read-only


@pytest.mark.parametrize("width", WIDTHS)
def test_network_page_one_node_per_site_one_edge_per_repost_pair(archive, base, browsers, width):
    browser = browsers[width]
    open_page(browser, f"{base}/network", "network", archive)
    sites = {host for (host,) in rows(archive, "SELECT host FROM sites")}
    nodes = browser.attrs("svg.network .node", "data-site")
    assert sorted(nodes) == sorted(sites)
    # ground truth from the copies: the site of each copy's story original -> the copy's site
    pairs = Counter()
    for copy_site, original_site in rows(archive, """
            SELECT cs.host, os.host FROM copies c JOIN sites cs ON cs.id = c.site_id
            JOIN stories st ON st.id = c.story_id JOIN copies o ON o.id = st.original_copy_id
            JOIN sites os ON os.id = o.site_id"""):
        if copy_site != original_site:
            pairs[(original_site, copy_site)] += 1
    edges = browser.js("""return [...document.querySelectorAll('svg.network .edge')].map(e => [
        e.dataset.from, e.dataset.to, +e.dataset.count]);""")
    assert len(edges) == len(pairs)
    assert {(a, b): n for a, b, n in edges} == dict(pairs)
    assert pairs, "the demo crawl has reposts across sites"
    # a node is a link to its site's page: click the busiest source
    source = pairs.most_common(1)[0][0][0]
    link = browser.driver.find_element("css selector", f'svg.network a.node[data-site="{source}"]')
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    browser.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", link)
    browser.driver.implicitly_wait(5)
    heading = browser.driver.find_element("css selector", ".na-kicker")
    assert source in heading.text and "/site/" in browser.driver.current_url


@pytest.mark.parametrize("width", WIDTHS)
def test_site_pages_chart_reposts_templates_runs(archive, base, browsers, width):
    browser = browsers[width]
    for n, (site_id, host) in enumerate(rows(archive, "SELECT id, host FROM sites ORDER BY host")):
        open_page(browser, f"{base}/site/{host}", f"site{n}", archive)
        dated = rows(archive, "SELECT count(*) FROM copies WHERE site_id = ? AND published IS NOT NULL", site_id)[0][0]
        bins = browser.attrs("svg.activity .bin", "data-count")
        assert sum(map(int, bins)) == dated
        expected_from = Counter(os for (os,) in rows(archive, """
            SELECT os.host FROM copies c JOIN stories st ON st.id = c.story_id JOIN copies o
            ON o.id = st.original_copy_id JOIN sites os ON os.id = o.site_id
            WHERE c.site_id = ? AND o.site_id != c.site_id""", site_id))
        shown = browser.js("""return [...document.querySelectorAll('#reposted-from li')]
            .map(li => [li.dataset.site, +li.querySelector('.na-count').textContent]);""")
        assert dict(shown) == dict(expected_from)
        learned = rows(archive, "SELECT count(*) FROM site_blocks WHERE site_id = ? AND stories >= 4", site_id)[0][0]
        assert browser.count(".na-templates li") == learned
        assert browser.count("table.na-runs tbody tr") >= 1  # the crawl that fetched it
        errors = rows(archive, "SELECT count(*) FROM fetch_errors WHERE url LIKE ?", f"%//{host}/%")[0][0]
        assert browser.count("table.na-errors tbody tr") == min(errors, 50)


@pytest.mark.parametrize("width", WIDTHS)
def test_article_page_reads_as_a_column_of_text(archive, base, browsers, width):
    browser = browsers[width]
    story_id, _, original = stories_with_copies(archive, 1)[0]
    repost = rows(archive, "SELECT id FROM copies WHERE story_id = ? AND id != ? ORDER BY id LIMIT 1",
                  story_id, original)[0][0]
    for name, copy_id in (("original", original), ("repost", repost)):
        open_page(browser, f"{base}/article/{copy_id}", f"article-{name}", archive)
        (body, title, language), = rows(archive, "SELECT body, title, language FROM copies WHERE id = ?", copy_id)
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        shown = browser.js("return [...document.querySelectorAll('article.na-reading p')].map(p => p.textContent)")
        assert shown == paragraphs
        assert browser.js("return document.querySelector('h1').textContent").strip() == title
        box = browser.js("""const r = document.querySelector('article.na-reading').getBoundingClientRect();
            const p = getComputedStyle(document.querySelector('article.na-reading p'));
            return {width: r.width, font: parseFloat(p.fontSize)};""")
        # a reading column: wide enough for whole lines of Chinese, never the full 1400 px
        assert box["font"] >= 16
        assert (box["width"] >= 300 if width < 700 else 450 <= box["width"] <= 800), box
        links = browser.attrs(".na-facts a, .na-kicker a", "href")
        assert any(h.endswith(f"/story/{story_id}") for h in links)
        if copy_id != original:
            assert any(h.endswith(f"/article/{original}") for h in links)  # to the original's page


@pytest.mark.parametrize("width", WIDTHS)
def test_search_page_highlights_and_facets(archive, base, browsers, width):
    browser = browsers[width]
    term = two_char_term(archive)
    expected = copies_containing(archive, term)
    open_page(browser, f"{base}/find?q={term}", "search", archive)
    hits = [int(c) for c in browser.attrs("li.na-hit", "data-copy")]
    assert sorted(hits) == sorted(expected)
    marked = browser.js("return [...document.querySelectorAll('li.na-hit')].map(li => "
                        "[...li.querySelectorAll('mark')].map(m => m.textContent))")
    assert all(words and set(words) == {term} for words in marked)
    links = browser.attrs("li.na-hit h3 a", "href")
    assert [int(h.rsplit("/", 1)[1]) for h in links] == hits
    facets = browser.js("""return [...document.querySelectorAll('a[data-facet=site]')].map(a => [a.textContent,
        +a.nextElementSibling.textContent]);""")
    by_site = Counter(site for (cid, site) in rows(archive, "SELECT c.id, s.host FROM copies c JOIN sites s "
                                                           "ON s.id = c.site_id") if cid in expected)
    assert dict(facets) == dict(by_site)
    months = browser.js("return [...document.querySelectorAll('a[data-facet=month]')].map(a => a.textContent)")
    assert months and all(re.fullmatch(r"\d{4}-\d{2}|no date", m) for m in months)
    # a facet narrows the results to its site
    site = by_site.most_common(1)[0][0]
    facet = next(a for a in browser.driver.find_elements("css selector", "a[data-facet=site]") if a.text == site)
    facet.click()
    assert len(browser.attrs("li.na-hit", "data-copy")) == by_site[site]
    assert "site=" in browser.driver.current_url
    # the sort control keeps the filter: the same copies, archived last first
    on_site = browser.attrs("li.na-hit", "data-copy")
    browser.driver.find_element("css selector", "a[data-sort=archived]").click()
    newest_first = [int(c) for c in browser.attrs("li.na-hit", "data-copy")]
    assert sorted(newest_first) == sorted(int(c) for c in on_site) and newest_first == sorted(newest_first, reverse=True)
    assert "sort=archived" in browser.driver.current_url and "site=" in browser.driver.current_url
    assert browser.attrs("strong[data-sort]", "data-sort") == ["archived"]
    # English words too, found whatever their case and highlighted as written
    english = [t for (t,) in rows(archive, "SELECT title FROM copies WHERE language LIKE 'en%' ORDER BY id")]
    words = [w for t in english for w in re.findall(r"[A-Za-z]{5,}", t)]
    if words:
        word = max(words, key=len)
        browser.load(f"{base}/find?q={word.upper()}")
        assert sorted(int(c) for c in browser.attrs("li.na-hit", "data-copy")) == \
            sorted(copies_containing(archive, word))
        marked = browser.js("return [...document.querySelectorAll('li.na-hit mark')].map(m => m.textContent)")
        assert marked and {m.lower() for m in marked} == {word.lower()}


def test_home_and_tables_link_to_the_pages(archive, base, browsers):
    browser = browsers[1400]
    root = base.rsplit("/", 1)[0]
    open_page(browser, root + "/", "home", archive)
    nav = browser.attrs(".na-home a", "href")
    assert any(h.endswith("/network") for h in nav) and any("/find" in h for h in nav)
    browser.load(f"{base}/top_stories")
    story_links = browser.attrs("td a[href*='/story/']", "href")
    assert story_links, "top_stories' story_id cells link to the story pages"
    browser.load(f"{base}/repost_network.json?_shape=array")
    data = json.loads(browser.js("return document.body.innerText"))
    assert all({"original_site", "copy_site", "reposts"} <= set(r) for r in data)


def test_reports_open_offline_and_show_the_same_picture(archive, browsers, tmp_path):
    from .e2e import newsarchiver

    story_id, copies, original = stories_with_copies(archive, 1)[0]
    host = rows(archive, "SELECT s.host FROM copies c JOIN sites s ON s.id = c.site_id WHERE c.id = ?", original)[0][0]
    for kind, ref in (("story", str(story_id)), ("site", host)):
        out = tmp_path / f"{kind}.html"
        result = newsarchiver("report", kind, ref, "--archive", str(archive), "-o", str(out))
        assert result.returncode == 0, result.stderr
        for width, browser in browsers.items():
            browser.load(out.as_uri())
            # one file: the browser requested nothing besides it
            assert browser.js("return performance.getEntriesByType('resource').length") == 0
            assert browser.js("return document.documentElement.scrollWidth") <= width + 1
            browser.screenshot(ARTIFACTS / f"web-{archive.stem}-report-{kind}-{width}.png", max_height=5000)
            if kind == "story":
                marks = browser.attrs("svg.timeline .mark", "data-copy")
                assert len(marks) == copies and browser.attrs("svg.timeline .mark.original", "data-copy") == [str(original)]
            else:
                assert browser.count("svg.activity .bin") >= 1
