"""parse_date / find_dates: absolute, 12-hour, relative, labelled, traditional and English forms."""

from datetime import datetime, timezone

import pytest

from newsarchiver.extract.dates import find_dates, parse_date

NOW = datetime(2024, 5, 14, 3, 0, tzinfo=timezone.utc)  # 11:00 in Shanghai


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2022-12-28T10:05:00+08:00", "2022-12-28T10:05:00+08:00", "second"),
        ("2022-12-28T02:05:00Z", "2022-12-28T10:05:00+08:00", "second"),
        ("2022-12-28 10:05", "2022-12-28T10:05:00+08:00", "minute"),
        ("2022-12-28 10:05:33", "2022-12-28T10:05:33+08:00", "second"),
        ("2022/12/28 10:05", "2022-12-28T10:05:00+08:00", "minute"),
        ("2022.12.28", "2022-12-28", "day"),
        ("2022年12月28日 10:05", "2022-12-28T10:05:00+08:00", "minute"),
        ("2022年12月28日 上午10:05", "2022-12-28T10:05:00+08:00", "minute"),
        ("2022年12月28日 下午3:20", "2022-12-28T15:20:00+08:00", "minute"),
        ("2022年12月28日 晚上8:00", "2022-12-28T20:00:00+08:00", "minute"),
        ("2022年12月28日 中午12:30", "2022-12-28T12:30:00+08:00", "minute"),
        ("2022年12月28日 凌晨12:10", "2022-12-28T00:10:00+08:00", "minute"),
        ("2022年12月28日 下午12:10", "2022-12-28T12:10:00+08:00", "minute"),
        ("二〇二二年十二月二十八日", "2022-12-28", "day"),
        ("１２月２８日 １０：０５", "2023-12-28T10:05:00+08:00", "minute"),
        ("5月12日", "2024-05-12", "day"),
        ("3天前", "2024-05-11", "day"),
        ("5小时前", "2024-05-14T06:00:00+08:00", "hour"),
        ("10分钟前", "2024-05-14T10:50:00+08:00", "minute"),
        ("刚刚", "2024-05-14T11:00:00+08:00", "minute"),
        ("今天 08:00", "2024-05-14T08:00:00+08:00", "minute"),
        ("昨天 14:30", "2024-05-13T14:30:00+08:00", "minute"),
        ("前天 09:10", "2024-05-12T09:10:00+08:00", "minute"),
        ("发布时间：2024-05-12 10:05", "2024-05-12T10:05:00+08:00", "minute"),
        ("发表于 2024-05-12", "2024-05-12", "day"),
        ("發布時間：2019年9月7日 下午1:43", "2019-09-07T13:43:00+08:00", "minute"),
    ],
)
def test_chinese_and_numeric_forms(text, value, precision):
    found = parse_date(text, now=NOW, tz="Asia/Shanghai", origin="byline")
    assert found is not None, text
    assert (found.value, found.precision, found.origin) == (value, precision, "byline")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("May 12, 2024", "2024-05-12", "day"),
        ("Posted on May 12, 2024", "2024-05-12", "day"),
        ("12 May 2024 10:05 GMT", "2024-05-12T10:05:00+00:00", "minute"),
        ("Tuesday, May 12, 2024 3:20 PM EDT", "2024-05-12T15:20:00-04:00", "minute"),
        ("Published: 2024-05-12T10:05:00-04:00", "2024-05-12T10:05:00-04:00", "second"),
    ],
)
def test_english_forms(text, value, precision):
    found = parse_date(text, now=NOW, tz="UTC")
    assert found is not None, text
    assert (found.value, found.precision) == (value, precision)


def test_raw_is_the_matched_text():
    found = parse_date("发布时间：2024-05-12 10:05　点击：123次", now=NOW)
    assert found.raw == "2024-05-12 10:05"


@pytest.mark.parametrize("text", ["", "没有日期", "1985-01-01", "2031-01-01", "点击：123次"])
def test_rejects_missing_and_implausible(text):
    assert parse_date(text, now=NOW) is None


def test_yearless_date_takes_latest_past_year():
    assert parse_date("12月28日 10:05", now=NOW).value == "2023-12-28T10:05:00+08:00"


def test_find_dates_in_a_line():
    found = find_dates("上一篇 2022年12月28日 上午10:05 下一篇 2022-12-29", now=NOW)
    assert [d.found.value for d in found] == ["2022-12-28T10:05:00+08:00", "2022-12-29"]
    assert found[0].found.raw == "2022年12月28日 上午10:05"


def test_dateparser_fallback_for_other_text():
    found = parse_date("le 12 mai 2024", now=NOW, tz="Europe/Paris")
    assert found is not None and found.value.startswith("2024-05-12")


@pytest.mark.parametrize(("text", "relative"), [("刚刚", True), ("5分钟前", True), ("3天前", True),
                                                ("昨天 14:30", True), ("2022年12月28日 上午10:05", False),
                                                ("2024-05-12 10:05", False)])
def test_relative_forms_are_marked(text, relative):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from newsarchiver.extract.dates import parse_date

    found = parse_date(text, now=datetime(2024, 5, 14, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert found is not None and found.relative is relative


def test_numeric_day_month_order_only_when_certain():
    # a 12-hour clock marks the month-first (US) order; a day above 12 decides it either way
    assert parse_date("9/17/2004 5:54:13 AM", now=NOW).value == "2004-09-17T05:54:13+08:00"
    assert parse_date("发布日期： 3/4/2005 9:23:57 PM", now=NOW).value == "2005-03-04T21:23:57+08:00"
    assert find_dates("17/9/2004", now=NOW)[0].found.value == "2004-09-17"
    assert find_dates("见 5/7/2005 一文", now=NOW) == []  # either order possible: no guess


def test_just_now_inside_a_sentence_is_no_date():
    assert find_dates("刚刚看到这里 点击刷新", now=NOW) == []
    assert find_dates("刚刚 来源：海风网", now=NOW)[0].found.relative


@pytest.mark.parametrize(
    ("text", "tz", "value"),
    [
        # CST in China is China Standard Time: on a page read in a +08:00 zone it is +08:00, not US Central
        ("2024-05-12 10:30 CST", "Asia/Shanghai", "2024-05-12T10:30:00+08:00"),
        ("发布时间：2024年5月12日 10:30 CST", "Asia/Shanghai", "2024-05-12T10:30:00+08:00"),
        ("2024-05-12 10:30 CST", "Asia/Taipei", "2024-05-12T10:30:00+08:00"),
        # elsewhere it keeps its North American meaning
        ("May 12, 2024 10:30 CST", "America/Chicago", "2024-05-12T10:30:00-06:00"),
        ("May 12, 2024 10:30 CST", None, "2024-05-12T10:30:00-06:00"),
    ],
)
def test_cst_is_china_standard_time_in_a_plus_eight_context(text, tz, value):
    assert parse_date(text, now=NOW, tz=tz).value == value


def test_chinese_page_reads_cst_as_china_time():
    from newsarchiver.extract import extract_article

    html = ("<html><head><title>海滨码头开放</title></head><body><h1>海滨码头开放</h1>"
            "<div class='info'>发布时间：2024-05-12 10:30 CST</div><div class='content'><p>"
            + "海滨新码头今天正式开放，市民踊跃参观，现场秩序井然。" * 6 + "</p></div></body></html>")
    article = extract_article(html, "http://news.example.cn/a/1.html", fetched_at=NOW)
    assert article.published.value == "2024-05-12T10:30:00+08:00"


def test_a_timezone_that_cannot_be_loaded_is_an_error_not_utc(monkeypatch):
    from zoneinfo import ZoneInfoNotFoundError

    from newsarchiver.extract import ExtractionError, extract_article
    from newsarchiver.extract import dates

    html = "<html><body><h1>海滨码头开放</h1><p>发布时间：2024-05-12 10:30</p></body></html>"
    with pytest.raises(ExtractionError, match="No/Such_Zone"):
        extract_article(html, "http://news.example.cn/a/1.html", fetched_at=NOW, timezone="No/Such_Zone")

    # a system without a timezone database: the zone is missing, and that must not read as UTC
    def missing(name):
        raise ZoneInfoNotFoundError(f"No time zone found with key {name}")

    dates._zone.cache_clear()
    monkeypatch.setattr(dates, "ZoneInfo", missing)
    try:
        with pytest.raises(ExtractionError, match="tzdata"):
            parse_date("2024-05-12 10:30", now=NOW, tz="Asia/Shanghai")
    finally:
        monkeypatch.undo()
        dates._zone.cache_clear()


def test_tzdata_is_a_declared_dependency():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
    assert any(dep.split(">")[0].split("=")[0].strip() == "tzdata" for dep in project["dependencies"])


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        # a value is as precise as the page: no midnight for a day, no day for a month
        ("2019-09-25", "2019-09-25", "day"),
        ("2019年9月25日", "2019-09-25", "day"),
        ("2019-09", "2019-09", "month"),
        ("2019年9月", "2019-09", "month"),
        ("2019-09-25T00:00:00+08:00", "2019-09-25T00:00:00+08:00", "second"),  # the page gave the time: kept
        ("2019-09-25 14:05", "2019-09-25T14:05:00+08:00", "minute"),
    ],
)
def test_value_carries_only_the_precision_the_page_gives(text, value, precision):
    found = parse_date(text, now=NOW, tz="Asia/Shanghai")
    assert (found.value, found.precision) == (value, precision)
