"""Why a request failed, by kind, and which of a crawl's sites could not be reached at all.

A download that fails at the network level gets one of :data:`NETWORK_KINDS` (``dns``,
``connection_refused``, ``tls``, ``timeout``, ``connection_lost``), whatever exception Scrapy or Twisted
wrapped it in (Scrapy 2.19 wraps Twisted's errors in its own: ``CannotResolveHostError``,
``DownloadConnectionRefusedError``, ``DownloadFailedError`` around a TLS failure...).

A site is **unreachable** for a run when its robots.txt or its start page fails so. Such a site is one
error of the run, not one per page: the first request of the site that fails reports it (one log line,
one ``fetch_errors`` row, counted by kind in ``newsarchiver/errors/<kind>``), the site is noted in the
stats (``newsarchiver/unreachable/<site>`` = kind, what the summary, ``crawl_runs.unreachable`` and the
exit status read), and its other requests are skipped quietly (``newsarchiver/skipped_unreachable``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as tx_errors

#: Network-level failures, the kinds a request (and an unreachable site) is recorded with.
NETWORK_KINDS = ("dns", "connection_refused", "tls", "timeout", "connection_lost")

UNREACHABLE_PREFIX = "newsarchiver/unreachable/"
SKIPPED_UNREACHABLE = "newsarchiver/skipped_unreachable"

# Most specific first: a TLS failure comes wrapped in DownloadFailedError (a lost connection otherwise).
_KINDS: list[tuple[str, tuple[type[BaseException], ...]]] = [
    ("dns", (scrapy_errors.CannotResolveHostError, tx_errors.DNSLookupError)),
    ("connection_refused", (scrapy_errors.DownloadConnectionRefusedError, tx_errors.ConnectionRefusedError)),
    ("tls", (tx_errors.SSLError, tx_errors.CertificateError, tx_errors.VerifyError)),
    ("timeout", (scrapy_errors.DownloadTimeoutError, tx_errors.TimeoutError, tx_errors.TCPTimedOutError)),
]
_LOST = (scrapy_errors.DownloadFailedError, scrapy_errors.ResponseDataLossError, tx_errors.ConnectionLost,
         tx_errors.ConnectError)

try:  # pyOpenSSL comes with Scrapy; a failed handshake is an OpenSSL.SSL.Error inside Twisted's failures
    from OpenSSL.SSL import Error as _OpenSSLError

    _KINDS[2] = ("tls", (*_KINDS[2][1], _OpenSSLError))
except ImportError:  # pragma: no cover
    pass


class SiteUnreachable(IgnoreRequest):
    """A request not sent because its site could not be reached this run (its robots.txt failed so)."""

    def __init__(self, site: str, kind: str, detail: str) -> None:
        super().__init__(f"site {site} unreachable: {kind} ({detail})")
        self.site = site
        self.kind = kind
        self.detail = detail


def network_kind(exc: BaseException | None) -> str | None:
    """The network kind of a download failure (see :data:`NETWORK_KINDS`), or None for any other failure."""
    causes = list(_causes(exc))
    for kind, types in _KINDS:
        if any(isinstance(cause, types) for cause in causes):
            return kind
    if any(isinstance(cause, _LOST) for cause in causes):
        return "connection_lost"
    return None


def _causes(exc: BaseException | None, depth: int = 0) -> Iterator[BaseException]:
    """The exception, what it wraps (``__cause__``) and the reasons of a Twisted ``ResponseFailed``."""
    if exc is None or depth > 8:
        return
    yield exc
    for reason in getattr(exc, "reasons", None) or ():  # twisted.web ResponseFailed / ResponseNeverReceived
        yield from _causes(getattr(reason, "value", None), depth + 1)
    yield from _causes(exc.__cause__ or exc.__context__, depth + 1)


def note_unreachable(stats: Any, site: str, kind: str) -> bool:
    """Note a site as unreachable in the crawl's stats; True the first time (that failure is the one reported)."""
    key = UNREACHABLE_PREFIX + site
    if stats.get_value(key) is not None:
        return False
    stats.set_value(key, kind)
    return True


def unreachable_sites(stats: dict[str, Any]) -> dict[str, str]:
    """The sites a crawl could not reach, with the kind of failure: {site: kind}."""
    return {k[len(UNREACHABLE_PREFIX):]: v for k, v in stats.items() if k.startswith(UNREACHABLE_PREFIX)}
