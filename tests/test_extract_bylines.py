"""parse_byline: labelled fields, several per line, name splitting and validation, poster accounts."""

import pytest

from newsarchiver.extract.bylines import find_inline_bylines, looks_like_byline, outlet_name, parse_byline, split_person_names


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


# --- Chinese credit lines seen on portal and repost pages (issue 3) ---------------------------------

@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("《海风》作者 王小明", ["王小明"]),  # the column before the label is no name
        ("海滨晚报记者 李一 张二", ["李一", "张二"]),
        ("整合 海滨日报·港口记者 徐小翔", ["徐小翔"]),
        ("□ 本报记者 葛小丹", ["葛小丹"]),
    ],
)
def test_outlet_before_the_reporter_label(line, authors):
    assert looks_like_byline(line)
    assert parse_byline(line).authors == authors


def test_outlet_glued_to_a_reporter_label_is_not_an_author():
    assert parse_byline("采写：海报见习记者 林小海").authors == ["林小海"]
    assert parse_byline("本报记者张三通讯员李四").authors == ["张三", "李四"]


def test_photo_credit_is_not_a_byline_of_authors():
    assert not looks_like_byline("海滨日报图片记者李一、张二摄")  # a caption credit stays with its picture


def test_credit_run_after_a_contributor():
    line = "宣传科供稿 摄影/张小艳 编辑/苏小芳"
    assert looks_like_byline(line)
    assert parse_byline(line).editors == ["苏小芳"]


def test_original_title_line_is_a_byline_despite_punctuation():
    assert looks_like_byline("原标题：快讯！海滨大桥今日通车，市民排队体验")
    assert looks_like_byline("（原题为《海滨大桥通车了，你去了吗？》）")


def test_inline_credit_with_a_qualifier_before_the_label():
    assert find_inline_bylines("本站讯（职工通讯员 李小雯 刘小慧）为推进工作，医院举办了比赛。").authors == ["李小雯", "刘小慧"]


def test_dispatch_line_name_before_place_and_date():
    assert parse_byline("（海峡社記者王大明桃園19日電）").authors == ["王大明"]


def test_editor_nickname_and_proofreader():
    assert parse_byline("作者：未知　责任编辑：星星不是糖").editors == ["星星不是糖"]
    assert parse_byline("编辑|张一 校对|李二").editors == ["张一"]  # a proofreader is not an editor


def test_source_naming_no_publisher():
    assert parse_byline("来源：网络").source is None
    assert parse_byline("来源于：东区办事处").source == "东区办事处"


def test_closing_place_credit_in_any_paragraph():
    assert find_inline_bylines("警方將進一步釐清死因。（王小忠／台中報導）").authors == ["王小忠"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("原创 海滨都市报", "海滨都市报"),
        ("海风星空[整理]", "海风星空"),
        ("IT之窗", "IT之窗"),
        ("海风科技", "海风科技"),
        ("新华社", "新华社"),
        ("张三", None),
        ("欧阳小明", None),
        ("资讯小编", None),
        ("网络", None),
    ],
)
def test_outlet_name(text, name):
    assert outlet_name(text) == name


def test_latin_names_stop_at_dates_and_meta_words():
    assert split_person_names("Chris Carroll 30 Sep 2022, 11:07am")[0] == ["Chris Carroll"]
    assert split_person_names("Updated Feb 27, 2026")[0] == []
    assert split_person_names("Recipe by PJ Hamel")[0] == ["PJ Hamel"]
    assert split_person_names("Lena H. Sun")[0] == ["Lena H. Sun"]
    assert split_person_names("Dr. Vahid Osman")[0] == ["Dr. Vahid Osman"]
    assert split_person_names("A. J. Neal")[0] == ["A. J. Neal"]
    assert split_person_names("By Ann Lee, DVM. Reviewed by Bob Marsh, DVM")[0] == ["Ann Lee", "DVM"]


@pytest.mark.parametrize(
    ("line", "source"),
    [("来源：新华社（北京）", "新华社"), ("来源：中国网(china.com.cn)", "中国网"), ("来源：人民日报（海外版）", "人民日报(海外版)"),
     ("来源：中新网（广州） 作者：张三", "中新网")],
)
def test_source_without_a_dispatch_place_or_domain_note(line, source):
    assert parse_byline(line).source == source
