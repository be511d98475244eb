"""Web commands: `serve` (the web app over a database), `demo` (samples -> fresh database -> web app),
`user add` (accounts for reviewers). Thin: each calls protestwatch.serve or protestwatch.store."""
from __future__ import annotations

from typing import Annotated

import typer

from . import app

user_app = typer.Typer(no_args_is_help=True, help="Manage web app users (viewer, editor, admin).")
app.add_typer(user_app, name="user")

Db = Annotated[str | None, typer.Option("--db", envvar="PROTESTWATCH_DB", show_envvar=True,
                                        help="SQLAlchemy URL or SQLite path [default: protestwatch.db]")]
Host = Annotated[str, typer.Option(help="address to listen on; keep 127.0.0.1 unless behind a proxy")]
Port = Annotated[int, typer.Option(help="port to listen on")]


def _fail(message: str, code: int = 1):
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _run(settings, host: str, port: int, engine=None, workers: int = 1) -> None:
    import os

    import uvicorn

    from ..serve.app import create_app
    from ..store import StoreError
    try:
        web = create_app(settings, engine=engine)  # also checks the database before listening
    except StoreError as exc:
        _fail(str(exc))
    typer.echo(f"protestwatch: serving on http://{host}:{port}/  (API docs: /docs; Ctrl+C stops)", err=True)
    if workers <= 1:
        uvicorn.run(web, host=host, port=port, log_level="warning")
        return
    # Worker processes build their own app from the environment; they must share the cookie key.
    os.environ.update({"PROTESTWATCH_DB": settings.db or "", "PROTESTWATCH_SECRET_KEY": settings.secret_key,
                       "PROTESTWATCH_ANONYMOUS_READ": "1" if settings.anonymous_read else "0",
                       "PROTESTWATCH_BASE_URL": settings.base_url or ""})
    uvicorn.run("protestwatch.serve.app:create_app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


@app.command()
def serve(
    db: Db = None,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    no_anonymous: Annotated[bool, typer.Option("--no-anonymous", help="require a login to read anything")] = False,
    workers: Annotated[int, typer.Option(help="worker processes (one per core helps under load)")] = 1,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", envvar="PROTESTWATCH_BASE_URL", show_envvar=True,
        help="public URL of the site (https://pw.example.org) for absolute links in Atom feeds; relative when unset")] = None,
):
    """Serve the web app and JSON API over a database."""
    from pydantic import ValidationError

    from ..serve.settings import load_serve_settings
    from ..store import resolve_url
    try:
        settings = load_serve_settings(db=resolve_url(db), anonymous_read=False if no_anonymous else None,
                                       base_url=base_url)
    except ValidationError as exc:
        _fail("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()), 2)
    _run(settings, host, port, workers=workers)


def _port_problem(host: str, port: int) -> str | None:
    """Why `port` cannot be listened on at `host` (in use, no permission), or None when it can."""
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As uvicorn binds: SO_REUSEADDR, so a port in TIME_WAIT is free but a listener is not.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        return (exc.strerror or str(exc)).lower()
    return None


def _free_port(host: str) -> int:
    import socket

    with socket.socket(socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM)[0][0], socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@app.command()
def demo(
    db: Annotated[str | None, typer.Option("--db", help="where to write the demo database [default: a temporary "
                                                         "folder, removed when the demo stops]")] = None,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="build the database, print its path (kept), "
                                                               "and stop")] = False,
):
    """Build a fresh database from the bundled sample articles, extract them, and serve it."""
    import shutil
    import tempfile
    from pathlib import Path

    from ..serve.settings import load_serve_settings

    if not no_serve:  # before minutes of extraction, not after
        problem = _port_problem(host, port)
        if problem:
            hint = ""
            try:
                hint = f", e.g. `protestwatch demo --port {_free_port(host)}`"
            except OSError:
                pass
            _fail(f"cannot serve on {host}:{port} ({problem}); stop what uses it or choose another port "
                  f"with --port{hint}")
    if db:
        path, folder = Path(db), None
        if path.exists():
            _fail(f"{path} exists; the demo writes a fresh database (pass another --db or delete it)")
    else:
        folder = Path(tempfile.mkdtemp(prefix="protestwatch-demo-"))
        path = folder / "demo.db"
    engine = None
    try:
        engine = _demo_db(path)
        if no_serve:
            folder = None  # the user asked for the database: keep it
            typer.echo(str(path))
            return
        _run(load_serve_settings(db=str(path)), host, port, engine=engine)
    finally:
        if engine is not None:
            engine.dispose()
        if folder is not None:  # Ctrl+C, a failure or the end: no /tmp/protestwatch-demo-* left behind
            shutil.rmtree(folder, ignore_errors=True)


def _demo_db(path):
    """Extract the sample articles into a fresh database at `path`; return its engine."""
    import time

    from ..samples import samples_dir
    from ..store import StoreError, open_db
    from ..store.load import ingest, read_sources

    started = time.monotonic()
    typer.echo(f"protestwatch demo: extracting the sample articles into {path} ...", err=True)
    try:
        engine = open_db(str(path))
        summary = ingest(engine, read_sources([str(samples_dir())]))
    except StoreError as exc:
        _fail(str(exc))
    typer.echo(f"{summary.stored} articles, {summary.reports} reports, {summary.incidents_created} incidents, "
               f"{summary.cases} cases in {time.monotonic() - started:.0f}s", err=True)
    return engine


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="login name")],
    role: Annotated[str, typer.Option(help="viewer, editor or admin")] = "viewer",
    password: Annotated[str | None, typer.Option(help="the password; asked for when omitted")] = None,
    db: Db = None,
):
    """Create a user, or set the role and password of an existing one (argon2 hash stored)."""
    from ..serve.auth import ROLES
    from ..serve.queries import add_user
    from ..store import StoreError, open_db, session_scope

    if role not in ROLES:
        _fail(f"role must be one of {', '.join(ROLES)}")
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        _fail("use a password of at least 8 characters")
    try:
        with session_scope(open_db(db)) as s:
            add_user(s, name, role, password, by="cli")
    except (StoreError, ValueError) as exc:
        _fail(str(exc))
    typer.echo(f"user {name} ({role}) saved", err=True)
