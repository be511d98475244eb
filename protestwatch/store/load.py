"""Ingest into the store: sources (files, folders, feeds, WARC, Result JSONL) in, stored and
linked records out. The `ingest` command is a thin wrapper over `ingest`.

Resumable by construction: articles are saved in small transactions and skipped when their
content hash is already stored; linking and case building run after all batches, each in one
transaction, in a fixed order. A run killed at any moment and run again ends in the same state
as one clean run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine

from ..errors import InputError
# Reading sources is the ingest stage's job (limits, regular files only); re-exported for callers.
from ..ingest.sources import read_results, read_sources  # noqa: F401
from ..records import Article, Result
from . import repo
from .db import session_scope

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
