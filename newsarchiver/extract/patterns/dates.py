"""Date tables: labels before dates, the written forms (regexes tried in order), clocks, zones, and
where else pages keep a date (meta names, script data keys, URL paths)."""

from __future__ import annotations

import re

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
        # "17.05.2021": dotted day-month-year is the European order (month-first dates never use dots)
        "dotted_dmy",
        re.compile(r"(?<![\w/.\-])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d{2})(?![\d./])" + _TIME),
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

#: Abbreviations -> UTC offset in minutes (summer-time variants included; "CST" is US Central unless the
#: page's zone says otherwise, see LOCAL_TZ_ABBREV_MINUTES).
TZ_ABBREV_MINUTES: dict[str, int] = {
    "GMT": 0, "UTC": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "BST": 60, "CET": 60, "CEST": 120, "JST": 540, "KST": 540,
    "HKT": 480, "SGT": 480, "IST": 330, "AEST": 600, "AEDT": 660,
}

#: Abbreviations that mean another zone where a page is read in a zone of this offset: "CST" on a page in
#: a +08:00 zone (a Chinese page, or a site profile's Asia/Taipei) is China Standard Time, not US Central.
LOCAL_TZ_ABBREV_MINUTES: dict[str, int] = {"CST": 480}

RELATIVE_UNIT_SECONDS: dict[str, int] = {
    "秒": 1, "秒钟": 1, "秒鐘": 1, "second": 1,
    "分": 60, "分钟": 60, "分鐘": 60, "minute": 60, "min": 60,
    "小时": 3600, "个小时": 3600, "小時": 3600, "個小時": 3600, "hour": 3600, "hr": 3600,
    "天": 86400, "日": 86400, "day": 86400,
    "周": 604800, "週": 604800, "星期": 604800, "week": 604800,
    "个月": 2592000, "個月": 2592000, "month": 2592000,
    "年": 31536000, "year": 31536000,
}

#: Labels of the publication date in a line anywhere on the page ("发布时间：", "Posted on").
PUBLISH_LABEL_RE = re.compile(
    r"(?:发布|發布|發佈|发表|發表|出版|上传|录入|添加|创建)(?:时间|時間|日期|于|於)|(?<![更新修改])(?:时间|時間|日期)\s*[:：]"
    r"|posted\s+on|published(?:\s+on)?\s*:?",
    re.IGNORECASE,
)
#: A date text that names its year (or is relative to the fetch): anything else got a guessed year.
YEAR_OR_RELATIVE_RE = re.compile(r"\d{4}|[〇零○一二]{4}|前|刚|剛|今|昨|ago|today|yesterday|just", re.IGNORECASE)
#: A bare "昨天": a script's rendering of some time, never trusted as the article's date.
BARE_RELATIVE_DAY_RE = re.compile(r"^\s*(?:今天|今日|昨天|昨日|前天|前日|today|yesterday)\s*$", re.IGNORECASE)
#: A year, optionally with month and day, in a URL path ("/2019/09/", "/20190907/").
URL_DATE_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-]?(?P<m>[01]\d)?(?:[/_-]?(?P<d>[0-3]\d))?(?=[/_.-])")
#: A full year-month-day date in a URL path ("/2020/08/24/", "/2020-08-24-").
URL_FULL_DATE_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?=[/_.-])")
#: A date in a URL path with the month's name ("/2023/october/03/").
URL_NAMED_MONTH_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(?P<d>[0-3]?\d)(?=[/_.-])",
    re.IGNORECASE,
)
#: A full numeric date anywhere in the page source (to give a year-less date its year).
FULL_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}[-/][01]\d[-/][0-3]\d(?!\d)")
FOUR_DIGIT_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: "2019-…" or "20191119" at the start of a machine stamp (an unset "0001-01-01" field is no date).
LEADING_YEAR_RE = re.compile(r"^\s*(\d{4})(?:-|(\d{4})\s*$)")
#: Publication time keys of Chinese portals' script data ("pubtime": "2019-09-07 19:02:26").
SCRIPT_DATE_RE = re.compile(
    r"[\"'](?P<k>pubtime|pub_time|pubDate|pub_date|publishTime|publish_time|publishDate|publish_date|datePublished"
    r"|ptime|createTime|create_time)[\"']\s*:\s*[\"'](?P<v>(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?)",
    re.IGNORECASE,
)
#: Publication keys of JS page data (CMS/JAMstack state), case-sensitive: a last resort for the date.
SCRIPT_PUBLISHED_RE = re.compile(
    r"(?:[\"']|&quot;)(?P<k>first_publication_date|firstPublishedAt|firstPublicationDate|publishedAt|published_at|publishedDate"
    r"|published_date|datePublished|date_published|publishDate|publish_date|pubDate)(?:[\"']|&quot;)\s*:\s*(?:[\"']|&quot;)"
    r"(?P<v>(?:19|20)\d{2}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)"
)
#: Offsets written as "+08:00", "-0500", "+8".
TZ_OFFSET_RE = re.compile(r"^([+-])(\d{1,2}):?(\d{2})?$")
#: Cheap gate: text without digits, Chinese numerals or relative words holds no date.
MAYBE_DATE_RE = re.compile(r"[0-9０-９]|[〇零○一二]{4}年|刚刚|剛剛|今天|今日|昨天|昨日|前天|前日|just now|today|yesterday", re.IGNORECASE)
#: A numeric date our regexes saw and rejected: the dateparser fallback would not do better.
NUMERIC_DATE_RE = re.compile(r"(?:19|20|21|22)\d{2}\s*[-/.年]\s*\d{1,2}")

# ---------------------------------------------------------------------------------------------------
# Structured claims: <meta> names carrying dates, best first
# ---------------------------------------------------------------------------------------------------

PUBLISHED_META: tuple[str, ...] = (
    "article:published_time", "og:article:published_time", "publishdate", "publish_date", "publish-date",
    "pubdate", "publishtime", "publish_time", "publication_date", "datepublished", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "og:release_date", "og:published_time", "article.published",
    "article_date_original", "cxenseparse:recs:publishtime", "originalpublicationdate", "datecreated",
    "displaydate", "release_date", "created", "weibo:article:create_at", "bytedance:published_time",
    "apple:pubdate", "citation_publication_date", "citation_date", "prism.publicationdate",
    "date.release", "dc.date.available", "pdate", "firstpublishedtime", "createdate",
    "published", "published_date", "published-date", "publication-date", "date_published", "date-published",
    "article:published", "dc.date.published", "dcterms.date",
)
MODIFIED_META: tuple[str, ...] = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "lastmod", "last-modified",
    "datemodified", "dcterms.modified", "dc.date.modified", "updated_time", "weibo:article:update_at",
    "bytedance:updated_time", "article.updated", "lastmodifieddate", "modified",
)
#: A whole stamp naming only a year and a month ("2019-09", "2019/9", "2019年9月").
YEAR_MONTH_RE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>0?[1-9]|1[0-2])\s*月?")
#: Clock words left over around a date ("下午", "上午", "凌晨", "星期三"): never a name.
TIME_WORD_RE = re.compile(r"^(?:上午|下午|中午|晚上|凌晨|早上|傍晚|星期[一二三四五六日天]|周[一二三四五六日]|[AaPp]\.?[Mm]\.?)$")
