"""Small inline-HTML regression tests for extraction fixes found on real pages (no third-party text)."""

from datetime import datetime, timezone

import pytest

from newsarchiver.extract import extract_article
from newsarchiver.extract.bylines import find_inline_bylines, parse_byline

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
PARA = "<p>{} The council met on Tuesday and agreed a plan to repair the old harbour wall before winter storms arrive.</p>"


def _paras(n: int, tag: str = "Part") -> str:
    return "".join(PARA.format(f"{tag} {i}.") for i in range(n))


def test_layout_wrapper_with_boilerplate_words_is_not_skipped():
    # "sidebar" and "__next" name wrappers that hold the article; the real sidebar still goes
    page = f"""<html><body><div id="__next"><div class="container has-sidebar penci_sidebar">
      <article><h1>Harbour wall repairs agreed</h1><div class="entry-content">{_paras(6)}</div></article>
      <div class="sidebar"><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></div>
    </div></div></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Part 0." in article.body and "Part 5." in article.body
    assert "Other story" not in article.body


def test_comment_block_with_prose_stays_skipped():
    page = f"""<html><body><article><h1>Harbour wall repairs agreed</h1><div class="entry">{_paras(4)}</div></article>
      <div class="comments">{_paras(6, "Comment")}</div></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Part 3." in article.body and "Comment" not in article.body


def test_unclosed_nav_swallowing_the_page_is_a_wrapper():
    page = f"""<html><body><nav class="menu"><a href="/">Home</a>
      <h1>Harbour wall repairs agreed</h1><div class="text">{_paras(10)}</div></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Part 0." in article.body and "Part 5." in article.body


def test_article_split_over_sibling_sections_is_taken_whole():
    sections = "".join(f"<section class='block'><h2>Step {i}</h2>{_paras(2, f'S{i}')}</section>" for i in range(5))
    page = f"""<html><body><h1>Harbour wall repairs agreed</h1><div class="post">{sections}</div>
      <footer>Site footer</footer></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "S0 0." in article.body and "S4 1." in article.body and "Step 2" in article.body


def test_yearless_byline_date_takes_the_year_of_a_full_date_on_the_page():
    page = """<html><head><meta itemprop="dateUpdate" content="2019-09-30 22:46:13"></head><body>
      <h1>海滨新码头正式开放</h1><div class="info"><span class="date">发布时间：09-30</span><span class="time">22:46</span></div>
      <div class="content"><p>海滨新码头今天正式开放，市民踊跃参观，现场秩序良好，管理方表示将继续完善配套设施，方便市民出行。</p>
      <p>码头开放后，周边交通也进行了调整，公交线路增加了班次，方便市民前往参观游览，受到广泛欢迎。</p></div></body></html>"""
    article = extract_article(page, "https://example.com/s?id=1", fetched_at=NOW)
    assert article.published is not None and article.published.value == "2019-09-30T22:46:00+08:00"


def test_visible_minute_time_beats_meta_time_of_the_same_day():
    page = """<html><head><meta property="article:published_time" content="2019-09-07T06:52:51+08:00"></head><body>
      <h1>海滨新码头正式开放</h1><div class="date-source"><span class="date">2019年09月07日 04:04</span>
      <a href="/x">海滨日报</a></div>
      <div class="content"><p>海滨新码头今天正式开放，市民踊跃参观，现场秩序良好，管理方表示将继续完善配套设施，方便市民出行。</p>
      <p>码头开放后，周边交通也进行了调整，公交线路增加了班次，方便市民前往参观游览，受到广泛欢迎。</p></div></body></html>"""
    article = extract_article(page, "https://example.com/a/1.html", fetched_at=NOW)
    assert article.published is not None and article.published.value == "2019-09-07T04:04:00+08:00"
    assert article.source == "海滨日报"  # the outlet in the source slot of the info line


def test_bare_relative_day_is_not_a_date():
    page = """<html><body><h1>新款手机正式发布</h1><div class="meta"><em id="publish_time">昨天</em></div>
      <div class="content"><p>新款手机今天正式发布，屏幕更大，续航更长，厂商表示将于下月开始在各地门店销售，售价与上一代持平。</p>
      <p>发布会上，厂商还介绍了新的拍照功能和充电方案，吸引了众多媒体和消费者的关注，现场气氛热烈。</p></div></body></html>"""
    assert extract_article(page, "https://example.com/a/1", fetched_at=NOW).published is None


def test_place_after_slash_is_not_an_author():
    assert parse_byline("记者林悦／南市报导").authors == ["林悦"]
    assert parse_byline("記者陳嘉寧／桃園機場報導").authors == ["陳嘉寧"]
    assert find_inline_bylines("将进一步厘清死因。（王小忠／台中報導）", last=True).authors == ["王小忠"]
    assert find_inline_bylines("□ 本报记者 葛小丹", last=True).authors == ["葛小丹"]
    assert parse_byline("作者：陈一 整合").authors == ["陈一"]


# --- Chinese info lines, credits and repost trailers (issue 3) --------------------------------------

ZH_BODY = (
    "<p>海滨新码头今天正式开放，市民踊跃参观，现场秩序良好，管理方表示将继续完善配套设施，方便市民出行。</p>"
    "<p>码头开放后，周边交通也进行了调整，公交线路增加了班次，方便市民前往参观游览，受到广泛欢迎。</p>"
    "<p>据介绍，码头一期工程岸线总长七百余米，可同时停靠两艘大型客轮，年通过能力可达数十万人次。</p>"
)


def _zh_page(info: str, body: str = ZH_BODY, head: str = "", tail: str = "") -> str:
    return (f"<html><head><title>海滨新码头正式开放</title>{head}</head><body><div class='article'>"
            f"<h1>海滨新码头正式开放</h1>{info}<div class='article-content'>{body}</div>{tail}</div></body></html>")


def test_unlabelled_outlet_beside_the_date_is_the_source():
    page = _zh_page("<div class='article-sub'><span>原创</span> <span>海滨都市报</span> <span>2019-09-09 16:01:46</span></div>")
    article = extract_article(page, "https://example.com/a/1", fetched_at=NOW)
    assert article.source == "海滨都市报"
    assert article.authors == []


def test_outlet_in_a_nickname_slot_is_the_source():
    page = _zh_page("<div class='meta_list'><span class='meta_nickname'><a href='#'>海风科技</a></span></div>")
    assert extract_article(page, "https://example.com/a/2", fetched_at=NOW).source == "海风科技"


def test_source_naming_no_publisher_gives_way_to_the_info_line():
    body = ZH_BODY + "<p>来源：网络</p>"
    page = _zh_page("<div class='article-sub'><span>海风人文</span> <span>2020-03-09 18:14:21</span></div>", body=body)
    assert extract_article(page, "https://example.com/a/3", fetched_at=NOW).source == "海风人文"


def test_outlet_in_script_data_is_the_last_resort():
    page = _zh_page("<div class='time'>2019-09-07 19:02</div>", head="<script>window.DATA = {\"media\": \"扬风\", \"id\": 1};</script>")
    assert extract_article(page, "https://example.com/a/4", fetched_at=NOW).source == "扬风"


def test_info_line_in_the_next_table_after_the_headline():
    page = """<html><body><table><tr><td><h1>海滨新码头正式开放</h1></td></tr></table>
      <table><tr><td class="gray">2005-01-14 17:02:30 来源: 海滨经济报道</td><td>发表评论</td></tr></table>
      <table><tr><td>""" + ZH_BODY + """</td></tr></table></body></html>"""
    article = extract_article(page, "https://example.com/a/5", fetched_at=NOW)
    assert article.published is not None and article.published.value == "2005-01-14T17:02:30+08:00"
    assert article.source == "海滨经济报道"


def test_repost_trailers_and_credit_lines_leave_the_body():
    body = ("<p>澎海新闻记者 段一超 廖二艳</p>" + ZH_BODY
            + "<p>（实习生王小茹对此文亦有贡献）</p><p>图片均来自网络</p>"
            + "<p>(本文来自海风新闻，更多原创资讯请下载“海风新闻”APP)</p><p>此前报道：海滨码头开工建设</p>"
            + "<p>宣传科供稿 摄影/张小艳 编辑/苏小芳</p>")
    article = extract_article(_zh_page("<div class='info'>2019-11-25 16:04</div>", body=body), "https://example.com/a/6", fetched_at=NOW)
    for gone in ("段一超", "亦有贡献", "来自网络", "本文来自", "此前报道", "供稿"):
        assert gone not in article.body
    assert article.body.startswith("海滨新码头今天正式开放")
    assert article.authors == ["段一超", "廖二艳"]
    assert article.editors == ["苏小芳"]


def test_chinese_page_with_a_japanese_language_notice_stays_chinese():
    notice = "<div class='lang'>こちらのページは繁体字版です。日本語版「フォーカス台湾」に移動しますか。ページをご覧ください。</div>"
    page = _zh_page("<div class='info'>2016/03/19 10:48</div>" + notice, body=ZH_BODY * 3)
    article = extract_article(page, "https://example.com/a/7", fetched_at=NOW)
    assert article.language == "zh"
    assert article.published is not None and article.published.value.endswith("+08:00")


# ---- English body: wrappers named like boilerplate, captions, split articles, teaser rails ----

def test_short_post_inside_a_widget_container_is_found():
    # blog engines wrap the post in a "widget" block; a short post is too small for the wrapper rescue
    lines = "<br>".join(f"Line {i}: the harbour wall will be repaired before the storms, the council said." for i in range(5))
    page = f"""<html><body><div class="widget Blog"><div class="post hentry"><h1>Harbour wall repairs agreed</h1>
      <div class="post-body">{lines}</div></div></div>
      <div class="sidebar"><div class="widget"><a href="/a">Archive</a></div></div></body></html>"""
    article = extract_article(page, "https://example.com/2024/05/wall.html", fetched_at=NOW)
    assert "Line 0:" in article.body and "Line 4:" in article.body
    assert "Archive" not in article.body


def test_state_suffix_class_does_not_make_boilerplate():
    # "modal-enabled" describes a state of the article box, not a pop-up
    page = f"""<html><body><div class="box article modal-enabled"><h1>Harbour wall repairs agreed</h1>
      <div class="entry-content">{_paras(3)}</div></div></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Part 0." in article.body and "Part 2." in article.body


def test_page_builder_text_widgets_are_content():
    widget = ('<div class="builder-element builder-widget builder-widget-text-editor"><div class="builder-widget-container">'
              '<p>{}</p></div></div>')
    heading = '<div class="builder-element builder-widget builder-widget-heading"><div class="builder-widget-container"><h2>{}</h2></div></div>'
    blocks = "".join(heading.format(f"Section {i}") + widget.format(
        f"Step {i}: the crews will lift the old stones, pour new footings and reset the wall, a task of several weeks.")
        for i in range(4))
    page = f"""<html><body><h1>Harbour wall repairs agreed</h1><div class="builder-root">{blocks}</div>
      <div class="builder-widget builder-widget-share"><a href="/s">Share</a></div></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    for i in range(4):
        assert f"Step {i}:" in article.body and f"Section {i}" in article.body


def test_image_captions_are_not_body_text():
    page = f"""<html><body><article><h1>Harbour wall repairs agreed</h1><div class="entry-content">{_paras(2)}
      <figure><img src="/wall.jpg"><figcaption>The old wall seen from the pier at low tide. Photo: Staff</figcaption></figure>
      <div class="wp-caption-text">Workers inspect the stones, in a picture taken last week.</div>
      {_paras(2, "Tail")}</div></article></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Part 1." in article.body and "Tail 1." in article.body
    assert "low tide" not in article.body and "Workers inspect" not in article.body


def test_article_split_over_thin_card_wrappers_is_joined():
    # each section sits three wrappers deep: the post container holds them all
    cards = "".join(f'<div id="card-{i}"><div class="card-head"><h2>Option {i}</h2></div><div><p>'
                    f"Option {i} is described here at length: the price, the reach, the support and how it compares,"
                    f" with a verdict at the end of the section for readers in a hurry.</p></div></div>"
                    for i in range(8))
    page = f"""<html><body><article><h1>Eight options compared</h1><div class="post-content">
      <p>An introduction that explains how the options below were chosen and tested over several months.</p>
      {cards}</div></article></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "introduction" in article.body
    for i in range(8):
        assert f"Option {i} is described" in article.body


def test_trending_rail_inside_the_article_is_dropped():
    rail = "".join(f'<div class="rail__item"><a href="/t{i}"><h3>Other headline number {i}</h3></a></div>' for i in range(5))
    page = f"""<html><body><article><h1>Harbour wall repairs agreed</h1><div class="entry-content">{_paras(3)}
      <div class="rail rail--trending"><h2>Trending now</h2>{rail}</div>{_paras(2, "Tail")}</div></article></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Tail 1." in article.body
    assert "Trending now" not in article.body and "Other headline" not in article.body


def test_visible_author_slot_beats_a_different_structured_author_on_chinese_pages():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "海滨新码头正式开放", "author": {"@type": "Person", "name": "陳小光"}}</script>'
    page = _zh_page("<div class='meta-info'><time>2018/09/16 15:31</time><div class='author'><a href='/r/1'>謝小俊</a></div></div>", head=ld)
    article = extract_article(page, "https://example.com/a/8", fetched_at=NOW)
    assert article.authors == ["謝小俊"]


def test_labelled_author_line_found_away_from_the_headline():
    # the headline element is not recognisable (old table layout): the "作者：" line is still read
    page = ("<html><head><title>站点首页</title></head><body><table><tr><td><b>1</b></td></tr>"
            "<tr><td>02日14:25 作者： 赵小婕 出自[海风出版社]</td></tr></table>"
            f"<table><tr><td>{ZH_BODY}</td></tr></table></body></html>")
    assert extract_article(page, "https://example.com/a/9", fetched_at=NOW).authors == ["赵小婕"]


def test_date_line_right_above_the_text_without_a_headline_element():
    agenda = "".join(f"<p>第{i}场 分论坛 报告厅</p>" for i in range(1, 8))
    long_body = ZH_BODY.replace("。</p>", "，会议期间各方代表还就下一步的合作安排进行了深入交流。</p>")
    page = ("<html><head><title>年会会议议程</title></head><body><table><tr><td>站点导航</td></tr>"
            "<tr><td>2004-12-10&nbsp;&nbsp;&nbsp;阅读10544次</td></tr></table>"
            f"<table><tr><td>{agenda}{long_body}</td></tr></table>"
            "<table><tr><td>发表人：550</td></tr><tr><td>发表时间：2004-12-11 9:51:00</td></tr></table></body></html>")
    article = extract_article(page, "https://example.com/a/10", fetched_at=NOW)
    assert article.published is not None and article.published.value.startswith("2004-12-10")


def test_labelled_full_date_beats_a_yearless_guess():
    listing = "".join(f"<tr><td><a href='/t/{i}'>旅途见闻第{i}篇</a> 08-23 11:5{i}</td></tr>" for i in range(7))
    page = ("<html><head><title>论坛 :: null</title></head><body>"
            "<table><tr><td><b>作者：</b><a href='/u/1'>芊草凡凡</a>&nbsp;&nbsp;<b>时间：</b>2005-08-22 19:13:18</td></tr></table>"
            f"<table>{listing}</table><div class='content'>{ZH_BODY}</div></body></html>")
    article = extract_article(page, "https://example.com/a/11", fetched_at=NOW)
    assert article.published is not None and article.published.value == "2005-08-22T19:13:18+08:00"
    assert article.authors == ["芊草凡凡"]


def test_intro_block_before_the_body_container_is_kept():
    page = f"""<html><body><article><h1>Harbour wall repairs agreed</h1>
      <div class="article-intro"><p>The harbour wall, battered by three winters of storms, will finally be rebuilt this year.</p></div>
      <div id="markdown-content">{_paras(8)}</div></article></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert article.body.startswith("The harbour wall, battered")
    assert "Part 7." in article.body


def test_lone_button_links_are_not_body_text():
    page = f"""<html><body><article><h1>Harbour wall repairs agreed</h1><div class="entry-content">{_paras(3)}
      <p><a href="https://shop.example.com/x">Check price at the shop</a></p>{_paras(2, "Tail")}</div></article></body></html>"""
    article = extract_article(page, "https://example.com/news/1", fetched_at=NOW)
    assert "Tail 1." in article.body and "Check price" not in article.body


def test_date_fallbacks_on_english_pages():
    base = "<html><head>{head}</head><body><article><h1>Harbour wall repairs agreed</h1>{extra}<div class='entry'>{body}</div></article></body></html>"
    # a <time> outside the info line
    page = base.format(head="", extra="", body=_paras(4) + '<p class="stamp">Page last changed <time datetime="2025-01-17T13:39:16-05:00">Jan. 17, 2025</time></p>')
    assert extract_article(page, "https://example.com/a", fetched_at=NOW).published.value.startswith("2025-01-17")
    # a "Last updated" line is the only date shown
    page = base.format(head="", extra="", body=_paras(4) + "<p>Last updated: November 13, 2025</p>")
    assert extract_article(page, "https://example.com/a", fetched_at=NOW).published.value.startswith("2025-11-13")
    # <meta name="published"> and an unset CMS date in JSON-LD
    head = ('<meta name="published" content="July 17, 2025"><script type="application/ld+json">'
            '{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>')
    page = base.format(head=head, extra="", body=_paras(4))
    assert extract_article(page, "https://example.com/a", fetched_at=NOW).published.value.startswith("2025-07-17")


def test_structured_author_claims_keep_accented_and_lowercase_names():
    page = """<html><head><script type="application/ld+json">{{"@type": "BlogPosting", "author": {{"@type": "Person", "name": "{name}"}}}}</script>
      </head><body><article><h1>Harbour wall repairs agreed</h1><div class="entry">{body}</div></article></body></html>"""
    for name in ("Josef Průša", "kirstin boatto", "Sergio Martínez-Beltrán"):
        article = extract_article(page.format(name=name, body=_paras(4)), "https://example.com/a", fetched_at=NOW)
        assert article.authors == [name], (name, article.authors)


def test_chinese_page_quoting_korean_stays_chinese():
    quote = "<p>歌手在节目中用韩语说：“김종국입니다 반갑습니다 오늘도 열심히 하겠습니다 감사합니다 여러분”。</p>"
    page = _zh_page("<div class='info'>2020-04-17 10:48</div>", body=ZH_BODY * 3 + quote)
    assert extract_article(page, "https://example.com/a/12", fetched_at=NOW).language == "zh"


def test_fast_whitespace_and_walker_paths_keep_their_meaning():
    from lxml import html as lxml_html

    from newsarchiver.extract.dom import norm_ws
    from newsarchiver.extract.walk import collect_paragraphs

    assert norm_ws(" a\u3000\xa0 b\u200bc\ufeff\n\t") == "a b c"
    root = lxml_html.fromstring("<div><p>Kept <span>hidden words</span> here</p><p><b>bold</b> too</p></div>")
    # a predicate not marked as attribute-gated is still asked about plain elements
    texts = [p.text for p in collect_paragraphs(root, skip=lambda el: el.tag == "span")]
    assert texts == ["Kept here", "bold too"]
    assert [p.spaced for p in collect_paragraphs(root, skip=lambda el: False)][0] == "Kept hidden words here"


def test_cjk_ratio_fast_paths():
    from newsarchiver.extract.language import cjk_ratio

    assert cjk_ratio("") == 0.0 and cjk_ratio("plain ascii text") == 0.0
    assert cjk_ratio("the council’s “plan”") == 0.0
    assert cjk_ratio("中文ab") == 0.5 and cjk_ratio("中文，12") == 1.0


def test_utc_claim_a_day_after_the_url_date_gives_the_local_day():
    page = """<html><head><script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{d}"}}</script></head>
      <body><article><h1>Harbour wall repairs agreed</h1><div class="entry">{body}</div></article></body></html>"""
    late = extract_article(page.format(d="2020-02-18T02:18:11Z", body=_paras(4)), "https://example.com/2020/02/17/wall/", fetched_at=NOW)
    assert late.published.value.startswith("2020-02-17")
    noon = extract_article(page.format(d="2020-02-18T14:18:11Z", body=_paras(4)), "https://example.com/2020/02/17/wall/", fetched_at=NOW)
    assert noon.published.value.startswith("2020-02-18")
    # no date anywhere but the URL path
    bare = "<html><body><article><h1>Harbour wall repairs agreed</h1><div class='entry'>{}</div></article></body></html>"
    assert extract_article(bare.format(_paras(4)), "https://example.com/news/20200413/wall", fetched_at=NOW).published.value.startswith("2020-04-13")


def test_date_only_line_below_the_text_is_the_last_resort():
    page = f"""<html><body><article><h1>Harbour wall repairs agreed</h1><div class="entry">{_paras(6)}</div>
      <div class="dateline"><p>Published</p><p class="date">Feb 2, 2023</p></div></article></body></html>"""
    assert extract_article(page, "https://example.com/a", fetched_at=NOW).published.value.startswith("2023-02-02")
    # an HTML-escaped JSON blob in an attribute still names the publication time
    page = f"""<html><body><div data-page="{{&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}}"></div>
      <article><h1>Harbour wall repairs agreed</h1><div class="entry">{_paras(6)}</div></article></body></html>"""
    assert extract_article(page, "https://example.com/a", fetched_at=NOW).published.value.startswith("2025-11-17")


def test_article_kept_in_a_newsletter_block_when_nothing_else_holds_prose():
    page = f"""<html><body><main><h1>Planning the quarter</h1><div class="newsletter-email"><div class="post-body">
      {_paras(6)}</div></div></main><div class="comments">{_paras(2, "Comment")}</div></body></html>"""
    article = extract_article(page, "https://example.com/p/planning", fetched_at=NOW)
    assert "Part 0." in article.body and "Part 5." in article.body and "Comment" not in article.body


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deeply_nested_page_keeps_its_text(depth, caplog):
    """libxml2 stops building the tree past 256 levels and drops the rest of the page without an error
    we would see: the text must come through (the nesting is flattened), and the log says why."""
    text = "海滨新码头今天正式开放，市民踊跃参观，现场秩序井然，候船大厅同时启用。"
    html = ("<html><head><title>海滨新码头正式开放</title></head><body><h1>海滨新码头正式开放</h1>"
            + "<div>" * depth + "".join(f"<p>{text}第{i}段。</p>" for i in range(4)) + "</div>" * depth
            + "</body></html>")
    with caplog.at_level("WARNING", logger="newsarchiver.extract"):
        article = extract_article(html, "http://news.example.cn/a/1.html", fetched_at=NOW)
    assert article.page_type == "article"
    assert article.body.count(text) == 4
    assert "nested" in caplog.text
