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
                       "PROTESTWATCH_ANONYMOUS_READ": "1" if settings.anonymous_read else "0"})
    uvicorn.run("protestwatch.serve.app:create_app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


@app.command()
def serve(
    db: Db = None,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    no_anonymous: Annotated[bool, typer.Option("--no-anonymous", help="require a login to read anything")] = False,
    workers: Annotated[int, typer.Option(help="worker processes (one per core helps under load)")] = 1,
):
    """Serve the web app and JSON API over a database."""
    from ..serve.settings import load_serve_settings
    from ..store import resolve_url
    settings = load_serve_settings(db=resolve_url(db), anonymous_read=False if no_anonymous else None)
    _run(settings, host, port, workers=workers)


@app.command()
def demo(
    db: Annotated[str | None, typer.Option("--db", help="where to write the demo database [default: a temporary file]")] = None,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="build the database, print its path, and stop")] = False,
):
    """Build a fresh database from the bundled sample articles, extract them, and serve it."""
    import tempfile
    import time
    from pathlib import Path

    from ..samples import samples_dir
    from ..serve.settings import load_serve_settings
    from ..store import StoreError, open_db
    from ..store.load import ingest, read_sources

    path = Path(db) if db else Path(tempfile.mkdtemp(prefix="protestwatch-demo-")) / "demo.db"
    if path.exists():
        _fail(f"{path} exists; the demo writes a fresh database (pass another --db or delete it)")
    started = time.monotonic()
    typer.echo(f"protestwatch demo: extracting the sample articles into {path} ...", err=True)
    try:
        engine = open_db(str(path))
        summary = ingest(engine, read_sources([str(samples_dir())]))
    except StoreError as exc:
        _fail(str(exc))
    typer.echo(f"{summary.stored} articles, {summary.reports} reports, {summary.incidents_created} incidents, "
               f"{summary.cases} cases in {time.monotonic() - started:.0f}s", err=True)
    if no_serve:
        typer.echo(str(path))
        return
    _run(load_serve_settings(db=str(path)), host, port, engine=engine)


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
