"""Start a CMS fixture by hand, for debugging: it stays up until Ctrl-C.

    .venv/bin/python -m tests.cms.serve wordpress --theme twentytwentyone
    .venv/bin/python -m tests.cms.serve zblogphp --theme tpure      # starts WordPress too (it reposts it)
    .venv/bin/python -m tests.cms.serve zblogphp --truth truth.json # also write the truth the tests use

Prints each site's URL, the start-up time and where its files and logs are (``--keep DIR`` keeps them).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from dataclasses import asdict
from pathlib import Path

from .fixtures import CmsFixtures, missing
from .truth import THEMES, site_truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.cms.serve", description=__doc__.splitlines()[0])
    parser.add_argument("cms", choices=("wordpress", "zblogphp"))
    parser.add_argument("--theme", help="one of: " + ", ".join(f"{c}/{t}" for c, t in THEMES))
    parser.add_argument("--keep", type=Path, help="an empty directory for the sites' files (kept afterwards)")
    parser.add_argument("--truth", type=Path, help="write the site's truth (as the tests see it) to this file")
    args = parser.parse_args(argv)
    if args.theme and (args.cms, args.theme) not in THEMES:
        parser.error(f"{args.cms} has no fixture theme {args.theme}")
    reason = missing(args.cms)
    if reason:
        print(f"cannot start {args.cms}: {reason}", file=sys.stderr)
        return 1
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"{args.keep} is not empty")
    fixtures = CmsFixtures(args.keep, keep=args.keep is not None)
    try:
        wp = fixtures.start_wordpress()
        site = fixtures.start_zblog() if args.cms == "zblogphp" else wp
        if args.theme:
            site.switch_theme(args.theme)
        for name, steps in fixtures.startup_seconds().items():
            print(f"{name}: started in {steps['total']:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in steps.items())})")
        print(f"WordPress ({wp.theme}): {wp.url}   files: {wp.base}")
        if fixtures.zblog is not None:
            print(f"Z-BlogPHP ({fixtures.zblog.theme}): {fixtures.zblog.url}   files: {fixtures.zblog.base}")
        if args.truth:
            truth = site_truth(site.truth())
            args.truth.write_text(json.dumps(asdict(truth), ensure_ascii=False, indent=1, default=str),
                                  encoding="utf-8")
            print(f"truth: {args.truth}")
        print("Ctrl-C stops the servers.", flush=True)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        fixtures.close()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops the servers as Ctrl-C does
    sys.exit(main())
