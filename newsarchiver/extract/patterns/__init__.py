"""Everything the extractor knows about pages, as data: labels, words, class/id patterns, tag sets.

A new template quirk is a table edit here rather than a code change, in the manner of trafilatura's
``xpaths.py``: the code modules of :mod:`newsarchiver.extract` hold no label or phrase of their own.
Nothing here may name a particular site, CMS or theme: the tables describe conventions shared by many
(DedeCMS, PHPCMS, WordPress themes, portal templates, news sites).

The tables are grouped by what they describe; this package re-exports them all:

* :mod:`.text` — charsets, binary signatures, full-width forms, scripts (CJK, kana, hangul);
* :mod:`.dates` — date labels, the written forms, clocks, zones, meta names and script keys of dates;
* :mod:`.credits` — 作者/编辑/来源 labels, name rules, poster accounts, outlet words;
* :mod:`.markup` — tag sets and the class/id words of content, boilerplate, info lines and zones;
* :mod:`.phrases` — prev/next labels, pagination, boilerplate paragraphs, tail markers.
"""

from .credits import *  # noqa: F401,F403
from .dates import *  # noqa: F401,F403
from .markup import *  # noqa: F401,F403
from .phrases import *  # noqa: F401,F403
from .text import *  # noqa: F401,F403
