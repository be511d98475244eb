"""HTML pages: events list, map, timeline, incident, person, audit log, login."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ...vocab import EventType
from .. import queries
from ..auth import CurrentUser, new_session
from ..deps import can_see_restricted, check_csrf, editor, get_db, get_settings, reader
from ..render import build_timeline, highlight_segments
from ..schemas import EventFilters
from ..settings import ServeSettings

router = APIRouter(include_in_schema=False)
TYPES = [t.value for t in EventType]


def filters_from(type: str | None = None, country: str | None = None, since: str | None = None,
                 until: str | None = None, person: str | None = None, q: str | None = None) -> EventFilters:
    """Read the shared filter parameters; blank form fields count as absent."""
    blank = lambda v: (v or "").strip() or None  # noqa: E731
    return EventFilters(type=blank(type), country=blank(country), since=blank(since), until=blank(until),
                        person=blank(person), q=blank(q))


def _query(f: EventFilters) -> str:
    return urlencode({k: v for k, v in f.model_dump().items() if v})


def _app_render(request: Request, name: str, **ctx) -> HTMLResponse:
    from ..app import render
    return render(request, name, **ctx)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=307)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: EventFilters = Depends(filters_from), page: int = Query(1, ge=1),
                user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db),
                settings: ServeSettings = Depends(get_settings)):
    result = queries.list_events(db, f, page=page, per_page=settings.page_size, see_restricted=can_see_restricted(user))
    return _app_render(request, "events.html", nav="events", filters=f, page=result, query=_query(f), types=TYPES)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, f: EventFilters = Depends(filters_from), user: CurrentUser | None = Depends(reader)):
    return _app_render(request, "map.html", nav="map", filters=f, query=_query(f), types=TYPES)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, f: EventFilters = Depends(filters_from),
                  user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db)):
    chart = build_timeline(queries.timeline_rows(db, f, see_restricted=can_see_restricted(user)))
    return _app_render(request, "timeline.html", nav="timeline", filters=f, query=_query(f), types=TYPES, chart=chart)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: int, user: CurrentUser | None = Depends(reader),
                  db: Session = Depends(get_db)):
    editor_view = can_see_restricted(user)
    inc = queries.incident_detail(db, incident_id, see_restricted=editor_view)
    if inc is None:
        raise HTTPException(404, f"No incident {incident_id}.")
    for r in inc.reports:
        spans = [(e.get("start"), e.get("end"), e.get("field", "?")) for e in r.event.get("evidence", [])
                 if isinstance(e, dict)]
        r.__dict__["segments"] = highlight_segments(r.article.text or "", spans)
    audit = queries.audit_entries(db, incident_id=incident_id) if editor_view else []
    return _app_render(request, "incident.html", inc=inc, audit=audit, editable=queries.EDITABLE)


@router.get("/persons/{entity_id}", response_class=HTMLResponse)
def person_page(request: Request, entity_id: int, user: CurrentUser | None = Depends(reader),
                db: Session = Depends(get_db)):
    case = queries.case_for_person(db, entity_id, see_restricted=can_see_restricted(user))
    if case is None:
        raise HTTPException(404, f"No person {entity_id}.")
    return _app_render(request, "person.html", case=case)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: CurrentUser = Depends(editor), db: Session = Depends(get_db)):
    return _app_render(request, "audit.html", nav="audit", entries=queries.audit_entries(db, limit=500))


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect after login would help phishing.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/events"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None):
    return _app_render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(...), password: str = Form(...), next: str = Form("/events"),
          db: Session = Depends(get_db)):
    user = queries.authenticate(db, username.strip(), password)
    if user is None:
        request.state.user = None
        from ..app import render
        return render(request, "login.html", status_code=401, next=_safe_next(next), error="Wrong name or password.")
    request.state.session = new_session(user.id)
    request.state.session_changed = True
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request):
    request.state.session = new_session(None)
    request.state.session_changed = True
    return RedirectResponse("/events", status_code=303)
