"""Webhooks cannot be pointed inside (SSRF): a loopback, private, link-local or metadata address,
given literally or by a name that resolves to one at delivery time, is refused with a message
naming the host and the setting that allows it; PROTESTWATCH_WEBHOOK_ALLOW_HOSTS exempts a host."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from protestwatch.store import open_db, session_scope
from protestwatch.store.alerts import WebhookRefused, add_alert, check_webhook
from protestwatch.store.tables import AlertOutboxRow, AlertRow, utcnow
from protestwatch.watch.webhooks import deliver


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/h", "http://[::1]/h", "http://10.0.0.5/h",
                                 "http://192.168.1.20/h", "http://169.254.169.254/latest/meta-data",
                                 "http://[::ffff:127.0.0.1]/h", "http://0.0.0.0/h", "http://localhost:9/h",
                                 "http://printer.local/h"])
def test_inside_addresses_are_refused_when_added(tmp_path, monkeypatch, url):
    monkeypatch.delenv("PROTESTWATCH_WEBHOOK_ALLOW_HOSTS", raising=False)
    engine = open_db(tmp_path / "a.db")
    with pytest.raises(WebhookRefused, match="PROTESTWATCH_WEBHOOK_ALLOW_HOSTS"):
        with session_scope(engine) as s:
            add_alert(s, "place", "Almaty", webhook=url)
    with session_scope(engine, write=False) as s:
        assert s.scalars(select(AlertRow)).all() == []


def test_public_and_allowed_hosts_pass(monkeypatch):
    monkeypatch.delenv("PROTESTWATCH_WEBHOOK_ALLOW_HOSTS", raising=False)
    assert check_webhook("https://hooks.example.org/x") == "https://hooks.example.org/x"
    assert check_webhook("http://93.184.215.14/x") == "http://93.184.215.14/x"
    monkeypatch.setenv("PROTESTWATCH_WEBHOOK_ALLOW_HOSTS", "hooks.lan, 127.0.0.1")
    assert check_webhook("http://127.0.0.1:9/x") and check_webhook("http://HOOKS.lan/x")
    with pytest.raises(WebhookRefused):
        check_webhook("http://10.1.1.1/x")


def test_a_name_that_resolves_inside_is_refused_at_delivery(tmp_path, monkeypatch, receiver):
    import socket
    name = socket.gethostname()  # a plain name (no "localhost") that resolves to this machine
    try:
        if {i[4][0] for i in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)} != {"127.0.0.1"}:
            pytest.skip(f"{name} does not resolve to 127.0.0.1 alone here")
    except OSError:
        pytest.skip(f"{name} does not resolve")
    url, got, _ = receiver
    monkeypatch.delenv("PROTESTWATCH_WEBHOOK_ALLOW_HOSTS")  # the receiver allowed loopback; not here
    port = url.rsplit(":", 1)[1]
    engine = open_db(tmp_path / "a.db")
    with session_scope(engine) as s:  # stored as an older version stored it, before the check
        alert = AlertRow(kind="place", value="Almaty", webhook=f"http://{name}:{port}/in", token="t",
                         active=True, created_at=utcnow())
        s.add(alert)
        s.flush()
        s.add(AlertOutboxRow(alert_id=alert.id, incident_id=1, version="v", payload={"id": 1}, status="pending",
                             attempts=0, next_attempt=utcnow(), created_at=utcnow()))
    assert deliver(engine) == {"sent": 0, "failed": 1, "retrying": 0}
    assert got == []  # nothing reached the loopback receiver
    with session_scope(engine, write=False) as s:
        row = s.scalars(select(AlertOutboxRow)).one()
    assert row.status == "failed" and name in row.last_error and "127.0.0.1" in row.last_error and "ALLOW_HOSTS" in row.last_error
    monkeypatch.setenv("PROTESTWATCH_WEBHOOK_ALLOW_HOSTS", name)  # allowed: delivered
    with session_scope(engine) as s:
        row = s.scalars(select(AlertOutboxRow)).one()
        row.status, row.attempts = "pending", 0
    assert deliver(engine)["sent"] == 1 and [p for p, *_ in got] == ["/in"]
