"""`store.cluster.extraction`, the one place `ingest` and `watch` open Dask: a real LocalCluster
gives the serial pipeline's Results in input order, and is closed when the block ends, however it
ends; an unreachable scheduler is one line naming it."""
from __future__ import annotations

import socket

import pytest

from protestwatch.store.cluster import chunk_size, extraction

SAMPLES = "protestwatch/samples/articles"


@pytest.mark.parametrize("articles, workers, expected", [
    (32, 2, 4),    # an ingest batch: eight tasks of four
    (5, 2, 2),     # a watch round's few new articles still reach both workers
    (1, 4, 1),
    (32, 0, 4),    # an unknown worker count
    (0, 2, 1),
])
def test_chunk_size(articles, workers, expected):
    assert chunk_size(articles, workers) == expected


def test_no_cluster_without_workers_or_scheduler():
    with extraction() as process:
        assert process is None


@pytest.mark.slow
def test_local_cluster_gives_serial_results_and_closes():
    pytest.importorskip("distributed")
    from pathlib import Path

    from protestwatch.pipeline import get_nlp, process_many
    from protestwatch.settings import load_settings
    from protestwatch.store.load import read_sources
    root = Path(__file__).resolve().parents[2]
    articles = [a for a in read_sources([str(root / SAMPLES)])]
    settings = load_settings()
    serial = [r.model_dump(mode="json") for r in process_many(articles, nlp=get_nlp(settings), settings=settings)]
    with extraction(workers=2) as process:
        client = process.client
        assert len(client.scheduler_info()["workers"]) == 2
        on_cluster = [r.model_dump(mode="json") for r in process(articles)]
    assert on_cluster == serial
    assert client.status == "closed" and str(client._pw_cluster.status).endswith("closed")

    with pytest.raises(KeyError):  # an error inside the block still closes the cluster
        with extraction(workers=1) as process:
            client = process.client
            raise KeyError("boom")
    assert client.status == "closed" and str(client._pw_cluster.status).endswith("closed")


@pytest.mark.slow
def test_unreachable_scheduler_is_one_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-m", "protestwatch", "ingest", str(root / SAMPLES), "--db",
                          str(tmp_path / "x.db"), "-q", "--scheduler", f"tcp://127.0.0.1:{port}"],
                         capture_output=True, text=True, timeout=300, cwd=root,
                         env={**__import__("os").environ, "PYTHONPATH": str(root)})
    assert out.returncode == 1
    assert f"error: cannot reach the Dask scheduler tcp://127.0.0.1:{port}" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_watch_on_a_local_cluster_stores_what_a_serial_round_does(tmp_path, server):
    pytest.importorskip("distributed")
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from snapshot import snapshot

    from .test_watch import good_feed, watch
    feed = good_feed(server, n=3)
    serial, _ = watch(tmp_path / "serial.db", feed)
    on_cluster, _ = watch(tmp_path / "dask.db", feed, extra=("--workers", "2"))
    assert on_cluster["new"] == serial["new"] == 3
    a, b = snapshot(tmp_path / "serial.db"), snapshot(tmp_path / "dask.db")
    for key in ("articles", "reports", "incidents"):
        assert a[key] == b[key], key
