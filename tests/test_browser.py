"""The Datasette UI in a real browser: Debian's headless chromium against `newsarchiver serve` on 127.0.0.1.

Runs a Chinese search through the canned `search` query page (its form submits `?q=TERM`), then opens a
story's `story_timeline` page, and asserts on the rendered DOM. Screenshots of both pages are kept in
the test's tmp dir and in exports/test-artifacts/ (git-ignored). Skipped when /usr/bin/chromium is
missing (.ci/run installs it).
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from pathlib import Path

import lxml.html
import pytest

from .e2e import ROOT, rows
from .test_serve import build_demo_archive, copies_containing, serving, two_char_term

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "exports" / "test-artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium is missing (apt-get install chromium chromium-driver; "
                                       ".ci/run does it)")


def chromium(tmp_path: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1400", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def render(tmp_path: Path, url: str, screenshot: str) -> lxml.html.HtmlElement:
    """The page's DOM after chromium loaded it, and a screenshot of it (tmp dir + exports/test-artifacts)."""
    dom = chromium(tmp_path, "--dump-dom", url).stdout
    shot = tmp_path / screenshot
    chromium(tmp_path, f"--screenshot={shot}", url)
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / screenshot)
    return lxml.html.fromstring(dom)


def table(doc: lxml.html.HtmlElement) -> list[dict[str, str]]:
    """The results table as the page shows it: header text → cell text."""
    head = [th.text_content().strip() for th in doc.xpath("//table[contains(@class,'rows-and-columns')]//th")]
    return [dict(zip(head, (td.text_content().strip() for td in tr.xpath("./td"))))
            for tr in doc.xpath("//table[contains(@class,'rows-and-columns')]/tbody/tr")]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_demo_archive(tmp_path_factory.mktemp("browser") / "demo.db")


def test_chinese_search_and_story_timeline_in_chromium(archive, tmp_path):
    term = two_char_term(archive)
    expected = copies_containing(archive, term)
    with serving(archive) as base:
        search = render(tmp_path, f"{base}/search?" + urllib.parse.urlencode({"q": term}), "search.png")
        assert search.xpath("//h1")[0].text_content().strip() == "Full-text search (Chinese and English)"
        assert search.xpath("//input[@name='q']/@value") == [term]  # the form shows what was searched
        found = table(search)
        assert {int(r["copy_id"]) for r in found} == expected
        assert all(term in r["title"] + r["snippet"] for r in found)

        story, copies, title = rows(archive, "SELECT story_id, copies, title FROM top_stories WHERE copies > 1 "
                                             "LIMIT 1")[0]
        timeline = render(tmp_path, f"{base}/story_timeline?story={story}", "story_timeline.png")
        shown = table(timeline)
        assert len(shown) == copies
        assert [r["position"] for r in shown] == [str(n) for n in range(1, copies + 1)]
        assert {r["title"] for r in shown} >= {title} and sum(r["is_original"] == "1" for r in shown) == 1
        sites = {r[0] for r in rows(archive, "SELECT site FROM story_copies WHERE story_id = ?", story)}
        assert {r["site"] for r in shown} == sites
