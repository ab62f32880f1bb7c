"""Exit statuses: the contract that cron, systemd and scripts read from ``newsarchiver crawl``,
``scrapy crawl repost``, ``newsarchiver ingest`` and ``newsarchiver reextract`` (README, "Scheduled crawls").

==========  =========================================================================================
status      meaning
==========  =========================================================================================
0           all well
1           failed: the archive could not be written (disk full, read-only, I/O error, locked past the
            timeout), a bad configuration (a sites file, an archive that is no archive...), Redis lost
            for longer than ``NEWSARCHIVER_REDIS_RETRY_SECONDS``, or a crawl that fetched nothing at all
            (every start site unreachable or refused). Also any crash: Python's own status for an error
2           a usage error: a bad option or argument (click's and Scrapy's own status for it)
3           finished with errors: the work is done, but some pages failed (``errors_by_kind``: 404s,
            timeouts, pages that could not be read or filed) or a site could not be reached
==========  =========================================================================================

A crawl stopped with SIGINT/SIGTERM (``shutdown``) is judged by what it did until then: 0, or 3 with errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # click and Scrapy: a bad command line
EXIT_ERRORS = 3

#: Close reasons of a crawl that failed (its own components stopped it: the archive, Redis).
FAILED_REASONS = frozenset({"archive_failed", "redis_lost"})
#: Stats: how many start sites the crawl was given (the spider sets it).
SITES_STAT = "newsarchiver/sites"


def crawl_verdict(stats: Mapping[str, Any], *, distributed: bool = False) -> tuple[int, str]:
    """The exit status of a crawl from its stats, and why, in a few words."""
    # Imported here, not with the module: both import Scrapy, and `newsarchiver reextract` and `ingest`
    # read this module's exit statuses without crawling.
    from .failures import unreachable_sites
    from .pipelines import errors_by_kind  # the one definition of a crawl's errors

    reason = stats.get("finish_reason")
    if reason is None:
        return EXIT_FAILED, "the crawl did not run"
    if reason in FAILED_REASONS:
        return EXIT_FAILED, f"stopped: {reason}"
    unreachable = unreachable_sites(dict(stats))
    sites = stats.get(SITES_STAT, 0)
    # A distributed crawler fetches what the shared queue gives it, maybe nothing of its own start URLs.
    if not distributed and reason != "shutdown" and sites:
        if len(unreachable) >= sites:
            return EXIT_FAILED, f"nothing fetched: {'the start site was' if sites == 1 else 'every start site was'} unreachable"
        if not stats.get("downloader/response_count", 0):
            return EXIT_FAILED, "nothing fetched at all"
    errors = sum(errors_by_kind(dict(stats)).values())
    if unreachable or errors:
        parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
        if unreachable:
            parts.append(f"{len(unreachable)} site{'s' if len(unreachable) > 1 else ''} unreachable")
        return EXIT_ERRORS, "finished with " + ", ".join(parts)
    return EXIT_OK, "all well"


def crawl_exit_status(stats: Mapping[str, Any], *, distributed: bool = False) -> int:
    """The exit status of a crawl from its stats (see the module's table)."""
    return crawl_verdict(stats, distributed=distributed)[0]
