"""`protestwatch ingest` checks alerts like a watch round: the incidents it creates or changes are
POSTed once to a real webhook receiver on loopback; re-running sends nothing again; a second report
on the same incident is one new POST; a watch round after it sends nothing twice (one outbox)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from protestwatch.cli import _load_commands, app
from protestwatch.store import open_db, session_scope
from protestwatch.store.alerts import add_alert
from protestwatch.watch.rounds import run_round
from protestwatch.watch.fetch import Fetcher

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_synthetic import AZHIBAI_ARTICLES  # noqa: E402  (shared with tests/store/test_cli.py)

pytestmark = pytest.mark.slow
_load_commands()

REPORTS = list(AZHIBAI_ARTICLES)


def _ingest(tmp_path, db, reports) -> dict:
    src = tmp_path / f"in{len(reports)}.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in reports) + "\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db), "-q", "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_ingest_fires_each_change_once(tmp_path, receiver):
    url, got, _statuses = receiver
    db = tmp_path / "ingest.db"
    engine = open_db(str(db))
    with session_scope(engine) as s:
        add_alert(s, "person", "Serik Azhibay", webhook=url + "/person")  # a spelling variant
        add_alert(s, "place", "Tbilisi", webhook=url + "/elsewhere")

    first = _ingest(tmp_path, db, REPORTS[:1])
    assert first["alerts"]["sent"] == len(got) >= 1
    assert {p for p, *_ in got} == {"/person"}
    detention = [b["incident"] for _, b, _ in got if b["incident"]["type"] == "detention"]
    assert len(detention) == 1 and detention[0]["reports"] == 1
    assert detention[0]["url"] == "https://example.org/1"

    again = _ingest(tmp_path, db, REPORTS[:1])  # nothing new stored, nothing changed
    assert again["stored"] == 0 and again["alerts"]["sent"] == 0 and len(got) == first["alerts"]["sent"]

    before = len(got)
    second = _ingest(tmp_path, db, REPORTS)  # the second report joins the same detention
    assert second["stored"] == 1 and second["alerts"]["sent"] >= 1
    new = [b["incident"] for _, b, _ in got[before:]]
    changed = [i for i in new if i["id"] == detention[0]["id"]]
    assert len(changed) == 1 and changed[0]["reports"] == 2
    deliveries = [d for *_, d in got]
    assert len(deliveries) == len(set(deliveries))  # one outbox row, one POST

    # A watch round over the same store sees the same outbox: nothing is sent twice.
    sent = len(got)
    run_round(engine, [], fetcher=Fetcher(delay=0))
    assert len(got) == sent


def test_ingest_without_alerts_reports_none(tmp_path):
    summary = _ingest(tmp_path, tmp_path / "plain.db", REPORTS[:1])
    assert summary["alerts"] == {} and summary["stored"] == 1
