"""The store as it grows: the map draws a bounded number of points (newest first) and says how
many matched; list totals stay right after every kind of write although counts are kept between
requests; public reads of one page or one incident use indexes, not full scans of the store."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from protestwatch.serve.app import create_app
from protestwatch.serve.settings import load_serve_settings
from protestwatch.store import open_db, repo, session_scope
from protestwatch.store.tables import ReportRow

from .conftest import store_detention

PASSWORD = "pw-123456789"
CITIES = [("Minsk", "BY", 53.9, 27.56), ("Almaty", "KZ", 43.24, 76.89), ("Tbilisi", "GE", 41.72, 44.79)]


def _add(engine, i: int, *, restricted: bool = False):
    city, cc, lat, lon = CITIES[i % len(CITIES)]
    day = f"{2000 + i}-05-0{1 + i % 9}"
    name = f"Person{chr(65 + i)} Examplov{chr(65 + i)}"
    text = f"Police in {city} detained the activist {name} on {day}, a lawyer said. Case {i}."
    article_id = store_detention(engine, text, name=name, city=city, country=cc, day=day, lat=lat, lon=lon,
                                 url=f"https://news.example/{i}", title=f"Detention {i}", source=f"Wire {i}")
    if restricted:
        with session_scope(engine) as s:
            rid = s.scalar(select(ReportRow.id).where(ReportRow.article_id == article_id))
            repo.set_restricted(s, "report", rid, True, user="test")


@pytest.fixture
def store(tmp_path):
    engine = open_db(str(tmp_path / "scale.db"))
    for i in range(12):
        _add(engine, i, restricted=i == 5)
    with session_scope(engine) as s:
        repo.add_user(s, "ed", "editor", PASSWORD)
    return engine


def _client(engine) -> TestClient:
    return TestClient(create_app(load_serve_settings(secret_key="k"), engine=engine))


def test_map_is_bounded_newest_first_and_says_how_many_matched(store):
    client = _client(store)
    full = client.get("/api/map").json()
    assert len(full["features"]) == 11 and full["truncated"] is False and "matched" not in full
    cut = client.get("/api/map", params={"limit": 3}).json()
    assert cut["truncated"] is True and cut["matched"] == 11
    dates = [f["properties"]["date_start"] for f in cut["features"]]
    assert dates == sorted((f["properties"]["date_start"] for f in full["features"]), reverse=True)[:3]
    assert client.get("/api/map", params={"limit": 0}).status_code == 422


def test_list_totals_follow_every_write(store):
    client = _client(store)
    assert client.get("/api/events").json()["total"] == 11  # the restricted one is hidden
    _add(store, 20)  # an ingest
    assert client.get("/api/events").json()["total"] == 12
    first = client.get("/api/events").json()["items"][0]["incident_id"]
    with session_scope(store) as s:  # a review action
        repo.set_review_state(s, "incident", first, "rejected", user="test")
    assert client.get("/api/events").json()["total"] == 11
    with session_scope(store) as s:  # a restriction
        repo.set_restricted(s, "incident", client.get("/api/events").json()["items"][0]["incident_id"], True,
                            user="test")
    assert client.get("/api/events").json()["total"] == 10
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"csrf_token": token, "username": "ed", "password": PASSWORD})
    assert client.get("/api/events").json()["total"] == 13  # editors count everything, rejected too


def test_public_reads_use_indexes(store):
    """No statement of a public page, an incident or the map scans a whole table of the store
    (the list's total is a count, kept between requests, and is the one pass over the matches).
    Checked on SQLite, whose planner has no statistics to fall back on."""
    client = _client(store)
    ids = [i["incident_id"] for i in client.get("/api/events").json()["items"]]
    statements = []

    @event.listens_for(store, "before_cursor_execute")
    def record(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    for path in (f"/api/incidents/{ids[3]}", f"/incidents/{ids[3]}", "/api/events?page=1", "/api/map?limit=5"):
        assert client.get(path).status_code == 200
    event.remove(store, "before_cursor_execute", record)
    scans = set()
    with store.connect() as conn:
        for statement, params in statements:
            if statement.lstrip().upper().startswith("SELECT COUNT(*)"):
                continue
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params):
                detail = row[-1]
                if not re.match(r"SCAN (incidents|reports|articles|participants|cases|case_steps)(_\d+)?\b", detail):
                    continue
                # An index walked in order under a LIMIT stops at the page; anything else is a full scan.
                if "USING" in detail and "LIMIT" in statement.upper():
                    continue
                scans.add((detail, " ".join(statement.split())[:200]))
    assert not scans, scans
