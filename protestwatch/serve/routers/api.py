"""JSON API over the same data as the pages; documented at /docs (OpenAPI at /openapi.json).

Anonymous callers (when anonymous reading is on) and viewers never receive restricted records.
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from .. import queries
from ..auth import CurrentUser, csrf_matches
from ..deps import MAX_ID, Id, can_see_restricted, check_text, editor, get_db, get_settings, reader
from ..schemas import AuditEntry, CaseDetail, EventPage, IncidentDetail, IncidentEdit
from ..settings import ServeSettings
from .pages import filters_from

router = APIRouter(prefix="/api", tags=["events"])

EXPORT_FORMATS = {"jsonl": "application/x-ndjson", "geojson": "application/geo+json",
                  "acled-csv": "text/csv", "plover-json": "application/json"}


@router.get("/events", response_model=EventPage, summary="List incidents matching filters")
def api_events(f=Depends(filters_from), page: int = Query(1, ge=1, le=MAX_ID), per_page: int | None = Query(None, ge=1, le=500),
               user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db),
               settings: ServeSettings = Depends(get_settings)):
    """Incidents (clusters of reports of one event), newest first, one page at a time.

    Filters: `type` (contract event type), `country` (ISO 3166-1 alpha-2), `since`/`until` (ISO dates),
    `person` (part of a name or alias), `q` (words in the source articles)."""
    return queries.list_events(db, f, page=page, per_page=per_page or settings.page_size,
                               see_restricted=can_see_restricted(user))


@router.get("/incidents/{incident_id}", response_model=IncidentDetail, summary="One incident with its reports")
def api_incident(incident_id: Id, user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db)):
    """Merged fields (machine value, reviewer's edit, sources, disagreements) and every source report
    with its article text and evidence offsets."""
    inc = queries.incident_detail(db, incident_id, see_restricted=can_see_restricted(user))
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return inc


@router.patch("/incidents/{incident_id}", response_model=IncidentDetail, summary="Edit an incident (editors)")
def api_edit_incident(request: Request, incident_id: Id, body: IncidentEdit,
                      x_csrf_token: str | None = Header(None, description="the session's CSRF token (from any form)"),
                      user: CurrentUser = Depends(editor)):
    """Set, clear or revert fields of an incident; every contract field is editable. Values are checked
    (contract enums, ISO 3166-1 countries, ISO 4217 currencies, ISO 8601 dates and durations): a bad one
    is refused with 422 naming the field. Each edit is one audit-log entry (who, when, before, after)."""
    if not csrf_matches(request.state.session, x_csrf_token):
        raise HTTPException(403, "missing or wrong X-CSRF-Token header")
    from ...store import session_scope
    from ..edits import EditError
    try:
        with session_scope(request.app.state.engine) as db:
            queries.edit_incident(db, incident_id, body.changes, revert=body.revert, user=user.name,
                                  note=(body.note or "").strip() or None)
    except EditError as exc:
        raise HTTPException(422, str(exc)) from None
    except queries.ReviewError as exc:
        raise HTTPException(404, str(exc)) from None
    with Session(bind=request.app.state.engine) as db:
        return queries.incident_detail(db, incident_id, see_restricted=True)


@router.get("/incidents/{incident_id}/place-candidates", summary="Places a name may stand for (editors)")
def api_place_candidates(incident_id: Id, name: str = Query(..., min_length=1, max_length=200),
                         country: str | None = Query(None, max_length=2, description="ISO 3166-1 alpha-2, narrows the lookup"),
                         user: CurrentUser = Depends(editor), db: Session = Depends(get_db)) -> list[dict]:
    """The gazetteer records `name` may stand for, best first, ranked in this incident's article context
    as a `place.name` edit would be (the first is what it would choose); nothing is saved."""
    check_text("name", name)
    if queries.incident_detail(db, incident_id, see_restricted=True) is None:
        raise HTTPException(404, f"no incident {incident_id}")
    from ..edits import geocode
    return [p.model_dump(mode="json", exclude_none=True, exclude={"alternatives"})
            for p in geocode(db, incident_id, " ".join(name.split()), country=(country or "").upper() or None)]


@router.get("/cases/{case_id}", response_model=CaseDetail, summary="A person's case chain")
def api_case(case_id: Id, user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db)):
    """The person's events across articles in order (protest, detention, charge, trial, ... release).
    Case ids appear as `persons[].case_id` in /api/events."""
    case = queries.case_by_id(db, case_id, see_restricted=can_see_restricted(user))
    if case is None:
        raise HTTPException(404, f"no case {case_id}")
    return case


@router.get("/map", summary="Incidents with coordinates as GeoJSON")
def api_map(f=Depends(filters_from), limit: int = Query(queries.MAP_LIMIT, ge=1, le=20000),
            user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db)) -> dict:
    """An RFC 7946 FeatureCollection of incident points (what the map page draws): the newest
    `limit` matches; `truncated` says whether more matched, `matched` then says how many."""
    return queries.map_points(db, f, see_restricted=can_see_restricted(user), limit=limit)


@router.get("/audit", response_model=list[AuditEntry], summary="Recent review actions (editors)")
def api_audit(incident_id: int | None = Query(None, ge=1, le=MAX_ID), limit: int = Query(200, ge=1, le=5000),
              user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db)):
    if not can_see_restricted(user):
        raise HTTPException(403, "editors only")
    return queries.audit_entries(db, incident_id=incident_id, limit=limit)


@router.get("/export", summary="Export incidents (acled-csv, plover-json, geojson, jsonl)")
def api_export(format: Literal["jsonl", "geojson", "acled-csv", "plover-json"] = "jsonl", f=Depends(filters_from),
               user: CurrentUser | None = Depends(reader), db: Session = Depends(get_db)):
    """A public export of the incidents matching the filters: restricted and rejected records are
    always left out, whoever asks."""
    from .. import exports
    body = exports.export(db, format, f)
    ext = {"acled-csv": "csv", "plover-json": "json"}.get(format, format)
    return StreamingResponse(iter([body]), media_type=EXPORT_FORMATS[format],
                             headers={"Content-Disposition": f'attachment; filename="protestwatch.{ext}"'})
