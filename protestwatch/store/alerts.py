"""Alerts in the store: add, list, remove; find the incidents created or changed since an
alert was last checked that match it, and queue one outbox row per change.

A change is identified by the hash of the payload the alert would send, so re-linking that
changes nothing queues nothing, and the unique (alert, incident, version) key means a change
is queued once even when two processes check at the same time. Payloads hold only what the
alert's owner may see: restricted incidents never reach alerts of anonymous or viewer owners.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import secrets
import socket
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..link.alerts import KINDS, matches
from ..vocab import EventType
from .repo import _insert, apply_edits
from .tables import (AlertOutboxRow, AlertRow, ArticleRow, EntityRow, IncidentRow, ParticipantRow, ReportRow,
                     UserRow, utcnow)

EVENT_TYPES = tuple(t.value for t in EventType)
MAX_VALUE = 200
MAX_WEBHOOK = 2000
ALLOW_HOSTS_ENV = "PROTESTWATCH_WEBHOOK_ALLOW_HOSTS"  # comma-separated hosts exempt from the address check


class WebhookRefused(ValueError):
    """A webhook URL that would make the server POST somewhere it must not; the message says why."""


def _allowed_hosts() -> set[str]:
    return {h.strip().lower().strip("[]") for h in os.environ.get(ALLOW_HOSTS_ENV, "").split(",") if h.strip()}


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_webhook(url: str, *, resolve: bool = False) -> str:
    """Return the URL when the server may POST to it, else raise WebhookRefused: http(s) with a
    host, and (against SSRF) no loopback, private, link-local or otherwise non-public address,
    given literally or, with `resolve`, by any address the name resolves to now (checked again
    at each delivery, so a name that later points inside is refused then). Hosts listed in
    PROTESTWATCH_WEBHOOK_ALLOW_HOSTS (a receiver on this machine or the LAN) are exempt."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise WebhookRefused(f"the webhook must be an http(s) URL with a host (got {url[:80]!r})") from None
    if parts.scheme not in ("http", "https") or not host or len(url) > MAX_WEBHOOK:
        raise WebhookRefused(f"the webhook must be an http(s) URL with a host (got {url[:80]!r})")
    if host.lower() in _allowed_hosts():
        return url
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = []
        if host.lower() == "localhost" or host.lower().endswith((".localhost", ".local", ".internal")):
            raise WebhookRefused(f"the webhook host {host} is on this machine or a private network; "
                                 f"allow it with {ALLOW_HOSTS_ENV}={host}") from None
        if resolve:
            try:
                addresses = [info[4][0] for info in socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)]
            except OSError:
                return url  # not resolvable now: the POST fails and is retried like any network error
    bad = next((a for a in addresses if _private(a)), None)
    if bad is not None:
        raise WebhookRefused(f"the webhook host {host} is a loopback, private or link-local address ({bad}); "
                             f"allow it with {ALLOW_HOSTS_ENV}={host}")
    return url


def add_alert(session: Session, kind: str, value: str, *, country: str | None = None,
              webhook: str | None = None, owner: str | None = None) -> AlertRow:
    if kind not in KINDS:
        raise ValueError(f"alert kind must be one of {', '.join(KINDS)}")
    value = (value or "").strip()
    if not value:
        raise ValueError("an alert needs a name, a place or a type")
    if kind == "type" and value not in EVENT_TYPES:
        raise ValueError(f"unknown event type {value!r}; one of {', '.join(EVENT_TYPES)}")
    if len(value) > MAX_VALUE:
        raise ValueError(f"an alert's name or place is at most {MAX_VALUE} characters")
    if country is not None:
        country = country.strip().upper() or None
        if country is not None and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code such as KZ (got {country!r})")
    webhook = (webhook or "").strip() or None
    if webhook is not None:
        check_webhook(webhook)  # literal addresses now; names are resolved and checked at each delivery
    if owner is not None and session.scalar(select(UserRow).where(UserRow.name == owner)) is None:
        raise LookupError(f"no user {owner!r}")
    row = AlertRow(kind=kind, value=value, country=country, webhook=webhook,
                   owner=owner, token=secrets.token_urlsafe(24), active=True, created_at=utcnow(),
                   checked_until=utcnow())
    session.add(row)
    session.flush()
    return row


def list_alerts(session: Session) -> list[AlertRow]:
    return list(session.scalars(select(AlertRow).order_by(AlertRow.id)))


def remove_alert(session: Session, alert_id: int) -> AlertRow:
    row = session.get(AlertRow, alert_id)
    if row is None:
        raise LookupError(f"no alert {alert_id}")
    session.delete(row)
    session.flush()
    return row


def alert_record(row: AlertRow) -> dict:
    return {"id": row.id, "kind": row.kind, "value": row.value, "country": row.country,
            "webhook": row.webhook, "owner": row.owner, "active": row.active}


def owner_sees_restricted(session: Session, owner: str | None) -> bool:
    """Editors and admins (active) see restricted records; anonymous and viewers do not."""
    if owner is None:
        return False
    user = session.scalar(select(UserRow).where(UserRow.name == owner))
    return bool(user and user.active and user.role in ("editor", "admin"))


def incident_view(session: Session, incident: IncidentRow, *, see_restricted: bool) -> tuple[dict, dict]:
    """(what matching looks at, the payload sent): both from reports the owner may see."""
    reports = [r for r in session.scalars(select(ReportRow).where(ReportRow.incident_id == incident.id)
                                          .order_by(ReportRow.id)) if see_restricted or not r.restricted]
    event = apply_edits(incident.merged or {}, incident.edits or {})
    names: list[str] = []
    people: list[str] = []
    for p in session.scalars(select(ParticipantRow).where(ParticipantRow.report_id.in_([r.id for r in reports]))
                             .order_by(ParticipantRow.id)):
        if p.kind != "person":
            continue
        if p.name not in people:
            people.append(p.name)
        names.append(p.name)
        if p.entity_id:
            entity = session.get(EntityRow, p.entity_id)
            if entity is not None:
                names.extend([entity.name, *(entity.aliases or ())])
    articles = {a.id: a for a in session.scalars(select(ArticleRow).where(
        ArticleRow.id.in_({r.article_id for r in reports})))} if reports else {}
    urls = [articles[r.article_id].url for r in reports if articles.get(r.article_id) and articles[r.article_id].url]
    place = event.get("place") or {}
    match = {"type": incident.type, "country": incident.country, "names": names,
             "places": [incident.place_name, incident.admin1, incident.venue, place.get("name")]}
    payload = {"id": incident.id, "type": incident.type, "subtype": incident.subtype,
               "date": incident.date_start, "place": {"name": incident.place_name, "admin1": incident.admin1,
                                                      "country": incident.country, "venue": incident.venue},
               "people": people, "url": urls[0] if urls else None, "reports": len(reports)}
    return match, payload


def queue_alerts(session: Session) -> int:
    """Queue one outbox row per (alert, matching incident change) since each alert's last check."""
    queued = 0
    for alert in session.scalars(select(AlertRow).where(AlertRow.active.is_(True)).order_by(AlertRow.id)):
        see = owner_sees_restricted(session, alert.owner)
        stmt = select(IncidentRow).order_by(IncidentRow.updated_at, IncidentRow.id)
        if alert.checked_until is not None:
            stmt = stmt.where(IncidentRow.updated_at >= alert.checked_until)
        if not see:
            stmt = stmt.where(IncidentRow.restricted.is_(False))
        if alert.kind == "type":
            stmt = stmt.where(IncidentRow.type == alert.value)
        if alert.country:
            stmt = stmt.where(IncidentRow.country == alert.country)
        last = alert.checked_until
        for incident in session.scalars(stmt):
            last = incident.updated_at if last is None or incident.updated_at > last else last
            if incident.review_state == "rejected":
                continue
            match, payload = incident_view(session, incident, see_restricted=see)
            if not payload["reports"] or not matches(alert.kind, alert.value, alert.country, match):
                continue
            version = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
            stmt_ins = _insert(session, AlertOutboxRow.__table__).values(
                alert_id=alert.id, incident_id=incident.id, version=version, payload=payload,
                status="pending" if alert.webhook else "feed-only", attempts=0, next_attempt=utcnow(),
                created_at=utcnow()).on_conflict_do_nothing()
            queued += session.execute(stmt_ins).rowcount or 0
        alert.checked_until = last
    session.flush()
    return queued


def alert_entries(session: Session, alert_id: int, *, limit: int = 50) -> list[AlertOutboxRow]:
    return list(session.scalars(select(AlertOutboxRow).where(AlertOutboxRow.alert_id == alert_id)
                                .order_by(AlertOutboxRow.id.desc()).limit(limit)))
