"""What crosses Redis is JSON of ours and nothing else: the request codec (scrapy-redis' SCHEDULER_SERIALIZER) and
the item codec (newsarchiver/distributed/request_codec.py, codec.py)."""

from __future__ import annotations

import json
import pickle

import pytest
from scrapy import Request
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from newsarchiver.distributed import request_codec
from newsarchiver.distributed.codec import UndecodableItem, dump_item, load_item
from newsarchiver.distributed.request_codec import UndecodableRequest
from newsarchiver.items import Article, CrawledPage, DateFound, FetchFailure, NavLink, NotArticle, NotModified, Vanished
from newsarchiver.spiders.repost import RepostSpider


class Payload:
    """Unpickling this opens (creates) a file: the side effect a hostile queue entry would have."""

    def __reduce__(self):
        return open, ("/nonexistent-dir/never-created", "w")


@pytest.fixture
def spider():
    return RepostSpider.from_crawler(get_crawler(RepostSpider), start_urls="http://news.example.com/")


def test_a_request_survives_the_wire(spider):
    request = Request("http://news.example.com/a/1.html?x=1", callback=spider.parse, errback=spider.on_error,
                      priority=3, body=b"\xff\x00", headers={"If-None-Match": '"abc"'},
                      meta={"listing_hops": 2, "redirect_urls": ["http://news.example.com/a"], "depth": 4})
    back = request_from_dict(request_codec.loads(request_codec.dumps(request.to_dict(spider=spider))), spider=spider)
    assert (back.url, back.priority, back.body, back.headers, back.meta) == \
        (request.url, 3, b"\xff\x00", request.headers, request.meta)
    assert back.callback == spider.parse and back.errback == spider.on_error


HOSTILE = {
    "a pickle with a payload": pickle.dumps(Payload()),
    "a pickle of a dict": pickle.dumps({"url": "http://news.example.com/"}),
    "not JSON": b"\x80\x04garbage",
    "a JSON list": b"[1, 2]",
    "a class to import and call": json.dumps({"url": "http://news.example.com/", "_class": "subprocess.Popen",
                                              "args": ["sh", "-c", "touch /tmp/x"]}).encode(),
    "a private callback": json.dumps({"url": "http://news.example.com/", "callback": "_distributed"}).encode(),
    "a dotted callback": json.dumps({"url": "http://news.example.com/", "callback": "crawler.stop"}).encode(),
    "a file URL": json.dumps({"url": "file:///etc/passwd"}).encode(),
    "a body that is not base64": json.dumps({"url": "http://news.example.com/", "body": "%%%"}).encode(),
    "a priority that is not a number": json.dumps({"url": "http://news.example.com/", "priority": "high"}).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_anything_else_in_the_request_queue_is_refused(name):
    with pytest.raises(UndecodableRequest):
        request_codec.loads(HOSTILE[name])


def test_meta_that_changes_how_a_crawler_fetches_is_dropped(spider):
    entry = json.dumps({"url": "http://news.example.com/", "meta": {
        "listing_hops": 1, "dont_obey_robotstxt": True, "proxy": "http://attacker:8080", "download_maxsize": 0,
        "handle_httpstatus_all": True}}).encode()
    assert request_from_dict(request_codec.loads(entry), spider=spider).meta == {"listing_hops": 1}


def test_items_survive_the_wire():
    page = CrawledPage(article=Article(url="http://a/1", title="标题", body="正文",
                                       published=DateFound("2024-01-01T00:00:00+08:00", "2024年1月1日", "byline"),
                                       next=NavLink("http://a/2", "下一篇")),
                       url="http://a/1", fetched_at="2024-01-02T00:00:00+00:00", raw=b"\xff\x00<html>",
                       headers={"ETag": "x"}, requested_url="http://a/1?old=1")
    removed = Vanished("http://a/5", "removal_notice", "2024-01-02T00:00:00+00:00", notice="该内容已被删除",
                       page_text="提示\n该内容已被删除", raw=b"\xe8<html>", headers={"Server": "x"})
    redirected = Vanished("http://a/6", "redirect", "2024-01-02T00:00:00+00:00", status=301, target="http://a/")
    for item in (page, FetchFailure("http://a/3", "http_404", "nope", 404), NotModified("http://a/4"), removed,
                 redirected, NotArticle("http://a/7", "listing", "2024-01-02T00:00:00+00:00")):
        assert load_item(dump_item(item)) == item


@pytest.mark.parametrize("raw", [pickle.dumps(Payload()), b"{}", b'{"type": "page", "item": {"url": 1}}',
                                 b'{"type": "failure", "item": {"url": "x", "evil": 1}}', b'{"type": "shell"}',
                                 b'{"type": "vanished", "item": {"url": "x", "how": "ddos", "fetched_at": "t"}}',
                                 b'{"type": "vanished", "item": {"url": "x", "how": "redirect", "fetched_at": "t", '
                                 b'"raw": "%%%"}}',
                                 b'{"type": "vanished", "item": {"url": "x", "how": "redirect", "fetched_at": "t", '
                                 b'"evil": 1}}',
                                 b'{"type": "not_article", "item": {"url": "x", "page_type": "listing"}}'])
def test_anything_else_in_the_item_queue_is_refused(raw):
    with pytest.raises(UndecodableItem):
        load_item(raw)
