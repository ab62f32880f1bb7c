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
    BULLET_CHARS, BYLINE_START_RE, BY_RE, BY_TAIL_RE, CJK_CONJUNCTION_RE, CJK_NAME_RE, CN_SURNAMES,
    CODE_TAIL_RE, COMPOUND_SURNAMES, COUNTER_FIELD_RE, DISPATCH_RE, GLUED_NAME_LABELS, HANDLE_RE,
    INLINE_CREDIT_RE, LABEL_BOUNDARY, LABEL_KINDS, LABEL_RE, LATIN_BY_RE, LATIN_NAMES_SPLIT_RE, PLATFORM_ACCOUNT_RE,
    LATIN_NAME_PARTICLES, LATIN_NAME_WORD_RE, LATIN_NOT_NAME_WORDS, LATIN_OTHER_CREDIT_RE, LATIN_OUTLET_WORDS,
    NAMES_END_RE, NAMES_LINE_SPLIT_RE, NAMES_LIST_SEP_RE, NAME_SPLIT_RE, NAME_STRIP_CHARS, NAME_SUFFIXES,
    NAV_WORDS, NOT_NAMES, NOT_SOURCES, ORG_REPORTER_RE, ORG_SUFFIXES, ORIGINAL_TITLE_LINE_RE, OUTLET_BADGE_RE,
    OUTLET_SPLIT_RE, PAREN_RE, PHOTO_CREDIT_PREFIX_RE, PHOTO_CREDIT_SUFFIX_RE, PLACE_NAMES, PLACE_REPORT_RE,
    PLACE_SUFFIXES, POSTER_NAMES, POSTER_SUFFIXES, PREFIXED_CREDIT_RE, RELAXED_LABELS, SENTENCE_END_RE,
    SEP_REQUIRED, SOURCE_PLACE_NOTE_RE, SOURCE_VALUE_END_RE, SOURCE_VALUE_SPLIT_RE, TEXT_URL_RE,
    TRAILING_CREDIT_RE, TRAILING_NAMES_RE, WRAPPER_CHARS,
)

__all__ = [
    "Byline",
    "only_info_fields",
    "outlet_name",
    "parse_byline",
    "looks_like_byline",
    "find_inline_bylines",
    "classify_name",
    "is_place",
    "is_unlabelled_name",
    "names_line",
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


# --- label machinery: the tables live in patterns.credits ---------------------------------------------

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
        m = LABEL_RE.search(text, pos)
        if m is None:
            return out
        label = unicodedata.normalize("NFKC", m.group("label"))
        kind = LABEL_KINDS.get(label) or LABEL_KINDS.get(label.lower(), "noise")
        start = m.start()
        boundary_ok = start == 0 or text[start - 1] in LABEL_BOUNDARY or label in RELAXED_LABELS
        sep_ok = label not in SEP_REQUIRED or m.group("sep") in (":", "/")
        if label in GLUED_NAME_LABELS and not m.group("sep") and m.end() == m.end("label"):
            # "编辑小李": a display name that starts with the word, not the label and a name
            sep_ok = False
        # A label glued to the end of a word ("出处不明") is only accepted when a separator follows.
        if boundary_ok and sep_ok and (m.group("sep") or m.end() > m.end("label") or label in RELAXED_LABELS or kind in ("author", "editor")):
            out.append((m, kind))
            pos = m.end()
        else:
            pos = start + 1


# --- names ---------------------------------------------------------------------------------------

def classify_name(name: str, *, lenient: bool = False) -> str | None:
    """'person', 'poster' (a site account such as 小编/admin) or None (not a name)."""
    name = name.strip(NAME_STRIP_CHARS)
    if not name:
        return None
    low = name.lower()
    if low in POSTER_NAMES or any(name.endswith(s) for s in POSTER_SUFFIXES):
        return "poster"
    if CJK_NAME_RE.match(name):
        plain = name.replace("·", "").replace("•", "")
        if name in NOT_NAMES or name in NAV_WORDS or is_place(name) or name.endswith(("记者", "記者", "通讯员", "通訊員")):
            return None
        if "·" not in name and "•" not in name and not 2 <= len(plain) <= 4:
            return None
        if len(plain) >= 3 and any(name.endswith(s) for s in ORG_SUFFIXES):
            return None
        return "person"
    words = name.split()
    if any(w.lower().strip(".,") in LATIN_NOT_NAME_WORDS for w in words):
        return None  # "Updated Feb", "Sat", "Written By"
    if 1 <= len(words) <= 4 and all(LATIN_NAME_WORD_RE.match(w) or w.lower() in LATIN_NAME_PARTICLES for w in words):
        if LATIN_NAME_WORD_RE.match(words[0]) and len(name.replace(" ", "")) >= 2:
            return "person"
    if lenient and HANDLE_RE.match(name):
        return "person"
    return None


def is_place(name: str) -> bool:
    """A province, city, country or a word ending like a place ("海淀区", "杭州市"): never an author."""
    return name in PLACE_NAMES or (len(name) >= 3 and name.endswith(PLACE_SUFFIXES))


def is_unlabelled_name(token: str) -> bool:
    """A name printed without any label that can still be trusted as a person's: a Chinese name starting
    with a family name (2-4 characters), or a Latin "First Last" name."""
    token = token.strip(NAME_STRIP_CHARS)
    if classify_name(token) != "person":
        return False
    if CJK_NAME_RE.match(token):
        plain = token.replace("·", "").replace("•", "")
        if "·" in token or "•" in token:
            return 4 <= len(plain) <= 12  # a transliterated foreign name ("约翰·史密斯")
        if plain[:2] in COMPOUND_SURNAMES:
            return 3 <= len(plain) <= 4  # "欧阳小明"
        return 2 <= len(plain) <= 3 and plain[0] in CN_SURNAMES
    words = token.split()
    return 2 <= len(words) <= 3 and not any(w.lower().strip(".,") in LATIN_OUTLET_WORDS for w in words)


def names_line(text: str) -> list[str]:
    """The people a line names when it is nothing but a list of two to four unlabelled Chinese names
    ("赵延东、风笑天"); [] for anything else."""
    line = _normalise(text).strip(NAME_STRIP_CHARS)
    if not line or len(line) > 40 or parse_byline(line).authors or SENTENCE_END_RE.search(line):
        return []
    tokens = [t for t in NAMES_LINE_SPLIT_RE.split(line) if t]
    if not all(CJK_NAME_RE.match(t) for t in tokens):
        return []  # a line of Latin words is too often a button, a section or a caption
    if not 1 <= len(tokens) <= 4 or not all(is_unlabelled_name(t) for t in tokens):
        return []
    if len(tokens) < 2 or not NAMES_LIST_SEP_RE.search(line):
        return []  # one name-like word alone ("国内", "高山流水") is a channel or a nickname as often as a name
    return list(dict.fromkeys(t.strip(NAME_STRIP_CHARS) for t in tokens))


def _strip_suffixes(token: str) -> str:
    changed = True
    while changed and token:
        changed = False
        for suffix in NAME_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix):
                token = token[: -len(suffix)].strip(NAME_STRIP_CHARS)
                changed = True
    return token


def _split_conjunction(token: str) -> list[str]:
    """'张三和李四' -> ['张三', '李四'] when both halves look like names."""
    if len(token) > 4 and CJK_NAME_RE.match(token):
        parts = CJK_CONJUNCTION_RE.split(token)
        if len(parts) > 1 and all(2 <= len(p) <= 4 for p in parts):
            return parts
    return [token]


def split_person_names(value: str, *, lenient: bool = False) -> tuple[list[str], str | None]:
    """Split a names value into (persons, poster account)."""
    value = PAREN_RE.sub(" ", value)
    dispatch = DISPATCH_RE.match(value)
    if dispatch:
        # "邱俊欽桃園19日電": name and place run together before the dateline; names are mostly 3 characters
        glued = dispatch.group("glued")
        value = glued[:2] if len(glued) == 4 else glued[:3]
    value = PLACE_REPORT_RE.sub(" ", value)  # "邱俊欽／台北報導": the place after the slash is no name
    value = CODE_TAIL_RE.sub("", value) if "_" in value else value
    cut = NAMES_END_RE.search(value)
    if cut:
        value = value[: cut.start()]
    persons: list[str] = []
    poster: str | None = None
    for raw in NAME_SPLIT_RE.split(value.replace("，", ",").replace("。", " 。 ")):
        raw = _strip_suffixes(CODE_TAIL_RE.sub("", raw.strip(NAME_STRIP_CHARS)))
        if raw == "。" or (len(raw) > 4 and CJK_NAME_RE.match(raw) and len(_split_conjunction(raw)) == 1):
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
        latin = LATIN_BY_RE.split(re.split(r"\s(?=\d)", value)[0], maxsplit=1)[-1]
        latin = LATIN_OTHER_CREDIT_RE.split(latin, maxsplit=1)[0]
        persons = _latin_names(latin, lenient=lenient) or (persons if len(persons) == 1 else [])
    return persons, poster


def _latin_names(value: str, *, lenient: bool) -> list[str]:
    out = []
    for chunk in LATIN_NAMES_SPLIT_RE.split(value.strip(NAME_STRIP_CHARS)):
        chunk = chunk.strip(NAME_STRIP_CHARS)
        if chunk and classify_name(chunk, lenient=lenient) == "person":
            out.append(chunk)
    return out


def _read_source(value: str) -> str | None:
    value = value.strip(NAME_STRIP_CHARS)
    account = PLATFORM_ACCOUNT_RE.match(value)
    if account:
        value = account.group(1)  # "微信公众号“科技日报”": the account is the publisher
    value = SOURCE_VALUE_SPLIT_RE.split(value)[0]
    cut = SOURCE_VALUE_END_RE.search(value)
    if cut:
        value = value[: cut.start()]
    if " " in value and re.match(r"^[\u4e00-\u9fff]", value):
        value = value.split(" ")[0]
    note = SOURCE_PLACE_NOTE_RE.search(value)
    if note and (is_place(note.group("note")) or note.group("note").isascii()):
        value = value[: note.start()]  # "新华社（北京）", "中国网(china.com.cn)": a place or a domain, not the name
    value = value.strip(NAME_STRIP_CHARS + WRAPPER_CHARS)
    if value.count("(") > value.count(")"):
        value += ")"  # "人民日报(海外版)": the closing bracket is part of the name
    if not value or len(value) > 40 or value.isdigit() or value in NOT_SOURCES or re.search(r'[=<>"]', value):
        return None  # "来源：网络" names no publisher; 'size="20"' is template debris
    return value


# --- public API ----------------------------------------------------------------------------------

def parse_byline(text: str) -> Byline:
    """Read every labelled field of one byline / info line."""
    result = Byline()
    if not text:
        return result
    line = _unwrap(_normalise(text)).lstrip(BULLET_CHARS)
    prefixed = _prefixed_credit(line)
    if prefixed is not None:
        line = prefixed  # "《棱镜》作者 周纯" / "澎湃新闻记者 段彦超": the outlet before the label is no name
    matches = _label_matches(line)
    if not matches:
        by = BY_RE.match(line)
        if by:
            # "By A and B · May 12, 2024" / "By A | Staff": the names end where the meta does.
            names = BY_TAIL_RE.split(by.group("names"), maxsplit=1)[0]
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
    if next_label not in RELAXED_LABELS or this_label in RELAXED_LABELS or not value:
        return False
    return nxt.start() == m.end() + len(value) and not line[nxt.start() - 1].isspace()


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
        url = TEXT_URL_RE.search(value)
        if url and url.start() == 0:
            result.source_url = result.source_url or url.group(0)
        else:
            result.source = result.source or _read_source(value)
    elif kind == "source_url":
        url = TEXT_URL_RE.search(value)
        if url:
            result.source_url = result.source_url or url.group(0).rstrip(")）】]")
    elif kind == "date":
        result.date_texts.append(value)
    elif kind == "original_title":
        result.original_title = result.original_title or value.strip(NAME_STRIP_CHARS + WRAPPER_CHARS) or None


def looks_like_byline(text: str, *, max_len: int = 120) -> bool:
    """True for a short line that is a byline ("(作者:…)", "责任编辑：…", "By …"), not prose."""
    line = _normalise(text).lstrip(BULLET_CHARS)
    if not line or len(line) > max_len:
        return False
    if BY_RE.match(line) and len(line) <= 80:
        by = parse_byline(line)
        return bool(by.authors or by.poster)
    if ORIGINAL_TITLE_LINE_RE.match(line):
        return True  # "原标题：快讯！…" / "(原题为《…》)": the old headline may hold any punctuation
    if _prefixed_credit(_unwrap(line)) is not None:
        return True
    if not BYLINE_START_RE.match(line):
        return _is_credit_run(line)
    # prose that merely starts with a label word ("作者认为……。") is not a byline
    if SENTENCE_END_RE.search(_unwrap(line)[:-1]) or (SENTENCE_END_RE.search(line[-1:]) and len(line) > 30):
        return False
    parsed = parse_byline(line)
    return not parsed.is_empty()


def _prefixed_credit(line: str) -> str | None:
    """The line from its reporter label on, when an outlet name precedes the label and only names follow."""
    if BYLINE_START_RE.match(line) or len(line) > 60:
        return None
    m = PREFIXED_CREDIT_RE.match(line)
    if m is None or re.search(r"[。！？!?，,]", line):
        return None
    names = m.group("names")
    if PHOTO_CREDIT_PREFIX_RE.search(m.group("prefix").strip()) or PHOTO_CREDIT_SUFFIX_RE.search(names):
        return None  # "图片记者黎旭阳、李妍摄": a photo credit, not the article's authors
    tokens = [t for t in (_strip_suffixes(x.strip(NAME_STRIP_CHARS)) for x in NAME_SPLIT_RE.split(names)) if t]
    persons, _ = split_person_names(names)
    if not persons or len(persons) != len(tokens):
        return None
    return line[m.start("label"):]


def credited_outlet(text: str) -> str | None:
    """The outlet a credit line names as the writer's employer: the outlet before a reporter label
    ("澎湃新闻记者 段彦超", "《棱镜》作者 周纯") or the agency of a dispatch ("新华社北京12月9日电"),
    the place it was filed from dropped."""
    line = _unwrap(_normalise(text)).lstrip(BULLET_CHARS)
    rest = _prefixed_credit(line)
    if rest is not None:
        prefix = line[: len(line) - len(rest)].strip(NAME_STRIP_CHARS)
        # a title in 《》 is a publication's name whatever its length
        return outlet_name(prefix.strip("《》"), labelled=prefix.startswith("《") and prefix.endswith("》"))
    dispatch = DISPATCH_RE.match(line)
    if dispatch:
        glued = dispatch.group("glued")
        for cut in (2, 3, 4):  # "新华社北京": the agency, then the city it filed from
            agency, place = glued[:-cut], glued[-cut:]
            if len(agency) >= 2 and is_place(place):
                return outlet_name(agency)
    return None


def _is_credit_run(line: str) -> bool:
    """"药剂科供稿 摄影/张艳 编辑/苏芳": a short run of separated credit fields after a few words."""
    if len(line) > 80 or SENTENCE_END_RE.search(line):
        return False
    if line.count(":") + line.count("/") + line.count("|") + line.count("丨") < 2:
        return False  # two separated fields need two separators (the label scan is the costly part)
    matches = [(m, kind) for m, kind in _label_matches(line) if m.group("sep")]
    if len(matches) < 2 or matches[0][0].start() > 20 or all(kind == "noise" for _, kind in matches):
        return False
    return not parse_byline(line).is_empty()


def _nickname(value: str) -> list[str]:
    """A separated editor value that is one CJK nickname ("责任编辑：棒棒不是糖")."""
    value = NAMES_END_RE.split(value, maxsplit=1)[0].strip(NAME_STRIP_CHARS)
    if " " in value or not 2 <= len(value) <= 10 or not re.fullmatch(r"[\u3400-\u9fff]+", value):
        return []
    if value in NOT_NAMES or value.lower() in POSTER_NAMES or any(value.endswith(s) for s in ORG_SUFFIXES):
        return []
    return [value]


def find_inline_bylines(text: str, *, last: bool = False) -> Byline:
    """Credits inside prose: "新华社北京12月9日电（记者唐霁）……"; with ``last``, also the closing
    "……举行。（张巨峰）" of a final paragraph and a "扬子晚报记者 张楠" line."""
    result = Byline()
    for m in INLINE_CREDIT_RE.finditer(text):
        result.merge(parse_byline(m.group(0)))
    if not last:
        # "……釐清死因。（王小忠／台中報導）" closes the story even when promos follow it
        for credit in TRAILING_CREDIT_RE.finditer(text):
            names, _ = split_person_names(credit.group(1))
            result.authors.extend(n for n in names if n not in result.authors)
    if last:
        tail = TRAILING_NAMES_RE.search(text)
        if tail:
            names, _ = split_person_names(tail.group(1))
            result.authors.extend(n for n in names if n not in result.authors)
        for credit in TRAILING_CREDIT_RE.finditer(text[-200:]):
            names, _ = split_person_names(credit.group(1))
            result.authors.extend(n for n in names if n not in result.authors)
        org = ORG_REPORTER_RE.match(unicodedata.normalize("NFKC", text).strip().lstrip("□■●◆◇○※* "))
        if org:
            names, _ = split_person_names(org.group("names"))
            result.authors.extend(n for n in names if n not in result.authors)
    return result


def outlet_name(text: str, *, labelled: bool = False) -> str | None:
    """The outlet named by an unlabelled info-line slot ("原创 南方都市报", "游民星空[整理]", "IT之家"), or None.

    Only names that cannot be a person's qualify: an organisation ending, Latin mixed with CJK, five or
    more characters, or four characters that do not start with a compound family name. A value already
    known to name the outlet (``labelled``: a "media"/"source" field of script data) may be any short name.
    """
    text = _normalise(text)
    if not text or len(text) > 40:
        return None
    tokens = [t for t in OUTLET_SPLIT_RE.split(OUTLET_BADGE_RE.sub(" ", text)) if t and not OUTLET_BADGE_RE.fullmatch(t)]
    if len(tokens) > 1:
        # a platform badge beside the account name ("扬眼 企鹅号")
        tokens = [t for t in tokens if not (len(t) <= 4 and t.endswith("号"))]
    if len(tokens) != 1:
        return None
    name = tokens[0].strip(NAME_STRIP_CHARS + WRAPPER_CHARS)
    if not 2 <= len(name) <= 20 or not re.search(r"[\u3400-\u9fff]", name) or re.search(r"\d", name):
        return None
    if name in NOT_SOURCES or classify_name(name) == "poster" or LABEL_RE.match(name):
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


def only_info_fields(text: str) -> bool:
    """True when ``text`` (an info line with its date taken out) holds only labelled fields, counters or
    nothing at all ("阅读10544次", "来源：海滨日报 作者：张三"), never prose."""
    line = COUNTER_FIELD_RE.sub(" ", _normalise(text)).strip(NAME_STRIP_CHARS)
    if len(line) <= 6:
        return True
    if len(line) > 60 or SENTENCE_END_RE.search(line):
        return False
    matches = _label_matches(line)
    return bool(matches) and matches[0][0].start() <= 6
