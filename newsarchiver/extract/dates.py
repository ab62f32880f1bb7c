"""Parse the many ways Chinese and English pages write a date.

The common forms are read with compiled regexes (tables in :mod:`.patterns`); dateparser is only a
fallback for short, unusual strings, because it is slow and misreads Chinese without language hints
("12月28日 10:05" becomes 2012-11-28).

Conventions: naive dates take the page's timezone; a UTC stamp (``Z``/``+00:00``) is shown in the page's
timezone (pages write local wall-clock time, machines write UTC); any other explicit offset is kept as
written. A value is only as precise as the page: ``2019-09-25`` (precision "day") when no time of day was
shown, ``2019-09`` ("month") for a stamp that names only the month, a full ISO timestamp with offset
otherwise ("minute"/"second"; "hour" for "N小时前", the latest instant it allows).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..items import DateFound
from .errors import ExtractionError
from .patterns import (
    AMPM_OFFSETS,
    CN_DIGITS,
    DATE_LABEL_RE,
    DATE_PATTERNS,
    FULLWIDTH_MAP,
    MAYBE_DATE_RE,
    MONTHS_EN,
    NUMERIC_DATE_RE,
    RELATIVE_UNIT_SECONDS,
    LOCAL_TZ_ABBREV_MINUTES,
    TZ_ABBREV_MINUTES,
    TZ_OFFSET_RE,
    YEAR_MONTH_RE,
)

logger = logging.getLogger(__name__)

__all__ = ["parse_date", "find_dates", "DateMatch", "TimezoneError", "check_timezone", "normalise_text"]

MIN_YEAR = 1990


class TimezoneError(ExtractionError):
    """A timezone name that cannot be loaded: misspelt, or no timezone database (install ``tzdata``)."""


@dataclass(frozen=True)
class DateMatch:
    """A date found inside a longer text."""

    start: int
    end: int
    found: DateFound


def normalise_text(text: str) -> str:
    """Full-width digits/colons/spaces to ASCII, one char for one char (offsets stay valid)."""
    return text.translate(FULLWIDTH_MAP)


@lru_cache(maxsize=64)
def _zone(name: str | None) -> tzinfo:
    if not name:
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        # never UTC in its place: every date of the page would be silently hours off
        raise TimezoneError(
            f"cannot load time zone {name!r} ({exc.__class__.__name__}: {exc}); is it spelt right, and is the "
            "tzdata package installed?"
        ) from exc


def check_timezone(name: str) -> None:
    """Raise :class:`TimezoneError` if ``name`` cannot be loaded."""
    _zone(name)


def _cn_number(s: str) -> int:
    """二〇二二 -> 2022 (digit by digit); 二十八 -> 28; 十二 -> 12."""
    if len(s) == 4 and "十" not in s:
        return int("".join(str(CN_DIGITS.get(c, 0)) for c in s))
    if "十" in s:
        left, _, right = s.partition("十")
        tens = CN_DIGITS.get(left, 1) if left else 1
        ones = CN_DIGITS.get(right, 0) if right else 0
        return tens * 10 + ones
    return CN_DIGITS.get(s, 0)


def _explicit_tz(raw: str | None, zone: tzinfo | None = None, when: datetime | None = None) -> tzinfo | None:
    """The zone a date writes out ("+08:00", "GMT+8", "EST"). An abbreviation that means something else in
    the page's zone is read as that zone means it ("CST" on a page in a +08:00 zone: China Standard Time)."""
    if not raw:
        return None
    raw = raw.strip()
    upper = raw.upper()
    local = LOCAL_TZ_ABBREV_MINUTES.get(upper)
    if local is not None and zone is not None:
        offset = zone.utcoffset(when or datetime(2000, 1, 1))
        if offset is not None and offset == timedelta(minutes=local):
            return timezone(offset)
    if upper in TZ_ABBREV_MINUTES:
        return timezone(timedelta(minutes=TZ_ABBREV_MINUTES[upper]))
    if upper.startswith(("GMT", "UTC")):
        raw = raw[3:].strip() or "+00:00"
    m = TZ_OFFSET_RE.match(raw.replace(" ", ""))
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def _hour24(hour: int, marker: str | None) -> int:
    if not marker:
        return hour
    rule = AMPM_OFFSETS.get(marker) or AMPM_OFFSETS.get(marker.upper().replace(" ", ""))
    if rule is None:
        rule = "pm" if marker.lower().startswith("p") else "am"
    if rule == "pm":
        return hour + 12 if hour < 12 else hour
    if rule == "am":
        return 0 if hour == 12 else hour
    # noon (中午): 12 stays, 1-5 are afternoon
    return hour + 12 if 1 <= hour <= 5 else hour


def _finish(
    dt: datetime,
    precision: str,
    raw: str,
    origin: str,
    now: datetime,
    zone: tzinfo,
    convert_utc: bool = True,
    relative: bool = False,
) -> DateFound | None:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone)
    elif convert_utc and dt.utcoffset() == timedelta(0) and zone is not timezone.utc:
        # Machine stamps (Z, +00:00) are shown in the page's zone; a written "GMT" is kept as written.
        dt = dt.astimezone(zone)
    if dt.year < MIN_YEAR or dt > now + timedelta(days=1):
        return None
    if precision in ("day", "month"):
        # the page gives no time of day: the value says so ("2019-09-25", "2019-09"), no midnight is invented
        value = dt.date().isoformat()[: 10 if precision == "day" else 7]
        return DateFound(value=value, raw=raw.strip(), origin=origin, precision=precision, relative=relative)
    if precision in ("minute", "hour"):
        dt = dt.replace(second=0, microsecond=0)
    else:
        dt = dt.replace(microsecond=0)
    return DateFound(value=dt.isoformat(), raw=raw.strip(), origin=origin, precision=precision, relative=relative)


def _time_part(g: dict[str, str | None]) -> tuple[int, int, int, str] | None:
    """(hour, minute, second, precision) from regex groups, or None if no time was written."""
    if not g.get("H"):
        return None
    hour = _hour24(int(g["H"]), g.get("ap") or g.get("ap2"))
    minute = int(g["M"] or 0)
    second = int(g["S"]) if g.get("S") else 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second, ("second" if g.get("S") else "minute")


def _build(kind: str, m: re.Match[str], now: datetime, zone: tzinfo, origin: str) -> DateFound | None:
    g = m.groupdict()
    raw = m.group(0)
    local_now = now.astimezone(zone)
    try:
        if kind in ("ymd", "cn_ymd", "compact", "en_mdy", "en_dmy", "cn_numeral_ymd", "dotted_dmy"):
            if kind == "cn_numeral_ymd":
                year, month, day = _cn_number(g["y"]), _cn_number(g["m"]), _cn_number(g["d"])
            else:
                year, day = int(g["y"]), int(g["d"])
                month = MONTHS_EN[g["mon"][:4].lower().rstrip(".")] if g.get("mon") else int(g["m"])
            tp = _time_part(g) if kind != "cn_numeral_ymd" else None
            tz = _explicit_tz(g.get("tz"), zone, datetime(year, month, day)) or None
            if tp is None:
                return _finish(datetime(year, month, day), "day", raw, origin, now, zone)
            dt = datetime(year, month, day, tp[0], tp[1], tp[2], tzinfo=tz)
            written_utc = (g.get("tz") or "").upper().startswith(("GMT", "UTC"))
            return _finish(dt, tp[3], raw, origin, now, zone, convert_utc=not written_utc)
        if kind == "numeric_dmy_mdy":
            a, b, year = int(g["a"]), int(g["b"]), int(g["y"])
            us_clock = bool(g.get("ap2") or g.get("ap"))
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a or (a == b or us_clock) and a <= 12 and b <= 12:
                # both orders possible: a 12-hour clock ("5:54:13 AM") marks the US month-first order
                month, day = a, b
            else:
                return None
            tp = _time_part(g)
            if tp is None:
                return _finish(datetime(year, month, day), "day", raw, origin, now, zone)
            dt = datetime(year, month, day, tp[0], tp[1], tp[2], tzinfo=_explicit_tz(g.get("tz"), zone, datetime(year, month, day)))
            return _finish(dt, tp[3], raw, origin, now, zone)
        if kind in ("cn_md", "md_time"):
            month, day = int(g["m"]), int(g["d"])
            tp = _time_part(g)
            hour, minute, second, precision = tp if tp else (0, 0, 0, "day")
            year = local_now.year
            dt = datetime(year, month, day, hour, minute, second, tzinfo=zone)
            if dt > local_now + timedelta(minutes=5):  # latest year that keeps the date in the past
                dt = dt.replace(year=year - 1)
            return _finish(dt, precision, raw, origin, now, zone)
        if kind == "rel_day":
            back = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2, "前日": 2}
            day = (local_now - timedelta(days=back[g["rel"].lower()])).replace(tzinfo=None)
            tp = _time_part(g)
            if tp is None:
                return _finish(day, "day", raw, origin, now, zone, relative=True)
            dt = day.replace(hour=tp[0], minute=tp[1], second=tp[2])
            return _finish(dt, tp[3], raw, origin, now, zone, relative=True)
        if kind in ("rel_ago", "en_ago"):
            n_raw = g["n"].lower()
            n = {"半": 0.5, "一": 1, "两": 2, "几": 3, "a": 1, "an": 1}.get(n_raw)
            n = float(n_raw) if n is None else n
            unit = g["unit"].lower()
            seconds = RELATIVE_UNIT_SECONDS.get(unit) or RELATIVE_UNIT_SECONDS.get(unit.rstrip("钟鐘"), 86400)
            dt = local_now - timedelta(seconds=n * seconds)
            # "6小时前" says 6-7 hours ago: the value is the latest instant it allows, to the minute,
            # and the precision tells readers how far to trust it.
            precision = "day" if seconds >= 86400 else "hour" if seconds >= 3600 else "minute"
            return _finish(dt.replace(tzinfo=None), precision, raw, origin, now, zone, relative=True)
        if kind == "just_now":
            return _finish(local_now.replace(tzinfo=None), "minute", raw, origin, now, zone, relative=True)
    except (ValueError, OverflowError, KeyError):
        return None
    return None


def _iter_matches(norm: str, now: datetime, zone: tzinfo, origin: str):
    """All non-overlapping date matches, earlier table entries winning overlaps."""
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(norm):
            s, e = m.span()
            # trailing whitespace eaten by optional groups is not part of the date
            while e > s and norm[e - 1].isspace():
                e -= 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            found = _build(kind, m, now, zone, origin)
            if found is None:
                continue
            taken.append((s, e))
            yield s, e, found


def find_dates(
    text: str, *, now: datetime, tz: str | None = "Asia/Shanghai", origin: str = "text"
) -> list[DateMatch]:
    """Every date written inside ``text`` (regex forms only), in text order."""
    if not text or not MAYBE_DATE_RE.search(text):
        return []
    norm = normalise_text(text)
    zone = _zone(tz)
    out = [
        DateMatch(s, e, DateFound(found.value, text[s:e].strip(), found.origin, found.precision, found.relative))
        for s, e, found in _iter_matches(norm, now, zone, origin)
    ]
    out.sort(key=lambda d: d.start)
    return out


def parse_date(
    text: str, *, now: datetime, tz: str | None = "Asia/Shanghai", origin: str = "text"
) -> DateFound | None:
    """Parse one date string (optionally with a leading label); None if it holds no plausible date."""
    if not text:
        return None
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    stripped = DATE_LABEL_RE.sub("", text.strip(), count=1)
    matches = find_dates(stripped, now=now, tz=tz, origin=origin)
    if matches:
        # The earliest match is the one the label refers to ("发布时间：… 更新时间：…").
        return matches[0].found
    month = YEAR_MONTH_RE.fullmatch(stripped.strip())
    if month:
        # a stamp known only to the month ("2019-09", "2019年9月"): kept to the month, never a day
        try:
            return _finish(datetime(int(month.group("y")), int(month.group("m")), 1), "month", stripped, origin,
                           now, _zone(tz))
        except ValueError:
            return None
    return _dateparser_fallback(stripped, now=now, tz=tz, origin=origin)


_LETTER_RE = re.compile(r"[A-Za-z]{3,}")


def _dateparser_fallback(text: str, *, now: datetime, tz: str | None, origin: str) -> DateFound | None:
    text = text.strip()
    if not text or len(text) > 80 or not any(c.isdigit() for c in text):
        return None
    if NUMERIC_DATE_RE.search(text):
        return None  # a numeric date our regexes saw and rejected (implausible): dateparser won't do better
    try:
        import dateparser  # imported lazily: it is slow to import and rarely needed
    except ImportError:  # pragma: no cover
        return None
    languages = ["zh", "en"] if re.search(r"[\u4e00-\u9fff]", text) else ["en", "fr", "de", "es", "pt", "it"]
    settings = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": now.astimezone(_zone(tz)).replace(tzinfo=None),
        "TIMEZONE": tz or "UTC",
        "STRICT_PARSING": False,
    }
    try:
        dt = dateparser.parse(text, languages=languages, settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on junk input
        return None
    if dt is None:
        return None
    has_time = bool(re.search(r"\d{1,2}[:h]\d{2}|\d\s*[ap]\.?m", text, re.IGNORECASE))
    precision = "minute" if has_time else "day"
    if not has_time and not _LETTER_RE.search(text) and not re.search(r"\d{4}", text):
        return None
    return _finish(dt, precision, text, origin, now, _zone(tz))
