"""Database engine and transactions: a SQLAlchemy URL or a SQLite path in, an Engine at schema head out.

SQLite files run in WAL mode with a busy timeout; write transactions start with BEGIN IMMEDIATE so
two writers queue instead of failing on a lock upgrade. Migrations run at open (Alembic, in one
transaction, serialised between processes).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from ..errors import ProtestwatchError

DEFAULT_TIMEOUT = 30.0  # seconds a writer waits for another writer before giving up
# SQLite reads pages through a memory map up to this size: a large store's pages are then not
# copied into each connection's small page cache on every read (bench/load.py: -10% CPU on the map).
SQLITE_MMAP_BYTES = 1 << 30
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(ProtestwatchError):
    """The database cannot be opened or written; the message says why and what to do."""


def resolve_url(db: str | os.PathLike | None = None) -> str:
    """Turn `--db` / PROTESTWATCH_DB (a SQLAlchemy URL or a file path) into a URL."""
    if db is None:
        from ..settings import default_db
        db = default_db()
    db = str(db)
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser().absolute())


def describe(engine_or_url) -> str:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(str(engine_or_url))
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def make_engine(db: str | os.PathLike | None = None, *, timeout: float | None = None) -> Engine:
    """Create an engine without touching the schema (see `open_db`)."""
    url = make_url(resolve_url(db))
    if timeout is None:
        timeout = float(os.environ.get("PROTESTWATCH_DB_TIMEOUT", DEFAULT_TIMEOUT))
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            parent = Path(database).parent
            if not parent.is_dir():
                raise StoreError(f"{database}: folder {parent} does not exist; create it or pass another --db")
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})
        _sqlite_setup(engine, timeout)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    engine.pw_timeout = timeout
    return engine


def _sqlite_setup(engine: Engine, timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy issue BEGIN itself (pysqlite's implicit transactions skip DDL).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                try:
                    cur.execute("PRAGMA journal_mode = WAL")
                except Exception:
                    pass  # read-only or locked: keep the current mode, reads still work
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("pw_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock up front (SQLite) ."""
    return engine.execution_options(pw_write=True)


def open_db(db: str | os.PathLike | Engine | None = None, *, timeout: float | None = None,
            migrate: bool = True) -> Engine:
    """Open a database and bring its schema to the latest migration.

    1. Build the engine (`make_engine`).
    2. If the schema is not at head, run Alembic's upgrade in one write transaction; on
       PostgreSQL an advisory lock keeps two processes from migrating at once.
    """
    engine = db if isinstance(db, Engine) else make_engine(db, timeout=timeout)
    if migrate:
        with translate_errors(engine):
            upgrade(engine)
    return engine


def _alembic_config():
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(conn) -> str | None:
    from alembic.runtime.migration import MigrationContext
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head and revision == "head":
            return
    cfg = _alembic_config()
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(724101)"))
        if current_revision(conn) == head and revision == "head":
            return  # another process migrated while we waited for the lock
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@contextlib.contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """Yield a Session in one transaction: commit on success, roll back on any error.

    `write=True` takes SQLite's write lock at BEGIN so concurrent writers queue (busy timeout)
    rather than fail halfway; readers should pass `write=False`.
    """
    bind = writer(engine) if write else engine
    with translate_errors(engine):
        session = Session(bind=bind, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


_MESSAGES = (
    ("database is locked", "is locked by another process (waited {timeout}); retry when it finishes, or raise PROTESTWATCH_DB_TIMEOUT"),
    ("readonly database", "is read-only; nothing was written. Check file permissions or pass a writable --db"),
    ("read-only", "is read-only; nothing was written. Check file permissions or pass a writable --db"),
    ("disk is full", "disk is full; the last batch was rolled back and everything before it is saved. Free space and run the same command again"),
    ("no space left", "disk is full; the last batch was rolled back and everything before it is saved. Free space and run the same command again"),
    ("unable to open database", "cannot be opened; check that the path exists and is readable"),
    ("file is not a database", "is not a SQLite database; pass another --db"),
    ("database disk image is malformed", "is damaged; restore it from a backup"),
    ("could not connect", "cannot be reached; is the server running and the URL right?"),
    ("connection refused", "cannot be reached; is the server running and the URL right?"),
)


def explain(exc: BaseException, engine: Engine | None = None, timeout: float | None = None) -> str | None:
    """Return a one-line user message for a database error, or None if it is not a known fault."""
    message = str(getattr(exc, "orig", None) or exc).lower()
    where = describe(engine) if engine is not None else "the database"
    if timeout is None and engine is not None:
        timeout = getattr(engine, "pw_timeout", None)
    for needle, text_ in _MESSAGES:
        if needle in message:
            waited = f"{timeout:g}s" if timeout else "for its busy timeout"
            return f"database {where} " + text_.format(timeout=waited)
    return None


@contextlib.contextmanager
def translate_errors(engine: Engine | None = None) -> Iterator[None]:
    """Re-raise known database faults (locked, read-only, full, unreachable) as StoreError."""
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        message = explain(exc, engine)
        if message is None:
            raise
        raise StoreError(message) from exc
