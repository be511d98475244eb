"""Paths (files, directories, "-" for stdin) -> Article records, or InputError values for bad inputs.

Formats: .txt/.text/.md (plain text), .html/.htm, .json (one object or a list of objects),
.jsonl (one object per line); stdin and files of other extensions are sniffed. Nothing raises out
of `read_inputs`: each input that cannot be read becomes one InputError with a one-line reason.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..records import Article
from . import make_article
from .limits import (DEFAULT_MAX_BYTES, MAX_BYTES_ENV, MB, check_text_length, default_max_bytes,  # noqa: F401
                     format_size, os_reason, parse_size, read_regular, read_stream)

EXTENSIONS = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html",
              ".json": "json", ".jsonl": "jsonl"}
TEXT_KEYS = ("text", "body", "content")
DATE_KEYS = ("published", "date")

NO_DATE = ("no publication date, so relative dates (\"on Monday\", \"last week\") stay unresolved; "
           "give it with --published YYYY-MM-DD")

Warn = Callable[[str, str], None]

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


@dataclass(frozen=True)
class Source:
    """One input to read: `name` is how messages refer to it; `path` is None for stdin."""
    name: str
    path: Path | None
    kind: str | None  # "text", "html", "json", "jsonl", or None: sniff the content


@dataclass(frozen=True)
class Overrides:
    """Metadata given on the command line; it wins over metadata found in the input."""
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1; wins over what detection says


def normalize_published(value: object) -> str | None:
    """Return an ISO date (YYYY-MM-DD) from an ISO date/datetime or RFC 2822 string, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None  # an unknown date stays unknown rather than guessed


def expand_inputs(paths: Iterable[str]) -> Iterator[Source | InputError]:
    """Turn the given paths into Sources: directories recursively (sorted, known extensions only)."""
    for raw in paths:
        if raw == "-":
            yield Source("-", None, None)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                found = list(_walk(path))
                if not found:
                    yield InputError(raw, "no .txt, .md, .html, .json or .jsonl files in this directory")
                yield from found
                continue
            if not path.exists():
                yield InputError(raw, "no such file or directory")
                continue
        except OSError as exc:
            yield InputError(raw, os_reason(exc))
            continue
        yield Source(raw, path, EXTENSIONS.get(path.suffix.lower()))


def _walk(root: Path) -> Iterator[Source]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
            if kind and not name.startswith("."):
                found.append((os.path.join(folder, name), kind))
    for name, kind in sorted(found):
        yield Source(name, Path(name), kind)


def read_inputs(paths: Iterable[str], *, published: str | None = None, title: str | None = None,
                source: str | None = None, url: str | None = None, max_bytes: int | None = None,
                language: str | None = None,
                stdin: BinaryIO | None = None,
                min_english_ratio: float = 0.05, warn: Warn | None = None) -> Iterator[Article | InputError]:
    """Yield an Article for each readable article in the inputs, an InputError for each bad one.

    `published`, `title`, `source`, `url` override what the inputs say about themselves.
    Files larger than `max_bytes` (default: `default_max_bytes()`) are refused before reading.
    `warn(name, message)` hears of articles read without trouble but with something missing
    (a text or HTML file without a publication date).
    """
    for _, item in read_named_inputs(paths, published=published, title=title, source=source, url=url,
                                     max_bytes=max_bytes, language=language, stdin=stdin, min_english_ratio=min_english_ratio,
                                     warn=warn):
        yield item


def read_named_inputs(paths: Iterable[str], *, published: str | None = None, title: str | None = None,
                      source: str | None = None, url: str | None = None, max_bytes: int | None = None,
                      language: str | None = None,
                      stdin: BinaryIO | None = None,
                      min_english_ratio: float = 0.05,
                      warn: Warn | None = None) -> Iterator[tuple[str, Article | InputError]]:
    """Like `read_inputs`, with the name of the input ("dir/a.json[2]", "feed.jsonl:7") of each item."""
    limit = default_max_bytes() if max_bytes is None else max_bytes
    overrides = Overrides(published=published, title=title, source=source, url=url, language=language)
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            yield item.name, item
            continue
        try:
            yield from read_source(item, overrides=overrides, max_bytes=limit, stdin=stdin,
                                   min_english_ratio=min_english_ratio, warn=warn)
        except InputError as exc:
            yield exc.name, exc


def read_source(src: Source, *, overrides: Overrides = Overrides(), max_bytes: int = DEFAULT_MAX_BYTES,
                stdin: BinaryIO | None = None,
                min_english_ratio: float = 0.05,
                warn: Warn | None = None) -> Iterator[tuple[str, Article | InputError]]:
    """Yield (name, Article) for one Source; raise InputError when the source as a whole is unreadable.

    Records of a JSON list or JSONL file that cannot be read are yielded as (name, InputError).
    """
    from .text import decode_bytes

    data = _read_bytes(src, max_bytes, stdin)
    if not data.strip():
        raise InputError(src.name, "empty input" if src.path is None else "empty file")
    text = decode_bytes(data, src.name)
    if not text.strip():
        raise InputError(src.name, "empty input" if src.path is None else "empty file")
    kind = src.kind or sniff_kind(text)
    if kind == "text":  # one article: refuse an overlong text before any slow step
        check_text_length(src.name, text)
    if kind == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(src.name, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        if isinstance(value, list):
            if not value:
                raise InputError(src.name, "empty JSON list, no articles")
            for i, record in enumerate(value):
                name = f"{src.name}[{i}]"
                yield name, _guard(name, record, overrides, min_english_ratio)
        else:
            yield src.name, _guard(src.name, value, overrides, min_english_ratio)
    elif kind == "jsonl":
        count = 0
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            count += 1
            name = f"{src.name}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield name, InputError(name, f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            yield name, _guard(name, record, overrides, min_english_ratio)
        if not count:
            raise InputError(src.name, "empty file")
    else:
        # One article a file: say so when it has no date (JSON records carry their own field).
        if kind == "html":
            article = _html_article(src.name, text, overrides, min_english_ratio)
        else:
            article = _finish(src.name, text, {}, overrides, min_english_ratio)
        if warn is not None and not article.published:
            warn(src.name, NO_DATE)
        yield src.name, article


def sniff_kind(text: str) -> str:
    """Guess the format of content without a telling extension: json, jsonl, html or text."""
    from .html import looks_like_html

    head = text.lstrip()
    if head[:1] in ("{", "["):
        try:
            json.loads(text)
            return "json"
        except json.JSONDecodeError:
            lines = [line for line in text.split("\n") if line.strip()]
            if head[:1] == "{" and all(line.lstrip().startswith("{") for line in lines):
                return "jsonl"
    if looks_like_html(text):
        return "html"
    return "text"


def _read_bytes(src: Source, max_bytes: int, stdin: BinaryIO | None) -> bytes:
    if src.path is not None:
        return read_regular(src.path, src.name, max_bytes)
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stdin (some test harnesses)
        stream = io.BytesIO(sys.stdin.read(max_bytes + 1).encode("utf-8"))
    return read_stream(stream, src.name, max_bytes)


def _guard(name: str, record: object, overrides: Overrides, ratio: float) -> Article | InputError:
    try:
        return _json_article(name, record, overrides, ratio)
    except InputError as exc:
        return exc


def _json_article(name: str, record: object, overrides: Overrides, ratio: float) -> Article:
    from .html import looks_like_html
    from .text import repair_text

    if not isinstance(record, dict):
        raise InputError(name, f"expected a JSON object with a 'text' field, found a JSON {_json_type(record)}")
    key = next((k for k in TEXT_KEYS if k in record), None)
    if key is None:
        raise InputError(name, "JSON object has no text (expected a 'text', 'body' or 'content' field)")
    body = record[key]
    if not isinstance(body, str):
        raise InputError(name, f"JSON field '{key}' is a {_json_type(body)}, not a string")
    if not body.strip():
        raise InputError(name, f"JSON field '{key}' is empty")
    meta = {
        "title": _str_or_none(record.get("title")),
        "url": _str_or_none(record.get("url")),
        "source": _str_or_none(record.get("source")),
        "published": next((normalize_published(record[k]) for k in DATE_KEYS if record.get(k)), None),
        "language": _str_or_none(record.get("language") or record.get("lang")),
    }
    body = repair_text(body)
    if looks_like_html(body):
        return _html_article(name, body, overrides, ratio, meta)
    return _finish(name, body, meta, overrides, ratio)


def _html_article(name: str, html: str, overrides: Overrides, ratio: float,
                  meta: dict | None = None) -> Article:
    from .html import html_to_text

    page = html_to_text(html)
    if not page.text.strip():
        raise InputError(name, "no text found in the HTML")
    found = {"title": page.title, "published": normalize_published(page.published), "url": page.url}
    meta = {**found, **{k: v for k, v in (meta or {}).items() if v}}
    return _finish(name, page.text, meta, overrides, ratio)


def _finish(name: str, text: str, meta: dict, overrides: Overrides, ratio: float) -> Article:
    from .language import article_language

    check_text_length(name, text)
    try:  # the feed's or caller's word wins over detection
        language = article_language(text, overrides.language or meta.get("language"), min_english_ratio=ratio)
    except ValueError as exc:
        raise InputError(name, str(exc)) from None
    return make_article(
        text,
        published=overrides.published or meta.get("published"),
        title=overrides.title or meta.get("title"),
        source=overrides.source or meta.get("source"),
        url=overrides.url or meta.get("url"),
        language=language,
    )


def _str_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _json_type(value: object) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


