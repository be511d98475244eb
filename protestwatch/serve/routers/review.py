"""Review actions on incidents (editors only, CSRF-checked forms): accept, reject, edit, restrict, merge, split.

Each action runs in one write transaction and writes an audit row (who, when, before, after).
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from ...store import session_scope
from .. import queries
from ..auth import CurrentUser
from ..deps import MAX_ID, Id, check_csrf, editor
from ..edits import EditError

router = APIRouter(prefix="/incidents", include_in_schema=False, dependencies=[Depends(check_csrf)])


def _apply(request: Request, fn, *args, **kwargs):
    try:
        with session_scope(request.app.state.engine) as db:
            return fn(db, *args, **kwargs)
    except EditError as exc:
        raise HTTPException(422, str(exc)) from None
    except (queries.ReviewError, ValueError) as exc:
        raise HTTPException(400, str(exc)) from None
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None


def _back(incident_id: int) -> RedirectResponse:
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.post("/{incident_id}/accept")
def accept(request: Request, incident_id: Id, user: CurrentUser = Depends(editor)):
    return _back(_apply(request, queries.set_review_state, incident_id, "accepted", user=user.name))


@router.post("/{incident_id}/reject")
def reject(request: Request, incident_id: Id, user: CurrentUser = Depends(editor)):
    return _back(_apply(request, queries.set_review_state, incident_id, "rejected", user=user.name))


@router.post("/{incident_id}/restrict")
def restrict(request: Request, incident_id: Id, restricted: str = Form("1"), user: CurrentUser = Depends(editor)):
    return _back(_apply(request, queries.set_restricted, incident_id, restricted == "1", user=user.name))


async def submitted_value(request: Request) -> str | None:
    """The form's `value` as sent: "" when submitted empty (a clear), None when not submitted at all
    (FastAPI's Form() would make both None)."""
    value = (await request.form()).get("value")
    return value if isinstance(value, str) else None


@router.post("/{incident_id}/edit")
def edit(request: Request, incident_id: Id, field: str = Form(...), value: str | None = Depends(submitted_value),
         revert: str | None = Form(None), note: str | None = Form(None), user: CurrentUser = Depends(editor)):
    """One field: a submitted value (empty text clears the machine's), or `revert=1` for the machine's back.
    A refused value shows the page again with the reason (422)."""
    if revert == "1":
        changes, reverts = {}, [field]
    elif value is None:
        changes, reverts = {}, []  # no value field at all: nothing was submitted
    else:
        changes, reverts = {field: value}, []
    try:
        with session_scope(request.app.state.engine) as db:
            queries.edit_incident(db, incident_id, changes, revert=reverts, user=user.name,
                                  note=(note or "").strip() or None)
    except EditError as exc:
        from sqlalchemy.orm import Session

        from .pages import render_incident
        with Session(bind=request.app.state.engine) as db:
            return render_incident(request, db, user, incident_id, form_error=str(exc),
                                   form={"field": field, "value": value or ""}, status=422)
    except queries.ReviewError as exc:
        raise HTTPException(400, str(exc)) from None
    return _back(incident_id)


@router.post("/{incident_id}/merge")
def merge(request: Request, incident_id: Id, other: int = Form(..., ge=1, le=MAX_ID), user: CurrentUser = Depends(editor)):
    return _back(_apply(request, queries.merge_incidents, incident_id, other, user=user.name))


@router.post("/{incident_id}/split")
def split(request: Request, incident_id: Id, report: list[int] = Form([]), user: CurrentUser = Depends(editor)):
    return _back(_apply(request, queries.split_incident, incident_id, report, user=user.name))
