"""Assemble the web app: settings, database, session cookie, security headers, routers, templates.

`create_app(settings)` is all `protestwatch serve` and the tests call; pages and the API live in
`routers/`, database reads in `queries.py`, the store's tables and repo in `protestwatch.store`.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from .. import __version__
from .auth import COOKIE, SESSION_MAX_AGE, LoginGuard, SessionCodec, new_session
from .deps import LoginRequired
from .settings import ServeSettings, load_serve_settings

HERE = Path(__file__).parent

# Pages load scripts, styles, images and data from this origin only; inline styles are allowed for
# the SVG chart and Leaflet, inline scripts are not (so injected markup cannot run).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
# Swagger UI starts itself with one inline script.
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")

templates = Jinja2Templates(directory=str(HERE / "templates"))


def _json_text(value) -> str:
    """JSON for people to read; autoescape still escapes it in the page."""
    import json
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


templates.env.filters["json_text"] = _json_text


def _audit_value(value, field: str) -> str:
    """An audit value for people: place candidates by name and country, the rest as JSON."""
    if field == "place.alternatives" and isinstance(value, list):
        return "; ".join(", ".join(str(a[k]) for k in ("name", "admin1", "country") if isinstance(a, dict) and a.get(k))
                         for a in value) or "none"
    return _json_text(value)


templates.env.filters["audit_value"] = _audit_value
# Asset links are root-relative paths: `url_for` would build absolute URLs from the request's
# Host header, which a client controls.
templates.env.globals["static_url"] = lambda path: "/static/" + path.lstrip("/")


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    """Render a page with the current user and CSRF token available to every template."""
    context.setdefault("flashes", [])
    context.setdefault("nav", None)
    context["user"] = getattr(request.state, "user", None)
    context["csrf"] = request.state.session["csrf"]
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def create_app(settings: ServeSettings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the FastAPI app over the database named in `settings` (or the given engine)."""
    from ..store import open_db
    from .routers import api, pages, review

    settings = settings or load_serve_settings()
    app = FastAPI(title="protestwatch", version=__version__, docs_url=None, redoc_url=None,
                  description="Protest, detention and court events extracted from news reports. "
                              "Records follow the event-record contract; restricted records are "
                              "only returned to logged-in editors.")
    app.state.settings = settings
    app.state.engine = engine if engine is not None else open_db(settings.db)
    codec = SessionCodec(settings.secret_key)
    app.state.login_guard = LoginGuard(per_account=settings.login_failures, per_client=settings.login_client_failures,
                                       window=settings.login_window, concurrent=settings.login_concurrency)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next):
        raw = request.cookies.get(COOKIE)
        session = codec.loads(raw)
        fresh = session is None
        request.state.session = session or new_session()
        response = await call_next(request)
        if fresh or getattr(request.state, "session_changed", False):
            response.set_cookie(COOKIE, codec.dumps(request.state.session), max_age=SESSION_MAX_AGE,
                                httponly=True, samesite="lax", secure=settings.secure_cookies, path="/")
        docs = request.url.path == "/docs"
        response.headers.setdefault("Content-Security-Policy", CSP_DOCS if docs else CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired):
        from urllib.parse import quote
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                      message=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        parts = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return render(request, "error.html", status_code=422, status=422, message=f"Bad request: {parts}")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="protestwatch API",
                                   swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger-ui/favicon-32x32.png")

    app.include_router(pages.router)
    app.include_router(review.router)
    app.include_router(api.router)
    from .routers import alerts
    app.include_router(alerts.router)
    return app


def create_app_from_env() -> FastAPI:
    """App factory for `uvicorn --factory` and multi-worker serving: settings from PROTESTWATCH_*."""
    return create_app(load_serve_settings())
