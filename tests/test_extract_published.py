"""The published/updated chooser on small pages: where the article's own date is, and what beats what."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsarchiver.extract import extract_article

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
ZH_TEXT = "".join(f"<p>海滨新码头今天正式开放，市民踊跃参观，候船大厅同时启用，第{i}段介绍了码头的建设经过。</p>" for i in range(5))
EN_TEXT = "".join(f"<p>The new pier opened to the public this morning, and the town came out to see it; part {i} of "
                  "the story tells how the harbour was rebuilt over three long winters.</p>" for i in range(5))
PAGE_FOOTER = "<footer class='site-footer'>Copyright © 2018-2024 本站 更新于 2024-03-05 10:00</footer>"


def page(body: str, head: str = "", lang: str = "zh-CN") -> str:
    return f"<html lang='{lang}'><head><meta charset='utf-8'><title>海滨新码头正式开放</title>{head}</head><body>{body}</body></html>"


CASES = [
    (
        "a theme's entry footer inside the article holds its date (the page's footer never does)",
        page("<main><article><header class='entry-header'><h1 class='entry-title'>海滨新码头正式开放</h1></header>"
             f"<div class='entry-content'>{ZH_TEXT}</div><footer class='entry-footer'><span class='posted-on'>发布于 "
             "<time class='entry-date published' datetime='2022-05-31T10:02:44+08:00'>2022年5月31日</time></span>"
             "<span class='byline'><a rel='author' href='/author/li/'>李明</a></span></footer></article></main>"
             + PAGE_FOOTER),
        "2022-05-31T10:02:44+08:00", None,
    ),
    (
        "a block theme's post-date block after the content, inside <main>",
        page("<main class='wp-block-group'><h1 class='wp-block-post-title'>海滨新码头正式开放</h1>"
             f"<div class='entry-content wp-block-post-content'>{ZH_TEXT}</div><div class='wp-block-group'>"
             "<div class='wp-block-post-date'><time datetime='2022-05-31T10:02:44+08:00'>2022年5月31日</time></div>"
             "</div></main>" + PAGE_FOOTER),
        "2022-05-31T10:02:44+08:00", None,
    ),
    (
        "a date only in the page's footer is no date of the article",
        page(f"<div class='post'><h1>海滨新码头正式开放</h1><div class='content'>{ZH_TEXT}</div></div>" + PAGE_FOOTER),
        None, None,
    ),
    (
        "'Last updated' dates the update; the claim dates the publication",
        page("<article><h1>The New Pier Opens</h1><div class='meta'>Last updated: <time datetime='2025-09-04T19:24:33Z'>"
             f"Sep 4, 2025</time></div><div class='body'>{EN_TEXT}</div></article>",
             '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "The New Pier Opens", '
             '"datePublished": "2024-04-10T19:30:39Z", "dateModified": "2025-09-04T19:24:33Z"}</script>', "en"),
        "2024-04-10T19:30:39+00:00", "2025-09-04T19:24:33+00:00",
    ),
    (
        "the dateline under the headline beats a JSON-LD claim that names another day",
        page(f"<article><h1>The New Pier Opens</h1><div class='meta'>By Jane Doe · December 19, 2025</div>"
             f"<div class='body'>{EN_TEXT}</div></article>",
             '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "The New Pier Opens", '
             '"datePublished": "2025-06-23T18:44:33+00:00"}</script>', "en"),
        "2025-12-19", None,
    ),
    (
        "the CMS's OpenGraph post date stands against an unlabelled dateline",
        page(f"<article><h1>The New Pier Opens</h1><div class='meta'>By Jane Doe · December 19, 2025</div>"
             f"<div class='body'>{EN_TEXT}</div></article>",
             '<meta property="article:published_time" content="2025-06-23T18:44:33+00:00">', "en"),
        "2025-06-23T18:44:33+00:00", None,
    ),
    (
        "a dateline printed just above the headline; a page that shows only its update is dated by it",
        page(f"<div class='hero'><div class='stamp'>Last updated: Dec 12, 2025</div><h1>The New Pier Opens</h1></div>"
             f"<div class='body'>{EN_TEXT}</div>", "", "en"),
        "2025-12-12", "2025-12-12",
    ),
    (
        "an <aside> inside the article holding its <time> is the article's",
        page(f"<article><aside><time datetime='2021-06-06'>June 6, 2021</time></aside><h1>The New Pier Opens</h1>"
             f"<div class='body'>{EN_TEXT}</div></article>", "", "en"),
        "2021-06-06", None,
    ),
    (
        "a dateline under an <h1> in a banner the text walk skips",
        page(f"<div class='hero-banner'><h1 class='x'>The New Pier Opens</h1><p class='muted'>December 15, 2025</p></div>"
             f"<div class='post'>{EN_TEXT}</div>", "", "en"),
        "2025-12-15", None,
    ),
    (
        "a written date beside a relative one in the info line is the one meant",
        page("<div class='post'><h1>海滨新码头正式开放</h1><div class='info'><span class='user'>秋水</span><span class='date'>"
             f"3年前<span class='datetime'> (2024-01-08)</span></span></div><div class='single'>{ZH_TEXT}</div></div>"),
        "2024-01-08", None,
    ),
    (
        "a date printed inside the headline's element",
        page(f"<div class='post'><h2 class='post-title'>海滨新码头正式开放<span class='post-date'>2024-01-05 13:12:00</span>"
             f"</h2><div class='post-body'>{ZH_TEXT}</div></div>"),
        "2024-01-05T13:12:00+08:00", None,
    ),
    (
        "a 'Last updated' dateline just above a banner headline, and nothing else dated",
        page(f"<div class='hero-banner'><div class='meta'><span>Last updated:</span> <span>Dec 12, 2025</span></div>"
             f"<h1 class='x'>The New Pier Opens</h1></div><div class='post'>{EN_TEXT}</div>", "", "en"),
        "2025-12-12", None,
    ),
    (
        "a date only in the URL path, its month named",
        page(f"<div class='post'><h1>The New Pier Opens</h1><p class='d'>03/10/2023</p>{EN_TEXT}</div>", "", "en"),
        "2023-10-03", None,
    ),
    (
        "a headline that says 更新 does not make the byline's time under it an update",
        page("<main><article><div class='entry-head'><h1 class='entry-title'>（更新）海滨新码头正式开放</h1>"
             "<div class='entry-info'><span class='vcard'><a href='/author/bj/'>编辑部</a></span> • "
             "<time class='entry-date published'>2022年5月31日 10:02</time> • <a href='/c/news/'>新闻</a></div></div>"
             f"<div class='entry-content'>{ZH_TEXT}</div></article></main>"),
        "2022-05-31T10:02:00+08:00", None,
    ),
    (
        "in one short line, the time before 'Updated:' is the publication's, the one after it the update's",
        page(f"<article><h1>The New Pier Opens</h1><div class='byline'><span>JANE DOE</span> <time "
             "datetime='2019-11-20 06:09:25'>Nov. 20, 2019</time> <time datetime='2019-11-20 09:35:46'>Updated: "
             f"Nov. 20, 2019 9:35 a.m.</time></div><div class='body'>{EN_TEXT}</div></article>", "", "en"),
        "2019-11-20T06:09:25+00:00", "2019-11-20T09:35:46+00:00",
    ),
    (
        "a dotted day-month-year dateline",
        page(f"<section><h1>The New Pier Opens</h1><span class='x'>17.05.2021</span><div class='body'>{EN_TEXT}"
             "</div></section>", "", "en"),
        "2021-05-17", None,
    ),
]


@pytest.mark.parametrize(("why", "html", "published", "updated"), CASES, ids=[c[0][:50] for c in CASES])
def test_published_and_updated(why, html, published, updated):
    url = "https://news.example.com/blog/2023/october/03/pier" if "URL path" in why else "https://news.example.com/a/1.html"
    article = extract_article(html, url, fetched_at=NOW)
    assert (article.published.value if article.published else None) == published, why
    if updated is not None:
        assert article.updated is not None and article.updated.value == updated, why
    elif "更新" in why:
        assert article.updated is None, why
