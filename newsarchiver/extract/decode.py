"""Turn response bytes into text, coping with missing, wrong and lying charset declarations.

Fallback order (first that works wins):

1. a byte-order mark;
2. the declared HTTP charset, if the bytes decode strictly with it;
3. the ``<meta charset>`` / ``http-equiv`` charset found in the first ~4 KB, if it decodes strictly;
4. strict UTF-8;
5. a declared charset that fails only on a few broken bytes (a truncated GBK character), leniently;
6. for unlabelled pages, gb18030 when the text reads as Chinese (a few broken bytes allowed), else
   charset-normalizer's best guess;
7. gb18030 (or UTF-8) with ``errors="replace"``.

Two refinements keep real pages readable: GB2312/GBK labels are decoded as GB18030 (a superset; pages
labelled GB2312 contain GBK characters), and a *legacy* label (GBK, Big5, a single-byte codec) loses to
UTF-8 when the body is valid UTF-8 with multibyte sequences — legacy decoders happily turn UTF-8 bytes
into mojibake without an error, while GBK text essentially never validates as UTF-8.
"""

from __future__ import annotations

import codecs
import logging

from .errors import NotHTMLError
from .patterns import BINARY_MAGIC, CHARSET_ALIASES, META_CHARSET_RE, PERMISSIVE_CODECS

logger = logging.getLogger(__name__)

__all__ = ["NotHTMLError", "decode_html", "normalise_charset", "check_not_binary"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it shares the first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")


def normalise_charset(label: str | None) -> str | None:
    """Map a charset label to a Python codec name we trust, or None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if not name:
        return None
    name = CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # codecs.lookup may canonicalise back to a narrower codec ("gbk"); apply the superset again.
    return CHARSET_ALIASES.get(codec, codec)


def check_not_binary(body: bytes) -> None:
    """Raise :class:`NotHTMLError` if the first KB looks like a binary file rather than text."""
    head = body[:1024]
    for magic in BINARY_MAGIC:
        if head.startswith(magic):
            raise NotHTMLError(f"not HTML: body starts with binary signature {magic!r}")
    if b"\x00" in head:
        raise NotHTMLError("not HTML: body contains NUL bytes (binary or UTF-16 without BOM)")
    controls = sum(1 for b in head if b < 0x20 and b not in _ALLOWED_CONTROLS)
    if head and controls / len(head) > 0.05:
        raise NotHTMLError(f"not HTML: {controls} control bytes in the first {len(head)} bytes")


def _strict(body: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


#: A damaged page: at most this share of its characters (and at least 3) may be undecodable bytes.
_MAX_DAMAGE = 0.002


def _lenient(body: bytes, codec: str) -> str | None:
    """The text decoded with ``codec`` if only a few bytes are invalid for it (else None)."""
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        return None
    return text if text.count("\ufffd") <= max(3, len(text) * _MAX_DAMAGE) else None


def _meta_charset(body: bytes) -> str | None:
    match = META_CHARSET_RE.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _is_multibyte_utf8(body: bytes) -> str | None:
    """The UTF-8 text if the body is valid UTF-8 *and* uses non-ASCII characters."""
    if body.isascii():
        return None
    return _strict(body, "utf-8")


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML response body; return ``(text, codec used)``.

    Raises :class:`NotHTMLError` for binary bodies.
    """
    if not body:
        return "", "utf-8"
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace"), codec
    check_not_binary(body)

    utf8_text = _is_multibyte_utf8(body)
    candidates: list[tuple[str, str | None]] = [
        ("declared", normalise_charset(declared)),
        ("meta", normalise_charset(_meta_charset(body))),
    ]
    deferred: list[str] = []
    damaged: list[str] = []  # declared codecs that fail only strictly: maybe a few broken bytes
    for where, codec in candidates:
        if codec is None:
            continue
        if codec in PERMISSIVE_CODECS:
            # Any bytes decode with a single-byte codec: only use it if nothing better turns up.
            deferred.append(codec)
            continue
        if codec != "utf-8" and utf8_text is not None:
            logger.debug("%s charset %s ignored: body is valid UTF-8", where, codec)
            return utf8_text, "utf-8"
        text = _strict(body, codec)
        if text is not None:
            return text, codec
        logger.debug("%s charset %s does not decode the body", where, codec)
        damaged.append(codec)

    if utf8_text is not None or body.isascii():
        return (utf8_text if utf8_text is not None else body.decode("ascii")), "utf-8"
    for codec in damaged:
        # A GBK page with a truncated character or two is still a GBK page: a detector would pick
        # some single-byte codec that decodes every byte and garble the whole text instead.
        text = _lenient(body, codec)
        if text is not None:
            return text, codec
    for codec in deferred:
        # cp1252 leaves five bytes (0x81, 0x8d, 0x8f, 0x90, 0x9d) undefined: never let them raise
        return body.decode(codec, errors="replace"), codec
    return _guess(body)


def _guess(body: bytes) -> tuple[str, str]:
    # Unlabelled Chinese pages: detectors often call short GBK text Cyrillic or Latin; when the
    # bytes are strict GB18030 and read as mostly CJK, trust that first.
    text = _strict(body, "gb18030") or _lenient(body, "gb18030")
    if text is not None:
        non_ascii = [c for c in text if ord(c) > 0x7F]
        if non_ascii and sum(1 for c in non_ascii if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef") >= 0.8 * len(non_ascii):
            return text, "gb18030"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
    except Exception:  # noqa: BLE001 - the detector is a heuristic; never let it break decoding
        best = None
    if best is not None and best.encoding:
        codec = normalise_charset(best.encoding) or best.encoding
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    # Last resort: Chinese sites are our main audience, and gb18030 maps every byte sequence.
    for codec in ("gb18030", "utf-8"):
        try:
            return body.decode(codec, errors="replace"), codec
        except LookupError:  # pragma: no cover
            continue
    return body.decode("utf-8", errors="replace"), "utf-8"  # pragma: no cover
