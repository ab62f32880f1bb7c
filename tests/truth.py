"""Comparing extracted values with the demo world's ground truth."""

from __future__ import annotations

from datetime import datetime, timedelta


def published_matches(found, article) -> bool:
    """To the precision the page shows: the day for "3天前", within the hour for "6小时前", else the minute."""
    if found is None:
        return False
    if found.precision == "day":  # the value is the day as the page wrote it ("2024-05-11"): no time, no zone
        return found.value == article.published.date().isoformat()
    got = datetime.fromisoformat(found.value)
    if article.published_precision == "day":
        return got.date() == article.published.astimezone(got.tzinfo).date()
    if found.precision == "hour":
        return timedelta(0) <= got - article.published < timedelta(hours=1)
    return got.replace(second=0) == article.published.replace(second=0)
