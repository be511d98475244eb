"""Restricted records (issue 15, leaks 1-6), each through the path that leaked, over a real SQLite
store built by `restricted_data.build` (restrictions first, later reports linked after)."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from .restricted_data import PUBLIC, R2, S, SECRETS, T, csrf, login, make_app, report_of, role_clients


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("restricted"))


@pytest.fixture(scope="module")
def clients(world):
    with role_clients(world[0]) as out:
        yield out


FORMATS = ("jsonl", "geojson", "acled-csv", "plover-json")


def public_clients(clients):
    return [clients["anonymous"], clients["vi"]]


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


def exports(client, **params) -> dict[str, str]:
    return {fmt: client.get("/api/export", params={"format": fmt, **params}).text for fmt in FORMATS}


def test_public_part_is_served(clients, world):
    _, sc = world
    for c in public_clients(clients):
        body = json.dumps(c.get("/api/events", params={"per_page": 500}).json())
        for name in PUBLIC:
            assert name in body
        assert_clean(body, "/api/events")
        for fmt, text in exports(c).items():
            assert_clean(text, fmt)
            assert "Public Paula" in text, fmt


def test_person_pages_of_people_only_in_restricted_reports_are_not_found(clients, world):
    """Leak 1: /persons/<id> of someone named only in restricted reports; ids are enumerable."""
    _, sc = world
    only_restricted = ("Secret Witness", "Hidden Hanna", "Shared Secret", "Merged Mira", "Case Carla")
    for c in public_clients(clients):
        for entity_id in range(1, max(sc.entities.values()) + 3):
            r = c.get(f"/persons/{entity_id}")
            assert r.status_code in (200, 404)
            assert_clean(r.text, f"/persons/{entity_id}")
        for name in only_restricted:
            assert c.get(f"/persons/{sc.entities[name]}").status_code == 404, name
        assert "Marat Mixed" in c.get(f"/persons/{sc.entities['Marat Mixed']}").text
    editor = clients["ed"].get(f"/persons/{sc.entities['Secret Witness']}")
    assert editor.status_code == 200 and "Secret Witness" in editor.text


def test_cases_whose_steps_are_restricted_are_not_found(clients, world):
    """Leak 2: /api/cases/<id> gave the name and stage of a case whose steps are restricted."""
    _, sc = world
    for c in public_clients(clients):
        for name in ("Hidden Hanna", "Secret Witness", "Case Carla", "Shared Secret"):
            assert c.get(f"/api/cases/{sc.cases[name]}").status_code == 404, name
        marat = c.get(f"/api/cases/{sc.cases['Marat Mixed']}").json()
        # The detention is restricted: neither its step nor its stage shows.
        assert [s["type"] for s in marat["stages"]] == ["protest"] and marat["stage"] == "protest"
        assert "ZEBRA8" not in json.dumps(marat)
        for case_id in range(1, max(sc.cases.values()) + 3):
            assert_clean(c.get(f"/api/cases/{case_id}").text, f"/api/cases/{case_id}")
        # No list links to a case the public cannot open.
        for item in c.get("/api/events", params={"per_page": 500}).json()["items"]:
            for p in item["persons"]:
                if p["case_id"] is not None:
                    assert c.get(f"/api/cases/{p['case_id']}").status_code == 200
    hanna = clients["ed"].get(f"/api/cases/{sc.cases['Hidden Hanna']}").json()
    assert [s["type"] for s in hanna["stages"]] == ["detention", "charge"]


def test_reports_linked_or_merged_into_restricted_incidents_are_restricted(clients, world):
    """Leak 3: a report linked after the restriction (link_pending), and a merge with a restricted
    incident, stayed public; the JSONL export then gave the participants and the text."""
    app, sc = world
    assert sc.ids["later"] == sc.ids["detention"]
    for c in public_clients(clients):
        for inc in (sc.ids["detention"], sc.ids["merged"], sc.ids["pavel"]):
            assert c.get(f"/api/incidents/{inc}").status_code == 404
            assert c.get(f"/incidents/{inc}").status_code == 404
        for fmt, text in exports(c).items():
            assert "ZEBRA2" not in text and "Secret Witness" not in text and "Merged Mira" not in text, fmt
    from protestwatch.export import write_export
    from protestwatch.store import session_scope
    out = io.StringIO()
    with session_scope(app.state.engine, write=False) as db:  # the CLI's export path
        write_export(db, "jsonl", out)
    assert_clean(out.getvalue(), "CLI jsonl export")
    editor = clients["ed"].get(f"/api/incidents/{sc.ids['detention']}").json()
    assert R2 in [r["article"]["text"] for r in editor["reports"]] and editor["restricted"]


def test_article_shared_with_a_restricted_incident_never_shows(clients, world):
    """Leak 4: restricting one incident left its article public through the article's other incident."""
    _, sc = world
    rally = sc.ids["rally"]
    for c in public_clients(clients):
        assert c.get(f"/api/incidents/{rally}").status_code == 404
        for fmt, text in exports(c).items():
            assert "ZEBRA3" not in text and "secret.example" not in text and "Shared Secret" not in text, fmt
        assert "ZEBRA3" not in c.get("/events", params={"q": "parliament"}).text
        assert "Shared Secret" not in json.dumps(c.get("/api/map").json())
    why = clients["ed"].get(f"/api/incidents/{rally}").json()["restricted_because"]
    assert any("split report" in line for line in why)


def test_splitting_the_shared_report_off_publishes_the_rest(tmp_path):
    """Leak 4, the way out: an editor splits the shared article's report off; the rally is public
    again from the other outlet alone, and the shared article still never shows."""
    from fastapi.testclient import TestClient
    app, sc = make_app(tmp_path)
    from protestwatch.store import session_scope
    with session_scope(app.state.engine, write=False) as db:
        shared = report_of(db, S, "ev2")
    with TestClient(app) as anon, TestClient(app) as ed:
        login(ed, "ed")
        r = ed.post(f"/incidents/{sc.ids['rally']}/split", data={"csrf_token": csrf(ed), "report": str(shared)},
                    follow_redirects=False)
        assert r.status_code == 303
        rally = anon.get(f"/api/incidents/{sc.ids['rally']}").json()
        assert [rep["article"]["text"] for rep in rally["reports"]] == [T]
        for fmt, text in exports(anon).items():
            assert "ZEBRA3" not in text and "secret.example" not in text, fmt
        assert "foreign agents bill" in exports(anon)["jsonl"]


def test_jsonl_export_honours_filters_and_review_state(clients):
    """Leak 5: the JSONL export ignored the filters and exported rejected incidents."""
    for c in [*public_clients(clients), clients["ed"]]:
        kenya = [json.loads(line) for line in c.get("/api/export", params={"format": "jsonl", "country": "KE"}).text.splitlines()]
        assert [d["article"]["title"] for d in kenya] == ["March in Nairobi"]
        assert all(e["place"]["country"] == "KE" for d in kenya for e in d["events"])
        assert c.get("/api/export", params={"format": "jsonl", "country": "NO"}).text == ""  # rejected
        everything = c.get("/api/export", params={"format": "jsonl"}).text
        assert "Rejected Rolf" not in everything and "RHINO1" not in everything
        person = c.get("/api/export", params={"format": "jsonl", "person": "Public Pete"}).text.splitlines()
        assert len(person) == 1 and "Public Pete" in person[0]


def test_lifting_a_restriction_lifts_it_consistently(clients, world):
    """Leak 6: lifting left the reports restricted while the incident showed their participants."""
    _, sc = world
    lena = sc.ids["lena"]
    for c in public_clients(clients):
        detail = c.get(f"/api/incidents/{lena}").json()
        assert detail["reports"] and "Lifted Lena" in detail["reports"][0]["article"]["text"]
        assert [p["name"] for p in detail["persons"]] == ["Lifted Lena"]
        assert c.get(f"/persons/{sc.entities['Lifted Lena']}").status_code == 200
        assert "Lifted Lena" in c.get("/api/export", params={"format": "jsonl"}).text


def test_restrict_and_lift_through_the_review_form(tmp_path):
    """Restrict a public incident with the editor's form: every public path drops it at once
    (list, page, person, case, exports); lifting brings all of it back."""
    from fastapi.testclient import TestClient
    app, sc = make_app(tmp_path)
    paula = sc.ids["paula"]
    with TestClient(app) as anon, TestClient(app) as ed:
        login(ed, "ed")

        def public_text() -> str:
            parts = [anon.get("/api/events", params={"per_page": 500}).text, anon.get(f"/api/incidents/{paula}").text,
                     anon.get(f"/persons/{sc.entities['Public Paula']}").text,
                     anon.get(f"/api/cases/{sc.cases['Public Paula']}").text, *exports(anon).values()]
            return "\n".join(parts)

        assert "Public Paula" in public_text()
        ed.post(f"/incidents/{paula}/restrict", data={"csrf_token": csrf(ed), "restricted": "1"})
        assert "Public Paula" not in public_text() and "Nairobi" not in public_text()
        ed.post(f"/incidents/{paula}/restrict", data={"csrf_token": csrf(ed), "restricted": "0"})
        text = public_text()
        assert text.count("Public Paula") >= 6


def test_acled_csv_cells_cannot_run_as_formulas(tmp_path):
    """CSV injection: a source or a name starting with = + - @ reaches the CSV with an apostrophe."""
    from protestwatch.export import write_export
    from protestwatch.records import DateValue, Event, Participant, Place
    from protestwatch.store import open_db, repo, session_scope

    from .fixtures_data import art, ev, result
    text = "LIMA — Hundreds marched in Lima on May 3, led by =HYPERLINK(\"http://x\") and others."
    engine = open_db(str(tmp_path / "csv.db"))
    event = Event(id="ev1", type="protest", date=DateValue(start="2022-05-03", precision="day"),
                  place=Place(name="@Lima", country="PE", lat=-12.05, lon=-77.04, precision="city"),
                  participants=(Participant(role="protester", name="=HYPERLINK(\"http://x\")", kind="person"),
                                Participant(role="organizer", name="+cmd|' /C calc'!A0", kind="group")),
                  evidence=(ev(text, "type", "marched"),))
    with session_scope(engine) as db:
        repo.save_result(db, result(art(text, "-2+3", "2022-05-04", source="=HYPERLINK(\"http://evil\")",
                                        url="https://news.example/csv"), event))
        repo.link_pending(db)
    out = io.StringIO()
    with session_scope(engine, write=False) as db:
        write_export(db, "acled-csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    for value in row.values():
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            continue  # numbers stay numbers
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert row["source"] == "'=HYPERLINK(\"http://evil\")" and row["location"] == "'@Lima"
    assert row["assoc_actor_1"].startswith("'=HYPERLINK") and row["longitude"] == "-77.04"
