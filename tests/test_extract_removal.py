"""Removal evidence (extract/removal.py): notices, empty shells and redirects, on small inline pages."""

from __future__ import annotations

import pytest

from newsarchiver.extract import extract_article
from newsarchiver.extract.removal import (EMPTY_SHELL, NOTICE, REDIRECT, assess_revisit, notice_text, only_a_notice,
                                          redirect_is_removal, text_still_there, visible_text)

ARTICLE = "http://news.example.com/2024/05/12/1234.html"
BODY = "\n".join(f"第{i}段：北辰市今年新建的{i * 3}座口袋公园已经全部开放，附近居民每天傍晚都会来散步、下棋和跳广场舞。"
                 for i in range(1, 7))


def frame(title: str, content: str, sidebar: str = "") -> str:
    """A CMS-like page: menu and sidebar are links, the content is what the page is about."""
    return f"""<html><head><title>{title} - 北辰资讯网</title></head><body>
<nav><a href="/">首页</a> <a href="/news/">新闻</a></nav>
<main><h1>{title}</h1><div class="content">{content}</div></main>
<aside><h3>热门文章</h3><ul>{sidebar}</ul></aside>
<footer>北辰资讯网 版权所有</footer></body></html>"""


def assess(html: str, url: str = ARTICLE, final: str = ARTICLE):
    article = extract_article(html, final)
    return assess_revisit(url=url, final_url=final, page_type=article.page_type, title=article.title,
                          body=article.body, html=html)


@pytest.mark.parametrize("title, content, phrase", [
    ("该内容已被删除", "<p>该内容已被删除，请浏览其他文章。</p><p><a href='/'>返回首页</a></p>", "已被删除"),
    ("提示信息", "<p>抱歉，您访问的页面不存在。</p>", "页面不存在"),
    ("文章已下架", "<p>根据相关法律法规，该文章已下架。</p>", "下架"),
    ("北辰市口袋公园全部开放", "<p>此文章已被删除</p>", "此文章已被删除"),
    ("Notice", "<p>Sorry, this article has been removed by its author.</p>", "this article has been removed"),
    ("Page Not Found", "<p>The page you asked for is no longer available.</p>", "Not Found"),
    ("404", "<p>返回首页</p>", "404"),
])
def test_a_removal_notice_is_read_from_the_title_or_short_content(title, content, phrase):
    found = assess(frame(title, content))
    assert found is not None and found.how == NOTICE
    assert phrase.casefold().replace(" ", "") in found.notice.casefold().replace(" ", "")


def test_the_notice_text_is_the_sentence_that_says_it():
    html = frame("提示", "<p>抱歉！该内容已被删除，您可以浏览其他文章。</p>")
    assert assess(html).notice == "抱歉！该内容已被删除，您可以浏览其他文章。"


def test_an_article_that_reports_a_deletion_is_no_notice():
    body = "".join(f"<p>{p}</p>" for p in BODY.splitlines()) + "<p>涉事账号发布的视频已被删除，平台表示内容不存在违规。</p>"
    assert assess(frame("某平台回应：违规视频已被删除", body)) is None


def test_a_sidebar_link_is_not_a_notice():
    sidebar = '<li><a href="/2">旧闻：某页面不存在的问题已修复</a></li>'
    assert visible_text(frame("标题", "<p>正文</p>", sidebar)).count("页面不存在") == 0


@pytest.mark.parametrize("title, content", [
    ("", ""),
    ("", "<p>　</p>"),
    ("北辰资讯网", "<div class='meta'>2024-05-12</div>"),
])
def test_an_empty_article_template_is_an_empty_shell(title, content):
    found = assess(frame(title, content))
    assert found is not None and found.how == EMPTY_SHELL


def test_a_whole_article_is_none():
    body = "".join(f"<p>{p}</p>" for p in BODY.splitlines())
    assert assess(frame("北辰市口袋公园全部开放", body)) is None


@pytest.mark.parametrize("final, page_type, removal", [
    ("http://news.example.com/", "listing", True),
    ("http://news.example.com/index.php", "listing", True),
    ("http://www.news.example.com/", "other", True),  # www. is the same site
    ("http://news.example.com/news/", "listing", True),  # a listing
    ("http://news.example.com/2024/05/", "article", True),  # a directory above the article
    ("http://news.example.com/2024/05/13/99.html", "article", False),  # another article: the page moved
    ("https://other.example.org/", "listing", False),  # another site: says nothing about this copy
    ("http://news.example.com/2024/05/12/1234.html?utm_source=x", "article", False),  # the same page
])
def test_redirects_that_say_the_article_is_gone(final, page_type, removal):
    assert redirect_is_removal(ARTICLE, final, page_type) is removal


def test_a_redirect_home_is_recorded_with_its_target():
    found = assess_revisit(url=ARTICLE, final_url="http://news.example.com/", page_type="listing", title="首页",
                           body="", html="<html></html>")
    assert found.how == REDIRECT and found.target == "http://news.example.com/" and "home" in found.detail


def test_the_archived_text_still_on_the_page_means_it_was_misread_not_removed():
    paragraphs = BODY.splitlines()
    misread = frame("此文章已被删除？", "".join(f"<p>{p}</p>" for p in paragraphs))
    assert text_still_there(BODY, visible_text(misread))
    shell = frame("", "<p>已删除</p>")
    assert not text_still_there(BODY, visible_text(shell))
    assert not text_still_there("", "anything")  # nothing archived to look for
    half = frame("x", "".join(f"<p>{p}</p>" for p in paragraphs[:3]))
    assert text_still_there(BODY, visible_text(half))  # half the paragraphs: still there


def test_notice_text_reads_titles_of_error_codes_only_as_a_whole():
    assert notice_text("404", "") == "404"
    assert notice_text("2404 名考生", "短讯") is None


@pytest.mark.parametrize("title, body, notice", [
    ("提示信息", "该内容已被删除，请浏览其他文章。", True),
    ("该文章不存在", "返回首页", True),
    ("Page not found", "Sorry, this page does not exist.\n\nGo home", True),
    ("网友称某视频已被删除", "记者今天从平台获悉，网友反映的那段视频确实已被删除，平台称将继续核查相关账号的其他内容。", False),
    ("北辰市口袋公园全部开放", BODY, False),
])
def test_only_a_notice_tells_a_notice_from_an_article_about_a_deletion(title, body, notice):
    assert (only_a_notice(title, body) is not None) is notice


def test_a_short_article_next_to_a_quoted_notice_is_an_article():
    """A farm's sidebar or prev/next box may print another post's title as text — "抱歉，该文章已被删除" once
    that post was replaced by a notice. The article beside it is still there."""
    short = "".join(f"<p>{p}</p>" for p in BODY.splitlines()[:2])
    html = frame("北辰市口袋公园全部开放", short).replace(
        "<h3>热门文章</h3>", "<h3>热门文章</h3><p>上一篇：<span>抱歉，该文章已被删除</span></p>")
    assert "该文章已被删除" in visible_text(html)
    assert assess(html) is None


def test_a_revisit_that_lands_on_another_site_says_nothing_about_the_copy():
    assert assess_revisit(url=ARTICLE, final_url="https://other.example.org/", page_type="listing", title="首页",
                          body="", html="<html><body>首页</body></html>") is None


def test_notice_sized_reads_the_beginning_of_a_long_body_as_the_whole_would():
    import random

    from newsarchiver.extract.removal import NOTICE_MAX_CHARS, _squeeze, notice_sized

    rng = random.Random(3)
    # CJK, spaces of every kind, characters NFKC or casefold expand (ß, ㍿, ﬁ) or compose (Hangul jamo, e + ́)
    alphabet = ["新", "闻", "a", "B", " ", "\n", "\u3000", "ß", "\u0301", "e", "㍿", "ﬁ", "가", "\u1100", "\u1161", "Ａ", "　　"]
    for _ in range(3000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(250, 1400)))
        assert notice_sized(body) == (len(_squeeze(body)) <= NOTICE_MAX_CHARS), body


def test_notice_sized_does_not_normalise_a_long_article_whole(monkeypatch):
    from newsarchiver.extract import removal

    squeezed: list[int] = []
    real = removal._squeeze
    monkeypatch.setattr(removal, "_squeeze", lambda text: squeezed.append(len(text or "")) or real(text))
    article = BODY * 20  # ~6,000 characters
    assert not removal.notice_sized(article)
    assert squeezed and max(squeezed) <= 2 * removal.NOTICE_MAX_CHARS  # only its beginning was read
