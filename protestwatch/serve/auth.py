"""Sessions, roles and CSRF tokens for the web app.

Passwords are argon2id hashes made and checked by the store (`store.repo.add_user`/`verify_user`,
argon2-cffi). The session is a signed cookie (itsdangerous) holding the user id and a CSRF token;
it is HttpOnly and SameSite=Lax, so scripts cannot read it and other sites cannot post with it.
Every form carries the token and every POST checks it.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

ROLES = ("viewer", "editor", "admin")
COOKIE = "pw_session"
SESSION_MAX_AGE = 14 * 24 * 3600


def role_at_least(role: str | None, needed: str) -> bool:
    """True when `role` ranks at or above `needed` in viewer < editor < admin."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    name: str
    role: str

    @property
    def is_editor(self) -> bool:
        return role_at_least(self.role, "editor")

    @property
    def is_admin(self) -> bool:
        return role_at_least(self.role, "admin")


class SessionCodec:
    """Sign and read the session cookie's payload: {"uid": int | None, "csrf": str}."""

    def __init__(self, secret_key: str):
        self._s = URLSafeTimedSerializer(secret_key, salt="protestwatch-session")

    def dumps(self, payload: dict) -> str:
        return self._s.dumps(payload)

    def loads(self, raw: str | None) -> dict | None:
        if not raw:
            return None
        try:
            data = self._s.loads(raw, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and isinstance(data.get("csrf"), str) else None


def new_session(uid: int | None = None) -> dict:
    """Return a fresh session; a new CSRF token on every login defeats session fixation."""
    return {"uid": uid, "csrf": secrets.token_urlsafe(32)}


def csrf_matches(session: dict, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.get("csrf", ""), token)
