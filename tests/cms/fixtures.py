"""The two CMS sites, started once, and the crawl rounds that measure them (shared by tests and benchmark).

A *round* switches both sites to a pair of themes, crawls them together into one fresh archive,
exports it and scores each site against its truth. Each (CMS, theme) is scored in the first round that
uses it; the third round re-crawls WordPress only so that Zit's reposts have their originals archived.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import content, wordpress, zblog
from .scoring import SiteScore, crawl_and_export, score_site
from .truth import SiteTruth, site_truth
from .wordpress import WordPressSite
from .zblog import ZBlogSite

#: (WordPress theme, Z-BlogPHP theme) per crawl round.
ROUNDS = (("twentytwentyone", "tpure"), ("twentytwentythree", "default"), ("twentytwentyone", "Zit"))
CASES = (("wordpress", "twentytwentyone"), ("wordpress", "twentytwentythree"),
         ("zblogphp", "tpure"), ("zblogphp", "default"), ("zblogphp", "Zit"))
#: Themes no extraction rule was written against (wordpress.HELD_OUT, zblog.HELD_OUT): measured by
#: `benchmarks/cms.py --held-out` only, as a check that the rules generalise beyond the themes above.
HELD_OUT_ROUNDS = (("twentytwentytwo", "WhitePage"),)
HELD_OUT_CASES = (("wordpress", "twentytwentytwo"), ("zblogphp", "WhitePage"))


@dataclass
class RoundResult:
    themes: tuple[str, str]
    scores: dict[tuple[str, str], SiteScore]
    truths: dict[tuple[str, str], SiteTruth]
    crawl_seconds: float
    workdir: Path


def missing(cms: str) -> str | None:
    """Why ``cms``'s fixture cannot run on this machine, or None. The farm needs WordPress too."""
    if cms == "wordpress":
        return wordpress.missing()
    return zblog.missing() or (f"the Z-BlogPHP farm reposts the WordPress fixture, which cannot run: "
                               f"{wordpress.missing()}" if wordpress.missing() else None)


class CmsFixtures:
    """Starts the sites on first use, runs rounds on demand, stops everything on ``close()``."""

    def __init__(self, base: Path | None = None, keep: bool = False) -> None:
        self.base = base or Path(tempfile.mkdtemp(prefix="newsarchiver-cms-"))
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)  # Apache's children (the web user, when we are root) read the trees below
        self.keep = keep
        self.wordpress: WordPressSite | None = None
        self.zblog: ZBlogSite | None = None
        self.rounds: dict[tuple[str, str], RoundResult] = {}

    def start_wordpress(self) -> WordPressSite:
        if self.wordpress is None:
            site = WordPressSite(self.base / "wordpress", content.wordpress_seed())
            self.wordpress = site  # stopped by close() even if seeding fails half-way
            site.start()
        return self.wordpress

    def start_zblog(self) -> ZBlogSite:
        if self.zblog is None:
            wp = self.start_wordpress()
            wp_truth = wp.truth()
            urls_by_id = {p["id"]: p["url"] for p in wp_truth["posts"]}
            wp_urls = {key: urls_by_id[post_id] for key, post_id in wp.ids["posts"].items()}
            site = ZBlogSite(self.base / "zblog", content.zblog_seed(wp_truth, wp_urls))
            self.zblog = site
            site.start()
        return self.zblog

    def result(self, cms: str, theme: str) -> SiteScore:
        """The score of ``cms`` under ``theme``, from the first round that crawls it."""
        for themes in ROUNDS + HELD_OUT_ROUNDS:
            if dict(zip(("wordpress", "zblogphp"), themes))[cms] == theme:
                return self.run_round(themes).scores[(cms, theme)]
        raise KeyError(f"no round crawls {cms} with {theme}")

    def run_round(self, themes: tuple[str, str]) -> RoundResult:
        if themes in self.rounds:
            return self.rounds[themes]
        wp_theme, zb_theme = themes
        wp = self.start_wordpress()
        wp.switch_theme(wp_theme)
        sites: list[WordPressSite | ZBlogSite] = [wp]
        if missing("zblogphp") is None:
            zb = self.start_zblog()
            zb.switch_theme(zb_theme)
            sites.append(zb)
        truths = {}
        for site in sites:
            truth = site_truth(site.truth())
            truths[(truth.cms, truth.theme)] = truth
        workdir = self.base / f"round-{wp_theme}-{zb_theme}"
        started = time.perf_counter()
        exports = crawl_and_export([site.url for site in sites], workdir)
        scores = {key: score_site(truth, exports, list(truths.values())) for key, truth in truths.items()}
        result = RoundResult(themes, scores, truths, time.perf_counter() - started, workdir)
        self.rounds[themes] = result
        return result

    def startup_seconds(self) -> dict[str, dict[str, float]]:
        out = {}
        if self.wordpress is not None:
            out["wordpress"] = self.wordpress.startup_seconds
        if self.zblog is not None:
            out["zblogphp"] = self.zblog.startup_seconds
        return out

    def close(self) -> None:
        for site in (self.zblog, self.wordpress):
            if site is not None:
                site.stop()
        if not self.keep:
            shutil.rmtree(self.base, ignore_errors=True)
