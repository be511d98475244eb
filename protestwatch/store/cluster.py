"""Extraction on a Dask cluster (`dask.distributed`): a local one (`--workers N`) or an existing
scheduler (`--scheduler tcp://HOST:PORT`, started with `dask scheduler` / `dask worker`).

Only extraction runs on the workers; the Results come back to the main process, which stores
them exactly as a serial run does (`store.load.ingest`, idempotent by content hash), in the
order of the inputs, so the same sources give the same incidents as a serial run.

Where the time went (bench/workers.py on 2 cores): each spawned worker imported everything and
loaded the model itself (~3 s of CPU per worker before its first article), and the main process
waited for each batch's slowest task before storing it, with the workers idle while it stored.
Now a local cluster's workers are forked from one fork server that loaded the model once
(store/worker_preload.py), and `ingest` keeps the next batch extracting while it stores one
(`submit`).
"""
from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..records import Article, Result

CONNECT_TIMEOUT = 20  # seconds to reach an existing scheduler
CHUNK = 4  # most articles per task: small enough to balance two workers on a 32-article batch


class ClusterError(RuntimeError):
    """The cluster cannot be had (an unreachable scheduler); the message names it."""


def _extract_chunk(articles: list[Article]) -> list[Result]:
    """Runs on a worker, as a serial ingest extracts (one BLAS thread also on workers started by
    hand with `dask worker`); the spaCy model loads once per worker process (pipeline caches it)."""
    from .load import default_processor
    return default_processor()(articles)


PRELOAD = "protestwatch.store.worker_preload"


def _forkserver_with_model() -> None:
    """Have the fork server that starts local workers import `PRELOAD` (the model) first, then
    what Dask preloads; once per process, before the fork server starts."""
    from distributed.utils import get_mp_context
    import dask
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context()  # sets Dask's own preload list (once per process)
    from multiprocessing import forkserver
    preload = list(getattr(forkserver._forkserver, "_preload_modules", None) or ["distributed"])
    if PRELOAD not in preload:
        multiprocessing.get_context("forkserver").set_forkserver_preload([PRELOAD, *preload])


def open_client(*, workers: int = 0, scheduler: str | None = None):
    """A `distributed.Client` on the given scheduler, or on a new LocalCluster of `workers`
    single-threaded worker processes (spaCy holds the GIL: processes, not threads), forked from
    a fork server that holds the loaded model."""
    import dask
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    _forkserver_with_model()
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
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


def _worker_cpu() -> dict:
    """Runs on each worker: its CPU seconds so far, and what the fork server's preload took."""
    import sys
    preload = sys.modules.get(PRELOAD)
    return {"cpu_s": round(time.process_time(), 2), "preload_cpu_s": getattr(preload, "WARM_CPU_S", None)}


class Processor:
    """A `process` for `store.load.ingest`: a batch split into chunks (`chunk_size` for the
    cluster's current workers unless given), extracted on the workers, gathered back in input
    order. `submit` starts a batch and returns what `gather` takes, so the caller can store one
    batch while the next is extracted."""

    def __init__(self, client, *, chunk: int | None = None):
        self.client, self.chunk = client, chunk
        self.wait_s = 0.0  # wall seconds the caller spent waiting for results

    def submit(self, articles: list[Article]):
        size = self.chunk or chunk_size(len(articles), _worker_count(self.client))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        return self.client.map(_extract_chunk, chunks, pure=False)

    def gather(self, futures) -> list[Result]:
        started = time.perf_counter()
        try:
            return [r for part in self.client.gather(futures) for r in part]
        finally:
            self.wait_s += time.perf_counter() - started

    def __call__(self, articles: list[Article]) -> list[Result]:
        return self.gather(self.submit(articles))

    def cpu_report(self) -> dict:
        """Per-worker CPU seconds (each since its process started) and the fork server's preload."""
        try:
            per = self.client.run(_worker_cpu)
        except Exception:  # noqa: BLE001 - a scheduler that cannot say: no report
            return {}
        preload = next((v["preload_cpu_s"] for v in per.values() if v.get("preload_cpu_s") is not None), None)
        return {"workers": len(per), "worker_cpu_s": sorted(v["cpu_s"] for v in per.values()),
                "preload_cpu_s": preload, "wait_s": round(self.wait_s, 2)}


def processor(client, *, chunk: int | None = None) -> Processor:
    return Processor(client, chunk=chunk)


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
        yield processor(client)
    finally:
        close(client)
