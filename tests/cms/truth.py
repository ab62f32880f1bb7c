"""What every post of a fixture must be extracted as, built from what the CMS itself returned.

The raw truth is the JSON php/wp_truth.php and php/zb_truth.php print (read through the CMS's own API);
this module only reshapes it: the body is the rendered content's text without the paragraphs the post
meta names as credit lines or farm decorations; the authors are the byline the meta names, else the
post's author account; dates are parsed in the site's timezone.

What a *theme* shows is a fact about its templates, not about the data: whether it prints prev/next
links, and to what precision it shows the publication time (tpure prints "3年前 (2024-01-08)", a day).
:data:`THEMES` holds those facts (tests/test_cms_*.py checks them against the served pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .text import normalise_space, paragraphs


@dataclass(frozen=True)
class ThemeFacts:
    prev_next: bool  # the single-post template links the previous and next post
    published_precision: str  # "minute" or "day": the finest the page states the publication time
    shows_updated: bool = False  # the page states a last-modified time of its own


THEMES: dict[tuple[str, str], ThemeFacts] = {
    # <time class="entry-date published updated" datetime="…+08:00"> (the modified time is not shown)
    ("wordpress", "twentytwentyone"): ThemeFacts(prev_next=True, published_precision="minute"),
    # the block theme's single template has no post-navigation block; core/post-date prints <time datetime>
    ("wordpress", "twentytwentythree"): ThemeFacts(prev_next=False, published_precision="minute"),
    # tpure's default PostTIMESTYLE prints a relative date with the day: "3年前 (2024-01-08)"
    ("zblogphp", "tpure"): ThemeFacts(prev_next=True, published_precision="day"),
    # <span class="post-date">2024-01-08 07:45:00</span>; no prev/next in post-single.php
    ("zblogphp", "default"): ThemeFacts(prev_next=False, published_precision="minute"),
    # <span class="kico-time"><dfn>发表于</dfn>2024-01-08 07:45:00</span>; 上一篇/下一篇 cards
    ("zblogphp", "Zit"): ThemeFacts(prev_next=True, published_precision="minute"),
    # Held out (benchmarks/cms.py --held-out): no rule was written while looking at them.
    # block theme like twentytwentythree: core/post-date prints <time datetime>, no post-navigation block
    ("wordpress", "twentytwentytwo"): ThemeFacts(prev_next=False, published_precision="minute"),
    # <p class="post-date">2024年01月08日</p> over the title; 作者:NAME in a footer line; no prev/next
    ("zblogphp", "WhitePage"): ThemeFacts(prev_next=False, published_precision="day"),
}


@dataclass
class Link:
    url: str
    title: str


@dataclass
class PostTruth:
    url: str
    kind: str  # "post" or "page" (a static page such as 关于我们 may be archived or not)
    title: str
    body: str
    authors: list[str]
    poster: str
    editors: list[str]
    published: datetime
    updated: datetime | None  # only where the theme shows it
    prev: Link | None
    next: Link | None
    decorations: list[str] = field(default_factory=list)  # farm decorations the body must not keep
    original_url: str | None = None  # a repost: the page it copies
    aliases: list[str] = field(default_factory=list)  # other URLs the CMS serves the same post at

    @property
    def is_repost(self) -> bool:
        return self.original_url is not None


@dataclass
class SiteTruth:
    cms: str
    theme: str
    url: str
    site_name: str
    timezone: str
    facts: ThemeFacts
    posts: list[PostTruth]
    listings: list[tuple[str, str]]  # (kind, url) of every non-article page the CMS makes

    @property
    def articles(self) -> list[PostTruth]:
        return [p for p in self.posts if p.kind == "post"]


def _lines(meta: dict[str, str], name: str) -> list[str]:
    value = meta.get(name) or ""
    return [line for line in value.split("\n") if line.strip()]


def _link(raw: dict[str, str] | None, shown: bool) -> Link | None:
    return Link(raw["url"], raw["title"]) if raw and shown else None


def site_truth(raw: dict[str, Any]) -> SiteTruth:
    """Reshape the JSON a truth script printed into :class:`SiteTruth` for the theme it was read under."""
    facts = THEMES[(raw["cms"], raw["theme"])]
    posts = []
    for p in raw["posts"]:
        meta = p["meta"] or {}
        decorations = _lines(meta, "decorations")
        # paragraphs() normalises whitespace (the ideographic space of "来源：…　作者：…" too): so do the lines
        left_out = {normalise_space(line) for line in _lines(meta, "credit_lines") + decorations}
        body = [line for line in paragraphs(p["content_html"]) if line not in left_out]
        aliases = [f"{raw['url']}?id={p['id']}"] if raw["cms"] == "zblogphp" else [f"{raw['url']}?p={p['id']}"]
        posts.append(PostTruth(
            url=p["url"], kind=p["kind"], title=p["title"], body="\n".join(body),
            authors=_lines(meta, "byline_authors") or [p["author"]], poster=p["author"],
            editors=_lines(meta, "editors"),
            published=datetime.fromisoformat(p["published"]),
            updated=datetime.fromisoformat(p["modified"]) if facts.shows_updated else None,
            prev=_link(p["prev"], facts.prev_next), next=_link(p["next"], facts.prev_next),
            decorations=decorations, original_url=meta.get("original_url") or None, aliases=aliases,
        ))
    return SiteTruth(cms=raw["cms"], theme=raw["theme"], url=raw["url"], site_name=raw["site_name"],
                     timezone=raw["timezone"], facts=facts, posts=posts,
                     listings=[(item["kind"], item["url"]) for item in raw["listings"]])
