"""Site profiles: TOML loading and checking, URL matching, and selectors taking precedence field by field."""

from datetime import datetime, timezone

import pytest

from newsarchiver.extract import ProfileError, extract_article, load_profiles, parse_profiles

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)

PROFILES = """
[[site]]
domains = ["news.example.com"]
timezone = "Asia/Hong_Kong"
title = "h1.article-title"
body = "div#article-body"
authors = ".byline .name"
published = "span.pubtime"
remove = [".ad", ".share"]

[[site]]
name = "example group"
domains = ["example.com", "example.org"]
"""

PAGE = """<html lang="zh"><head><title>站点首页标题 - 示例新闻</title></head><body>
<div class="top"><h1 class="logo">示例新闻</h1></div>
<div class="wrap">
  <h1 class="article-title">港口新航线下月开通</h1>
  <div class="byline">作者：<span class="name">陈一鸣</span> <span class="name">林小雨</span></div>
  <div class="meta">发布时间 2024-05-20 08:00 <span class="pubtime">2024年5月21日 09:30</span></div>
  <div id="article-body">
    <p>港口管理方宣布，新航线将于下月开通，连接沿海三座城市，每周往返四班。</p>
    <div class="ad">（广告）限时优惠 立即预订</div>
    <p>管理方表示，新航线开通后，货物运输时间将缩短约两天，旅客也可选择夜间班次出行。</p>
    <div class="share">分享到微博 分享到微信</div>
  </div>
  <div class="sidebar"><p>另一篇文章的摘要文字，不应出现在正文之中，这里有足够长的一段文字用来测试。</p></div>
</div></body></html>"""


def _profiles(tmp_path, text=PROFILES):
    path = tmp_path / "profiles.toml"
    path.write_text(text, encoding="utf-8")
    return load_profiles(path)


def test_load_and_match_subdomains(tmp_path):
    profiles = _profiles(tmp_path)
    assert len(profiles) == 2
    first = profiles.for_url("https://news.example.com/a/1.html")
    assert first is not None and first.timezone == "Asia/Hong_Kong"
    # the most specific domain wins; a domain covers its subdomains
    assert profiles.for_url("http://m.news.example.com/x") is first
    group = profiles.for_url("https://www.example.org/")
    assert group is not None and group.name == "example group"
    assert profiles.for_url("https://blog.example.com/") is group
    assert profiles.for_url("https://notexample.com/") is None
    assert profiles.for_url("https://other.net/") is None


def test_profile_selectors_take_precedence(tmp_path):
    profile = _profiles(tmp_path).for_url("https://news.example.com/a/1.html")
    article = extract_article(PAGE, "https://news.example.com/a/1.html", fetched_at=NOW, profile=profile)
    assert article.title == "港口新航线下月开通"
    assert article.authors == ["陈一鸣", "林小雨"]
    # the profile's element, read in the profile's timezone
    assert article.published is not None
    assert article.published.value == "2024-05-21T09:30:00+08:00"
    assert article.published.origin.startswith("profile")
    assert "新航线将于下月开通" in article.body and "货物运输时间" in article.body
    assert "广告" not in article.body and "分享" not in article.body and "摘要文字" not in article.body


def test_generic_extractor_fills_what_the_profile_leaves_out():
    profiles = parse_profiles('[[site]]\ndomains = ["news.example.com"]\nbody = "div#article-body"\n')
    profile = profiles.for_url("https://news.example.com/a/1.html")
    article = extract_article(PAGE, "https://news.example.com/a/1.html", fetched_at=NOW, profile=profile)
    assert article.title == "港口新航线下月开通"  # generic title
    assert article.published is not None and article.published.value.startswith("2024-05-2")
    assert "新航线" in article.body


def test_selector_matching_nothing_falls_back():
    profiles = parse_profiles('[[site]]\ndomains = ["x.test"]\ntitle = "h1.nope"\nbody = "#nope"\npublished = ".nope"\n')
    article = extract_article(PAGE, "https://x.test/1", fetched_at=NOW, profile=profiles.for_url("https://x.test/1"))
    assert article.title == "港口新航线下月开通"
    assert "新航线将于下月开通" in article.body


def test_profile_timezone_overrides_default():
    profiles = parse_profiles('[[site]]\ndomains = ["x.test"]\ntimezone = "Europe/London"\npublished = ".pubtime"\n')
    article = extract_article(PAGE, "https://x.test/1", fetched_at=NOW, profile=profiles.for_url("https://x.test/1"))
    assert article.published is not None and article.published.value == "2024-05-21T09:30:00+01:00"


def test_labelled_author_line_and_datetime_attribute():
    page = """<html><body><h1>Harbour line opens next month</h1>
    <p class="who">By Jane Doe and John Roe</p><time class="t" datetime="2024-05-02T10:00:00Z">May 2</time>
    <div class="text"><p>The harbour authority said the new line opens next month with four sailings a week,
    linking three coastal towns and cutting freight times by about two days for local traders.</p></div>
    </body></html>"""
    profiles = parse_profiles('[[site]]\ndomains = ["x.test"]\nauthors = "p.who"\npublished = "time.t"\n')
    article = extract_article(page, "https://x.test/1", fetched_at=NOW, profile=profiles.for_url("https://x.test/1"))
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.published is not None and article.published.value == "2024-05-02T10:00:00+00:00"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("[[site]\ndomains = ['a.test']", "not valid TOML"),
        ("[[site]]\ntitle = 'h1'", "missing key 'domains'"),
        ("[[site]]\ndomains = []", "'domains'"),
        ("[[site]]\ndomains = ['a.test']\nbdy = 'div'", "unknown key 'bdy'"),
        ("[[site]]\ndomains = ['a.test']\ntitle = 'h1[['", "key 'title': invalid CSS selector"),
        ("[[site]]\ndomains = ['a.test']\nremove = ['.ok', 'p::[']", "key 'remove' item 2"),
        ("[[site]]\ndomains = ['a.test']\ntimezone = 'Mars/Olympus'", "key 'timezone'"),
        ("[[site]]\ndomains = ['a.test']\n[[site]]\ndomains = ['a.test']", "already used"),
        ("[sites]\nx = 1", "unknown top-level key 'sites'"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path, text, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profiles(path)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ProfileError, match="cannot read"):
        load_profiles(tmp_path / "nope.toml")
