"""Extraction on a Dask cluster (`dask.distributed`): a local one (`--workers N`) or an existing
scheduler (`--scheduler tcp://HOST:PORT`, started with `dask scheduler` / `dask worker`).

Only extraction runs on the workers; the Results come back to the main process, which stores
them exactly as a serial run does (`store.load.ingest`, idempotent by content hash), in the
order of the inputs, so the same sources give the same incidents as a serial run.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from ..records import Article, Result

CONNECT_TIMEOUT = 20  # seconds to reach an existing scheduler
CHUNK = 4  # most articles per task: small enough to balance two workers on a 32-article batch


class ClusterError(RuntimeError):
    """The cluster cannot be had (an unreachable scheduler); the message names it."""


def _extract_chunk(articles: list[Article]) -> list[Result]:
    """Runs on a worker; the spaCy model loads once per worker process (pipeline caches it)."""
    from ..pipeline import get_nlp, process_many
    from ..settings import load_settings
    settings = load_settings()
    return list(process_many(articles, nlp=get_nlp(settings), settings=settings))


def open_client(*, workers: int = 0, scheduler: str | None = None):
    """A `distributed.Client` on the given scheduler, or on a new LocalCluster of `workers`
    single-threaded worker processes (spaCy holds the GIL: processes, not threads)."""
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None, host="127.0.0.1")
    client = Client(cluster)
    client._pw_cluster = cluster  # closed with the client (see `close`)
    return client


def close(client) -> None:
    cluster = getattr(client, "_pw_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def chunk_size(n_articles: int, n_workers: int, *, most: int = CHUNK) -> int:
    """Articles per task: at most `most`, and small enough that every worker gets two tasks
    (a watch round's few new articles still spread over the cluster)."""
    return max(1, min(most, math.ceil(n_articles / (2 * max(1, n_workers)))))


def _worker_count(client) -> int:
    try:
        return len(client.scheduler_info().get("workers", {})) or 1
    except Exception:  # a scheduler that cannot say: chunks of `CHUNK` still work
        return 1


def processor(client, *, chunk: int | None = None) -> Callable[[list[Article]], Iterable[Result]]:
    """A `process` for `store.load.ingest`: the batch split into chunks (`chunk_size` for the
    cluster's current workers unless given), extracted on the workers, gathered back in input order."""
    def process(articles: list[Article]) -> list[Result]:
        size = chunk or chunk_size(len(articles), _worker_count(client))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        futures = client.map(_extract_chunk, chunks, pure=False)
        return [r for part in client.gather(futures) for r in part]
    return process


@contextmanager
def extraction(*, workers: int = 0, scheduler: str | None = None) -> Iterator[Callable | None]:
    """The `process` that `ingest` and `watch` hand to the store: None (extract in this process)
    without `workers` or `scheduler`, else one on a Dask client opened here and closed on exit,
    however the block ends (an error, Ctrl+C)."""
    if not (workers or scheduler):
        yield None
        return
    client = open_client(workers=workers, scheduler=scheduler)
    try:
        process = processor(client)
        process.client = client  # for callers that report on the cluster
        yield process
    finally:
        close(client)
