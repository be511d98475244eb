"""Exports: ACLED CSV columns and codes, PLOVER fields, RFC 7946 GeoJSON, JSONL Results;
restricted records stay out unless asked for."""
from __future__ import annotations

import csv
import io
import json

import pytest

from protestwatch.export import write_export
from protestwatch.export.acled import ACLED_COLUMNS
from protestwatch.records import Result
from protestwatch.store import repo, session_scope


@pytest.fixture
def stored(engine, make_result):
    text = "Serik Azhibai held a solo picket outside the Chinese consulate in Almaty. Police detained him."
    picket = {"type": "protest", "subtype": "solo_picket", "date": {"start": "2020-08-03", "precision": "day"},
              "place": {"name": "Almaty", "venue": "Chinese consulate", "country": "KZ", "lat": 43.25, "lon": 76.92,
                        "precision": "venue"},
              "participants": [{"role": "protester", "name": "Serik Azhibai", "kind": "person"}],
              "size": {"low": 1, "high": 1}, "claims": ["Zhang Xiao"]}
    detention = {"type": "detention", "date": {"start": "2020-08", "precision": "month"},
                 "place": {"name": "Almaty", "country": "KZ", "precision": "city"},
                 "participants": [{"role": "detainee", "name": "Serik Azhibai", "kind": "person"},
                                  {"role": "authority", "name": "police", "kind": "authority"}]}
    secret = {"type": "detention", "date": {"start": "2020-09-01", "precision": "day"},
              "place": {"name": "Minsk", "country": "BY"},
              "participants": [{"role": "detainee", "name": "Hidden Person", "kind": "person"}]}
    with session_scope(engine) as s:
        repo.save_result(s, make_result(text, [picket, detention], url="https://example.org/a"))
        repo.save_result(s, make_result("Hidden Person was detained in Minsk.", [secret]))
        repo.link_pending(s)
        hidden = repo.query_incidents(s, country="BY")[0]
        repo.set_restricted(s, "incident", hidden.id, user="admin")
    return engine


def _export(engine, fmt, **kw) -> str:
    out = io.StringIO()
    with session_scope(engine, write=False) as s:
        write_export(s, fmt, out, **kw)
    return out.getvalue()


def test_acled_csv_columns_and_codes(stored):
    rows = list(csv.DictReader(io.StringIO(_export(stored, "acled-csv"))))
    header = next(csv.reader(io.StringIO(_export(stored, "acled-csv"))))
    assert tuple(header[:len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert all(h.startswith("pw_") for h in header[len(ACLED_COLUMNS):])
    assert len(rows) == 2  # the restricted incident is left out
    protest = next(r for r in rows if r["pw_type"] == "protest")
    assert protest["event_type"] == "Protests" and protest["sub_event_type"] == "Peaceful protest"
    assert protest["disorder_type"] == "Demonstrations"
    assert protest["inter1"] == "6" and protest["interaction"] == "60"
    assert protest["iso"] == "398" and protest["country"] == "Kazakhstan"
    assert protest["region"] == "Caucasus and Central Asia"
    assert protest["event_id_cnty"].startswith("KAZ") and protest["time_precision"] == "1"
    assert protest["latitude"] == "43.25" and protest["geo_precision"] == "1"
    assert protest["fatalities"] == ""  # unknown, not zero
    detention = next(r for r in rows if r["pw_type"] == "detention")
    assert detention["sub_event_type"] == "Arrests" and detention["time_precision"] == "3"
    assert detention["interaction"] == "17" and detention["assoc_actor_2"] == "Serik Azhibai"
    assert len(_export(stored, "acled-csv", include_restricted=True).splitlines()) == 4


def test_plover_json_fields(stored):
    records = json.loads(_export(stored, "plover-json"))
    protest = next(r for r in records if r["event"] == ["PROTEST"])
    assert protest["mode"] == ["demo"] and protest["date"] == "2020-08-03"
    assert protest["source"] == [{"actor_text": "Serik Azhibai", "sector": "OPP"}]
    assert protest["event_loc"]["name"] == "Almaty" and protest["event_loc"]["latitude"] == 43.25
    assert protest["claims"] == ["Zhang Xiao"] and protest["context"] == ["political"]
    assert {"id", "text", "event_text", "coder", "coded_date", "cite_info", "comment"} <= set(protest)
    assert not {"target", "eventText", "eventLoc", "dateCoded"} & set(protest)  # the 2016 names are gone
    detention = next(r for r in records if r["event"] == ["COERCE"])
    assert detention["mode"] == ["arrest"] and detention["date"] == "2020-08-01"
    assert detention["date_precision"] == "month"
    assert detention["recipient"] == [{"actor_text": "Serik Azhibai"}]


def test_geojson_is_rfc7946(stored):
    doc = json.loads(_export(stored, "geojson"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == 2
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
    point = next(f for f in doc["features"] if f["geometry"])
    assert point["geometry"]["coordinates"] == [76.92, 43.25]  # longitude first


def test_jsonl_round_trips_the_contract(stored):
    lines = _export(stored, "jsonl").splitlines()
    assert len(lines) == 1  # the article of the restricted incident is still public, its report is not
    doc = json.loads(lines[0])
    incident_ids = [e.pop("incident") for e in doc["events"]]
    assert all(incident_ids)
    Result.model_validate(doc)
