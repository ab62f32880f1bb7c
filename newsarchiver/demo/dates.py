"""Date formats the demo sites print, including relative dates ("3天前") resolved at request time.

All functions take aware datetimes; the article's own timezone is the one the page shows,
and ``now`` is converted into it first so that "昨天" means yesterday on the site's calendar.
"""

from __future__ import annotations

from datetime import datetime

DATE_STYLES = ("iso", "cn", "cn12", "labelled", "relative")

#: Relative labels are used below this many calendar days; older dates fall back to "cn".
RELATIVE_MAX_DAYS = 7


def relative_label(dt: datetime, now: datetime) -> tuple[str, str] | None:
    """``(text, precision)`` for a relative date, or None when the date is too old for one.

    Minutes and hours count elapsed time; "昨天/前天/N天前" count calendar days in the
    article's timezone, which is how a reader (and a parser) resolves them against "now".
    """
    now = now.astimezone(dt.tzinfo)
    seconds = (now - dt).total_seconds()
    if seconds < 60:
        return "刚刚", "minute"
    if seconds < 3600:
        return f"{int(seconds // 60)}分钟前", "minute"
    days = (now.date() - dt.date()).days
    if days <= 0:
        return f"{int(seconds // 3600)}小时前", "minute"
    if days == 1:
        return f"昨天 {dt:%H:%M}", "minute"
    if days == 2:
        return f"前天 {dt:%H:%M}", "minute"
    if days < RELATIVE_MAX_DAYS:
        return f"{days}天前", "day"
    return None


def cn12(dt: datetime) -> str:
    """WordPress zh_CN "Y年n月j日 A g:i": 2024年5月12日 上午10:05 / 下午3:20."""
    half = "上午" if dt.hour < 12 else "下午"
    hour = dt.hour % 12 or 12
    return f"{dt.year}年{dt.month}月{dt.day}日 {half}{hour}:{dt.minute:02d}"


def format_date(dt: datetime, style: str, now: datetime) -> str:
    """The visible date text for ``dt`` in one of :data:`DATE_STYLES`."""
    if style == "relative":
        label = relative_label(dt, now)
        if label is not None:
            return label[0]
        style = "cn"
    if style == "iso":
        return f"{dt:%Y-%m-%d %H:%M}"
    if style == "cn":
        return f"{dt:%Y年%m月%d日 %H:%M}"
    if style == "cn12":
        return cn12(dt)
    if style == "labelled":
        return f"发布时间：{dt:%Y-%m-%d %H:%M:%S}"
    raise ValueError(f"unknown date style {style!r}")


def date_precision(dt: datetime, style: str, now: datetime) -> str:
    """"day" when the text for ``dt`` names only a day ("N天前"), else "minute"."""
    if style == "relative":
        label = relative_label(dt, now)
        if label is not None:
            return label[1]
    return "minute"


def short_date(dt: datetime, style: str, now: datetime) -> str:
    """A compact date for lists (sidebars, related items): relative when the site uses it."""
    if style == "relative":
        label = relative_label(dt, now)
        if label is not None:
            return label[0]
    return f"{dt:%Y-%m-%d}"


def english_date(dt: datetime) -> str:
    """"May 12, 2024" as an English blog prints it."""
    return f"{dt:%B} {dt.day}, {dt.year}"
