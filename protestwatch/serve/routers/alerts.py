"""An Atom feed per alert (`/alerts/<id>.atom`) for feed readers.

A feed reader cannot log in, so the alert's secret token in the URL (`?token=`, printed by
`alert add`) stands for its owner; without it the logged-in user (or anonymous reading) is the
reader. Entries are the alert's matches, dropped when the incident is now restricted and the
owner or the reader may not see restricted records.
"""
from __future__ import annotations

import hmac
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...store import visibility
from ...store.alerts import alert_entries, owner_sees_restricted
from ...store.tables import AlertRow, IncidentRow
from ..auth import CurrentUser
from ..deps import Id, can_see_restricted, current_user, get_db, get_settings
from ..settings import ServeSettings

router = APIRouter(include_in_schema=False)


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
    base = str(request.base_url).rstrip("/")
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
            f"<link href=\"{escape(base)}/incidents/{row.incident_id}\"/>"
            f"<summary>{escape(summary)}</summary></entry>")
    updated = alert.created_at.isoformat()
    xml = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>urn:protestwatch:alert:{alert.id}</id>"
           f"<title>protestwatch alert {alert.id}: {escape(alert.kind)} {escape(alert.value)}</title>"
           f"<updated>{updated}</updated>{''.join(entries)}</feed>")
    return Response(xml, media_type="application/atom+xml")
