"""Make the README's screenshots (docs/img/story.png, docs/img/network.png) from the demo archive.

Crawls the demo sites (our own text) into a temporary archive, serves it with `newsarchiver serve`,
opens the story with the most copies and the network page in headless chromium at 1100 px and saves
the top of each page (the picture) as PNG.

    .venv/bin/python docs/img/screenshots.py
"""

from __future__ import annotations

import base64
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newsarchiver.demo import build_world  # noqa: E402
from newsarchiver.demo.server import DemoServer  # noqa: E402
from tests.chromium import Browser  # noqa: E402
from tests.e2e import crawl  # noqa: E402
from tests.test_serve import serving  # noqa: E402


def shoot(browser: Browser, url: str, out: Path, bottom_selector: str) -> None:
    browser.load(url)
    bottom = browser.js("const e = document.querySelector(arguments[0]); return e.getBoundingClientRect().bottom "
                        "+ window.scrollY + 12", bottom_selector)
    shot = browser.driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": browser.width, "height": int(bottom), "scale": 1}})
    out.write_bytes(base64.b64decode(shot["data"]))
    print(f"{out}: {out.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "newsarchiver.db"
        with DemoServer(build_world(articles=60, seed=7), port=8701) as server:
            crawl(list(server.base_urls.values()), archive)
        with sqlite3.connect(archive) as db:
            story = db.execute("SELECT id FROM stories ORDER BY copies DESC, sites DESC, id LIMIT 1").fetchone()[0]
        with serving(archive) as base, Browser(1100, 900) as browser:
            shoot(browser, f"{base}/story/{story}", ROOT / "docs" / "img" / "story.png", ".na-figure")
            shoot(browser, f"{base}/network", ROOT / "docs" / "img" / "network.png", ".na-figure")


if __name__ == "__main__":
    main()
