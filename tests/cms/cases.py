"""Parametrizing the CMS tests: one test per (theme, assertion), today's failures marked strictly xfail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest


def cases(themes: Iterable[str], checks: Iterable[str], known_failing: dict[tuple[str, str], str]) -> list[Any]:
    """``pytest.param(theme, check)`` for every pair; a pair in ``known_failing`` is
    ``xfail(strict=True, reason=…)``: the suite stays green, and a fix shows up as an XPASS that fails
    the run until its entry is removed."""
    themes, checks = list(themes), list(checks)
    unknown = {key for key in known_failing if key[0] not in themes or key[1] not in checks}
    if unknown:
        raise ValueError(f"known failures for unknown cases: {sorted(unknown)}")
    out = []
    for theme in themes:
        for check in checks:
            reason = known_failing.get((theme, check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(theme, check, marks=marks, id=f"{theme}-{check.replace(' ', '_')}"))
    return out


def target_problem(score: Any, check: str) -> str | None:
    """What keeps ``score`` (a scoring.SiteScore) from the issue's target for ``check``, or None.

    Targets: every post archived; every repost in its original's story; no non-article page archived;
    every other field right on at least 97 % of the posts."""
    from .scoring import target_for

    if check == "non-article pages":
        kinds = sorted({kind for kind, _, _ in score.non_articles})
        if score.non_articles:
            return (f"{len(score.non_articles)} non-article pages archived ({', '.join(kinds)}), e.g. "
                    + ", ".join(url for _, url, _ in score.non_articles[:3]))
        return None
    result = score.fields[check]
    if result.note == "not exported":
        return "not exported"
    if not result.total:
        raise AssertionError(f"{check}: no post to score")
    needed = target_for(check)
    if result.share < needed:
        return (f"{check} right on {result.passed}/{result.total} posts (target {needed:.0%}); "
                f"e.g. {'; '.join(result.failures[:3])}")
    return None
