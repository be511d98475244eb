"""Shared request dependencies: settings, the database session, the current user, access checks, CSRF."""
from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Form, HTTPException, Request
from sqlalchemy.orm import Session

from .auth import CurrentUser, csrf_matches, role_at_least
from .settings import ServeSettings


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
    """The logged-in, active user named by the session cookie, or None."""
    if hasattr(request.state, "user"):
        return request.state.user
    from . import queries
    uid = request.state.session.get("uid")
    user = queries.get_user(db, uid) if uid is not None else None
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
