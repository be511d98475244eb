"""Imported once by the fork server that starts a local cluster's workers (store/cluster.py):
the spaCy model, the rules and the lazily built tables are loaded here, once, and every worker
forked from this process starts with them (copy-on-write) instead of loading its own.

Whatever fails here (no model installed) is left for the worker's first task to report.
"""
from __future__ import annotations

import os
import time

# One thread per worker process: the workers are the parallelism (set before numpy loads).
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

WARM_CPU_S: float | None = None  # CPU seconds this preload took (inherited by every forked worker)


def _warm() -> None:
    global WARM_CPU_S
    start = time.process_time()
    try:
        from pathlib import Path

        from ..ingest.sources import read_sources
        from ..pipeline import get_nlp, process_many
        from ..settings import load_settings
        settings = load_settings()
        samples = Path(__file__).resolve().parents[1] / "samples" / "articles"
        first = next(iter(read_sources([str(sorted(samples.glob("*.json"))[0])])), None)
        nlp = get_nlp(settings)
        if first is not None and not isinstance(first, Exception):
            list(process_many([first], nlp=nlp, settings=settings))  # first-use tables and caches
    except Exception:  # noqa: BLE001 - the worker's own first task loads again and reports
        return
    WARM_CPU_S = round(time.process_time() - start, 2)


_warm()
