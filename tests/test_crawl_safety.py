"""What a crawl will not fetch (newsarchiver/safety.py, docs/security.md): pages of other hosts or ports reached by
a redirect, addresses inside the network reached by name, and their robots.txt. Real crawls of sites served on
127.0.0.1; every refused address either is never connected to or would hit a local server that counts."""

from __future__ import annotations

import json

from .e2e import crawl, html_page, redirect, rows, serve_routes

ARTICLE = ("<h1>{title}</h1><p class='byline'>2024年5月12日 10:05 来源：本站</p><div class='content'>"
           + "<p>{title}。这是一段足够长的新闻正文，说明事情的经过和各方的回应。</p>" * 6 + "</div>")


def article(title: str) -> tuple:
    return html_page(title, ARTICLE.format(title=title))


def test_a_redirect_off_the_crawls_sites_is_not_followed(tmp_path):
    with serve_routes({"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
                       "/stolen.html": article("别的网站的文章"), "/zero.html": article("另一个文章")}) as (other, other_hits):
        port = other.rsplit(":", 1)[1]
        routes = {
            "/": html_page("首页", "<ul>" + "".join(f"<li><a href='{p}'>{p}</a></li>" for p in
                                                  ("/a1.html", "/to-other-port.html", "/to-metadata.html",
                                                   "/to-zero.html")) + "</ul>"),
            "/a1.html": article("本站的文章"),
            "/to-other-port.html": redirect(f"http://127.0.0.1:{port}/stolen.html"),  # same host, other port
            "/to-metadata.html": redirect("http://169.254.169.254/latest/meta-data/"),  # link-local: cloud metadata
            "/to-zero.html": redirect(f"http://0.0.0.0:{port}/zero.html"),  # would reach the other server
        }
        with serve_routes(routes) as (base, hits):
            archive = tmp_path / "a.db"
            result = crawl([base + "/"], archive, LOG_LEVEL="DEBUG")
    assert other_hits == {}, "a refused host was contacted"  # not its pages, not its robots.txt
    assert [r[0] for r in rows(archive, "SELECT url FROM copies")] == [base + "/a1.html"]
    errors = dict(rows(archive, "SELECT url, kind FROM fetch_errors"))
    assert errors == {base + "/to-other-port.html": "offsite_redirect", base + "/to-metadata.html": "offsite_redirect",
                      base + "/to-zero.html": "offsite_redirect"}
    (stats,), = rows(archive, "SELECT stats FROM crawl_runs")
    stats = json.loads(stats)
    assert stats["newsarchiver/refused/offsite_redirect"] == 3
    assert stats["newsarchiver/errors/offsite_redirect"] == 3
    # No connection was attempted to 169.254.169.254: no download of it, no error of the downloader.
    assert "169.254.169.254" not in "".join(line for line in result.stderr.splitlines() if "Crawled" in line)
    exceptions = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("downloader/exception_type_count/")}
    assert exceptions == {"newsarchiver.safety.RefusedRequest": 3}  # refusals, no network error
    assert stats["downloader/request_count"] == hits.total()  # every download the crawler made reached our site


def test_a_host_name_resolving_inside_the_network_is_refused(tmp_path):
    """`localhost` resolves to 127.0.0.1: by name it is refused (nothing is fetched, robots.txt neither) and
    recorded; the same site given by its address is crawled."""
    routes = {"/": html_page("首页", "<a href='/a1.html'>文章</a>"), "/a1.html": article("本站的文章")}
    with serve_routes(routes) as (base, hits):
        by_name = base.replace("127.0.0.1", "localhost")
        refused = tmp_path / "refused.db"
        crawl([by_name + "/"], refused, exit_status=(1,))  # nothing fetched at all: the crawl failed
        assert hits == {}
        assert rows(refused, "SELECT url, kind FROM fetch_errors") == [(by_name + "/", "private_address")]
        allowed = tmp_path / "allowed.db"
        crawl([base + "/"], allowed)
    assert rows(refused, "SELECT count(*) FROM copies") == [(0,)]
    assert [r[0] for r in rows(allowed, "SELECT url FROM copies")] == [base + "/a1.html"]


def test_prev_next_chains_obey_the_listing_hop_limit(tmp_path):
    """A chain of pages without an article, linked only by 上一篇/下一篇, stops after NEWSARCHIVER_MAX_LISTING_HOPS."""

    def notice(n: int) -> tuple:
        prev = f"<p>上一篇：<a href='/n/{n - 1}.html'>站内公告 {n - 1}</a></p>" if n > 1 else ""
        return html_page(f"站内公告 {n}", f"<h1>站内公告 {n}</h1><p>本页暂无内容。</p><div class='post-navigation'>"
                                        f"{prev}<p>下一篇：<a href='/n/{n + 1}.html'>站内公告 {n + 1}</a></p></div>")

    routes = {f"/n/{n}.html": notice(n) for n in range(1, 301)}
    with serve_routes(routes) as (base, hits):
        archive = tmp_path / "a.db"
        crawl([base + "/n/1.html"], archive, NEWSARCHIVER_MAX_LISTING_HOPS="5")
    fetched = sorted(int(p.split("/")[2].split(".")[0]) for p in hits if p.startswith("/n/"))
    assert fetched == list(range(1, 7)), fetched  # the start page and 5 more, not 300
    (stats,), = rows(archive, "SELECT stats FROM crawl_runs")
    assert json.loads(stats)["newsarchiver/listing_hops_exceeded"] >= 1


def test_robots_txt_is_fetched_once_per_site(tmp_path):
    """Scrapy's robots.txt middleware and the spider's own request for its Sitemap: lines share one download."""
    routes = {
        "/robots.txt": lambda base: (200, {"Content-Type": "text/plain"},
                                     f"User-agent: *\nDisallow: /private/\nSitemap: {base}/map.xml\n".encode()),
        "/map.xml": lambda base: (200, {"Content-Type": "application/xml"},
                                  ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                                   f'schemas/sitemap/0.9"><url><loc>{base}/a1.html</loc></url><url><loc>{base}/a2.html'
                                   f'</loc></url><url><loc>{base}/private/a3.html</loc></url></urlset>').encode()),
        "/": html_page("首页", "<p>欢迎</p>"),
        "/a1.html": article("只在网站地图里的文章一"),
        "/a2.html": article("只在网站地图里的文章二"),
        "/private/a3.html": article("不许抓取的文章"),
    }
    with serve_routes(routes) as (base, hits):
        archive = tmp_path / "a.db"
        crawl([base + "/"], archive)
    assert hits["/robots.txt"] == 1
    assert hits["/map.xml"] == 1  # found through robots.txt (and /sitemap.xml is tried too)
    assert sorted(r[0] for r in rows(archive, "SELECT url FROM copies")) == [base + "/a1.html", base + "/a2.html"]
    assert "/private/a3.html" not in hits


def test_a_robots_txt_that_cannot_be_fetched_forbids_the_site(tmp_path):
    """A robots.txt whose connection dies (no answer at all) forbids the site for the run: nothing else fetched."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    asked: list[bytes] = []

    def drop_every_connection() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            asked.append(conn.recv(4096).split(b"\r\n", 1)[0])
            conn.close()  # no answer: the download fails

    threading.Thread(target=drop_every_connection, daemon=True).start()
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        # its only site unreachable: nothing fetched, the crawl failed (newsarchiver.outcome)
        result = crawl([base + "/"], tmp_path / "a.db", exit_status=(1,), RETRY_TIMES="0")
    finally:
        listener.close()
    assert asked and all(line.startswith(b"GET /robots.txt ") for line in asked), asked
    assert "not crawling that site this run" in result.stderr


def test_a_revisit_redirected_off_the_site_is_unreachable_not_gone(tmp_path):
    """An archived page that now redirects to another site: the redirect is not followed, and the revisit is no
    evidence that the copy was removed (docs/archive.md, "Disappearances"): an `unreachable` event, status alive
    however many revisits find it so."""
    with serve_routes({"/taken.html": article("别的网站的文章")}) as (other, other_hits):
        routes = {"/": html_page("首页", "<a href='/a1.html'>文章</a>"), "/a1.html": article("本站的文章")}
        with serve_routes(routes) as (base, hits):
            archive = tmp_path / "a.db"
            due = {"NEWSARCHIVER_REVISIT": "0s"}  # every archived page is due at every crawl
            crawl([base + "/"], archive, **due)
            routes["/"] = html_page("首页", "<p>没有文章</p>")  # no link leads to it: it is revisited as archived
            routes["/a1.html"] = redirect(other + "/taken.html")
            crawl([base + "/"], archive, **due)
            crawl([base + "/"], archive, **due)
    assert other_hits == {}
    assert hits["/a1.html"] == 3  # the first crawl, then two revisits requested from the archive
    assert rows(archive, "SELECT status, gone_at, failed_visits FROM copies") == [("alive", None, 2)]
    assert rows(archive, "SELECT kind, status, detail LIKE 'offsite_redirect%' FROM copy_events") == \
        [("unreachable", "alive", 1)] * 2
