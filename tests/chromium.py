"""Drive Debian's chromium through chromedriver (Selenium) for the browser tests and benchmarks/web.py.

``Browser(width)`` opens a headless chromium whose viewport is ``width`` CSS pixels wide (mobile
emulation below 700 px, so the page's ``<meta name=viewport>`` applies as on a phone); ``load(url)``
returns once the DOM is ready and reports the navigation timing; ``screenshot(path)`` saves the
whole page. Nothing is downloaded: chromium and chromedriver are the Debian packages (.ci/run
installs them).
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def available() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return "chromium or chromedriver is missing (apt-get install chromium chromium-driver; .ci/run does it)"
    import importlib.util

    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


class Browser:
    """One headless chromium at a fixed viewport width."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--hide-scrollbars", f"--window-size={width},{height}"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        self.width, self.height = width, height
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 700})

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.driver.quit()

    def load(self, url: str) -> dict[str, float]:
        """Open ``url`` and wait for the DOM; the navigation's timing in ms (Navigation Timing 2):
        ``server`` request sent → last byte of the response, ``dom_ready`` start → DOMContentLoaded end,
        ``load`` start → load event end."""
        self.driver.get(url)
        timing = self.js("""const n = performance.getEntriesByType('navigation')[0];
            return {server: n.responseEnd - n.requestStart, dom_ready: n.domContentLoadedEventEnd,
                    load: n.loadEventEnd, status: n.responseStatus || 0};""")
        return timing

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def count(self, selector: str) -> int:
        return self.js("return document.querySelectorAll(arguments[0]).length", selector)

    def attrs(self, selector: str, name: str) -> list[str | None]:
        return self.js("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                       selector, name)

    def screenshot(self, path: Path, *, full_page: bool = True, max_height: int = 6000) -> Path:
        """A PNG of the page (the whole page, up to ``max_height`` px tall)."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        height = min(int(metrics["cssContentSize"]["height"]), max_height) if full_page else self.height
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": full_page,
            "clip": {"x": 0, "y": 0, "width": self.width, "height": max(height, 1), "scale": 1}})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def keep(path: Path, artifacts: Path) -> None:
    """Copy a screenshot to the artifacts folder (exports/test-artifacts/, git-ignored)."""
    artifacts.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, artifacts / path.name)
