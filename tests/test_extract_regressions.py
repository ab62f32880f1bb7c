"""Small inline-HTML regression tests for extraction fixes found on real pages (no third-party text)."""

from datetime import datetime, timezone

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
