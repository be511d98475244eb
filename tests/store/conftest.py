"""Store fixtures: a Result factory, and the same tests against a SQLite file and a real
PostgreSQL server (initdb + pg_ctl in a temporary folder on a free port; skipped when absent)."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

from protestwatch.ingest import make_article
from protestwatch.records import Event, Extractor, Result


def _pg_bin() -> Path | None:
    for candidate in ["/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]:
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres_user():
    """initdb refuses to run as root: drop to the `postgres` account when we are root."""
    if os.geteuid() != 0:
        return None, None
    import pwd
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' user to run the server as")

    def demote():
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)
    return demote, pw


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """Start a throwaway PostgreSQL server; yield a function making a fresh database URL."""
    pytest.importorskip("psycopg")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    root = tmp_path_factory.mktemp("pg")
    demote, pw = _as_postgres_user()
    if pw is not None:
        os.chmod(root, 0o755)
        for parent in list(root.parents)[:3]:
            try:
                os.chmod(parent, os.stat(parent).st_mode | 0o711)
            except OSError:
                pass
        os.chown(root, pw.pw_uid, pw.pw_gid)
    data = root / "data"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    run = dict(preexec_fn=demote, env=env, capture_output=True, text=True, cwd=root)
    out = subprocess.run([bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], **run)
    if out.returncode:
        pytest.skip(f"initdb failed: {out.stderr.strip()[-300:]}")
    for _attempt in range(3):  # another process may take the free port before the server binds it
        port = _free_port()
        opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        out = subprocess.run([bindir / "pg_ctl", "-D", data, "-o", opts, "-l", root / "log", "-w", "start"], **run)
        if out.returncode == 0:
            break
    else:
        log = (root / "log").read_text(errors="replace")[-300:] if (root / "log").exists() else ""
        pytest.skip(f"pg_ctl start failed: {out.stderr.strip()[-300:]} {log}")
    import psycopg

    def make_db() -> str:
        name = "pw_" + uuid.uuid4().hex[:10]
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"

    yield make_db
    subprocess.run([bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"], **run)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh database URL: a SQLite file, then a database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_server")()


@pytest.fixture
def engine(db_url):
    from protestwatch.store import open_db
    eng = open_db(db_url)
    yield eng
    eng.dispose()


def build_result(text: str, events: list[dict], *, published: str | None = "2020-08-04",
                 source: str | None = "Test Wire", title: str | None = None, url: str | None = None,
                 entities: list[dict] = ()) -> Result:
    """A hand-built Result: contract-shaped event dicts, ids ev1.. and a `type` evidence if none."""
    article = make_article(text, published=published, source=source, title=title, url=url)
    evs = []
    for i, e in enumerate(events, 1):
        e = {"id": f"ev{i}", **e}
        e.setdefault("evidence", [{"field": "type", "start": 0, "end": min(len(text), 40)}])
        evs.append(Event.model_validate(e))
    return Result(article=article, events=tuple(evs), entities=tuple(entities),
                  extractor=Extractor(version="test"))


@pytest.fixture
def make_result():
    return build_result
