"""Reviewing fixes what it shows (issue 11): a new place name re-geocodes the place in the article's
country context, an empty value clears a wrong machine value, every contract field is editable and
checked, and the map, the API, every export and the audit log show the edits."""
from __future__ import annotations

import csv
import io
import json

import pytest

from .review_data import build_review_store, incident_of, login

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def review_app(tmp_path_factory):
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    engine = build_review_store(str(tmp_path_factory.mktemp("review") / "review.db"))
    return create_app(load_serve_settings(secret_key="test-secret", anonymous_read=True), engine=engine)


@pytest.fixture
def anon(review_app):
    from fastapi.testclient import TestClient
    with TestClient(review_app) as c:
        yield c


@pytest.fixture
def editor(review_app):
    """(client logged in as an editor, its CSRF token)."""
    from fastapi.testclient import TestClient
    with TestClient(review_app) as c:
        yield c, login(c, "edna")


def patch(client, token, inc, changes=None, **body):
    return client.patch(f"/api/incidents/{inc}", json={"changes": changes or {}, **body},
                        headers={"X-CSRF-Token": token})


def field(detail: dict, name: str) -> dict | None:
    return next((f for f in detail["fields"] if f["name"] == name), None)


def havana_cuba():
    from protestwatch.gazetteer import load_gazetteer
    return load_gazetteer().lookup("Havana", country="CU")


def test_place_name_edit_regeocodes_in_the_articles_country_context(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="detention", q="Malecon")
    r = patch(client, token, inc, {"place.name": "Havana"}, note="the march was in Havana")
    assert r.status_code == 200, r.text
    detail = r.json()
    cuba = havana_cuba()
    # admin1, country, coordinates and geonames id follow the name: Cuba's Havana (the article is
    # about Cuban police), not Havana, Illinois, nor the dateline's Miami.
    assert field(detail, "place.country")["value"] == "CU" and field(detail, "place.country")["machine"] == "US"
    assert field(detail, "place.admin1")["value"] == cuba.admin1
    assert field(detail, "place.geonames_id")["value"] == cuba.geonames_id
    assert abs(field(detail, "place.lat")["value"] - 23.1) < 0.3 and abs(field(detail, "place.lon")["value"] + 82.4) < 0.3
    # The other Havanas are offered for review.
    alternatives = detail["edits"]["place.alternatives"]
    assert alternatives and {"US"} <= {a["country"] for a in alternatives}
    assert all(a["geonames_id"] != cuba.geonames_id for a in alternatives)

    # The list, the map, and every export show the new place.
    item = anon.get("/api/events", params={"country": "CU"}).json()["items"]
    assert [i["incident_id"] for i in item] == [inc] and item[0]["place_name"] == "Havana"
    assert inc not in [i["incident_id"] for i in anon.get("/api/events", params={"country": "US"}).json()["items"]]
    feature = next(f for f in anon.get("/api/map").json()["features"] if f["id"] == inc)
    lon, lat = feature["geometry"]["coordinates"]
    assert abs(lat - 23.1) < 0.3 and abs(lon + 82.4) < 0.3 and feature["properties"]["country"] == "CU"
    geo = json.loads(anon.get("/api/export", params={"format": "geojson"}).text)
    gf = next(f for f in geo["features"] if f["id"] == inc)
    assert gf["properties"]["country"] == "CU" and gf["properties"]["place"] == "Havana"
    assert abs(gf["geometry"]["coordinates"][1] - 23.1) < 0.3
    rows = list(csv.DictReader(io.StringIO(anon.get("/api/export", params={"format": "acled-csv"}).text)))
    row = next(r for r in rows if r["pw_incident_id"] == str(inc))
    assert row["country"] == "Cuba" and row["location"] == "Havana" and abs(float(row["latitude"]) - 23.1) < 0.3
    events = [e for line in anon.get("/api/export", params={"format": "jsonl"}).text.splitlines()
              for e in json.loads(line)["events"] if e["incident"] == inc]
    assert events and events[0]["place"]["country"] == "CU" and events[0]["place"]["geonames_id"] == cuba.geonames_id
    plover = json.loads(anon.get("/api/export", params={"format": "plover-json"}).text)
    loc = next(r for r in plover if r["id"] == f"protestwatch-{inc}")["event_loc"]
    assert loc["name"] == "Havana" and loc["country_code"] == "CU" and loc["cc3"] == "CUB"
    assert loc["geonameid"] == cuba.geonames_id and loc["admin1"] == cuba.admin1

    # The audit log has who, the re-geocoded fields with before and after, and the reason.
    entry = client.get("/api/audit", params={"incident_id": inc}).json()[0]
    changes = {c["field"]: (c["before"], c["after"]) for c in entry["changes"]}
    assert entry["user"] == "edna" and entry["action"] == "edit"
    assert changes["place.name"] == ("Miami", "Havana") and changes["place.country"] == ("US", "CU")
    assert "re-geocoded" in entry["note"] and "the march was in Havana" in entry["note"]


def test_the_same_name_resolves_in_each_articles_context(editor, anon):
    """"Alexandria" in a story of American activists and Virginia police is Virginia's; in a Kenyan
    story, which names no American place, the Egyptian city (the larger one)."""
    client, token = editor
    us = incident_of(anon, type="protest", q="Virginia")
    detail = patch(client, token, us, {"place.name": "Alexandria"}).json()
    assert field(detail, "place.country")["value"] == "US" and field(detail, "place.admin1")["value"] == "Virginia"
    # The venue stays, so the precision stays "venue".
    assert field(detail, "place.venue")["value"] == "city hall" and field(detail, "place.precision")["value"] == "venue"
    ke = incident_of(anon, type="protest", q="tax")
    other = patch(client, token, ke, {"place.name": "Alexandria"}).json()
    assert field(other, "place.country")["value"] == "EG"
    assert "US" in {a["country"] for a in other["edits"]["place.alternatives"]}
    patch(client, token, ke, revert=["place.name"])
    assert client.get(f"/api/incidents/{ke}").json()["edits"] == {}  # the machine's whole place is back
    # A name the gazetteer lacks keeps what was typed and drops the old coordinates, which belong elsewhere;
    # "a court, Minsk" takes the point of the place after its last comma.
    unknown = patch(client, token, us, {"place.name": "Nowhereville Xq"}).json()
    assert field(unknown, "place.name")["value"] == "Nowhereville Xq" and field(unknown, "place.lat")["value"] is None
    court = patch(client, token, us, {"place.name": "Frunzensky District Court, Minsk"}).json()
    assert field(court, "place.name")["value"] == "Frunzensky District Court, Minsk"
    assert field(court, "place.country")["value"] == "BY"


def test_candidates_are_offered_before_saving(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="detention", q="Malecon")
    before = client.get(f"/api/incidents/{inc}").json()["edits"]
    found = client.get(f"/api/incidents/{inc}/place-candidates", params={"name": "Havana"}).json()
    assert found[0]["country"] == "CU" and len(found) > 1 and "US" in {p["country"] for p in found[1:]}
    within = client.get(f"/api/incidents/{inc}/place-candidates", params={"name": "Havana", "country": "us"}).json()
    assert within and {p["country"] for p in within} == {"US"}
    assert client.get(f"/api/incidents/{inc}/place-candidates", params={"name": "Qxzvb Nowhere"}).json() == []
    assert client.get(f"/api/incidents/{inc}").json()["edits"] == before  # nothing saved
    assert anon.get(f"/api/incidents/{inc}/place-candidates", params={"name": "Havana"}).status_code == 401


def test_picking_another_candidate_moves_the_place(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="detention", q="Malecon")
    patch(client, token, inc, {"place.name": "Havana"})
    detail = client.get(f"/api/incidents/{inc}").json()
    other = next(a for a in detail["edits"]["place.alternatives"] if a["country"] == "US")
    picked = patch(client, token, inc, {"place.geonames_id": other["geonames_id"]}).json()
    assert field(picked, "place.country")["value"] == "US"
    assert field(picked, "place.admin1")["value"] == other["admin1"]
    assert field(picked, "place.lat")["value"] == pytest.approx(other["lat"])
    # Cuba's Havana is now among the alternatives, and picking it back restores it.
    cuba = havana_cuba()
    assert cuba.geonames_id in {a["geonames_id"] for a in picked["edits"]["place.alternatives"]}
    back = patch(client, token, inc, {"place.geonames_id": cuba.geonames_id}).json()
    assert field(back, "place.country")["value"] == "CU"
    # An id that is no candidate of the name is refused.
    bad = patch(client, token, inc, {"place.geonames_id": 1})
    assert bad.status_code == 422 and "not a candidate" in bad.json()["detail"]


def test_empty_value_clears_and_a_missing_field_changes_nothing(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="protest", q="tax")
    assert patch(client, token, inc, {"size.low": None}).status_code == 200
    detail = client.get(f"/api/incidents/{inc}").json()
    size = field(detail, "size.low")
    assert size["value"] is None and size["edited"] and size["machine"] == 200
    assert detail["edits"]["size.low"] is None
    # The form's empty text is a clear too; its field list is not touched by other fields' edits.
    form = client.post(f"/incidents/{inc}/edit", data={"csrf_token": token, "field": "claims", "value": ""},
                       follow_redirects=False)
    assert form.status_code == 303
    after = client.get(f"/api/incidents/{inc}").json()
    assert field(after, "claims")["value"] is None and after["edits"] == {"size.low": None, "claims": None}
    # A form without a value field submits nothing: refused, nothing stored.
    nothing = client.post(f"/incidents/{inc}/edit", data={"csrf_token": token, "field": "subtype"})
    assert nothing.status_code == 422 and client.get(f"/api/incidents/{inc}").json()["edits"] == after["edits"]
    # Exports show the clear: no crowd size in the CSV.
    rows = list(csv.DictReader(io.StringIO(anon.get("/api/export", params={"format": "acled-csv"}).text)))
    row = next(r for r in rows if r["pw_incident_id"] == str(inc))
    assert row["pw_size_low"] == "" and "size=" not in row["notes"] and "new tax" not in row["notes"]
    entry = client.get("/api/audit", params={"incident_id": inc}).json()[0]
    assert entry["changes"] == [{"field": "claims", "before": ["new tax"], "after": None}]
    # Revert brings the machine's value back, logged as such.
    reverted = patch(client, token, inc, revert=["size.low", "claims"]).json()
    assert field(reverted, "size.low")["value"] == 200 and reverted["edits"] == {}
    entry = client.get("/api/audit", params={"incident_id": inc}).json()[0]
    assert entry["action"] == "revert" and {c["field"]: c["after"] for c in entry["changes"]}["size.low"] == 200


def test_fine_amount_and_currency_are_edited_and_exported(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="sentence", q="fined")
    r = patch(client, token, inc, {"legal.sentence.amount": "1,450", "legal.sentence.currency": "byn"})
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(anon.get("/api/export", params={"format": "acled-csv"}).text)))
    row = next(r for r in rows if r["pw_incident_id"] == str(inc))
    assert row["pw_fine_amount"] == "1450" and row["pw_fine_currency"] == "BYN"
    assert "fined 1450 BYN" in row["notes"]
    geo = json.loads(anon.get("/api/export", params={"format": "geojson"}).text)
    props = next(f for f in geo["features"] if f["id"] == inc)["properties"]
    assert props["fine_amount"] == 1450 and props["fine_currency"] == "BYN"
    plover = json.loads(anon.get("/api/export", params={"format": "plover-json"}).text)
    record = next(r for r in plover if r["id"] == f"protestwatch-{inc}")
    assert record["fine_amount"] == 1450 and record["fine_currency"] == "BYN"
    events = [e for line in anon.get("/api/export", params={"format": "jsonl"}).text.splitlines()
              for e in json.loads(line)["events"] if e["incident"] == inc]
    assert events[0]["legal"]["sentence"] | {"amount": 1450, "currency": "BYN"} == events[0]["legal"]["sentence"]
    # A term brings its days along; a suspended flag and a charge's kind are fields too.
    r = patch(client, token, inc, {"legal.sentence.term": "P1Y6M", "legal.sentence.suspended": "yes",
                                   "legal.charges": "organising a picket; resisting police"})
    legal = r.json()["edits"]
    assert legal["legal.sentence.days"] == 545 and legal["legal.sentence.suspended"] is True
    assert legal["legal.charges"] == ["organising a picket", "resisting police"]


@pytest.mark.parametrize("changes, says", [
    ({"legal.sentence.currency": "XYZ"}, "ISO 4217"),
    ({"legal.sentence.currency": "rubles"}, "ISO 4217"),
    ({"legal.sentence.amount": "lots"}, "number"),
    ({"legal.sentence.amount": -5}, "at least"),
    ({"legal.sentence.amount": "inf"}, "finite"),
    ({"legal.sentence.amount": "nan"}, "finite"),
    ({"size.low": 2.5}, "whole number"),
    ({"size.low": "12 people"}, "whole number"),
    ({"place.geonames_id": 10**30}, "candidate"),
    ({"legal.sentence.term": "3 years"}, "ISO 8601 duration"),
    ({"legal.sentence.kind": "flogging"}, "custodial"),
    ({"legal.plea": "maybe"}, "not_guilty"),
    ({"modality": "rumoured"}, "asserted"),
    ({"scope": "criminal"}, "political"),
    ({"date.start": "03/02/2021"}, "ISO 8601 date"),
    ({"date.start": "2021-02-30"}, "calendar"),
    ({"date.precision": "hour"}, "day"),
    ({"place.country": "XX"}, "ISO 3166-1"),
    ({"place.lat": 123}, "between"),
    ({"subtype": "rally"}, "no subtype"),
    ({"type": ""}, "cannot be cleared"),
    ({"type": "riot"}, "protest"),
    ({"participants": [{"role": "protester", "name": "X", "kind": "person"}]}, "roles are"),
    ({"participants": "defendant: Ivan Petrov (robot)"}, "kind must be"),
    ({"article.text": "x"}, "cannot be edited"),
    ({"place.venue": "court\x00"}, "control characters"),
    ({"legal.charges": ["ok", "bad\x00"]}, "control characters"),
    ({"participants": [{"role": "defendant", "name": "A\x00"}]}, "control characters"),
    ({"date.text": "x" * 6000}, "longer than"),
    ({"size.low": 50, "size.high": 10}, "below size.low"),
    ({"date.start": "2021-03-02", "date.end": "2021-02-27"}, "before date.start"),
])
def test_bad_values_are_refused_with_the_reason(editor, anon, changes, says):
    client, token = editor
    inc = incident_of(anon, type="sentence", q="fined")
    before = client.get(f"/api/incidents/{inc}").json()["edits"]
    r = patch(client, token, inc, changes)
    assert r.status_code == 422 and says in r.json()["detail"], r.text
    assert client.get(f"/api/incidents/{inc}").json()["edits"] == before


def test_every_contract_field_is_editable(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="sentence", q="fined")
    earlier = client.get(f"/api/incidents/{inc}").json()["edits"]
    changes = {"modality": "alleged", "scope": "ordinary", "date.start": "2021-03", "date.end": "2021-03",
               "date.precision": "month", "date.text": "in March", "place.venue": "Leninsky District Court",
               "participants": "defendant: Ivan Petrov (person); court: Leninsky District Court (authority); "
                               "defendant: Olga Petrova",
               "size.text": "one", "size.low": 1, "size.high": 1, "claims": "", "sign_text": "",
               "legal.plea": "guilty", "legal.outcome": "guilty", "legal.sentence.kind": "fine",
               "legal.sentence.days": 0, "confidence": 0.95}
    r = patch(client, token, inc, changes)
    assert r.status_code == 200, r.text
    detail = r.json()
    assert field(detail, "participants")["value"][1] == {"role": "court", "name": "Leninsky District Court",
                                                           "kind": "authority", "entity": None}
    assert field(detail, "date.start")["value"] == "2021-03" and field(detail, "modality")["value"] == "alleged"
    # The people named follow the edit; one already linked keeps the link to their page.
    persons = {p["name"]: p for p in detail["persons"]}
    assert list(persons) == ["Ivan Petrov", "Olga Petrova"] and persons["Ivan Petrov"]["id"] is not None
    # The scope edit moves it out of the default (political) views, into the ordinary ones.
    assert inc not in [i["incident_id"] for i in anon.get("/api/events").json()["items"]]
    assert inc in [i["incident_id"] for i in anon.get("/api/events", params={"scope": "ordinary"}).json()["items"]]
    # A type change brings its crosswalk (the ACLED export reads it) and drops a subtype it lacks.
    patch(client, token, inc, {"type": "detention", "subtype": "arrest"})
    rows = list(csv.DictReader(io.StringIO(anon.get("/api/export", params={"format": "acled-csv",
                                                                           "scope": "all"}).text)))
    row = next((r for r in rows if r["pw_incident_id"] == str(inc)), None)
    assert row is None or row["pw_type"] == "detention"  # alleged events stay out of the fact export
    edited = client.get(f"/api/incidents/{inc}").json()
    assert edited["type"] == "detention" and edited["edits"]["crosswalk"]["acled"]["sub_event_type"] == "Arrests"
    patch(client, token, inc, revert=list(changes) + ["type", "subtype"])
    restored = client.get(f"/api/incidents/{inc}").json()
    earlier.pop("legal.sentence.days", None)  # reverted with the rest: the machine's (none) is back
    assert restored["edits"] == earlier and restored["type"] == "sentence"


def test_edits_need_an_editor_and_the_csrf_header(review_app, anon):
    from fastapi.testclient import TestClient
    inc = incident_of(anon, type="protest", q="tax")
    assert anon.patch(f"/api/incidents/{inc}", json={"changes": {"size.low": 1}}).status_code == 401
    with TestClient(review_app) as viewer:
        token = login(viewer, "vic")
        assert patch(viewer, token, inc, {"size.low": 1}).status_code == 403
    with TestClient(review_app) as ed:
        token = login(ed, "edna")
        assert ed.patch(f"/api/incidents/{inc}", json={"changes": {"size.low": 1}}).status_code == 403
        assert patch(ed, "x" * 43, inc, {"size.low": 1}).status_code == 403
        assert patch(ed, token, 10**9, {"size.low": 1}).status_code == 404
    assert anon.get(f"/api/incidents/{inc}").json()["edits"] == {}


def test_restricted_incident_edits_stay_hidden_from_the_public(editor, anon):
    client, token = editor
    hidden = client.get("/api/events", params={"q": "Informant"}).json()["items"]
    assert len(hidden) == 1 and hidden[0]["restricted"]
    inc = hidden[0]["incident_id"]
    assert patch(client, token, inc, {"place.name": "Astana"}).json()["fields"]
    assert anon.get(f"/api/incidents/{inc}").status_code == 404
    assert anon.get(f"/incidents/{inc}").status_code == 404
    assert anon.get("/api/audit").status_code in (401, 403)
    for fmt in ("jsonl", "geojson", "acled-csv", "plover-json"):
        body = anon.get("/api/export", params={"format": fmt, "scope": "all"}).text
        assert "Astana" not in body and "Informant" not in body
    assert all(f["id"] != inc for f in anon.get("/api/map").json()["features"])


def test_serve_does_not_reach_back_into_normalize():
    """The pipeline is one-way: the web app geocodes through protestwatch.gazetteer, below both."""
    import ast
    from pathlib import Path

    import protestwatch
    for path in (Path(protestwatch.__file__).parent / "serve").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                assert "normalize" not in module and "extract" not in module, (path, module)


def test_person_filter_follows_edited_participants(editor, anon):
    client, token = editor
    inc = incident_of(anon, type="sentence", q="fined")
    ids = lambda **p: [i["incident_id"] for i in anon.get("/api/events", params={"scope": "all", **p}).json()["items"]]  # noqa: E731
    assert inc not in ids(person="Olga Petrova")
    before = client.get(f"/api/incidents/{inc}").json()
    extracted = next(p["name"] for p in before["persons"])
    assert inc in ids(person=extracted)
    case_id = next(p["case_id"] for p in before["persons"] if p["name"] == extracted)
    steps = lambda: [s["incident_id"] for s in anon.get(f"/api/cases/{case_id}").json().get("stages", [])]  # noqa: E731
    assert case_id is not None and inc in steps()
    r = patch(client, token, inc, {"participants": "defendant: Olga Petrova"})
    assert r.status_code == 200, r.text
    assert inc in ids(person="Olga Petrova") and inc in ids(person="Olga Petrowa")  # a spelling variant
    assert inc not in ids(person=extracted)  # the reviewer took them out
    assert inc not in steps()  # and out of their case's page
    patch(client, token, inc, revert=["participants"])
    assert inc in ids(person=extracted) and inc not in ids(person="Olga Petrova") and inc in steps()
