"""Extraction never crashes: broken HTML of every kind yields an Article or an ExtractionError."""

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchiver.extract import ExtractionError, extract_article
from newsarchiver.items import Article

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
TAGS = ["div", "p", "span", "a", "h1", "h2", "ul", "li", "table", "tr", "td", "br", "time", "script", "style",
        "nav", "aside", "footer", "form", "article", "header", "pre", "meta", "title", "head", "body", "html"]
CLASSES = ["", "content", "sidebar", "comment", "entry-content", "related", "info", "author", "date", "__next",
           "widget", "footer", "nav-next", "prev", "byline"]
TEXTS = ["作者：张三", "记者 李四", "2023年3月2日 上午9:15", "09-30 22:46", "昨天 14:30", "来源：新华网", "上一篇：x",
         "责任编辑：王五", "By Jane Doe", "Published 2024-05-02", "\x00", "&#0;", "&amp;", "<", ">", "\ufeff",
         "文" * 50, "word " * 30, "", " ", "\u3000", "]]>", "<!--", "-->", "<?xml version='1.0'?>"]


def _attr() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CLASSES).map(lambda c: f' class="{c}"'),
        st.sampled_from(["datetime", "content", "href", "id", "rel", "lang", "style", "hidden", "itemprop"]).flatmap(
            lambda name: st.text(max_size=30).map(lambda v: f' {name}="{v}"')
        ),
        st.integers(1, 3).map(lambda k: f' data-x="{"y" * (k * 40000)}"'),  # huge attribute values
        st.just(""),
    )


@st.composite
def tag_soup(draw) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(_attr())}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(TEXTS)))
        elif kind == 3:
            parts.append(draw(st.text(max_size=40)))
        else:
            parts.append(f"<{tag}{draw(_attr())}")  # unterminated tag
    return "".join(parts)


@st.composite
def broken_document(draw) -> str | bytes:
    soup = draw(tag_soup())
    shape = draw(st.integers(0, 6))
    if shape == 0:
        return soup
    if shape == 1:  # a truncated document
        doc = f"<html><head><title>t</title></head><body>{soup}<div class='content'><p>{'正文' * 80}</p></div></body></html>"
        return doc[: draw(st.integers(0, len(doc)))]
    if shape == 2:  # bytes in some encoding, possibly mislabelled, possibly cut mid-character
        enc = draw(st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "cp1252", "shift_jis"]))
        label = draw(st.sampled_from(["utf-8", "gbk", "big5", "iso-8859-1", "bogus-charset", ""]))
        raw = f"<meta charset='{label}'><h1>标题</h1><p>{soup}{'正文内容。' * 20}</p>".encode(enc, "replace")
        return raw[: draw(st.integers(0, len(raw)))]
    if shape == 3:  # random bytes, NUL bytes
        return draw(st.binary(max_size=300)) + draw(st.sampled_from([b"", b"\x00\x00<p>x</p>", b"<html>\x00"]))
    if shape == 4:  # deeply nested divs
        depth = draw(st.integers(100, 5000))
        return "<html><body>" + "<div class='content'>" * depth + "<p>深层正文内容。" * 3 + soup + "</div>" * (depth // 2)
    if shape == 5:  # text with NUL characters
        return soup + "\x00" + soup
    return "<html><body><h1>标题</h1>" + soup * draw(st.integers(1, 5)) + "</body></html>"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=broken_document(), as_bytes=st.booleans())
def test_extract_article_never_crashes(doc, as_bytes):
    if as_bytes and isinstance(doc, str):
        doc = doc.encode("utf-8", "surrogatepass")
    try:
        article = extract_article(doc, "https://news.example.com/a/1.html", fetched_at=NOW)
    except ExtractionError:
        return
    assert isinstance(article, Article)
    assert article.url == "https://news.example.com/a/1.html"


def test_deeply_nested_divs_and_nul_bytes():
    deep = "<html><body><h1>标题</h1>" + "<div class='content'>" * 5000 + "<p>正文。</p>" + "</div>" * 5000
    assert isinstance(extract_article(deep, "https://x.test/1", fetched_at=NOW), Article)
    try:
        extract_article(b"<html>\x00\x00<p>x</p>", "https://x.test/1", fetched_at=NOW)
    except ExtractionError:
        pass
