"""Extraction core: bytes or text of one page in, an :class:`~newsarchiver.items.Article` out.

Pure library code: no Scrapy, no network, no SQLite. Entry points:

* :func:`extract_article` — the whole page;
* :func:`decode_html` — response bytes to text, with charset fallbacks;
* :func:`load_profiles` — per-site selector profiles (TOML) for ``extract_article(..., profile=)``;
* :func:`parse_date`, :func:`parse_byline`, :func:`classify_page` — the building blocks.

The names below are imported when first used (PEP 562), not with the package: the archive needs only
``extract.templates`` and ``extract.removal``, and importing the whole extractor (its label tables,
dateparser, lxml's HTML parser) would make every ``newsarchiver`` command that only reads an archive
start up a tenth of a second slower.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bylines import Byline, parse_byline
    from .classify import classify_page
    from .dates import find_dates, parse_date
    from .decode import decode_html
    from .errors import ExtractionError, NotHTMLError
    from .page import extract_article
    from .profiles import Profile, ProfileError, ProfileSet, load_profiles, parse_profiles

#: Each public name and the submodule that defines it.
_EXPORTS = {
    "Byline": "bylines",
    "parse_byline": "bylines",
    "find_dates": "dates",
    "parse_date": "dates",
    "decode_html": "decode",
    "ExtractionError": "errors",
    "NotHTMLError": "errors",
    "classify_page": "classify",
    "extract_article": "page",
    "Profile": "profiles",
    "ProfileError": "profiles",
    "ProfileSet": "profiles",
    "load_profiles": "profiles",
    "parse_profiles": "profiles",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next lookup is an ordinary one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
