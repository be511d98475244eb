"""Web app settings, declared once as (name, default, help); read from PROTESTWATCH_* or arguments."""
from __future__ import annotations

import os
import secrets

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

SETTINGS = (
    ("db", None, "database: a SQLAlchemy URL or a SQLite path (PROTESTWATCH_DB)"),
    ("anonymous_read", True, "let visitors who are not logged in read pages and the API (PROTESTWATCH_ANONYMOUS_READ)"),
    ("secret_key", None, "key that signs session cookies; random per process when unset (PROTESTWATCH_SECRET_KEY)"),
    ("secure_cookies", False, "mark cookies Secure, for deployments behind HTTPS (PROTESTWATCH_SECURE_COOKIES)"),
    ("base_url", None, "public URL of the site, e.g. https://pw.example.org, for absolute links in Atom feeds; "
                       "links are relative when unset, never built from the request's Host header (PROTESTWATCH_BASE_URL)"),
    ("page_size", 50, "incidents per page in the list and the API (PROTESTWATCH_PAGE_SIZE)"),
    ("login_failures", 5, "failed logins per account in the window before it is locked (PROTESTWATCH_LOGIN_FAILURES)"),
    ("login_client_failures", 20, "failed logins per client address in the window (PROTESTWATCH_LOGIN_CLIENT_FAILURES)"),
    ("login_window", 900, "seconds over which failed logins count (PROTESTWATCH_LOGIN_WINDOW)"),
    ("login_concurrency", 2, "password checks (argon2, 64 MiB each) run at once (PROTESTWATCH_LOGIN_CONCURRENCY)"),
)


class ServeSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    db: str | None = None
    anonymous_read: bool = True
    secret_key: str = ""
    secure_cookies: bool = False
    base_url: str | None = None
    page_size: int = 50
    login_failures: int = 5
    login_client_failures: int = 20
    login_window: int = 900
    login_concurrency: int = 2

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        value = (value or "").strip().rstrip("/")
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"base_url must be an http(s) URL such as https://pw.example.org (got {value!r})")
        return value


def _env_bool(value: str) -> bool:
    return value.strip().lower() not in ("0", "false", "no", "off", "")


def load_serve_settings(**overrides) -> ServeSettings:
    """Defaults <- PROTESTWATCH_* environment <- explicit non-None arguments."""
    values: dict = {}
    for name, default, _help in SETTINGS:
        raw = os.environ.get(f"PROTESTWATCH_{name.upper()}")
        if raw is not None:
            values[name] = _env_bool(raw) if isinstance(default, bool) else raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    if not values.get("secret_key"):
        values["secret_key"] = secrets.token_urlsafe(32)
    return ServeSettings(**values)
