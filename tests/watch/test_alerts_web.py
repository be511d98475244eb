"""Alerts in the web app: editors list, add and remove them with the CLI's validation; viewers and
anonymous visitors cannot; the Atom feed's links come from the configured base URL, never from
the request's Host header."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from protestwatch.serve.app import create_app
from protestwatch.serve.settings import load_serve_settings
from protestwatch.store import open_db, repo, session_scope
from protestwatch.store.alerts import queue_alerts
from protestwatch.store.tables import AlertRow, AuditRow

from .conftest import store_detention

PASSWORD = "pw-123456789"


def _store_detention(engine, name="Aigul Utepova", city="Almaty"):
    store_detention(engine, f"Police in {city} detained the activist {name} on Tuesday, her lawyer said.",
                    name=name, city=city, country="KZ", day="2020-08-04", url="https://news.example/a1")


@pytest.fixture
def site(tmp_path):
    engine = open_db(str(tmp_path / "web.db"))
    with session_scope(engine) as s:
        for name, role in (("ed", "editor"), ("edna", "editor"), ("vi", "viewer")):
            repo.add_user(s, name, role, PASSWORD)
    return engine


def _client(engine, **settings) -> TestClient:
    return TestClient(create_app(load_serve_settings(secret_key="k", **settings), engine=engine))


def _csrf(client, path="/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _login(client, name):
    r = client.post("/login", data={"csrf_token": _csrf(client), "username": name, "password": PASSWORD},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def _alerts(engine) -> list[AlertRow]:
    with session_scope(engine, write=False) as s:
        return list(s.scalars(select(AlertRow).order_by(AlertRow.id)))


def test_editor_adds_lists_and_removes_alerts(site):
    client = _client(site)
    _login(client, "ed")
    page = client.get("/alerts")
    assert page.status_code == 200 and 'href="/alerts"' in page.text and "No alerts yet." in page.text
    r = client.post("/alerts", data={"csrf_token": _csrf(client, "/alerts"), "kind": "person",
                                     "value": " Aigul Utepova ", "country": "kz", "webhook": "https://hooks.example.org/h",
                                     "owner": "me"})
    assert r.status_code == 200 and "Alert 1 added." in r.text  # followed the redirect back to the list
    [row] = _alerts(site)
    assert (row.kind, row.value, row.country, row.webhook, row.owner) == (
        "person", "Aigul Utepova", "KZ", "https://hooks.example.org/h", "ed")
    assert f"/alerts/{row.id}.atom?token={row.token}" in r.text  # the owner sees the feed URL
    client.post("/alerts", data={"csrf_token": _csrf(client, "/alerts"), "kind": "place", "value": "Almaty",
                                 "owner": "public"})
    assert [a.owner for a in _alerts(site)] == ["ed", None]
    with session_scope(site, write=False) as s:
        assert [a.action for a in s.scalars(select(AuditRow).where(AuditRow.target_kind == "alert"))] == ["alert-add"] * 2
    audit = client.get("/audit").text  # the alert rows name their target
    assert audit.count(f'<a href="/alerts">alert {row.id}</a>') == 1 and '<a href="/alerts">alert 2</a>' in audit

    r = client.post(f"/alerts/{row.id}/remove", data={"csrf_token": _csrf(client, "/alerts")})
    assert r.status_code == 200 and f"Alert {row.id} removed." in r.text
    assert [a.value for a in _alerts(site)] == ["Almaty"]
    assert client.post(f"/alerts/{row.id}/remove", data={"csrf_token": _csrf(client, "/alerts")}).status_code == 404


@pytest.mark.parametrize("form, message", [
    ({"kind": "type", "value": "picnic"}, "unknown event type 'picnic'"),
    ({"kind": "person", "value": "   "}, "an alert needs a name"),
    ({"kind": "place", "value": "Almaty", "country": "Kazakhstan"}, "ISO 3166-1 alpha-2"),
    ({"kind": "place", "value": "Almaty", "webhook": "javascript:alert(1)"}, "http(s) URL with a host"),
    ({"kind": "place", "value": "Almaty", "webhook": "http://"}, "http(s) URL with a host"),
    ({"kind": "person", "value": "x" * 201}, "at most 200 characters"),
])
def test_bad_alert_is_refused_with_the_cli_message(site, form, message):
    client = _client(site)
    _login(client, "ed")
    r = client.post("/alerts", data={"csrf_token": _csrf(client, "/alerts"), **form})
    assert r.status_code == 400 and message in r.text.replace("&#39;", "'")
    assert 'id="alert-add"' in r.text  # the form again, with what was typed
    assert _alerts(site) == []


def test_cli_gives_the_same_messages(site, tmp_path):
    from typer.testing import CliRunner

    from protestwatch.cli import _load_commands, app
    _load_commands()
    out = CliRunner().invoke(app, ["alert", "add", "--db", str(tmp_path / "web.db"), "--place", "Almaty",
                                   "--country", "Kazakhstan"])
    assert out.exit_code == 2 and "ISO 3166-1 alpha-2" in out.output
    assert _alerts(site) == []


def test_viewers_anonymous_and_forged_forms_cannot_manage_alerts(site):
    editor = _client(site)
    _login(editor, "ed")
    editor.post("/alerts", data={"csrf_token": _csrf(editor, "/alerts"), "kind": "place", "value": "Almaty"})
    [row] = _alerts(site)

    anonymous = _client(site)
    assert anonymous.get("/alerts", follow_redirects=False).status_code == 303  # to the login page
    assert 'href="/alerts"' not in anonymous.get("/events").text
    token = _csrf(anonymous)
    for path, data in (("/alerts", {"kind": "place", "value": "Minsk"}), (f"/alerts/{row.id}/remove", {})):
        assert anonymous.post(path, data={"csrf_token": token, **data}, follow_redirects=False).status_code == 303

    viewer = _client(site)
    _login(viewer, "vi")
    assert viewer.get("/alerts").status_code == 403
    assert 'href="/alerts"' not in viewer.get("/events").text
    token = _csrf(viewer)
    assert viewer.post("/alerts", data={"csrf_token": token, "kind": "place", "value": "Minsk"}).status_code == 403
    assert viewer.post(f"/alerts/{row.id}/remove", data={"csrf_token": token}).status_code == 403

    # An editor's form without the session's token (a cross-site post) is refused too.
    assert editor.post("/alerts", data={"csrf_token": "x" * 43, "kind": "place", "value": "Minsk"}).status_code == 403
    assert editor.post(f"/alerts/{row.id}/remove", data={}).status_code == 403
    assert [a.value for a in _alerts(site)] == ["Almaty"]


def test_another_editors_feed_token_is_not_shown(site):
    ed = _client(site)
    _login(ed, "ed")
    ed.post("/alerts", data={"csrf_token": _csrf(ed, "/alerts"), "kind": "place", "value": "Almaty", "owner": "me"})
    [row] = _alerts(site)
    edna = _client(site)
    _login(edna, "edna")
    page = edna.get("/alerts").text
    assert "Almaty" in page and row.token not in page


def _feed_with_one_entry(engine):
    with session_scope(engine) as s:
        from protestwatch.store.alerts import add_alert
        alert = add_alert(s, "person", "Aigul Utepowa")  # a spelling variant
        alert.checked_until = None
        ids = alert.id, alert.token
    _store_detention(engine)
    with session_scope(engine) as s:
        assert queue_alerts(s) == 1
    return ids


def test_atom_links_ignore_a_hostile_host_header(site):
    alert_id, token = _feed_with_one_entry(site)
    client = _client(site)
    feed = client.get(f"/alerts/{alert_id}.atom?token={token}", headers={"Host": "evil.example"})
    assert feed.status_code == 200 and feed.text.count("<entry>") == 1
    assert "evil.example" not in feed.text
    assert re.search(r'<link href="/incidents/\d+"/>', feed.text)  # relative when no base URL is set

    configured = _client(site, base_url="https://pw.example.org/")
    feed = configured.get(f"/alerts/{alert_id}.atom?token={token}", headers={"Host": "evil.example"})
    assert "evil.example" not in feed.text
    assert re.search(r'<link href="https://pw\.example\.org/incidents/\d+"/>', feed.text)


def test_base_url_from_the_environment_and_refused_when_not_a_url(monkeypatch):
    monkeypatch.setenv("PROTESTWATCH_BASE_URL", "https://pw.example.org/")
    assert load_serve_settings().base_url == "https://pw.example.org"
    for bad in ("pw.example.org", "javascript:alert(1)", "https://pw.example.org/?x=1"):
        monkeypatch.setenv("PROTESTWATCH_BASE_URL", bad)
        with pytest.raises(ValidationError, match="base_url must be an http"):
            load_serve_settings()
