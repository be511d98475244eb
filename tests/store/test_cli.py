"""The store commands end to end through Typer's CliRunner."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from protestwatch.cli import _load_commands, app

from store_synthetic import AZHIBAI_ARTICLES, make_results, write_jsonl

_load_commands()
COMMANDS = ("ingest", "events", "cases", "merge", "split", "export")


@pytest.fixture
def loaded(tmp_path):
    src = tmp_path / "results.jsonl"
    write_jsonl(src, make_results(15, seed=2))
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q", "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("command", COMMANDS)
def test_store_commands_have_help(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--db" in result.output


def test_ingest_summary_and_env_db(tmp_path, monkeypatch, loaded):
    db, summary = loaded
    assert summary["stored"] == summary["read"] > 0 and summary["incidents_created"] > 0
    monkeypatch.setenv("PROTESTWATCH_DB", str(db))
    result = CliRunner().invoke(app, ["events", "--format", "json", "--limit", "1000"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == summary["incidents_created"]


def test_events_formats_and_filters(loaded):
    db, _ = loaded
    run = CliRunner().invoke
    out = run(app, ["events", "--db", str(db), "--format", "csv", "--type", "detention", "--limit", "1000"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and {r["type"] for r in rows} == {"detention"}
    out = run(app, ["events", "--db", str(db), "--q", "witness", "--format", "json"])
    assert json.loads(out.stdout)
    out = run(app, ["events", "--db", str(db)])
    assert out.exit_code == 0 and "incidents" in out.output


def test_unreadable_inputs_listed_with_reasons(tmp_path):
    good = tmp_path / "results.jsonl"
    write_jsonl(good, make_results(3, seed=4))
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"article": {"id": "x"}, "events": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(good), str(bad), str(tmp_path / "missing.txt"),
                                      "--db", str(tmp_path / "u.db"), "-q"])
    assert result.exit_code == 1, result.output  # the good file is stored, the failure still shows
    assert "Unreadable inputs (2)" in result.output
    assert "missing.txt: no such file or directory" in result.output
    assert "broken.jsonl:1: not a valid Result" in result.output


def test_merge_split_and_cases(loaded):
    db, _ = loaded
    run = CliRunner().invoke
    incidents = json.loads(run(app, ["events", "--db", str(db), "--format", "json", "--limit", "2"]).stdout)
    a, b = incidents[0]["id"], incidents[1]["id"]
    out = run(app, ["merge", str(a), str(b), "--db", str(db), "--user", "tester", "--note", "same event"])
    assert out.exit_code == 0 and f"merged into incident {min(a, b)}" in out.output
    out = run(app, ["merge", "999999", str(min(a, b)), "--db", str(db)])
    assert out.exit_code == 1 and "error: no incident 999999" in out.output
    from protestwatch.store import open_db, repo, session_scope
    engine = open_db(db)
    with session_scope(engine, write=False) as s:
        report_id = repo.incident_reports(s, min(a, b))[0].id
        name = repo.incident_record(s, repo.get_incident(s, min(a, b)))["participants"][0]["name"]
    out = run(app, ["split", str(report_id), "--db", str(db), "--user", "tester"])
    assert out.exit_code == 0 and "new incident" in out.output
    with session_scope(engine, write=False) as s:
        assert [e.action for e in repo.audit_log(s)] == ["split", "merge"]
        assert repo.audit_log(s)[1].user == "tester" and repo.audit_log(s)[1].note == "same event"
    out = run(app, ["cases", "--person", name, "--db", str(db), "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.stdout)[0]["steps"]
    out = run(app, ["cases", "--person", "Nobody Atall", "--db", str(db)])
    assert out.exit_code == 1


@pytest.mark.slow
def test_ingest_extracts_and_merges_real_articles(tmp_path):
    """Through the real pipeline: two outlets' articles (JSONL) about one detention, one feed."""
    pytest.importorskip("protestwatch.extract")
    lines = AZHIBAI_ARTICLES
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    db = tmp_path / "real.db"
    result = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q", "--json"])
    assert result.exit_code == 0, result.output
    out = CliRunner().invoke(app, ["events", "--db", str(db), "--type", "detention", "--format", "json"])
    detentions = json.loads(out.stdout)
    assert len(detentions) == 1 and detentions[0]["n_reports"] == 2
    out = CliRunner().invoke(app, ["cases", "--person", "Azhibai", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0
