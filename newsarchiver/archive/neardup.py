"""Near-duplicate detection for stories: MinHash over character shingles, LSH bands kept in SQLite.

A repost is rarely the same text to the byte: an ad line added, a sentence changed, a paragraph
dropped. Each copy's body is cut into overlapping character shingles (k=5 over the normalised text,
so punctuation, spacing and width changes do not count), summarised by a MinHash signature
(datasketch), and the signature is cut into BANDS bands of ROWS values. Two copies whose bands agree
anywhere are candidates; a candidate joins a story only if the exact Jaccard similarity of the two
shingle sets reaches the threshold. The band keys live in the ``lsh_bands`` table, indexed, so finding
candidates is a few index lookups whatever the archive's size, across runs and processes.

With ROWS=4 and BANDS=16, the chance that two texts become candidates is 1-(1-J^4)^16:
J=0.5 → 0.64, J=0.6 → 0.88, J=0.7 → 0.99, J=0.8 → 0.9998; verification then decides.

Stored signatures are only comparable with signatures made the same way: datasketch 2.0 changed its
default permutation scheme, and any change of shingling, seed or hashing would too. :func:`scheme_id`
names the way this code makes them, with a digest of a probe signature so that a library that computes
different values under the same names is caught too; the archive records it (``archive_info``,
migration 009) and a writer refuses an archive whose signatures were made another way
(:class:`SchemeMismatch`) until ``newsarchiver migrate --rebuild-signatures`` recomputes them.
"""

from __future__ import annotations

import hashlib
import re
import struct
import threading
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash


SHINGLE = 5
NUM_PERM = 64
ROWS = 4
BANDS = NUM_PERM // ROWS
SEED = 1
#: datasketch's permutation scheme, named explicitly: its default changed in 2.0 (pyproject bounds the version).
PERMUTATION_SCHEME = "affine32"
#: Exact Jaccard similarity of shingle sets at or above which two copies are one story.
DEFAULT_THRESHOLD = 0.5

_NOISE = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=8)  # one body is normalised for its fingerprint and again for its shingles when filed
def normalise_text(text: str) -> str:
    """Letters and digits only, NFKC-folded and lower-cased: the part of a text that makes it that text."""
    return normalise_nfkc(unicodedata.normalize("NFKC", text or ""))


def normalise_nfkc(nfkc: str) -> str:
    """:func:`normalise_text` of a text already NFKC-normalised."""
    return _NOISE.sub("", nfkc).lower()


def shingles(text: str) -> set[str]:
    """Overlapping SHINGLE-character pieces of the normalised text (the whole text when shorter)."""
    return shingles_normalised(normalise_text(text))


def shingles_normalised(norm: str) -> set[str]:
    """:func:`shingles` of a text whose :func:`normalise_text` is ``norm``."""
    if len(norm) <= SHINGLE:
        return {norm} if norm else set()
    return {norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Building the permutations is the slow part of a MinHash: do it once, copy it per text.
    # datasketch is imported here, when a first signature is made: importing it imports scipy and
    # redis.asyncio (datasketch's LSH storage), more than half of the start-up of a command that reads.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, scheme=PERMUTATION_SCHEME)


def signature(shingle_set: set[str]) -> bytes:
    """The MinHash signature of a shingle set, as NUM_PERM little-endian uint32 values.

    Shingles are hashed with CRC-32: stable across processes (signatures are stored) and several
    times faster than datasketch's default SHA-1; the permutations do the mixing."""
    template = _template()
    mh = type(template)(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, permutations=template.permutations,
                 scheme=template.scheme)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return mh.hashvalues.astype("<u4").tobytes()


_local = threading.local()


def signature_of_hashes(hashes: list[int]) -> bytes:
    """The signature of shingles given as the CRC-32 of their UTF-8 (:func:`shingle_hashes`; none: the empty
    MinHash's values)."""
    template = _template()
    mh = getattr(_local, "minhash", None)
    if mh is None:  # one per thread, reset for each signature: building a MinHash costs more than using it
        mh = _local.minhash = type(template)(num_perm=NUM_PERM, seed=SEED, hashfunc=int,
                                             permutations=template.permutations, scheme=template.scheme)
    mh.hashvalues = template.hashvalues  # update_batch makes a new array: the template's is never written
    mh.update_batch(hashes)
    return mh.hashvalues.astype("<u4").tobytes()


def shingle_hashes(norm: str) -> list[int]:
    """The CRC-32 of every SHINGLE-character piece of ``norm`` (UTF-8), by position (repeats included), in
    C-level loops: what :func:`text_signature` hashes."""
    count = len(norm) - SHINGLE + 1
    if count <= 0:
        return []
    pieces = map(norm.__getitem__, map(slice, range(count), range(SHINGLE, count + SHINGLE)))
    return list(map(zlib.crc32, map(str.encode, pieces)))


def fingerprint_normalised(norm: str) -> str | None:
    """``stories.fingerprint`` of a text whose :func:`normalise_text` is ``norm``."""
    return hashlib.sha1(norm.encode("utf-8")).hexdigest() if norm else None


def text_signature(text: str) -> bytes:
    """``signature(shingles(text))`` without building the shingle set: the CRC-32 of every shingle, repeats
    included (a repeated value cannot change a minimum), in C-level loops. Filing signs every copy; only a
    copy with a candidate to verify needs its set (``shingles``)."""
    norm = normalise_text(text)
    if len(norm) <= SHINGLE:
        return signature({norm} if norm else set())
    template = _template()
    count = len(norm) - SHINGLE + 1
    pieces = map(norm.__getitem__, map(slice, range(count), range(SHINGLE, count + SHINGLE)))
    mh = type(template)(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=template.permutations,
                 scheme=template.scheme)  # the values below are CRC-32s already: int() hands them on
    mh.update_batch(list(map(zlib.crc32, map(str.encode, pieces))))
    return mh.hashvalues.astype("<u4").tobytes()


_PROBE = "Near-duplicate probe: 新闻存档的指纹，2024年5月1日。"


@lru_cache(maxsize=1)
def scheme_id() -> str:
    """The name of the way signatures are made here; two archives' signatures compare only when equal."""
    digest = hashlib.blake2b(signature(shingles(_PROBE)), digest_size=6).hexdigest()
    return (f"minhash-{PERMUTATION_SCHEME}-perm{NUM_PERM}-seed{SEED}-crc32-k{SHINGLE}-nfkc:{digest}")


def estimated_similarity(a: bytes, b: bytes) -> float:
    """Jaccard similarity estimated from two signatures: the share of equal MinHash values."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


#: Candidates whose estimated similarity is this far below the threshold are not verified exactly
#: (the estimate's standard error with 64 values is at most 0.0625).
ESTIMATE_MARGIN = 0.2


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per band (band number included, so bands never collide)."""
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * width : (band + 1) * width], digest_size=8,
                                 person=struct.pack("<H", band)).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Match:
    copy_id: int
    story_id: int
    similarity: float
