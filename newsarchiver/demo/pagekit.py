"""Building blocks shared by the family templates: page context, escaping, body blocks.

Kept apart from :mod:`themes` (the router) so the family modules can import it without
an import cycle.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .model import DemoArticle

if TYPE_CHECKING:
    from .world import Site

#: Own-worded repost disclaimer, the kind content farms put under copied articles.
DISCLAIMER = (
    "版权声明：本文内容来源于网络转载，文中观点仅代表原作者本人，不代表本站立场。"
    "本站只提供信息存储与展示服务，不拥有相关权利，也不承担相应法律责任。"
    "如发现本站有涉嫌侵权的内容，请来信告知，一经核实将立即删除。"
)
EN_DISCLAIMER = (
    "Disclaimer: this post reflects the personal views of its author and is shared for "
    "general interest only. Please ask before republishing any part of it."
)

#: Ad copy that farms splice into copied bodies; every block starts with the "(广告)" marker.
AD_TEXTS = (
    "(广告)",
    "(广告)扫码关注本站公众号，每天推送本地热点资讯。",
    "(广告)家电以旧换新补贴进行中，详情请咨询附近门店。",
    "(广告)本地招聘信息免费发布，添加客服微信即可登记。",
)

PAGE_SIZE = 10


@dataclass(frozen=True)
class Page:
    """What a family renderer needs besides the article: where the site lives and when it is."""

    site: Site
    base_url: str
    now: datetime

    def url(self, path: str) -> str:
        """Absolute URL of a site path."""
        return self.base_url.rstrip("/") + path


def listing_number(pattern: re.Pattern[str], path: str) -> int | None:
    """The listing page a path shows under a theme's LISTING_RE (group 1: the page number), or None."""
    match = pattern.match(path)
    if match is None:
        return None
    return int(match.group(1) or 1)


def esc(text: str) -> str:
    """Escape text for element content and double-quoted attribute values.

    Apostrophes stay literal (every attribute here is double-quoted), so English text
    reads in the page source as it was written.
    """
    return html.escape(text, quote=False).replace('"', "&quot;")


def is_chinese(text: str) -> bool:
    """True when the text contains CJK ideographs (decides Chinese vs English wording)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def excerpt(article: DemoArticle, limit: int = 60) -> str:
    """The start of the first true paragraph, as listings and feeds show it."""
    first = article.paragraphs[0] if article.paragraphs else ""
    return first if len(first) <= limit else first[:limit] + "..."


def pasted_author_line(article: DemoArticle) -> str:
    """The author credit repost sites paste at the end of a copied body."""
    if is_chinese(article.title) or any(is_chinese(a) for a in article.authors):
        return f"(作者:{' '.join(article.authors)})"
    return f"(Author: {english_list(article.authors)})"


def english_list(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def content_blocks(article: DemoArticle, site: Site | None = None) -> list[str]:
    """The ``<p>`` blocks of the article body, with the style's repost decorations.

    Order follows repost practice: doubled title first, the site's own lead line, ad blocks spread
    between true paragraphs, the site's own closing line, then the pasted author line.
    """
    style = article.style
    paragraphs = list(article.paragraphs)
    blocks = [f"<p>{esc(p)}</p>" for p in paragraphs]
    for k in range(style.ad_blocks, 0, -1):  # insert from the back so positions stay valid
        at = max(1, k * len(paragraphs) // (style.ad_blocks + 1))
        ad = AD_TEXTS[(article.id + k) % len(AD_TEXTS)]
        # Some farms mark ad paragraphs with a class, others only with the "(广告)" text.
        attrs = ' class="ad"' if k % 2 else ""
        blocks.insert(at, f"<p{attrs}>{esc(ad)}</p>")
    if site is not None and site.template_lead:
        blocks.insert(0, f"<p>{esc(site.template_lead)}</p>")
    if site is not None and site.template_tail:
        blocks.append(f"<p>{esc(site.template_tail)}</p>")
    if style.doubled_title:
        blocks.insert(0, f"<p>{esc(article.title)}</p>")
    if style.author_line == "pasted" and article.authors:
        blocks.append(f"<p>{esc(pasted_author_line(article))}</p>")
    return blocks


def encode(site: Site, text: str) -> bytes:
    """Encode for the site; GBK sites turn characters outside GBK into character references."""
    if site.encoding.lower() in ("gbk", "gb2312", "gb18030"):
        return text.encode("gbk", errors="xmlcharrefreplace")
    return text.encode(site.encoding)


def listing_slice(site: Site, number: int) -> list[DemoArticle]:
    """Articles on listing page ``number`` (1-based), newest first."""
    end = len(site.articles) - (number - 1) * PAGE_SIZE
    start = max(0, end - PAGE_SIZE)
    return list(reversed(site.articles[start:end]))


def article_date(page: Page, article: DemoArticle, style: str | None = None) -> str:
    """The visible date of an article in ``style`` (default: the article's own style)."""
    from .dates import format_date

    return format_date(article.published, style or article.style.date_style, page.now)


def comment_times(page: Page, article: DemoArticle, count: int) -> list[datetime]:
    """Times of reader comments: spread after publication, never later than ``now``."""
    age = max(page.now - article.published, timedelta(0))
    times = []
    for k in range(count):
        offset = min(age * (k + 1) / (count + 1), timedelta(hours=5 * (k + 1)))
        times.append((article.published + offset).replace(second=0, microsecond=0))
    return times
