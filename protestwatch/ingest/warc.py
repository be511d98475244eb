"""WARC archives (warcio) -> Article records: one per HTML response with text.

Non-HTML records and error responses are skipped silently; an HTML page without text is an
InputError naming the archive and the URL. The publication date comes from the page itself,
never from the crawl date.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError
from ..records import Article
from . import make_article

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def read_warc(path: str | Path, *, max_bytes: int | None = None) -> Iterator[Article | InputError]:
    """Yield the Articles of the HTML pages in a WARC file, streamed record by record.

    The archive may be any size; each record is held to the input limit (`max_bytes`, default
    `default_max_bytes()`): a larger one is refused from its Content-Length and skipped unread.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .files import normalize_published
    from .html import html_to_text
    from .limits import default_max_bytes, open_regular, too_big
    from .text import decode_bytes

    name = str(path)
    limit = default_max_bytes() if max_bytes is None else max_bytes
    try:
        stream = open_regular(path, name)
    except InputError as exc:
        yield exc
        return
    found = records = 0
    with stream:
        head = stream.read(16)
        stream.seek(0)
        if not head.startswith((b"WARC/", b"\x1f\x8b", b"filedesc://")):
            yield InputError(name, "not a readable WARC file (it does not start with a WARC header)")
            return
        try:
            for record in ArchiveIterator(stream):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                if "html" not in content_type or not status.startswith("2"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{name}:{uri}"
                found += 1
                size = _record_length(record)
                if size is not None and size > limit:
                    yield InputError(where, too_big(size, limit))
                    continue  # the iterator skips the unread payload in small chunks
                body = record.content_stream().read(limit + 1)  # bounded: the length may lie
                if len(body) > limit:
                    yield InputError(where, too_big(None, limit))
                    continue
                try:
                    page = html_to_text(decode_bytes(body, where))
                except InputError as exc:
                    yield InputError(where, exc.reason)
                    continue
                if not page.text.strip():
                    yield InputError(where, "no text found in the HTML")
                    continue
                yield make_article(page.text, title=page.title, url=uri or page.url,
                                   published=normalize_published(page.published),
                                   source=urlsplit(uri).hostname if uri else None)
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
            yield InputError(name, f"not a readable WARC file ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")
            return
    if not records:
        yield InputError(name, "not a readable WARC file (no records)")
    elif not found:
        yield InputError(name, "no HTML responses in this WARC file")


def _record_length(record) -> int | None:
    """The declared payload length of a WARC record (Content-Length), or None when absent."""
    value = record.rec_headers.get_header("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
