"""Shared request dependencies: settings, the database session, the current user, access checks, CSRF."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Path, Request
from sqlalchemy.orm import Session

from .auth import CurrentUser, csrf_matches, role_at_least
from .settings import ServeSettings


# Ids are 64-bit in every database the store runs on; larger ones are refused (422), not 500.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="a positive 64-bit id")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(name: str, value: str | None) -> None:
    """Refuse text parameters with control characters (a NUL breaks full-text search)."""
    if value and _CONTROL.search(value):
        raise HTTPException(422, f"{name}: control characters (such as NUL) are not allowed")


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to /login."""


def get_settings(request: Request) -> ServeSettings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    """Yield a read session; routes that write open `store.session_scope` themselves."""
    session = Session(bind=request.app.state.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def current_user(request: Request, db: Session = Depends(get_db)) -> CurrentUser | None:
    """The logged-in, active user of the session cookie's server-side session, or None."""
    if hasattr(request.state, "user"):
        return request.state.user
    from . import queries
    sid = request.state.session.get("sid")
    user = queries.session_user(db, sid) if sid else None
    request.state.user = user
    return user


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def reader(request: Request, user: CurrentUser | None = Depends(current_user),
           settings: ServeSettings = Depends(get_settings)) -> CurrentUser | None:
    """Allow anyone when anonymous reading is on; otherwise a logged-in user."""
    if user is None and not settings.anonymous_read:
        if _wants_html(request):
            raise LoginRequired()
        raise HTTPException(401, "log in to read; anonymous reading is switched off")
    return user


def editor(request: Request, user: CurrentUser | None = Depends(current_user)) -> CurrentUser:
    if user is None:
        if _wants_html(request):
            raise LoginRequired()
        raise HTTPException(401, "log in as an editor")
    if not role_at_least(user.role, "editor"):
        raise HTTPException(403, "editors only")
    return user


def check_csrf(request: Request, csrf_token: str | None = Form(None)) -> None:
    """Reject a POST whose form token does not match the session's."""
    if not csrf_matches(request.state.session, csrf_token):
        raise HTTPException(403, "the form has expired or did not come from this site; reload the page and try again")


def can_see_restricted(user: CurrentUser | None) -> bool:
    return user is not None and role_at_least(user.role, "editor")
