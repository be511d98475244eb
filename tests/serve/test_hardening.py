"""Hardening of the web app (issue 15): login throttling and a bound on argon2 checks, revocable
sessions, no URLs built from the Host header, and 4xx (with the security headers) for hostile input."""
from __future__ import annotations

import re

import pytest

from .conftest import PASSWORDS


def _app(store_engine, **settings):
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    return create_app(load_serve_settings(secret_key="hardening", **settings), engine=store_engine)


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)


def _login(client, name, password):
    return client.post("/login", data={"csrf_token": _csrf(client), "username": name, "password": password},
                       follow_redirects=False)


def _is_editor(client) -> bool:
    return client.get("/api/audit").status_code == 200


def test_failed_logins_lock_the_account(store_engine):
    from fastapi.testclient import TestClient
    with TestClient(_app(store_engine, login_failures=5)) as c:
        for _ in range(5):
            assert _login(c, "edna", "wrong-guess").status_code == 401
        locked = _login(c, "edna", PASSWORDS["edna"][1])
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "Too many failed logins" in locked.text and not _is_editor(c)
        assert _login(c, "EDNA", PASSWORDS["edna"][1]).status_code == 429  # same account, other case
        assert _login(c, "vic", PASSWORDS["vic"][1]).status_code == 303  # another account still logs in


def test_failed_logins_lock_the_client(store_engine):
    from fastapi.testclient import TestClient
    with TestClient(_app(store_engine, login_failures=100, login_client_failures=3)) as c:
        for name in ("nobody-1", "nobody-2", "nobody-3"):
            assert _login(c, name, "guess").status_code == 401
        assert _login(c, "edna", PASSWORDS["edna"][1]).status_code == 429 and not _is_editor(c)


def test_password_checks_run_a_bounded_number_at_once(store_engine):
    from fastapi.testclient import TestClient
    app = _app(store_engine, login_concurrency=1)
    app.state.login_guard.wait = 0.05
    with TestClient(app) as c:
        token = _csrf(c)
        with app.state.login_guard.slot():  # another login is being checked
            busy = c.post("/login", data={"csrf_token": token, "username": "edna", "password": PASSWORDS["edna"][1]})
        assert busy.status_code == 503 and busy.headers["retry-after"] and not _is_editor(c)
        assert _login(c, "edna", PASSWORDS["edna"][1]).status_code == 303 and _is_editor(c)


def test_logout_revokes_a_copied_cookie(store_engine):
    from fastapi.testclient import TestClient
    app = _app(store_engine)
    with TestClient(app) as c, TestClient(app) as thief:
        assert _login(c, "edna", PASSWORDS["edna"][1]).status_code == 303
        thief.cookies.set("pw_session", c.cookies.get("pw_session"))
        assert _is_editor(thief)
        c.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                        c.get("/events").text).group(1)})
        assert not _is_editor(c) and not _is_editor(thief)


def test_password_change_revokes_sessions(store_engine):
    from fastapi.testclient import TestClient

    from protestwatch.serve import queries
    from protestwatch.store import session_scope
    app = _app(store_engine)
    with session_scope(store_engine) as db:
        queries.add_user(db, "rotating", "editor", "first-pass-1", by="test")
    with TestClient(app) as c:
        assert _login(c, "rotating", "first-pass-1").status_code == 303 and _is_editor(c)
        with session_scope(store_engine) as db:  # what `protestwatch user add NAME --password` does
            queries.add_user(db, "rotating", "editor", "second-pass-2", by="test")
        assert not _is_editor(c)
        assert _login(c, "rotating", "second-pass-2").status_code == 303 and _is_editor(c)


def test_a_forged_old_style_cookie_is_not_a_login(store_engine):
    """Cookies once held the user id; one signed with the right key must not log anyone in now."""
    from fastapi.testclient import TestClient

    from protestwatch.serve.auth import SessionCodec
    with TestClient(_app(store_engine)) as c:
        c.cookies.set("pw_session", SessionCodec("hardening").dumps({"uid": 1, "csrf": "x" * 43}))
        assert not _is_editor(c)
        c.cookies.set("pw_session", SessionCodec("hardening").dumps({"sid": "guess", "csrf": "x" * 43}))
        assert not _is_editor(c)


def test_no_url_is_built_from_the_host_header(client):
    for path in ("/events", "/map", "/timeline", "/login", "/docs", "/"):
        r = client.get(path, headers={"host": "evil.example"}, follow_redirects=False)
        assert "evil.example" not in r.text and "evil.example" not in r.headers.get("location", ""), path
    assert 'href="/static/app.css"' in client.get("/events").text


LISTINGS = ("/events", "/map", "/timeline", "/api/events", "/api/map", "/api/export")


def _refused(r, where):
    assert 400 <= r.status_code < 500, (where, r.status_code)
    assert "script-src 'self'" in r.headers.get("content-security-policy", ""), where
    assert r.headers.get("x-content-type-options") == "nosniff", where


@pytest.mark.parametrize("path", LISTINGS)
def test_nul_in_text_search_is_a_clear_4xx(client, path):
    r = client.get(path, params={"q": "rally\x00"})
    _refused(r, path)
    assert "control characters" in r.text


@pytest.mark.parametrize("path", ["/incidents/{}", "/persons/{}", "/api/incidents/{}", "/api/cases/{}"])
def test_ids_beyond_64_bits_are_a_4xx(client, path):
    for big in (2**63, 2**64, 10**40):
        _refused(client.get(path.format(big)), path)
    assert client.get(path.format(2**63 - 1)).status_code == 404


@pytest.mark.parametrize("path", LISTINGS)
def test_a_huge_person_filter_is_a_4xx(client, path):
    r = client.get(path, params={"person": "a" * 50_001})
    _refused(r, path)
    assert "200" in r.text  # says the limit


def test_review_forms_refuse_huge_ids(client):
    from .test_app import _login as login_as
    login_as(client, "edna")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/events").text).group(1)
    _refused(client.post(f"/incidents/{2**64}/accept", data={"csrf_token": token}), "accept")
    _refused(client.post("/incidents/1/merge", data={"csrf_token": token, "other": str(2**64)}), "merge")
    client.post("/logout", data={"csrf_token": token})
