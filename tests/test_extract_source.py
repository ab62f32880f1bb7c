"""Source (来源): the forms reposts and news pages credit their original in (inline HTML written for the test)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsarchiver.extract import extract_article

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
TEXT = "".join(f"<p>新码头第{i}期工程于今年春天开工，建成后可同时停靠六艘渔船，附近的居民说出海比以前方便多了。</p>"
               for i in range(5))


def page(info: str, after: str = "", first: str = "") -> str:
    return (f"<html><head><title>海滨新码头正式开放_新闻频道</title></head><body><div class='article'>"
            f"<h1>海滨新码头正式开放</h1><div class='info'>{info}</div><div class='content'>{first}{TEXT}{after}"
            "</div></div></body></html>")


@pytest.mark.parametrize("why, html, source", [
    ("丨 separates the label from the outlet", page("2021-03-04 10:30 来源丨东海晚报"), "东海晚报"),
    ("丨 after the label in the text", page("2021-03-04 10:30", after="<p>来源丨东海晚报</p>"), "东海晚报"),
    ("本文转自 in the text", page("2021-03-04 10:30", after="<p>本文转自：滨城日报</p>"), "滨城日报"),
    ("本文来源于 under the headline", page("2021-03-04 10:30 本文来源于：滨城日报"), "滨城日报"),
    ("a platform account in quotes is the account", page("2021-03-04 10:30 来源：微信公众号“滨城观察”"), "滨城观察"),
    ("the outlet before a reporter label", page("2021-03-04 10:30 东海晚报记者 周明远"), "东海晚报"),
    ("a dispatch names its agency, not the city", page("2021-03-04 10:30", first="<p>海通社青岛3月4日电（记者周明远）"
                                                       "新码头今天正式开放。</p>"), "海通社"),
    ("a labelled source wins over a reporter's outlet", page("2021-03-04 10:30 来源：滨城日报 东海晚报记者 周明远"),
     "滨城日报"),
])
def test_source(why, html, source):
    assert extract_article(html, "https://news.example.cn/a/1.html", fetched_at=NOW).source == source, why


def test_no_source_without_evidence():
    assert extract_article(page("2021-03-04 10:30"), "https://news.example.cn/a/1.html", fetched_at=NOW).source is None
