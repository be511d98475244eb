"""RSS and Atom feeds (a file or an http(s) URL) -> Article records, one per entry.

An entry's text is its full content when the feed carries it, else its summary. A source that
is not a feed (not XML, or XML without channel or entries) becomes one InputError.
"""
from __future__ import annotations

import html as html_lib
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date

from ..errors import InputError
from ..records import Article
from . import make_article

FEED_SUFFIXES = (".rss", ".atom", ".xml")
FETCH_TIMEOUT = 30
USER_AGENT = "protestwatch (+https://github.com/protestwatch)"


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes start like an XML feed document."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed") \
        or head.startswith(b"<rdf:rdf")


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int | None = None) -> bytes:
    """GET a URL (at most `max_bytes` of it); raise InputError with the reason when it fails."""
    from .limits import default_max_bytes, read_stream

    limit = default_max_bytes() if max_bytes is None else max_bytes
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return read_stream(response, url, limit)
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"cannot fetch: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(url, f"cannot fetch: {reason}") from None


def read_feed(source: str, *, data: bytes | None = None,
              max_bytes: int | None = None) -> Iterator[Article | InputError]:
    """Yield one Article per feed entry with text, an InputError per entry without, or one
    InputError for the whole source when it cannot be read or is not a feed.

    A feed file or URL larger than `max_bytes` (default: the input limit) is refused unread."""
    import feedparser

    from .limits import default_max_bytes, read_regular

    limit = default_max_bytes() if max_bytes is None else max_bytes
    try:
        if data is None:
            data = fetch(source, max_bytes=limit) if is_url(source) else read_regular(source, source, limit)
    except InputError as exc:
        yield exc
        return
    if not data.strip():
        yield InputError(source, "empty file")
        return
    parsed = feedparser.parse(data)
    is_feed = bool(parsed.get("version")) or bool(parsed.entries)
    if not is_feed:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        yield InputError(source, f"not an RSS or Atom feed{detail}")
        return
    if not parsed.entries:
        yield InputError(source, "feed has no entries")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    feed_language = (parsed.feed.get("language") or "").strip() or None  # RSS <language>, Atom xml:lang
    for i, entry in enumerate(parsed.entries, 1):
        name = f"{source}#{i}"
        try:
            yield entry_article(entry, outlet, feed_language)
        except InputError as exc:
            yield InputError(name, exc.reason)


def entry_article(entry, outlet: str | None, feed_language: str | None = None) -> Article:
    """Build the Article of one feedparser entry; its language is the entry's or the feed's
    declared one, else detected (a language protestwatch does not read is an InputError)."""
    from .language import article_language

    from .html import html_to_text, looks_like_html

    body = ""
    for content in entry.get("content") or ():
        if len(content.get("value") or "") > len(body):
            body = content["value"]
    if not body:
        body = entry.get("summary") or entry.get("description") or ""
    if "<" in body and (looks_like_html(body) or "</" in body):
        text = html_to_text(f"<html><body>{body}</body></html>").text
    else:
        text = html_lib.unescape(body)
    text = text.strip()
    if not text:
        raise InputError("entry", "feed entry has no text")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = date(*stamp[:3]).isoformat() if stamp else None
    title = (entry.get("title") or "").strip() or None
    declared = next((c.get("language") for c in entry.get("content") or () if c.get("language")), None)
    try:
        language = article_language(text, declared or feed_language)
    except ValueError as exc:
        raise InputError("entry", str(exc)) from None
    return make_article(text, published=published, title=title, url=entry.get("link"), source=outlet,
                        language=language or "en")
