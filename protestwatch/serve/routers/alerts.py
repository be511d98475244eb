"""Alerts in the web app: editors list, add and remove them (`/alerts`, CSRF-checked forms, the
same validation as `protestwatch alert add`), and an Atom feed per alert (`/alerts/<id>.atom`).

An alert added here is owned by the editor who adds it, or by nobody ("public records only"); the
owner's role bounds what it carries, so no one can add an alert that sees more than they do.

A feed reader cannot log in, so the alert's secret token in the URL (`?token=`, printed by
`alert add`) stands for its owner; without it the logged-in user (or anonymous reading) is the
reader. Entries are the alert's matches, dropped when the incident is now restricted and the
owner or the reader may not see restricted records.
"""
from __future__ import annotations

import hmac
from xml.sax.saxutils import escape, quoteattr

from typing import Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...store import repo, session_scope, visibility
from ...store.alerts import EVENT_TYPES, add_alert, alert_entries, alert_record, list_alerts, owner_sees_restricted
from ...store.tables import AlertOutboxRow, AlertRow, IncidentRow
from ..auth import CurrentUser
from ..deps import Id, can_see_restricted, check_csrf, check_text, current_user, editor, get_db, get_settings
from ..settings import ServeSettings

router = APIRouter(include_in_schema=False)


def _feed_path(alert: AlertRow, user: CurrentUser) -> str | None:
    """The feed URL with its token, shown only to whom the token stands for: the owner, or any
    editor for an alert owned by nobody (it carries public records only)."""
    if alert.owner is None or alert.owner == user.name:
        return f"/alerts/{alert.id}.atom?token={alert.token}"
    return None


def _alerts_page(request: Request, db: Session, user: CurrentUser, *, status_code: int = 200,
                 error: str | None = None, form: dict | None = None, flashes: list[str] | None = None):
    from ..app import render
    sent = dict(db.execute(select(AlertOutboxRow.alert_id, func.count()).where(AlertOutboxRow.status == "sent")
                           .group_by(AlertOutboxRow.alert_id)).all())
    rows = [{**alert_record(a), "feed": _feed_path(a, user), "sent": sent.get(a.id, 0)} for a in list_alerts(db)]
    return render(request, "alerts.html", status_code=status_code, nav="alerts", alerts=rows, types=EVENT_TYPES,
                  error=error, form=form or {}, flashes=flashes or [])


@router.get("/alerts")
def alerts_page(request: Request, added: int | None = None, removed: int | None = None,
                user: CurrentUser = Depends(editor), db: Session = Depends(get_db)):
    flashes = []
    if added:
        flashes.append(f"Alert {added} added.")
    if removed:
        flashes.append(f"Alert {removed} removed.")
    return _alerts_page(request, db, user, flashes=flashes)


@router.post("/alerts", dependencies=[Depends(check_csrf)])
def alerts_add(request: Request, kind: Literal["person", "place", "type"] = Form(...),
               value: str = Form("", max_length=1000), country: str = Form("", max_length=64),
               webhook: str = Form("", max_length=4000), owner: Literal["me", "public"] = Form("me"),
               user: CurrentUser = Depends(editor), db: Session = Depends(get_db)):
    form = {"kind": kind, "value": value, "country": country, "webhook": webhook, "owner": owner}
    for name, text in form.items():
        check_text(name, text)
    try:
        with session_scope(request.app.state.engine) as s:
            row = add_alert(s, kind, value, country=country or None, webhook=webhook or None,
                            owner=user.name if owner == "me" else None)
            record = alert_record(row)
            repo.log_audit(s, user=user.name, action="alert-add", target_kind="alert", target_id=row.id,
                           after=record)
    except (ValueError, LookupError) as exc:
        return _alerts_page(request, db, user, status_code=400, error=str(exc).strip("'\""), form=form)
    return RedirectResponse(f"/alerts?added={record['id']}", status_code=303)


@router.post("/alerts/{alert_id}/remove", dependencies=[Depends(check_csrf)])
def alerts_remove(request: Request, alert_id: Id, user: CurrentUser = Depends(editor)):
    from ...store.alerts import remove_alert
    try:
        with session_scope(request.app.state.engine) as s:
            before = alert_record(remove_alert(s, alert_id))
            repo.log_audit(s, user=user.name, action="alert-remove", target_kind="alert", target_id=alert_id,
                           before=before)
    except LookupError as exc:
        raise HTTPException(404, str(exc).strip("'\"")) from None
    return RedirectResponse(f"/alerts?removed={alert_id}", status_code=303)


@router.get("/alerts/{alert_id}.atom")
def alert_feed(request: Request, alert_id: Id, token: str | None = None, db: Session = Depends(get_db),
               user: CurrentUser | None = Depends(current_user), settings: ServeSettings = Depends(get_settings)):
    alert = db.get(AlertRow, alert_id)
    if alert is None:
        raise HTTPException(404, f"no alert {alert_id}")
    by_token = bool(token) and hmac.compare_digest(token, alert.token)
    if not by_token and user is None and not settings.anonymous_read:
        raise HTTPException(401, "log in, or use the feed URL with its token")
    see = owner_sees_restricted(db, alert.owner) and (by_token or can_see_restricted(user))
    # Absolute links only from the configured base URL: the Host header is the client's to choose.
    base = settings.base_url or ""
    entries = []
    for row in alert_entries(db, alert.id):
        incident = db.get(IncidentRow, row.incident_id)
        # The store's visibility rules, not the incident's own flag (a restricted report hides it too).
        if incident is None or (not see and not visibility.incident_is_public(db, incident.id)):
            continue
        p = row.payload
        title = f"{p.get('type')}: {', '.join(p.get('people') or []) or (p.get('place') or {}).get('name') or ''}"
        summary = f"{p.get('date') or 'date unknown'}, {(p.get('place') or {}).get('name') or 'place unknown'}; " \
                  f"{p.get('reports')} reports"
        entries.append(
            f"<entry><id>urn:protestwatch:alert:{alert.id}:{row.id}</id><title>{escape(title)}</title>"
            f"<updated>{row.created_at.isoformat()}</updated>"
            f"<link href={quoteattr(f'{base}/incidents/{row.incident_id}')}/>"
            f"<summary>{escape(summary)}</summary></entry>")
    updated = alert.created_at.isoformat()
    xml = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>urn:protestwatch:alert:{alert.id}</id>"
           f"<title>protestwatch alert {alert.id}: {escape(alert.kind)} {escape(alert.value)}</title>"
           f"<updated>{updated}</updated>{''.join(entries)}</feed>")
    return Response(xml, media_type="application/atom+xml")
