"""The web pages without a browser: the queries (archive/webqueries.py), the page contexts (web/pages.py),
the SVG pictures (web/pictures.py) and `newsarchiver report`, on a small archive filed through
``Archive.add_page`` (the path a crawl takes) with known reposts, a near-duplicate, an undated copy, a
date known only to the day, and a changed article."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest

from newsarchiver.archive import Archive, webqueries
from newsarchiver.items import Article, CrawledPage, DateFound, FetchFailure, Vanished
from newsarchiver.web import pages, pictures

from .e2e import newsarchiver

BODY = [f"第{i}段：北辰市今年新建的{i * 3}座口袋公园已经全部开放，附近居民每天傍晚都会来散步、下棋和跳广场舞。"
        for i in range(1, 9)]
OTHER = [f"第{i}段：南屿市港口第三季度的集装箱吞吐量同比增长{i + 10}%，新航线开通后货主排队的时间明显缩短。"
         for i in range(1, 9)]


def page(host: str, path: str, title: str, body: list[str], published: str | None, *, source: str | None = None,
         source_url: str | None = None, precision: str = "minute") -> CrawledPage:
    url = f"http://{host}{path}"
    date = DateFound(published, published, "byline", precision) if published else None
    article = Article(url=url, title=title, body="\n\n".join(body), authors=["林晓"], source=source,
                      source_url=source_url, published=date, language="zh", site_name=host.split(".")[0])
    return CrawledPage(article=article, url=url, fetched_at="2026-04-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "pages.db"
    original = "http://origin.example/news/1.html"
    with Archive(path) as a, a.batch():
        a.add_page(page("origin.example", "/news/1.html", "北辰市口袋公园全部开放", BODY, "2026-03-01T08:00:00+08:00"))
        a.add_page(page("farm-a.example", "/r/1.html", "北辰市口袋公园全部开放", BODY, "2026-03-01T11:30:00+08:00",
                        source="origin", source_url=original))
        a.add_page(page("farm-b.example", "/r/9.html", "【转载】北辰市口袋公园全部开放", BODY[:-1] + ["（广告）好物推荐。"],
                        "2026-03-03T09:00:00+08:00", source="origin", source_url=original))
        a.add_page(page("farm-b.example", "/r/10.html", "北辰市口袋公园全部开放", BODY, None,
                        source="origin", source_url=original))
        a.add_page(page("farm-c.example", "/r/2.html", "北辰市口袋公园全部开放", BODY, "2026-03-02", precision="day",
                        source="origin", source_url=original))
        a.add_page(page("farm-a.example", "/r/2.html", "南屿港吞吐量增长", OTHER, "2026-02-20T10:00:00+08:00"))
    # the original changes: a paragraph rewritten, one added, the title corrected
    changed = BODY[:3] + ["第4段：北辰市口袋公园的开放时间调整为早六点到晚十点。"] + BODY[4:] + ["第9段：更正说明。"]
    with Archive(path) as a, a.batch():
        a.add_page(page("origin.example", "/news/1.html", "北辰市口袋公园全部开放（更正）", changed,
                        "2026-03-01T08:00:00+08:00"))
    return path


@pytest.fixture
def conn(archive) -> sqlite3.Connection:
    connection = webqueries.connect_readonly(archive)
    yield connection
    connection.close()


def story_of(conn: sqlite3.Connection, url: str) -> int:
    return conn.execute("SELECT story_id FROM copies WHERE url = ?", [url]).fetchone()[0]


@pytest.mark.parametrize("text, start, span", [
    ("2026-03-01T08:00:00+08:00", datetime(2026, 3, 1, 0, 0, tzinfo=UTC), 0),
    ("2026-03-02", datetime(2026, 3, 1, 16, 0, tzinfo=UTC), 24),  # the day in the story's own offset (+08:00)
    ("2026-02", datetime(2026, 1, 31, 16, 0, tzinfo=UTC), 28 * 24),
    ("2026-12", datetime(2026, 11, 30, 16, 0, tzinfo=UTC), 31 * 24),
    ("not a date", None, None),
    (None, None, None),
])
def test_parse_when_keeps_the_precision_a_page_gave(text, start, span):
    when = pictures.parse_when(text, timezone(timedelta(hours=8)))
    if start is None:
        assert when is None
    else:
        assert when.start == start and when.span_hours == span


def test_the_read_connection_cannot_write(conn):
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM copies")


def test_story_timeline_one_mark_per_copy_original_ringed_undated_and_day_precision(conn):
    story_id = story_of(conn, "http://origin.example/news/1.html")
    context = pages.story_page(conn, story_id, pages.ServedLinks("/db"))
    doc = lxml.html.fromstring(str(context["timeline"]))
    marks = doc.xpath("//*[contains(concat(' ', @class, ' '), ' mark ')]")
    copies = {r[0]: r[1] for r in conn.execute("SELECT c.id, s.host FROM copies c JOIN sites s ON s.id = c.site_id "
                                               "WHERE c.story_id = ?", [story_id])}
    assert len(copies) == 5 and {int(m.get("data-copy")): m.get("data-site") for m in marks} == copies
    original = [m for m in marks if "original" in m.get("class").split()]
    assert [m.get("data-site") for m in original] == ["origin.example"]
    assert [m.get("data-site") for m in marks if "undated" in m.get("class")] == ["farm-b.example"]
    assert [m.get("data-site") for m in marks if "approx" in m.get("class")] == ["farm-c.example"]
    near = {r[0] for r in conn.execute("SELECT id FROM copies WHERE story_id = ? AND story_reason = 'near-duplicate'",
                                       [story_id])}
    assert {int(m.get("data-copy")) for m in marks if "reason-near-duplicate" in m.get("class")} == near
    assert len(near) >= 1  # the copy with an ad line
    assert len(doc.xpath("//*[@class='lane']")) == 4  # farm-b holds two copies in one lane
    hours = {m.get("data-site"): float(m.get("data-hours")) for m in marks if m.get("data-hours")}
    assert hours["origin.example"] == 0 and hours["farm-a.example"] == 3.5
    assert hours["farm-c.example"] == 16.0  # 2026-03-02 00:00 +08:00 is 16 h after 08:00 the day before
    rows = {c["site"]: c for c in context["copies"] if c["published"]}
    assert rows["farm-a.example"]["delay"] == "3.5 h" and rows["farm-b.example"]["joined"].startswith("near-duplicate 0.")
    assert [c["shown_title"] for c in context["copies"] if c["site"] == "farm-b.example" and c["published"]] == \
        ["【转载】北辰市口袋公园全部开放"]  # a decorated title stands out; equal titles say "same title"


def test_a_gone_copy_is_greyed_on_the_story_page(archive, tmp_path):
    """Issue 16: a copy the archive found gone (two revisits answered 404) is greyed in the story's timeline
    and list, and the story says how many copies survive."""
    copy = tmp_path / "status.db"
    copy.write_bytes(archive.read_bytes())
    url = "http://farm-a.example/r/1.html"
    with Archive(copy) as a, a.batch():
        for _ in range(2):
            a.file_item(FetchFailure(url, "http_404", "Not Found", 404))
    conn = webqueries.connect_readonly(copy)
    story_id = story_of(conn, "http://origin.example/news/1.html")
    context = pages.story_page(conn, story_id, pages.ServedLinks("/db"))
    conn.close()
    gone = lxml.html.fromstring(str(context["timeline"])).xpath("//*[contains(@class, 'status-gone')]")
    assert [g.get("data-site") for g in gone] == ["farm-a.example"]
    rows = lxml.html.fromstring(str(context["copy_rows"])).xpath("//li[contains(@class, 'na-status-gone')]")
    assert len(rows) == 1 and "farm-a.example" in rows[0].text_content()
    assert context["story"]["surviving"] == context["story"]["copies"] - 1


def test_network_edges_are_repost_pairs_with_counts(conn):
    context = pages.network_page(conn, pages.ServedLinks("/db"))
    assert {(p["source"], p["target"]): p["reposts"] for p in context["pairs"]} == {
        ("origin.example", "farm-a.example"): 1, ("origin.example", "farm-b.example"): 2,
        ("origin.example", "farm-c.example"): 1}
    doc = lxml.html.fromstring(str(context["network"]))
    assert sorted(doc.xpath("//*[contains(@class, 'node')]/@data-site")) == \
        ["farm-a.example", "farm-b.example", "farm-c.example", "origin.example"]
    assert doc.xpath("//a[@data-site='farm-b.example']/@href") == ["/db/site/farm-b.example"]
    assert sorted((e.get("data-from"), e.get("data-to"), e.get("data-count")) for e in doc.xpath("//*[@class='edge']")) \
        == [("origin.example", "farm-a.example", "1"), ("origin.example", "farm-b.example", "2"),
            ("origin.example", "farm-c.example", "1")]


def test_network_layout_of_500_sites_places_every_site_apart():
    nodes = [{"id": i, "host": f"s{i}.example", "copies": 1 + i % 7, "reposts_in": 0, "reposts_out": 0}
             for i in range(500)]
    counts: dict[tuple[int, int], int] = {}
    for i in range(2000):  # 40 sources, 460 reposters; pairs as the query groups them
        pair = (i % 40, 40 + (i * 7) % 460)
        counts[pair] = counts.get(pair, 0) + 1 + i % 3
    edges = [{"source_id": a, "target_id": b, "reposts": n} for (a, b), n in counts.items()]
    for e in edges:
        nodes[e["source_id"]]["reposts_out"] += e["reposts"]
        nodes[e["target_id"]]["reposts_in"] += e["reposts"]
    pos = pictures.network_layout(nodes, edges)
    assert len(pos) == 500 and pos == pictures.network_layout(nodes, edges)  # deterministic
    points = list(pos.values())
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
                  for i, a in enumerate(points) for b in points[i + 1:])
    assert closest > 5
    svg = str(pictures.network_svg(nodes, edges, site_href=lambda h: f"/db/site/{h}"))
    assert svg.count('class="edge"') == len(edges) and svg.count('class="node ') == 500


def test_site_page_counts_reposts_templates_and_the_chart(conn):
    context = pages.site_page(conn, "farm-b.example", pages.ServedLinks("/db"))
    site = context["site"]
    assert site["copies"] == 2 and site["reposts"] == 2 and site["undated"] == 1
    assert site["reposted_from"] == [{"site": "origin.example", "reposts": 2}]
    doc = lxml.html.fromstring(str(context["chart"]))
    assert sum(int(b.get("data-count")) for b in doc.xpath("//*[@class='bin']")) == 1
    assert pages.site_page(conn, "nowhere.example", pages.ServedLinks("/db")) is None


def test_article_page_versions_say_what_changed(conn):
    copy_id = conn.execute("SELECT id FROM copies WHERE url = 'http://origin.example/news/1.html'").fetchone()[0]
    context = pages.article_page(conn, copy_id, pages.ServedLinks("/db"))
    assert context["a"]["title"] == "北辰市口袋公园全部开放（更正）" and len(context["a"]["paragraphs"]) == 9
    (change,) = context["versions"]
    assert change["fields"] == ["title"]
    assert change["removed"] == [BODY[3]]
    assert change["added"] == ["第4段：北辰市口袋公园的开放时间调整为早六点到晚十点。", "第9段：更正说明。"]


@pytest.mark.parametrize("text, terms, html", [
    ("北辰市口袋公园", ["口袋"], "北辰市<mark>口袋</mark>公园"),
    ("Parks open in Beichen; parkside", ["park"], "Parks open in Beichen; parkside"),  # whole words only
    ("A park, the PARK.", ["park"], "A <mark>park</mark>, the <mark>PARK</mark>."),
    ("<script>alert(1)</script> 口袋", ["口袋"], "&lt;script&gt;alert(1)&lt;/script&gt; <mark>口袋</mark>"),
    ("a < b 口袋公园", ["口袋", "口袋公园"], "a &lt; b <mark>口袋公园</mark>"),
])
def test_highlight_marks_terms_and_escapes_the_rest(text, terms, html):
    assert str(pages.highlight(text, terms)) == html


def test_search_page_facets_and_filters(conn):
    links = pages.ServedLinks("/db")
    context = pages.search_page(conn, "口袋公园", links)
    data = context["results"]
    assert data["total"] == 5 and {f["value"]: f["count"] for f in data["sites"]} == {
        "origin.example": 1, "farm-a.example": 1, "farm-b.example": 2, "farm-c.example": 1}
    assert {f["value"]: f["count"] for f in data["months"]} == {"2026-03": 4, None: 1}
    assert all("<mark>口袋公园</mark>" in str(r["title_html"]) for r in data["results"])
    narrowed = pages.search_page(conn, "口袋公园", links, site="farm-b.example")["results"]
    assert narrowed["total"] == 2 and {r["site"] for r in narrowed["results"]} == {"farm-b.example"}
    assert pages.search_page(conn, "口袋公园", links, month="2026-03", site="farm-b.example")["results"]["total"] == 1
    assert pages.search_page(conn, "", links)["results"] is None
    assert pages.search_page(conn, "!!", links)["error"]


def render_search(conn: sqlite3.Connection, query: str, **options) -> str:
    from markupsafe import Markup

    from newsarchiver.report import environment
    from newsarchiver.web import CSS_FILE, REPORT_LAYOUT

    context = pages.search_page(conn, query, pages.ServedLinks("/db"), **options)
    context.update(layout=REPORT_LAYOUT, css=Markup(CSS_FILE.read_text(encoding="utf-8")), archive_name="a.db",
                   generated="now")
    return environment().get_template("newsarchiver/search.html").render(context)


def test_search_page_counts_exactly_and_ranks_by_relevance_when_few_match(conn):
    data = pages.search_page(conn, "口袋公园", pages.ServedLinks("/db"))["results"]
    assert data["exact"] and data["used_order"] == "relevance" and data["pages"] == 1 and not data["has_next"]
    html = render_search(conn, "口袋公园")
    assert "<strong>5</strong> articles match" in html and 'data-facets="sample"' not in html
    assert '<strong data-sort="relevance">best match</strong>' in html
    assert "/db/find?q=%E5%8F%A3%E8%A2%8B%E5%85%AC%E5%9B%AD&amp;sort=archived" in html


def test_search_page_bounds_counts_and_facets_when_many_match(conn, monkeypatch):
    monkeypatch.setattr(webqueries, "SEARCH_COUNT_AT_MOST", 3)  # 5 copies match 口袋公园
    links = pages.ServedLinks("/db")
    data = pages.search_page(conn, "口袋公园", links, per_page=2)["results"]
    assert not data["exact"] and data["pages"] is None and data["has_next"]
    assert data["used_order"] == "title" and data["order"] == "auto"
    # facets count the three matches archived last
    assert sum(f["count"] for f in data["sites"]) == 3 == sum(f["count"] for f in data["months"])
    seen = [r["copy_id"] for page in (1, 2, 3)
            for r in pages.search_page(conn, "口袋公园", links, per_page=2, page=page)["results"]["results"]]
    everything = pages.search_page(conn, "口袋公园", links, per_page=10, sort="archived")["results"]
    assert sorted(seen) == sorted(r["copy_id"] for r in everything["results"]) and len(seen) == 5
    assert [r["copy_id"] for r in everything["results"]] == sorted(seen, reverse=True)
    html = render_search(conn, "口袋公园", per_page=2)
    assert "More than <strong>3</strong> articles match · page 1" in html
    assert 'data-facets="sample"' in html and "Counted among the 3 matches archived last" in html
    assert "those with every term in their title come first" in html
    assert 'rel="next"' in html and "page=2" in html
    assert '<strong data-sort="title">title matches first</strong>' in html
    forced = render_search(conn, "口袋公园", sort="relevance")
    assert '<strong data-sort="relevance">best match</strong>' in forced and "title come first" not in forced
    assert 'name="sort" value="relevance"' in forced and "sort=relevance" in forced
    filtered = render_search(conn, "口袋公园", site="farm-b.example")
    assert "of the 3 matches archived last are" in filtered and "on farm-b.example" in filtered
    assert pages.search_page(conn, "口袋公园", links, sort="bogus")["sort"] is None  # unknown: auto


def test_report_is_one_self_contained_file(archive, tmp_path):
    conn = webqueries.connect_readonly(archive)
    story_id = story_of(conn, "http://origin.example/news/1.html")
    conn.close()
    out = tmp_path / "story.html"
    result = newsarchiver("report", "story", str(story_id), "--archive", str(archive), "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)
    assert not doc.xpath("//script | //link | //img | //iframe | //*[@src]")  # nothing loaded from anywhere
    assert "<style>" in html and ".na-reading" in html  # the stylesheet is inline
    hrefs = doc.xpath("//@href")
    assert hrefs and all(h.startswith("http://") and ".example/" in h for h in hrefs)  # only the pages on their sites
    assert len(doc.xpath("//svg[contains(@class, 'timeline')]//*[contains(concat(' ', @class, ' '), ' mark ')]")) == 5
    assert "newsarchiver unmerge" in html and f"--archive {archive}" in html

    site = tmp_path / "site.html"
    assert newsarchiver("report", "site", "farm-b.example", "--archive", str(archive), "-o", str(site)).returncode == 0
    doc = lxml.html.fromstring(site.read_text(encoding="utf-8"))
    assert doc.xpath("//h1")[0].text_content() == "farm-b" and doc.xpath("//svg[contains(@class, 'activity')]")

    missing = newsarchiver("report", "story", "9999", "--archive", str(archive), "-o", str(tmp_path / "x.html"))
    assert missing.returncode == 1 and "no story 9999" in missing.stderr and not (tmp_path / "x.html").exists()
    assert newsarchiver("report", "site", "nowhere", "--archive", str(archive), "-o",
                        str(tmp_path / "y.html")).returncode == 1
    assert re.search(r"no archive|crawl something first",
                     newsarchiver("report", "story", "1", "--archive", str(tmp_path / "none.db"), "-o",
                                  str(tmp_path / "z.html")).stderr)


def test_hostile_text_and_links_stay_inert(tmp_path):
    """A page's title, source, site name and cited URLs are the crawled site's words: escaped, and only
    http(s) URLs become links."""
    path = tmp_path / "hostile.db"
    evil = '<img src=x onerror=alert(1)>"\'&'
    with Archive(path) as a, a.batch():
        a.add_page(page("origin.example", "/1.html", f"标题{evil}", BODY, "2026-03-01T08:00:00+08:00"))
        a.add_page(page("farm.example", "/2.html", f"标题{evil}", BODY, "2026-03-01T09:00:00+08:00",
                        source=evil, source_url="javascript:alert(1)"))
    conn = webqueries.connect_readonly(path)
    links = pages.ServedLinks("/db")
    from newsarchiver.report import environment
    from newsarchiver.web import REPORT_LAYOUT

    env = environment()
    copy_id = conn.execute("SELECT id FROM copies WHERE url = 'http://farm.example/2.html'").fetchone()[0]
    story_id = conn.execute("SELECT story_id FROM copies WHERE id = ?", [copy_id]).fetchone()[0]
    for name, context in (("article", pages.article_page(conn, copy_id, links)),
                          ("story", pages.story_page(conn, story_id, links)),
                          ("search", pages.search_page(conn, "标题", links))):
        context.update(layout=REPORT_LAYOUT, css="", archive_name="x", generated="now")
        html = env.get_template(f"newsarchiver/{name}.html").render(context)
        doc = lxml.html.fromstring(html)
        assert not doc.xpath("//img | //*[@onerror]"), name
        assert not [h for h in doc.xpath("//@href") if not h.startswith(("http://", "https://", "/db/"))], name
    conn.close()


def test_pages_of_an_empty_archive(tmp_path):
    path = tmp_path / "empty.db"
    Archive(path).close()
    conn = webqueries.connect_readonly(path)
    links = pages.ServedLinks("/db")
    assert pages.network_page(conn, links)["nodes"] == []
    assert pages.search_page(conn, "电网", links)["results"]["total"] == 0
    assert pages.story_page(conn, 1, links) is None and pages.article_page(conn, 1, links) is None
    conn.close()


def render_article(conn: sqlite3.Connection, copy_id: int) -> str:
    from markupsafe import Markup

    from newsarchiver.report import environment
    from newsarchiver.web import CSS_FILE, REPORT_LAYOUT

    context = pages.article_page(conn, copy_id, pages.ReportLinks())
    context.update(layout=REPORT_LAYOUT, css=Markup(CSS_FILE.read_text(encoding="utf-8")), archive_name="a.db",
                   generated="now")
    return environment().get_template("newsarchiver/article.html").render(context)


def test_the_article_page_says_when_a_copy_went_and_how_and_what_each_version_changed(archive, tmp_path):
    copy = tmp_path / "gone.db"
    copy.write_bytes(archive.read_bytes())
    url = "http://origin.example/news/1.html"
    notice = "该内容已被删除，请浏览其他文章。"
    with Archive(copy) as a, a.batch():
        for _ in range(2):
            a.file_item(Vanished(url, "removal_notice", "2026-04-02T00:00:00+00:00", notice=notice,
                                 page_text=f"提示\n{notice}"))
    conn = webqueries.connect_readonly(copy)
    try:
        copy_id = conn.execute("SELECT id FROM copies WHERE url = ?", [url]).fetchone()[0]
        context = pages.article_page(conn, copy_id, pages.ServedLinks("/db"))
        doc = lxml.html.fromstring(render_article(conn, copy_id))
    finally:
        conn.close()
    assert context["a"]["status"] == "gone" and context["a"]["gone_how"] == "removal_notice"
    facts = {dt.text_content(): dt.getnext().text_content() for dt in doc.xpath("//dl[@class='na-facts']/dt")}
    assert "first seen gone" in facts["Gone"] and "removal_notice" in facts["Gone"] and "last seen alive" in facts["Gone"]
    revisits = doc.xpath("//details[contains(@class, 'na-events')]//li")
    assert len(revisits) == 2 and notice in revisits[0].text_content()
    assert "第4段" in doc.xpath("//article[contains(@class, 'na-reading')]")[0].text_content()  # the text is kept
    summary = doc.xpath("//details[contains(@class, 'na-version')]/summary")[0].text_content()
    assert "title changed; 2 paragraphs added, 1 removed" in " ".join(summary.split())
