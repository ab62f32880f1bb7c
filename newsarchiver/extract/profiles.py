"""Site profiles: per-site CSS selectors and timezone, written by users in TOML, no Python needed.

A profile file holds one ``[[site]]`` table per site (format in docs/profiles.md)::

    [[site]]
    domains = ["news.example.com"]        # a domain also matches its subdomains
    timezone = "Asia/Hong_Kong"           # for dates written without a zone
    title = "h1.article-title"            # CSS selectors; every one is optional
    body = "div#article-body"
    authors = ".byline .name"
    published = "span.pubtime"
    remove = [".ad", ".share"]            # subtrees dropped before anything is extracted

``load_profiles(path)`` reads and checks a file (a :class:`ProfileError` names the file and the key of
any mistake), ``ProfileSet.for_url(url)`` picks the profile of a page, and
``extract_article(..., profile=...)`` uses its selectors field by field before the generic extractor,
which fills in whatever the profile leaves out or whose selector matches nothing on the page.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml.cssselect import CSSSelector, SelectorError

from .errors import ExtractionError

__all__ = ["Profile", "ProfileError", "ProfileSet", "load_profiles", "parse_profiles"]

#: Keys a ``[[site]]`` table may hold: name -> (kind, description for error messages).
_SELECTOR_KEYS = ("title", "body", "authors", "published")
_KNOWN_KEYS = frozenset({"domains", "timezone", "remove", "name", *_SELECTOR_KEYS})


class ProfileError(ExtractionError, ValueError):
    """A profile file that cannot be used; the message names the file and the offending key."""


@dataclass(frozen=True)
class Profile:
    """Selectors and timezone for one site. Selector fields are CSS selector strings or ``None``."""

    domains: tuple[str, ...]
    timezone: str | None = None
    title: str | None = None
    body: str | None = None
    authors: str | None = None
    published: str | None = None
    remove: tuple[str, ...] = ()
    name: str | None = None
    #: where the profile came from ("profiles.toml, site 2"), for log messages
    origin: str = ""
    _compiled: dict[str, CSSSelector] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # compiled selectors do not pickle: a worker process (extraction_pool) compiles its own
        return {**self.__dict__, "_compiled": {}}

    def matches(self, host: str) -> bool:
        """True if ``host`` is one of the domains or a subdomain of one."""
        host = _host(host)
        return any(_domain_match(host, d) for d in self.domains)

    def select(self, root: Any, key: str) -> list[Any]:
        """Elements of ``root`` matching the selector of ``key`` (``title``, ``body``, ... or ``remove``)."""
        if key == "remove":
            out: list[Any] = []
            for i, css in enumerate(self.remove):
                out.extend(self._selector(f"remove[{i}]", css)(root))
            return out
        css = getattr(self, key)
        if not css:
            return []
        return self._selector(key, css)(root)

    def _selector(self, key: str, css: str) -> CSSSelector:
        sel = self._compiled.get(key)
        if sel is None:
            sel = self._compiled[key] = CSSSelector(css)
        return sel


@dataclass
class ProfileSet:
    """The profiles of one file; :meth:`for_url` returns the most specific match."""

    profiles: list[Profile] = field(default_factory=list)
    path: str | None = None

    def for_url(self, url: str) -> Profile | None:
        """The profile whose domain matches the URL's host (the longest matching domain wins)."""
        host = _host(urlsplit(url).hostname or "") if "//" in url else _host(url)
        if not host:
            return None
        best: tuple[int, Profile] | None = None
        for profile in self.profiles:
            for d in profile.domains:
                if _domain_match(host, d) and (best is None or len(d) > best[0]):
                    best = (len(d), profile)
        return best[1] if best else None

    def __iter__(self) -> Iterator[Profile]:
        return iter(self.profiles)

    def __len__(self) -> int:
        return len(self.profiles)


def load_profiles(path: str | Path) -> ProfileSet:
    """Read and check a TOML profile file. Raises :class:`ProfileError` naming the file and key."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{p}: cannot read profile file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{p}: profile file is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    return parse_profiles(text, name=str(p))


def parse_profiles(text: str, *, name: str = "<profiles>") -> ProfileSet:
    """Parse profile TOML given as a string (``name`` is used in error messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{name}: not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"site"})
    if unknown:
        raise ProfileError(f"{name}: unknown top-level key {unknown[0]!r} (profiles go in [[site]] tables)")
    sites = data.get("site", [])
    if not isinstance(sites, list) or not all(isinstance(s, dict) for s in sites):
        raise ProfileError(f"{name}: 'site' must be an array of tables, written [[site]]")
    profiles = [_profile(site, f"{name}: [[site]] #{i + 1}") for i, site in enumerate(sites)]
    seen: dict[str, str] = {}
    for profile in profiles:
        for d in profile.domains:
            if d in seen:
                raise ProfileError(f"{profile.origin}: domain {d!r} is already used by {seen[d]}")
            seen[d] = profile.origin
    return ProfileSet(profiles, name)


def _profile(site: dict[str, Any], where: str) -> Profile:
    unknown = sorted(set(site) - _KNOWN_KEYS)
    if unknown:
        raise ProfileError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KNOWN_KEYS))})")
    if "domains" not in site:
        raise ProfileError(f"{where}: missing key 'domains' (a list of host names)")
    domains_raw = site["domains"]
    if isinstance(domains_raw, str):
        domains_raw = [domains_raw]
    if not isinstance(domains_raw, list) or not domains_raw or not all(isinstance(d, str) for d in domains_raw):
        raise ProfileError(f"{where}: key 'domains' must be a non-empty list of host names")
    domains = []
    for d in domains_raw:
        host = _host(urlsplit(d).hostname or "") if "//" in d else _host(d)
        if not host or " " in host or "/" in host:
            raise ProfileError(f"{where}: key 'domains': {d!r} is not a host name")
        domains.append(host)
    tz = site.get("timezone")
    if tz is not None:
        if not isinstance(tz, str):
            raise ProfileError(f"{where}: key 'timezone' must be a string such as \"Asia/Shanghai\"")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ProfileError(f"{where}: key 'timezone': unknown time zone {tz!r}") from exc
    name = site.get("name")
    if name is not None and not isinstance(name, str):
        raise ProfileError(f"{where}: key 'name' must be a string")
    compiled: dict[str, CSSSelector] = {}
    selectors: dict[str, str | None] = {}
    for key in _SELECTOR_KEYS:
        value = site.get(key)
        if value is None:
            selectors[key] = None
            continue
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{where}: key {key!r} must be a CSS selector string")
        compiled[key] = _compile(value, f"{where}: key {key!r}")
        selectors[key] = value.strip()
    remove_raw = site.get("remove", [])
    if isinstance(remove_raw, str):
        remove_raw = [remove_raw]
    if not isinstance(remove_raw, list) or not all(isinstance(r, str) and r.strip() for r in remove_raw):
        raise ProfileError(f"{where}: key 'remove' must be a list of CSS selector strings")
    for i, css in enumerate(remove_raw):
        compiled[f"remove[{i}]"] = _compile(css, f"{where}: key 'remove' item {i + 1}")
    return Profile(
        domains=tuple(domains),
        timezone=tz,
        remove=tuple(r.strip() for r in remove_raw),
        name=name,
        origin=where,
        _compiled=compiled,
        **selectors,
    )


def _compile(css: str, where: str) -> CSSSelector:
    try:
        return CSSSelector(css)
    except (SelectorError, ValueError, TypeError) as exc:
        raise ProfileError(f"{where}: invalid CSS selector {css!r}: {exc}") from exc


def _domain_match(host: str, domain: str) -> bool:
    if host == domain or host.endswith("." + domain):
        return True
    return domain.startswith("www.") and host == domain[4:]  # "www.example.com" also covers example.com


def _host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if ":" in host and not host.startswith("["):
        host = host.split(":", 1)[0]
    return host
