"""Ingest into the store: sources (files, folders, feeds, WARC, Result JSONL) in, stored and
linked records out. The `ingest` command is a thin wrapper over `ingest`.

Resumable by construction: articles are saved in small transactions and skipped when their
content hash is already stored; linking and case building run after all batches, each in one
transaction, in a fixed order. A run killed at any moment and run again ends in the same state
as one clean run.
"""
from __future__ import annotations

import time
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
    # CPU seconds of this process per stage (extract: only when extracting here; store, link, cases)
    cpu_s: dict[str, float] = field(default_factory=dict)
    cluster: dict = field(default_factory=dict)  # a cluster's workers' CPU (cluster.Processor.cpu_report)

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "errors"}
        out["errors"] = [{"input": e.name, "reason": e.reason} for e in self.errors]
        return out


# ---- ingest ---------------------------------------------------------------------------------

def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread. spaCy's small matrices gain nothing
    from more, and OpenBLAS's spinning threads cost ~3.5x the CPU per article on 2 cores
    (bench/workers.py: 110 ms vs 29 ms per article)."""
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=1, user_api="blas")


def default_processor(settings=None) -> Callable[[list[Article]], Iterable[Result]]:
    """Extraction through the pipeline; the spaCy model loads on the first batch that needs it."""
    def process(articles: list[Article]) -> Iterable[Result]:
        from ..pipeline import get_nlp, process_many
        from ..settings import load_settings
        s = settings or load_settings()
        with one_blas_thread():
            return list(process_many(articles, nlp=get_nlp(s), settings=s))
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
       save all Results in one transaction. A `process` with `submit`/`gather` (a Dask cluster)
       has the next batch extracting while one is saved.
    2. `repo.link_pending` in one transaction.
    3. `repo.rebuild_cases` in one transaction.
    A StoreError (locked, read-only, full disk) stops the run; committed batches stay.
    """
    process = process or default_processor()
    summary = IngestSummary()
    cpu = summary.cpu_s
    # A cluster's `submit`: the next batch is extracted while this one is stored (results are
    # still stored batch by batch, in input order, as a serial run stores them).
    submit = getattr(process, "submit", None)
    in_flight: list[tuple[object, list[Result]]] = []  # (futures or None, Results read as such)
    submitted: set[str] = set()

    def store(pending, results: list[Result]) -> None:
        if pending is not None:
            results = results + list(process.gather(pending))
        started = time.process_time()
        with session_scope(engine) as s:
            for result in results:
                if repo.save_result(s, result):
                    summary.stored += 1
                    summary.reports += len(result.events)
        cpu["store"] = cpu.get("store", 0.0) + time.process_time() - started
        summary.skipped = summary.read - summary.stored
        if on_batch:
            on_batch(summary)

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
        known |= submitted  # in a batch still being extracted: stored when that batch is
        fresh = [a for a in dict((a.id, a) for a in articles).values() if a.id not in known]
        results = [r for r in results if r.article.id not in known]
        if submit is None:
            if fresh:
                started = time.process_time()
                results.extend(process(fresh))
                cpu["extract"] = cpu.get("extract", 0.0) + time.process_time() - started
            store(None, results)
            continue
        submitted.update(a.id for a in fresh)
        in_flight.append((submit(fresh) if fresh else None, results))
        if len(in_flight) > 1:
            store(*in_flight.pop(0))
    while in_flight:
        store(*in_flight.pop(0))
    if link:
        started = time.process_time()
        with session_scope(engine) as s:
            linked = repo.link_pending(s)
        cpu["link"] = time.process_time() - started
        summary.linked = linked.linked
        summary.incidents_created = linked.incidents_created
        summary.incidents_updated = linked.incidents_updated
        started = time.process_time()
        with session_scope(engine) as s:
            if summary.linked or repo.cases_stale(s):
                summary.cases = repo.rebuild_cases(s)
            else:
                summary.cases = repo.stats(s)["cases"]
        cpu["cases"] = time.process_time() - started
    for stage in cpu:
        cpu[stage] = round(cpu[stage], 2)
    return summary
