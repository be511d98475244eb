"""The web app through FastAPI's TestClient: access rules, CSRF, cookies, restricted records, API shape."""
from __future__ import annotations

import re

import pytest

from protestwatch.serve import queries
from protestwatch.serve.render import build_timeline, highlight_segments, week_start

from .conftest import PASSWORDS


def _csrf(client, path: str = "/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _login(client, name: str):
    r = client.post("/login", data={"csrf_token": _csrf(client), "username": name, "password": PASSWORDS[name][1],
                                    "next": "/events"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r


def test_session_cookie_is_httponly_and_samesite(client):
    r = client.get("/events")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_login_rejects_wrong_password_and_forged_form(client):
    bad = client.post("/login", data={"csrf_token": _csrf(client), "username": "edna", "password": "nope"})
    assert bad.status_code == 401 and "Wrong name or password" in bad.text
    forged = client.post("/login", data={"csrf_token": "x" * 43, "username": "edna", "password": PASSWORDS["edna"][1]})
    assert forged.status_code == 403


def test_login_next_is_never_an_open_redirect(client):
    r = client.post("/login", data={"csrf_token": _csrf(client), "username": "vic", "password": PASSWORDS["vic"][1],
                                    "next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/events"


def test_review_requires_editor_and_csrf(client):
    inc = client.get("/api/events", params={"type": "protest"}).json()["items"][0]["incident_id"]
    anon = client.post(f"/incidents/{inc}/accept", data={"csrf_token": _csrf(client)}, follow_redirects=False)
    assert anon.status_code == 303 and anon.headers["location"].startswith("/login")
    _login(client, "vic")
    assert client.post(f"/incidents/{inc}/accept", data={"csrf_token": _csrf(client, "/events")}).status_code == 403
    _login(client, "edna")
    assert client.post(f"/incidents/{inc}/accept", data={}).status_code == 403  # no token
    ok = client.post(f"/incidents/{inc}/accept", data={"csrf_token": _csrf(client, "/events")}, follow_redirects=False)
    assert ok.status_code == 303
    entry = client.get("/api/audit", params={"incident_id": inc}).json()[0]
    assert entry["user"] == "edna" and entry["after"] == {"review_state": "accepted"}
    assert entry["before"] == {"review_state": "pending"}


def test_edit_keeps_machine_value_and_bad_values_are_refused(client):
    _login(client, "edna")
    inc = client.get("/api/events", params={"type": "protest", "country": "KE"}).json()["items"][0]["incident_id"]
    token = _csrf(client, "/events")
    assert client.post(f"/incidents/{inc}/edit", data={"csrf_token": token, "field": "place.lat",
                                                       "value": "north"}).status_code == 422
    assert client.post(f"/incidents/{inc}/edit", data={"csrf_token": token, "field": "article.text",
                                                       "value": "x"}).status_code == 422
    r = client.post(f"/incidents/{inc}/edit", data={"csrf_token": token, "field": "size.low", "value": "5000"},
                    follow_redirects=False)
    assert r.status_code == 303
    detail = client.get(f"/api/incidents/{inc}").json()
    size = next(f for f in detail["fields"] if f["name"] == "size.low")
    assert size["value"] == 5000 and size["edited"] and size["machine"] != 5000
    assert detail["edits"] == {"size.low": 5000}


def test_restricted_records_only_for_editors(client):
    def restricted_ids():
        items = client.get("/api/events", params={"per_page": 500}).json()["items"]
        return {i["incident_id"] for i in items if i["restricted"]}, {i["incident_id"] for i in items}

    hidden, seen = restricted_ids()
    assert not hidden
    assert "Secret Witness" not in client.get("/api/export", params={"format": "jsonl"}).text
    assert "Secret Witness" not in client.get("/api/export", params={"format": "geojson"}).text
    assert "Secret Witness" not in client.get("/events", params={"person": "Secret"}).text
    _login(client, "edna")
    hidden, all_ids = restricted_ids()
    assert hidden and hidden.isdisjoint(seen)
    inc = next(iter(hidden))
    assert "Secret Witness" in client.get(f"/incidents/{inc}").text
    # Exports from the web app are public whoever asks.
    assert "Secret Witness" not in client.get("/api/export", params={"format": "jsonl"}).text
    client.post("/logout", data={"csrf_token": _csrf(client, "/events")})
    assert client.get(f"/api/incidents/{inc}").status_code == 404
    assert client.get(f"/incidents/{inc}").status_code == 404


def test_anonymous_reading_can_be_switched_off(store_engine):
    from fastapi.testclient import TestClient

    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    closed = create_app(load_serve_settings(secret_key="k", anonymous_read=False), engine=store_engine)
    with TestClient(closed) as c:
        assert c.get("/api/events").status_code == 401
        r = c.get("/events", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/login").status_code == 200
        _login(c, "vic")
        assert c.get("/api/events").status_code == 200


def test_api_events_filters_and_pagination(client):
    first = client.get("/api/events", params={"per_page": 10}).json()
    assert first["total"] > 20 and len(first["items"]) == 10 and first["pages"] >= 3
    second = client.get("/api/events", params={"per_page": 10, "page": 2}).json()
    assert {i["incident_id"] for i in first["items"]}.isdisjoint(i["incident_id"] for i in second["items"])
    by = client.get("/api/events", params={"country": "by", "type": "detention"}).json()["items"]
    assert by and all(i["country"] == "BY" and i["type"] == "detention" for i in by)
    dated = client.get("/api/events", params={"since": "2021-01-01", "until": "2021-12-31"}).json()["items"]
    assert dated and all("2021" <= i["date_start"] <= "2021-12-31" for i in dated)
    text = client.get("/api/events", params={"q": "Stella"}).json()["items"]
    assert text and all(i["type"] in ("protest", "detention") for i in text)


def test_api_incident_and_case_shapes(client):
    item = client.get("/api/events", params={"person": "Karpovich", "type": "sentence"}).json()["items"][0]
    inc = client.get(f"/api/incidents/{item['incident_id']}").json()
    assert inc["reports"][0]["article"]["text"] and inc["reports"][0]["event"]["evidence"]
    assert all(f["sources"] for f in inc["fields"] if not f["edited"])
    person = next(p for p in item["persons"] if "Karpovich" in p["name"])
    case = client.get(f"/api/cases/{person['case_id']}").json()
    assert [s["type"] for s in case["stages"]][-1] == "sentence" and len(case["stages"]) >= 2
    assert client.get("/api/cases/99999").status_code == 404
    assert client.get("/api/incidents/99999").status_code == 404


def test_openapi_documents_the_api_and_docs_are_local(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/incidents/{incident_id}", "/api/cases/{case_id}", "/api/export", "/api/map"):
        assert path in spec["paths"]
    docs = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_map_geojson_is_lon_lat(client):
    fc = client.get("/api/map", params={"country": "BY"}).json()
    assert fc["type"] == "FeatureCollection" and fc["features"]
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert 23 < lon < 33 and 51 < lat < 57


def test_pages_render_for_everyone(client):
    for path in ("/events", "/events?type=protest&page=2", "/map", "/timeline", "/timeline?country=BY", "/login", "/docs"):
        assert client.get(path).status_code == 200, path
    assert client.get("/events?page=abc").status_code == 422
    assert client.get("/incidents/abc").status_code == 422


def test_highlight_segments_cover_text_once_with_overlaps():
    text = "Police detained Anna Karpovich in Minsk."
    segs = highlight_segments(text, [(7, 15, "type"), (16, 30, "participants"), (7, 30, "event"), (100, 120, "x")])
    assert "".join(s.text for s in segs) == text
    assert [s.fields for s in segs if s.text == "detained"] == [("event", "type")]
    assert highlight_segments("", [(0, 3, "type")]) == []


def test_timeline_counts_by_week_and_skips_undated():
    chart = build_timeline([("2020-08-03", "protest"), ("2020-08-09", "protest"), ("2020-08-05", "detention"),
                            ("2020-08-20", "protest"), ("2020-08", "protest"), (None, "trial")])
    assert chart.undated == 2 and chart.weeks == 3
    assert chart.table[0] == ("2020-08-03", {"protest": 2, "detention": 1})
    assert week_start("2020-08-09").isoformat() == "2020-08-03"


@pytest.mark.parametrize("url,expected", [("https://www.voanews.com/a/x.html", "https://www.voanews.com/a/x.html"),
                                          ("javascript:alert(1)", None), (" JAVASCRIPT:alert(1)", None),
                                          ("data:text/html,x", None), (None, None)])
def test_safe_url_only_keeps_http_links(url, expected):
    assert queries.safe_url(url) == expected


def test_merge_and_split_through_forms_are_logged(client):
    _login(client, "edna")
    token = _csrf(client, "/events")
    ids = sorted(i["incident_id"] for i in client.get("/api/events", params={"country": "RS", "per_page": 500}).json()["items"])
    a, b = ids[:2]
    r = client.post(f"/incidents/{b}/merge", data={"csrf_token": token, "other": str(a)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{a}"
    merged = client.get(f"/api/incidents/{a}").json()
    assert len(merged["reports"]) >= 2 and client.get(f"/api/incidents/{b}").status_code == 404
    entry = client.get("/api/audit", params={"incident_id": a}).json()[0]
    assert entry["action"] == "merge" and entry["user"] == "edna" and str(b) in entry["before"]
    moved = merged["reports"][-1]["id"]
    r = client.post(f"/incidents/{a}/split", data={"csrf_token": token, "report": str(moved)}, follow_redirects=False)
    assert r.status_code == 303
    new_id = int(r.headers["location"].rsplit("/", 1)[1])
    assert [rep["id"] for rep in client.get(f"/api/incidents/{new_id}").json()["reports"]] == [moved]
    assert client.get("/api/audit", params={"incident_id": new_id}).json()[0]["action"] == "split"
    bad = client.post(f"/incidents/{a}/merge", data={"csrf_token": token, "other": str(a)})
    assert bad.status_code == 400


def test_user_add_command_creates_a_login(tmp_path):
    from typer.testing import CliRunner

    from protestwatch.cli import _load_commands, app
    from protestwatch.serve.queries import authenticate
    from protestwatch.store import open_db, session_scope
    _load_commands()
    db = str(tmp_path / "users.db")
    runner = CliRunner()
    r = runner.invoke(app, ["user", "add", "rita", "--role", "editor", "--password", "rita-pass-1", "--db", db])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["user", "add", "rita", "--role", "boss", "--password", "rita-pass-1", "--db", db])
    assert r.exit_code != 0
    r = runner.invoke(app, ["user", "add", "sam", "--db", db], input="sam-pass-12\nsam-pass-12\n")
    assert r.exit_code == 0, r.output
    with session_scope(open_db(db), write=False) as s:
        assert authenticate(s, "rita", "rita-pass-1").role == "editor"
        assert authenticate(s, "sam", "sam-pass-12").role == "viewer"
        assert authenticate(s, "rita", "wrong") is None
