"""extract_article end to end on small hand-written pages (no third-party text); the pages are
also imported by test_extract_body / test_extract_navigation."""

from datetime import datetime, timezone

import pytest
from lxml import html as lxml_html

from newsarchiver.extract import ExtractionError, NotHTMLError, classify_page, decode_html, extract_article


REPOST_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>海滨新码头正式开放 市民踊跃参观 - 资讯转载站</title>
<meta property="og:site_name" content="资讯转载站">
<link rel="canonical" href="/news/1002.html">
</head><body>
<header class="site-header"><h1 class="logo"><a href="/">资讯转载站</a></h1>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news/">新闻</a></li></ul></nav></header>
<div class="main container">
 <div class="content">
  <div class="entry">
   <div class="entry-head">
    <h1 class="entry-title">海滨新码头正式开放 市民踊跃参观</h1>
    <div class="entry-info">
      <a class="nickname" href="/author/1">小编</a>
      <span class="dot">•</span>
      <time class="entry-date published" datetime="2023-03-02T09:15:00+08:00">2023年3月2日 上午9:15</time>
    </div>
   </div>
   <div class="entry-content">
    <p>海滨新码头正式开放 市民踊跃参观</p>
    <p>开放当天，市民在码头入口排队等候参观。</p>
    <p>今年是海滨港口改造计划的最后一年，新码头历时三年建成，能够同时停靠六艘大型客船，周边配套了候船大厅、停车场和公交接驳站。</p>
    <p>码头管理处负责人介绍，新码头投入使用后，旅客候船时间将缩短一半，港口年吞吐能力预计提升百分之四十。</p>
    <p>不少市民专程赶来参观，有人带着孩子在观景平台上拍照留念，也有人仔细询问航线和票价。</p>
    <p>(作者:刘一民 王小红)</p>
    <p>(广告)</p>
    <p>版权声明:本文内容由互联网用户自发贡献,该文观点仅代表作者本人。本站仅提供信息存储空间服务。</p>
   </div>
   <div class="entry-footer"><a class="btn-zan" href="#">赞 (0)</a></div>
   <div class="entry-page">
    <div class="entry-page-prev"><a href="/news/1001.html" title="海滨公园春季花展开幕"><span>海滨公园春季花展开幕</span></a>
      <div class="entry-page-info"><span class="pull-left">« 上一篇</span><span class="pull-right">2023年3月1日 上午10:05</span></div></div>
    <div class="entry-page-next"><a href="/news/1003.html" title="海滨中学举办科技节"><span>海滨中学举办科技节</span></a>
      <div class="entry-page-info"><span class="pull-right">下一篇 »</span><span class="pull-left">2023年3月2日 下午2:30</span></div></div>
   </div>
   <div class="entry-related"><h3>相关推荐</h3><ul>
    <li><a href="/news/900.html">海滨机场新航站楼启用</a><span>2023年2月1日</span></li>
    <li><a href="/news/901.html">海滨地铁二号线通车</a><span>2023年1月5日</span></li></ul></div>
  </div>
 </div>
 <aside class="sidebar"><h3>热门文章</h3><ul><li><a href="/news/500.html">海滨旅游指南</a> 2022-05-01</li></ul></aside>
</div>
<footer class="footer">Copyright © 2018-2023 资讯转载站 版权所有 更新于 2023-03-05</footer>
</body></html>"""

PORTAL_PAGE_GBK = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>海滨区召开春季植树动员会_海滨新闻网</title>
<meta name="keywords" content="植树">
</head><body>
<div class="top"><a href="/">海滨新闻网首页</a> 今天是2024年5月14日</div>
<table width="960"><tr><td class="left">
<div class="title"><h2>海滨区召开春季植树动员会</h2></div>
<div class="info">作者：张建国 李红梅　来源：海滨日报　发布时间：2024-03-11 16:40　点击：<span id="hits">325</span>次</div>
<div id="text" class="article_content">
<p>　　3月11日，海滨区召开春季植树动员会，部署今年的植树造林工作。</p>
<p>　　会议要求，各街道要在四月底前完成三万株苗木的栽种任务，并落实专人养护，确保成活率达到九成以上。</p>
<p>　　区林业部门负责人表示，今年将重点在河道两岸和新建公园补植乡土树种，同时鼓励市民认养树木。</p>
<p>　　会后，与会人员还实地察看了滨河绿道的苗木准备情况，并就养护资金和志愿者招募等问题进行了讨论。</p>
<p>　　据了解，去年全区共栽种苗木两万八千株，新增绿地面积四十余公顷。</p>
</div>
<div class="editor">责任编辑：周八</div>
<div class="prenext"><p>上一篇：<a href="/a/20240310/1.html">海滨区开展环境整治行动</a></p><p>下一篇：没有了</p></div>
</td><td class="right"><div class="hot"><h3>热点新闻</h3><ul><li><a href="/a/1.html">海滨区举行运动会</a>(2024-03-01)</li></ul></div></td></tr></table>
<div class="footer">版权所有 海滨新闻网 2005-2024</div>
</body></html>"""

ENGLISH_BLOG = """<!doctype html><html lang="en-US"><head><meta charset="utf-8">
<title>How the Harbor Got Its New Pier | Coastline Notes</title>
<meta property="og:site_name" content="Coastline Notes">
<meta property="og:title" content="How the Harbor Got Its New Pier">
<link rel="prev" href="https://blog.example.com/2024/05/old-lighthouse/">
<link rel="next" href="https://blog.example.com/2024/05/ferry-schedules/">
</head><body class="post-template single sidebar-right">
<article class="post">
 <header class="post-header"><h1 class="post-title">How the Harbor Got Its New Pier</h1>
 <p class="byline">By Jane Doe and John Roe</p>
 <p class="meta">Published: <time datetime="2024-05-12T10:05:00-04:00">May 12, 2024</time></p></header>
 <div class="post-content">
 <p>The new pier opened on a grey Sunday morning, and by noon the line of visitors stretched past the old fish market.</p>
 <p>Planning started six years ago, when storms damaged the wooden jetty beyond repair and the city had to choose between patching it and starting over.</p>
 <p>Engineers chose concrete pilings and a wider deck, so that ferries and fishing boats can tie up at the same time without blocking each other.</p>
 <p>Residents who came for the opening said the view of the bay from the end of the pier was worth the wait.</p>
 </div>
 <nav class="post-navigation"><div class="nav-previous"><a rel="prev" href="/2024/05/old-lighthouse/">Previous post: The Old Lighthouse</a></div>
 <div class="nav-next"><a rel="next" href="/2024/05/ferry-schedules/">Next post: Ferry Schedules</a></div></nav>
</article>
<section class="comments"><h2>Comments</h2><p>Posted on May 13, 2024 by Sam: Great read!</p></section>
</body></html>"""

NO_DATE_PAGE = """<html lang="zh"><head><meta charset="utf-8"><title>海滨夜市重新开张</title></head><body>
<div class="article"><h1>海滨夜市重新开张</h1>
<div class="article-body">
<p>经过两个月的修整，海滨夜市重新开张，摊位数量比以前增加了一倍，吸引了大批市民前来品尝小吃。</p>
<p>夜市管理方表示，新夜市统一了摊位外观，增加了垃圾分类点和休息座椅，营业时间延长到凌晨一点。</p>
<p>附近居民说，夜市开张后街道更热闹了，但希望管理方控制好噪音，不要影响休息。</p>
</div>
<div class="pre-next"><span>上一篇：<a href="/a/1.html">海滨公园花展</a> 2023-12-28 10:05</span>
<span>下一篇：<a href="/a/3.html">海滨图书馆扩建</a> 2023-12-29 11:00</span></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a/8.html">夜市美食推荐</a> 发布时间：2023-11-01</li></ul></div>
<div class="comment-list"><p>网友甲 发表于 2023-12-30 08:00</p><p>很好！</p></div>
</div>
<div id="sidebar"><p>日期：2023-10-10</p></div>
<div class="footer">Copyright © 2023 发布时间：2023-01-01 海滨生活网</div>
</body></html>"""

LISTING_PAGE = """<html lang="zh"><head><meta charset="utf-8"><title>海滨新闻 - 列表</title></head><body>
<div class="list"><ul class="news-list">
""" + "\n".join(
    f'<li class="item"><h3><a href="/a/{i}.html">海滨新闻标题第{i}条关于城市建设</a></h3>'
    f"<p>这是第{i}条新闻的摘要，介绍了城市建设的最新进展和市民的反应。</p><span>2024-05-{i:02d}</span></li>"
    for i in range(1, 16)
) + """</ul>
<div class="pages"><a href="/list_1.html">上一页</a> <a href="/list_2.html">1</a> <a href="/list_3.html">下一页</a></div>
</div></body></html>"""

NOW = datetime(2024, 5, 14, 4, 0, tzinfo=timezone.utc)


def test_repost_page():
    a = extract_article(REPOST_PAGE, "https://repost.example.com/news/1002.html", fetched_at=NOW)
    assert a.title == "海滨新码头正式开放 市民踊跃参观"
    assert a.authors == ["刘一民", "王小红"]
    assert a.poster == "小编"
    assert a.published is not None
    assert a.published.value == "2023-03-02T09:15:00+08:00"
    assert a.body.startswith("开放当天，市民在码头入口排队等候参观。")
    assert "版权声明" not in a.body and "(广告)" not in a.body and "作者" not in a.body
    assert a.prev.title == "海滨公园春季花展开幕" and a.prev.published == "2023-03-01T10:05:00+08:00"
    assert a.next.url == "https://repost.example.com/news/1003.html"
    assert a.language == "zh"
    assert a.site_name == "资讯转载站"
    assert a.canonical_url == "https://repost.example.com/news/1002.html"
    assert a.page_type == "article"


def test_gbk_portal_page_with_info_line():
    body = PORTAL_PAGE_GBK.encode("gbk")
    a = extract_article(body, "http://www.example.cn/a/20240311/2.html", fetched_at=NOW, encoding="gb2312")
    assert a.title == "海滨区召开春季植树动员会"
    assert a.authors == ["张建国", "李红梅"]
    assert a.source == "海滨日报"
    assert a.editors == ["周八"]
    assert a.published.value == "2024-03-11T16:40:00+08:00"
    assert a.published.precision == "minute"
    assert a.body.split("\n\n")[0] == "3月11日，海滨区召开春季植树动员会，部署今年的植树造林工作。"
    assert "责任编辑" not in a.body and "热点新闻" not in a.body
    assert a.prev.title == "海滨区开展环境整治行动" and a.next is None
    assert a.site_name == "海滨新闻网"
    assert a.page_type == "article"


def test_english_blog_page():
    a = extract_article(ENGLISH_BLOG, "https://blog.example.com/2024/05/new-pier/", fetched_at=NOW)
    assert a.title == "How the Harbor Got Its New Pier"
    assert a.authors == ["Jane Doe", "John Roe"]
    assert a.published.value == "2024-05-12T10:05:00-04:00"
    assert a.language == "en"
    assert a.prev.url == "https://blog.example.com/2024/05/old-lighthouse/"
    assert a.next.title == "Ferry Schedules"
    assert "Great read" not in a.body and a.body.startswith("The new pier opened")
    assert a.site_name == "Coastline Notes"


def test_dates_only_in_guarded_zones_give_no_date():
    a = extract_article(NO_DATE_PAGE, "http://life.example.cn/a/2.html", fetched_at=NOW)
    assert a.title == "海滨夜市重新开张"
    assert a.published is None
    assert a.prev is not None and a.prev.published == "2023-12-28T10:05:00+08:00"
    assert "网友甲" not in a.body and "相关文章" not in a.body


def test_structured_day_loses_to_visible_minutes():
    html = """<html lang="zh"><head><meta name="publishdate" content="2024-03-11"><title>标题甲</title></head>
    <body><h1>标题甲</h1><div class="info">发布时间：2024-03-11 16:40</div><div class="content">
    <p>这是正文内容，讲述了一件发生在海滨的小事，但它足够长，可以被识别为文章的正文部分。</p></div></body></html>"""
    a = extract_article(html, "http://x.example.cn/1.html", fetched_at=NOW)
    assert a.published.value == "2024-03-11T16:40:00+08:00"


def test_json_ld_metadata():
    html = """<html><head><title>Pier opens - Coastline</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Coastline"},
     {"@type": "NewsArticle", "headline": "Pier opens", "datePublished": "2024-05-12T10:05:00+02:00",
      "dateModified": "2024-05-13T08:00:00+02:00", "author": [{"@type": "Person", "name": "Jane Doe"},
      {"@type": "Person", "name": "John Roe"}], "publisher": {"@type": "Organization", "name": "Coastline"}}]}
    </script></head><body><h1>Pier opens</h1><p>Short.</p></body></html>"""
    a = extract_article(html, "https://c.example.com/pier", fetched_at=NOW)
    assert a.title == "Pier opens"
    assert a.authors == ["Jane Doe", "John Roe"]
    assert a.published.value == "2024-05-12T10:05:00+02:00" and a.published.origin == "json-ld"
    assert a.updated.value == "2024-05-13T08:00:00+02:00"
    assert a.site_name == "Coastline"


def test_poster_account_not_promoted_to_author():
    html = """<html lang="zh"><head><title>标题乙_某站</title></head><body><h1>标题乙</h1>
    <div class="meta">作者：小编 2024-05-01 10:00</div><div class="content"><p>正文正文正文，这是一段足够长的文字，用来测试作者识别，没有任何署名。</p></div></body></html>"""
    a = extract_article(html, "http://x.example.cn/2.html", fetched_at=NOW)
    assert a.authors == [] and a.poster == "小编"


def test_classify_listing_page():
    tree = lxml_html.document_fromstring(LISTING_PAGE)
    assert classify_page(tree) == "listing"
    a = extract_article(LISTING_PAGE, "http://www.example.cn/list_2.html", fetched_at=NOW)
    assert a.page_type == "listing"
    assert a.prev is None and a.next is None


def test_classify_article_page():
    assert classify_page(lxml_html.document_fromstring(REPOST_PAGE)) == "article"


@pytest.mark.parametrize("html", ["", "   ", "<html>", "<p>unclosed <b>tags", "<<<>>>", b"", "<html><body></body></html>"])
def test_malformed_input_never_crashes(html):
    a = extract_article(html, "http://x.example.com/", fetched_at=NOW)
    assert a.url == "http://x.example.com/"
    assert a.page_type in ("other", "article", "listing")


def test_truncated_page():
    a = extract_article(REPOST_PAGE[: len(REPOST_PAGE) // 2], "https://repost.example.com/news/1002.html", fetched_at=NOW)
    assert a.title == "海滨新码头正式开放 市民踊跃参观"


def test_binary_input_raises_extraction_error():
    with pytest.raises(ExtractionError):
        extract_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "http://x.example.com/a.png")
    with pytest.raises(NotHTMLError):
        decode_html(b"%PDF-1.4 binary")


def test_xml_declaration_and_timezone_override():
    html = '<?xml version="1.0" encoding="utf-8"?>' + ENGLISH_BLOG.replace(
        '<time datetime="2024-05-12T10:05:00-04:00">May 12, 2024</time>', "May 12, 2024 10:05")
    a = extract_article(html, "https://blog.example.com/p/", fetched_at=NOW, timezone="America/New_York")
    assert a.published.value == "2024-05-12T10:05:00-04:00"
