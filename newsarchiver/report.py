"""``newsarchiver report``: a story's or a site's page as one self-contained HTML file.

The same templates and pictures as the served pages (``newsarchiver/web``), rendered with the report
layout: the stylesheet inline, the pictures inline SVG, no script, no request to anywhere. Links into
the archive become plain text (a colleague has the file, not the archive); links to the pages on
their sites stay.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .archive import webqueries
from .web import CSS_FILE, REPORT_LAYOUT, TEMPLATES_DIR, add_filters, pages

KINDS = ("story", "site")


class ReportError(Exception):
    """Nothing to report: no such story or site."""


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(default=True))
    add_filters(env)
    return env


def render(kind: str, ref: str, archive_path: Path, *, template_min_stories: int = 4) -> str:
    """The HTML of the report on story ``ref`` (an id) or site ``ref`` (host[:port])."""
    conn = webqueries.connect_readonly(archive_path)
    try:
        links = pages.ReportLinks()
        context: dict[str, Any] | None
        if kind == "story":
            if not ref.isdigit():
                raise ReportError(f"a story is given by its id, not {ref!r} (list them with `newsarchiver stories`)")
            context = pages.story_page(conn, int(ref), links, archive_option=f" --archive {archive_path}")
            if context is None:
                raise ReportError(f"no story {ref} in {archive_path} (list them with `newsarchiver stories`)")
        elif kind == "site":
            context = pages.site_page(conn, ref, links, template_min_stories=template_min_stories)
            if context is None:
                raise ReportError(f"no site {ref!r} in {archive_path} (the hosts are in `newsarchiver stats`)")
        else:
            raise ReportError(f"unknown report {kind!r}: choose one of {', '.join(KINDS)}")
    finally:
        conn.close()
    context.update(layout=REPORT_LAYOUT, css=Markup(CSS_FILE.read_text(encoding="utf-8")), archive_name=archive_path.name,
                   generated=datetime.now(UTC).isoformat(timespec="seconds"))
    return environment().get_template(f"newsarchiver/{kind}.html").render(context)
