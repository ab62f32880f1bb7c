"""Self-checks of a fixture, independent of the extractor: does the served page say what the truth says?

A truth read back from the CMS could still disagree with what the theme prints (a hook, a theme
option); these checks fetch each post's page and look for the truth in the HTML itself.
"""

from __future__ import annotations

import html
import re
import urllib.request

import lxml.html

from .text import normalise_space
from .truth import PostTruth, SiteTruth


def fetch(url: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
    with opener.open(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _hrefs(tree: lxml.html.HtmlElement) -> set[str]:
    return {html.unescape(a.get("href", "")).lower() for a in tree.iter("a")}


def disagreements(truth: SiteTruth, post: PostTruth) -> list[str]:
    """What the page at ``post.url`` does not show of ``post`` (empty: it agrees)."""
    page = fetch(post.url)
    tree = lxml.html.fromstring(page)
    text = normalise_space(tree.text_content())
    problems = []
    if normalise_space(post.title) not in text:
        problems.append(f"title {post.title!r} not on the page")
    for line in post.body.split("\n"):
        if normalise_space(line)[:30] not in text:
            problems.append(f"body line {line[:30]!r} not on the page")
    for decoration in post.decorations:
        if normalise_space(decoration)[:30] not in text:
            problems.append(f"decoration {decoration[:30]!r} not on the page")
    hrefs = _hrefs(tree)
    for link in (post.prev, post.next):
        if link is not None and link.url.lower() not in hrefs:
            problems.append(f"no link to {link.url}")
    local = post.published  # already in the site's timezone: the page writes its wall-clock time
    if truth.facts.published_precision == "minute":
        shown = (local.isoformat()[:16] in page  # <time datetime="2024-01-05T08:12:00+08:00">
                 or local.strftime("%Y-%m-%d %H:%M") in page)  # 2024-01-05 08:12:00
        if not shown:
            problems.append(f"the minute {local.isoformat()} is not on the page")
    else:
        if local.strftime("%Y-%m-%d") not in page:
            problems.append(f"the day {local.date()} is not on the page")
        if re.search(re.escape(local.strftime("%Y-%m-%d")) + r"[ T]" + re.escape(local.strftime("%H:%M")), page):
            problems.append("the page shows the minute, the theme facts say day")
    return problems
