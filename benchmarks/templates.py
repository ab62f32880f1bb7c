"""Site template learning: body precision of a real crawl of the demo sites, with and without it.

Every demo site prints words of its own in the content block of each article (a slogan before the
text, a "set us as your home page" line after it, a newsroom blurb) that no generic boilerplate rule can
know. This serves the bundled demo world on 127.0.0.1 and crawls it twice with `scrapy crawl repost`
into fresh archives, alternately (--rounds times each), side by side in one run:

- ``off``: ``NEWSARCHIVER_TEMPLATE_MIN_STORIES=0`` (the generic extractor alone);
- ``on``: the default (a paragraph in 4 different stories of a site is template).

For every archived copy the body is compared with the demo truth (the article text the site was given):
precision / recall / F1 over character 4-gram shingles (every character a token, as for Chinese in the
extraction benchmark) and the share of bodies that are exactly the truth. Also printed: the stories
with more than one copy (template learning must not break clustering), the template paragraphs learned,
the copies cleaned after the fact, the crawl time of each, and the median time to file one page
through ``Archive.add_page`` with learning off and on (the same extracted pages, in batches of 100).

    .venv/bin/python benchmarks/templates.py [--articles 120] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchiver.demo import build_world  # noqa: E402
from newsarchiver.demo.server import DemoServer  # noqa: E402
from newsarchiver.urls import url_key  # noqa: E402

BIN = Path(sys.executable).parent
BATCH = 100  # NEWSARCHIVER_ARCHIVE_BATCH_SIZE's default
SETTINGS = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
            "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": "False"}


def shingles(text: str, n: int = 4) -> Counter[str]:
    chars = [c for c in text if not c.isspace()]
    return Counter("".join(chars[i:i + n]) for i in range(max(0, len(chars) - n + 1)))


def crawl(urls: list[str], archive: Path, min_stories: int) -> float:
    cmd = [str(BIN / "scrapy"), "crawl", "repost", "-a", "start_urls=" + ",".join(urls),
           "-s", f"NEWSARCHIVER_ARCHIVE={archive}", "-s", f"NEWSARCHIVER_TEMPLATE_MIN_STORIES={min_stories}"]
    for name, value in SETTINGS.items():
        cmd += ["-s", f"{name}={value}"]
    started = time.perf_counter()
    status = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).returncode
    if status not in (0, 3):  # 3: finished with errors (a 404 on a demo site), newsarchiver.outcome
        raise subprocess.CalledProcessError(status, cmd)
    return time.perf_counter() - started


def score(world, base_urls: dict[str, str], archive: Path) -> dict[str, dict[str, float]]:
    conn = sqlite3.connect(archive)
    per_site: dict[str, dict[str, float]] = {}
    try:
        for site in world.sites:
            tp = fp = fn = exact = pages = 0
            for article in site.articles:
                row = conn.execute("SELECT c.body FROM urls u JOIN copies c ON c.id = u.copy_id WHERE u.url = ?",
                                   [url_key(base_urls[site.name].rstrip("/") + article.path)]).fetchone()
                if row is None:
                    continue
                pages += 1
                truth = "\n\n".join(article.paragraphs)
                got, want = shingles(row[0] or ""), shingles(truth)
                common = sum((got & want).values())
                tp += common
                fp += sum(got.values()) - common
                fn += sum(want.values()) - common
                exact += (row[0] or "") == truth
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            per_site[site.name] = {"pages": pages, "articles": len(site.articles), "P": p, "R": r,
                                   "F1": 2 * p * r / (p + r) if p + r else 0.0, "exact": exact / pages if pages else 0.0}
        per_site["_archive"] = {
            "stories_multi": conn.execute("SELECT count(*) FROM stories WHERE copies > 1").fetchone()[0],
            "template_paragraphs": conn.execute("SELECT count(*) FROM site_blocks WHERE stories >= 4").fetchone()[0],
            "copies_cleaned": conn.execute("SELECT count(*) FROM copies WHERE template_removed IS NOT NULL").fetchone()[0],
        }
    finally:
        conn.close()
    return per_site


def filing_cost(world, base_urls: dict[str, str], tmp: Path, rounds: int) -> dict[str, float]:
    """ms per page to file every demo article (extracted once beforehand) through ``Archive.add_page`` in
    batches of the pipeline's default size, learning off and on, alternately, each into a fresh archive;
    the median over rounds."""
    from newsarchiver.archive import Archive
    from newsarchiver.extract import extract_article
    from newsarchiver.items import CrawledPage

    pages = []
    for site in world.sites:
        for article in site.articles:
            url = base_urls[site.name].rstrip("/") + article.path
            status, headers, body = site.render(article.path, base_urls[site.name], world.now)
            charset = headers.get("Content-Type", "").partition("charset=")[2] or None
            pages.append(CrawledPage(article=extract_article(body, url, fetched_at=world.now, encoding=charset),
                                     url=url, fetched_at=world.now.isoformat(), status=200, raw=body))
    times: dict[str, list[float]] = {"off": [], "on": []}
    for n in range(rounds):
        for label, min_stories in (("off", 0), ("on", 4)):
            with Archive(tmp / f"cost-{label}-{n}.db", template_min_stories=min_stories) as archive:
                started = time.perf_counter()
                for lo in range(0, len(pages), BATCH):  # as the pipeline files them
                    with archive.batch():
                        for page in pages[lo:lo + BATCH]:
                            archive.add_page(page)
                        archive.apply_templates()
                times[label].append((time.perf_counter() - started) * 1000 / len(pages))
    return {label: statistics.median(t) for label, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120, help="original articles in the demo world")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2, help="crawls of each kind, alternating (median time)")
    args = parser.parse_args()
    world = build_world(articles=args.articles, seed=args.seed)
    results: dict[str, dict] = {}
    runs: dict[str, list[float]] = {"off": [], "on": []}
    with tempfile.TemporaryDirectory() as tmp, DemoServer(world, port=0) as server:
        urls = [server.base_urls[s.name] for s in world.sites]
        for n in range(max(1, args.rounds)):
            for label, min_stories in (("off", 0), ("on", 4)):
                archive = Path(tmp) / f"{label}-{n}.db"
                runs[label].append(crawl(urls, archive, min_stories))
                results[label] = score(world, server.base_urls, archive)
        cost = filing_cost(world, server.base_urls, Path(tmp), max(1, args.rounds))
    times = {label: statistics.median(t) for label, t in runs.items()}
    print(f"\nDemo world: {args.articles} original articles, seed {args.seed}; "
          f"{sum(len(s.articles) for s in world.sites)} article pages on {len(world.sites)} sites.\n")
    print("| site | pages | templates | body P | body R | body F1 | exact body |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for site in world.sites:
        for label in ("off", "on"):
            r = results[label][site.name]
            print(f"| {site.name} | {r['pages']}/{r['articles']} | {label} | {r['P']:.3f} | {r['R']:.3f} | "
                  f"{r['F1']:.3f} | {r['exact']:.3f} |")
    for label in ("off", "on"):
        a = results[label]["_archive"]
        print(f"\ntemplates {label}: crawl {times[label]:.1f} s (median of {len(runs[label])}); stories with several copies "
              f"{a['stories_multi']}; template paragraphs learned {a['template_paragraphs']}; "
              f"copies with template paragraphs removed {a['copies_cleaned']}")
    print(f"crawl time on/off: {times['on'] / times['off']:.2f}")
    print(f"filing a page (Archive.add_page in batches of {BATCH}, extraction excluded): "
          f"{cost['off']:.2f} ms off, {cost['on']:.2f} ms on; on/off {cost['on'] / cost['off']:.2f}")
    print(json.dumps({k: {s: {m: round(v, 4) for m, v in d.items()} for s, d in r.items()}
                      for k, r in results.items()}, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
