"""Data tables for extraction: labels, boilerplate phrases, class/id patterns, tag sets.

Everything the extractor "knows" about page templates lives here as data, so a new template quirk is a
table edit rather than a code change. Nothing in this module may name a particular site: the tables
describe conventions shared by many CMSs (DedeCMS, PHPCMS, WordPress themes, portal templates).
"""

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
    "hz-gb-2312": "gb18030",
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

# ---------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------

#: Labels that may precede a date; stripped before parsing (dateparser returns None with them).
DATE_LABELS: tuple[str, ...] = (
    "发布时间", "发表时间", "发布日期", "发表日期", "更新时间", "更新日期", "修改时间", "时间", "日期",
    "發布時間", "發表時間", "發佈時間", "更新時間", "發布日期", "時間", "日期", "发表于", "發表於",
    "发布于", "發佈於", "更新于", "编辑于", "创建时间", "上传时间", "录入时间", "添加时间", "出版时间",
    "Posted on", "Posted", "Published on", "Published", "Updated on", "Updated", "Last updated",
    "Date", "Posted at", "First published",
)
DATE_LABEL_RE = re.compile(
    r"^\s*[\[【(]?\s*(?:"
    + "|".join(sorted((re.escape(x) for x in DATE_LABELS), key=len, reverse=True))
    + r")\s*[\]】)]?\s*(?::|：|\s|(?=\d))\s*",
    re.IGNORECASE,
)
#: Labels that mark a date as an update rather than the publication.
UPDATE_LABEL_RE = re.compile(r"更新|修改|編輯於|编辑于|updated|modified", re.IGNORECASE)

AMPM_OFFSETS: dict[str, str] = {
    # marker -> rule: "pm" adds 12 except at 12; "am" maps 12 -> 0; "noon" keeps 12, adds 12 to 1-5
    "上午": "am", "早上": "am", "早晨": "am", "清晨": "am", "凌晨": "am", "AM": "am", "A.M.": "am",
    "下午": "pm", "晚上": "pm", "傍晚": "pm", "夜里": "pm", "夜间": "pm", "夜晚": "pm", "晚间": "pm",
    "PM": "pm", "P.M.": "pm", "中午": "noon", "午间": "noon",
}
_AMPM_ALT = "|".join(sorted((re.escape(k) for k in AMPM_OFFSETS), key=len, reverse=True))

_TIME = (
    r"(?:\s*(?:T|,|\s)?\s*(?P<ap>" + _AMPM_ALT + r")?\s*"
    r"(?P<H>[012]?\d)\s*(?::|时|時|点|點)\s*(?P<M>[0-5]\d)(?!\d)\s*(?:分)?"
    r"(?:\s*:?\s*(?P<S>[0-5]\d)(?!\d)\s*(?:秒)?(?:\.\d+)?)?"
    r"(?:\s*(?P<ap2>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
    r"(?:\s*(?P<tz>Z(?![A-Za-z])|[+-]\d{2}:?\d{2}(?!\d)|(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[ECMP][SD]T|BST|CET|CEST|JST|KST|HKT|SGT|IST|AEST|AEDT)(?![A-Za-z]))?"
    r")?"
)

#: Chinese numerals for dates such as 二〇二二年十二月二十八日.
CN_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}

#: (name, pattern) — tried in order; absolute forms first. Patterns run on full-width-normalised text.
DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "ymd",
        re.compile(
            r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.])\s*(?P<m>[01]?\d)\s*(?P=sep)\s*(?P<d>[0-3]?\d)(?!\d)"
            + _TIME
        ),
    ),
    (
        "cn_ymd",
        re.compile(
            r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*[日号號]?" + _TIME
        ),
    ),
    (
        "cn_numeral_ymd",
        re.compile(
            r"(?P<y>[〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
            r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*[日号]"
        ),
    ),
    (
        "compact",
        re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:\s+|T)(?P<H>[012]\d):?(?P<M>[0-5]\d)(?![\d])"),
    ),
    (
        # "9/17/2004 5:54:13 AM" (ASP/.NET default) or "17/9/2004": read only when the order is certain
        "numeric_dmy_mdy",
        re.compile(r"(?<![\d/.\-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d{2})(?![\d/])" + _TIME),
    ),
    (
        "en_mdy",
        re.compile(
            r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
            r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})(?!\d)"
            + _TIME.replace("T|,|\\s", "T|,|\\s|at|@|-|\\|")
            , re.IGNORECASE,
        ),
    ),
    (
        "en_dmy",
        re.compile(
            r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
            r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(?P<y>(?:19|20)\d{2})(?!\d)"
            + _TIME.replace("T|,|\\s", "T|,|\\s|at|@|-|\\|")
            , re.IGNORECASE,
        ),
    ),
    (
        "cn_md",
        re.compile(r"(?<![\d年])(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*[日号號]" + _TIME),
    ),
    (
        # "09-07 13:43" — only with a time of day, a bare "09-07" is too ambiguous.
        "md_time",
        re.compile(
            r"(?<![\d\-/.])(?P<m>[01]?\d)[-/](?P<d>[0-3]?\d)\s+(?P<H>[012]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?![\d\-/])"
        ),
    ),
    (
        "rel_day",
        re.compile(r"(?P<rel>今天|今日|昨天|昨日|前天|前日|today|yesterday)" + _TIME, re.IGNORECASE),
    ),
    (
        "rel_ago",
        re.compile(
            r"(?P<n>\d+|半|一|两|几)\s*(?P<unit>秒钟?|秒鐘|分钟|分鐘|分|个?小时|個?小時|天|日|周|週|星期|个月|個月|年)\s*(?:之)?前"
        ),
    ),
    (
        "en_ago",
        re.compile(
            r"(?<![A-Za-z])(?P<n>\d+|an?)\s+(?P<unit>second|minute|min|hour|hr|day|week|month|year)s?\s+ago(?![A-Za-z])",
            re.IGNORECASE,
        ),
    ),
    # "刚刚" as a time stamp stands alone; "刚刚看到这里" is a sentence
    ("just_now", re.compile(r"(?:刚刚|剛剛)(?![\u4e00-\u9fff])|just now", re.IGNORECASE)),
)

MONTHS_EN: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

#: Abbreviations -> UTC offset in minutes (summer-time variants included; ambiguous "CST" read as US).
TZ_ABBREV_MINUTES: dict[str, int] = {
    "GMT": 0, "UTC": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "BST": 60, "CET": 60, "CEST": 120, "JST": 540, "KST": 540,
    "HKT": 480, "SGT": 480, "IST": 330, "AEST": 600, "AEDT": 660,
}

RELATIVE_UNIT_SECONDS: dict[str, int] = {
    "秒": 1, "秒钟": 1, "秒鐘": 1, "second": 1,
    "分": 60, "分钟": 60, "分鐘": 60, "minute": 60, "min": 60,
    "小时": 3600, "个小时": 3600, "小時": 3600, "個小時": 3600, "hour": 3600, "hr": 3600,
    "天": 86400, "日": 86400, "day": 86400,
    "周": 604800, "週": 604800, "星期": 604800, "week": 604800,
    "个月": 2592000, "個月": 2592000, "month": 2592000,
    "年": 31536000, "year": 31536000,
}

# ---------------------------------------------------------------------------------------------------
# Bylines
# ---------------------------------------------------------------------------------------------------

AUTHOR_LABELS: tuple[str, ...] = (
    "作者", "文", "记者", "撰稿", "撰文", "通讯员", "特约记者", "本报记者", "文/图", "图/文", "文图",
    "图文", "本报通讯员", "见习记者", "实习记者", "首席记者", "特约撰稿", "撰稿人", "执笔", "口述",
    "記者", "撰稿", "作者：", "文字", "采写", "采访", "主笔", "本刊记者", "特派记者", "報導", "执笔人",
    "通訊員", "撰文人",
)
EDITOR_LABELS: tuple[str, ...] = (
    "责任编辑", "编辑", "责编", "本文编辑", "值班编辑", "审核", "终审", "初审", "复审", "编审",
    "美编", "主编", "编校", "監製", "責任編輯", "編輯", "責編", "審核",
)
SOURCE_LABELS: tuple[str, ...] = (
    "来源", "稿源", "出处", "转载自", "本文来源", "文章来源", "信息来源", "新闻来源", "转自", "来自",
    "來源", "出處", "轉載自", "文章來源", "来源于", "稿件来源", "新聞來源",
)
#: 来源 values that name no publisher ("来源：网络" = found somewhere online).
NOT_SOURCES: frozenset[str] = frozenset(
    {
        "网络", "網絡", "網路", "互联网", "互聯網", "网上", "网络转载", "网友", "网友投稿", "转载", "轉載", "本站",
        "本网", "原创", "原創", "佚名", "未知", "不详", "综合", "綜合", "网络整理", "网络综合", "投稿",
    }
)
SOURCE_URL_LABELS: tuple[str, ...] = ("原文链接", "原文地址", "原文网址", "原文連結", "原文網址", "本文链接", "本文地址")
DATE_FIELD_LABELS: tuple[str, ...] = (
    "发布时间", "发表时间", "发布日期", "发表日期", "时间", "日期", "更新时间", "更新日期", "發布時間",
    "更新時間", "發表時間", "發佈時間", "時間", "发表于", "发布于", "發表於",
)
ORIGINAL_TITLE_LABELS: tuple[str, ...] = ("原标题", "原標題", "原题", "本文原标题", "原标题为", "原题为", "原題為", "原題")
#: Labels of fields an info line carries that we read nothing from, but that end the previous field.
NOISE_LABELS: tuple[str, ...] = (
    "点击", "点击数", "点击量", "阅读", "阅读量", "阅读数", "浏览", "浏览量", "浏览次数", "人气", "评论",
    "字号", "字体", "分享", "分享到", "栏目", "所属栏目", "分类", "标签", "关键词", "关键字", "热度",
    "点赞", "收藏", "打印", "Tags", "Views", "Comments", "摄影", "摄", "图", "图片", "视频", "制图",
    "校对", "责任校对", "校對",
)

#: Accounts that post on a site but are not the article's author.
POSTER_NAMES: frozenset[str] = frozenset(
    {
        "小编", "admin", "administrator", "管理员", "网友", "佚名", "匿名", "编辑部", "本站", "站长",
        "投稿", "editor", "webmaster", "root", "系统管理员", "本站编辑", "网站编辑", "本站小编",
        "sysadmin", "guest", "游客", "用户", "未知", "unknown", "anonymous", "staff", "本网", "本报",
        "作者", "原创", "转载",
    }
)
POSTER_SUFFIXES: tuple[str, ...] = ("小编",)

#: Words at the end of a name value that are not part of the name ("张三 报道", "李四 摄").
NAME_SUFFIXES: tuple[str, ...] = (
    "报道", "報導", "摄影", "摄", "攝", "整理", "编译", "編譯", "采写", "撰写", "供稿", "综合报道",
    "发自", "翻译", "翻譯", "制图", "绘图", "文图", "图文", "联合报道", "综合", "实习生", "编辑",
)
#: Two-character family names: a four-character name starting so may be a person ("欧阳小明").
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙", "公孫",
        "慕容", "长孙", "長孫", "宇文", "司徒", "夏侯", "轩辕", "軒轅", "令狐", "独孤", "獨孤", "南宫", "南宮",
        "西门", "西門", "端木", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "鍾離", "闾丘", "閭丘",
        "赫连", "赫連", "濮阳", "濮陽", "单于", "單于", "淳于", "拓跋", "范姜", "张简", "張簡",
    }
)
#: Badges printed next to an outlet name in an info line ("原创", "[整理]", "企鹅号").
OUTLET_BADGE_RE = re.compile(
    r"[\[【(（][^\]】)）]{1,4}[\]】)）]|^(?:原创|原創|转载|轉載|置顶|独家|獨家|精选|推荐|首发|首發|认证|认证作者|作者)$"
)
#: Organisation endings: a "name" ending so is a publisher, not a person.
ORG_SUFFIXES: tuple[str, ...] = (
    "网", "網", "报", "報", "社", "台", "新闻", "新聞", "日报", "晚报", "周刊", "杂志", "频道", "中心",
    "公司", "集团", "部", "局", "厅", "委", "会", "办", "院", "站", "号", "科技", "财经", "在线",
    "传媒", "媒体", "时报", "网站", "官网", "发布", "观察", "资讯", "头条", "视界", "大学", "学校",
)
#: Words that look like 2-4 CJK names but are not.
NOT_NAMES: frozenset[str] = frozenset(
    {
        "简介", "介绍", "信息", "原创", "转载", "来源", "本文", "全文", "正文", "作者", "记者", "编辑",
        "责任", "发布", "时间", "日期", "更多", "文章", "相关", "网络", "互联网", "本网", "本报", "本站",
        "综合", "报道", "图片", "视频", "首页", "新闻", "资讯", "中国", "北京", "上海", "广州", "深圳",
        "新华社", "中新社", "客户端", "微信", "微博", "未知", "不详", "佚名", "其他", "实习生", "通讯员",
        "特约", "图文", "文字", "整理", "编译", "摄影", "查看", "点击", "阅读", "评论", "整合", "博客",
        "联系", "联系我们", "翻攝", "翻摄", "报导", "報導", "出自", "来自", "發自", "发自", "转自", "摘自", "选自",
    }
)
LATIN_NAME_PARTICLES: frozenset[str] = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "bin", "al", "st."}
)
#: Capitalised words of an English byline that are never part of a name: months, weekdays, meta words.
LATIN_NOT_NAME_WORDS: frozenset[str] = frozenset(
    {
        "feb", "apr", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
        "september", "october", "november", "december", "mon", "tue", "tues", "wed", "thur", "thurs",
        "fri", "sat", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "updated", "published", "posted", "modified", "written", "follow", "by",
    }
)
BY_RE = re.compile(r"^\s*(?:written\s+)?by\s*[:：]?\s+(?P<names>.+)$", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# DOM: tags and class/id patterns
# ---------------------------------------------------------------------------------------------------

#: Subtrees never part of the article text.
SKIP_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "nav", "aside", "footer", "form", "iframe", "button", "select",
        "option", "textarea", "input", "svg", "canvas", "template", "object", "embed", "head", "title",
        "meta", "link", "map", "audio", "video", "label",
    }
)
#: Elements that start a new paragraph.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td",
        "th", "tbody", "thead", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "figure", "figcaption", "center", "hr", "br", "address", "details", "summary", "fieldset",
        "caption", "body", "html",
    }
)
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Class/id keywords marking boilerplate anywhere inside a token ("comment-list", "relatedPosts").
BOILERPLATE_ANYWHERE_RE = re.compile(
    r"comment|related|recommend|sidebar|footer|copyright|disclaimer|breadcrumb|crumbs|pagination|pager"
    r"|sharing|social|advert|adsbygoogle|entry-page|pre-?next|prenext|post-?nav|nav-links|nav-previous"
    r"|nav-next|navigation|navbar|qrcode|erweima|gotop|backtop|back-to-top|toolbar|widget|banner"
    r"|hotnews|hot-news|ranking|login|signin|reward|dashang|youlike|you-like|jubao|newsletter|subscribe"
    r"|cookie|popup|modal|tagcloud|post-tags|entry-tags|article-tags|tag-list|taglist|keywords"
    r"|statement|shengming|bottom|topbar|top-bar|header-nav|menu|bshare|jiathis|bdshare|author-box"
    r"|authorbox|author-bio|about-author|zan-|-zan|dig[gg]|thumbs|favor|collect|print-|fontsize"
    r"|font-size|relate|xgyd|xgtj|xgwz|rmtj|tuijian|remen|hot-list|hotlist|rank-list|more-news|morenews",
    re.IGNORECASE,
)
#: Keywords that mark boilerplate only as a whole token or its last/first dash part. Prefix-matching
#: "tag"/"ad" would hit WordPress post classes like "tag-foo", hence the anchoring.
BOILERPLATE_TOKEN_RE = re.compile(
    r"(?:^|[-_])(?:nav|menu|share|side|aside|foot|ad|ads|adv|tags?|hot|rank|prev|next|previous|zan|like"
    r"|likes|praise|digg|tool|tools|fav|gg|guanggao|links|friendlink|flink|foot\w*)$"
    r"|^(?:ad|ads|adv|nav|menu|side|foot|share|hot|rank|gg|guanggao|like|zan|copy)(?:[-_]|$)",
    re.IGNORECASE,
)
#: Class/id keywords of containers that usually hold the article text.
CONTENT_HINT_RE = re.compile(
    r"article|content|entry|post-?body|post-?content|story|detail|main|text|body|news_?txt|zhengwen|"
    r"(?:^|[-_])(?:con|cont|txt|zw|nr|wz|neirong|wenzhang)(?:$|[-_])",
    re.IGNORECASE,
)
#: Containers whose dates/links must never be read as the article's (prev/next, related, comments...).
DATE_EXCLUDE_RE = re.compile(
    r"comment|related|recommend|sidebar|footer|copyright|disclaimer|entry-page|pre-?next|prenext"
    r"|post-?nav|nav-links|nav-previous|nav-next|navigation|widget|hot|rank|relate|tuijian|remen"
    r"|xgyd|xgwz|more-news|morenews|bottom|reply|review|pinglun|aside|(?:^|[-_])(?:prev|next|side|foot)(?:$|[-_])",
    re.IGNORECASE,
)
DATE_EXCLUDE_TAGS: frozenset[str] = frozenset({"footer", "aside", "nav", "form", "select", "option"})

#: Class/id hints of the "info line" under the headline (date, source, author).
INFO_HINT_RE = re.compile(
    r"info|meta|byline|author|source|time|date|pub|post-?date|attr|publish|writer|editor|laiyuan|sj"
    r"|from|origin|detail-?top|article-?top|subtitle|sub-?title|tip|fbsj|ly",
    re.IGNORECASE,
)
TITLE_HINT_RE = re.compile(r"title|headline|tit(?:$|[-_])|(?:^|[-_])bt(?:$|[-_])|biaoti", re.IGNORECASE)
POSTER_HINT_RE = re.compile(r"nickname|nick|user-?name|uname|poster|username", re.IGNORECASE)
AUTHOR_HINT_RE = re.compile(r"author|byline|writer|zuozhe", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------------------------------

PREV_LABEL_RE = re.compile(
    r"^[\s«‹<←\[【(（]*(?:上一篇文章|上一篇|上篇|前一篇|上一条|上一則|(?:previous|prev|older)(?:\s+(?:post|article|story|entry|posts))?\b)"
    r"\s*[:：>»\]】)）]?\s*",
    re.IGNORECASE,
)
NEXT_LABEL_RE = re.compile(
    r"^[\s«‹<\[【(（]*(?:下一篇文章|下一篇|下篇|后一篇|下一条|下一則|(?:next|newer)(?:\s+(?:post|article|story|entry|posts))?\b)"
    r"\s*[:：>»›→\]】)）]?\s*",
    re.IGNORECASE,
)
#: Text that announces a prev/next link; pages are pre-checked for these before any XPath text scan.
NAV_LABELS: tuple[str, ...] = ("上一篇", "下一篇", "上篇", "下篇", "前一篇", "后一篇", "上一条", "下一条", "上一則", "下一則")
NAV_NONE_RE = re.compile(r"^(?:没有了|沒有了|无|無|暂无|已是第一篇|已是最后一篇|没有上一篇|没有下一篇|none)[。.!！]?$", re.IGNORECASE)
#: Class names of prev/next containers in common themes.
NAV_PREV_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:entry-page-prev|nav-previous|post-prev|prev-post|previous-post|post-previous|article-prev"
    r"|prev-article|pre-article|pre-post|prevpost|prev_post|page-prev|previous|prev|pre)(?:$|[\s_-])",
    re.IGNORECASE,
)
NAV_NEXT_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:entry-page-next|nav-next|post-next|next-post|article-next|next-article|nextpost|next_post"
    r"|page-next|next)(?:$|[\s_-])",
    re.IGNORECASE,
)
NAV_CONTAINER_RE = re.compile(
    r"entry-page|post-navigation|post-nav|pre-?next|prenext|nav-links|navigation|article-nav|single-nav"
    r"|page-nav|shangxia|sxp|prev-next|prev_next",
    re.IGNORECASE,
)
#: Listing pagination: these are pages of a list, never neighbouring articles.
PAGINATION_TEXT_RE = re.compile(
    r"^(?:上一页|下一页|上页|下页|首页|尾页|末页|\d+|[«»‹›<>]+|next\s+page|previous\s+page|older\s+posts|newer\s+posts"
    r"|older\s+entries|newer\s+entries|more|更多)$",
    re.IGNORECASE,
)
PAGINATION_URL_RE = re.compile(r"(?:[?&](?:page|p|pg|paged|start|offset)=\d+|/page/\d+|_\d{1,3}\.s?html?$|/index_\d+)", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------
# Body: paragraph-level boilerplate
# ---------------------------------------------------------------------------------------------------

#: A paragraph matching any of these (after whitespace normalisation) is dropped.
BOILERPLATE_PARAGRAPH_RES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^[(（\[【]?\s*广告\s*[)）\]】]?$",
        r"^(?:赞|点赞|顶|踩|喜欢|收藏|分享|打赏|like)\s*[(（]?\s*\d*\s*[)）]?$",
        r"^[(（]\s*\d+\s*[)）]$",
        r"^\d+\s*(?:赞|人点赞|条评论)$",
        r"^(?:版权声明|免责声明|版權聲明|免責聲明|特别声明|声明)\s*[:：]",
        r"本文内容由互联网用户自发贡献",
        r"本站仅提供信息存储空间",
        r"不代表本站(?:观点|立场)",
        r"仅代表作者(?:本人)?观点",
        r"转载请注明(?:出处|来源)",
        r"未经(?:授权|许可)?[,，]?\s*(?:禁止|不得|严禁)转载",
        r"如(?:有|发现).{0,12}侵权.{0,40}(?:删除|联系)",
        r"^(?:点击|點擊|阅读|浏览|閱讀)\s*[:：]?\s*\d*\s*次?$",
        r"^(?:点击|阅读|浏览)(?:数|量|次数)?\s*[:：]\s*\d+",
        r"^分享到\s*[:：]?",
        r"^(?:分享|转发|收藏|打印|关闭|返回|字号|字体)\s*[:：]?\s*(?:[大中小]\s*)*$",
        r"^(?:相关推荐|相关文章|相关阅读|相关新闻|推荐阅读|猜你喜欢|热门推荐|热门文章|延伸阅读|精彩推荐|最新文章|热点推荐|相关链接)\s*[:：]?$",
        r"^扫一扫",
        r"扫描二维码|扫码关注|长按(?:识别)?二维码|微信扫一扫|用微信扫码|关注我们|关注公众号|关注微信公众号",
        r"^【?(?:纠错|糾錯|打印|关闭窗口|关闭|返回顶部|我要纠错)】?$",
        r"^(?:copyright|版权所有|©|\(c\))",
        r"all rights reserved",
        r"^(?:上一篇|下一篇|上一條|下一條)",
        r"^(?:责任编辑|責任編輯|编辑|編輯|责编)\s*[:：]",
        r"^(?:来源|來源|本文来源|文章来源)\s*[:：]",
        r"^(?:标签|关键词|tags?)\s*[:：]",
        r"^(?:网友评论|发表评论|评论|我来说两句|已有\s*\d+\s*条评论|\d+\s*条评论)",
        r"^(?:share|tweet|share this|share on)\b",
        r"^(?:advertisement|sponsored)$",
        r"^(?:返回搜狐|查看更多|阅读全文|展开全文|点击查看|点击进入)",
        r"网友评论仅供其表达个人看法",
        # provenance and contribution notes of reposts: "(本文来自…，更多原创资讯请下载…APP)", "图片均来自网络"
        r"^[(（]\s*本文来自[^()（）]{0,60}[)）]$",
        r"^[(（]?\s*(?:本文|文中|部分|文章)?(?:信息|内容|资料|图片|配图|素材)(?:均|皆|部分)?(?:来源|来自|源自|取自)(?:于)?(?:网络|互联网)",
        r"^[(（][^()（）]{0,30}(?:对此文|对本文|对此稿|对本稿)(?:亦|也)?有(?:贡献|帮助)[)）]$",
        r"^经(?:过)?[^\s，。,]{1,10}(?:重新)?(?:编排|排版)$",
        # links to earlier stories and channel teasers
        r"^(?:此前报道|相关报道|往期回顾|往期精选|往期推荐|更多阅读|延伸阅读)\s*[:：]",
        r"^(?:相关|更多)(?:资讯|内容|新闻|精彩|信息)(?:请|敬请)?关注\s*[:：]?",
        r"^(?:返回|回到)[^\s，。,]{0,10}(?:首页|频道)\s*[>»]*$",
        r"扫描(?:下方|上方|左侧|右侧|以下|文末)?(?:的)?二维码",
        r"^点击(?:底部|下方)?菜单",
        r"^[\s·•|｜/>»-]*$",
    )
)
#: Paragraphs that end the article: everything after them is template (kept only if they come early).
TAIL_MARKER_RE = re.compile(
    r"^(?:相关推荐|相关文章|相关阅读|相关新闻|推荐阅读|猜你喜欢|热门推荐|热门文章|精彩推荐|最新文章|热点推荐"
    r"|版权声明|免责声明|上一篇|下一篇|网友评论|发表评论|相关链接|related\s+(?:posts|articles|stories))",
    re.IGNORECASE,
)
#: A paragraph that opens with the ad marker is the ad itself: "(广告)家电以旧换新补贴进行中…".
AD_PARAGRAPH_RE = re.compile(r"^[(（\[【]\s*广告\s*[)）\]】]")
#: Fragments stripped out of a paragraph but not killing it.
INLINE_JUNK_RE = re.compile(r"[(（]\s*广告\s*[)）]|【纠错】|\[纠错\]|返回[^\s，。,>»]{1,10}首页\s*[>»]+\s*$")
