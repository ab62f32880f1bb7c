"""Body extraction: main block choice, boilerplate removal, bylines read from the body, order."""

from datetime import datetime, timezone

import pytest

from lxml import html as lxml_html

from newsarchiver.extract.block import find_main
from newsarchiver.extract.body import clean_body

from .test_extract_page import REPOST_PAGE

NOW = datetime(2024, 5, 14, tzinfo=timezone.utc)
TITLE = "海滨新码头正式开放 市民踊跃参观"


def _body(html: str, title: str | None = TITLE):
    tree = lxml_html.document_fromstring(html)
    main, score = find_main(tree)
    assert main is not None and score > 0
    return clean_body(main, title, now=NOW, tz="Asia/Shanghai")


def test_repost_page_body_is_clean():
    body = _body(REPOST_PAGE)
    text = body.text
    assert text.startswith("开放当天，市民在码头入口排队等候参观。")  # caption first line kept, doubled title gone
    assert "周边配套了候船大厅" in text
    for junk in ("作者", "广告", "版权声明", "本站仅提供信息存储空间", "赞 (0)", "上一篇", "下一篇", "相关推荐", "热门文章", "Copyright"):
        assert junk not in text, junk
    assert body.byline.authors == ["刘一民", "王小红"]


def test_paragraph_order_and_separator():
    body = _body(REPOST_PAGE)
    assert body.paragraphs[1].startswith("今年是海滨港口改造计划")
    assert body.paragraphs[-1].startswith("不少市民专程赶来参观")
    assert body.text == "\n\n".join(body.paragraphs)


def test_br_separated_lines_and_whitespace():
    html = """<html><body><div class="content">第一段文字，讲述码头的建设过程和意义，以及它对城市的影响。<br><br>
    第二段　　文字，   介绍开放当天的情况，市民踊跃参观，场面热闹。<br>第三段文字，说明未来的规划，包括新航线和配套设施。</div>
    <div class="footer">关于我们 联系我们</div></body></html>"""
    body = _body(html, None)
    assert body.paragraphs == [
        "第一段文字，讲述码头的建设过程和意义，以及它对城市的影响。",
        "第二段 文字， 介绍开放当天的情况，市民踊跃参观，场面热闹。",
        "第三段文字，说明未来的规划，包括新航线和配套设施。",
    ]


def test_boilerplate_phrases_dropped():
    html = """<html><body><div class="article-content">
    <p>正文第一段，介绍了活动的背景和主要内容，以及参与的人数和反响。</p>
    <p>（广告）</p><p>点击：128次</p><p>分享到：微信 微博</p><p>扫一扫，关注我们</p><p>【纠错】</p>
    <p>正文第二段，记录了现场的情况，参与者纷纷表示收获很大，希望以后多办。</p>
    <p>责任编辑：周八</p><p>来源：海滨日报</p>
    </div></body></html>"""
    body = _body(html, None)
    assert body.paragraphs == [
        "正文第一段，介绍了活动的背景和主要内容，以及参与的人数和反响。",
        "正文第二段，记录了现场的情况，参与者纷纷表示收获很大，希望以后多办。",
    ]
    assert body.byline.editors == ["周八"]
    assert body.byline.source == "海滨日报"


def test_sidebar_and_comments_not_chosen_as_main():
    html = """<html><body>
    <div class="comment-list"><p>评论：这篇文章写得真好，我非常赞同作者的看法，希望以后多写这样的内容，谢谢分享，加油！</p>
    <p>评论：同意楼上的观点，作者的分析很到位，特别是关于城市规划的部分，让我很受启发，支持！</p></div>
    <div class="post-body"><p>正文只有两段，但它才是文章的主体，讲述了海滨新码头建设的全过程，内容完整。</p>
    <p>第二段补充了码头建成后的运营安排，包括航线、票价和开放时间等信息，方便市民出行。</p></div>
    </body></html>"""
    body = _body(html, None)
    assert body.paragraphs[0].startswith("正文只有两段")
    assert all("评论" not in p for p in body.paragraphs)


def test_the_text_after_the_headline_beats_a_longer_feed_beside_it():
    """A short article beside a long live feed (a column of commentary): the block right under the
    headline is the article once it scores a fair share of the feed."""
    from newsarchiver.extract import extract_article

    article = "".join(f"<p>海滨新码头今天正式开放，市民踊跃参观，第{i}段写了开放当天的情形，候船大厅同时启用。</p>" for i in range(3))
    feed = "<ul class='live'>" + "".join(
        f"<li><p>盘面点评第{i}条：沪指早盘震荡走高，两市成交额较昨日略有放大，科技板块表现活跃，资金继续流入，短线仍需观察量能变化。</p>"
        f"<span>今天 12:0{i}</span></li>" for i in range(8)) + "</ul>"
    html = (f"<html><head><title>海滨新码头正式开放_新闻</title><meta property='og:title' content='海滨新码头正式开放'></head>"
            f"<body><div class='left'><h1>海滨新码头正式开放</h1><div class='info'>2024-05-12 10:30</div>"
            f"<div class='article' id='text'>{article}</div></div><div class='right'>{feed}</div></body></html>")
    got = extract_article(html, "http://news.example.cn/a/1.html", fetched_at=NOW)
    assert got.body.startswith("海滨新码头今天正式开放") and "盘面点评" not in got.body


def test_a_lead_under_the_headline_does_not_take_the_place_of_the_text_below():
    """A short lead printed apart under the headline, links between, the text below: the lead scores a
    third of the text and its container holds less text, so the text below stays the article's."""
    from newsarchiver.extract import extract_article

    lead = ("<div class='intro'><p>The harbour authority opened the new ferry pier on Sunday, two years after work "
            "began, with a ceremony, a band, and speeches.</p><p>Officials said the pier can berth six large ferries "
            "at once; a waiting hall, a ticket office and a café opened with it, and buses now stop at the gate.</p></div>")
    links = "<ul>" + "".join(f"<li><a href='/t/{i}'>Topic {i}</a> news</li>" for i in range(14)) + "</ul>"
    text = "".join(f"<p>Paragraph {i} of the story: the pier, built for ferries, cost more than planned, and the work "
                   "took longer; residents, shop owners and fishermen came to see it, and most said they were pleased.</p>"
                   for i in range(3))
    html = (f"<html><head><title>New ferry pier opens</title></head><body><header class='head'><h1>New ferry pier "
            f"opens</h1>{lead}</header><div>{links}</div><div class='content'><div class='story'>{text}</div></div>"
            "</body></html>")
    got = extract_article(html, "https://news.example.com/2024/05/12/pier.html", fetched_at=NOW)
    assert "Paragraph 0" in got.body and "Paragraph 2" in got.body


def test_a_short_text_right_under_the_headline_beats_the_story_list_printed_after_it():
    """A column whose class reads like a sidebar (only the relaxed walk reads it): the headline, a short
    text, then a list of other stories as link cards. Of the blocks placed after the headline, the one
    starting soonest is the text (the list scores higher but starts after it)."""
    from newsarchiver.extract import extract_article

    def card(i):
        return (f"<div class='link-container'><a href='/b/{i}'><span>Minister {i}: budget talks, delayed again, "
                f"will go on</span><ul><li>By STAFF</li><li>11/20/2019 0{i}:08 AM</li></ul></a></div>")

    html = ("<html><head><title>Pier collapses in storm</title><meta property='og:title' content='Pier collapses in "
            "storm'></head><body><div class='container'><div class='left-side'><div class='row'><h1>Pier collapses in "
            "storm</h1><div class='subline'><span>By STAFF</span><div>NOVEMBER 20, 2019 10:43</div></div></div>"
            "<div class='row'><div class='text'>A wooden pier collapsed in a storm on Tuesday night, and two boats sank "
            "with it, the harbour police said.<div class='br'></div>Nobody was hurt; the harbour will stay closed until "
            "the wreck has been removed, officials said.</div></div><div class='row'><div class='list'><div class='first'>"
            + "".join(card(i) for i in range(3)) + "</div><div>" + "".join(card(i) for i in range(3, 9))
            + "</div></div></div></div></div></body></html>")
    got = extract_article(html, "https://news.example.com/2019/11/20/pier.html", fetched_at=NOW)
    assert "A wooden pier collapsed" in got.body and "Nobody was hurt" in got.body


def test_a_hidden_copy_of_the_article_is_not_text():
    """A hidden box holding a copy of the article (to republish it) is not rescued as a hidden article
    container when the page shows its headline elsewhere."""
    from newsarchiver.extract import extract_article

    paras = "".join(f"<p>Paragraph {i}: the council voted on Tuesday to rebuild the old pier, which a storm wrecked last "
                    "winter; work starts in spring, and the ferries will use a temporary landing until then, officials "
                    "said.</p>" for i in range(6))
    html = ("<html><head><title>Council votes to rebuild the pier</title></head><body><div class='page'>"
            f"<h1>Council votes to rebuild the pier</h1><div class='entry'>{paras}</div>"
            "<div class='box' style='display:none'><h2>Republish this article</h2><p>Please credit us and link back to the "
            f"story.</p><h1>Council votes to rebuild the pier</h1>{paras}</div></div></body></html>")
    got = extract_article(html, "https://news.example.com/2024/05/12/pier.html", fetched_at=NOW)
    assert "Please credit" not in got.body and got.body.count("Paragraph 0") == 1


PROSE = "".join(f"<p>海滨新码头今天正式开放，市民踊跃参观，第{i}段写了开放当天的情形，候船大厅同时启用。</p>" for i in range(4))


@pytest.mark.parametrize(
    ("why", "html", "kept", "dropped"),
    [
        ("the paragraph after a lone (广告) marker is the ad",
         f"<div class='post'><h1>海滨新码头正式开放</h1><div class='single'>{PROSE}<p>(广告)</p>"
         "<p>家电以旧换新活动进行中，到店咨询立减三百元。</p></div></div>", "第3段", "家电以旧换新"),
        ("a promotion with a bracketed call to action is no text",
         "<div class='post'><h1>海滨新码头正式开放</h1><div class='content'><p>年度人物评选火热进行中！"
         f"【<a href='/vote'>点击投票</a>】选出你心目中的年度人物</p>{PROSE}</div></div>",
         "第0段", "点击投票"),
        ("a Tags heading alone on its line ends the text",
         f"<div class='post'><h1>海滨新码头正式开放</h1><div class='content'>{PROSE}<p>Tags</p>"
         "<p>码头建设, 海滨交通, 城市规划, 新码头开放</p></div></div>", "第3段", "城市规划"),
        ("an info line of short fields opening the block is no text",
         "<div class='post'><h1>海滨新码头正式开放</h1><div class='wrap'><p>秋水 3年前 (2024-02-11) 生活百科 0</p>"
         f"{PROSE}</div></div>", "第0段", "生活百科"),
        ("the headline with its date opening the block is no text",
         "<div class='post single'><h2 class='post-title'>海滨新码头正式开放<span class='post-date'>2024-01-03 10:00:00"
         f"</span></h2><div class='post-body'>{PROSE}</div></div>", "第0段", "2024-01-03"),
        ("a short post's headline does not pull its block up to the page",
         "<main><div class='head'><h1 class='post-title'>社区发起冬衣捐赠 一周收到衣物三千余件</h1></div>"
         "<div class='entry-content'><p>入冬以来，北塘区十个社区联合发起冬衣捐赠活动，一周内共收到居民捐赠的棉衣、棉被等三千余件。</p>"
         "<p>这些衣物经过清洗消毒后，将送往白石镇和周边山区的困难家庭。</p></div><div class='meta'><p>Posted</p>"
         "<p>in</p><div class='terms'><a href='/category/x/'>民生</a></div><p>by</p></div></main>", "困难家庭", "Posted"),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_body_leaves_out_the_post_furniture(why, html, kept, dropped):
    from newsarchiver.extract import extract_article

    body = extract_article(f"<html><head><title>海滨新码头正式开放</title></head><body>{html}</body></html>",
                           "http://news.example.cn/a/1.html", fetched_at=NOW).body
    assert kept in body and dropped not in body, why


def test_a_paragraph_of_news_after_a_lone_ad_marker_stays():
    from newsarchiver.extract import extract_article

    news = "记者从市卫生健康委员会获悉，鹿鸣市今年以来已累计推进低空经济相关项目二十八个，总投资约七十六亿元，覆盖全市各区。"
    html = (f"<html><head><title>海滨新码头正式开放</title></head><body><div class='post'><h1>海滨新码头正式开放</h1>"
            f"<div class='single'>{PROSE}<p>(广告)</p><p>{news}</p></div></div></body></html>")
    assert news in extract_article(html, "http://news.example.cn/a/1.html", fetched_at=NOW).body


@pytest.mark.parametrize("line", [
    "We may earn commission from links on this page, but we only recommend products we back.",
    "Disclosure: if you buy through affiliate links, I may earn a small commission.",
    "We are a reader-supported site and do not accept payment to review products.",
    "Pin this for later!", "PIN FOR LATER", "Page 1 of 8", "Join our mailing list",
    "Join Medium for free to get updates from this writer.", "This story is funded by readers like you",
    "Related:", "Get in touch", "CONTACT US", "See price at Amazon",
])
def test_english_site_notes_leave_the_text(line):
    prose = "".join(f"<p>The harbour board met on Tuesday evening to vote on plan number {i}, which would move the "
                    "fish market closer to the new pier and add a covered hall for the winter months.</p>"
                    for i in range(4))
    body = _body(f"<html><body><article><h1>{TITLE}</h1>{prose}<p>{line}</p>{prose}</article></body></html>").text
    assert "harbour board" in body and line not in body


def test_prose_that_mentions_a_commission_stays():
    line = ("The council said the agency could earn a commission on every sale, and members may earn more next "
            "year if the market grows as planned; critics called the arrangement unusual for a public body.")
    prose = "".join(f"<p>The harbour board met on Tuesday evening to vote on plan number {i}.</p>" for i in range(4))
    assert line in _body(f"<html><body><article><h1>{TITLE}</h1>{prose}<p>{line}</p></article></body></html>").text
