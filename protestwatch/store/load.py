"""Ingest into the store: sources (files, folders, feeds, WARC, Result JSONL) in, stored and
linked records out. The `ingest` command is a thin wrapper over `ingest`.

Resumable by construction: articles are saved in small transactions and skipped when their
content hash is already stored; linking and case building run after all batches, each in one
transaction, in a fixed order. A run killed at any moment and run again ends in the same state
as one clean run.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from ..errors import InputError
from ..records import Article, Result
from . import repo
from .db import session_scope

RESULT_KEYS = ("article", "events")
DEFAULT_BATCH = 32


@dataclass
class IngestSummary:
    read: int = 0          # articles (or results) read from the inputs
    stored: int = 0        # newly stored articles
    skipped: int = 0       # already stored: same content hash
    reports: int = 0       # reports (extracted events) stored
    linked: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    cases: int = 0
    errors: list[InputError] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "errors"}
        out["errors"] = [{"input": e.name, "reason": e.reason} for e in self.errors]
        return out


# ---- reading sources ------------------------------------------------------------------------

def _is_result_line(line: str) -> bool:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(value, dict) and all(k in value for k in RESULT_KEYS)


def _first_line(data: bytes) -> str:
    for line in data.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line
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


def _kind(path: Path) -> str | None:
    from ..ingest.feeds import FEED_SUFFIXES
    from ..ingest.files import EXTENSIONS
    from ..ingest.warc import is_warc
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
            if not name.startswith(".") and _kind(p):
                found.append(p)
    return found


def read_sources(paths: Iterable[str], *, stdin=None, **read_options) -> Iterator[Article | Result | InputError]:
    """Yield Articles (to extract), Results (already extracted) and InputErrors for every source.

    Paths may be files, folders (recursively), feed URLs or "-" for stdin. Dispatch: http(s) URL
    or .rss/.atom/.xml -> feed; .warc(.gz) -> WARC; .jsonl/.json whose first line is a Result ->
    Results; everything else -> `protestwatch.ingest.read_inputs` (txt, html, json, jsonl).
    """
    from ..ingest import read_inputs
    from ..ingest.feeds import is_url, looks_like_feed, read_feed
    from ..ingest.warc import read_warc

    for raw in paths:
        if is_url(raw):
            yield from read_feed(raw)
            continue
        if raw == "-":
            data = (stdin or sys.stdin.buffer).read()
            if _is_result_line(_first_line(data)):
                yield from read_results("-", data)
            elif looks_like_feed(data):
                yield from read_feed("-", data=data)
            else:
                yield from read_inputs(["-"], stdin=io.BytesIO(data), **read_options)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _walk(path)
            if not files:
                yield InputError(raw, "no readable files in this folder")
            for f in files:
                yield from _read_file(f, read_inputs, read_feed, read_warc, looks_like_feed, read_options)
        elif not path.exists():
            yield InputError(raw, "no such file or directory")
        else:
            yield from _read_file(path, read_inputs, read_feed, read_warc, looks_like_feed, read_options)


def _read_file(path: Path, read_inputs, read_feed, read_warc, looks_like_feed, read_options):
    kind = _kind(path)
    if kind == "warc":
        yield from read_warc(path)
        return
    if kind == "feed":
        yield from read_feed(str(path))
        return
    if path.suffix.lower() in (".jsonl", ".json"):
        try:
            with open(path, "rb") as fh:
                head = fh.read(1 << 16)
        except OSError as exc:
            yield InputError(str(path), (exc.strerror or str(exc)).lower())
            return
        if path.suffix.lower() == ".jsonl" and _is_result_line(_first_line(head)):
            yield from read_results(str(path), path.read_bytes())
            return
    yield from read_inputs([str(path)], **read_options)


# ---- ingest ---------------------------------------------------------------------------------

def default_processor(settings=None) -> Callable[[list[Article]], Iterable[Result]]:
    """Extraction through the pipeline; the spaCy model loads on the first batch that needs it."""
    def process(articles: list[Article]) -> Iterable[Result]:
        from ..pipeline import get_nlp, process_many
        from ..settings import load_settings
        s = settings or load_settings()
        return process_many(articles, nlp=get_nlp(s), settings=s)
    return process


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(engine: Engine, items: Iterable[Article | Result | InputError], *,
           process: Callable[[list[Article]], Iterable[Result]] | None = None,
           batch_size: int = DEFAULT_BATCH, link: bool = True,
           on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Store everything the inputs hold, then link reports into incidents and rebuild cases.

    1. Per batch: drop articles whose content hash is stored, extract the rest (`process`),
       save all Results in one transaction.
    2. `repo.link_pending` in one transaction.
    3. `repo.rebuild_cases` in one transaction.
    A StoreError (locked, read-only, full disk) stops the run; committed batches stay.
    """
    process = process or default_processor()
    summary = IngestSummary()
    for batch in _batches(items, batch_size):
        articles, results = [], []
        for item in batch:
            if isinstance(item, InputError):
                summary.errors.append(item)
            elif isinstance(item, Result):
                results.append(item)
            else:
                articles.append(item)
        summary.read += len(articles) + len(results)
        with session_scope(engine, write=False) as s:
            known = repo.known_article_ids(s, [a.id for a in articles] + [r.article.id for r in results])
        fresh = [a for a in dict((a.id, a) for a in articles).values() if a.id not in known]
        results = [r for r in results if r.article.id not in known]
        if fresh:
            results.extend(process(fresh))
        with session_scope(engine) as s:
            for result in results:
                if repo.save_result(s, result):
                    summary.stored += 1
                    summary.reports += len(result.events)
        summary.skipped = summary.read - summary.stored
        if on_batch:
            on_batch(summary)
    if link:
        with session_scope(engine) as s:
            linked = repo.link_pending(s)
        summary.linked = linked.linked
        summary.incidents_created = linked.incidents_created
        summary.incidents_updated = linked.incidents_updated
        with session_scope(engine) as s:
            if summary.linked or repo.cases_stale(s):
                summary.cases = repo.rebuild_cases(s)
            else:
                summary.cases = repo.stats(s)["cases"]
    return summary
