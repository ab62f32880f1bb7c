"""Issue 11: a page archived as an article and later seen as a listing leaves its story, end to end.

A site on 127.0.0.1 serves an article and, at a second address, a copy of it: the first crawl archives both
in one story. Then the second address serves a list of the site's posts (what a tag page or a reused address
shows): the next crawl — a revisit, and also a plain recrawl without revisit scheduling — takes that copy out
of its story, the story is recounted, and the copy's text stays archived. When the address serves the article
again, the copy goes back into the story.
"""

from __future__ import annotations

from pathlib import Path

from newsarchiver.archive import Archive

from .e2e import crawl, html_page, newsarchiver, rows, serve_routes

DUE = {"NEWSARCHIVER_REVISIT": "0s"}
PARAS = [
    "入秋以来，临河镇的渔民每天清晨五点就驾船出海，傍晚带回的渔获比去年同期多了将近三成，镇上的冷库一度排起长队。",
    "镇里去年新修的码头可以同时停靠十二条船，卸货时间从原来的两个小时缩短到四十分钟，渔民们说省下的时间能多跑一趟。",
    "码头旁的交易棚由合作社统一管理，价格每天早上公布在门口的黑板上，外地来的收购商也按同一个价格结算，很少再有压价的事。",
    "合作社负责人说，明年打算再建一座制冰厂，让远海作业的船只不必再绕道县城补冰，预计能为每条船每月节省一千多元开支。",
]


def article(title: str, when: str) -> tuple:
    text = "".join(f"<p>{p}</p>" for p in PARAS)
    return html_page(f"{title} - 临河镇新闻", f"<nav><a href='/'>首页</a></nav><article><h1>{title}</h1>"
                     f"<p class='meta'>发布时间：{when} 来源：临河镇新闻</p>{text}</article>")


def listing() -> tuple:
    items = "".join(f"<li><a href='/post/{i}.html'>临河镇第{i}期渔业简报：码头、冷库与合作社的新变化</a>"
                    f"<span>2024-09-{i:02d}</span><p>本期简报摘要第{i}条，详见全文。</p></li>" for i in range(1, 16))
    return html_page("渔业简报 - 临河镇新闻", f"<nav><a href='/'>首页</a></nav><h2>渔业简报</h2><ul class='posts'>{items}</ul>")


def copy_row(db: Path, path: str) -> dict:
    names = ("id", "story_id", "story_reason", "not_article_at", "not_article_as", "body")
    found = rows(db, f"SELECT {', '.join(names)} FROM copies WHERE url LIKE ?", f"%{path}")
    assert found, f"{path} is not archived"
    return dict(zip(names, found[0]))


def story_row(db: Path, story_id: int) -> dict:
    names = ("copies", "sites", "original_copy_id", "surviving")
    return dict(zip(names, rows(db, f"SELECT {', '.join(names)} FROM stories WHERE id = ?", story_id)[0]))


def test_a_copy_seen_as_a_listing_leaves_its_story(tmp_path):
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/": html_page("临河镇新闻", "<a href='/news/1.html'>渔获增三成</a> <a href='/tag/1.html'>简报</a>"),
        "/news/1.html": article("临河镇渔获同比增加三成", "2024-09-20 08:30"),
        "/tag/1.html": article("临河镇渔获同比增加三成", "2024-09-20 08:30"),
    }
    db = tmp_path / "archive.db"
    with serve_routes(routes) as (base, _hits):
        crawl([base + "/"], db, **DUE)
        first, second = copy_row(db, "/news/1.html"), copy_row(db, "/tag/1.html")
        assert first["story_id"] == second["story_id"] is not None
        assert story_row(db, first["story_id"])["copies"] == 2

        routes["/tag/1.html"] = listing()  # the address now lists posts
        crawl([base + "/"], db, **DUE)  # a revisit (the archive holds the page and it is due)
        gone_from_story = copy_row(db, "/tag/1.html")
        assert gone_from_story["story_id"] is None and gone_from_story["story_reason"] == "not_article"
        assert gone_from_story["not_article_as"] == "listing" and gone_from_story["not_article_at"]
        assert gone_from_story["body"] == second["body"]  # the archived text stays
        story = story_row(db, first["story_id"])
        assert story["copies"] == 1 and story["original_copy_id"] == first["id"] and story["surviving"] == 1
        kinds = [r[0] for r in rows(db, "SELECT kind FROM copy_events WHERE copy_id = ?", second["id"])]
        assert kinds.count("not_article") == 1
        for args in (("show", str(second["id"])), ("story", str(first["story_id"])), ("stories",), ("stats",),
                     ("export", "--format", "jsonl", "--output", str(tmp_path / "out.jsonl"))):
            shown = newsarchiver(*args, "--archive", str(db))
            assert shown.returncode == 0, (args, shown.stderr[-2000:])

        routes["/tag/1.html"] = article("临河镇渔获同比增加三成", "2024-09-20 08:30")  # an article again
        crawl([base + "/"], db, **DUE)
        back = copy_row(db, "/tag/1.html")
        assert back["story_id"] == first["story_id"] and back["not_article_at"] is None
        assert story_row(db, first["story_id"])["copies"] == 2

        routes["/tag/1.html"] = listing()  # and a recrawl that schedules no revisits sees the list too
        crawl([base + "/"], db, NEWSARCHIVER_INCREMENTAL="False")
        assert copy_row(db, "/tag/1.html")["story_id"] is None
        assert story_row(db, first["story_id"])["copies"] == 1


def test_reextraction_takes_a_listing_out_of_its_story(tmp_path):
    """A copy the current extractor reads as a listing (its stored page) leaves its story on `reextract`."""
    from newsarchiver.extract import extract_article
    from newsarchiver.items import CrawledPage
    from newsarchiver.reextract import reextract

    db = tmp_path / "archive.db"
    status, _headers, page = article("临河镇渔获同比增加三成", "2024-09-20 08:30")
    _s, _h, list_page = listing()
    with Archive(db) as archive, archive.batch():
        for url in ("https://a.example/news/1.html", "https://b.example/tag/1.html"):
            art = extract_article(page, url)
            archive.add_page(CrawledPage(article=art, url=url, fetched_at="2024-09-21T00:00:00+00:00", raw=page))
        # the second site's stored page is, as the extractor reads it now, a listing
        sha = archive.raw_pages.store(list_page)
        archive.db.execute("UPDATE copies SET raw_sha256 = ? WHERE url LIKE '%/tag/1.html'", [sha])
        archive.db.execute("UPDATE fetches SET raw_sha256 = ? WHERE copy_id = "
                           "(SELECT id FROM copies WHERE url LIKE '%/tag/1.html')", [sha])
    with Archive(db) as archive:
        counts = reextract(archive)
    assert counts["not_article"] == 1, counts
    assert copy_row(db, "/tag/1.html")["story_id"] is None
    assert story_row(db, copy_row(db, "/news/1.html")["story_id"])["copies"] == 1
