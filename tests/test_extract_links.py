"""extract.links: the links a crawler follows, read with lxml from the decoded text."""

from __future__ import annotations

from newsarchiver.extract.links import page_links

PAGE = """<html><head><base href="/news/">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="stylesheet" href="/style.css"><link rel="alternate" hreflang="en" href="/en/">
</head><body>
<a href="2024/1.html">一</a> <a href=" 2024/2.html#comments ">二</a> <a href="2024/1.html">一again</a>
<a href="#top">top</a> <a href="javascript:void(0)">js</a> <a href="mailto:x@y.cn">mail</a>
<a href="/img/photo.JPG">photo</a> <a href="/files/report.pdf">pdf</a> <a href="http://other.cn/x">other</a>
<a href="/a b.html">space</a> <area href="/map.html"> <a>no href</a>
</body></html>"""


def test_links_feeds_and_what_is_left_out():
    found = page_links(PAGE, "http://site.cn/index.html")
    assert found.links == ["http://site.cn/news/2024/1.html", "http://site.cn/news/2024/2.html",
                           "http://other.cn/x", "http://site.cn/a%20b.html", "http://site.cn/map.html"]
    assert found.feeds == ["http://site.cn/feed/"]


def test_broken_or_empty_pages_give_no_links():
    assert page_links("", "http://site.cn/").links == []
    assert page_links("<<<>>>", "http://site.cn/").links == []
    assert page_links("<a href='http://[::1'>bad</a><a href='/ok.html'>ok</a>", "http://site.cn/").links == [
        "http://site.cn/ok.html"]


def test_an_xhtml_page_with_an_xml_declaration_has_its_links():
    # lxml refuses a str that declares an encoding: such pages (old CMS XHTML templates) once gave no links
    page = ('<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            '<body><a href="/news/1.html">一</a></body></html>')
    assert page_links(page, "http://site.cn/").links == ["http://site.cn/news/1.html"]


def test_links_from_the_tree_the_extractor_reads_are_those_from_the_text():
    from newsarchiver.extract.parse import parse_page

    assert page_links(parse_page(PAGE, "http://site.cn/index.html"), "http://site.cn/index.html") == \
        page_links(PAGE, "http://site.cn/index.html")
    assert page_links(None, "http://site.cn/").links == []
