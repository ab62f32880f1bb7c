"""Revisit schedules."""

from datetime import UTC, datetime, timedelta

import pytest

from newsarchiver.schedule import RevisitSchedule, parse_duration

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("text", "seconds"), [("1d", 86400), ("12h", 43200), ("30m", 1800), ("45s", 45),
                                                ("2w", 1209600), (90, 90), (" 1.5h ", 5400)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


def test_bad_duration_says_how_to_write_one():
    with pytest.raises(ValueError, match="30m, 12h, 1d"):
        parse_duration("soon")


def test_schedule_backs_off_then_stops():
    schedule = RevisitSchedule.parse("1d,1d,4d", "60d")
    assert schedule.next_visit(now=T0, first_seen=T0, unchanged_visits=0) == T0 + timedelta(days=1)
    assert schedule.next_visit(now=T0, first_seen=T0, unchanged_visits=2) == T0 + timedelta(days=4)
    assert schedule.next_visit(now=T0, first_seen=T0, unchanged_visits=9) == T0 + timedelta(days=4)
    late = T0 + timedelta(days=58)
    assert schedule.next_visit(now=late, first_seen=T0, unchanged_visits=3) is None
