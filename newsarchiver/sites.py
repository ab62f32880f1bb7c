"""The sites file: what a scheduled crawl covers, as TOML a user edits without Python.

    [defaults]                      # optional: applies to every site
    revisit = "6h,6h,12h,1d,1d,2d,2d,4d"   # intervals between revisits of an unchanged article page
    revisit_stop = "60d"            # no revisits once a page was first seen this long ago

    [[site]]
    name = "今日快报网"              # optional label
    start_urls = ["https://kuaibao.example.com/"]
    timezone = "Asia/Shanghai"      # optional: for dates the site writes without one
    revisit = "6h,1d,2d"            # optional: this site's own schedule
    profile = "profiles.toml"       # optional: a site-profiles file (docs/profiles.md), relative to this file

``newsarchiver crawl --sites sites.toml`` crawls them all in one run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schedule import DEFAULT_INTERVALS, RevisitSchedule
from .urls import check_start_url, site_of


class SitesFileError(ValueError):
    """The sites file cannot be used; the message names the file and the entry."""


@dataclass
class SiteEntry:
    start_urls: list[str]
    name: str | None = None
    timezone: str | None = None
    revisit: str | None = None
    profile: Path | None = None


@dataclass
class SitesFile:
    path: Path
    sites: list[SiteEntry] = field(default_factory=list)
    revisit: str = DEFAULT_INTERVALS
    revisit_stop: str = "60d"

    @property
    def start_urls(self) -> list[str]:
        return [url for site in self.sites for url in site.start_urls]

    def settings(self) -> dict[str, Any]:
        """Scrapy settings that carry the file's per-site options to the spider and pipelines."""
        timezones, revisits, profiles = {}, {}, []
        for site in self.sites:
            for url in site.start_urls:
                if site.timezone:
                    timezones[site_of(url)] = site.timezone
                if site.revisit:
                    revisits[site_of(url)] = site.revisit
            if site.profile and str(site.profile) not in profiles:
                profiles.append(str(site.profile))
        out: dict[str, Any] = {"NEWSARCHIVER_REVISIT": self.revisit, "NEWSARCHIVER_REVISIT_STOP": self.revisit_stop}
        if timezones:
            out["NEWSARCHIVER_SITE_TIMEZONES"] = timezones
        if revisits:
            out["NEWSARCHIVER_SITE_REVISIT"] = revisits
        if profiles:
            out["NEWSARCHIVER_PROFILES"] = profiles
        return out


def load_sites(path: str | Path) -> SitesFile:
    """Read a sites file; SitesFileError naming the file and the entry for anything that is not as documented
    (a value of the wrong type included: ``defaults = 5``, ``timezone = 5`` ...)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise SitesFileError(f"{path}: no such sites file") from None
    except IsADirectoryError:
        raise SitesFileError(f"{path}: is a directory, not a sites file") from None
    except OSError as exc:
        raise SitesFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SitesFileError(f"{path}: not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise SitesFileError(f"{path}: not valid TOML: {exc}") from None
    defaults = _table(path, "[defaults]", data.get("defaults", {}))
    unknown = set(defaults) - {"revisit", "revisit_stop"}
    if unknown:
        raise SitesFileError(f"{path}: [defaults]: unknown key(s) {', '.join(sorted(unknown))}")
    result = SitesFile(path, revisit=_text(path, "[defaults]", defaults, "revisit") or DEFAULT_INTERVALS,
                       revisit_stop=_text(path, "[defaults]", defaults, "revisit_stop") or "60d")
    _check_schedule(path, "[defaults]", result.revisit, result.revisit_stop)
    entries = data.get("site", [])
    if not isinstance(entries, list) or not entries:
        raise SitesFileError(f"{path}: no [[site]] entries: add one with start_urls = [\"https://...\"]")
    for number, entry in enumerate(entries, 1):
        where = f"[[site]] #{number}"
        entry = _table(path, where, entry)
        name = _text(path, where, entry, "name")
        where += f" ({name})" if name else ""
        urls = entry.get("start_urls")
        if isinstance(urls, str):
            urls = [urls]
        if not urls or not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise SitesFileError(f"{path}: {where}: start_urls must be a list of http(s) URLs")
        for url in urls:
            try:
                check_start_url(url)
            except ValueError as exc:
                raise SitesFileError(f"{path}: {where}: start_urls must be a list of http(s) URLs: {exc}") from None
        unknown = set(entry) - {"name", "start_urls", "timezone", "revisit", "profile"}
        if unknown:
            raise SitesFileError(f"{path}: {where}: unknown key(s) {', '.join(sorted(unknown))}")
        revisit = _text(path, where, entry, "revisit")
        if revisit:
            _check_schedule(path, where, revisit, result.revisit_stop)
        timezone = _text(path, where, entry, "timezone")
        if timezone:
            _check_timezone(path, where, timezone)
        profile_name = _text(path, where, entry, "profile")
        profile = (path.parent / profile_name) if profile_name else None
        if profile is not None and not profile.is_file():
            raise SitesFileError(f"{path}: {where}: profile file {profile} does not exist")
        result.sites.append(SiteEntry(list(urls), name, timezone, revisit, profile))
    return result


def _table(path: Path, where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        kind = "[[site]]" if where.startswith("[[site]]") else where
        raise SitesFileError(f"{path}: {where}: must be a table ({kind} with keys), not {_toml_type(value)} "
                             f"{value!r}")
    return value


def _text(path: Path, where: str, table: dict[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise SitesFileError(f"{path}: {where}: {key} must be a string (in quotes), not {_toml_type(value)} "
                             f"{value!r}")
    return value


def _toml_type(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "a table"}.get(
        type(value), "a date" if hasattr(value, "isoformat") else type(value).__name__)


def _check_schedule(path: Path, where: str, revisit: str, stop: str) -> None:
    try:
        RevisitSchedule.parse(revisit, stop)
    except ValueError as exc:
        raise SitesFileError(f"{path}: {where}: {exc}") from None


def _check_timezone(path: Path, where: str, name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SitesFileError(f"{path}: {where}: unknown timezone {name!r} (use an IANA name such as "
                             "Asia/Shanghai)") from None
