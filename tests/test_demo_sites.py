"""Tests of the demo world generator and its HTTP server (offline, 127.0.0.1 only)."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from lxml import etree, html

from newsarchiver.demo import DemoArticle, RepostStyle, Site, build_world, render_article_page
from newsarchiver.demo.dates import format_date, relative_label
from newsarchiver.demo.server import DemoServer

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=SHANGHAI)
BASE = "http://127.0.0.1:9/"


@pytest.fixture(scope="module")
def world():
    return build_world(articles=60, seed=7, now=NOW)


@pytest.fixture(scope="module")
def server(world):
    with DemoServer(world) as running:
        yield running


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def decoded(site: Site, body: bytes) -> str:
    return body.decode("gb18030" if site.encoding == "gbk" else "utf-8")


# --------------------------------------------------------------------------- world shape


def test_default_world_has_four_sites_of_three_families(world):
    families = [s.family for s in world.sites]
    assert sorted(families) == ["blog", "dede", "justnews", "justnews"]
    portal = world.site("haibin-portal")
    assert portal.encoding == "gbk" and portal.site_name == "海滨日报网"
    assert world.site("quiet-ledger").timezone == "America/New_York"
    assert len(world.articles) == sum(len(s.articles) for s in world.sites)
    for site in world.sites:
        ids = [a.id for a in site.articles]
        assert len(set(ids)) == len(ids)
        assert len({a.path for a in site.articles}) == len(site.articles)
        times = [a.published for a in site.articles]
        assert times == sorted(times)
        assert all(a.site == site.name for a in site.articles)


def test_published_times_lie_in_the_last_90_days_with_some_recent(world):
    for site in world.sites:
        for article in site.articles:
            assert article.published.tzinfo is not None
            assert NOW - timedelta(days=92) <= article.published <= NOW
            assert article.published.second == 0
        assert any(NOW - a.published < timedelta(hours=48) for a in site.articles)


def test_reposts_share_story_key_and_keep_the_text_but_for_one_sentence(world):
    portal = world.site("haibin-portal")
    originals = {a.story_key: a for a in portal.articles}
    reposted = rewritten = 0
    on_all_three = 0
    for farm in ("kuaibao-farm", "dushi-info"):
        for copy in world.site(farm).articles:
            original = originals.get(copy.story_key)
            if original is None:
                continue
            reposted += 1
            changed = [(a, b) for a, b in zip(copy.paragraphs, original.paragraphs) if a != b]
            assert len(copy.paragraphs) == len(original.paragraphs) and len(changed) <= 1
            rewritten += bool(changed)
            assert copy.title == original.title
            assert copy.published >= original.published
            assert copy.poster is not None
    for key in originals:
        sites = {a.site for a in world.articles if a.story_key == key}
        on_all_three += sites >= {"haibin-portal", "kuaibao-farm", "dushi-info"}
    assert reposted >= len(originals) * 0.6
    assert on_all_three >= 1
    assert 0 < rewritten < reposted  # some reposts rewrite a sentence, most do not


def test_distinct_stories_do_not_share_sentences(world):
    stories = {a.story_key: a for a in world.articles}
    seen: dict[str, str] = {}
    for key, article in stories.items():
        sentences = {s for p in article.paragraphs for s in re.split(r"(?<=[。！？.])", p) if len(s) > 8}
        shared = sum(1 for s in sentences if seen.get(s, key) != key)
        assert shared <= len(sentences) // 4, article.title
        for sentence in sentences:
            seen.setdefault(sentence, key)


def test_text_shape(world):
    for article in world.articles:
        assert 5 <= len(article.paragraphs) <= 15
        assert all(40 <= len(p) <= 200 for p in article.paragraphs)
    portal = world.site("haibin-portal")
    for article in portal.articles:
        assert article.authors and article.editors and article.source
        assert all(2 <= len(name) <= 3 for name in article.authors + article.editors)


def test_repost_truth_follows_style(world):
    for farm in ("kuaibao-farm", "dushi-info"):
        for article in world.site(farm).articles:
            if article.style.author_line == "none":
                assert article.authors == []
            if not article.style.source_line:
                assert article.source is None and article.source_url is None
    styles = [a.style for a in world.site("kuaibao-farm").articles + world.site("dushi-info").articles]
    assert any(s.doubled_title for s in styles)
    assert any(s.author_line == "pasted" for s in styles)
    assert any(s.ad_blocks for s in styles)
    assert any(s.disclaimer for s in styles)


def test_build_is_deterministic_and_seed_dependent():
    a = build_world(articles=40, seed=3, now=NOW)
    b = build_world(articles=40, seed=3, now=NOW)
    c = build_world(articles=40, seed=4, now=NOW)
    for site_a, site_b in zip(a.sites, b.sites):
        old = site_a.articles[0]
        assert site_a.render(old.path, BASE, NOW) == site_b.render(old.path, BASE, NOW)
        assert site_a.render("/", BASE, NOW) == site_b.render("/", BASE, NOW)
    assert [x.title for x in a.articles] == [x.title for x in b.articles]
    assert [x.title for x in a.articles] != [x.title for x in c.articles]


def test_large_world_is_fast_and_lazy():
    started = time.perf_counter()
    big = build_world(articles=5000, seed=1, now=NOW)
    assert time.perf_counter() - started < 2.0
    assert len({a.story_key for a in big.articles}) >= 4500
    bench = build_world(articles=2000, seed=1, now=NOW, families=("justnews",))
    assert len(bench.sites) == 1 and bench.sites[0].family == "justnews"
    assert 1900 <= len(bench.sites[0].articles) <= 2100


def test_families_restrict_the_world():
    only_dede = build_world(articles=20, now=NOW, families=("dede",))
    assert [s.family for s in only_dede.sites] == ["dede"]
    with pytest.raises(ValueError):
        build_world(families=("drupal",))


def test_live_clock_world_renders_against_real_time():
    live = build_world(articles=10)
    assert live.live_clock and live.now.tzinfo is not None and live.now.second == 0
    assert abs(live.render_now() - datetime.now(SHANGHAI)) < timedelta(seconds=5)
    fixed = build_world(articles=10, now=NOW)
    assert not fixed.live_clock and fixed.render_now() == NOW


# --------------------------------------------------------------------------- dates


def test_date_styles():
    dt = datetime(2024, 5, 12, 15, 20, tzinfo=SHANGHAI)
    assert format_date(dt, "iso", NOW) == "2024-05-12 15:20"
    assert format_date(dt, "cn", NOW) == "2024年05月12日 15:20"
    assert format_date(dt, "cn12", NOW) == "2024年5月12日 下午3:20"
    assert format_date(dt.replace(hour=10, minute=5), "cn12", NOW) == "2024年5月12日 上午10:05"
    assert format_date(dt, "labelled", NOW) == "发布时间：2024-05-12 15:20:00"
    assert format_date(dt, "relative", NOW) == "2024年05月12日 15:20"  # too old: falls back to cn


@pytest.mark.parametrize(
    ("ago", "text", "precision"),
    [
        (timedelta(seconds=20), "刚刚", "minute"),
        (timedelta(minutes=5), "5分钟前", "minute"),
        (timedelta(hours=3, minutes=10), "3小时前", "minute"),
        (timedelta(hours=20), "昨天 16:00", "minute"),
        (timedelta(days=2), "前天 12:00", "minute"),
        (timedelta(days=4, hours=1), "4天前", "day"),
    ],
)
def test_relative_labels(ago, text, precision):
    assert relative_label(NOW - ago, NOW) == (text, precision)


def test_relative_dates_render_on_farm_b(world):
    farm = world.site("dushi-info")
    recent = [a for a in farm.articles if a.style.date_style == "relative"]
    assert recent, "farm B should print recent items relatively"
    for article in recent:
        page = decoded(farm, farm.render(article.path, BASE, NOW)[2])
        label, precision = relative_label(article.published, NOW)
        assert f'<time class="entry-date published">{label}</time>' in page
        assert article.published_precision == precision
    assert any(re.search(r"\d+(分钟|小时)前", relative_label(a.published, NOW)[0]) for a in recent)


# --------------------------------------------------------------------------- pages


def test_external_article_renders_in_every_family(world):
    when = datetime(2024, 5, 20, 9, 30, tzinfo=SHANGHAI)
    style = RepostStyle(doubled_title=True, author_line="pasted", ad_blocks=2, disclaimer=True, date_style="cn12")
    article = DemoArticle(
        id=42, story_key="ext", site="x", path="/x/42.html", title="外部测试标题",
        paragraphs=["第一段正文内容，用于检验渲染是否完整，长度超过四十个字符，足够作为一个段落来使用了。"] * 5,
        authors=["刘中华", "燕亮"], editors=["王五"], source="某某日报", source_url="http://example.invalid/a",
        published=when, poster="小编", style=style,
    )
    neighbour = DemoArticle(id=1, story_key="n", site="x", path="/n/1.html", title="邻居文章", paragraphs=[], published=when)
    for site in world.sites:
        body = render_article_page(site, article, base_url=BASE, now=NOW, prev=neighbour, next=neighbour, related=[neighbour])
        text = decoded(site, body)
        assert "外部测试标题" in text and "(作者:刘中华 燕亮)" in text and "(广告)" in text
        assert "/n/1.html" in text and article.paragraphs[0] in text


def test_justnews_article_markup(world):
    farm = world.site("kuaibao-farm")
    index = len(farm.articles) // 2
    article = farm.articles[index]
    page = decoded(farm, farm.render(article.path, BASE, NOW)[2])
    assert f"<title>{article.title} - {farm.site_name}</title>" in page
    assert f'<link rel="canonical" href="{BASE.rstrip("/")}{article.path}">' in page
    assert '<div class="entry-content clearfix">' in page and '<aside class="sidebar">' in page
    prev_article = farm.articles[index - 1]
    prev_when = format_date(prev_article.published, article.style.date_style, NOW)
    assert f'<span class="pull-right">{prev_when}</span>' in page
    assert "相关推荐" in page and "热门文章" in page and "Copyright ©" in page


def test_dede_info_line_and_editor(world):
    portal = world.site("haibin-portal")
    article = portal.articles[1]
    page = decoded(portal, portal.render(article.path, BASE, NOW)[2])
    info = re.search(r'<div class="info">(.*?)</div>', page).group(1)
    assert f"作者：{' '.join(article.authors)}" in info and f"来源：{article.source}" in info
    assert f"责任编辑：{article.editors[0]}</p>\n</div>" in page
    assert "上一篇：<a" in page and "当前位置：" in page
    first = decoded(portal, portal.render(portal.articles[0].path, BASE, NOW)[2])
    assert "上一篇：没有了" in first


@pytest.mark.parametrize("name", ["haibin-portal", "kuaibao-farm", "dushi-info", "quiet-ledger"])
def test_prev_next_chain_covers_every_article(world, name):
    site = world.site(name)
    path, seen = site.articles[0].path, []
    while path is not None:
        seen.append(path)
        page = decoded(site, site.render(path, BASE, NOW)[2])
        tree = html.fromstring(page)
        if site.family == "dede":
            links = tree.xpath('//div[@class="pre-next"]/p[starts-with(., "下一篇")]/a/@href')
        else:
            links = tree.xpath('//a[@rel="next"]/@href')
        path = links[0] if links else None
    assert seen == [a.path for a in site.articles]


# --------------------------------------------------------------------------- over HTTP


def test_server_binds_loopback_and_404s(server, world):
    for site in world.sites:
        base = server.base_urls[site.name]
        assert base.startswith("http://127.0.0.1:")
        status, _, body = fetch(server.url(site.name, "/no/such/page.html"))
        assert status == 404 and body
    ports = {server.base_urls[s.name] for s in world.sites}
    assert len(ports) == len(world.sites)


def test_gbk_portal_over_http(server, world):
    portal = world.site("haibin-portal")
    article = portal.articles[-3]
    status, headers, body = fetch(server.url(portal.name, article.path))
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gb18030")
    assert 'charset=gb2312' in text and f"<h1>{article.title}</h1>" in text


def test_robots_sitemap_and_feed(server, world):
    for site in world.sites:
        base = server.base_urls[site.name]
        robots = fetch(base + "robots.txt")[2].decode()
        assert "User-agent: *" in robots and "Disallow: /private/" in robots
        assert f"Sitemap: {base}sitemap.xml" in robots
        urlset = etree.fromstring(fetch(base + "sitemap.xml")[2])
        locs = urlset.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
        assert sorted(locs) == sorted(base.rstrip("/") + a.path for a in site.articles)
        assert len(urlset.xpath("//s:lastmod", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})) == len(locs)
        status, headers, feed = fetch(base.rstrip("/") + site.feed_path)
        assert status == 200
        rss = etree.fromstring(feed)  # lxml honours the GBK declaration of the portal feed
        titles = rss.xpath("//item/title/text()")
        assert titles == [a.title for a in reversed(site.articles[-20:])]
        home = decoded(site, fetch(base)[2])
        assert f'type="application/rss+xml"' in home and site.feed_path in home


def test_listing_pagination_reaches_every_article(server, world):
    for site in world.sites:
        base = server.base_urls[site.name]
        url, found, pages = base, set(), 0
        while url:
            status, _, body = fetch(url)
            assert status == 200
            pages += 1
            tree = html.fromstring(decoded(site, body))
            for href in tree.xpath("//a/@href"):
                clean = href.split("?", 1)[0]
                if site.index_of(clean) is not None:
                    found.add(clean)
            nxt = tree.xpath('//a[text()="下一页" or starts-with(text(), "Older posts")]/@href')
            url = base.rstrip("/") + nxt[0] if nxt else None
        assert found == {a.path for a in site.articles}
        assert pages == site.page_count(10)


def test_listing_has_tracking_params_and_private_link(server, world):
    farm = world.site("kuaibao-farm")
    home = decoded(farm, fetch(server.base_urls[farm.name])[2])
    assert "?from=home" in home
    assert farm.private_article.path in home and farm.private_article.path.startswith("/private/")
    status, _, body = fetch(server.url(farm.name, farm.private_article.path))
    assert status == 200 and farm.private_article.title in decoded(farm, body)
    # A tracked URL serves the same article with a clean canonical link.
    article = farm.articles[-1]
    page = decoded(farm, fetch(server.url(farm.name, article.path + "?utm_source=list"))[2])
    assert f'<link rel="canonical" href="{server.url(farm.name, article.path)}">' in page


def test_repost_source_links_point_at_the_served_portal(server, world):
    portal_base = server.base_urls["haibin-portal"]
    linked = [a for a in world.articles if a.source_url]
    assert linked
    for article in linked:
        assert article.source_url.startswith(portal_base)
        site = world.site(article.site)
        page = decoded(site, fetch(server.url(site.name, article.path))[2])
        assert f"原文链接：<a href=\"{article.source_url}\"" in page
        assert fetch(article.source_url)[0] == 200


def test_blog_over_http(server, world):
    blog = world.site("quiet-ledger")
    article = blog.articles[len(blog.articles) // 2]
    status, headers, body = fetch(server.url(blog.name, article.path))
    page = body.decode("utf-8")
    assert status == 200 and '<html lang="en">' in page
    assert f'<meta property="article:published_time" content="{article.published.isoformat()}">' in page
    assert "By " in page and '<link rel="prev"' in page and '<link rel="next"' in page
    assert all(p in page for p in article.paragraphs)


# --------------------------------------------------------------------------- pages that disappear


@pytest.mark.parametrize("how, status", [("delete", 404), ("gone", 410), ("notice", 200), ("shell", 200),
                                         ("redirect", 302)])
def test_a_withdrawn_article_leaves_every_list_and_answers_as_told(how, status):
    world = build_world(articles=30, seed=5, now=NOW, families=("justnews",))
    site = world.sites[0]
    gone = site.articles[len(site.articles) // 2]
    neighbours = site.articles[site.index_of(gone.path) - 1: site.index_of(gone.path) + 2: 2]
    with DemoServer(world) as running:
        base = running.base_urls[site.name]
        before = fetch(base + "feed/")[2].decode()
        assert gone.path in before
        site.withdraw(gone.path, how)
        request = urllib.request.Request(base.rstrip("/") + gone.path)
        opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                                  {"redirect_request": lambda *a, **k: None}))
        try:
            answer = opener.open(request, timeout=10)
            code, headers, body = answer.status, dict(answer.headers.items()), answer.read()
        except urllib.error.HTTPError as error:
            code, headers, body = error.code, dict(error.headers.items()), error.read()
        assert code == status
        if how == "redirect":
            assert headers["Location"] == base
        if how == "notice":
            assert "该内容已被删除" in body.decode()
        for path in ("", "feed/", "sitemap.xml"):
            assert gone.path not in fetch(base + path)[2].decode()
        chain = fetch(base.rstrip("/") + neighbours[0].path)[2].decode()
        assert gone.path not in chain and neighbours[1].path in chain  # the neighbours now link each other
        site.restore(gone.path)
        assert fetch(base.rstrip("/") + gone.path)[0] == 200 and gone.path in fetch(base + "feed/")[2].decode()


def test_a_rewritten_article_serves_its_new_text():
    world = build_world(articles=10, seed=5, now=NOW, families=("justnews",))
    site = world.sites[0]
    article = site.articles[0]
    site.rewrite(article.path, title="改过的标题", paragraphs=["改写后的第一段文字。", "新增的第二段文字。"])
    page = render_article_page(site, article, base_url=BASE, now=NOW, prev=None, next=None, related=[]).decode()
    assert "改过的标题" in page and "新增的第二段文字。" in page


def test_an_unavailable_article_answers_503_and_stays_listed():
    world = build_world(articles=10, seed=5, now=NOW, families=("justnews",))
    site = world.sites[0]
    article = site.articles[-1]
    with DemoServer(world) as running:
        base = running.base_urls[site.name]
        site.withdraw(article.path, "unavailable")
        assert fetch(base.rstrip("/") + article.path)[0] == 503
        assert article.path in fetch(base + "feed/")[2].decode()
        site.restore(article.path)
        assert fetch(base.rstrip("/") + article.path)[0] == 200
