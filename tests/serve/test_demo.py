"""`protestwatch demo` end to end: the bundled samples are extracted into a fresh database that serves."""
from __future__ import annotations

import json

import pytest

from protestwatch.samples import sample_paths


def test_samples_have_text_and_attribution():
    paths = sample_paths()
    assert len(paths) >= 10
    for p in paths:
        d = json.loads(p.read_text("utf-8"))
        assert d["text"].strip() and d["title"] and d["published"] and d["source"]
        assert "url" in d  # null for samples written for the project, the real address otherwise


@pytest.mark.slow
def test_demo_builds_a_database_that_serves(tmp_path):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from protestwatch.cli import _load_commands, app
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    _load_commands()
    db = tmp_path / "demo.db"
    r = CliRunner().invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert r.exit_code == 0, r.output
    with TestClient(create_app(load_serve_settings(db=str(db), secret_key="k"))) as c:
        page = c.get("/api/events").json()
        assert page["total"] > 5
        assert c.get("/api/map").json()["features"]
        assert c.get(f"/incidents/{page['items'][0]['incident_id']}").status_code == 200
    again = CliRunner().invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert again.exit_code != 0  # never overwrites a database
