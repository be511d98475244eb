"""Russian reports in the web app (issue 14): stored beside English ones, shown in Cyrillic with their
evidence, found by Cyrillic text search, by a name in either script, and one incident with the
English report of the same picket. A store of its own, filled by extracting the bundled samples."""
from __future__ import annotations

import json
import re

import pytest

from .conftest import LiveServer, save_results

SAMPLES = ("moscow-solo-picket", "moscow-solo-picket-ru", "kazan-picket-fine-ru")


@pytest.fixture(scope="module")
def ru_app(tmp_path_factory):
    import protestwatch
    from protestwatch.samples import sample_path
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    from protestwatch.store import open_db

    results = []
    for name in SAMPLES:
        s = json.loads(sample_path(name).read_text("utf-8"))
        results.append(protestwatch.extract(s["text"], published=s["published"], title=s["title"],
                                            source=s["source"], language=s.get("language", "en")))
    engine = open_db(str(tmp_path_factory.mktemp("ru-web") / "ru.db"))
    save_results(engine, results)
    return create_app(load_serve_settings(secret_key="test-secret", anonymous_read=True), engine=engine)


@pytest.fixture
def ru_client(ru_app):
    from fastapi.testclient import TestClient
    with TestClient(ru_app) as c:
        yield c


def test_cyrillic_text_search_finds_the_russian_reports(ru_client):
    items = ru_client.get("/api/events", params={"q": "Сафину"}).json()["items"]
    assert items and {i["type"] for i in items} >= {"detention", "protest"}
    assert all(i["country"] == "RU" for i in items)
    assert not ru_client.get("/api/events", params={"q": "Бишкек"}).json()["items"]


def test_english_and_russian_reports_of_one_picket_are_one_incident(ru_client):
    items = ru_client.get("/api/events", params={"type": "detention", "person": "Pavel Zorin"}).json()["items"]
    assert len(items) == 1
    inc = ru_client.get(f"/api/incidents/{items[0]['incident_id']}").json()
    languages = sorted(r["article"]["language"] for r in inc["reports"])
    assert languages == ["en", "ru"]
    names = {p["name"] for r in inc["reports"] for p in r["event"]["participants"]}
    assert {"Pavel Zorin", "Павел Зорин"} <= names
    # the name in either script finds it
    assert [i["incident_id"] for i in ru_client.get(
        "/api/events", params={"type": "detention", "person": "Павел Зорин"}).json()["items"]] == [items[0]["incident_id"]]


def test_incident_page_shows_cyrillic_evidence(ru_client):
    item = ru_client.get("/api/events", params={"q": "Сафину", "type": "protest"}).json()["items"][0]
    page = ru_client.get(f"/incidents/{item['incident_id']}")
    assert page.status_code == 200 and "charset=utf-8" in page.headers["content-type"]
    assert "Алина Сафина" in page.text and "Нет войне" in page.text
    assert re.search(r"<mark[^>]*>[^<]*Казани", page.text)


@pytest.mark.browser
def test_browser_searches_and_reads_cyrillic(ru_app, browser):
    with LiveServer(ru_app) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(server.url + "/events")
        page.fill("input[name=q]", "Сафину")
        page.click("form.filters button[type=submit]")
        page.wait_for_url(re.compile(r".*q=.*"))
        rows = page.locator("tr.event-row")
        assert rows.count() >= 2
        rows.first.locator("a[href^='/incidents/']").first.click()
        page.wait_for_url(re.compile(r".*/incidents/\d+$"))
        text = page.locator(".article-text").first.inner_text()
        assert "Во вторник в Казани" in text
        assert page.locator(".article-text mark.evidence").count() >= 1
        context.close()
