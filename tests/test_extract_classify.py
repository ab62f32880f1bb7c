"""Page classification from what pages say about themselves: no archive, tag, author, date, search, home or
paged list is an article (not even a tag page listing one excerpt); a page that says it is one article
stays one, whatever lists of related links it holds."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsarchiver.extract import extract_article

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
URL = "http://blog.example.cn/2024/05/pier.html"
EXCERPT = ("海滨新码头今天正式开放，市民踊跃参观，候船大厅同时启用。码头能同时停靠六艘大型客船，周边配套了停车场和公交"
           "接驳站，管理处负责人介绍，旅客候船时间将缩短一半，港口年吞吐能力预计提升四成。")
TEXT = "".join(f"<p>{EXCERPT}第{i}段。</p>" for i in range(4))
RELATED = "<ul class='list'>" + "".join(f"<li><a href='/2024/04/{i}.html'>海滨往期新闻标题第{i}条，市民关心的话题</a></li>" for i in range(8)) + "</ul>"

RU = ("Новый пассажирский причал в приморском городе открылся в понедельник, и жители сразу пришли посмотреть на "
      "него. Причал принимает шесть больших судов одновременно, рядом построены стоянка и остановка автобуса, а время "
      "ожидания пассажиров, по словам администрации порта, сократится вдвое.")
RU_LINKS = "<ul class='more'>" + "".join(f"<li><a href='/2024/04/{i}.html'>Другие новости города, выпуск номер {i}</a></li>" for i in range(10)) + "</ul>"
AR = ("افتتح الرصيف الجديد للركاب في المدينة الساحلية يوم الاثنين، وتوافد السكان لمشاهدته منذ الصباح الباكر. يستقبل "
      "الرصيف ست سفن كبيرة في وقت واحد، وبنيت بجواره مواقف للسيارات ومحطة للحافلات، وقالت إدارة الميناء إن وقت "
      "انتظار المسافرين سينخفض إلى النصف.")
AR_LINKS = "<ul class='more'>" + "".join(f"<li><a href='/2024/04/{i}.html'>أخبار أخرى من المدينة، العدد رقم {i}</a></li>" for i in range(10)) + "</ul>"


def page(body: str, *, head: str = "", body_class: str = "", title: str = "海滨新码头正式开放 - 海滨博客") -> str:
    return (f"<html lang='zh-CN'><head><meta charset='utf-8'><title>{title}</title><meta property='og:site_name' "
            f"content='海滨博客'>{head}</head><body class='{body_class}'>{body}</body></html>")


def one_entry(link: str | None) -> str:
    heading = f"<a href='{link}'>海滨新码头正式开放</a>" if link else "海滨新码头正式开放"
    return f"<main><article class='post'><h2 class='entry-title'>{heading}</h2><div class='entry-summary'><p>{EXCERPT}</p>" \
           f"<p><a href='{link or '#'}'>阅读全文</a></p></div></article></main>"


CASES = [
    ("a tag page listing one excerpt (its entry title links to the post)",
     page(one_entry("/2024/05/pier.html"), title="码头 - 海滨博客"), "http://blog.example.cn/tags-3.html", "listing"),
    ("an archive page saying so in its body classes",
     page(one_entry(None), body_class="archive tag tag-pier", title="码头 - 海滨博客"), "http://blog.example.cn/tag/pier/",
     "listing"),
    ("an author page described as a profile",
     page(one_entry(None), head='<script type="application/ld+json">{"@type": "ProfilePage", "name": "李明"}</script>',
          title="李明 - 海滨博客"), "http://blog.example.cn/author/liming/", "listing"),
    ("search results described as such",
     page(one_entry(None), head='<script type="application/ld+json">{"@graph": [{"@type": "SearchResultsPage"}]}</script>',
          title="搜索 码头 - 海滨博客"), "http://blog.example.cn/?s=码头", "listing"),
    ("a paged list", page(one_entry(None), body_class="home blog paged paged-2"), "http://blog.example.cn/page/2/",
     "listing"),
    ("the home page: its title is the site's name",
     page(f"<h1>海滨博客</h1>{RELATED}<div class='intro'>{TEXT}</div>", title="海滨博客"), "http://blog.example.cn/",
     "not article"),
    ("a post saying it is one article keeps its related list",
     page(f"<article><h1>海滨新码头正式开放</h1><div class='entry-content'>{TEXT}{RELATED}{RELATED}</div></article>",
          head="<meta property='og:type' content='article'>", body_class="post-template-default single single-post"),
     URL, "article"),
    ("a two-line notice under its headline and date is a post",
     page("<div class='post'><h1>本站栏目调整公告</h1><div class='info'>2024-07-01 09:00</div><div class='single'>"
          "<p>为了给读者提供更好的阅读体验，本站自7月1日起对栏目进行调整。</p><p>调整期间部分页面可能无法访问，敬请谅解。</p></div></div>",
          title="本站栏目调整公告 - 海滨博客"), URL, "article"),
    ("a headline linking up to its section is a site title, not an entry",
     page(f"<h1><a href='/2024/'>海滨新码头正式开放</a></h1><div class='entry-content'>{TEXT}</div>"), URL, "article"),
    # prose is counted in words of any alphabet: a Cyrillic or Arabic story beside a column of links is
    # an article, not a list (Latin letters alone would find no word in it)
    ("a Cyrillic article beside a column of links",
     page(f"<h1>Новый причал открылся</h1><div class='text'>{''.join(f'<p>{RU}</p>' for _ in range(3))}</div>{RU_LINKS}",
          title="Новый причал открылся"), "http://news.example.ru/2024/05/pier.html", "article"),
    ("an Arabic article beside a column of links",
     page(f"<h1>افتتاح الرصيف الجديد</h1><div class='text'>{''.join(f'<p>{AR}</p>' for _ in range(3))}</div>{AR_LINKS}",
          title="افتتاح الرصيف الجديد"), "http://news.example.ae/2024/05/pier.html", "article"),
]


@pytest.mark.parametrize(("why", "html", "url", "kind"), CASES, ids=[c[0][:60] for c in CASES])
def test_page_type(why, html, url, kind):
    got = extract_article(html, url, fetched_at=NOW).page_type
    assert got == kind or (kind == "not article" and got != "article"), why
