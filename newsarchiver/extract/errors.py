"""Exceptions raised by the extraction layer."""

from __future__ import annotations


class ExtractionError(ValueError):
    """The input cannot be extracted at all (for example it is not HTML)."""


class NotHTMLError(ExtractionError):
    """The body is binary (image, PDF, archive, undecoded gzip...), not an HTML document."""
