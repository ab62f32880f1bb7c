"""Long lists as HTML rows built in Python: a story's copies.

A story can hold thousands of copies. Written as a Jinja loop the rows took half the page's render time
(28 ms for 1,000 rows; one escape and lookup per expression per row); here each is one f-string, every
value escaped (14 ms).
They are list items laid out as a grid, not table rows: chromium needed ~4x longer to reach
DOMContentLoaded for a 1,000-row ``<table>`` than for the same rows as ``<li>`` (benchmarks/web.py).
The template (``story.html``) holds the list around them.
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
    """``<li>`` per copy: #, published, delay, site, title (and badges), how it joined, link to the page.
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
        out.append(
            f'<li class="na-row{" " + escape(c["row_class"]) if c.get("row_class") else ""}" data-copy="{escape(c["copy_id"])}">'
            f'<span class="n">{i}</span><span class="when">{escape(c["when"] or "no date")}</span>'
            f'<span class="after">{escape(c["delay"] or "–")}</span><span class="site">{_a(c["site_href"], c["site"])}</span>'
            f'<span class="title">{_a(c["href"], c["shown_title"])}{badges}</span><span class="joined">{joined}</span>'
            f'<span class="out">{_out(c["fetched_url"] or c["url"])}</span></li>\n')
    return Markup("".join(out))
