"""HTML pages: events list, map, timeline, incident, person, audit log, login."""
from __future__ import annotations

from typing import Literal

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ...vocab import EventType
from .. import edits, queries
from ..auth import CurrentUser, LoginBusy, new_session
from ..deps import MAX_ID, Id, can_see_restricted, check_csrf, check_text, editor, get_db, get_settings, reader
from ..render import build_timeline, highlight_segments
from ..schemas import EventFilters
from ..settings import ServeSettings

router = APIRouter(include_in_schema=False)
TYPES = [t.value for t in EventType]


# Longest accepted filter values: longer ones are refused (422) before any query runs.
FILTER_LIMITS = {"type": 64, "country": 64, "since": 32, "until": 32, "person": 200, "q": 500}


def filters_from(type: str | None = Query(None, max_length=FILTER_LIMITS["type"]),
                 country: str | None = Query(None, max_length=FILTER_LIMITS["country"]),
                 since: str | None = Query(None, max_length=FILTER_LIMITS["since"]),
                 until: str | None = Query(None, max_length=FILTER_LIMITS["until"]),
                 person: str | None = Query(None, max_length=FILTER_LIMITS["person"]),
                 q: str | None = Query(None, max_length=FILTER_LIMITS["q"]),
                 scope: Literal["political", "ordinary", "all"] = Query(
                     "political", description="political (default), ordinary or all")) -> EventFilters:
    """Read the shared filter parameters; blank form fields count as absent; control characters
    (a NUL breaks full-text search) are refused with 422."""
    values = {"type": type, "country": country, "since": since, "until": until, "person": person, "q": q}
    for name, value in values.items():
        check_text(name, value)
    return EventFilters(**{k: (v or "").strip() or None for k, v in values.items()}, scope=scope)


def _query(f: EventFilters) -> str:
    return urlencode({k: v for k, v in f.model_dump().items() if v and not (k == "scope" and v == "political")})


def _app_render(request: Request, name: str, **ctx) -> HTMLResponse:
    from ..app import render
    return render(request, name, **ctx)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=307)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: EventFilters = Depends(filters_from), page: int = Query(1, ge=1, le=MAX_ID),
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
def incident_page(request: Request, incident_id: Id, user: CurrentUser | None = Depends(reader),
                  db: Session = Depends(get_db)):
    return render_incident(request, db, user, incident_id)


def render_incident(request: Request, db: Session, user: CurrentUser | None, incident_id: int, *,
                    form_error: str | None = None, form: dict | None = None, status: int = 200) -> HTMLResponse:
    """The incident page; after a refused edit, with the reason and the submitted value kept (422)."""
    editor_view = can_see_restricted(user)
    inc = queries.incident_detail(db, incident_id, see_restricted=editor_view)
    if inc is None:
        raise HTTPException(404, f"No incident {incident_id}.")
    for r in inc.reports:
        spans = [(e.get("start"), e.get("end"), e.get("field", "?")) for e in r.event.get("evidence", [])
                 if isinstance(e, dict)]
        r.__dict__["segments"] = highlight_segments(r.article.text or "", spans)
    audit = queries.audit_entries(db, incident_id=incident_id) if editor_view else []
    response = _app_render(request, "incident.html", inc=inc, audit=audit, editable=edits.EDITABLE,
                           candidates=queries.place_candidates(inc) if editor_view else [],
                           current=edits.current_texts(inc.merged, inc.edits) if editor_view else {},
                           form_error=form_error, form=form or {}, status_code=status)
    return response


@router.get("/persons/{entity_id}", response_class=HTMLResponse)
def person_page(request: Request, entity_id: Id, user: CurrentUser | None = Depends(reader),
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


def _login_refused(request: Request, status: int, message: str, next: str, retry_after: int | None = None):
    from ..app import render
    request.state.user = None
    response = render(request, "login.html", status_code=status, next=_safe_next(next), error=message)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(..., max_length=128), password: str = Form(..., max_length=1024),
          next: str = Form("/events", max_length=2000)):
    """Check a password (throttled per account and client, a few argon2 checks at once) and
    start a server-side session."""
    from ...store import repo, session_scope
    guard = request.app.state.login_guard
    name, client = username.strip(), (request.client.host if request.client else "unknown")
    wait = guard.retry_after(name, client)
    if wait:
        return _login_refused(request, 429, f"Too many failed logins; try again in {wait} seconds.", next, wait)
    try:
        with guard.slot(), session_scope(request.app.state.engine, write=False) as db:
            user = queries.authenticate(db, name, password)
    except LoginBusy:
        return _login_refused(request, 503, "The server is checking other logins; try again in a few seconds.",
                              next, 5)
    if user is None:
        guard.failed(name, client)
        return _login_refused(request, 401, "Wrong name or password.", next)
    guard.succeeded(name)
    with session_scope(request.app.state.engine) as db:
        token = repo.start_session(db, user.id)
    request.state.session = new_session(token)
    request.state.session_changed = True
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request):
    """End the server-side session, so a copy of the cookie no longer logs anyone in."""
    from ...store import repo, session_scope
    sid = request.state.session.get("sid")
    if sid:
        with session_scope(request.app.state.engine) as db:
            repo.end_session(db, sid)
    request.state.session = new_session(None)
    request.state.session_changed = True
    return RedirectResponse("/events", status_code=303)
