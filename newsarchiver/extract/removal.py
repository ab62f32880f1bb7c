"""Is an archived article still there? Evidence, from one revisit, that a page was taken down.

Pure functions over what a revisit fetched — where a redirect went, the extracted title and body, the
page's visible text — with no Scrapy, network or SQLite. General evidence only: no rule names a site, a
CMS or a theme. A revisit of an archived article page finds it removed when:

* the page is a **removal notice**: its title, or its content when that is short, says that the article
  was deleted, taken down, hidden or does not exist (:data:`REMOVAL_PHRASES`, Chinese and English);
* the page is an **empty shell**: it still answers, but holds no article any more (no body where the
  archive holds one, often the title lost too; or a page that is no article at all);
* the address **redirects** to the site's home page, a listing, or a directory above it (on the same site).

A 404 or 410 answer needs no function: the status says it. What a notice or a shell suggests, the
archive then checks against the text it holds (:func:`text_still_there`): a page that still prints the
archived paragraphs was not taken down, only read badly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..urls import site_of, url_key

__all__ = ["EMPTY_SHELL", "NOTICE", "REDIRECT", "REMOVAL_PHRASES", "Removal", "assess_revisit", "notice_sized", "notice_text", "only_a_notice",
           "redirect_is_removal", "text_still_there", "visible_text"]

#: How a revisit saw a page gone (besides ``http_404`` / ``http_410``, which the status says).
NOTICE, EMPTY_SHELL, REDIRECT = "removal_notice", "empty_shell", "redirect"

#: What removal notices say, in Chinese and English: deleted, taken down (下架), hidden or blocked, does not
#: exist, no longer available. Matched case-insensitively with whitespace ignored, and only in a page's
#: title or in content that is short (:data:`NOTICE_MAX_CHARS`): an article that *reports* a deletion is
#: long, a notice is a sentence or two. Longer phrases first, so the recorded phrase is the most specific.
REMOVAL_PHRASES: tuple[str, ...] = (
    # deleted
    "此文章已被删除", "该文章已被删除", "该内容已被删除", "内容已被删除", "文章已被删除", "信息已被删除",
    "已被作者删除", "已被发布者删除", "该帖子已被删除", "已被删除", "已经删除", "已删除",
    # taken down, withdrawn, hidden, blocked
    "文章已下架", "内容已下架", "该内容已下架", "已下架", "已撤稿", "已被撤回", "已被屏蔽", "已被隐藏",
    "无法查看", "无法显示", "暂时无法访问", "不予显示", "违反相关法律法规", "根据相关法律法规",
    # does not exist, no longer valid
    "您访问的页面不存在", "您要访问的页面不存在", "页面不存在", "文章不存在", "内容不存在", "信息不存在",
    "新闻不存在", "资讯不存在", "该页面已失效", "页面已失效", "链接已失效", "找不到该页面", "页面找不到",
    "找不到页面", "页面未找到", "页面没有找到",
    # English
    "this article has been removed", "this article has been deleted", "this post has been removed",
    "this post has been deleted", "this page has been removed", "this content has been removed",
    "has been removed", "has been deleted", "has been taken down", "is no longer available",
    "no longer available", "content is not available", "content unavailable", "page not found",
    "page does not exist", "page doesn't exist", "page cannot be found", "page could not be found",
    "404 not found",
)
#: Titles that are only an error code: a "soft 404" that answers 200.
ERROR_TITLES = frozenset({"404", "410", "错误404", "error404", "404错误"})
#: Content at most this long (characters, whitespace ignored) may be a removal notice; longer is an article.
NOTICE_MAX_CHARS = 300
#: At most this much visible text of a page is looked at (and handed on as evidence).
PAGE_TEXT_MAX_CHARS = 100_000
#: Paths of a site's home page.
_HOME_PATH = re.compile(r"^/?(?:(?:index|default|home)\.(?:html?|php|aspx?|shtml|jsp))?$", re.I)
#: Elements whose text a reader does not see.
_INVISIBLE = ("script", "style", "noscript", "template", "svg")
_SQUEEZE = re.compile(r"\s+")
_NOT_LETTERS = re.compile(r"[\W_]+")
_TITLE_SEPARATORS = re.compile(r"\s+[-|_–—·]\s+|[｜_]")
_CLAUSES = re.compile(r"[。！？!?.,，;；:：\n]")
_SENTENCE_END = re.compile(r"[。！？!?.\n]")


@dataclass(frozen=True)
class Removal:
    """What a revisit found instead of the article: how (``redirect``, ``removal_notice``,
    ``empty_shell``), where a redirect went, the notice's words, and the page's visible text (for the
    archive's check that the archived text is really gone)."""

    how: str
    target: str | None = None
    notice: str | None = None
    detail: str | None = None
    page_text: str | None = None


def _squeeze(text: str | None) -> str:
    """Case-folded, NFKC, whitespace removed: how phrases are compared ("Page  Not found" = "pagenotfound")."""
    return _SQUEEZE.sub("", unicodedata.normalize("NFKC", text or "")).casefold()


_PHRASES = tuple((_squeeze(p), p) for p in REMOVAL_PHRASES)


def visible_text(html: str) -> str:
    """The text a reader sees on a page, one text block per line: the ``<title>`` and every text outside
    scripts, styles and links (a menu, a "hot articles" box or a related list is links; a notice is not)."""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    lines = []
    title = root.find(".//title")
    if title is not None and title.text:
        lines.append(title.text.strip())
    body = root.find("body")
    for node in (body if body is not None else root).iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and not _hidden_or_link(node):
            lines.append(node.text.strip())
        parent = node.getparent()
        if node.tail and parent is not None and not _hidden_or_link(parent):
            lines.append(node.tail.strip())
    text = "\n".join(line for line in lines if line)
    return text[:PAGE_TEXT_MAX_CHARS]


def _hidden_or_link(node: lxml_html.HtmlElement) -> bool:
    for el in (node, *node.iterancestors()):
        if isinstance(el.tag, str) and el.tag.lower() in ("a", *_INVISIBLE):
            return True
    return False


def notice_sized(body: str | None) -> bool:
    """Whether a body is short enough to be a removal notice (:data:`NOTICE_MAX_CHARS`) rather than an article."""
    body = body or ""
    if len(body) > 2 * NOTICE_MAX_CHARS and len(_squeeze(body[:2 * NOTICE_MAX_CHARS])) > NOTICE_MAX_CHARS + 16:
        # an article: its beginning alone is too long (squeezing a prefix gives at most a few characters
        # more than the same stretch of the whole text, where the cut splits a character sequence)
        return False
    return len(_squeeze(body)) <= NOTICE_MAX_CHARS


def notice_text(title: str | None, body: str | None, page_text: str | None = None) -> str | None:
    """The words of a removal notice on a page, or None. The title is read whatever the page's length;
    the body and the page's text only when the body is short (a notice, not an article)."""
    places = [title]
    if notice_sized(body):
        places += [body, page_text]
    for place in places:
        found = _error_line(place) or _find_phrase(place)
        if found:
            return found
    return None


def only_a_notice(title: str | None, body: str | None, min_body_chars: int = 20) -> str | None:
    """The notice, when a page offered as an article is only a removal notice: a phrase of
    :data:`REMOVAL_PHRASES` in its title or body, and fewer than ``min_body_chars`` characters of body
    besides the lines that say it. None for an article (one that reports a deletion included)."""
    if not notice_sized(body):
        return None
    notice = notice_text(title, body)
    if notice is None:
        return None
    # what is left once every clause that says "removed" is out: a notice's "please read on" is short
    rest = [c for c in _CLAUSES.split(body or "") if not (_find_phrase(c) or _error_line(c))]
    return notice if len(_squeeze("".join(rest))) < min_body_chars else None


def _error_line(text: str | None) -> str | None:
    """A line that is only an error code ("404", or "404 - Site name" as a page title)."""
    for line in (text or "").splitlines():
        head = _TITLE_SEPARATORS.split(line.strip(), maxsplit=1)[0]
        if _squeeze(head) in ERROR_TITLES:
            return line.strip()
    return None


def _find_phrase(text: str | None) -> str | None:
    squeezed = _squeeze(text)
    if not squeezed:
        return None
    for phrase, written in _PHRASES:
        if phrase in squeezed:
            return _sentence_with(text or "", written)
    return None


def _sentence_with(text: str, phrase: str) -> str:
    """The line or sentence of ``text`` in which ``phrase`` occurs (what the notice said), at most 200 characters."""
    for line in text.splitlines():
        if _squeeze(phrase) in _squeeze(line):
            line = " ".join(line.split())
            start = _squeeze(line).find(_squeeze(phrase))
            if len(line) > 200:  # a long line: the sentence around the phrase
                pieces = _SENTENCE_END.split(line)
                line = next((p for p in pieces if _squeeze(phrase) in _squeeze(p)), line[max(0, start - 50):])
            return line.strip()[:200]
    return phrase


def redirect_is_removal(url: str, final_url: str, page_type: str | None) -> bool:
    """Whether a redirect from an article's address to ``final_url`` says the article is gone: it lands on
    the same site's home page, on a page that is no article (a listing), or on a directory above the
    article's address. A redirect to another article is a move; one to another site says nothing about
    this copy (the crawl does not follow it)."""
    if url_key(url) == url_key(final_url) or site_of(url) != site_of(final_url):
        return False
    path = urlsplit(final_url).path
    if _HOME_PATH.match(path):
        return True
    if page_type is not None and page_type != "article":
        return True
    above = path.rstrip("/") + "/"
    return urlsplit(url).path.startswith(above) and urlsplit(url).path != path


def assess_revisit(*, url: str, final_url: str, page_type: str | None, title: str | None, body: str | None,
                   html: str | None, min_body_chars: int = 20) -> Removal | None:
    """What a revisit of the archived article at ``url`` found, when it was not the article: a Removal,
    or None for an article page (the archive files it as usual, and checks it once more against the text
    it holds). ``page_type``, ``title`` and ``body`` are the extractor's reading of the page the request
    ended on (``final_url``); ``html`` its text, read (:func:`visible_text`) only for a page that holds
    no article."""
    if url_key(url) != url_key(final_url):
        if redirect_is_removal(url, final_url, page_type):
            return Removal(REDIRECT, target=final_url, detail=f"redirected to a {_kind_of_target(url, final_url, page_type)}")
        return None  # another article (the page moved), or another site: nothing said about this copy
    body = body or ""
    is_article = page_type in (None, "article")
    if is_article and len(body.strip()) >= min_body_chars:
        # An article page: a notice only when its content is nothing else (the rest of the page — menus,
        # "latest posts", a neighbour's title — can quote any words). A title that merely contains a phrase
        # is for the archive to weigh against the text it holds, after the site's template is out.
        notice = only_a_notice(title, body, min_body_chars)
        return Removal(NOTICE, notice=notice, detail=_shell_detail(title, body, page_type)) if notice else None
    page_text = visible_text(html) if html else ""
    notice = notice_text(title, body, page_text)
    if notice:
        return Removal(NOTICE, notice=notice, detail=_shell_detail(title, body, page_type), page_text=page_text)
    if not is_article or len(body.strip()) < min_body_chars:
        return Removal(EMPTY_SHELL, detail=_shell_detail(title, body, page_type), page_text=page_text)
    return None


def _kind_of_target(url: str, final_url: str, page_type: str | None) -> str:
    if _HOME_PATH.match(urlsplit(final_url).path):
        return "home page"
    if page_type is not None and page_type != "article":
        return f"{page_type} page"
    return "directory above it"


def _shell_detail(title: str | None, body: str | None, page_type: str | None) -> str:
    parts = [f"{page_type} page" if page_type not in (None, "article") else "article page"]
    parts.append(f"title {title.strip()!r}" if title and title.strip() else "no title")
    parts.append(f"{len((body or '').strip())} characters of body")
    return ", ".join(parts)


def text_still_there(archived_body: str | None, page_text: str | None, *, share: float = 0.5) -> bool:
    """Whether a page still prints the archived article: at least ``share`` of its paragraphs (those of
    8 letters or more, compared without spaces and punctuation) occur in the page's visible text. A page
    the extractor misread is then not a removal."""
    paragraphs = [p for p in (_letters(line) for line in (archived_body or "").splitlines()) if len(p) >= 8]
    if not paragraphs:
        return False
    page = _letters(page_text or "")
    found = sum(1 for p in paragraphs if p in page)
    return found / len(paragraphs) >= share


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text)).casefold()
