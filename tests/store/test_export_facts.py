"""Every export carries the legal facts (term, days, fine, charges), modality and scope; ACLED rows
are facts only by default; PLOVER JSONL; the CLI's `events` and `export` filter like the web app."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from protestwatch.cli import _load_commands, app
from protestwatch.export import write_export
from protestwatch.store import repo, session_scope

_load_commands()

TEXT = ("Aigul Nurova was sentenced to 15 days in jail and fined 50,000 tenge for an unsanctioned rally. "
        "Activists plan to march in Astana next week.")


def _span(word: str) -> dict:
    start = TEXT.index(word)
    return {"field": "type", "start": start, "end": start + len(word)}


@pytest.fixture
def legal_store(engine, make_result):
    sentence = {"type": "sentence", "date": {"start": "2021-03-02", "precision": "day"},
                "place": {"name": "Almaty", "country": "KZ", "lat": 43.25, "lon": 76.92, "precision": "city"},
                "participants": [{"role": "defendant", "name": "Aigul Nurova", "kind": "person"},
                                 {"role": "court", "name": "Almaty court", "kind": "authority"}],
                "legal": {"charges": ["unsanctioned rally"],
                          "sentence": {"kind": "custodial", "term": "15 days", "days": 15}},
                "evidence": [_span("sentenced")]}
    fine = {"type": "sentence", "date": {"start": "2021-03-02", "precision": "day"},
            "place": {"name": "Almaty", "country": "KZ", "lat": 43.25, "lon": 76.92, "precision": "city"},
            "participants": [{"role": "defendant", "name": "Aigul Nurova", "kind": "person"}],
            "legal": {"charges": ["unsanctioned rally"],
                      "sentence": {"kind": "fine", "amount": 50000, "currency": "KZT"}},
            "evidence": [_span("fined")]}
    planned = {"type": "protest", "subtype": "march", "modality": "planned",
               "place": {"name": "Astana", "country": "KZ", "lat": 51.18, "lon": 71.45, "precision": "city"},
               "participants": [{"role": "protester", "name": "Activists", "kind": "group"}],
               "evidence": [_span("march")]}
    with session_scope(engine) as s:
        repo.save_result(s, make_result(TEXT, [sentence, fine, planned], url="https://example.org/k"))
        repo.link_pending(s)
    return engine


def _export(engine, fmt, **kw) -> str:
    out = io.StringIO()
    with session_scope(engine, write=False) as s:
        write_export(s, fmt, out, **kw)
    return out.getvalue()


def test_acled_carries_the_legal_facts_and_keeps_to_facts(legal_store):
    rows = list(csv.DictReader(io.StringIO(_export(legal_store, "acled-csv"))))
    assert {r["pw_modality"] for r in rows} == {"asserted"}  # the planned march is no ACLED event
    assert all(r["event_date"] for r in rows)
    jail = next(r for r in rows if r["pw_sentence_term"])
    assert (jail["pw_sentence_days"], jail["pw_charges"], jail["pw_scope"]) == ("15", "unsanctioned rally", "political")
    assert "sentenced to 15 days" in jail["notes"] and "charged with unsanctioned rally" in jail["notes"]
    fined = next(r for r in rows if r["pw_fine_amount"])
    assert (float(fined["pw_fine_amount"]), fined["pw_fine_currency"]) == (50000.0, "KZT")
    assert "fined 50000 KZT" in fined["notes"]
    everything = list(csv.DictReader(io.StringIO(_export(
        legal_store, "acled-csv", filters=repo.EventFilter(modality=("asserted", "alleged", "planned"))))))
    assert len(everything) == len(rows) + 1
    assert next(r for r in everything if r["pw_modality"] == "planned")["pw_type"] == "protest"


def test_plover_and_geojson_carry_the_legal_facts_and_modality(legal_store):
    records = [json.loads(line) for line in _export(legal_store, "plover-jsonl").splitlines()]
    assert len(records) == 3 and json.loads(_export(legal_store, "plover-json")) == records
    jail = next(r for r in records if r.get("sentence_days"))
    assert jail["event"] == ["COERCE"] and jail["charges"] == ["unsanctioned rally"]
    assert jail["event_text"] == ["sentenced"] and jail["text"].startswith("Aigul Nurova was sentenced")
    assert jail["recipient"] == [{"actor_text": "Aigul Nurova"}] and jail["source"][0]["sector"] == "JUD"
    march = next(r for r in records if r["event"] == ["PROTEST"])
    assert march["modality"] == "planned" and "future" in march["context"] and "date" not in march
    features = json.loads(_export(legal_store, "geojson"))["features"]
    fined = next(f["properties"] for f in features if f["properties"]["fine_amount"])
    assert (fined["fine_amount"], fined["fine_currency"], fined["modality"], fined["scope"]) == (50000, "KZT", "asserted", "political")
    assert next(f["properties"] for f in features if f["properties"]["sentence_term"])["sentence_days"] == 15


def test_cli_events_and_export_take_the_web_filters(legal_store, tmp_path):
    db = legal_store.url.render_as_string(hide_password=False)
    runner = CliRunner()
    res = runner.invoke(app, ["events", "--db", db, "--format", "json", "--modality", "planned"])
    assert res.exit_code == 0, res.output
    assert [e["type"] for e in json.loads(res.stdout)] == ["protest"]
    res = runner.invoke(app, ["events", "--db", db, "--format", "json", "--type", "sentence",
                              "--scope", "political", "--review-state", "pending", "--person", "Nurova"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)) == 2
    out = tmp_path / "k.jsonl"
    res = runner.invoke(app, ["export", "--db", db, "--format", "plover-jsonl", "-o", str(out),
                              "--type", "sentence", "--since", "2021-03", "--country", "KZ"])
    assert res.exit_code == 0, res.output
    assert len(out.read_text().splitlines()) == 2
    res = runner.invoke(app, ["export", "--db", db, "--format", "acled-csv", "--modality", "all"])
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 1 + 3
    res = runner.invoke(app, ["export", "--db", db, "--format", "geojson", "--scope", "ordinary"])
    assert res.exit_code == 0 and json.loads(res.stdout)["features"] == []


def test_acled_geo_precision_follows_the_codebook(engine, make_result):
    from protestwatch.gazetteer import load_gazetteer
    text = "Uyghurs are held in internment camps in Xinjiang. Police detained a man in Urumqi."
    camps = {"type": "detention", "subtype": "internment", "date": {"start": "2019", "precision": "year"},
             "place": load_gazetteer().lookup("Xinjiang").model_dump(exclude_none=True, exclude={"alternatives"}),
             "participants": [{"role": "detainee", "name": "Uyghurs", "kind": "group"}]}
    city = {"type": "detention", "date": {"start": "2019-05-01", "precision": "day"},
            "place": load_gazetteer().lookup("Urumqi").model_dump(exclude_none=True, exclude={"alternatives"}),
            "participants": [{"role": "detainee", "name": "a man", "kind": "person"}]}
    with session_scope(engine) as s:
        repo.save_result(s, make_result(text, [camps, city]))
        repo.link_pending(s)
    out = io.StringIO()
    with session_scope(engine, write=False) as s:
        write_export(s, "acled-csv", out)
    rows = {r["location"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["Xinjiang"]["geo_precision"] == "3" and rows["Xinjiang"]["latitude"]  # a province: 3
    assert rows["Ürümqi"]["geo_precision"] == "1"


SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"


def test_the_seed_internment_camps_reach_the_map(engine):
    """The seed's camps "in Xinjiang" (a region named alone) export with a point, not geometry null."""
    if not (SEED / "article.txt").exists():
        pytest.skip(f"no seed article at {SEED}")
    import protestwatch
    result = protestwatch.extract((SEED / "article.txt").read_text("utf-8"), published="2021-02-10")
    with session_scope(engine) as s:
        repo.save_result(s, result)
        repo.link_pending(s)
    features = json.loads(_export(engine, "geojson"))["features"]
    xinjiang = [f for f in features if f["properties"]["place"] == "Xinjiang"]
    assert xinjiang, [f["properties"]["place"] for f in features]
    rows = list(csv.DictReader(io.StringIO(_export(engine, "acled-csv"))))
    assert {r["geo_precision"] for r in rows if r["location"] == "Xinjiang"} == {"3"}
    for f in xinjiang:
        assert f["properties"]["point_precision"] == "admin1" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert 35 < lat < 49 and 73 < lon < 96
