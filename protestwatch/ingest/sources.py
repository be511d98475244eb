"""Everything `ingest` reads: files, folders, feeds (files and URLs), WARC archives, Result JSONL, stdin.

Each source yields Articles (to extract), Results (already extracted, as `extract --format jsonl`
writes them) or InputErrors (one line naming the input). Every source is held to the same limits
(`limits.py`), checked before reading, and only regular files are opened.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..records import Article, Result
from .limits import default_max_bytes, os_reason, read_regular, read_stream

RESULT_KEYS = ("article", "events")


def _is_result_line(line: str) -> bool:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(value, dict) and all(k in value for k in RESULT_KEYS)


def _first_line(data: bytes) -> str:
    for line in data.split(b"\n"):
        if line.strip():
            return line.decode("utf-8", "replace")
    return ""


def read_results(name: str, data: bytes) -> Iterator[Result | InputError]:
    """Read Result JSONL (as `extract --format jsonl` writes it), one Result per line."""
    from pydantic import ValidationError
    for lineno, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield Result.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            yield InputError(f"{name}:{lineno}", f"not a valid Result: {where} {first.get('msg', '')}".strip())


def source_kind(path: Path) -> str | None:
    """"warc", "feed" or "file" by the name; None for names ingest does not read from a folder."""
    from .feeds import FEED_SUFFIXES
    from .files import EXTENSIONS
    from .warc import is_warc
    lower = path.name.lower()
    if is_warc(lower):
        return "warc"
    if lower.endswith(FEED_SUFFIXES):
        return "feed"
    if path.suffix.lower() in EXTENSIONS:
        return "file"
    return None


def _walk(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(folder, name)
            if not name.startswith(".") and source_kind(p):
                found.append(p)
    return found


def read_sources(paths: Iterable[str], *, stdin=None, max_bytes: int | None = None,
                 **read_options) -> Iterator[Article | Result | InputError]:
    """Yield Articles (to extract), Results (already extracted) and InputErrors for every source.

    Paths may be files, folders (recursively), feed URLs or "-" for stdin. Dispatch: http(s) URL
    or .rss/.atom/.xml -> feed; .warc(.gz) -> WARC; .jsonl whose first line is a Result ->
    Results; everything else -> `protestwatch.ingest.read_inputs` (txt, html, json, jsonl).
    `max_bytes` (default `default_max_bytes()`) bounds every input, and each WARC record;
    `read_options` (published, title, source, url) go to `read_inputs`.
    """
    from .feeds import is_url, read_feed

    limit = default_max_bytes() if max_bytes is None else max_bytes
    for raw in paths:
        if is_url(raw):
            yield from read_feed(raw, max_bytes=limit)
        elif raw == "-":
            yield from _read_stdin(stdin, limit, read_options)
        else:
            yield from _read_path(raw, limit, read_options)


def _read_stdin(stdin, limit: int, read_options: dict) -> Iterator[Article | Result | InputError]:
    from .feeds import looks_like_feed, read_feed
    from .files import read_inputs

    try:
        data = read_stream(stdin or sys.stdin.buffer, "-", limit)
    except InputError as exc:
        yield exc
        return
    if _is_result_line(_first_line(data)):
        yield from read_results("-", data)
    elif looks_like_feed(data):
        yield from read_feed("-", data=data, max_bytes=limit)
    else:
        yield from read_inputs(["-"], stdin=io.BytesIO(data), max_bytes=limit, **read_options)


def _read_path(raw: str, limit: int, read_options: dict) -> Iterator[Article | Result | InputError]:
    path = Path(raw)
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except OSError as exc:
        yield InputError(raw, os_reason(exc))
        return
    if is_dir:
        files = _walk(path)
        if not files:
            yield InputError(raw, "no readable files in this folder")
        for f in files:
            yield from _read_file(f, limit, read_options)
    elif not exists:
        yield InputError(raw, "no such file or directory")
    else:
        yield from _read_file(path, limit, read_options)


def _read_file(path: Path, limit: int, read_options: dict) -> Iterator[Article | Result | InputError]:
    from .feeds import read_feed
    from .files import read_inputs
    from .warc import read_warc

    kind = source_kind(path)
    name = str(path)
    if kind == "warc":
        yield from read_warc(path, max_bytes=limit)
        return
    if kind == "feed":
        yield from read_feed(name, max_bytes=limit)
        return
    if path.suffix.lower() == ".jsonl":
        try:
            data = read_regular(path, name, limit)
        except InputError as exc:
            yield exc
            return
        if _is_result_line(_first_line(data)):
            yield from read_results(name, data)
            return
    yield from read_inputs([name], max_bytes=limit, **read_options)
