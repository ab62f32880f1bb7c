"""newsarchiver's web pages: article, story, site, network and search.

``pages.py`` turns the archive's records (``archive/webqueries.py``) into what a page shows,
``pictures.py`` draws the SVG pictures, ``templates/newsarchiver/`` holds the Jinja templates and
``static/newsarchiver.css`` the stylesheet. Two things render them: the Datasette plugin
``datasette/plugins/newsarchiver_pages.py`` (``newsarchiver serve``), inside Datasette's own layout, and
``newsarchiver/report.py`` (``newsarchiver report``), as one self-contained HTML file.
"""

from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
CSS_FILE = STATIC_DIR / "newsarchiver.css"
SERVED_LAYOUT = "newsarchiver/_served.html"
REPORT_LAYOUT = "newsarchiver/_report.html"


def add_filters(env: Any) -> None:
    """The Jinja filters the templates use (both Datasette's environment and the report's)."""
    from .pages import display_when

    env.filters["na_when"] = display_when
