"""Alerts: a watch round that stores a matching incident POSTs it once to a real webhook
receiver on loopback (spelling variants match), a failing webhook is retried and logged, and
restricted incidents never reach alerts of anonymous or viewer owners."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from .conftest import ARTICLE, page, rss
from protestwatch.store import open_db, repo, session_scope
from protestwatch.store.alerts import add_alert, queue_alerts
from protestwatch.store.tables import AlertOutboxRow, AlertRow, IncidentRow
from protestwatch.watch.fetch import Fetcher
from protestwatch.watch.rounds import run_round

pytestmark = pytest.mark.slow


def _feed(server):
    server.add("/a1", page("Activist detained", ARTICLE))
    server.add("/f.xml", rss([("Activist detained", server.url("/a1"), "s")]), "application/rss+xml", ETag='"1"')
    return server.url("/f.xml")


def test_matching_incident_posted_once(tmp_path, server, receiver):
    url, got, statuses = receiver
    engine = open_db(tmp_path / "a.db")
    with session_scope(engine) as s:
        add_alert(s, "person", "Aigul Utepowa", webhook=url + "/hook")  # a spelling variant
        add_alert(s, "person", "Someone Else", webhook=url + "/other")
        add_alert(s, "place", "Almaty", webhook=url + "/place")
    first = run_round(engine, [_feed(server)], fetcher=Fetcher(delay=0))
    assert first.new == 1
    assert {p for p, *_ in got} == {"/hook", "/place"}  # one POST per matching incident
    sent = len(got)
    assert len({(p, b["incident"]["id"]) for p, b, _ in got}) == sent
    body = next(b for p, b, _ in got if p == "/hook")
    assert set(body["incident"]) >= {"id", "type", "subtype", "date", "place", "people", "url", "reports"}
    assert body["alert"]["value"] == "Aigul Utepowa"
    assert any("Utepova" in p for p in body["incident"]["people"])
    assert body["incident"]["url"] == server.url("/a1")
    run_round(engine, [_feed(server)], fetcher=Fetcher(delay=0))
    with session_scope(engine) as s:  # a re-check of an unchanged incident queues nothing new
        s.execute(update(AlertRow).values(checked_until=None))
    run_round(engine, [_feed(server)], fetcher=Fetcher(delay=0))
    assert len(got) == sent  # never twice for the same change


def test_failing_webhook_is_retried_and_logged(tmp_path, server, receiver):
    url, got, statuses = receiver
    statuses.extend([500])
    engine = open_db(tmp_path / "a.db")
    with session_scope(engine) as s:
        add_alert(s, "type", "detention", country="KZ", webhook=url + "/t")
    run_round(engine, [_feed(server)], fetcher=Fetcher(delay=0))
    with session_scope(engine, write=False) as s:
        rows = list(s.scalars(select(AlertOutboxRow)))
    assert len(rows) >= 1 and all(r.status == "pending" and r.last_error == "HTTP 500" for r in rows[:1])
    from protestwatch.watch.webhooks import deliver
    from datetime import datetime, timedelta, timezone
    out = deliver(engine, now=datetime.now(timezone.utc) + timedelta(hours=1))
    assert out["sent"] >= 1
    with session_scope(engine, write=False) as s:
        assert {r.status for r in s.scalars(select(AlertOutboxRow))} == {"sent"}


def test_restricted_never_reaches_anonymous_or_viewer_owners(tmp_path, server):
    engine = open_db(tmp_path / "a.db")
    run_round(engine, [_feed(server)], fetcher=Fetcher(delay=0))
    with session_scope(engine) as s:
        repo.add_user(s, "vera", "viewer", "pw-123456789")
        repo.add_user(s, "ed", "editor", "pw-123456789")
        s.execute(update(IncidentRow).values(restricted=True))
        alerts = [add_alert(s, "place", "Almaty", owner=o) for o in (None, "vera", "ed")]
        s.execute(update(AlertRow).values(checked_until=None))
    with session_scope(engine) as s:
        queue_alerts(s)
        per_alert = {a.id: s.scalar(select(AlertOutboxRow.id).where(AlertOutboxRow.alert_id == a.id).limit(1))
                     for a in alerts}
    assert per_alert[alerts[0].id] is None and per_alert[alerts[1].id] is None
    assert per_alert[alerts[2].id] is not None


def test_atom_feed_respects_owner_and_reader(tmp_path, server):
    from fastapi.testclient import TestClient

    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    engine = open_db(tmp_path / "a.db")
    with session_scope(engine) as s:
        repo.add_user(s, "ed", "editor", "pw-123456789")
        public = add_alert(s, "place", "Almaty")
        edited = add_alert(s, "place", "Almaty", owner="ed")
        ids = (public.id, public.token, edited.id, edited.token)
    run_round(engine, [_feed(server)], fetcher=Fetcher(delay=0))
    client = TestClient(create_app(load_serve_settings(secret_key="k", anonymous_read=False), engine=engine))
    assert client.get(f"/alerts/{ids[0]}.atom").status_code == 401
    feed = client.get(f"/alerts/{ids[0]}.atom?token={ids[1]}")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    n = feed.text.count("<entry>")
    assert n >= 1 and "/incidents/" in feed.text
    with session_scope(engine) as s:
        first = s.scalar(select(IncidentRow.id).order_by(IncidentRow.id).limit(1))
        s.execute(update(IncidentRow).where(IncidentRow.id == first).values(restricted=True))
    # The store's visibility rules decide: the restricted incident goes, and so does every incident
    # that shares an article with it (its text is private now).
    from protestwatch.store import visibility
    with session_scope(engine, write=False) as s:
        still_public = sum(visibility.incident_is_public(s, i) for i in s.scalars(select(IncidentRow.id)))
        total = s.scalar(select(func.count()).select_from(IncidentRow))
    assert still_public < total
    assert client.get(f"/alerts/{ids[0]}.atom?token={ids[1]}").text.count("<entry>") == n - (total - still_public)
    assert client.get(f"/alerts/{ids[2]}.atom?token={ids[3]}").text.count("<entry>") == n
