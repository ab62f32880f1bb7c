"""WordPress, end to end: Debian's WordPress 6.1 on a private MariaDB and Apache (tests/cms/), seeded
through WordPress's own API with 40 posts by 4 authors, crawled with `scrapy crawl repost`, exported with
`newsarchiver export`, and every post compared with what WordPress says about it (issue 11).

Each target of the issue is its own test per theme; what today's extractor fails is marked
``xfail(strict=True)`` with the measured numbers (benchmarks/cms.py prints the full tables). Skipped only
when the Debian packages are missing (.ci/run installs them).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from tests.cms.cases import cases, target_problem
from tests.cms.checks import disagreements
from tests.cms.fixtures import missing
from tests.cms.truth import site_truth

CMS = "wordpress"
THEMES = ("twentytwentyone", "twentytwentythree")
CHECKS = ("archived", "title", "body", "authors", "poster", "editors", "published", "updated", "prev/next url",
          "prev/next title", "non-article pages")

pytestmark = pytest.mark.skipif(missing(CMS) is not None, reason=f"WordPress fixture: {missing(CMS)}")

#: What today's extractor gets wrong, measured (benchmarks/cms.py, docs/benchmarks.md#real-cms-sites).
#: Strict: when a fix makes one pass, its XPASS fails the run until the entry is removed. Empty: every
#: target of issue 11 is met on both themes.
KNOWN_FAILING: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(("theme", "check"), cases(THEMES, CHECKS, KNOWN_FAILING))
def test_issue_target(cms_fixtures, theme, check):
    problem = target_problem(cms_fixtures.result(CMS, theme), check)
    assert problem is None, problem


# -- the fixture itself (no extraction involved) -------------------------------------------------------

def test_site_has_what_the_issue_asks_for(cms_fixtures):
    raw = cms_fixtures.start_wordpress().truth()
    truth = site_truth(raw)
    posts = truth.articles
    assert len(posts) == 40
    assert len({p.poster for p in posts}) == 4
    assert any(any("\u4e00" <= c <= "\u9fff" for c in p.poster) for p in posts)  # Chinese display names
    assert [p.title for p in truth.posts if p.kind == "page"] == ["关于我们"]
    assert truth.timezone == "Asia/Shanghai"
    assert len({p.published.strftime("%Y-%m") for p in posts}) >= 6  # spread over months …
    assert len({p.published.strftime("%H:%M") for p in posts}) >= 30  # … and times of day
    assert sum(1 for p in raw["posts"] if p["comments"]) >= 5
    assert sum(1 for p in posts if p.authors != [p.poster]) >= 4  # bylines in the text
    assert sum(1 for p in posts if p.editors) >= 2
    kinds = Counter(kind for kind, _ in truth.listings)
    assert kinds["category"] >= 5 and kinds["tag"] >= 20 and kinds["author"] >= 4
    assert kinds["home"] == 4  # 40 posts, 10 a page
    assert all(p.published.utcoffset().total_seconds() == 8 * 3600 for p in posts)
    assert isinstance(posts[0].published, datetime)


@pytest.mark.parametrize("theme", THEMES)
def test_served_pages_agree_with_the_truth(cms_fixtures, theme):
    """Title, text, prev/next links and the date the truth expects are on every served page."""
    site = cms_fixtures.start_wordpress()
    site.switch_theme(theme)
    truth = site_truth(site.truth())
    problems = {p.url: found for p in truth.articles if (found := disagreements(truth, p))}
    assert not problems
