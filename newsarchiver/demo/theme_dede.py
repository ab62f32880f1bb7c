"""A DedeCMS-style regional news portal: GBK pages declaring gb2312, one info line per article.

This family is the original publisher of the demo world. Its article page carries all
metadata in a single ``<div class="info">`` line (作者 / 来源 / 发布时间 / 点击), ends the
content with 责任编辑, and links 上一篇/下一篇 without times.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from .model import DemoArticle
from .pagekit import DISCLAIMER, PAGE_SIZE, Page, article_date, content_blocks, esc, excerpt, listing_slice

if TYPE_CHECKING:
    from .world import Site

FEED_PATH = "/rss.xml"
SEP = "\u3000"  # the full-width space such portals put between info-line fields
#: Listing pages: ``/`` and ``/list_1_N.html``; group 1 is the page number (none: page 1).
LISTING_RE = re.compile(r"^/(?:list_1_(\d+)\.html)?$")


def hits(article: DemoArticle) -> int:
    """A stable fake view counter."""
    return (article.id * 7919) % 4900 + 37


def _head(page: Page, title: str) -> str:
    site = page.site
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{esc(title)}</title>
<meta name="keywords" content="{esc(site.site_name)},本地新闻,民生资讯" />
<link href="/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
<link rel="alternate" type="application/rss+xml" title="{esc(site.site_name)}" href="{esc(page.url(FEED_PATH))}" />
</head>
"""


def _header(page: Page) -> str:
    site = page.site
    return f"""<div class="header">
<div class="header_top w960"><span class="time">欢迎访问{esc(site.site_name)}</span></div>
<div class="top w960 center"><div class="title"><h2><a href="/">{esc(site.site_name)}</a></h2></div></div>
<div class="nav w960 center clear"><ul>
<li class="hover"><a href="/">主页</a></li>
<li><a href="/list_1_1.html">新闻</a></li>
<li><a href="{FEED_PATH}">RSS订阅</a></li>
</ul></div>
</div>
"""


def _footer(page: Page) -> str:
    site = page.site
    return f"""<div class="footer w960 center mt1 clear">
<div class="footer_body"><p class="powered">Powered by <strong>DedeCMS</strong></p>
<div class="copyright">Copyright &copy; {site.copyright_since}-{page.now.year} {esc(site.site_name)} 版权所有　{esc(site.icp)}</div></div>
</div>
</body>
</html>
"""


def _info_line(page: Page, article: DemoArticle) -> str:
    fields = []
    if article.style.author_line == "info" and article.authors:
        fields.append(f"作者：{esc(' '.join(article.authors))}")
    if article.style.source_line and article.source:
        fields.append(f"来源：{esc(article.source)}")
    when = article_date(page, article)
    fields.append(esc(when if when.startswith("发布时间") else f"发布时间：{when}"))
    if article.poster:
        fields.append(f"录入：{esc(article.poster)}")
    fields.append(f'点击：<span id="hits">{hits(article)}</span>次')
    return SEP.join(fields)


def _content(article: DemoArticle, site: Site) -> str:
    blocks = content_blocks(article, site)
    if article.style.source_line and article.source_url:
        url = esc(article.source_url)
        blocks.append(f'<p>原文链接：<a href="{url}">{url}</a></p>')
    if article.editors:
        blocks.append(f"<p>责任编辑：{esc(' '.join(article.editors))}</p>")
    return "\n".join(blocks)


def _pre_next(prev: DemoArticle | None, nxt: DemoArticle | None) -> str:
    def link(label: str, other: DemoArticle | None) -> str:
        if other is None:
            return f"<p>{label}：没有了</p>"
        return f'<p>{label}：<a href="{esc(other.path)}">{esc(other.title)}</a></p>'

    return f'<div class="pre-next">{link("上一篇", prev)}{link("下一篇", nxt)}</div>'


def _related(related: list[DemoArticle]) -> str:
    items = "".join(
        f'<li><a href="{esc(o.path)}">{esc(o.title)}</a><span>{o.published:%m-%d}</span></li>'
        for o in related
    )
    return f'<div class="related"><h3>相关文章</h3><ul>{items}</ul></div>'


def article_page(
    page: Page,
    article: DemoArticle,
    prev: DemoArticle | None,
    nxt: DemoArticle | None,
    related: list[DemoArticle],
) -> str:
    """One article page."""
    site = page.site
    disclaimer = f'<div class="disclaimer"><p>{esc(DISCLAIMER)}</p></div>\n' if article.style.disclaimer else ""
    return f"""{_head(page, f"{article.title}_{site.site_name}")}<body class="articleview">
{_header(page)}<div class="w960 center clear mt1">
<div class="pleft">
<div class="place"><strong>当前位置：</strong><a href="/">首页</a> &gt; <a href="/list_1_1.html">新闻</a> &gt; 正文</div>
<div class="viewbox">
<div class="title"><h1>{esc(article.title)}</h1></div>
<div class="info">{_info_line(page, article)}</div>
<div class="content">
{_content(article, page.site)}
</div>
{disclaimer}<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
{_pre_next(prev, nxt)}
</div>
{_related(related)}
</div>
<div class="pright">{_hot_box(page)}</div>
</div>
{_footer(page)}"""


def _hot_box(page: Page) -> str:
    items = "".join(
        f'<li><a href="{esc(o.path)}">{esc(o.title)}</a></li>' for o in page.site.hot_articles()
    )
    return f'<div class="commend mt1"><dl class="tbox light"><dt class="light"><strong>热点关注</strong></dt><dd><ul class="c1 ico2">{items}</ul></dd></dl></div>'


def _page_path(number: int) -> str:
    return f"/list_1_{number}.html"


def listing_page(page: Page, number: int) -> str:
    """Listing page ``number`` (10 per page, newest first) with a DedeCMS page bar."""
    site = page.site
    total = site.page_count(PAGE_SIZE)
    items = []
    for position, article in enumerate(listing_slice(site, number)):
        href = article.path + ("?from=list" if position % 4 == 1 else "")
        items.append(
            f'<li><a href="{esc(href)}" class="title">{esc(article.title)}</a>'
            f'<span class="info"><small>日期：</small>{article.published:%Y-%m-%d %H:%M}'
            f"　<small>点击：</small>{hits(article)}</span>"
            f'<p class="intro">{esc(excerpt(article))}</p></li>'
        )
    bar = [f'<li><a href="{_page_path(1)}">首页</a></li>']
    if number > 1:
        bar.append(f'<li><a href="{_page_path(number - 1)}">上一页</a></li>')
    for n in range(max(1, number - 3), min(total, number + 3) + 1):
        bar.append(
            f'<li class="thisclass">{n}</li>' if n == number else f'<li><a href="{_page_path(n)}">{n}</a></li>'
        )
    if number < total:
        bar.append(f'<li><a href="{_page_path(number + 1)}">下一页</a></li>')
    bar.append(f'<li><a href="{_page_path(total)}">末页</a></li>')
    bar.append(f'<li><span class="pageinfo">共 <strong>{total}</strong>页<strong>{len(site.articles)}</strong>条</span></li>')
    draft = site.private_article
    internal = ""
    if number == 1 and draft is not None:
        internal = f'<div class="internal"><a href="{esc(draft.path)}">内部稿件：{esc(draft.title)}</a></div>\n'
    title = f"新闻_{site.site_name}" if number > 1 else site.site_name
    return f"""{_head(page, title)}<body class="channel">
{_header(page)}<div class="w960 center clear mt1">
<div class="pleft">
<div class="place"><strong>当前位置：</strong><a href="/">首页</a> &gt; 新闻</div>
<div class="listbox"><ul class="e2">
{chr(10).join(items)}
</ul></div>
<div class="dede_pages"><ul class="pagelist">{"".join(bar)}</ul></div>
{internal}</div>
<div class="pright">{_hot_box(page)}</div>
</div>
{_footer(page)}"""


def not_found_page(page: Page) -> str:
    """A bare 404 page."""
    return _head(page, "404 页面不存在") + "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p><p><a href=\"/\">返回首页</a></p></body></html>\n"
