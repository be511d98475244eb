"""Extraction on a Dask cluster (`dask.distributed`): a local one (`--workers N`) or an existing
scheduler (`--scheduler tcp://HOST:PORT`, started with `dask scheduler` / `dask worker`).

Only extraction runs on the workers; the Results come back to the main process, which stores
them exactly as a serial run does (`store.load.ingest`, idempotent by content hash), in the
order of the inputs, so the same sources give the same incidents as a serial run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from ..records import Article, Result

CHUNK = 4  # articles per task: small enough to balance two workers on a 32-article batch


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
        return Client(scheduler)
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


def processor(client, *, chunk: int = CHUNK) -> Callable[[list[Article]], Iterable[Result]]:
    """A `process` for `store.load.ingest`: the batch split into chunks, extracted on the
    workers, gathered back in input order."""
    def process(articles: list[Article]) -> list[Result]:
        chunks = [articles[i:i + chunk] for i in range(0, len(articles), chunk)]
        futures = client.map(_extract_chunk, chunks, pure=False)
        return [r for part in client.gather(futures) for r in part]
    return process
