"""URL identity: tracking parameters, fragments and host spelling never make a second page."""

import pytest

from newsarchiver.urls import site_of, strip_tracking, url_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://a.cn/x.html?utm_source=rss", "http://a.cn/x.html"),
        ("http://a.cn/x.html?from=home#comments", "http://a.cn/x.html"),
        ("http://a.cn/x.html?spm=1.2.3&id=5", "http://a.cn/x.html?id=5"),
        ("http://A.CN:80/x.html", "http://a.cn/x.html"),
        ("http://a.cn/x.html?b=2&a=1", "http://a.cn/x.html?a=1&b=2"),
        ("http://a.cn/news/index.html", "http://a.cn/news/"),
        ("http://a.cn/2024/01/post/?replytocom=3#respond", "http://a.cn/2024/01/post/"),  # a comment-reply link
    ],
)
def test_same_page(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://a.cn/x.html?id=5", "http://a.cn/x.html?id=6"),
        ("http://127.0.0.1:8701/x.html", "http://127.0.0.1:8702/x.html"),
        ("http://a.cn/x.html?t=1", "http://a.cn/x.html?t=2"),  # "t" may address the page: kept
    ],
)
def test_different_pages(a, b):
    assert url_key(a) != url_key(b)


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://www.example.com/a", "example.com"),
        ("https://example.com:443/a", "example.com"),
        ("http://127.0.0.1:8701/a", "127.0.0.1:8701"),
    ],
)
def test_site_of(url, site):
    assert site_of(url) == site


def test_strip_tracking_keeps_other_params():
    assert strip_tracking("http://a.cn/p?id=3&utm_medium=x&from=list#top") == "http://a.cn/p?id=3"
