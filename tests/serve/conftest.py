"""Fixtures for the web tests: a SQLite store filled with hand-built Results, users, a live server
on a free loopback port (uvicorn in a thread), a TestClient, and headless Chromium via Playwright."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from .fixtures_data import build_results, restricted_article_ids

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORDS = {"edna": ("editor", "edna-pass-123"), "vic": ("viewer", "vic-pass-123"), "ada": ("admin", "ada-pass-123")}


def save_results(engine, results) -> None:
    """Save Results through the store: articles and reports, then incidents and case chains."""
    from protestwatch.store import repo, session_scope
    with session_scope(engine) as db:
        for res in results:
            repo.save_result(db, res)
        repo.link_pending(db)
        repo.rebuild_cases(db)


def fill_store(engine) -> None:
    from protestwatch.serve import queries
    from protestwatch.store import repo, session_scope

    save_results(engine, build_results())
    with session_scope(engine) as db:
        for article_id in restricted_article_ids():
            repo.set_restricted(db, "article", article_id, True, user="fixtures")
        for name, (role, pw) in PASSWORDS.items():
            queries.add_user(db, name, role, pw, by="fixtures")


@pytest.fixture(scope="session")
def store_engine(tmp_path_factory):
    from protestwatch.store import open_db
    path = tmp_path_factory.mktemp("serve") / "fixtures.db"
    engine = open_db(str(path))
    fill_store(engine)
    return engine


@pytest.fixture(scope="session")
def app(store_engine):
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    return create_app(load_serve_settings(secret_key="test-secret", anonymous_read=True), engine=store_engine)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient
    with TestClient(app) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        import uvicorn
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def live_server(app):
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context whose every non-loopback request is blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url + "/") or url == live_server.url:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.outside_requests = outside
    pg.base = live_server.url
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def login(page, name: str, password: str | None = None) -> None:
    page.goto(page.base + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password or PASSWORDS[name][1])
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/events**")
