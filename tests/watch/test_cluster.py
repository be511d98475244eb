"""Extraction on Dask: a real LocalCluster (worker processes) and a real `dask scheduler` with
`dask worker`s give the same stored records, incidents and cases as a serial ingest."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from snapshot import snapshot  # noqa: E402

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "protestwatch" / "samples" / "articles"
ROOT = Path(__file__).resolve().parents[2]


def ingest(db, *extra):
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    out = subprocess.run([sys.executable, "-m", "protestwatch", "ingest", str(SAMPLES), "--db", str(db), "-q",
                          "--batch-size", "8", *extra], capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    ingest(db)
    return snapshot(db)


def _same(a, b):
    for key in ("articles", "reports", "incidents", "cases"):
        assert a[key] == b[key], key
    assert a["unlinked"] == 0


def test_local_cluster_equals_serial(tmp_path, serial):
    import json
    db = tmp_path / "dask.db"
    summary = json.loads(ingest(db, "--workers", "2", "--json").stdout.strip().splitlines()[-1])
    _same(snapshot(db), serial)
    # Both workers were forked from the fork server that loaded the model once, and say what they spent.
    cluster = summary["cluster"]
    assert cluster["workers"] == 2 and len(cluster["worker_cpu_s"]) == 2 and cluster["preload_cpu_s"] > 0
    assert {"store", "link", "cases"} <= set(summary["cpu_s"]) and "extract" not in summary["cpu_s"]
    ingest(db, "--workers", "2")  # again: nothing stored twice
    _same(snapshot(db), serial)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_existing_scheduler_with_workers_equals_serial(tmp_path, serial):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(2):
            procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                           "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        db = tmp_path / "sched.db"
        ingest(db, "--scheduler", address)
        _same(snapshot(db), serial)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
