"""The fixtures' content (content/*.toml, our own writing) turned into what each CMS's seed script takes.

WordPress gets its posts as block-editor markup (what its editor saves). The Z-BlogPHP farm is built
from the *WordPress truth* — the text WordPress renders for the 15 posts it reposts, their URLs, authors
and site name — plus the decorations content/zblog.toml asks for, just as a farm copies a live page.
Everything the truth must know that the text alone does not say (which lines are decorations, whom a
byline credits, which page a repost copies) goes into the CMS as post meta, and comes back from there.
"""

from __future__ import annotations

import html
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .text import normalise_space, paragraphs

CONTENT = Path(__file__).resolve().parent / "content"
META_PREFIX = "fixture_"


def load(name: str) -> dict[str, Any]:
    with (CONTENT / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


def _seconds(date: str) -> str:
    return date if date.count(":") == 2 else date + ":00"


def _blocks(lines: list[str]) -> str:
    """Block-editor markup for paragraphs ("## " lines become headings), as WordPress's editor saves it."""
    out = []
    for line in lines:
        if line.startswith("## "):
            out.append(f'<!-- wp:heading -->\n<h2>{html.escape(line[3:], quote=False)}</h2>\n<!-- /wp:heading -->')
        else:
            out.append(f"<!-- wp:paragraph -->\n<p>{html.escape(line, quote=False)}</p>\n<!-- /wp:paragraph -->")
    return "\n\n".join(out)


def text_lines(text: str) -> list[str]:
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]


def _meta(**values: list[str] | str | None) -> dict[str, str]:
    """Post meta as the CMS stores it: plain strings, a list one item a line."""
    out = {}
    for name, value in values.items():
        if value:
            out[META_PREFIX + name] = "\n".join(value) if isinstance(value, list) else value
    return out


def _comments(item: dict[str, Any]) -> list[dict[str, str]]:
    return [{**c, "date": _seconds(c["date"])} for c in item.get("comment", [])]


def wordpress_seed(theme: str | None = None) -> dict[str, Any]:
    """What php/wp_install.php and php/wp_seed.php take."""
    data = load("wordpress")
    posts = []
    for post in data["post"]:
        credits_top = [post["credit_top"]] if post.get("credit_top") else []
        credits_bottom = [post["credit_bottom"]] if post.get("credit_bottom") else []
        posts.append({
            "key": post["key"], "slug": post.get("slug"), "title": post["title"], "author": post["author"],
            "date": _seconds(post["date"]), "modified": _seconds(post["modified"]) if post.get("modified") else None,
            "category": post["category"], "tags": post.get("tags", []),
            "content": _blocks(credits_top + text_lines(post["text"]) + credits_bottom),
            "meta": _meta(credit_lines=credits_top + credits_bottom, byline_authors=post.get("byline_authors"),
                          editors=post.get("editors")),
            "comments": _comments(post),
        })
    pages = [{"key": p["key"], "slug": p.get("slug"), "title": p["title"], "author": p["author"],
              "date": _seconds(p["date"]), "content": _blocks(text_lines(p["text"]))} for p in data.get("page", [])]
    site = dict(data["site"])
    return {"theme": theme or site.pop("theme"), "site": site, "authors": data["author"],
            "categories": data["category"], "posts": posts, "pages": pages}


def _wp_post(wp_truth: dict[str, Any], key_url: dict[str, str], key: str) -> dict[str, Any]:
    url = key_url[key]
    for post in wp_truth["posts"]:
        if post["url"] == url:
            return post
    raise KeyError(f"the WordPress truth has no post {key} ({url})")


def _fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def _paragraph_html(line: str) -> str:
    return f"<p>{html.escape(line, quote=False)}</p>"


def zblog_seed(wp_truth: dict[str, Any], wp_urls: dict[str, str], theme: str | None = None) -> dict[str, Any]:
    """What php/zb_configure.php and php/zb_seed.php take: the farm's own posts and its reposts.

    ``wp_urls`` maps a WordPress post's key (content/wordpress.toml) to its permalink; the reposted text,
    title, author and site name are taken from ``wp_truth`` (what WordPress renders)."""
    data = load("zblog")
    posts = []
    for post in data["post"]:
        credits = [post["credit_bottom"]] if post.get("credit_bottom") else []
        posts.append({
            "key": post["key"], "title": post["title"], "author": post["author"], "date": _seconds(post["date"]),
            "category": post["category"], "tags": post.get("tags", []),
            "content": "".join(_paragraph_html(line) for line in text_lines(post["text"]) + credits),
            "meta": _meta(credit_lines=credits, byline_authors=post.get("byline_authors"),
                          editors=post.get("editors")),
            "comments": _comments(post),
        })
    for repost in data["repost"]:
        posts.append(_repost(repost, _wp_post(wp_truth, wp_urls, repost["original"]), wp_truth["site_name"]))
    posts.sort(key=lambda p: p["date"])
    site = dict(data["site"])
    return {"theme": theme or site.pop("theme"), "site": site, "members": data["member"],
            "categories": data["category"], "posts": posts}


def _repost(spec: dict[str, Any], original: dict[str, Any], site_name: str) -> dict[str, Any]:
    """A farm's copy of a WordPress post: its text, with the farm's decorations around and inside it."""
    meta = original["meta"]
    credit_lines = {normalise_space(line) for line in (meta.get("credit_lines") or "").split("\n")}
    body = [p for p in paragraphs(original["content_html"]) if p not in credit_lines]
    authors = meta["byline_authors"].split("\n") if meta.get("byline_authors") else [original["author"]]
    if spec.get("change"):  # a near-duplicate: one sentence reworded
        old, new = spec["change"]
        changed = [p.replace(old, new) for p in body]
        if changed == body:
            raise ValueError(f"repost of {spec['original']}: {old!r} is not in the original's text")
        body = changed
    values = {"site": site_name, "author": " ".join(authors), "url": original["url"]}
    top = [_fill(line, **values) for line in spec.get("top", [])]
    bottom = [_fill(line, **values) for line in spec.get("bottom", [])]
    inserted = []
    if spec.get("insert"):  # an ad line in the middle of the text
        at, line = spec["insert"]
        body = body[:at] + [line] + body[at:]
        inserted = [line]
    parts = [_paragraph_html(line) for line in top + body]
    for line in bottom:
        if line.startswith("原文链接：") and spec.get("link_as_anchor", True):
            url = html.escape(original["url"])
            parts.append(f'<p>原文链接：<a href="{url}" target="_blank">{url}</a></p>')
        else:
            parts.append(_paragraph_html(line))
    published = datetime.fromisoformat(original["published"])
    delay = timedelta(hours=spec.get("after_hours", 0), minutes=spec.get("after_minutes", 0))
    return {
        "key": "repost-" + spec["original"], "title": _fill(spec.get("title", "{title}"), title=original["title"]),
        "author": spec["poster"], "date": (published + delay).strftime("%Y-%m-%d %H:%M:%S"),
        "category": spec["category"], "tags": spec.get("tags", []), "content": "".join(parts),
        "meta": _meta(original_url=original["url"], decorations=top + inserted + bottom, byline_authors=authors),
        "comments": _comments(spec),
    }
