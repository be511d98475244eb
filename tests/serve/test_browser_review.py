"""The review edit path in real headless Chromium (issue 11): an editor renames a place and the map
marker moves to the re-geocoded point, the incident page shows the new country and offers the other
candidates; an empty value clears; a fine's amount and currency reach the CSV export; a bad value is
refused on the page; the audit page lists each edit; the public never sees a restricted record."""
from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import LiveServer, login
from .review_data import USERS, build_review_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def review_server(tmp_path_factory):
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    engine = build_review_store(str(tmp_path_factory.mktemp("review-browser") / "review.db"))
    app = create_app(load_serve_settings(secret_key="test-secret", anonymous_read=True), engine=engine)
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def rpage(browser, review_server):
    """A browser page on the review server; requests leaving the loopback server are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(review_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.base, page.outside_requests = review_server.url, outside
    yield page
    context.close()


def _login(page, name: str) -> None:
    login(page, name, USERS[name][1])


def _incident(page, **params) -> int:
    items = page.request.get(page.base + "/api/events", params=params).json()["items"]
    assert len(items) == 1, items
    return items[0]["incident_id"]


def _edit(page, inc: int, path: str, value: str) -> None:
    page.select_option("#edit-field", path)
    page.fill("#edit-value", value)
    page.click("#edit-form button[type=submit]")
    page.wait_for_url(f"**/incidents/{inc}")


def _marker(page, inc: int) -> tuple[float, float]:
    page.goto(page.base + "/map?type=detention")
    page.wait_for_selector("#map[data-ready='1']", state="attached", timeout=20000)
    features = page.evaluate(
        "() => fetch(document.getElementById('map').dataset.points).then(r => r.json()).then(fc => fc.features)")
    assert int(page.get_attribute("#map", "data-count")) == len(features)
    lon, lat = next(f for f in features if f["id"] == inc)["geometry"]["coordinates"]
    return lat, lon


def _value(page, path: str) -> str:
    return page.locator(f"#fields tr[data-field='{path}'] .value").inner_text()


def test_renamed_place_moves_the_marker_and_shows_the_new_country(rpage, artifacts):
    page = rpage
    inc = _incident(page, q="Malecon")
    lat, lon = _marker(page, inc)
    assert 24 < lat < 27 and -81 < lon < -79  # the machine's dateline: Miami
    _login(page, "edna")
    page.goto(f"{page.base}/incidents/{inc}")
    # Before saving, the form previews what the name would resolve to in this article's context.
    page.select_option("#edit-field", "place.name")
    assert page.input_value("#edit-value") == "Miami"
    page.fill("#edit-value", "Havana")
    page.locator("#geocode-preview .would-be", has_text="Havana").wait_for()
    from protestwatch.gazetteer import load_gazetteer
    cuba = load_gazetteer().lookup("Havana", country="CU")
    assert page.locator("#geocode-preview .would-be").inner_text() == f"Would be: Havana, {cuba.admin1}, CU"
    assert "Illinois" in page.locator("#geocode-preview").inner_text()
    _edit(page, inc, "place.name", "Havana")
    assert _value(page, "place.name") == "Havana" and _value(page, "place.country") == "CU"
    assert "US" in page.locator("#fields tr[data-field='place.country'] .machine").inner_text()
    # The other Havanas are offered, each with a button that picks it.
    offered = page.locator("#place-candidates li")
    assert offered.count() >= 1 and "US" in page.locator("#place-candidates").inner_text()
    page.screenshot(path=str(artifacts / "review_regeocoded.png"), full_page=True)
    lat, lon = _marker(page, inc)
    assert 22.5 < lat < 23.5 and -83 < lon < -82  # the marker moved to Havana, Cuba
    popups = []
    markers = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    for i in range(markers.count()):
        markers.nth(i).click(force=True)
        popups.append(page.locator(".leaflet-popup-content").last.inner_text())
    assert any("Havana" in p for p in popups), popups
    page.screenshot(path=str(artifacts / "review_marker_moved.png"))

    # Picking the Illinois candidate on the page moves it again.
    page.goto(f"{page.base}/incidents/{inc}")
    page.locator("#place-candidates li", has_text="Illinois").first.locator("button").click()
    page.wait_for_url(f"**/incidents/{inc}")
    assert _value(page, "place.country") == "US" and _value(page, "place.admin1") == "Illinois"
    page.locator("#place-candidates li", has_text="CU").first.locator("button").click()
    page.wait_for_url(f"**/incidents/{inc}")
    assert _value(page, "place.country") == "CU"
    assert page.outside_requests == []


def test_clear_fine_and_refused_value_then_the_audit_page(rpage, artifacts):
    page = rpage
    _login(page, "edna")
    protest = _incident(page, q="tax")
    page.goto(f"{page.base}/incidents/{protest}")
    assert _value(page, "size.low") == "200"
    _edit(page, protest, "size.low", "")  # an empty value clears the machine's
    row = page.locator("#fields tr[data-field='size.low']")
    assert row.locator(".value").inner_text() == "—" and "cleared" in row.inner_text()
    assert "200" in row.locator(".machine").inner_text()
    # Revert brings the machine's value back; clear it again for the export check below.
    row.locator("form.revert button").click()
    page.wait_for_url(f"**/incidents/{protest}")
    assert _value(page, "size.low") == "200" and "cleared" not in page.locator("#fields tr[data-field='size.low']").inner_text()
    _edit(page, protest, "size.low", "")

    fine = _incident(page, q="fined")
    page.goto(f"{page.base}/incidents/{fine}")
    # The form starts from the field's current value, in the form's own syntax.
    page.select_option("#edit-field", "participants")
    assert page.input_value("#edit-value") == "defendant: Ivan Petrov (person)"
    page.select_option("#edit-field", "legal.sentence.amount")
    assert page.input_value("#edit-value") == "145"
    _edit(page, fine, "legal.sentence.amount", "1450")
    _edit(page, fine, "legal.sentence.currency", "BYN")
    assert _value(page, "legal.sentence.amount") == "1450" and _value(page, "legal.sentence.currency") == "BYN"
    # A currency that is no ISO 4217 code is refused on the page, the typed value kept for fixing.
    page.select_option("#edit-field", "legal.sentence.currency")
    page.fill("#edit-value", "rubles")
    with page.expect_response(lambda r: r.url.endswith(f"/incidents/{fine}/edit")) as answer:
        page.click("#edit-form button[type=submit]")
    assert answer.value.status == 422
    assert "ISO 4217" in page.locator("#edit-error").inner_text()
    assert page.input_value("#edit-value") == "rubles"
    assert _value(page, "legal.sentence.currency") == "BYN"
    page.screenshot(path=str(artifacts / "review_refused_currency.png"), full_page=True)

    csv_text = page.request.get(page.base + "/api/export?format=acled-csv").text()
    row = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["pw_incident_id"] == str(fine))
    assert row["pw_fine_amount"] == "1450" and row["pw_fine_currency"] == "BYN"
    protest_row = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["pw_incident_id"] == str(protest))
    assert protest_row["pw_size_low"] == ""

    page.goto(page.base + "/audit")
    audit = page.locator("#audit")
    amount = audit.locator("li[data-field='legal.sentence.amount']").first.inner_text()
    assert "145" in amount and "1450" in amount
    currency = audit.locator("li[data-field='legal.sentence.currency']").first.inner_text()
    assert "RUB" in currency and "BYN" in currency
    cleared = audit.locator("li[data-field='size.low']").first.inner_text()
    assert "200" in cleared and "cleared" in cleared
    assert "edna" in audit.inner_text()
    page.screenshot(path=str(artifacts / "review_audit.png"), full_page=True)
    assert page.outside_requests == []


def test_restricted_record_stays_hidden_from_the_public(rpage, browser, review_server):
    page = rpage
    _login(page, "edna")
    items = page.request.get(page.base + "/api/events", params={"q": "Informant"}).json()["items"]
    assert len(items) == 1 and items[0]["restricted"]
    inc = items[0]["incident_id"]
    page.goto(f"{page.base}/incidents/{inc}")
    _edit(page, inc, "place.name", "Astana")
    assert _value(page, "place.country") == "KZ"
    public = browser.new_context()
    try:
        anon = public.new_page()
        response = anon.goto(f"{review_server.url}/incidents/{inc}")
        assert response.status == 404
        anon.goto(f"{review_server.url}/events?q=Informant")
        assert anon.locator("tr.event-row").count() == 0
        anon.goto(f"{review_server.url}/audit")
        assert re.search(r"/login", anon.url)
        body = anon.request.get(f"{review_server.url}/api/export?format=jsonl&scope=all").text()
        assert "Astana" not in body and "Informant" not in body
    finally:
        public.close()
