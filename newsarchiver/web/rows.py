"""Long lists as HTML rows built in Python: a story's copies table.

A story can hold thousands of copies; the same rows written as a Jinja loop took most of the page's
render time (one escape and lookup per expression per row). This builds them with one f-string per row,
every value escaped. The template (``story.html``) holds the table around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape


def _a(href: str | None, text: Any) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else str(escape(text))


def _out(url: str | None) -> str:
    """A link to the copy on its site; only http(s) URLs are links."""
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="noreferrer nofollow">open</a>'
    return ""


def copy_rows(copies: Sequence[dict[str, Any]]) -> Markup:
    """``<tr>`` per copy: #, published, delay, site, title (and badges), how it joined, link to the page.
    ``copies``: ``pages.story_page``'s list (``href``, ``site_href``, ``shown_title``, ``joined`` … set)."""
    out = []
    for i, c in enumerate(copies, 1):
        badges = ' <span class="na-badge">original</span>' if c["is_original"] else ""
        if c.get("status"):
            badges += f' <span class="na-status na-status-{escape(c["status"])}">{escape(c["status"])}</span>'
        joined = str(escape(c["joined"]))
        if c.get("matched_href"):
            joined += f' <a href="{escape(c["matched_href"])}">of {escape(c["story_matched_copy_id"])}</a>'
        if c.get("source"):
            joined += f" · 来源 {escape(c['source'])}"
        row_class = f' class="{escape(c["row_class"])}"' if c.get("row_class") else ""
        out.append(
            f'<tr data-copy="{escape(c["copy_id"])}"{row_class}><td>{i}</td><td>{escape(c["when"] or "no date")}</td>'
            f'<td>{escape(c["delay"] or "–")}</td><td>{_a(c["site_href"], c["site"])}</td>'
            f'<td>{_a(c["href"], c["shown_title"])}{badges}</td><td>{joined}</td>'
            f'<td>{_out(c["fetched_url"] or c["url"])}</td></tr>\n')
    return Markup("".join(out))
