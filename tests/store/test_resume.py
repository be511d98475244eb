"""An ingest killed with SIGKILL at any moment, then run again, ends with exactly the records of
one clean run: none lost, none doubled, the same incidents and cases."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from snapshot import snapshot
from store_synthetic import make_results, write_jsonl


def _ingest_cmd(src, db):
    return [sys.executable, "-m", "protestwatch", "ingest", str(src), "--db", str(db), "--batch-size", "4", "-q"]


def _articles(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return -1


def _kill_when(cmd, condition, poll=0.01, limit=120):
    """Start `cmd`, SIGKILL it as soon as `condition()` holds (or it ends by itself)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if condition():
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(poll)
    proc.wait()
    return proc.returncode


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    results = make_results(60, seed=3)
    src = root / "results.jsonl"
    write_jsonl(src, results)
    clean = root / "clean.db"
    subprocess.run(_ingest_cmd(src, clean), check=True)
    return src, len(results), snapshot(clean)


@pytest.mark.parametrize("moment", ["start", "first-batch", "middle", "all-saved", "late"])
def test_ingest_killed_then_rerun_equals_clean_run(tmp_path, corpus, moment):
    src, n, clean = corpus
    db = tmp_path / "killed.db"
    started = time.monotonic()
    conditions = {
        "start": lambda: True,
        "first-batch": lambda: _articles(db) >= 1,
        "middle": lambda: _articles(db) >= n // 2,
        "all-saved": lambda: _articles(db) >= n,  # during linking or case building
        "late": lambda: time.monotonic() - started > 2.5,
    }
    code = _kill_when(_ingest_cmd(src, db), conditions[moment])
    assert code in (0, -signal.SIGKILL)
    subprocess.run(_ingest_cmd(src, db), check=True)
    after = snapshot(db)
    assert after["articles"] == clean["articles"]
    assert after["n_reports"] == clean["n_reports"] and after["unlinked"] == 0
    assert after["incidents"] == clean["incidents"]
    assert after["cases"] == clean["cases"]
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_ingest_twice_changes_nothing(tmp_path, corpus):
    src, n, clean = corpus
    db = tmp_path / "twice.db"
    subprocess.run(_ingest_cmd(src, db), check=True)
    subprocess.run(_ingest_cmd(src, db), check=True)
    again = snapshot(db)
    assert again["articles"] == clean["articles"] and again["incidents"] == clean["incidents"]
    assert again["stats"]["reports"] == clean["stats"]["reports"]


@pytest.mark.parametrize("stop_after", ["half-saved", "all-saved", "linked"])
def test_resume_after_each_stage_in_process(tmp_path, corpus, stop_after):
    """The same guarantee, stage by stage: whatever committed before the stop, a re-run completes."""
    from protestwatch.store import open_db, repo, session_scope
    from protestwatch.store.load import ingest, read_sources

    src, n, clean = corpus
    db = tmp_path / "staged.db"
    engine = open_db(db)
    items = list(read_sources([str(src)]))
    if stop_after == "half-saved":
        ingest(engine, items[: len(items) // 2], batch_size=4, link=False)
    else:
        ingest(engine, items, batch_size=4, link=False)
        if stop_after == "linked":
            with session_scope(engine) as s:
                repo.link_pending(s)
    ingest(engine, read_sources([str(src)]), batch_size=4)
    engine.dispose()
    after = snapshot(db)
    assert after["articles"] == clean["articles"] and after["incidents"] == clean["incidents"]
    assert after["cases"] == clean["cases"]
