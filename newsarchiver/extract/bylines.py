"""Read byline / info lines: who wrote it, who edited it, where it came from, when.

One info line often carries several labelled fields ("作者：张三 李四　来源：海滨日报　发布时间：…　点击：123次").
We find every label, cut the line into ``label -> value`` segments, and read each value with the rules of
its kind. Names are validated (a 来源 value is a publisher, never an author) and site accounts such as
小编 / admin are returned apart as ``poster``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .patterns import (
    AUTHOR_LABELS,
    BY_RE,
    DATE_FIELD_LABELS,
    EDITOR_LABELS,
    LATIN_NAME_PARTICLES,
    LATIN_NOT_NAME_WORDS,
    NAME_SUFFIXES,
    NOISE_LABELS,
    NOT_NAMES,
    NOT_SOURCES,
    COMPOUND_SURNAMES,
    OUTLET_BADGE_RE,
    ORG_SUFFIXES,
    ORIGINAL_TITLE_LABELS,
    POSTER_NAMES,
    POSTER_SUFFIXES,
    SOURCE_LABELS,
    SOURCE_URL_LABELS,
)

__all__ = [
    "Byline",
    "only_info_fields",
    "outlet_name",
    "parse_byline",
    "looks_like_byline",
    "find_inline_bylines",
    "classify_name",
    "split_person_names",
]


@dataclass
class Byline:
    """The fields read from one or more byline lines."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    source_url: str | None = None
    date_texts: list[str] = field(default_factory=list)
    original_title: str | None = None
    poster: str | None = None

    def is_empty(self) -> bool:
        return not (
            self.authors or self.editors or self.source or self.source_url or self.date_texts
            or self.original_title or self.poster
        )

    def merge(self, other: Byline) -> None:
        """Add ``other``'s fields; names are de-duplicated, first non-empty scalar wins."""
        for name in other.authors:
            if name not in self.authors:
                self.authors.append(name)
        for name in other.editors:
            if name not in self.editors:
                self.editors.append(name)
        self.source = self.source or other.source
        self.source_url = self.source_url or other.source_url
        self.date_texts.extend(t for t in other.date_texts if t not in self.date_texts)
        self.original_title = self.original_title or other.original_title
        self.poster = self.poster or other.poster


# --- label machinery ---------------------------------------------------------------------------------

_KINDS: dict[str, str] = {}
for _kind, _labels in (
    ("noise", NOISE_LABELS),
    ("date", DATE_FIELD_LABELS),
    ("original_title", ORIGINAL_TITLE_LABELS),
    ("source_url", SOURCE_URL_LABELS),
    ("source", SOURCE_LABELS),
    ("editor", EDITOR_LABELS),
    ("author", AUTHOR_LABELS),  # last: "文/图" etc. win over noise "图"
):
    for _label in _labels:
        _KINDS[unicodedata.normalize("NFKC", _label).rstrip(":")] = _kind

_LABEL_RE = re.compile(
    r"(?P<label>"
    + "|".join(re.escape(label) for label in sorted(_KINDS, key=len, reverse=True))
    + r")\s*(?P<sep>[:/|]?)\s*",
    re.IGNORECASE,
)
#: Labels that may follow any character ("新华社记者唐霁", "本报记者").
_RELAXED_LABELS = frozenset({"记者", "記者", "通讯员", "特约记者", "本报记者", "见习记者", "实习记者", "首席记者", "特派记者", "本刊记者", "本报通讯员"})
#: Single-character labels need an explicit separator ("文/张三", "图：新华社"), else they eat names.
_SEP_REQUIRED = frozenset(label for label in _KINDS if len(label) == 1)
_BOUNDARY = set(" \t([【|丨/,;·•:>»-\"'“”「」")

# Where a names value ends: brackets, URLs, digits of a date, or a relative date ("前天 09:10").
_CUT_RE = re.compile(r"[|丨【\[\]】<>《》]|https?://|\d{2,}[-/.年:]|\d{4}|(?:今天|昨天|前天|刚刚|\d+\s*(?:秒|分钟|小时|天)前)")
_PAREN_RE = re.compile(r"[(][^()]*[)]")
_DISPATCH_RE = re.compile(r"^\s*(?P<glued>[\u4e00-\u9fff]{4,6})\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日\s*[电電]")
_NAME_SPLIT_RE = re.compile(r"\s*(?:[\s,、;/&＆]|\band\b|\bund\b)\s*", re.IGNORECASE)
_CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff](?:[\u3400-\u9fff]|·|•){1,11}$")
_LATIN_WORD_RE = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]*\.?|[A-Z]\.)$")
_HANDLE_RE = re.compile(r"^[a-z][a-z]{3,19}$")
_CODE_TAIL_RE = re.compile(r"[_＿]\S*$")
_URL_RE = re.compile(r"https?://\S+")
_WRAPPERS = "()[]【】〔〕「」『』<>〈〉"
_STRIP_CHARS = " \t:：,，;；、/|丨-—·•.。\"'“”"


def _normalise(text: str) -> str:
    # NFKC folds full-width colons/parens/spaces; U+3000 becomes a space. Then collapse whitespace.
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def _unwrap(text: str) -> str:
    """'(作者:刘中华 燕亮)' -> '作者:刘中华 燕亮'."""
    while len(text) >= 2 and text[0] in "([【〔「『<" and text[-1] in ")]】〕」』>":
        text = text[1:-1].strip()
    return text


def _label_matches(text: str) -> list[tuple[re.Match[str], str]]:
    out: list[tuple[re.Match[str], str]] = []
    pos = 0
    while True:
        m = _LABEL_RE.search(text, pos)
        if m is None:
            return out
        label = unicodedata.normalize("NFKC", m.group("label"))
        kind = _KINDS.get(label) or _KINDS.get(label.lower(), "noise")
        start = m.start()
        boundary_ok = start == 0 or text[start - 1] in _BOUNDARY or label in _RELAXED_LABELS
        sep_ok = label not in _SEP_REQUIRED or m.group("sep") in (":", "/")
        # A label glued to the end of a word ("出处不明") is only accepted when a separator follows.
        if boundary_ok and sep_ok and (m.group("sep") or m.end() > m.end("label") or label in _RELAXED_LABELS or kind in ("author", "editor")):
            out.append((m, kind))
            pos = m.end()
        else:
            pos = start + 1


# --- names ---------------------------------------------------------------------------------------

def classify_name(name: str, *, lenient: bool = False) -> str | None:
    """'person', 'poster' (a site account such as 小编/admin) or None (not a name)."""
    name = name.strip(_STRIP_CHARS)
    if not name:
        return None
    low = name.lower()
    if low in POSTER_NAMES or any(name.endswith(s) for s in POSTER_SUFFIXES):
        return "poster"
    if _CJK_NAME_RE.match(name):
        plain = name.replace("·", "").replace("•", "")
        if name in NOT_NAMES or name.endswith(("记者", "記者", "通讯员", "通訊員")):
            return None
        if "·" not in name and "•" not in name and not 2 <= len(plain) <= 4:
            return None
        if len(plain) >= 3 and any(name.endswith(s) for s in ORG_SUFFIXES):
            return None
        return "person"
    words = name.split()
    if any(w.lower().strip(".,") in LATIN_NOT_NAME_WORDS for w in words):
        return None  # "Updated Feb", "Sat", "Written By"
    if 1 <= len(words) <= 4 and all(_LATIN_WORD_RE.match(w) or w.lower() in LATIN_NAME_PARTICLES for w in words):
        if _LATIN_WORD_RE.match(words[0]) and len(name.replace(" ", "")) >= 2:
            return "person"
    if lenient and _HANDLE_RE.match(name):
        return "person"
    return None


def _strip_suffixes(token: str) -> str:
    changed = True
    while changed and token:
        changed = False
        for suffix in NAME_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix):
                token = token[: -len(suffix)].strip(_STRIP_CHARS)
                changed = True
    return token


def _split_conjunction(token: str) -> list[str]:
    """'张三和李四' -> ['张三', '李四'] when both halves look like names."""
    if len(token) > 4 and _CJK_NAME_RE.match(token):
        parts = re.split(r"[和与及]", token)
        if len(parts) > 1 and all(2 <= len(p) <= 4 for p in parts):
            return parts
    return [token]


def split_person_names(value: str, *, lenient: bool = False) -> tuple[list[str], str | None]:
    """Split a names value into (persons, poster account)."""
    value = _PAREN_RE.sub(" ", value)
    dispatch = _DISPATCH_RE.match(value)
    if dispatch:
        # "邱俊欽桃園19日電": name and place run together before the dateline; names are mostly 3 characters
        glued = dispatch.group("glued")
        value = glued[:2] if len(glued) == 4 else glued[:3]
    value = _PLACE_REPORT_RE.sub(" ", value)  # "邱俊欽／台北報導": the place after the slash is no name
    value = _CODE_TAIL_RE.sub("", value) if "_" in value else value
    cut = _CUT_RE.search(value)
    if cut:
        value = value[: cut.start()]
    persons: list[str] = []
    poster: str | None = None
    for raw in _NAME_SPLIT_RE.split(value.replace("，", ",").replace("。", " 。 ")):
        raw = _strip_suffixes(_CODE_TAIL_RE.sub("", raw.strip(_STRIP_CHARS)))
        if raw == "。" or (len(raw) > 4 and _CJK_NAME_RE.match(raw) and len(_split_conjunction(raw)) == 1):
            break  # prose ("作者认为……") - whatever follows is not a list of names
        for token in _split_conjunction(raw):
            kind = classify_name(token, lenient=lenient)
            if kind == "person" and token not in persons:
                persons.append(token)
            elif kind == "poster" and poster is None:
                poster = token
    # Latin names were split on spaces above; re-join "Jane Doe" style runs.
    if persons and all(re.match(r"^[A-Za-z.'’\-]+$", p) for p in persons):
        # Names end where a date starts ("Chris Carroll 30 Sep"), follow a "by" ("Recipe by PJ Hamel") and
        # stop at a second credit ("…, DVM. Reviewed by …"); single words of a longer phrase are no names.
        latin = re.split(r"\bby\s+", re.split(r"\s(?=\d)", value)[0], maxsplit=1, flags=re.IGNORECASE)[-1]
        latin = re.split(r"\s(?:reviewed|edited|fact-checked|updated|photos?|illustrations?)\b", latin, maxsplit=1, flags=re.IGNORECASE)[0]
        persons = _latin_names(latin, lenient=lenient) or (persons if len(persons) == 1 else [])
    return persons, poster


def _latin_names(value: str, *, lenient: bool) -> list[str]:
    out = []
    for chunk in re.split(r"\s*(?:,|;|&|\band\b|\bund\b|/|、)\s*", value.strip(_STRIP_CHARS), flags=re.IGNORECASE):
        chunk = chunk.strip(_STRIP_CHARS)
        if chunk and classify_name(chunk, lenient=lenient) == "person":
            out.append(chunk)
    return out


def _read_source(value: str) -> str | None:
    value = value.strip(_STRIP_CHARS)
    value = re.split(r"\s{2,}|[|丨]", value)[0]
    cut = re.search(r"\s(?=\d{2,4}[-/.年])|\s(?=[\u4e00-\u9fff]{1,6}[:：])", value)
    if cut:
        value = value[: cut.start()]
    if " " in value and re.match(r"^[\u4e00-\u9fff]", value):
        value = value.split(" ")[0]
    value = value.strip(_STRIP_CHARS + _WRAPPERS)
    if not value or len(value) > 40 or value.isdigit() or value in NOT_SOURCES or re.search(r'[=<>"]', value):
        return None  # "来源：网络" names no publisher; 'size="20"' is template debris
    return value


# --- public API ----------------------------------------------------------------------------------

def parse_byline(text: str) -> Byline:
    """Read every labelled field of one byline / info line."""
    result = Byline()
    if not text:
        return result
    line = _unwrap(_normalise(text)).lstrip(_BULLETS)
    prefixed = _prefixed_credit(line)
    if prefixed is not None:
        line = prefixed  # "《棱镜》作者 周纯" / "澎湃新闻记者 段彦超": the outlet before the label is no name
    matches = _label_matches(line)
    if not matches:
        by = BY_RE.match(line)
        if by:
            # "By A and B · May 12, 2024" / "By A | Staff": the names end where the meta does.
            names = _BY_TAIL_RE.split(by.group("names"), maxsplit=1)[0]
            result.authors, result.poster = split_person_names(names)
        return result
    for i, (m, kind) in enumerate(matches):
        end = matches[i + 1][0].start() if i + 1 < len(matches) else len(line)
        value = line[m.end():end].strip()
        if kind == "author" and i + 1 < len(matches) and _is_reporter_qualifier(line, m, matches[i + 1][0], value):
            continue  # "采写：南都见习记者 林子沛": 南都 is the reporter's outlet, not a second author
        _apply(result, kind, value, separated=bool(m.group("sep")))
    return result


def _is_reporter_qualifier(line: str, m: re.Match[str], nxt: re.Match[str], value: str) -> bool:
    """The value runs straight into a reporter label ("南都见习记者") after a non-reporter label."""
    next_label = unicodedata.normalize("NFKC", nxt.group("label"))
    this_label = unicodedata.normalize("NFKC", m.group("label"))
    if next_label not in _RELAXED_LABELS or this_label in _RELAXED_LABELS or not value:
        return False
    return nxt.start() == m.end() + len(value) and not line[nxt.start() - 1].isspace()


_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
           "|august|september|october|november|december")
_BY_TAIL_RE = re.compile(
    rf"\s+[·•|｜—–]\s*|\s+-\s+|\s+(?:on|at|updated|published|posted)\s+|,?\s+(?=\d)|,?\s+(?=(?:{_MONTHS})\b\.?\s*\d)",
    re.IGNORECASE,
)


def _apply(result: Byline, kind: str, value: str, *, separated: bool = False) -> None:
    if not value:
        return
    if kind == "author":
        names, poster = split_person_names(value)
        result.authors.extend(n for n in names if n not in result.authors)
        result.poster = result.poster or poster
    elif kind == "editor":
        names, _ = split_person_names(value, lenient=True)
        if not names and separated:
            names = _nickname(value)
        result.editors.extend(n for n in names if n not in result.editors)
    elif kind == "source":
        url = _URL_RE.search(value)
        if url and url.start() == 0:
            result.source_url = result.source_url or url.group(0)
        else:
            result.source = result.source or _read_source(value)
    elif kind == "source_url":
        url = _URL_RE.search(value)
        if url:
            result.source_url = result.source_url or url.group(0).rstrip(")）】]")
    elif kind == "date":
        result.date_texts.append(value)
    elif kind == "original_title":
        result.original_title = result.original_title or value.strip(_STRIP_CHARS + _WRAPPERS) or None


_BYLINE_START_RE = re.compile(
    r"^[(\[【]?\s*(?:"
    + "|".join(re.escape(label) for label in sorted(_KINDS, key=len, reverse=True) if _KINDS[label] != "noise")
    + r")\s*[:/]?",
    re.IGNORECASE,
)


def looks_like_byline(text: str, *, max_len: int = 120) -> bool:
    """True for a short line that is a byline ("(作者:…)", "责任编辑：…", "By …"), not prose."""
    line = _normalise(text).lstrip(_BULLETS)
    if not line or len(line) > max_len:
        return False
    if BY_RE.match(line) and len(line) <= 80:
        by = parse_byline(line)
        return bool(by.authors or by.poster)
    if _ORIGINAL_TITLE_LINE_RE.match(line):
        return True  # "原标题：快讯！…" / "(原题为《…》)": the old headline may hold any punctuation
    if _prefixed_credit(_unwrap(line)) is not None:
        return True
    if not _BYLINE_START_RE.match(line):
        return _is_credit_run(line)
    # prose that merely starts with a label word ("作者认为……。") is not a byline
    if re.search(r"[。！？!?]", _unwrap(line)[:-1]) or (re.search(r"[。！？!?]$", line) and len(line) > 30):
        return False
    parsed = parse_byline(line)
    return not parsed.is_empty()


_INLINE_RE = re.compile(
    r"[(（]\s*(?:[\u4e00-\u9fff]{0,6}?(?:记者|通讯员|記者|通訊員)|作者|文)\s*[:：/]?\s*[^()（）]{2,40}[)）]"
)

_BULLETS = " □■●◆◇○※*▲△▶►"
_REPORTER_LABEL_ALT = "特约记者|见习记者|实习记者|首席记者|特派记者|驻站记者|记者|記者|通讯员|通訊員|作者"
#: "《棱镜》作者 周纯", "澎湃新闻记者 段彦超 廖艳", "整合 新华日报·交汇点记者 徐睿翔": an outlet, then the label.
_PREFIXED_CREDIT_RE = re.compile(
    r"^(?P<prefix>《[^》]{1,15}》|[\u4e00-\u9fff·•][\u4e00-\u9fff·•\s]{1,19}?)\s*(?P<label>" + _REPORTER_LABEL_ALT
    + r")\s*[:/]?\s*(?P<names>[^:/]{2,40})$"
)
_ORIGINAL_TITLE_LINE_RE = re.compile(r"^[(\[【]?\s*(?:本文)?(?:原标题|原標題|原题|原題)(?:为|為)?\s*[:]\s*\S|^[(\[【]?\s*(?:本文)?(?:原标题|原標題|原题|原題)(?:为|為)\s*《")


def _prefixed_credit(line: str) -> str | None:
    """The line from its reporter label on, when an outlet name precedes the label and only names follow."""
    if _BYLINE_START_RE.match(line) or len(line) > 60:
        return None
    m = _PREFIXED_CREDIT_RE.match(line)
    if m is None or re.search(r"[。！？!?，,]", line):
        return None
    names = m.group("names")
    if re.search(r"(?:图片|圖片|摄影|攝影|摄像|图)$", m.group("prefix").strip()) or re.search(r"(?:摄|攝|摄影|攝影)$", names):
        return None  # "图片记者黎旭阳、李妍摄": a photo credit, not the article's authors
    tokens = [t for t in (_strip_suffixes(x.strip(_STRIP_CHARS)) for x in _NAME_SPLIT_RE.split(names)) if t]
    persons, _ = split_person_names(names)
    if not persons or len(persons) != len(tokens):
        return None
    return line[m.start("label"):]


def _is_credit_run(line: str) -> bool:
    """"药剂科供稿 摄影/张艳 编辑/苏芳": a short run of separated credit fields after a few words."""
    if len(line) > 80 or re.search(r"[。！？!?]", line):
        return False
    matches = [(m, kind) for m, kind in _label_matches(line) if m.group("sep")]
    if len(matches) < 2 or matches[0][0].start() > 20 or all(kind == "noise" for _, kind in matches):
        return False
    return not parse_byline(line).is_empty()


def _nickname(value: str) -> list[str]:
    """A separated editor value that is one CJK nickname ("责任编辑：棒棒不是糖")."""
    value = _CUT_RE.split(value, maxsplit=1)[0].strip(_STRIP_CHARS)
    if " " in value or not 2 <= len(value) <= 10 or not re.fullmatch(r"[\u3400-\u9fff]+", value):
        return []
    if value in NOT_NAMES or value.lower() in POSTER_NAMES or any(value.endswith(s) for s in ORG_SUFFIXES):
        return []
    return [value]


#: "／台北報導", "/桃园机场报道", "／翻攝": a place or a credit kind after a slash, never a name.
_PLACE_REPORT_RE = re.compile(
    r"\s*[／/]\s*[\u4e00-\u9fff]{0,8}?(?:綜合報導|综合报道|報導|报道|報道|报导|电|電|傳真|传真|翻攝|翻摄|攝影|摄影|攝|摄)(?![\u4e00-\u9fff])"
)
_TRAILING_CREDIT_RE = re.compile(r"[(（]\s*([\u4e00-\u9fff]{2,4})\s*[／/]\s*[\u4e00-\u9fff]{0,8}(?:報導|报道|報道|报导)\s*[)）]")
_TRAILING_NAMES_RE = re.compile(r"[(（]\s*([\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})\s*[)）]\s*$")
_ORG_REPORTER_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·•\s]{1,19}?(?:记者|記者|通讯员)\s*[:：]?\s*(?P<names>[\u4e00-\u9fff][\u4e00-\u9fff\s、，,]{1,30})$")


def find_inline_bylines(text: str, *, last: bool = False) -> Byline:
    """Credits inside prose: "新华社北京12月9日电（记者唐霁）……"; with ``last``, also the closing
    "……举行。（张巨峰）" of a final paragraph and a "扬子晚报记者 张楠" line."""
    result = Byline()
    for m in _INLINE_RE.finditer(text):
        result.merge(parse_byline(m.group(0)))
    if not last:
        # "……釐清死因。（王小忠／台中報導）" closes the story even when promos follow it
        for credit in _TRAILING_CREDIT_RE.finditer(text):
            names, _ = split_person_names(credit.group(1))
            result.authors.extend(n for n in names if n not in result.authors)
    if last:
        tail = _TRAILING_NAMES_RE.search(text)
        if tail:
            names, _ = split_person_names(tail.group(1))
            result.authors.extend(n for n in names if n not in result.authors)
        for credit in _TRAILING_CREDIT_RE.finditer(text[-200:]):
            names, _ = split_person_names(credit.group(1))
            result.authors.extend(n for n in names if n not in result.authors)
        org = _ORG_REPORTER_RE.match(unicodedata.normalize("NFKC", text).strip().lstrip("□■●◆◇○※* "))
        if org:
            names, _ = split_person_names(org.group("names"))
            result.authors.extend(n for n in names if n not in result.authors)
    return result


_OUTLET_SPLIT_RE = re.compile(r"[\s|丨/·•]+")


def outlet_name(text: str, *, labelled: bool = False) -> str | None:
    """The outlet named by an unlabelled info-line slot ("原创 南方都市报", "游民星空[整理]", "IT之家"), or None.

    Only names that cannot be a person's qualify: an organisation ending, Latin mixed with CJK, five or
    more characters, or four characters that do not start with a compound family name. A value already
    known to name the outlet (``labelled``: a "media"/"source" field of script data) may be any short name.
    """
    text = _normalise(text)
    if not text or len(text) > 40:
        return None
    tokens = [t for t in _OUTLET_SPLIT_RE.split(OUTLET_BADGE_RE.sub(" ", text)) if t and not OUTLET_BADGE_RE.fullmatch(t)]
    if len(tokens) > 1:
        # a platform badge beside the account name ("扬眼 企鹅号")
        tokens = [t for t in tokens if not (len(t) <= 4 and t.endswith("号"))]
    if len(tokens) != 1:
        return None
    name = tokens[0].strip(_STRIP_CHARS + _WRAPPERS)
    if not 2 <= len(name) <= 20 or not re.search(r"[\u3400-\u9fff]", name) or re.search(r"\d", name):
        return None
    if name in NOT_SOURCES or classify_name(name) == "poster" or _LABEL_RE.match(name):
        return None  # "资讯小编" is the site's posting account, not an outlet
    cjk_only = bool(re.fullmatch(r"[\u3400-\u9fff]+", name))
    if len(name) >= 3 and any(name.endswith(s) for s in ORG_SUFFIXES):
        return name  # "新华社", "南方都市报"
    if name in NOT_NAMES:
        return None
    if not cjk_only:
        return name if re.fullmatch(r"[\u3400-\u9fffA-Za-z&]+", name) else None
    if labelled or len(name) >= 5 or (len(name) == 4 and name[:2] not in COMPOUND_SURNAMES):
        return name
    return None



_COUNTER_RE = re.compile(r"(?:阅读|点击|浏览|人气|评论|閱讀|點擊|瀏覽|Views?|Comments?)\s*(?:数|量|次数)?\s*[:(]?\s*\d+\s*\)?\s*次?", re.IGNORECASE)


def only_info_fields(text: str) -> bool:
    """True when ``text`` (an info line with its date taken out) holds only labelled fields, counters or
    nothing at all ("阅读10544次", "来源：海滨日报 作者：张三"), never prose."""
    line = _COUNTER_RE.sub(" ", _normalise(text)).strip(_STRIP_CHARS)
    if len(line) <= 6:
        return True
    if len(line) > 60 or re.search(r"[。！？!?]", line):
        return False
    matches = _label_matches(line)
    return bool(matches) and matches[0][0].start() <= 6
