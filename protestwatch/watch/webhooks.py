"""Send queued alert changes to their webhooks: POST JSON {"alert": ..., "incident": ...}.

Each row is sent, then marked sent in its own transaction; a failure (no answer, non-2xx) is
logged on the row and retried with exponential backoff, up to MAX_ATTEMPTS. Every POST carries
X-Protestwatch-Delivery (the outbox id): the one window for a repeat is a kill between a
receiver's 2xx and our commit, and that header lets the receiver drop it.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select

from ..store import session_scope
from ..store.alerts import WebhookRefused, alert_record, check_webhook
from ..store.tables import AlertOutboxRow, AlertRow
from .fetch import USER_AGENT

log = logging.getLogger("protestwatch.webhooks")
MAX_ATTEMPTS = 8
RETRY_BASE = 30.0  # seconds; doubles with each failed attempt
TIMEOUT = 10.0


def deliver(engine, *, now: datetime | None = None, client=None) -> dict:
    """Send every due pending row; return {"sent": n, "failed": n, "retrying": n}."""
    import httpx
    now = now or datetime.now(timezone.utc)
    counts = {"sent": 0, "failed": 0, "retrying": 0}
    with session_scope(engine, write=False) as s:
        due = [(o.id, o.payload, a.webhook, alert_record(a), o.attempts) for o, a in s.execute(
            select(AlertOutboxRow, AlertRow).join(AlertRow, AlertRow.id == AlertOutboxRow.alert_id)
            .where(AlertOutboxRow.status == "pending", AlertRow.webhook.is_not(None),
                   or_(AlertOutboxRow.next_attempt.is_(None), AlertOutboxRow.next_attempt <= now))
            .order_by(AlertOutboxRow.id))]
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT})
    try:
        for oid, payload, url, alert, attempts in due:
            error, refused = None, False
            try:
                check_webhook(url, resolve=True)  # where the name points now (SSRF)
                r = client.post(url, json={"alert": alert, "incident": payload},
                                headers={"X-Protestwatch-Delivery": str(oid)})
                if not 200 <= r.status_code < 300:
                    error = f"HTTP {r.status_code}"
            except WebhookRefused as exc:
                error, refused = str(exc), True
            except httpx.HTTPError as exc:
                error = f"{exc.__class__.__name__}: {exc}"
            with session_scope(engine) as s:
                row = s.get(AlertOutboxRow, oid)
                row.attempts = attempts + 1
                if error is None:
                    row.status, row.sent_at, row.last_error = "sent", now, None
                    counts["sent"] += 1
                    log.info("alert %s: incident %s sent to %s", alert["id"], payload["id"], url)
                    continue
                row.last_error = error
                if refused or row.attempts >= MAX_ATTEMPTS:  # a refused address is not retried
                    row.status = "failed"
                    counts["failed"] += 1
                else:
                    row.next_attempt = now + timedelta(seconds=RETRY_BASE * 2 ** (row.attempts - 1))
                    counts["retrying"] += 1
                log.warning("alert %s: webhook %s failed (%s), attempt %d", alert["id"], url, error, row.attempts)
    finally:
        if own:
            client.close()
    return counts


def run_alerts(engine) -> dict:
    """Queue the changes that match alerts, then send what is due."""
    from ..store.alerts import queue_alerts
    with session_scope(engine) as s:
        queued = queue_alerts(s)
    return {"queued": queued, **deliver(engine)}
