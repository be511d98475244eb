"""A place named only by its region reaches the map: the seed's internment camps "in Xinjiang"
sit on the region's centroid, drawn as a marker in real Chromium (issue 12)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import LiveServer, save_results

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory):
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent (the team's shared seed article)")
    import protestwatch
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    from protestwatch.store import open_db

    engine = open_db(str(tmp_path_factory.mktemp("seedmap") / "seed.db"))
    result = protestwatch.extract(SEED.read_text(encoding="utf-8"), published="2020-08-04", source="RFE/RL")
    save_results(engine, [result])
    app = create_app(load_serve_settings(secret_key="test-secret", anonymous_read=True), engine=engine)
    with LiveServer(app) as server:
        yield server


def test_region_named_alone_is_a_marker_on_the_map(browser, seed_server, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(seed_server.url)
                  else route.abort())
    page = context.new_page()
    try:
        page.goto(seed_server.url + "/map?type=detention")
        page.wait_for_selector("#map[data-ready='1']", state="attached", timeout=20000)
        features = page.evaluate(
            "() => fetch(document.getElementById('map').dataset.points).then(r => r.json()).then(fc => fc.features)")
        assert int(page.get_attribute("#map", "data-count")) == len(features)
        xinjiang = [f for f in features if f["properties"].get("place_name") == "Xinjiang"]
        assert xinjiang, [f["properties"].get("place_name") for f in features]
        lon, lat = xinjiang[0]["geometry"]["coordinates"]
        assert 73 < lon < 97 and 34 < lat < 50  # inside the region, not at 0,0 nor in Almaty
        # Each lone marker's popup names its place; one of them is Xinjiang's.
        places = []
        markers = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
        for i in range(markers.count()):
            markers.nth(i).click(force=True)
            popup = page.locator(".leaflet-popup-content").last
            popup.wait_for()
            places.append(popup.inner_text())
        assert any("Xinjiang" in p for p in places), places
        page.screenshot(path=str(artifacts / "map_xinjiang.png"))
    finally:
        context.close()
