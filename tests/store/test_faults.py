"""Faults: a locked or read-only database, a full disk, a feed that is not XML, two ingests into
one database at once. Each gives a clear error, corrupts nothing and loses nothing."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import event
from typer.testing import CliRunner

from protestwatch.cli import _load_commands, app
from protestwatch.store import StoreError, open_db, repo, session_scope
from protestwatch.store.db import make_engine
from protestwatch.store.load import ingest, read_sources

from snapshot import snapshot
from store_synthetic import make_results, write_jsonl

_load_commands()


@pytest.fixture
def src(tmp_path):
    path = tmp_path / "results.jsonl"
    write_jsonl(path, make_results(20, seed=5))
    return path


def _integrity(path) -> str:
    with sqlite3.connect(path) as c:
        return c.execute("PRAGMA integrity_check").fetchone()[0]


def test_locked_database_gives_a_clear_error_then_resumes(tmp_path, src, monkeypatch):
    db = tmp_path / "locked.db"
    open_db(db).dispose()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setenv("PROTESTWATCH_DB_TIMEOUT", "0.2")
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q"])
    holder.execute("ROLLBACK")
    holder.close()
    assert result.exit_code == 1
    assert "is locked by another process" in result.output
    assert "run the same command again" in result.output
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert snapshot(db)["unlinked"] == 0 and _integrity(db) == "ok"


def test_read_only_database_refuses_writes_but_reads(tmp_path, src):
    db = tmp_path / "ro.db"
    engine = open_db(db)
    ingest(engine, read_sources([str(src)]))
    engine.dispose()
    before = snapshot(db)
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    ro = open_db(url)
    with session_scope(ro, write=False) as s:
        assert repo.count_incidents(s) == len(before["incidents"])
    with pytest.raises(StoreError, match="read-only"):
        with session_scope(ro) as s:
            repo.add_user(s, "alice", "editor", "pw")
    ro.dispose()
    result = CliRunner().invoke(app, ["merge", "1", "2", "--db", url])
    assert result.exit_code == 1 and "read-only" in result.output
    assert snapshot(db)["stats"] == before["stats"] and _integrity(db) == "ok"


def test_full_disk_rolls_back_the_batch_and_resumes(tmp_path, src):
    db = tmp_path / "full.db"
    open_db(db).dispose()
    engine = make_engine(db)

    @event.listens_for(engine, "connect")
    def _small_disk(dbapi_conn, _):  # SQLite reports SQLITE_FULL once the file reaches this size
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {max(pages, 40) + 6}")

    engine = open_db(engine)
    with pytest.raises(StoreError, match="disk is full"):
        ingest(engine, read_sources([str(src)]), batch_size=2)
    engine.dispose()
    partial = snapshot(db)
    total = len(src.read_text().splitlines())
    assert 0 < len(partial["articles"]) < total
    # Every stored article has all its reports: a batch is all or nothing.
    assert partial["n_reports"] == len(partial["articles"])
    assert _integrity(db) == "ok"
    engine = open_db(db)
    summary = ingest(engine, read_sources([str(src)]), batch_size=2)
    engine.dispose()
    assert summary.skipped == len(partial["articles"])
    clean = tmp_path / "clean.db"
    e2 = open_db(clean)
    ingest(e2, read_sources([str(src)]))
    e2.dispose()
    assert snapshot(db)["incidents"] == snapshot(clean)["incidents"]


def test_feed_that_is_not_xml_is_listed_and_the_rest_ingested(tmp_path, src):
    bad = tmp_path / "news.xml"
    bad.write_text("this is not a feed at all, just words\n", encoding="utf-8")
    db = tmp_path / "feed.db"
    result = CliRunner().invoke(app, ["ingest", str(bad), str(src), "--db", str(db), "-q"])
    assert result.exit_code == 1, result.output  # the rest is stored; the status still shows the failure
    assert f"{bad}: not an RSS or Atom feed" in result.output
    assert len(snapshot(db)["articles"]) > 0


def test_two_ingests_at_once(tmp_path, db_url):
    results = make_results(40, seed=9)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(a, results[: len(results) * 2 // 3])
    write_jsonl(b, results[len(results) // 3:])  # a third of the articles in both
    cmd = [sys.executable, "-m", "protestwatch", "ingest", "--db", db_url, "--batch-size", "3", "-q"]
    procs = [subprocess.Popen(cmd + [str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    after = snapshot(db_url)
    assert after["articles"] == {r.article.id for r in results}
    assert after["n_reports"] == len(results) and after["unlinked"] == 0
    assert sum(len(i) for i in after["incidents"]) == len(results)
