"""Decoding and text-normalisation tables: charsets, binary signatures, full-width forms, scripts."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------------

#: Magic numbers of binary formats a crawler meets instead of HTML.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF",
    b"PK\x03\x04",  # ZIP / docx / xlsx / epub
    b"\x1f\x8b",  # gzip (an undecoded Content-Encoding)
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"RIFF",  # webp / wav / avi
    b"\x00\x00\x00",  # mp4/ftyp and friends start with a size word
    b"OggS",
    b"ID3",  # mp3
    b"\x7fELF",
    b"MZ",  # windows executables
    b"wOFF",
    b"wOF2",
    b"\xd0\xcf\x11\xe0",  # old MS Office
)

#: Charset labels normalised to the codec we actually decode with. GB2312/GBK labelled pages routinely
#: contain GBK-only (and sometimes GB18030-only) characters, so we always use the superset.
CHARSET_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "hz-gb-2312": "hz",  # 7-bit: "~{…~}" around GB2312 bytes shifted into ASCII, its own codec
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
}

#: Single-byte codecs accept any byte string, so "decodes strictly" proves nothing for them; a
#: declared single-byte charset only wins when nothing more specific (meta, valid UTF-8) is found.
PERMISSIVE_CODECS = frozenset({"cp1252", "latin-1", "iso8859-1", "iso-8859-15", "cp1251", "koi8-r"})

META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE
)
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------------------------------

#: One-to-one character map (keeps string offsets) from full-width forms to ASCII, used before regexes.
FULLWIDTH_MAP: dict[int, int] = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    0xFF1A: ord(":"),
    0xFF0D: ord("-"),
    0xFF0F: ord("/"),
    0xFF0E: ord("."),
    0xFF0C: ord(","),
    0xFF08: ord("("),
    0xFF09: ord(")"),
    0x3000: ord(" "),
    0x00A0: ord(" "),
    0x2002: ord(" "),
    0x2003: ord(" "),
    0x2009: ord(" "),
    0x200B: ord(" "),
    0xFEFF: ord(" "),
    0x2013: ord("-"),
    0x2014: ord("-"),
    0x2212: ord("-"),
    0xFE55: ord(":"),
    0x2236: ord(":"),
}

WS_RE = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA_RE = re.compile(r"[\u3040-\u30ff]")
HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
PUNCT_RE = re.compile(r"[，。！？；：、,.!?;:“”\"]")
LATIN_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
#: A word of any alphabetic script written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari,
#: Hangul...): how much prose a page holds is not a matter of its alphabet. Han characters are counted
#: apart (CJK_RE), so a run of them is not a word here.
WORD_RE = re.compile(r"(?:(?![\u3400-\u9fff\uf900-\ufaff])[^\W\d_])+(?:['’](?:(?![\u3400-\u9fff])[^\W\d_])+)?")
