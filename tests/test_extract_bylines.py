"""parse_byline: labelled fields, several per line, name splitting and validation, poster accounts."""

import pytest

from newsarchiver.extract.bylines import find_inline_bylines, looks_like_byline, parse_byline


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("(作者:刘一民 王小红)", ["刘一民", "王小红"]),
        ("（记者 王一 通讯员 李二）", ["王一", "李二"]),
        ("文/张三", ["张三"]),
        ("本报记者 张三 李四 报道", ["张三", "李四"]),
        ("作者：张三、李四，王五", ["张三", "李四", "王五"]),
        ("记者 王一 摄", ["王一"]),
        ("作者：张三和李四", ["张三", "李四"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Ann Lee, Bob Marsh and Carl Moe", ["Ann Lee", "Bob Marsh", "Carl Moe"]),
        ("記者 陳大文", ["陳大文"]),
    ],
)
def test_authors(line, authors):
    assert parse_byline(line).authors == authors


def test_info_line_with_several_fields():
    b = parse_byline("作者：张三 李四　来源：海滨日报　发布时间：2024-05-12 10:05　点击：123次")
    assert b.authors == ["张三", "李四"]
    assert b.source == "海滨日报"
    assert b.date_texts == ["2024-05-12 10:05"]
    assert b.editors == []


def test_editor_and_source_are_not_authors():
    b = parse_byline("本文来源：海滨晚报 责任编辑：周八_NB1234")
    assert b.authors == []
    assert b.editors == ["周八"]
    assert b.source == "海滨晚报"


def test_source_url_and_original_title():
    assert parse_byline("原文链接：https://example.com/a.html").source_url == "https://example.com/a.html"
    assert parse_byline("（原标题：海边的新码头）").original_title == "海边的新码头"


@pytest.mark.parametrize("line", ["作者：小编", "作者：admin", "作者：海滨小编", "文/佚名"])
def test_poster_accounts_are_kept_apart(line):
    b = parse_byline(line)
    assert b.authors == []
    assert b.poster is not None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(作者:刘一民 王小红)", True),
        ("责任编辑：周八", True),
        ("By Jane Doe", True),
        ("作者认为这个问题很重要，值得讨论。", False),
        ("今天天气很好，我们去公园散步。", False),
        ("", False),
    ],
)
def test_looks_like_byline(line, expected):
    assert looks_like_byline(line) is expected


def test_inline_credit_in_dateline():
    assert find_inline_bylines("新华社巴黎5月12日电（记者李明）法国今天……").authors == ["李明"]
    assert find_inline_bylines("活动将在三地举行。（张小峰）", last=True).authors == ["张小峰"]
