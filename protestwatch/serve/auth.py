"""Sessions, roles and CSRF tokens for the web app.

Passwords are argon2id hashes made and checked by the store (`store.repo.add_user`/`verify_user`,
argon2-cffi). The session is a signed cookie (itsdangerous) holding a CSRF token and, once logged
in, a random session token whose sha256 the store keeps (`store.repo.start_session`): logging out
or changing the password deletes the row, so a copied cookie stops working. The cookie is HttpOnly
and SameSite=Lax, so scripts cannot read it and other sites cannot post with it. Every form
carries the CSRF token and every POST checks it. `LoginGuard` throttles failed logins per account
and per client and bounds how many argon2 checks (64 MiB each) run at once.
"""
from __future__ import annotations

import contextlib
import hmac
import secrets
import threading
import time
from collections import deque
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
    """Sign and read the session cookie's payload: {"sid": str | None, "csrf": str}."""

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


def new_session(sid: str | None = None) -> dict:
    """Return a fresh session; a new CSRF token on every login defeats session fixation."""
    return {"sid": sid, "csrf": secrets.token_urlsafe(32)}


def csrf_matches(session: dict, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.get("csrf", ""), token)


class LoginBusy(Exception):
    """Too many password checks are running; the caller answers 503 with Retry-After."""


class LoginGuard:
    """Failed-login throttling per account and per client, and a bound on concurrent argon2 checks.

    Counts live in this process (each `--workers` process has its own), over a sliding window; a
    locked account or client is refused before any hash is computed, so guessing costs no memory.
    """

    def __init__(self, *, per_account: int = 5, per_client: int = 20, window: float = 900.0,
                 concurrent: int = 2, wait: float = 10.0, max_keys: int = 100_000):
        self.per_account, self.per_client, self.window = per_account, per_client, window
        self.wait, self.max_keys = wait, max_keys
        self._fails: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, concurrent))

    def _recent(self, key: tuple[str, str], now: float) -> deque:
        q = self._fails.get(key)
        if q is None:
            return deque()
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            del self._fails[key]
        return q

    def retry_after(self, account: str, client: str) -> int:
        """Seconds until this account and client may try again; 0 when they may now."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key, limit in ((("account", account.casefold()), self.per_account), (("client", client), self.per_client)):
                q = self._recent(key, now)
                if len(q) >= limit:
                    wait = max(wait, q[len(q) - limit] + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, account: str, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._fails) >= self.max_keys:
                for key in list(self._fails):
                    self._recent(key, now)
            for key in (("account", account.casefold()), ("client", client)):
                if key in self._fails or len(self._fails) < self.max_keys:
                    self._fails.setdefault(key, deque()).append(now)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._fails.pop(("account", account.casefold()), None)

    @contextlib.contextmanager
    def slot(self):
        """Hold one of the few password-check slots, or raise LoginBusy after `wait` seconds."""
        if not self._slots.acquire(timeout=self.wait):
            raise LoginBusy()
        try:
            yield
        finally:
            self._slots.release()
