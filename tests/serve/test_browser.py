"""The web app in real headless Chromium: filter, evidence, offline map, login-gated edits, inert XSS."""
from __future__ import annotations

import re

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def _incident_id(client, **params) -> int:
    items = client.get("/api/events", params=params).json()["items"]
    assert items, params
    return items[0]["incident_id"]


def test_events_filter_then_incident_shows_highlighted_evidence(page, artifacts):
    page.goto(page.base + "/events")
    all_rows = page.locator("tr.event-row").count()
    page.select_option("select[name=type]", "detention")
    page.fill("input[name=person]", "Karpovich")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*type=detention.*"))
    rows = page.locator("tr.event-row")
    assert 0 < rows.count() < all_rows
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-type") == "detention"
    page.screenshot(path=str(artifacts / "events_filtered.png"), full_page=True)

    rows.first.locator("a[href^='/incidents/']").first.click()
    page.wait_for_url(re.compile(r".*/incidents/\d+$"))
    marks = page.locator(".article-text mark.evidence")
    assert marks.count() >= 2
    fields = " ".join(marks.nth(i).get_attribute("data-fields") for i in range(marks.count()))
    assert "type" in fields and "participants" in fields
    assert "Anna Karpovich" in page.locator(".article-text mark[data-fields~=participants]").first.inner_text()
    # Every field names its source report.
    assert page.locator("#fields tr[data-field=type] a[href^='#report-']").count() >= 1
    page.screenshot(path=str(artifacts / "incident_evidence.png"), full_page=True)
    assert page.outside_requests == []


def test_map_draws_basemap_and_clustered_markers_without_network(page, artifacts):
    page.goto(page.base + "/map")
    page.wait_for_selector("#map[data-ready='1']", state="attached", timeout=20000)
    assert int(page.get_attribute("#map", "data-count")) > 10
    # Country shapes are SVG paths drawn from the vendored TopoJSON.
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    assert page.locator(".marker-cluster").count() + page.locator(".leaflet-marker-icon").count() > 0
    page.screenshot(path=str(artifacts / "map.png"))
    # A lone incident is a plain marker whose popup links to the incident page.
    page.goto(page.base + "/map?type=sentence")
    page.wait_for_selector("#map[data-ready='1']", state="attached", timeout=20000)
    page.locator(".leaflet-marker-icon:not(.marker-cluster)").first.click(force=True)
    link = page.locator(".leaflet-popup-content a.popup-link")
    link.wait_for()
    assert re.fullmatch(r"/incidents/\d+", link.get_attribute("href"))
    page.screenshot(path=str(artifacts / "map_popup.png"))
    link.click()
    page.wait_for_url(re.compile(r".*/incidents/\d+$"))
    assert page.outside_requests == [], page.outside_requests


def test_edit_needs_login_and_lands_in_audit_log(page, client, artifacts):
    inc = _incident_id(client, type="sentence")
    page.goto(f"{page.base}/incidents/{inc}")
    assert page.locator("#review").count() == 0
    # A forged POST without the session's CSRF token is refused, logged in or not.
    forged = page.request.post(f"{page.base}/incidents/{inc}/edit", form={"field": "place.name", "value": "X"},
                               max_redirects=0)
    assert forged.status in (303, 401, 403)

    login(page, "vic")  # a viewer may read but not review
    page.goto(f"{page.base}/incidents/{inc}")
    assert page.locator("#review").count() == 0
    page.click("header form button")  # log out

    login(page, "edna")
    page.goto(f"{page.base}/incidents/{inc}")
    page.select_option("#edit-field", "place.name")
    page.fill("#edit-value", "Frunzensky District Court, Minsk")
    page.fill("#edit-form input[name=note]", "court named in the article")
    page.click("#edit-form button[type=submit]")
    page.wait_for_url(f"**/incidents/{inc}")
    row = page.locator("#fields tr[data-field='place.name']")
    assert "Frunzensky District Court" in row.locator(".value").inner_text()
    assert "Minsk" in row.locator(".machine").inner_text()  # machine output kept beside the edit
    audit = page.locator("#audit tbody tr").first
    text = audit.inner_text()
    assert "edna" in text and "edit" in text and "Frunzensky" in text and "Minsk" in text
    page.screenshot(path=str(artifacts / "incident_edited_audit.png"), full_page=True)
    page.goto(page.base + "/audit")
    assert "Frunzensky" in page.locator("#audit").inner_text()


def test_article_with_script_and_onerror_renders_inert(page, client, artifacts):
    inc = _incident_id(client, q="placard")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{page.base}/incidents/{inc}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__xss") is None
    assert page.title() != "pwned"
    assert dialogs == []
    text = page.locator(".article-text").inner_text()
    assert "<script>window.__xss = 1" in text and 'onerror="window.__xss = 2"' in text
    assert page.locator(".article-text script, .article-text img, .report img, #fields img, b[onmouseover]").count() == 0
    # The markup-bearing evidence is still highlighted, as text.
    assert "<img src=x" in page.locator(".article-text mark[data-fields~=claims]").inner_text()
    # A javascript: URL never becomes a link.
    assert page.locator("a[href^='javascript']").count() == 0
    page.screenshot(path=str(artifacts / "xss_inert.png"), full_page=True)
    # The map popup shows the hostile place name as text too.
    page.goto(page.base + "/map?q=placard")
    page.wait_for_selector("#map[data-ready='1']", state="attached", timeout=20000)
    page.locator(".leaflet-marker-icon").first.click(force=True)
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.evaluate("window.__xss") is None and dialogs == []


def test_person_page_and_timeline_render(page, client, artifacts):
    people = client.get("/api/events", params={"person": "Karpovich"}).json()["items"]
    person = next(p for item in people for p in item["persons"] if "Karpovich" in p["name"])
    page.goto(f"{page.base}/persons/{person['id']}")
    stages = page.locator("#chain li")
    assert stages.count() >= 2
    kinds = [stages.nth(i).get_attribute("class") for i in range(stages.count())]
    assert any("t-detention" in k for k in kinds) and any("t-sentence" in k for k in kinds)
    page.screenshot(path=str(artifacts / "person_chain.png"), full_page=True)
    page.goto(page.base + "/timeline")
    assert page.locator("#timeline rect").count() > 5
    page.screenshot(path=str(artifacts / "timeline.png"), full_page=True)
    assert page.outside_requests == []
