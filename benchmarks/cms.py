"""Real CMS sites, field by field: today's extractor on WordPress and a Z-BlogPHP repost farm.

Starts the fixtures of tests/cms/ (Debian's WordPress on a private MariaDB and Apache, Z-BlogPHP from
../shared/cms/ on SQLite, both seeded through their own code with our own text), crawls them in three
rounds of themes with the real `scrapy crawl repost`, exports with `newsarchiver export --format jsonl`
and compares every post with the truth read back from the CMS (tests/cms/scoring.py says how).
Prints one table per fixture and theme and writes them into docs/benchmarks.md between
``<!-- cms:start -->`` and ``<!-- cms:end -->`` (``--no-write``: print only). ``--held-out`` adds a round
on themes no extraction rule was written against (WordPress twentytwentytwo, needing Debian's
wordpress-theme-twentytwentytwo, and Z-BlogPHP WhitePage), reported in a section of their own.

    .venv/bin/python benchmarks/cms.py [--no-write] [--failures N] [--keep DIR] [--held-out]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cms.fixtures import CASES, HELD_OUT_CASES, HELD_OUT_ROUNDS, ROUNDS, CmsFixtures, missing  # noqa: E402
from tests.cms.wordpress import HELD_OUT as WP_HELD_OUT, THEMES_DIR  # noqa: E402
from tests.cms.scoring import FIELDS, table  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- cms:start -->", "<!-- cms:end -->"


def held_out_missing() -> str | None:
    """Why the held-out round cannot run here, or None."""
    for theme in WP_HELD_OUT:
        if not (THEMES_DIR / theme / "style.css").exists():
            return f"the WordPress theme {theme} is not installed (apt-get install wordpress-theme-{theme})"
    return missing("zblogphp")


def report(fixtures: CmsFixtures, failures: int, seconds: float, held_out: bool = False) -> str:
    startup = fixtures.startup_seconds()
    parts = [
        "How it was measured: `benchmarks/cms.py` starts both fixtures once (tests/cms/, see "
        "[cms-fixtures.md](cms-fixtures.md)), then per round switches both sites' themes, crawls them together "
        "with `scrapy crawl repost -a start_urls=WORDPRESS,ZBLOG` into a fresh archive and exports it with "
        "`newsarchiver export --format jsonl` (articles, copies and stories records). Rounds: "
        + "; ".join(f"{wp} + {zb}" for wp, zb in ROUNDS)
        + ". Each post is compared with the truth read from the CMS; a post not archived fails every field. "
        "`right` = posts right / posts. Fields:",
        "",
        *[f"- **{name}**: {meaning}" for name, meaning in FIELDS.items()],
        "",
        "Fixture start-up (install + seed, seconds): "
        + "; ".join(f"{cms} " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items()) for cms, steps in startup.items())
        + f". Whole run {seconds:.0f} s; crawl, export and scoring per round: "
        + ", ".join(f"{'+'.join(r.themes)} {r.crawl_seconds:.0f} s" for r in fixtures.rounds.values())
        + f". Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on a 2-core machine shared with other jobs.",
        "",
    ]
    for cms, theme in CASES:
        reason = missing(cms)
        if reason:
            parts += [f"#### {cms} · {theme}", "", f"skipped: {reason}", ""]
            continue
        parts += [table(fixtures.result(cms, theme), failures), ""]
    if held_out:
        parts += ["### Held-out themes", "",
                  "Themes no extraction rule was written against, crawled the same way in a round of their own ("
                  + "; ".join(f"{wp} + {zb}" for wp, zb in HELD_OUT_ROUNDS) + "): a check that the rules "
                  "generalise beyond the five themes above. Z-BlogPHP's os2020 is not here: it is a JavaScript "
                  "application whose HTML holds no post text.", ""]
        for cms, theme in HELD_OUT_CASES:
            parts += [table(fixtures.result(cms, theme), failures), ""]
    return "\n".join(parts).rstrip() + "\n"


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    block = f"{START}\n{text}{END}"
    if START in doc:
        doc = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, doc, flags=re.S)
    else:
        doc = doc.rstrip() + "\n\n## Real CMS sites\n\n" + block + "\n"
    DOC.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help=f"print only; leave {DOC.relative_to(ROOT)} alone")
    parser.add_argument("--failures", type=int, default=0, help="list up to N failing posts per field")
    parser.add_argument("--held-out", action="store_true",
                        help="also crawl the held-out themes (WordPress twentytwentytwo, Z-BlogPHP WhitePage)")
    parser.add_argument("--keep", type=Path, help="keep the sites' trees, logs and archives in this (empty) directory")
    args = parser.parse_args()
    if missing("wordpress"):
        sys.exit(f"cannot run: {missing('wordpress')}")
    if args.held_out and held_out_missing():
        print(f"note: held-out round skipped: {held_out_missing()}", file=sys.stderr)
        args.held_out = False
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"{args.keep} is not empty")
    started = time.perf_counter()
    fixtures = CmsFixtures(args.keep, keep=args.keep is not None)
    try:
        for themes in ROUNDS + (HELD_OUT_ROUNDS if args.held_out else ()):
            fixtures.run_round(themes)
        text = report(fixtures, args.failures, time.perf_counter() - started, args.held_out)
    finally:
        fixtures.close()
    print(text)
    if not args.no_write:
        write_doc(text)
        print(f"written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
