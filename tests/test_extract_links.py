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


def test_links_resolved_once_per_site_resolve_as_against_the_page():
    """Links resolved against the site's scheme and host alone (and remembered across pages) resolve to
    what urljoin gives against the page's own URL, for every kind of href: random ones from tricky pieces."""
    import random
    from urllib.parse import urljoin, urlsplit

    from w3lib.url import safe_url_string

    from newsarchiver.extract.links import _absolute, _ignored, _origin

    def reference(base: str, href: str) -> tuple[str, bool] | None:  # the resolution, page by page
        href = href.strip(" \t\n\r\x0c")
        if not href or href.startswith("#"):
            return None
        try:
            target = safe_url_string(urljoin(base, href))
            parts = urlsplit(target)
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        return target.split("#", 1)[0], _ignored(target)

    rng = random.Random(7)
    pieces = ["/", "//", "#", "?", "?q=1", ":", "\t", "\n", " ", "http:", "https:", "HTTP://", "http://", "..", ".",
              "a", "b.html", "x.jpg", "site.cn", "other.cn", "@", ";p", "\\", "%20", "新闻", "[::1", "javascript:", "mailto:"]
    bases = ["http://site.cn/news/2024/1.html", "https://site.cn/a/b/", "http://site.cn", "http://u@site.cn:8080/x?y=1#z",
             "https://other.cn/p;q/r.html?s"]
    for _ in range(20000):
        base = rng.choice(bases)
        href = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        assert _absolute(base, _origin(base), href) == reference(base, href), (base, href)


def test_a_sites_navigation_is_resolved_once_for_all_its_pages():
    from newsarchiver.extract.links import _resolved

    nav = "".join(f"<a href='/section/{i}/'>栏目{i}</a>" for i in range(30))
    pages = [f"<html><body><nav>{nav}</nav><a href='more-{n}.html'>更多</a></body></html>" for n in range(3)]
    _resolved.cache_clear()
    for n, page in enumerate(pages):
        found = page_links(page, f"http://site.cn/news/2024/{n}.html")
        assert found.links[:30] == [f"http://site.cn/section/{i}/" for i in range(30)]
    info = _resolved.cache_info()
    assert info.misses == 30 + 3 and info.hits == 2 * 30  # the nav links of pages 2 and 3 came from the first
