"""decode_html: BOM, declared and meta charsets, mislabelled pages, binary bodies."""

import codecs

import pytest

from newsarchiver.extract.decode import NotHTMLError, decode_html
from newsarchiver.extract import ExtractionError

TEXT = "<html><head><title>海滨新闻</title></head><body><p>码头今天开放，市民踊跃参观。</p></body></html>"


def test_gbk_bytes_labelled_gb2312():
    html = TEXT.replace("<head>", '<head><meta charset="gb2312">')
    # 镕 is GBK-only (not in GB2312): real "gb2312" pages contain such characters
    body = html.replace("码头", "码头镕").encode("gbk")
    text, enc = decode_html(body, "gb2312")
    assert enc == "gb18030"
    assert "码头镕今天开放" in text


def test_mislabelled_utf8_header_with_gbk_body():
    html = TEXT.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    text, enc = decode_html(html.encode("gbk"), "utf-8")
    assert enc == "gb18030"
    assert "市民踊跃参观" in text


def test_gbk_label_on_utf8_body():
    html = TEXT.replace("<head>", '<head><meta charset="gbk">')
    text, enc = decode_html(html.encode("utf-8"), "gbk")
    assert enc == "utf-8"
    assert "市民踊跃参观" in text


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_bom_wins(bom, codec):
    text, enc = decode_html(bom + TEXT.encode(codec), "iso-8859-1")
    assert enc == codec
    assert "海滨新闻" in text


def test_no_declaration_gbk_is_guessed():
    text, enc = decode_html(TEXT.encode("gbk"))
    assert "市民踊跃参观" in text


def test_latin1_header_does_not_beat_meta():
    html = TEXT.replace("<head>", '<head><meta charset="utf-8">')
    text, enc = decode_html(html.encode("utf-8"), "ISO-8859-1")
    assert enc == "utf-8" and "海滨新闻" in text


@pytest.mark.parametrize(
    "body",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, b"%PDF-1.7\n...", b"\x1f\x8b\x08\x00abc", b"GIF89a\x01\x00", b"\xff\xd8\xff\xe0abc", b"PK\x03\x04zip", b"<html>\x00\x00\x01\x02"],
)
def test_binary_raises(body):
    with pytest.raises(NotHTMLError) as err:
        decode_html(body)
    assert "not HTML" in str(err.value)
    assert isinstance(err.value, ExtractionError) and isinstance(err.value, ValueError)


def test_empty_body():
    assert decode_html(b"") == ("", "utf-8")


def test_latin1_label_with_bytes_cp1252_leaves_undefined():
    # found by the fuzz test: 0x90 is undefined in cp1252 and used to raise UnicodeDecodeError
    text, codec = decode_html(b"<meta charset='iso-8859-1'><h1>Title</h1><p>caf\xe9 \x90</p>")
    assert codec == "cp1252" and "café" in text



def _damaged_gbk(meta: str = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">') -> bytes:
    """A GBK page heavy with stylesheet, whose text has one stray byte: strict GBK fails on it, and a
    charset detector, seeing mostly ASCII, calls the whole page cp1250."""
    css = "".join(f".nav{i} a:visited {{ COLOR: #ff{i % 10}fff; TEXT-DECORATION: none }}\n" for i in range(80))
    text = ("<html><head>" + meta + "<style>" + css + "</style><title>口袋公园</title></head><body>"
            + "<p>社区居民在新建的口袋公园里散步、下棋，孩子们在草坪上追逐嬉戏。</p>" * 3 + "</body></html>")
    body = text.encode("gbk")
    cut = body.index("下棋".encode("gbk"))
    return body[:cut] + b"\xff" + body[cut:]


def test_a_gbk_page_with_a_stray_byte_stays_gbk():
    body = _damaged_gbk()
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb18030")
    for declared in (None, "gbk"):  # from the meta tag, or from the server too
        text, codec = decode_html(body, declared)
        assert codec == "gb18030" and text.count("社区居民在新建的口袋公园里散步") == 3
        assert text.count("\ufffd") == 1


def test_an_unlabelled_gbk_page_with_a_stray_byte_is_read_as_chinese():
    text, codec = decode_html(_damaged_gbk(meta=""))
    assert codec == "gb18030" and text.count("孩子们在草坪上追逐嬉戏") == 3


def test_hz_gb_2312_is_decoded_with_the_hz_codec():
    # HZ is a 7-bit encoding ("~{…~}" around GB2312 bytes shifted into ASCII): GB18030 would print the
    # escape sequences and ASCII letters instead of the Chinese text
    html = TEXT.replace("<head>", '<head><meta charset="hz-gb-2312">')
    body = html.encode("hz")
    assert body.isascii()
    text, enc = decode_html(body)
    assert enc == "hz" and "市民踊跃参观" in text
    text, enc = decode_html(html.encode("hz"), "HZ-GB-2312")
    assert enc == "hz" and "码头今天开放" in text
