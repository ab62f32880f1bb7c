"""WordPress pages in the style of the wpcom "Justnews" theme, as Chinese content farms run it.

The markup follows the theme's structure (``entry-head`` / ``entry-info`` / ``entry-content``
/ ``entry-page`` / ``entry-related`` / sidebar widgets) because that is what extractors
meet in the wild: the true date sits in ``<time class="entry-date">`` while neighbour
links, related posts, comments and the sidebar all carry other dates.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from .dates import short_date
from .model import DemoArticle
from .pagekit import (
    DISCLAIMER,
    PAGE_SIZE,
    Page,
    article_date,
    comment_times,
    content_blocks,
    esc,
    excerpt,
    listing_slice,
)

if TYPE_CHECKING:
    from .world import Site

FEED_PATH = "/feed/"
THEME_CSS = "/wp-content/themes/justnews/css/style.css?ver=6.2.1"
#: Account slugs for the author archive link of the posting account.
POSTER_SLUGS = {"小编": "xiaobian", "admin": "admin", "资讯小编": "zixun", "编辑部": "bianjibu"}
COMMENTS = (
    "写得很实在，希望后续能继续跟进报道。",
    "我们小区也有类似情况，期待早日解决。",
    "数据很详细，先收藏了。",
    "家门口的变化确实看得见，点赞。",
    "希望相关部门多听听群众的意见。",
)
#: Listing pages: ``/``, ``/page/N/`` and ``/category/news/[page/N/]``; group 1 is the page number (none: page 1).
LISTING_RE = re.compile(r"^/(?:category/news/)?(?:page/(\d+)/)?$")


def _head(page: Page, title: str, canonical: str, extra: str = "") -> str:
    site = page.site
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="canonical" href="{esc(canonical)}">
<link rel="alternate" type="application/rss+xml" title="{esc(site.site_name)} &raquo; Feed" href="{esc(page.url(FEED_PATH))}">
<link rel="stylesheet" id="stylesheet-css" href="{THEME_CSS}" type="text/css" media="all">
{extra}</head>
"""


def _header(page: Page) -> str:
    site = page.site
    return f"""<header class="header">
<div class="container">
<div class="navbar-header"><div class="logo"><a href="/" rel="home">{esc(site.site_name)}</a></div></div>
<nav class="collapse navbar-collapse"><ul class="nav navbar-nav main-menu">
<li class="menu-item current-menu-item"><a href="/">首页</a></li>
<li class="menu-item"><a href="/category/news/">新闻</a></li>
<li class="menu-item"><a href="{FEED_PATH}">订阅</a></li>
</ul></nav>
</div>
</header>
"""


def _sidebar(page: Page, with_private: bool = False) -> str:
    items = []
    for hot in page.site.hot_articles():
        items.append(
            f'<li class="item"><div class="item-content"><p class="item-title">'
            f'<a href="{esc(hot.path)}" title="{esc(hot.title)}">{esc(hot.title)}</a></p>'
            f'<p class="item-date">{esc(short_date(hot.published, hot.style.date_style, page.now))}</p>'
            f"</div></li>"
        )
    private = ""
    draft = page.site.private_article
    if with_private and draft is not None:
        private = (
            '<div class="widget widget_nav_menu"><h3 class="widget-title"><span>站务</span></h3>'
            f'<ul><li><a href="{esc(draft.path)}">内部预览：{esc(draft.title)}</a></li></ul></div>'
        )
    return f"""<aside class="sidebar">
<div class="widget widget_post_hot"><h3 class="widget-title"><span>热门文章</span></h3>
<ul>
{chr(10).join(items)}
</ul></div>
{private}
</aside>
"""


def _footer(page: Page) -> str:
    site = page.site
    return f"""<footer class="footer">
<div class="container"><div class="footer-col footer-col-copy">
<ul class="footer-nav hidden-xs"><li><a href="/">首页</a></li><li><a href="/sitemap.xml">网站地图</a></li></ul>
<div class="copyright"><p>Copyright © {site.copyright_since}-{page.now.year} {esc(site.site_name)} 版权所有 <a href="https://beian.miit.gov.cn/" rel="nofollow" target="_blank">{esc(site.icp)}</a></p></div>
</div></div>
</footer>
<script type="text/javascript" src="/wp-content/themes/justnews/js/main.js?ver=6.2.1"></script>
</body>
</html>
"""


def _time_tag(page: Page, article: DemoArticle) -> str:
    text = esc(article_date(page, article))
    if article.style.time_datetime_attr:
        stamp = article.published.isoformat()
        return f'<time class="entry-date published" datetime="{stamp}" pubdate>{text}</time>'
    return f'<time class="entry-date published">{text}</time>'


def _entry_info(page: Page, article: DemoArticle) -> str:
    parts = []
    if article.poster:
        slug = POSTER_SLUGS.get(article.poster, "editor")
        parts.append(
            f'<span class="vcard"><a class="nickname url fn j-user-card" data-user="{article.id % 97 + 1}" '
            f'href="/author/{slug}/">{esc(article.poster)}</a></span>'
        )
    if article.style.author_line == "info" and article.authors:
        parts.append(f'<span class="entry-author">作者：{esc(" ".join(article.authors))}</span>')
    parts.append(_time_tag(page, article))
    if article.style.source_line and article.source:
        parts.append(f'<span class="entry-source">来源：{esc(article.source)}</span>')
    parts.append('<a href="/category/news/" rel="category tag">新闻</a>')
    return ' <span class="dot">•</span> '.join(parts)


def _entry_content(article: DemoArticle, site: Site) -> str:
    blocks = content_blocks(article, site)
    if article.editors:
        blocks.append(f"<p>责任编辑：{esc(' '.join(article.editors))}</p>")
    if article.style.source_line and article.source_url:
        url = esc(article.source_url)
        blocks.append(f'<p class="entry-source-link">原文链接：<a href="{url}" rel="nofollow">{url}</a></p>')
    return "\n".join(blocks)


def _neighbour(page: Page, article: DemoArticle, other: DemoArticle | None, older: bool, style: str) -> str:
    if other is None:
        return ""
    kind, label = ("prev", "« 上一篇") if older else ("next", "下一篇 »")
    when = esc(article_date(page, other, style))
    # The label sits on the outer side, the neighbour's date on the inner side, as the theme does.
    info = (
        f'<span class="pull-left">{label}</span><span class="pull-right">{when}</span>'
        if older
        else f'<span class="pull-left">{when}</span><span class="pull-right">{label}</span>'
    )
    return (
        f'<div class="entry-page-{kind}"><a href="{esc(other.path)}" title="{esc(other.title)}" rel="{kind}">'
        f"<span>{esc(other.title)}</span></a>"
        f'<div class="entry-page-info">{info}</div></div>'
    )


def _related(page: Page, related: list[DemoArticle]) -> str:
    items = []
    for other in related:
        items.append(
            f'<li class="item"><div class="item-content"><h4 class="item-title">'
            f'<a href="{esc(other.path)}" rel="bookmark">{esc(other.title)}</a></h4>'
            f'<div class="item-meta"><span class="item-meta-li date">'
            f"{esc(short_date(other.published, other.style.date_style, page.now))}</span></div></div></li>"
        )
    return (
        '<h3 class="entry-related-title">相关推荐</h3>\n'
        '<ul class="entry-related cols-3 post-loop post-loop-default">\n' + "\n".join(items) + "\n</ul>"
    )


def _comments(page: Page, article: DemoArticle) -> str:
    count = 1 + article.id % 2
    items = []
    for k, when in enumerate(comment_times(page, article, count)):
        text = COMMENTS[(article.id + k) % len(COMMENTS)]
        items.append(
            f'<li class="comment" id="comment-{article.id * 10 + k}"><div class="comment-body">'
            f'<div class="comment-head"><span class="name">网友{(article.id * 7 + k) % 9000 + 1000}</span> '
            f'<span class="time">{when:%Y-%m-%d %H:%M}</span></div>'
            f'<div class="comment-text"><p>{esc(text)}</p></div></div></li>'
        )
    return f"""<div id="comments" class="entry-comments">
<h3 class="comments-title">评论列表（{count}条）</h3>
<ul class="comments-list">
{chr(10).join(items)}
</ul>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">发表回复</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><textarea id="comment" name="comment"></textarea><input name="submit" type="submit" class="btn btn-primary" value="提交"></form></div>
</div>"""


def article_page(
    page: Page,
    article: DemoArticle,
    prev: DemoArticle | None,
    nxt: DemoArticle | None,
    related: list[DemoArticle],
) -> str:
    """One article page."""
    site = page.site
    style = article.style.date_style
    if article.style.disclaimer:
        copyright_text = DISCLAIMER
    else:
        copyright_text = f"转载请注明出处：{site.site_name} » {article.title}"
    description = excerpt(article, 80)
    head = _head(
        page,
        f"{article.title} - {site.site_name}",
        page.url(article.path),
        f'<meta name="description" content="{esc(description)}">\n',
    )
    return f"""{head}<body class="post-template-default single single-post postid-{article.id} single-format-standard">
{_header(page)}<div id="wrap">
<div class="wrap container">
<ol class="breadcrumb entry-breadcrumb"><li class="home"><a href="/">首页</a></li><li><a href="/category/news/">新闻</a></li><li class="active">正文</li></ol>
<main class="main">
<article id="post-{article.id}" class="post-{article.id} post type-post status-publish format-standard hentry">
<div class="entry">
<div class="entry-head"><h1 class="entry-title">{esc(article.title)}</h1>
<div class="entry-info">{_entry_info(page, article)}</div>
</div>
<div class="entry-content clearfix">
{_entry_content(article, page.site)}
</div>
<div class="entry-copyright"><p>{esc(copyright_text)}</p></div>
<div class="entry-footer">
<div class="entry-action"><div class="btn-zan" data-id="{article.id}"><i class="wpcom-icon wi"></i> 赞 <span class="entry-action-num">(0)</span></div></div>
<div class="entry-bar"><div class="entry-bar-inner"><div class="entry-bar-info"><div class="info-item share"><span>分享到：</span><a class="meta-item wechat" data-share="wechat" title="分享到微信" href="#"><i class="wpcom-icon wi"></i></a><a class="meta-item weibo" data-share="weibo" target="_blank" rel="nofollow" href="#"><i class="wpcom-icon wi"></i></a><a class="meta-item qq" data-share="qq" target="_blank" rel="nofollow" href="#"><i class="wpcom-icon wi"></i></a></div></div></div></div>
<div class="entry-page">
{_neighbour(page, article, prev, True, style)}
{_neighbour(page, article, nxt, False, style)}
</div>
</div>
{_related(page, related)}
</div>
{_comments(page, article)}
</article>
</main>
{_sidebar(page)}</div>
</div>
{_footer(page)}"""


def listing_page(page: Page, number: int) -> str:
    """Listing page ``number``: 10 items newest first, with numbered pagination."""
    site = page.site
    items = []
    for position, article in enumerate(listing_slice(site, number)):
        href = article.path + _tracking(number, position)
        poster = esc(article.poster or "")
        items.append(
            f"""<li class="item">
<div class="item-img"><a class="item-img-inner" href="{esc(href)}" title="{esc(article.title)}" target="_blank"><img class="j-lazy" src="/wp-content/themes/justnews/themer/assets/images/lazy.png" alt="{esc(article.title)}"></a></div>
<div class="item-content"><h2 class="item-title"><a href="{esc(href)}" target="_blank" rel="bookmark">{esc(article.title)}</a></h2>
<div class="item-excerpt"><p>{esc(excerpt(article))}</p></div>
<div class="item-meta"><div class="item-meta-li author"><span>{poster}</span></div>
<span class="item-meta-li date">{esc(short_date(article.published, article.style.date_style, page.now))}</span></div></div>
</li>"""
        )
    canonical = page.url("/" if number == 1 else f"/page/{number}/")
    title = site.site_name if number == 1 else f"{site.site_name} - 第{number}页"
    return f"""{_head(page, title, canonical)}<body class="home blog">
{_header(page)}<div id="wrap">
<div class="wrap container">
<main class="main">
<div class="sec-panel sec-panel-default"><div class="sec-panel-head"><h2><span>最新文章</span></h2></div>
<ul class="post-loop post-loop-default cols-0">
{chr(10).join(items)}
</ul>
{_pagination(number, site.page_count(PAGE_SIZE))}
</div>
</main>
{_sidebar(page, with_private=number == 1)}</div>
</div>
{_footer(page)}"""


def _tracking(number: int, position: int) -> str:
    """Tracking parameters on some listing links, so crawlers must deduplicate URLs."""
    if position % 3 == 0:
        return "?from=home" if number == 1 else "?utm_source=list"
    return ""


def _page_path(number: int) -> str:
    return "/" if number == 1 else f"/page/{number}/"


def _pagination(number: int, total: int) -> str:
    links = []
    if number > 1:
        links.append(f'<li class="prev"><a href="{_page_path(number - 1)}">上一页</a></li>')
    shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    for n in shown:
        if n == number:
            links.append(f'<li class="active"><a href="{_page_path(n)}">{n}</a></li>')
        else:
            links.append(f'<li><a href="{_page_path(n)}">{n}</a></li>')
    if number < total:
        links.append(f'<li class="next"><a href="{_page_path(number + 1)}">下一页</a></li>')
    return '<div class="pagination clearfix"><ul>' + "".join(links) + "</ul></div>"


def not_found_page(page: Page) -> str:
    """The theme's 404 page."""
    return (
        _head(page, f"页面未找到 - {page.site.site_name}", page.url("/"))
        + "<body class=\"error404\">\n"
        + _header(page)
        + '<div class="wrap container"><div class="page-404"><h1>404</h1><p>抱歉，您访问的页面不存在。</p>'
        + '<a class="btn" href="/">返回首页</a></div></div>\n'
        + _footer(page)
    )
