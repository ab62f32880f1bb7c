"""Extraction core: bytes or text of one page in, an :class:`~newsarchiver.items.Article` out.

Pure library code: no Scrapy, no network, no SQLite. Entry points:

* :func:`extract_article` — the whole page;
* :func:`decode_html` — response bytes to text, with charset fallbacks;
* :func:`load_profiles` — per-site selector profiles (TOML) for ``extract_article(..., profile=)``;
* :func:`parse_date`, :func:`parse_byline`, :func:`classify_page` — the building blocks.
"""

from .bylines import Byline, parse_byline
from .dates import find_dates, parse_date
from .decode import decode_html
from .errors import ExtractionError, NotHTMLError
from .classify import classify_page
from .page import extract_article
from .profiles import Profile, ProfileError, ProfileSet, load_profiles, parse_profiles

__all__ = [
    "Byline",
    "ExtractionError",
    "NotHTMLError",
    "Profile",
    "ProfileError",
    "ProfileSet",
    "classify_page",
    "decode_html",
    "extract_article",
    "find_dates",
    "load_profiles",
    "parse_byline",
    "parse_date",
    "parse_profiles",
]
