"""Event scope (issue 10 point 4): lists, map, timeline, the API and exports show political
incidents by default; `scope=ordinary` shows a fraud trial, `scope=all` both. On a real SQLite store
saved through the store; the CLI's `events` and `export` take `--scope`."""
from __future__ import annotations

import json

import pytest

from protestwatch.records import DateValue, Event, Legal, Participant, Place

from .conftest import LiveServer, save_results
from .fixtures_data import art, ev, result

RALLY = "Hundreds of opposition supporters rallied in Bishkek on Saturday against the new media law."
FRAUD = "A Bishkek court opened the fraud trial of banker Kanat Osmonov on Monday, accused of embezzlement."
OLD = "Riot police detained Aliya Serikova, a blogger, in Bishkek on Friday."


def _results():
    bishkek = Place(name="Bishkek", country="KG", lat=42.87, lon=74.59, precision="city")
    rally = Event(id="ev1", type="protest", subtype="rally", date=DateValue(start="2024-03-02", precision="day"),
                  place=bishkek, evidence=(ev(RALLY, "type", "rallied"),), confidence=0.9, scope="political")
    fraud = Event(id="ev1", type="trial", date=DateValue(start="2024-03-04", precision="day"), place=bishkek,
                  participants=(Participant(role="defendant", name="Kanat Osmonov", kind="person"),),
                  legal=Legal(charges=("fraud",)), evidence=(ev(FRAUD, "type", "fraud trial"),), confidence=0.9,
                  scope="ordinary")
    old = Event(id="ev1", type="detention", date=DateValue(start="2024-03-01", precision="day"), place=bishkek,
                participants=(Participant(role="detainee", name="Aliya Serikova", kind="person"),),
                evidence=(ev(OLD, "type", "detained"),), confidence=0.9)
    return [result(art(RALLY, "Rally against media law", "2024-03-02"), rally),
            result(art(FRAUD, "Banker goes on trial for fraud", "2024-03-04"), fraud),
            result(art(OLD, "Blogger detained", "2024-03-01"), old)]


@pytest.fixture(scope="module")
def scoped(tmp_path_factory):
    from sqlalchemy import update

    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    from protestwatch.store import open_db, session_scope
    from protestwatch.store.tables import ReportRow
    path = tmp_path_factory.mktemp("scope") / "scope.db"
    engine = open_db(str(path))
    save_results(engine, _results())
    with session_scope(engine) as db:  # a record from an older store: no `scope` at all
        for r in db.query(ReportRow).filter(ReportRow.type == "detention"):
            r.machine = {k: v for k, v in r.machine.items() if k != "scope"}
    app = create_app(load_serve_settings(secret_key="test-secret", anonymous_read=True), engine=engine)
    return path, app


@pytest.fixture
def client(scoped):
    from fastapi.testclient import TestClient
    with TestClient(scoped[1]) as c:
        yield c


def _types(client, **params) -> set[str]:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return {i["type"] for i in r.json()["items"]}


def test_api_lists_political_by_default_and_filters_ordinary(client):
    assert _types(client) == {"protest", "detention"}  # the record without scope counts as political
    assert _types(client, scope="political") == {"protest", "detention"}
    assert _types(client, scope="ordinary") == {"trial"}
    assert _types(client, scope="all") == {"protest", "detention", "trial"}
    assert client.get("/api/events", params={"scope": "sport"}).status_code == 422


def test_pages_map_timeline_and_exports_follow_scope(client):
    page = client.get("/events").text
    assert "Rally against media law" in page and "Banker goes on trial" not in page
    assert '<option value="ordinary"' in page
    assert "Banker goes on trial" in client.get("/events", params={"scope": "ordinary"}).text
    features = client.get("/api/map").json()["features"]
    assert {f["properties"]["type"] for f in features} == {"protest", "detention"}
    assert {f["properties"]["type"] for f in client.get("/api/map?scope=ordinary").json()["features"]} == {"trial"}
    assert "trial" not in client.get("/timeline").text.split("<table", 1)[-1]
    assert "trial" in client.get("/timeline?scope=all").text.split("<table", 1)[-1]
    jsonl = client.get("/api/export", params={"format": "jsonl"}).text
    assert "Kanat Osmonov" not in jsonl and "opposition supporters" in jsonl
    assert "Kanat Osmonov" in client.get("/api/export", params={"format": "jsonl", "scope": "ordinary"}).text
    assert "Kanat Osmonov" not in client.get("/api/export", params={"format": "acled-csv"}).text


def test_cli_events_and_export_take_scope(scoped):
    from typer.testing import CliRunner

    from protestwatch.cli import _load_commands, app
    _load_commands()
    db = str(scoped[0])
    run = lambda *args: CliRunner().invoke(app, list(args))  # noqa: E731
    default = run("events", "--db", db, "--format", "json")
    assert default.exit_code == 0, default.output
    assert {r["type"] for r in json.loads(default.stdout)} == {"protest", "detention"}
    ordinary = run("events", "--db", db, "--format", "json", "--scope", "ordinary")
    assert [r["type"] for r in json.loads(ordinary.stdout)] == ["trial"]
    assert len(json.loads(run("events", "--db", db, "--format", "json", "--scope", "all").stdout)) == 3
    assert run("events", "--db", db, "--scope", "sport").exit_code == 2
    out = run("export", "--db", db, "--format", "jsonl")
    assert out.exit_code == 0 and "Kanat Osmonov" not in out.stdout and "opposition supporters" in out.stdout
    assert "Kanat Osmonov" in run("export", "--db", db, "--format", "jsonl", "--scope", "ordinary").stdout


def test_browser_default_list_hides_an_ordinary_incident(scoped, browser, artifacts):
    with LiveServer(scoped[1]) as server:
        page = browser.new_page()
        page.goto(server.url + "/events")
        body = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
        assert "Rally against media law" in body and "Banker goes on trial" not in body
        page.select_option("select[name=scope]", "ordinary")
        page.click("form.filters button[type=submit]")
        page.wait_for_load_state()
        assert "scope=ordinary" in page.url and "Banker goes on trial" in page.inner_text("body")
        page.screenshot(path=str(artifacts / "scope_ordinary.png"))
        page.close()
