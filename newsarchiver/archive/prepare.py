"""The pure part of filing a page, computed away from the archive's single writer.

Filing a page (``Filing.add_page``) spends most of its Python time on values that depend only on the
page: the MinHash signature and LSH band keys of its text, its fingerprint, the search index's tokens of
its title and body, the template keys of its paragraphs. :func:`prepare` computes them wherever the page
was extracted — a crawler of a distributed crawl before it pushes the item to Redis, a worker process of a
local crawl — and attaches them to the page (``CrawledPage.prepared``); the writer then only writes rows.

One thing is not the page's own: before the fingerprint, signature and tokens are taken, the writer takes
the site's learned template paragraphs out of the body (``SiteTemplate.split``), and which paragraphs
those are depends on the archive. So the values are kept per paragraph as well as for the whole body:

* ``paragraphs[i]``: for the i-th paragraph of ``body_paragraphs(body)``, its template key, its normalised
  text (``normalise_text`` pieces), its search tokens and the MinHash signature of the shingles that lie
  inside it;
* the writer keeps the paragraphs the template leaves, joins their normalised texts (the fingerprint is a
  hash of that), joins their tokens, and takes the element-wise minimum of their signatures with the
  signature of the few shingles that cross from one kept paragraph into the next: a MinHash of a union is
  the minimum of the MinHashes of its parts, so the result is bit for bit the signature ``neardup`` makes
  of the whole text (``tests/test_prepare.py`` checks both, and that an archive filed with and without
  prepared values holds the same rows).

Trust: prepared values are checked, never believed. They name the version of this module and the
MinHash scheme (``neardup.scheme_id``) that made them, and a digest of the title and body they were
computed from: values of another version, scheme or text are ignored and the writer computes its own.
From Redis they are plain JSON (:meth:`Prepared.to_json` / :func:`from_json`) checked field by field for
type and size; every ``SPOT_CHECK_EVERY``-th prepared page is computed again by the writer and compared,
so a producer that computes wrong values under the right digest is caught (logged and counted) too.

No SQLite here: this module is imported by crawlers and worker processes; :func:`prepare` is a
module-level function of plain data, so it can be handed to a process pool.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import unicodedata
import zlib
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..extract import templates
from ..items import CrawledPage
from . import neardup
from .neardup import SHINGLE
from .search import index_text

#: The version of the values and of the way they are made: a writer ignores values of another version.
VERSION = 1
#: The writer computes every n-th prepared page again and compares (a wrong producer is found, not trusted).
SPOT_CHECK_EVERY = 50

_SIG_BYTES = neardup.NUM_PERM * 4
_MAX_KEY = 2**63  # block keys are 63-bit (extract.templates.block_key)


class PreparedInvalid(ValueError):
    """Prepared values that cannot be used for this page (malformed, another version or scheme, another text)."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the body: template key (None: too short to judge), normalised text, search tokens,
    and the signature of the shingles inside it (the empty MinHash's values when it has none)."""

    key: int | None
    normalised: str
    tokens: str
    signature: bytes


@dataclass(frozen=True)
class Prepared:
    """What filing needs of a page that depends on the page alone."""

    version: int
    scheme: str
    digest: str  # of the title and body these values were computed from (:func:`text_digest`)
    fingerprint: str | None  # of the whole body, as extracted (stories.fingerprint)
    signature: bytes  # of the whole body (neardup.text_signature)
    band_keys: tuple[int, ...]  # neardup.band_keys(signature)
    title_tokens: str  # search.index_text(title)
    body_tokens: str  # search.index_text(body)
    #: per paragraph of ``body_paragraphs(body)``; None when the body's paragraphs cannot be recombined
    #: exactly (see :func:`_paragraph_pieces`): then a body that loses template paragraphs is computed anew
    paragraphs: tuple[Paragraph, ...] | None

    @property
    def keys(self) -> list[int | None] | None:
        return None if self.paragraphs is None else [p.key for p in self.paragraphs]

    # -- the values of the body the writer files -----------------------------------------------------------
    def for_kept(self, kept: list[int] | None) -> Filed | None:
        """The values of the body made of the paragraphs ``kept`` (indexes; None: the whole body as
        extracted). None when they cannot be made from the pieces (the writer computes them itself)."""
        if kept is None:
            return Filed(self.fingerprint, self.signature, self.band_keys, self.body_tokens, None)
        if self.paragraphs is None:
            return None
        parts = [self.paragraphs[i] for i in kept]
        norm = "".join(p.normalised for p in parts)
        sig = _combined_signature(norm, parts)
        return Filed(neardup.fingerprint_normalised(norm), sig, tuple(neardup.band_keys(sig)),
                     " ".join(p.tokens for p in parts if p.tokens), norm)

    # -- over the wire --------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (bytes as base64) for an item pushed to Redis; :func:`from_json` reads it back."""
        data: dict[str, Any] = {
            "version": self.version, "scheme": self.scheme, "digest": self.digest, "fingerprint": self.fingerprint,
            "signature": base64.b64encode(self.signature).decode("ascii"), "band_keys": list(self.band_keys),
            "title_tokens": self.title_tokens, "body_tokens": self.body_tokens, "paragraphs": None,
        }
        if self.paragraphs is not None:
            data["body_tokens"] = None  # the paragraphs' tokens joined: not sent twice
            data["paragraphs"] = {
                "keys": [p.key for p in self.paragraphs],
                "normalised": [p.normalised for p in self.paragraphs],
                "tokens": [p.tokens for p in self.paragraphs],
                "signatures": base64.b64encode(b"".join(p.signature for p in self.paragraphs)).decode("ascii"),
            }
        return data


@dataclass(frozen=True)
class Filed:
    """The values of the body the writer files (after the site template is taken out)."""

    fingerprint: str | None
    signature: bytes
    band_keys: tuple[int, ...]
    body_tokens: str
    normalised: str | None  # the normalised text, when it was built (the near-duplicate check reuses it)


# -- computing --------------------------------------------------------------------------------------------
def prepare(page: CrawledPage) -> CrawledPage:
    """The page with its prepared values attached (``page.prepared``); any other item as it is."""
    if not isinstance(page, CrawledPage):
        return page
    return replace(page, prepared=prepare_values(page.article.title, page.article.body))


def prepare_values(title: str | None, body: str | None) -> Prepared:
    """Everything filing computes from a page's title and body alone."""
    body = body or ""
    norm = neardup.normalise_text(body)
    hashes = neardup.shingle_hashes(norm)  # every shingle of the text, by position: the whole and its paragraphs
    sig = neardup.signature_of_hashes(hashes) if len(norm) > SHINGLE else neardup.signature({norm} if norm else set())
    paragraphs = _paragraph_pieces(body, norm, hashes)
    body_tokens = " ".join(p.tokens for p in paragraphs if p.tokens) if paragraphs is not None else index_text(body)
    return Prepared(VERSION, neardup.scheme_id(), text_digest(title, body), neardup.fingerprint_normalised(norm),
                    sig, tuple(neardup.band_keys(sig)), index_text(title), body_tokens, paragraphs)


def text_digest(title: str | None, body: str | None) -> str:
    """What prepared values are keyed to: a digest of the title and body (and this module's version)."""
    h = hashlib.blake2b(digest_size=16, person=b"prepared-v%d" % VERSION)
    h.update((title or "").encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    h.update((body or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _paragraph_pieces(body: str, norm: str, hashes: list[int]) -> tuple[Paragraph, ...] | None:
    """The per-paragraph values, or None when joining the paragraphs' normalised texts does not give the
    body's (``str.lower`` reads a capital sigma by its neighbours, so a paragraph lower-cased alone may
    differ from the same paragraph lower-cased in the text: such a body is computed whole by the writer)."""
    texts = templates.body_paragraphs(body)
    nfkcs = [unicodedata.normalize("NFKC", p) for p in texts]  # once, for the key and the normalised text
    norms = list(map(neardup.normalise_nfkc, nfkcs))
    if "".join(norms) != norm or any("\u03c3" in n or "\u03c2" in n for n in norms):
        return None
    empty = _empty_signature()
    out = []
    offset = 0
    for text, nfkc, pnorm in zip(texts, nfkcs, norms):
        # the shingles inside the paragraph: those starting in it that end in it
        inside = hashes[offset:offset + len(pnorm) - SHINGLE + 1] if len(pnorm) >= SHINGLE else None
        out.append(Paragraph(templates.block_key_nfkc(nfkc), pnorm, index_text(text),
                             neardup.signature_of_hashes(inside) if inside else empty))
        offset += len(pnorm)
    return tuple(out)


def _combined_signature(norm: str, parts: list[Paragraph] | tuple[Paragraph, ...]) -> bytes:
    """``neardup.text_signature`` of the text whose normalised form is ``norm``, the concatenation of the
    parts' normalised texts: the minimum of the parts' signatures and of the shingles across their joins."""
    if len(norm) <= SHINGLE:
        return neardup.signature({norm} if norm else set())
    starts: set[int] = set()
    offset = 0
    last = len(norm) - SHINGLE
    for part in parts[:-1]:
        offset += len(part.normalised)
        starts.update(range(max(0, offset - SHINGLE + 1), min(offset, last + 1)))
    values = [np.frombuffer(p.signature, "<u4") for p in parts if len(p.normalised) >= SHINGLE]
    if starts:
        values.append(np.frombuffer(_signature_of([norm[i:i + SHINGLE] for i in sorted(starts)]), "<u4"))
    if not values:
        return neardup.text_signature(norm)
    return np.minimum.reduce(values).astype("<u4").tobytes()


def _signature_of(pieces: list[str]) -> bytes:
    return neardup.signature_of_hashes(list(map(zlib.crc32, map(str.encode, pieces))))


def _empty_signature() -> bytes:
    return neardup.signature_of_hashes([])


# -- checking ---------------------------------------------------------------------------------------------
def usable(prepared: Any, title: str | None, body: str | None, paragraph_count: int) -> Prepared:
    """``prepared`` (a :class:`Prepared`, or the JSON of one from Redis) checked against the page it came
    with; raises :class:`PreparedInvalid` saying why it cannot be used."""
    if isinstance(prepared, dict):
        prepared = from_json(prepared)
    if not isinstance(prepared, Prepared):
        raise PreparedInvalid(f"not prepared values: {type(prepared).__name__}")
    if prepared.version != VERSION:
        raise PreparedInvalid(f"version {prepared.version!r}, this writer makes version {VERSION}")
    if prepared.scheme != neardup.scheme_id():
        raise PreparedInvalid(f"MinHash scheme {prepared.scheme[:80]!r}, this writer's is {neardup.scheme_id()!r}")
    if prepared.digest != text_digest(title, body):
        raise PreparedInvalid("computed from another title or body")
    if prepared.paragraphs is not None and len(prepared.paragraphs) != paragraph_count:
        raise PreparedInvalid(f"{len(prepared.paragraphs)} paragraphs, the body has {paragraph_count}")
    return prepared


def from_json(data: Any) -> Prepared:
    """A :class:`Prepared` from untrusted JSON data: every field checked for type and size."""
    if not isinstance(data, dict):
        raise PreparedInvalid("not an object")
    try:
        version, scheme, digest = data["version"], data["scheme"], data["digest"]
        _check(type(version) is int, "version")
        _check(isinstance(scheme, str) and len(scheme) < 200, "scheme")
        _check(isinstance(digest, str) and len(digest) == 32, "digest")
        fingerprint = data["fingerprint"]
        _check(fingerprint is None or (isinstance(fingerprint, str) and len(fingerprint) == 40), "fingerprint")
        signature = _b64(data["signature"], "signature")
        _check(len(signature) == _SIG_BYTES, "signature size")
        band_keys = data["band_keys"]
        _check(isinstance(band_keys, list) and len(band_keys) == neardup.BANDS
               and all(type(k) is int and -2**63 <= k < 2**63 for k in band_keys), "band_keys")
        title_tokens, body_tokens = data["title_tokens"], data["body_tokens"]
        paragraphs = None
        if data["paragraphs"] is not None:
            paragraphs = _paragraphs_from_json(data["paragraphs"])
            if body_tokens is None:
                body_tokens = " ".join(p.tokens for p in paragraphs if p.tokens)
        _check(isinstance(title_tokens, str) and isinstance(body_tokens, str), "tokens")
    except KeyError as exc:
        raise PreparedInvalid(f"missing {exc}") from None
    return Prepared(version, scheme, digest, fingerprint, signature, tuple(band_keys), title_tokens, body_tokens,
                    paragraphs)


def _paragraphs_from_json(data: Any) -> tuple[Paragraph, ...]:
    _check(isinstance(data, dict), "paragraphs")
    keys, norms, tokens = data["keys"], data["normalised"], data["tokens"]
    _check(isinstance(keys, list) and isinstance(norms, list) and isinstance(tokens, list)
           and len(keys) == len(norms) == len(tokens), "paragraph lists")
    _check(all(k is None or (type(k) is int and 0 <= k < _MAX_KEY) for k in keys), "paragraph keys")
    _check(all(isinstance(n, str) for n in norms) and all(isinstance(t, str) for t in tokens), "paragraph texts")
    sigs = _b64(data["signatures"], "paragraph signatures")
    _check(len(sigs) == _SIG_BYTES * len(keys), "paragraph signatures size")
    return tuple(Paragraph(k, n, t, sigs[i * _SIG_BYTES:(i + 1) * _SIG_BYTES])
                 for i, (k, n, t) in enumerate(zip(keys, norms, tokens)))


def _b64(value: Any, name: str) -> bytes:
    _check(isinstance(value, str), name)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise PreparedInvalid(f"{name}: not base64") from None


def _check(ok: bool, name: str) -> None:
    if not ok:
        raise PreparedInvalid(f"malformed {name}")
