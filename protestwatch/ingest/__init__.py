"""Ingest: files, HTML, JSON and stdin -> Article records (the first pipeline stage).

`make_article` is the one way to build an Article from text. Readers (`read_inputs`) decode bytes,
strip HTML, check the language and yield Articles, or InputError values for inputs they cannot read.
Heavy libraries (trafilatura, charset-normalizer, ftfy) load on first use.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

from ..records import Article

if TYPE_CHECKING:
    from .files import read_inputs  # noqa: F401

__all__ = ["article_id", "decode_bytes", "detect_language", "html_to_text", "make_article",
           "normalize_newlines", "read_inputs"]

_SPACE_RUN = re.compile(r"\s+")


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_id(text: str) -> str:
    """Return the sha256 hex digest of the normalised text: NFC, whitespace runs as one space, stripped."""
    normal = _SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def make_article(text: str, *, published: str | None = None, title: str | None = None,
                 source: str | None = None, url: str | None = None,
                 language: str | None = "en") -> Article:
    """Build an Article; its text is the given text with only line endings normalised.

    Evidence offsets point into `Article.text`, so nothing else about the text may change here.
    A text longer than one article can be (`limits.MAX_TEXT_CHARS`) raises InputError.
    """
    from .limits import check_text_length

    check_text_length(title or url or "text", text)
    text = normalize_newlines(text)
    return Article(id=article_id(text), title=title, url=url, source=source,
                   published=published, language=language, text=text)


def __getattr__(name: str):
    if name == "read_inputs":
        from .files import read_inputs
        return read_inputs
    if name == "decode_bytes":
        from .text import decode_bytes
        return decode_bytes
    if name == "html_to_text":
        from .html import html_to_text
        return html_to_text
    if name == "detect_language":
        from .language import detect_language
        return detect_language
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
